/**
 * Helpdesk verification of a caller (issue #17 item 4): before resetting a password or issuing a pass, the
 * agent sends a one-time code to one of the user's registered methods (email, SMS) and types what the caller
 * reads back, or types an authenticator code the caller reads out. The console then shows "verified" with
 * the time. Codes are the security-info codes (8 digits, 5 minutes, 5 attempts, consumed once); authenticator
 * tries count in the user's reset throttle for authenticator codes, each time step accepted once.
 */
import { recordAttempt, blockedUntil, emptyThrottle, type ThrottleState } from '../../core/flows/throttles.js';
import { SsprError } from '../../core/errors.js';
import { codeMatches, codeRefusal, codeRules, newPendingCode } from '../../core/methods/verification-code.js';
import type { User } from '../../core/model.js';
import type { CallerVerification, StoreRepositories } from '../../core/ports.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import { entryOf } from '../../methods/registry.js';
import type { AdminPrincipal } from '../admin/admin-principal.js';
import { recordAudit } from '../audit/audit-recorder.js';
import { createSendCaps } from '../delivery/send-caps.js';
import { enqueueMessage, wakeDelivery } from '../delivery/message-queue.js';
import type { ServiceDeps } from '../deps.js';
import { entriesOf, totpSealPurpose } from '../security-info/security-info-views.js';
import { reachableUser, targetOf } from './recovery-admin.js';

export interface CallerMethod {
  methodId: string;
  kind: string;
  /** Masked. */
  display: string;
  /** `code`: a code is sent there; `totp`: the caller reads a code from the app. */
  via: 'code' | 'totp';
}

const throttleKind = 'authenticator' as const;

