/**
 * The reset flow's defences (issue 6, checklist §11) on both dialects: decoys indistinguishable from
 * real flows, reveal-eligibility, CAPTCHA single use, every refusal as problem+json, lifetimes with the
 * manual clock, Entra's throttles and blocks, and an audit trail free of secrets.
 */
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi, solveCaptcha } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const admin = { type: 'cli' as const, id: null, upn: null };
type Method = { id: string; type: string; display: string; passed: boolean };

/** The shape of a JSON value: keys and value types, not the values. */
const shapeOf = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length > 0 ? ['array', shapeOf(value[0])] : ['array'];
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, shapeOf(v)]),
  );
};

describe.each(testDialects())('password reset safety (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;
  const freshTenant = async (changes = {}): Promise<Tenant> => {
    const tenant = await aTenant(app(), { name: 'Northwind' });
    await app().services.ssprPolicy.update(tenant.tenantId, changes, admin);
    return tenant;
  };
  const emailOf = (view: { methods: Method[] }) => view.methods.find((m) => m.type === 'email')!;
  /** A reset flow for `user` with its email code sent: the flow, its view and the code that arrived. */
  const emailCodeSent = async (user: { upn: string; alternateEmail: string | null }) => {
    const flowId = await api().flowOf(user.upn);
    const view = (await api().intent(flowId, 'reset')).json<{ methods: Method[] }>();
    await api().challenge(flowId, { methodId: emailOf(view).id });
    return { flowId, view, code: await lastCodeTo(app(), user.alternateEmail!) };
  };

  it('gives unknown, unlicensed, disabled and unregistered users decoys shaped like real flows, the same ones every time', async () => {
    const tenant = await freshTenant();
    const real = await aResetUser(app(), tenant, { mobilePhone: '+31612345600' });
    const unlicensed = await aResetUser(app(), tenant, { licensed: false });
    const unregistered = await aResetUser(app(), tenant, { alternateEmail: '' });
    const disabled = await aResetUser(app(), tenant);
    await app().store.users.update(tenant.tenantId, disabled.userId, { accountEnabled: false });
    const domain = tenant.domains[0]!;

    const realStart = await api().start(real.upn);
    const realFlow = realStart.json().flowId as string;
    await api().intent(realFlow, 'reset');
    const realView = (await api().view(realFlow)).json();
    const realChallenge = await api().challenge(realFlow, { methodId: emailOf(realView).id });
    const realWrong = await api().verify(realFlow, { methodId: emailOf(realView).id, code: '12345678' });
    const realSms = realView.methods.find((m: Method) => m.type === 'mobileSms');
    const realMismatch = await api().challenge(realFlow, { methodId: realSms.id, phoneNumber: '+31687654321' });
    expect(realMismatch.statusCode).toBe(200);

    for (const upn of [`nobody@${domain}`, unlicensed.upn, unregistered.upn, disabled.upn]) {
      const started = await api().start(upn);
      expect(started.statusCode).toBe(realStart.statusCode);
      expect(Object.keys(started.json())).toEqual(['flowId']);
      expect(started.headers['set-cookie']).toBe(realStart.headers['set-cookie']);
      const flowId = started.json().flowId as string;
      expect(flowId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const view = (await api().intent(flowId, 'reset')).json();
      expect(shapeOf(view)).toEqual(shapeOf(realView));
      expect(view).toMatchObject({ tenantName: 'Northwind', gatesRequired: 1, canUnlock: true });
      expect(view.ineligible).toBeUndefined();
      const outboxBefore = (await sentMessages(app(), {})).length;
      // Decoys hold a deterministic mix of methods: a code method where they have one, else a phone.
      const codeMethod = view.methods.find((m: Method) => m.type === 'email' || m.type === 'authenticatorCode');
      if (codeMethod) {
        const challenged = await api().challenge(flowId, { methodId: codeMethod.id });
        expect(challenged.statusCode).toBe(realChallenge.statusCode);
        expect(shapeOf(challenged.json())).toEqual(shapeOf(realChallenge.json()));
        const wrong = await api().verify(flowId, { methodId: codeMethod.id, code: '12345678' });
        expect(wrong.statusCode).toBe(realWrong.statusCode);
        expect(wrong.json()).toEqual(realWrong.json());
      } else {
        const sms = view.methods.find((m: Method) => m.type === 'mobileSms');
        const mismatch = await api().challenge(flowId, { methodId: sms.id, phoneNumber: '+31687654321' });
        expect(mismatch.statusCode).toBe(realMismatch.statusCode);
        expect(shapeOf(mismatch.json())).toEqual(shapeOf(realMismatch.json()));
      }
      expect((await sentMessages(app(), {})).length).toBe(outboxBefore);
      expect((await api().password(flowId, 'Tulip-Canal-Bridge-88')).json().code).toBe('GATES_INCOMPLETE');

      // The same user ID gets the same decoy methods on every try.
      const again = (await api().view(await api().flowOf(upn))).json();
      expect(again.methods).toEqual(view.methods);
    }
    // Different user IDs get different decoys (some of the time: compare several).
    const displays = new Set<string>();
    for (let i = 0; i < 6; i += 1)
      displays.add(JSON.stringify((await api().view(await api().flowOf(`someone${i}@${domain}`))).json().methods));
    expect(displays.size).toBeGreaterThan(1);

    // The admin's log says why: each decoy step is a failure with the reason.
    const submitted = (await app().store.audit.list(tenant.tenantId, { limit: 1000 })).filter(
      (e) => e.details.detail === 'User submitted their user ID',
    );
    const reasonOf = (upn: string) => submitted.find((e) => e.target?.name === upn)?.resultReason;
    expect(reasonOf(real.upn)).toBeNull();
    expect(reasonOf(`nobody@${domain}`)).toBe('UserNotFound');
    expect(reasonOf(unlicensed.upn)).toBe('SSPR_0012');
    expect(reasonOf(unregistered.upn)).toBe('SSPR_0014');
    expect(reasonOf(disabled.upn)).toBe('UserDisabled');

    // An unknown domain: a decoy too, without branding.
    const unknownDomain = (await api().view(await api().flowOf('someone@unknown-domain.example'))).json();
    expect(unknownDomain).toMatchObject({ tenantName: null, status: 'active' });
    // Uncalibrated (no population): some decoys hold an authenticator app and follow the strong-method rule.
    expect([1, 2]).toContain(unknownDomain.gatesRequired);
    expect(unknownDomain.methods.length).toBeGreaterThan(0);
  });

  it('takes about as long to start for an unknown user ID as for a real one', async () => {
    const tenant = await freshTenant();
    const real = await aResetUser(app(), tenant);
    const timeStart = async (upn: string) => {
      const captcha = await solveCaptcha(ctx.server);
      const began = performance.now();
      expect((await api().call('POST', '', { username: upn, captcha })).statusCode).toBe(200);
      return performance.now() - began;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const realTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Interleaved, so background load hits both alike; medians, so one slow request does not decide.
    for (let i = 0; i < 25; i += 1) {
      realTimes.push(await timeStart(real.upn));
      unknownTimes.push(await timeStart(`nobody${i}@${tenant.domains[0]}`));
    }
    const ratio = median(unknownTimes) / median(realTimes);
    expect(
      ratio,
      `unknown ${median(unknownTimes).toFixed(2)} ms vs real ${median(realTimes).toFixed(2)} ms`,
    ).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("reveals Entra's eligibility reason when the tenant opts in", async () => {
    const tenant = await freshTenant({ revealEligibility: true });
    const unlicensed = await aResetUser(app(), tenant, { licensed: false });
    const unregistered = await aResetUser(app(), tenant, { alternateEmail: '' });
    const eligible = await aResetUser(app(), tenant);
    expect((await api().view(await api().flowOf(unlicensed.upn))).json().ineligible).toBe('SSPR_0012');
    expect((await api().view(await api().flowOf(unregistered.upn))).json().ineligible).toBe('SSPR_0014');
    // Told, not walked through a decoy: every step answers with the reason.
    const told = await api().intent(await api().flowOf(unlicensed.upn), 'reset');
    expect(told.statusCode).toBe(403);
    expect(told.json()).toMatchObject({ code: 'SSPR_UNAVAILABLE', reason: 'SSPR_0012' });
    expect((await api().view(await api().flowOf(eligible.upn))).json().ineligible).toBeUndefined();
    await app().services.ssprPolicy.update(tenant.tenantId, { enabled: 'none' }, admin);
    expect((await api().view(await api().flowOf(eligible.upn))).json().ineligible).toBe('SSPR_0009');
  });

  it('refuses bad CAPTCHAs, replays and malformed requests with stable codes', async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    const captcha = await solveCaptcha(ctx.server);
    expect((await api().call('POST', '', { username: user.upn, captcha })).statusCode).toBe(200);
    const replay = await api().call('POST', '', { username: user.upn, captcha });
    expect(replay.statusCode).toBe(400);
    expect(replay.headers['content-type']).toContain('application/problem+json');
    expect(replay.json().code).toBe('CAPTCHA_INVALID');
    expect((await api().call('POST', '', { username: user.upn, captcha: 'bm90IGEgc29sdXRpb24=' })).json().code).toBe(
      'CAPTCHA_INVALID',
    );
    expect((await api().call('POST', '', { username: user.upn })).json().code).toBe('VALIDATION_FAILED');
    expect((await api().call('POST', '', { username: user.upn, captcha, extra: 1 })).json().code).toBe(
      'VALIDATION_FAILED',
    );

    for (const flowId of ['not-a-flow', 'A'.repeat(43), 'current']) {
      const unknown = await api().view(flowId);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('FLOW_INVALID');
    }
    const flowId = await api().flowOf(user.upn);
    // The header form keeps the id out of the URL.
    const byHeader = await api().call('GET', '/current', undefined, { 'x-sspr-flow': flowId });
    expect(byHeader.statusCode).toBe(200);
    expect((await api().intent(flowId, 'sideways')).json().code).toBe('VALIDATION_FAILED');
    expect((await api().verify(flowId, { methodId: 'x', code: 'y'.repeat(100) })).json().code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await api().cancel(flowId)).statusCode).toBe(204);
    expect((await api().view(flowId)).json().code).toBe('FLOW_INVALID');
  });

  it('binds a code to its flow: another flow of the same user cannot use it; verifying needs a challenge', async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    const first = await api().flowOf(user.upn);
    const second = await api().flowOf(user.upn);
    const view = (await api().intent(first, 'reset')).json();
    await api().intent(second, 'reset');
    const required = await api().verify(second, { methodId: emailOf(view).id, code: '12345678' });
    expect(required.statusCode).toBe(409);
    expect(required.json().code).toBe('CHALLENGE_REQUIRED');
    await api().challenge(first, { methodId: emailOf(view).id });
    const codeOfFirst = await lastCodeTo(app(), user.alternateEmail!);
    await api().challenge(second, { methodId: emailOf(view).id });
    const codeOfSecond = await lastCodeTo(app(), user.alternateEmail!);
    if (codeOfFirst !== codeOfSecond)
      expect((await api().verify(second, { methodId: emailOf(view).id, code: codeOfFirst })).json().code).toBe(
        'CODE_INVALID',
      );
    // The second challenge superseded the first flow's code.
    expect((await api().verify(first, { methodId: emailOf(view).id, code: codeOfFirst })).json().code).toBe(
      'CODE_EXPIRED',
    );
    expect((await api().verify(second, { methodId: emailOf(view).id, code: codeOfSecond })).statusCode).toBe(200);
  });

  it('expires codes after 5 minutes and flows after 15', async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    const { flowId, view, code } = await emailCodeSent(user);
    ctx.world.clock.advance(5 * 60);
    expect((await api().verify(flowId, { methodId: emailOf(view).id, code })).json().code).toBe('CODE_EXPIRED');
    ctx.world.clock.advance(10 * 60);
    expect((await api().view(flowId)).json().code).toBe('FLOW_INVALID');
  });

  it('blocks for 24 hours after 5 failed proofs, audits the block, and counts across flows', async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    const failOnce = async () => {
      const { flowId, view, code } = await emailCodeSent(user);
      return api().verify(flowId, { methodId: emailOf(view).id, code: code === '99999999' ? '88888888' : '99999999' });
    };
    for (let i = 0; i < 4; i += 1) expect((await failOnce()).json().code).toBe('CODE_INVALID');
    const fifth = await failOnce();
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('SSPR_BLOCKED');
    expect(Date.parse(fifth.json().retryAt) - ctx.world.clock.now().getTime()).toBeGreaterThan(23 * 3600 * 1000);
    const blocked = await app().store.audit.list(tenant.tenantId, {
      activity: 'Blocked from self-service password reset',
    });
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.details.detail).toBe(
      'User failed to prove their identity too many times and is blocked for 24 hours',
    );

    const flowId = await api().flowOf(user.upn);
    const view = (await api().intent(flowId, 'reset')).json();
    expect((await api().challenge(flowId, { methodId: emailOf(view).id })).json().code).toBe('SSPR_BLOCKED');
    ctx.world.clock.advance(24 * 3600);
    const later = await api().flowOf(user.upn);
    const laterView = (await api().intent(later, 'reset')).json();
    expect((await api().challenge(later, { methodId: emailOf(laterView).id })).statusCode).toBe(200);
  });

  it('allows 10 emails in 10 minutes, blocks the 11th; a successful reset clears the counters', async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    const flowId = await api().flowOf(user.upn);
    const view = (await api().intent(flowId, 'reset')).json();
    // Each mail read as it arrives: only the newest code is valid.
    for (let i = 0; i < 3; i += 1) {
      await api().challenge(flowId, { methodId: emailOf(view).id });
      await app().services.delivery.drain();
    }
    await api().verify(flowId, { methodId: emailOf(view).id, code: await lastCodeTo(app(), user.alternateEmail!) });
    expect((await api().password(flowId, 'Tulip-Canal-Bridge-88')).statusCode).toBe(200);
    expect(await app().store.resetFlows.getThrottle(tenant.tenantId, user.userId, 'email')).toBeUndefined();

    // Another user: the per-number daily cap (10) must not be what stops the 11th email.
    const other = await aResetUser(app(), tenant);
    const next = await api().flowOf(other.upn);
    const nextView = (await api().intent(next, 'reset')).json();
    for (let i = 0; i < 10; i += 1)
      expect((await api().challenge(next, { methodId: emailOf(nextView).id })).statusCode).toBe(200);
    const eleventh = await api().challenge(next, { methodId: emailOf(nextView).id });
    expect(eleventh.json().code).toBe('SSPR_BLOCKED');
    expect(eleventh.statusCode).toBe(429);
    const [event] = await app().store.audit.list(tenant.tenantId, {
      activity: 'Blocked from self-service password reset',
    });
    expect(event?.details.detail).toBe('User requested too many email verification codes and is blocked for 24 hours');
  });

  it("audits each step with Entra's names, never a code, password, answer or flow id", async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    const { flowId, view, code } = await emailCodeSent(user);
    await api().verify(flowId, { methodId: emailOf(view).id, code });
    await api().password(flowId, 'Tulip-Canal-Bridge-88');
    const events = await app().store.audit.list(tenant.tenantId, {});
    const details = events.map((e) => `${e.activity}: ${String(e.details.detail)} ${e.result}`);
    expect(details).toEqual(
      expect.arrayContaining([
        'Self-service password reset flow activity progress: User submitted their user ID success',
        'Self-service password reset flow activity progress: User started the email verification option success',
        'Self-service password reset flow activity progress: User completed the email verification option success',
        'Reset password (self-service): User successfully reset password success',
      ]),
    );
    const all = JSON.stringify(events);
    for (const secret of [code, 'Tulip-Canal-Bridge-88', flowId]) expect(all).not.toContain(secret);
    expect(
      events.every((e) => e.service === 'Self-service Password Management' || e.service === 'Core Directory'),
    ).toBe(true);
  });
});
