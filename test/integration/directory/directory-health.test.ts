/**
 * The writeback health pre-check (issue 7, reference §6.2), on both store dialects against private slapd
 * servers: a healthy directory lets the verified user on to the new password (and a burst of flows costs it one
 * service bind, cached on the clock); a wrong service bind password is SSPR_0029 and a stopped slapd SSPR_0030,
 * told when the last gate is passed — before the password form — and audited; a tenant that reveals
 * eligibility tells it at the start. Every start in the tenant costs the directory the same calls, whoever the
 * user ID names; a decoy's gates cost it nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryConnector } from '../../../src/adapters/directory/directory-connector.js';
import type { Tenant } from '../../../src/core/model.js';
import type { DirectoryConnector } from '../../../src/core/ports.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { anOnPremUser, connectTenant, ldapUser } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { resetApi } from '../../support/reset.js';
import { csrfOf, methodIdFor, resetBrowser } from '../../support/reset-pages.js';
import { lastCodeTo } from '../../support/security-info.js';
import { baseDn, serviceDn, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const dialects = testDialects();
const en = (key: Parameters<typeof translate>[1]) => escapeHtml(translate('en', key));

let slapd: Slapd;
let stopped: Slapd;
/** For the wrong service password: its failed binds count towards ppolicy lockout of the service account there. */
let lockable: Slapd;
beforeAll(async () => {
  lockable = await startSlapd({ tls: true });
  slapd = await startSlapd({
    tls: true,
    extraLdif: dialects
      .flatMap((d) => ['One', 'Two', 'Three', 'Four', 'Cloud'].map((n) => ldapUser(`${n}${d}`)))
      .join('\n'),
  });
  // A real server that is then stopped: its port answers nothing, as a directory that went down.
  stopped = await startSlapd({ tls: true });
  await stopped.stop();
});
afterAll(async () => {
  await slapd?.stop();
  await lockable?.stop();
});

/** The real connector, counting the health probes (`test()`: one service bind each) and the other directory calls. */
const countingConnector = () => {
  const counter = { probes: 0, calls: 0 };
  const real = createDirectoryConnector();
  const connector: DirectoryConnector = {
    connect(settings) {
      const connection = real.connect(settings);
      return {
        ...connection,
        test: () => ((counter.probes += 1), connection.test()),
        findUser: (login) => ((counter.calls += 1), connection.findUser(login)),
        isLocked: (dn) => ((counter.calls += 1), connection.isLocked(dn)),
      };
    },
  };
  return { counter, connector };
};

