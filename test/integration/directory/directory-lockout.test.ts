/**
 * No directory lockout from the internet (issue #13 item 3, checklist §11 row 26), against a private slapd with the
 * ppolicy overlay, on both store dialects. Before this, three sign-ins with one repeated wrong password locked a
 * passthrough user in OpenLDAP (`pwdMaxFailure: 3`): smart lockout did not count repeats and allowed 10 failures.
 * Now the service reads the directory's threshold, counts every attempt that reaches the directory and trips at
 * threshold − 1, so `pwdAccountLockedTime` never appears; after the lockout the right password works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import {
  anOnPremUser,
  asDirectoryRoot,
  connectTenant,
  ldapBind,
  ldapDn,
  ldapUser,
} from '../../support/directory-world.js';
import { aPassword } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { resetApi } from '../../support/reset.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, initialPassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const dialects = testDialects();
/** The policy of the issue: three failures lock; the server forgets a failure after 5 minutes. */
const lockoutPolicy = `cn=lockout3,ou=policies,${baseDn}`;
const windowSeconds = 300;
const names = (suffix: string) => ({
  signIn: `Lock${suffix}`,
  step: `Step${suffix}`,
  change: `Change${suffix}`,
  fallback: `Default${suffix}`,
  reset: `Reset${suffix}`,
  disabled: `Off${suffix}`,
});
const typo = 'Wrong-Typo-Kettle-1';

let slapd: Slapd;
beforeAll(async () => {
  const policy = [
    `dn: ${lockoutPolicy}`,
    'objectClass: device',
    'objectClass: pwdPolicy',
    'cn: lockout3',
    'pwdAttribute: userPassword',
    'pwdLockout: TRUE',
    'pwdMaxFailure: 3',
    `pwdFailureCountInterval: ${windowSeconds}`,
    'pwdAllowUserChange: TRUE',
    'pwdCheckQuality: 1',
    '',
  ].join('\n');
  const users = dialects.flatMap((d) => {
    const n = names(d);
    // The fallback user has no pwdPolicySubentry: slapd applies the overlay's default (cn=default, 3 failures,
    // kept until a right bind), which the service account finds among the policies it can read.
    return [n.signIn, n.step, n.change, n.reset, n.disabled]
      .map((name) => ldapUser(name, { pwdPolicySubentry: lockoutPolicy }))
      .concat(ldapUser(n.fallback));
  });
  slapd = await startSlapd({ tls: true, extraLdif: [policy, ...users].join('\n') });
});
afterAll(async () => slapd?.stop());

/** ppolicy's own record of the account: its lock and its failure count. */
const lockoutOf = (name: string) =>
  asDirectoryRoot(slapd, async (client) => {
    const { searchEntries } = await client.search(ldapDn(name), {
      scope: 'base',
      attributes: ['pwdAccountLockedTime', 'pwdFailureTime'],
    });
    const entry: Record<string, unknown> = searchEntries[0] ?? {};
    // ldapts answers an absent attribute it was asked for as [].
    const count = (value: unknown) => (value === undefined ? 0 : Array.isArray(value) ? value.length : 1);
    return { locked: count(entry.pwdAccountLockedTime) > 0, failures: count(entry.pwdFailureTime) };
  });

