/**
 * SMS notices (checklist §11 row 16): beside the email notices, a reset, unlock, password change, added security
 * info or a required re-registration is told by SMS to every verified mobile number of the user (`noticePhones`),
 * in the user's language as the email is, unless the tenant turned SMS notices off (`smsNotices`). Each text counts
 * against the send caps like a code (per number, user, tenant; block, address, budget): a notice a cap refuses, or
 * one the open budget breaker stops, is not queued — the email notices still go. Queued in the caller's transaction.
 */
import type { Tenant, User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import { enqueueMessage } from './message-queue.js';
import { noticePhones } from './notice-recipients.js';
import { createSendCaps, settingsOf } from './send-caps.js';

export type SmsNoticeEvent = 'passwordChanged' | 'reset' | 'unlock' | 'added' | 'reregistration';

export interface SmsNotice {
  tenant: Pick<Tenant, 'tenantId' | 'name'>;
  user: User;
  event: SmsNoticeEvent;
  locale: Locale;
  /** What was added (the kind's name), for `added`. */
  what?: string;
  /** The client address of the request that caused it, counted by the address cap; null for none. */
  ip?: string | null;
  /** Numbers not to tell (the one just added proved itself). */
  skip?: ReadonlyArray<string | null>;
  /** The numbers, when read before a change removes them (a re-registration); else read in the transaction. */
  phones?: string[];
}

export const createSmsNotices = (deps: ServiceDeps) => {
  const caps = createSendCaps(deps);

  return {
    /** Queues the notice to every number (within the caps); returns how many were queued. */
    async queue(store: StoreRepositories, notice: SmsNotice): Promise<number> {
      const { tenant, user } = notice;
      if (!(await settingsOf(deps, tenant.tenantId, store)).smsNotices) return 0;
      const skipped = new Set(notice.skip ?? []);
      const phones = (notice.phones ?? (await noticePhones({ store }, user))).filter((to) => !skipped.has(to));
      const params = {
        tenant: tenant.name,
        upn: user.upn,
        time: deps.clock.now().toISOString().slice(0, 16).replace('T', ' '),
        what: notice.what ?? '',
      };
      let queued = 0;
      for (const to of phones) {
        const request = { tenantId: tenant.tenantId, userId: user.userId, to, channel: 'sms' as const, ip: notice.ip };
        if (!(await caps.allow(request, store))) continue;
        await enqueueMessage(deps, store, {
          channel: 'sms',
          tenantId: tenant.tenantId,
          to,
          purpose: 'notice',
          userId: user.userId,
          text: translate(notice.locale, `notice.sms.${notice.event}`, params),
        });
        queued += 1;
      }
      return queued;
    },
  };
};

export type SmsNotices = ReturnType<typeof createSmsNotices>;