describe.each(dialects)('writeback health pre-check (%s)', (dialect) => {
  const { counter, connector } = countingConnector();
  const ctx = useHttpWorld(dialect, { env, overrides: { directoryConnector: connector } });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;
  let healthy: Tenant;
  let misconfigured: Tenant;
  let offline: Tenant;
  beforeAll(async () => {
    healthy = await connectTenant(app(), slapd);
    misconfigured = await app().services.tenants.createTenant({
      name: 'Misconfigured',
      domain: 'misconfigured.example',
      country: 'NL',
    });
    await app().services.directories.add(
      misconfigured.tenantId,
      {
        type: 'openldap',
        url: lockable.url,
        startTls: true,
        caFile: lockable.caFile ?? null,
        bindDn: serviceDn,
        bindPassword: 'not-the-service-password',
        baseDn,
      },
      cliActor,
    );
    offline = await app().services.tenants.createTenant({ name: 'Offline', domain: 'offline.example', country: 'NL' });
    await app().services.directories.add(
      offline.tenantId,
      {
        // The stopped server's files went with it; any readable CA file will do, the connection fails before TLS.
        type: 'openldap',
        url: stopped.url,
        startTls: true,
        caFile: slapd.caFile ?? null,
        bindDn: serviceDn,
        bindPassword: 'x',
        baseDn,
      },
      cliActor,
    );
  });

  /** Starts a flow, chooses to reset and asks for the email code; returns what verifying needs. */
  const challenged = async (upn: string) => {
    const flowId = await api().flowOf(upn);
    expect((await api().intent(flowId, 'reset')).statusCode).toBe(200);
    const email = (await api().view(flowId)).json().methods.find((m: { type: string }) => m.type === 'email');
    expect((await api().challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
    return { flowId, methodId: email.id as string };
  };
  const verifyLastGate = async (user: { upn: string; alternateEmail: string | null }) => {
    const { flowId, methodId } = await challenged(user.upn);
    return {
      flowId,
      verified: await api().verify(flowId, { methodId, code: await lastCodeTo(app(), user.alternateEmail!) }),
    };
  };

  // The manual clock gives a test's events one instant, so the event is picked by what it says, not by order.
  const healthEvent = async (tenantId: string) =>
    (await app().store.audit.list(tenantId, { activity: 'Self-service password reset flow activity progress' })).find(
      (e) => e.details.detail === 'On-premises directory health check failed',
    );

  it('lets a verified user on to the new password when the directory answers; a burst binds once, the next window again', async () => {
    const [one, two, three] = await Promise.all(
      ['One', 'Two', 'Three'].map((n) => anOnPremUser(app(), healthy, `${n}${dialect}`)),
    );
    ctx.world.clock.advance(30);
    const before = counter.probes;
    // The start probes (to ask whether the account is locked on-premises); the last gate reuses that outcome.
    const { flowId, methodId } = await challenged(one!.upn);
    expect(counter.probes).toBe(before + 1);
    const first = await api().verify(flowId, { methodId, code: await lastCodeTo(app(), one!.alternateEmail!) });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ canSetPassword: true });
    expect(counter.probes).toBe(before + 1);
    // A few seconds later (each call moves the clock a second): the cached outcome, no second bind.
    expect((await verifyLastGate(two!)).verified.json()).toMatchObject({ canSetPassword: true });
    expect(counter.probes).toBe(before + 1);
    ctx.world.clock.advance(30);
    expect((await verifyLastGate(three!)).verified.json()).toMatchObject({ canSetPassword: true });
    expect(counter.probes).toBe(before + 2);
    expect((await api().password(flowId, 'Tulip-Canal-Bridge-88')).statusCode).toBe(200);
  });

  it("never reaches the directory on a decoy's gates: only its start does, as every start does", async () => {
    const flowId = await api().flowOf(`nobody.${dialect}@example.org`);
    ctx.world.clock.advance(30);
    const before = counter.probes + counter.calls;
    expect((await api().intent(flowId, 'reset')).statusCode).toBe(200);
    const [method] = (await api().view(flowId)).json().methods as { id: string; type: string }[];
    await api().challenge(flowId, { methodId: method!.id });
    expect(
      (await api().verify(flowId, { methodId: method!.id, code: '12345678', answers: [] })).statusCode,
    ).toBeGreaterThanOrEqual(400);
    expect(counter.probes + counter.calls).toBe(before);
  });

  it('costs the directory the same calls at the start for an on-premises, a cloud and an unknown user ID', async () => {
    const onPrem = await anOnPremUser(app(), healthy, `Four${dialect}`);
    const cloud = await anOnPremUser(app(), healthy, `Cloud${dialect}`, 'cloud');
    const costOf = async (upn: string) => {
      // A fresh health window each time, so every start pays for its probe too.
      ctx.world.clock.advance(30);
      const before = counter.calls + counter.probes;
      expect((await api().start(upn)).statusCode).toBe(200);
      return counter.calls + counter.probes - before;
    };
    const onPremCost = await costOf(onPrem.upn);
    expect(onPremCost).toBeGreaterThan(0);
    expect(await costOf(cloud.upn)).toBe(onPremCost);
    expect(await costOf(`nobody.${dialect}@example.org`)).toBe(onPremCost);
  });

  it('answers SSPR_0029 once the gates are passed when the service account cannot bind, audited; the flow is left open', async () => {
    const user = await anOnPremUser(app(), misconfigured, 'wrongbind');
    const { flowId, verified } = await verifyLastGate(user);
    expect(verified.statusCode).toBe(502);
    expect(verified.json()).toMatchObject({
      code: 'DIRECTORY_MISCONFIGURED',
      reason: 'SSPR_0029',
      detail: translate('en', 'reset.ineligible.SSPR_0029'),
    });
    expect(JSON.stringify(verified.json())).not.toMatch(/diagnostic|invalid credentials|data 52e/i);
    expect(await healthEvent(misconfigured.tenantId)).toMatchObject({
      result: 'failure',
      resultReason: 'SSPR_0029:serviceBindFailed',
      details: { writeback: 'unavailable' },
    });
    // Left as it is: the user can come back while it lasts (and hears the same until the directory is fixed).
    expect((await api().view(flowId)).json()).toMatchObject({ status: 'active', canSetPassword: true });
  });

  it('shows SSPR_0030 instead of the password form when the directory is down (pages)', async () => {
    const user = await anOnPremUser(app(), offline, 'downpage');
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    const started = await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: user.upn,
      captcha: await browser.solveCaptcha(),
    });
    expect(started.statusCode, started.body).toBe(303);
    const intent = await browser.get('/passwordreset/flow');
    expect((await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' })).statusCode).toBe(
      303,
    );
    const methods = await browser.get('/passwordreset/flow');
    expect(
      (
        await browser.post('/passwordreset/challenge', {
          _csrf: csrfOf(methods),
          methodId: methodIdFor(methods, en('reset.method.email')),
        })
      ).statusCode,
    ).toBe(303);
    const codePage = await browser.get('/passwordreset/flow');
    const methodId = /name="methodId" value="([^"]+)"/.exec(codePage.body)![1]!;
    const verified = await browser.post('/passwordreset/verify', {
      _csrf: csrfOf(codePage),
      methodId,
      code: await lastCodeTo(app(), user.alternateEmail!),
    });
    // Post/redirect/get (issue 14): the refusal is shown by the page the post redirects to, with its status.
    expect(verified.statusCode).toBe(303);
    const refused = await browser.get('/passwordreset/flow');
    expect(refused.statusCode).toBe(503);
    expect(refused.body).toContain(en('reset.ineligible.SSPR_0030'));
    expect(refused.body).not.toContain(en('reset.password.heading'));
    expect(refused.body).not.toContain('name="newPassword"');
    expect(await healthEvent(offline.tenantId)).toMatchObject({ result: 'failure', resultReason: 'SSPR_0030' });
  });

  it('tells SSPR_0030 at the start when the tenant reveals eligibility; an unknown user of the tenant still gets a flow', async () => {
    const user = await anOnPremUser(app(), offline, 'downstart');
    await app().services.ssprPolicy.update(offline.tenantId, { revealEligibility: true }, cliActor);
    try {
      const refused = await api().start(user.upn);
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ code: 'DIRECTORY_UNREACHABLE', reason: 'SSPR_0030' });
      expect((await api().start('nobody@offline.example')).statusCode).toBe(200);
    } finally {
      await app().services.ssprPolicy.update(offline.tenantId, { revealEligibility: false }, cliActor);
    }
  });

  it("logs a passthrough user's sign-in refused for an unreachable directory under the user (80001)", async () => {
    const user = await anOnPremUser(app(), offline, 'downsignin', 'passthrough');
    const before = await app().store.signIns.after(offline.tenantId, 0, 1000);
    const result = await app().services.signIn.signIn({
      username: user.upn,
      password: 'Whatever-It-Is-1',
      ipAddress: '203.0.113.9',
      userAgent: 'test',
    });
    expect(result).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
    const added = (await app().store.signIns.after(offline.tenantId, 0, 1000)).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      userId: user.userId,
      upn: user.upn,
      result: 'failure',
      errorCode: 80001,
      failureReason: 'DIRECTORY_UNREACHABLE',
      ipAddress: '203.0.113.9',
    });
  });
});
