/**
 * Sending security-info codes and change notices through the channels. Codes go only to an
 * address or number already stored for the user (never one taken from a request), within the
 * tenant's daily caps (against SMS pumping); a channel that rejects is audited and answered
 * DELIVERY_FAILED.
 */
import { escapeHtml } from '../../core/html.js';
import type { Tenant, User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import type { SecurityInfoType } from '../../core/methods/records.js';
import { createSendCaps, defaultSecurityInfoSettings, settingsOf } from '../delivery/send-caps.js';

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

  const deliveryFailed = async (input: SendCodeInput, error: unknown) => {
    await recordAudit(deps, deps.store, {
      tenantId: input.tenant.tenantId,
      activity: 'userRegisteredSecurityInfo',
      result: 'failure',
      resultReason: 'DELIVERY_FAILED',
      actor: { type: 'user', id: input.user.userId, upn: input.user.upn },
      target: { type: 'user', id: input.user.userId, name: input.user.upn },
      ipAddress: input.ipAddress,
      // The provider's text stays out of the audit (it may carry the number); only its kind.
      details: {
        channel: input.destination.channel,
        purpose: input.purpose,
        error: error instanceof Error ? error.name : 'unknown',
      },
    });
  };

  return {
    async sendCode(input: SendCodeInput): Promise<Result<void>> {
      if (!(await caps.allow(input.tenant.tenantId, input.user.userId, input.destination.to)))
        return failure('SEND_LIMIT_REACHED');
      const params = { tenant: input.tenant.name, upn: input.user.upn, code: input.code };
      try {
        if (input.destination.channel === 'email') {
          const subject =
            input.purpose === 'register' ? 'securityInfo.emailCode.subject' : 'securityInfo.stepUpCode.subject';
          await deps.email.send({
            tenantId: input.tenant.tenantId,
            to: input.destination.to,
            subject: translate(input.locale, subject, params),
            ...emailBodies(input.locale, params),
          });
        } else {
          const text = input.purpose === 'register' ? 'securityInfo.smsCode.text' : 'securityInfo.stepUpCode.text';
          await deps.sms.send({
            tenantId: input.tenant.tenantId,
            to: input.destination.to,
            text: translate(input.locale, text, params),
          });
        }
        return success(undefined);
      } catch (error) {
        await deliveryFailed(input, error);
        return failure('DELIVERY_FAILED');
      }
    },

    /** Tells a former address or number that it no longer guards the account; best effort after the commit. */
    async notifyRemoved(
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
      try {
        if (destination.channel === 'email') {
          await deps.email.send({
            tenantId: tenant.tenantId,
            to: destination.to,
            subject: translate(locale, 'securityInfo.changed.subject', params),
            text: translate(locale, 'securityInfo.changed.text', params),
          });
        } else {
          await deps.sms.send({
            tenantId: tenant.tenantId,
            to: destination.to,
            text: translate(locale, 'securityInfo.changed.sms', params),
          });
        }
      } catch {
        // The change is committed; a lost notice must not turn it into a failure.
      }
    },

    /**
     * Tells the user's addresses that a method was added (checklist §11 row 16, NIST 800-63B §4.6): a new method
     * someone else registered is how a takeover starts, so every mailbox on file hears of it, not only the new one.
     * Best effort after the commit, as the removal notice.
     */
    async notifyAdded(tenant: Tenant, user: User, recipients: string[], kind: SecurityInfoType, locale: Locale) {
      const params = {
        tenant: tenant.name,
        name: user.displayName,
        upn: user.upn,
        time: deps.clock.now().toISOString().slice(0, 16).replace('T', ' '),
        what: translate(locale, `securityInfo.kind.${kind}`),
      };
      for (const to of recipients) {
        try {
          await deps.email.send({
            tenantId: tenant.tenantId,
            to,
            subject: translate(locale, 'securityInfo.added.subject', params),
            text: translate(locale, 'securityInfo.added.text', params),
          });
        } catch {
          // The method is saved; one lost notice must neither fail it nor stop the others.
        }
      }
    },
  };
};

export type CodeDelivery = ReturnType<typeof createCodeDelivery>;
