/**
 * What a reset gate sends: an email or SMS code, or a voice call asking to press #. Codes go only to
 * the address or number on file, within the tenant's daily send caps (against SMS pumping, as for
 * security info). Delivery happens after the flow's state is committed; a channel that rejects is
 * answered DELIVERY_FAILED and the user can ask again.
 */
import type { Tenant, User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import { settingsOf } from '../security-info/security-info-delivery.js';
import type { VoiceCallService } from '../delivery/voice-call-service.js';

export const createResetDelivery = (deps: ServiceDeps, voiceCalls: VoiceCallService) => {
  const withinCaps = async (tenantId: string, to: string): Promise<boolean> => {
    const settings = await settingsOf(deps, tenantId);
    const day = deps.clock.now().toISOString().slice(0, 10);
    const key = deps.keyed.digest('send-counter', `${tenantId}:${to.toLowerCase()}`);
    if ((await deps.store.securityInfo.incrementSendCount(tenantId, 'number', key, day)) > settings.dailyCapPerNumber)
      return false;
    return (
      (await deps.store.securityInfo.incrementSendCount(tenantId, 'tenant', '*', day)) <= settings.dailyCapPerTenant
    );
  };

  return {
    async sendCode(
      tenant: Tenant,
      user: User,
      channel: 'email' | 'sms',
      to: string,
      code: string,
      locale: Locale,
    ): Promise<Result<void>> {
      if (!(await withinCaps(tenant.tenantId, to))) return failure('SEND_LIMIT_REACHED');
      const params = { tenant: tenant.name, upn: user.upn, code };
      try {
        if (channel === 'email') {
          await deps.email.send({
            tenantId: tenant.tenantId,
            to,
            subject: translate(locale, 'reset.emailCode.subject', params),
            text: translate(locale, 'reset.emailCode.text', params),
          });
        } else {
          await deps.sms.send({ tenantId: tenant.tenantId, to, text: translate(locale, 'reset.smsCode.text', params) });
        }
        return success(undefined);
      } catch {
        return failure('DELIVERY_FAILED');
      }
    },

    /** Places the call; its id is what "verify" later checks. */
    async call(tenant: Tenant, to: string, locale: Locale): Promise<Result<string>> {
      if (!(await withinCaps(tenant.tenantId, to))) return failure('SEND_LIMIT_REACHED');
      try {
        return success(
          await voiceCalls.place({
            tenantId: tenant.tenantId,
            to,
            locale,
            say: translate(locale, 'reset.voice.say', { tenant: tenant.name }),
          }),
        );
      } catch {
        return failure('DELIVERY_FAILED');
      }
    },
  };
};

export type ResetDelivery = ReturnType<typeof createResetDelivery>;
