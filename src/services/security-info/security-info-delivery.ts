/**
 * Security-info codes and change notices. Codes go only to an address or number already stored for the user
 * (never one taken from a request), within the tenant's daily caps (against SMS pumping). Everything is queued in
 * the transaction of the change that causes it and sent by the delivery worker; a message the channel refuses for
 * good is dropped and audited there.
 */
import { escapeHtml } from '../../core/html.js';
import type { Tenant, User } from '../../core/model.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import type { StoreRepositories } from '../../core/ports.js';
import { enqueueMessage } from '../delivery/message-queue.js';
import type { SecurityInfoType } from '../../core/methods/records.js';
import { createSendCaps, defaultSecurityInfoSettings, settingsOf } from '../delivery/send-caps.js';
import { createSmsNotices } from '../delivery/sms-notices.js';

// The caps live with delivery, shared with the reset flow; re-exported for the security-info services.
export { defaultSecurityInfoSettings, settingsOf };

export type Destination = { channel: 'email'; to: string } | { channel: 'sms'; to: string };

const emailBodies = (locale: Locale, params: Record<string, string>) => {
  const heading = escapeHtml(translate(locale, 'securityInfo.emailCode.heading', params));
  const intro = escapeHtml(translate(locale, 'securityInfo.emailCode.intro', params));
  const expiry = escapeHtml(translate(locale, 'securityInfo.emailCode.expiry', params));
  return {
    text: translate(locale, 'securityInfo.emailCode.text', params),
    html:
      `<!doctype html><html lang="${locale}"><body><h1>${heading}</h1><p>${intro}</p>` +
      `<p style="font-size:1.5em;font-family:monospace;letter-spacing:0.2em"><strong>${escapeHtml(params.code ?? '')}</strong></p><p>${expiry}</p></body></html>`,
  };
};

export interface SendCodeInput {
  tenant: Tenant;
  user: User;
  destination: Destination;
  code: string;
  purpose: 'register' | 'step-up';
  locale: Locale;
  ipAddress: string | null;
}

export const createCodeDelivery = (deps: ServiceDeps) => {
  const caps = createSendCaps(deps);
  const smsNotices = createSmsNotices(deps);

  return {
    /** Counts the send against the daily caps in the caller's transaction; false: SEND_LIMIT_REACHED. */
    allow: (
      store: StoreRepositories,
      input: Pick<SendCodeInput, 'tenant' | 'user' | 'destination' | 'ipAddress'>,
    ): Promise<boolean> =>
      caps.allow(
        {
          tenantId: input.tenant.tenantId,
          userId: input.user.userId,
          to: input.destination.to,
          channel: input.destination.channel,
          ip: input.ipAddress,
        },
        store,
      ),

    /**
     * Queues the code through the transaction that stores it (issue #13 item 2): the delivery worker sends it, and
     * drops (and audits) it if the code expires first or the channel refuses it for good.
     */
    async queueCode(store: StoreRepositories, input: SendCodeInput & { expiresAt: string }): Promise<void> {
      const params = { tenant: input.tenant.name, upn: input.user.upn, code: input.code };
      const envelope = {
        tenantId: input.tenant.tenantId,
        to: input.destination.to,
        purpose: `security-info-${input.purpose}`,
        userId: input.user.userId,
        expiresAt: input.expiresAt,
      };
      if (input.destination.channel === 'email') {
        const subject =
          input.purpose === 'register' ? 'securityInfo.emailCode.subject' : 'securityInfo.stepUpCode.subject';
        await enqueueMessage(deps, store, {
          ...envelope,
          channel: 'email',
          subject: translate(input.locale, subject, params),
          ...emailBodies(input.locale, params),
        });
      } else {
        const text = input.purpose === 'register' ? 'securityInfo.smsCode.text' : 'securityInfo.stepUpCode.text';
        await enqueueMessage(deps, store, { ...envelope, channel: 'sms', text: translate(input.locale, text, params) });
      }
    },

    /** Tells a former address or number that it no longer guards the account; queued with the change. */
    async queueRemoved(
      store: StoreRepositories,
      tenant: Tenant,
      user: User,
      destination: Destination,
      kind: SecurityInfoType,
      locale: Locale,
    ): Promise<void> {
      const time = deps.clock.now().toISOString().slice(0, 16).replace('T', ' ');
      const params = {
        tenant: tenant.name,
        name: user.displayName,
        upn: user.upn,
        time,
        what: translate(locale, `securityInfo.kind.${kind}`),
        method: destination.to,
      };
      const envelope = { tenantId: tenant.tenantId, to: destination.to, purpose: 'notice', userId: user.userId };
      await enqueueMessage(
        deps,
        store,
        destination.channel === 'email'
          ? {
              ...envelope,
              channel: 'email',
              subject: translate(locale, 'securityInfo.changed.subject', params),
              text: translate(locale, 'securityInfo.changed.text', params),
            }
          : { ...envelope, channel: 'sms', text: translate(locale, 'securityInfo.changed.sms', params) },
      );
    },

    /**
     * Tells the user's addresses that a method was added (checklist §11 row 16, NIST 800-63B §4.6): a new method
     * someone else registered is how a takeover starts, so every mailbox on file hears of it, not only the new one,
     * and every verified mobile number by SMS (`sms-notices.ts`; `skip` the number just added). Queued with the
     * change, as the removal notice.
     */
    async queueAdded(
      store: StoreRepositories,
      tenant: Tenant,
      user: User,
      recipients: string[],
      kind: SecurityInfoType,
      locale: Locale,
      sms: { skip?: ReadonlyArray<string | null>; ip?: string | null } = {},
    ) {
      const params = {
        tenant: tenant.name,
        name: user.displayName,
        upn: user.upn,
        time: deps.clock.now().toISOString().slice(0, 16).replace('T', ' '),
        what: translate(locale, `securityInfo.kind.${kind}`),
      };
      for (const to of recipients)
        await enqueueMessage(deps, store, {
          channel: 'email',
          tenantId: tenant.tenantId,
          to,
          purpose: 'notice',
          userId: user.userId,
          subject: translate(locale, 'securityInfo.added.subject', params),
          text: translate(locale, 'securityInfo.added.text', params),
        });
      await smsNotices.queue(store, { tenant, user, event: 'added', locale, what: params.what, ...sms });
    },
  };
};

export type CodeDelivery = ReturnType<typeof createCodeDelivery>;
