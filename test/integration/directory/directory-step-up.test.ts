/**
 * Step-up and password change of passthrough and federated users check the DIRECTORY password (a bind as the
 * user, the check sign-in makes), never the cloud hash they may have from creation or an old sync: on both store
 * dialects against a private slapd. A directory that cannot be asked is SSPR_0030, not a wrong password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { anOnPremUser, connectTenant, ldapBind, ldapDn, ldapUser } from '../../support/directory-world.js';
import { aPassword } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { initialPassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const dialects = testDialects();
const names = (d: string) => ({ stepUp: `Step${d}`, change: `Chg${d}`, down: `Down${d}` });

let slapd: Slapd;
beforeAll(async () => {
  slapd = await startSlapd({
    tls: true,
    extraLdif: dialects.flatMap((d) => Object.values(names(d)).map((n) => ldapUser(n))).join('\n'),
  });
});
afterAll(async () => slapd?.stop());

describe.each(dialects)('directory password for step-up and change (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;
  const n = names(dialect);
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await connectTenant(app(), slapd, 'passthrough');
  });
  const stepUp = (cookie: string, password: string) =>
    ctx.server.inject({ method: 'POST', url: '/api/v1/me/step-up', headers: { cookie }, payload: { password } });
  const change = (cookie: string, currentPassword: string, newPassword: string) =>
    ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword, newPassword },
    });
  const failedCount = async (userId: string) =>
    (await app().store.lockouts.get(tenant.tenantId, userId))?.failedCount ?? 0;

  it('steps a passthrough user up with the directory password; the cloud hash is refused and counted', async () => {
    const user = await anOnPremUser(app(), tenant, n.stepUp, 'passthrough');
    const cookie = await sessionCookie(ctx.server, user.upn, initialPassword);
    // The hash made when the user was created here is not the password: the directory says so.
    const cloud = await stepUp(cookie, aPassword);
    expect(cloud.statusCode).toBe(403);
    expect(cloud.json().code).toBe('INVALID_CURRENT_PASSWORD');
    expect(await failedCount(user.userId)).toBe(1);
    expect((await stepUp(cookie, initialPassword)).statusCode).toBe(204);
  });

  it("changes a federated user's password only with the directory's current password, checked before the new one is judged", async () => {
    const user = await anOnPremUser(app(), tenant, n.change, 'federated');
    const cookie = await sessionCookie(ctx.server, user.upn, initialPassword);
    // A wrong current password is said first: nothing about the (weak) new one leaks to someone without it.
    const wrong = await change(cookie, aPassword, 'password');
    expect(wrong.json().code).toBe('INVALID_CURRENT_PASSWORD');
    expect(await failedCount(user.userId)).toBe(1);
    const changed = await change(cookie, initialPassword, 'Harbour-Lantern-Quay-42');
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await ldapBind(slapd, ldapDn(n.change), 'Harbour-Lantern-Quay-42')).toBe(true);
    // No cloud hash is kept for a federated user, so a step-up can only be the directory's new password.
    const fresh = await sessionCookie(ctx.server, user.upn, 'Harbour-Lantern-Quay-42');
    expect((await stepUp(fresh, initialPassword)).json().code).toBe('INVALID_CURRENT_PASSWORD');
    expect((await stepUp(fresh, 'Harbour-Lantern-Quay-42')).statusCode).toBe(204);
  });

  it('answers SSPR_0030 (not a wrong password, not counted) while the directory cannot be reached', async () => {
    const user = await anOnPremUser(app(), tenant, n.down, 'passthrough');
    const cookie = await sessionCookie(ctx.server, user.upn, initialPassword);
    const [connection] = await app().services.directories.list(tenant.tenantId);
    await app().services.directories.remove(tenant.tenantId, connection!.connectionId, cliActor);
    expect((await stepUp(cookie, initialPassword)).json().code).toBe('PASSWORD_NOT_MANAGED_HERE');
    await app().services.directories.add(
      tenant.tenantId,
      {
        type: 'openldap',
        url: 'ldaps://127.0.0.1:1',
        bindDn: connection!.bindDn,
        bindPassword: 'x',
        baseDn: connection!.baseDn,
        mode: 'passthrough',
      },
      cliActor,
    );
    const refused = await stepUp(cookie, initialPassword);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().code).toBe('DIRECTORY_UNREACHABLE');
    const changeRefused = await change(cookie, initialPassword, 'Harbour-Lantern-Quay-42');
    expect(changeRefused.statusCode).toBe(503);
    expect(changeRefused.json()).toMatchObject({ code: 'DIRECTORY_UNREACHABLE', reason: 'SSPR_0030' });
    expect(await failedCount(user.userId)).toBe(0);
  });
});
