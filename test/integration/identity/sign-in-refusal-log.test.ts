/**
 * A refused password sign-in is logged from the sign-in's own lookup (issue #18): the row says exactly what the
 * sign-in log said when it read the tenant and the user again after the refusal (`recordSignIn`, still used by the
 * other credentials), for every refusal; nothing for a domain no tenant holds or a name that is no UPN; and nothing
 * about the user reaches the refusal a browser gets.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SignInEvent } from '../../../src/core/ports.js';
import { recordSignIn } from '../../../src/services/identity/sign-in-recorder.js';
import type { SignInRequest } from '../../../src/services/identity/sign-in-service.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { aUserRecord } from '../../support/store-suite.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

describe.each(testDialects())('sign-in log of refusals (%s)', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld(dialect);
  });
  afterAll(() => world.close());

  // Longer than the log keeps: cut to 512 characters either way.
  const userAgent = `Mozilla/5.0 (test) ${'x'.repeat(600)}`;
  const rowsOf = (tenantId: string) => world.app.store.signIns.after(tenantId, 0, 1000);
  const request = (username: string, password: string): SignInRequest => ({
    username,
    password,
    ipAddress: '203.0.113.7',
    userAgent,
  });

  /**
   * Signs in, and returns the rows it added and the row the re-reading recorder writes for the same refusal (its
   * append captured, not written).
   */
  const refusal = async (tenantIds: string[], username: string, password: string) => {
    const before = await Promise.all(tenantIds.map(rowsOf));
    // Neither the tenant nor the user is read again after the verify.
    const rereads = [vi.spyOn(world.app.store.tenants, 'findByDomain'), vi.spyOn(world.app.store.users, 'findByUpn')];
    const result = await world.app.services.signIn.signIn(request(username, password));
    for (const reread of rereads) {
      expect(reread).not.toHaveBeenCalled();
      reread.mockRestore();
    }
    const after = await Promise.all(tenantIds.map(rowsOf));
    const added = after.flatMap((rows, i) => rows.slice(before[i]!.length)).map(({ id: _, ...row }) => row);
    const expected: Array<Omit<SignInEvent, 'id'>> = [];
    const { store } = world.app;
    // The log stores every UPN in lower case (sign-in-log-store.ts): so is the captured row.
    const capture = {
      ...store,
      signIns: {
        ...store.signIns,
        append: async (row: Omit<SignInEvent, 'id'>) => void expected.push({ ...row, upn: row.upn.toLowerCase() }),
      },
    };
    await recordSignIn({ store: capture, clock: world.clock }, request(username, password), result);
    expect(result.ok).toBe(false);
    return { result, added, expected };
  };

  it('logs each refusal as the recorder did, from the lookup: wrong password, unknown name, locked, disabled', async () => {
    const tenant = await aTenant(world.app);
    const other = await aTenant(world.app);
    const domain = tenant.domains[0]!;
    const tenants = [tenant.tenantId, other.tenantId];
    const user = await aUser(world.app, domain);
    const disabled = await aUser(world.app, domain);
    await world.app.store.users.update(tenant.tenantId, disabled.userId, { accountEnabled: false });
    const locked = await aUser(world.app, domain);
    for (let i = 0; i < 10; i++) await world.app.services.signIn.signIn(request(locked.upn, `Wrong-Horse-${i}`));
    // No hash here (a synced user whose hash never came): refused as an unknown name is, logged as theirs.
    const hashless = aUserRecord(tenant.tenantId, `hashless@${domain}`, { passwordHash: null });
    await world.app.store.users.create(hashless, '2026-03-01T09:00:00.000Z');
    // A name at this tenant's domain stored in another tenant is nobody here.
    const stray = aUserRecord(other.tenantId, `stray@${domain}`);
    await world.app.store.users.create(stray, '2026-03-01T09:00:00.000Z');

    const cases: Array<[string, string, string, Partial<SignInEvent>]> = [
      ['wrong password', user.upn, 'Wrong-Horse-1', { userId: user.userId, errorCode: 50126 }],
      ['wrong password, typed in upper case', user.upn.toUpperCase(), 'Wrong-Horse-2', { upn: user.upn.toLowerCase() }],
      ['unknown name', `Nobody@${domain.toUpperCase()}`, 'Wrong-Horse-1', { userId: null, upn: `nobody@${domain}` }],
      ['locked', locked.upn, aPassword, { userId: locked.userId, errorCode: 50053, failureReason: 'ACCOUNT_LOCKED' }],
      ['disabled', disabled.upn, aPassword, { userId: disabled.userId, errorCode: 50057 }],
      ['disabled, wrong password', disabled.upn, 'Wrong-Horse-1', { userId: disabled.userId, errorCode: 50126 }],
      ['no hash', hashless.upn, aPassword, { userId: hashless.userId, errorCode: 50126 }],
      ['stray', stray.upn, aPassword, { tenantId: tenant.tenantId, userId: null, upn: stray.upn }],
    ];
    for (const [name, username, password, expected] of cases) {
      const logged = await refusal(tenants, username, password);
      expect(logged.added, name).toEqual(logged.expected);
      expect(logged.added, name).toHaveLength(1);
      expect(logged.added[0], name).toMatchObject({
        tenantId: tenant.tenantId,
        result: 'failure',
        ipAddress: '203.0.113.7',
        userAgent: userAgent.slice(0, 512),
        ...expected,
      });
      // Whom the row names stays in the log: the refusal the routes answer with carries no user id nor UPN.
      expect(JSON.stringify(logged.result), name).not.toContain(String(expected.userId ?? user.userId));
      expect(JSON.stringify(logged.result).toLowerCase(), name).not.toContain('@');
    }
  });

  it('logs nothing for a domain no tenant holds or a name that is no UPN, as before', async () => {
    const tenant = await aTenant(world.app);
    for (const username of ['someone@unknown-tenant.example', 'not a upn', `two@at@${tenant.domains[0]}`]) {
      const logged = await refusal([tenant.tenantId], username, 'Wrong-Horse-1');
      expect(logged.added, username).toEqual([]);
      expect(logged.expected, username).toEqual([]);
      expect(logged.result, username).toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    }
  });

  it('commits a wrong password row with its lockout count', async () => {
    const tenant = await aTenant(world.app);
    const user = await aUser(world.app, tenant.domains[0]!);
    await world.app.services.signIn.signIn(request(user.upn, 'Wrong-Horse-1'));
    expect(await rowsOf(tenant.tenantId)).toHaveLength(1);
    expect((await world.app.store.lockouts.get(tenant.tenantId, user.userId))?.failedCount).toBe(1);
  });
});