describe.each(dialects)('directory lockout stays out of reach (OpenLDAP ppolicy, %s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;
  const n = names(dialect);
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await connectTenant(app(), slapd);
  });

  it('repeats of one wrong password never lock the directory; the service reports ACCOUNT_LOCKED, then lets the right one in', async () => {
    const user = await anOnPremUser(app(), tenant, n.signIn, 'passthrough');
    const answers: string[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1)
      answers.push((await signInApi(ctx.server, user.upn, typo)).json<{ code: string }>().code);
    // Two reach the directory (threshold 3 − 1); from the third on the service refuses without asking it.
    expect(answers).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ]);
    expect(await lockoutOf(n.signIn)).toEqual({ locked: false, failures: 2 });
    // Locked here: even the right password is not sent, and the answer says for how long (the directory's window).
    const locked = await signInApi(ctx.server, user.upn, initialPassword);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(await lockoutOf(n.signIn)).toEqual({ locked: false, failures: 2 });
    // Every refusal is in the sign-in log under the user (written by the sign-in from its lookup), oldest first.
    const logged = await app().store.signIns.after(tenant.tenantId, 0, 100);
    expect(logged.filter((event) => event.userId === user.userId).map((event) => event.errorCode)).toEqual([
      50126, 50126, 50053, 50053, 50053, 50053, 50053,
    ]);
    const audit = await app().store.audit.list(tenant.tenantId, { activity: 'User locked out (smart lockout)' });
    expect(audit[0]?.details).toMatchObject({ directoryThreshold: 3 });

    // After the lockout duration (at least the directory's window) the right password works, and clears both sides.
    ctx.world.clock.advance(windowSeconds);
    expect((await signInApi(ctx.server, user.upn, initialPassword)).statusCode).toBe(200);
    expect(await lockoutOf(n.signIn)).toEqual({ locked: false, failures: 0 });
    expect((await app().store.lockouts.get(tenant.tenantId, user.userId))?.directoryFailures ?? []).toEqual([]);
  });

  it('a passthrough user disabled here is refused after the right password, and the refusal is logged (50057)', async () => {
    const user = await anOnPremUser(app(), tenant, n.disabled, 'passthrough');
    await app().store.users.update(tenant.tenantId, user.userId, { accountEnabled: false });
    const before = (await app().store.signIns.after(tenant.tenantId, 0, 1000)).length;
    const refused = await signInApi(ctx.server, user.upn, initialPassword);
    expect(refused.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    const added = (await app().store.signIns.after(tenant.tenantId, 0, 1000)).slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        userId: user.userId,
        result: 'failure',
        errorCode: 50057,
        failureReason: 'ACCOUNT_DISABLED',
      }),
    ]);
    expect(await lockoutOf(n.disabled)).toEqual({ locked: false, failures: 0 });
  });

  it('a default-policy user (no subentry) is guarded by the strictest readable policy, kept until cleared', async () => {
    const user = await anOnPremUser(app(), tenant, n.fallback, 'passthrough');
    for (let attempt = 0; attempt < 5; attempt += 1) await signInApi(ctx.server, user.upn, typo);
    expect(await lockoutOf(n.fallback)).toEqual({ locked: false, failures: 2 });
    // cn=default keeps failures until a right bind (no pwdFailureCountInterval): one more wrong password would lock the
    // directory, so the service stays locked past its own duration, with no Retry-After it could keep.
    ctx.world.clock.advance(24 * 60 * 60);
    const still = await signInApi(ctx.server, user.upn, typo);
    expect(still.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(await lockoutOf(n.fallback)).toEqual({ locked: false, failures: 2 });
    expect(await ldapBind(slapd, ldapDn(n.fallback), initialPassword)).toBe(true);
  });

  it('a wrong password at step-up or as the current password of a change counts every time too', async () => {
    const stepper = await anOnPremUser(app(), tenant, n.step, 'passthrough');
    const cookie = await sessionCookie(ctx.server, stepper.upn, initialPassword);
    const stepCodes: string[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/step-up',
        headers: { cookie },
        payload: { password: typo },
      });
      stepCodes.push(response.json<{ code: string }>().code);
    }
    expect(stepCodes.slice(2)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    expect(await lockoutOf(n.step)).toEqual({ locked: false, failures: 2 });

    const changer = await anOnPremUser(app(), tenant, n.change, 'synced');
    const changeCookie = await sessionCookie(ctx.server, changer.upn, aPassword);
    const changeCodes: string[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie: changeCookie },
        payload: { currentPassword: typo, newPassword: 'Harbour-Lantern-Quay-42' },
      });
      changeCodes.push(response.json<{ code: string }>().code);
    }
    expect(changeCodes).toEqual([
      'INVALID_CURRENT_PASSWORD',
      'INVALID_CURRENT_PASSWORD',
      'ACCOUNT_LOCKED',
      'ACCOUNT_LOCKED',
    ]);
    expect(await lockoutOf(n.change)).toEqual({ locked: false, failures: 2 });
  });

  it('the reset flow never touches the directory on failure: wrong codes in many flows leave ppolicy untouched', async () => {
    const user = await anOnPremUser(app(), tenant, n.reset, 'passthrough');
    const api = resetApi(ctx.server, ctx.world.clock);
    const statuses = new Set<number>();
    for (let flow = 0; flow < 3; flow += 1) {
      const flowId = await api.flowOf(user.upn);
      await api.intent(flowId, flow === 2 ? 'unlock' : 'reset');
      const email = (await api.view(flowId)).json<{ methods: Array<{ id: string; type: string }> }>().methods[0];
      await api.challenge(flowId, { methodId: email!.id });
      for (let attempt = 0; attempt < 6; attempt += 1)
        statuses.add((await api.verify(flowId, { methodId: email!.id, code: '00000000' })).statusCode);
    }
    // Refused every time (wrong code, then the throttles), and not one bind reached slapd.
    expect([...statuses].every((status) => status >= 400)).toBe(true);
    expect(await lockoutOf(n.reset)).toEqual({ locked: false, failures: 0 });
    expect(await ldapBind(slapd, ldapDn(n.reset), initialPassword)).toBe(true);
  });
});
