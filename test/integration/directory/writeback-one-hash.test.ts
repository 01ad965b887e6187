/**
 * One argon2id hash per self-service reset with writeback, against a private slapd on both store dialects: the real
 * hasher, counting its hashes. A password-hash-sync user's cloud hash is the pending writeback's own hash of the
 * password (reset-finish.ts), not a second one — also on the retry after a crash, whose own record hashed it. The
 * cloud hash is of the canonical password (NFKC), a passthrough user still gets none, and a write the directory
 * refuses still leaves the cloud hash as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import type { Tenant, User } from '../../../src/core/model.js';
import type { DirectoryConnector } from '../../../src/core/ports.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { anOnPremUser, connectTenant, ldapBind, ldapDn, ldapUser } from '../../support/directory-world.js';
import { aPassword } from '../../support/factories.js';
import { signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { initialPassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { countingHasher } from '../../support/verify-budget.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const dialects = testDialects();
const names = (suffix: string) => ({
  phs: `Phs${suffix}`,
  pass: `Pass${suffix}`,
  quality: `Quality${suffix}`,
  crash: `Crash${suffix}`,
});

let slapd: Slapd;
beforeAll(async () => {
  const users = dialects.flatMap((d) => {
    const n = names(d);
    return [
      ldapUser(n.phs),
      ldapUser(n.pass),
      ldapUser(n.quality, { pwdPolicySubentry: 'cn=quality,ou=policies,dc=example,dc=org' }),
      ldapUser(n.crash),
    ];
  });
  slapd = await startSlapd({ tls: true, extraLdif: users.join('\n') });
});
afterAll(async () => slapd?.stop());

/** The real connector, whose password write throws once armed, after the directory took the password: a crash. */
const crashingConnector = () => {
  const crash = { armed: false };
  const real = createDirectoryConnector();
  const connector: DirectoryConnector = {
    connect(settings) {
      const connection = real.connect(settings);
      return {
        ...connection,
        async setPassword(dn, password, options) {
          const written = await connection.setPassword(dn, password, options);
          if (!crash.armed) return written;
          crash.armed = false;
          throw new Error('simulated crash: the process died right after the directory write');
        },
      };
    },
  };
  return { crash, connector };
};

describe.each(dialects)('one argon2id hash per reset with writeback (%s)', (dialect) => {
  const hasher = countingHasher();
  const { crash, connector } = crashingConnector();
  const ctx = useHttpWorld(dialect, { env, overrides: { hasher, directoryConnector: connector } });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;
  const n = names(dialect);
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await connectTenant(app(), slapd);
  });

  const verifiedFlow = async (user: User) => {
    const { flowId, email } = await api().emailFlow(user.upn);
    const code = await lastCodeTo(app(), user.alternateEmail!);
    expect((await api().verify(flowId, { methodId: email.id, code })).json()).toMatchObject({ canSetPassword: true });
    return flowId;
  };
  /** The password step, and how many hashes it cost. */
  const submit = async (flowId: string, password: string) => {
    const before = hasher.hashes;
    const response = await api().password(flowId, password);
    return { response, hashes: hasher.hashes - before };
  };
  const cloudHashOf = async (user: User) =>
    (await app().store.users.findById(tenant.tenantId, user.userId))!.passwordHash;
  const pendingOf = async (user: User) =>
    (await app().store.pendingWritebacks.listPending(tenant.tenantId, 1000)).filter((r) => r.userId === user.userId);

  it("a password-hash-sync user's reset hashes once: the cloud hash is the journal's, of the canonical password", async () => {
    const user = await anOnPremUser(app(), tenant, n.phs);
    // Decomposed accents as typed (the NIST profile takes Unicode); the precomposed form (NFKC's) signs in.
    await app().services.passwordProtection.updateSettings(tenant.tenantId, { profile: 'nist' }, cliActor);
    const typed = 'Cafe\u0301-Tulip-Canal-88';
    const { response, hashes } = await submit(await verifiedFlow(user), typed);
    expect(response.statusCode, response.body).toBe(200);
    expect(hashes).toBe(1);
    expect(await ldapBind(slapd, ldapDn(n.phs), typed)).toBe(true);
    expect(await cloudHashOf(user)).toMatch(/^\$argon2id\$/);
    expect((await signInApi(ctx.server, user.upn, 'Caf\u00e9-Tulip-Canal-88')).statusCode).toBe(200);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(401);
    expect(await pendingOf(user)).toEqual([]);
  });

  it("a passthrough user's reset hashes once too (the journal's) and gets no cloud hash", async () => {
    const user = await anOnPremUser(app(), tenant, n.pass, 'passthrough');
    const before = await cloudHashOf(user);
    const { response, hashes } = await submit(await verifiedFlow(user), 'Orchard-Ferry-Tide-63');
    expect(response.statusCode, response.body).toBe(200);
    expect(hashes).toBe(1);
    expect(await cloudHashOf(user)).toBe(before);
    expect((await signInApi(ctx.server, user.upn, 'Orchard-Ferry-Tide-63')).statusCode).toBe(200);
  });

  it('a write the directory refuses stores no cloud hash', async () => {
    const user = await anOnPremUser(app(), tenant, n.quality);
    const before = await cloudHashOf(user);
    const { response, hashes } = await submit(await verifiedFlow(user), '{SSHA}Quality-Check-2026');
    expect(response.json()).toMatchObject({ code: 'DIRECTORY_POLICY_REJECTED', reason: 'insufficientQuality' });
    expect(hashes).toBe(1);
    expect(await cloudHashOf(user)).toBe(before);
    expect(await ldapBind(slapd, ldapDn(n.quality), initialPassword)).toBe(true);
    expect(await pendingOf(user)).toEqual([]);
  });

  it("the retry after a crash hashes once: its own record's hash of the password becomes the cloud hash", async () => {
    const user = await anOnPremUser(app(), tenant, n.crash);
    const flowId = await verifiedFlow(user);
    const before = await cloudHashOf(user);
    crash.armed = true;
    const died = await submit(flowId, 'Harbour-Lantern-Quay-42');
    expect(died.response.statusCode).toBe(500);
    expect(died.hashes).toBe(1);
    expect(await cloudHashOf(user)).toBe(before);
    const retry = await submit(flowId, 'Harbour-Lantern-Quay-42');
    expect(retry.response.statusCode, retry.response.body).toBe(200);
    expect(retry.hashes).toBe(1);
    const [completed] = (
      await app().store.audit.list(tenant.tenantId, { activity: 'Reset password (self-service)' })
    ).filter((e) => e.target?.id === user.userId);
    expect(completed).toMatchObject({ result: 'success', details: { completedAfterRestart: true } });
    expect((await signInApi(ctx.server, user.upn, 'Harbour-Lantern-Quay-42')).statusCode).toBe(200);
    expect(await pendingOf(user)).toEqual([]);
  });
});