export const createCallerVerificationService = (deps: ServiceDeps) => {
  const caps = createSendCaps(deps);
  const subjectOf = (user: User) => `${user.userId}/helpdesk`;
  const userOf = (principal: AdminPrincipal, upn: string) => reachableUser(deps, principal, upn, 'resetPasswords');

  const methodsOf = async (user: User) =>
    (await entriesOf(deps.store, user)).flatMap((entry) => {
      const rules = entryOf(entry.view.type);
      if (entry.view.status !== 'verified' || !rules) return [];
      const via: CallerMethod['via'] | undefined =
        rules.verifiedBy === 'totp' ? 'totp' : rules.sendsTo ? 'code' : undefined;
      return via ? [{ entry, via, channel: rules.sendsTo }] : [];
    });

  const audit = (
    principal: AdminPrincipal,
    user: User,
    method: string,
    result: 'success' | 'failure',
    reason?: string,
  ) =>
    recordAudit(deps, deps.store, {
      tenantId: user.tenantId,
      activity: 'adminVerifiedCaller',
      result,
      ...(reason && { resultReason: reason }),
      actor: principal.actor,
      target: targetOf(user),
      details: { method },
    });

  /** Records the verification with its audit event, in one transaction with the claim (code or time step). */
  const verified = async (
    principal: AdminPrincipal,
    user: User,
    method: string,
    claim: (store: StoreRepositories) => Promise<boolean>,
  ) => {
    const verification: CallerVerification = {
      tenantId: user.tenantId,
      userId: user.userId,
      method,
      verifiedAt: deps.clock.now().toISOString(),
      verifiedBy: principal.actor.upn ?? principal.actor.id,
    };
    await deps.store.transaction(async (store) => {
      if (!(await claim(store))) throw new SsprError('CODE_INVALID');
      await store.recovery.putCallerVerification(verification);
      await recordAudit(deps, store, {
        tenantId: user.tenantId,
        activity: 'adminVerifiedCaller',
        actor: principal.actor,
        target: targetOf(user),
        details: { method },
      });
    });
    return verification;
  };

  return {
    /** The methods a caller can be checked with, and the last verification. */
    async overview(principal: AdminPrincipal, upn: string) {
      const user = await userOf(principal, upn);
      const methods: CallerMethod[] = (await methodsOf(user)).map(({ entry, via }) => ({
        methodId: entry.view.id,
        kind: entry.view.type,
        display: entry.view.display,
        via,
      }));
      const verification = (await deps.store.recovery.findCallerVerification(user.tenantId, user.userId)) ?? null;
      return { upn: user.upn, methods, verification };
    },

    /** Sends a code to one of the user's registered addresses or numbers (never one typed by the agent). */
    async sendCode(principal: AdminPrincipal, upn: string, methodId: string, locale: Locale = 'en') {
      const user = await userOf(principal, upn);
      const found = (await methodsOf(user)).find((m) => m.entry.view.id === methodId && m.via === 'code');
      if (!found?.entry.value || !found.channel) throw new SsprError('METHOD_NOT_FOUND');
      const tenant = await deps.store.tenants.findById(user.tenantId);
      // The agent's address is not counted (an authenticated helpdesk, not an anonymous requester); the rest are.
      const request = { tenantId: user.tenantId, userId: user.userId, to: found.entry.value, channel: found.channel };
      if (!(await caps.allow(request))) throw new SsprError('SEND_LIMIT_REACHED');
      const made = newPendingCode(
        deps,
        { tenantId: user.tenantId, userId: user.userId, subjectId: subjectOf(user), purpose: 'helpdesk' },
        deps.clock.now(),
      );
      const params = { tenant: tenant?.name ?? '', code: made.code, upn: user.upn };
      const envelope = {
        tenantId: user.tenantId,
        to: found.entry.value,
        purpose: 'helpdesk-code',
        userId: user.userId,
        expiresAt: made.record.expiresAt,
      };
      // Through the delivery queue with the code (issue #13 item 2): the agent's page answers at once, and a provider
      // that is down gets the message when it is back, unless the code expired first (then it is dropped and audited).
      await deps.store.transaction(async (store) => {
        await store.securityInfo.addCode(made.record);
        await enqueueMessage(
          deps,
          store,
          found.channel === 'email'
            ? {
                ...envelope,
                channel: 'email',
                subject: translate(locale, 'helpdesk.email.subject', params),
                text: translate(locale, 'helpdesk.email.text', params),
              }
            : { ...envelope, channel: 'sms', text: translate(locale, 'helpdesk.sms.text', params) },
        );
      });
      wakeDelivery(deps);
      return { upn: user.upn, sentTo: found.entry.view.display, expiresAt: made.record.expiresAt };
    },

    /** Checks what the caller read out: the code sent last, or a code from their authenticator app. */
    async check(principal: AdminPrincipal, upn: string, input: { methodId: string; code: string }) {
      const user = await userOf(principal, upn);
      const found = (await methodsOf(user)).find((m) => m.entry.view.id === input.methodId);
      if (!found) throw new SsprError('METHOD_NOT_FOUND');
      const kind = found.entry.view.type;
      if (found.via === 'code') {
        const code = await deps.store.securityInfo.latestCode(user.tenantId, subjectOf(user), 'helpdesk');
        const refusal = codeRefusal(code, deps.clock.now());
        if (refusal || !code) throw new SsprError(refusal ?? 'CODE_EXPIRED');
        // Counted before comparing (a conditional UPDATE): however many race, at most five are compared.
        const attempts = await deps.store.securityInfo.countAttempt(user.tenantId, code.codeId, codeRules.maxAttempts);
        if (attempts === undefined) throw new SsprError('TOO_MANY_ATTEMPTS');
        if (!codeMatches(deps.keyed, code, input.code)) {
          await audit(principal, user, kind, 'failure', 'CODE_INVALID');
          throw new SsprError('CODE_INVALID', undefined, { attemptsLeft: codeRules.maxAttempts - attempts });
        }
        return verified(principal, user, kind, (store) =>
          store.securityInfo.consumeCode(user.tenantId, code.codeId, deps.clock.now().toISOString()),
        );
      }
      // An authenticator code: the user's authenticator throttle (5 an hour, then 24 h) counts every try.
      const now = deps.clock.now();
      const state = await deps.store.transaction(async (store) => {
        const raw = await store.resetFlows.getThrottle(user.tenantId, user.userId, throttleKind, { forUpdate: true });
        const current: ThrottleState = raw ? (JSON.parse(raw) as ThrottleState) : emptyThrottle;
        if (blockedUntil(current, now)) return { blocked: true };
        const outcome = recordAttempt(throttleKind, current, now);
        await store.resetFlows.putThrottle(
          user.tenantId,
          user.userId,
          throttleKind,
          JSON.stringify(outcome.state),
          now.toISOString(),
        );
        return { blocked: !outcome.allowed };
      });
      if (state.blocked) throw new SsprError('TOO_MANY_ATTEMPTS');
      const record = found.entry.record;
      const step =
        record?.sealedSecret &&
        (await deps.totp.verify(
          deps.sealer.open(totpSealPurpose, record.sealedSecret),
          input.code,
          now,
          record.lastTotpStep ?? undefined,
        ));
      if (typeof step !== 'number' || !record) {
        await audit(principal, user, kind, 'failure', 'CODE_INVALID');
        throw new SsprError('CODE_INVALID');
      }
      return verified(principal, user, kind, (store) =>
        store.securityInfo.advanceTotpStep(user.tenantId, record.methodId, step, now.toISOString()),
      );
    },
  };
};

export type CallerVerificationService = ReturnType<typeof createCallerVerificationService>;
