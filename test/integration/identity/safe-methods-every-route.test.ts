/**
 * Safe methods never change state (checklist §11 row 21, ASVS 3.5, RFC 9110 §9.2.1), over the routes the server
 * really has — Fastify's route table, so a GET added later is checked without anyone listing it: every GET and HEAD
 * is called anonymously, as a signed-in user and as a Global Administrator (a browser's reset tab cookie too), with
 * real ids from the world where the route takes parameters, and every row of every table is compared before and
 * after. What a read may legitimately change is listed below with its reason; anything else is a failure naming the
 * route and the rows. Both dialects (about 17 s on SQLite, 25 s on PostgreSQL: hence its own timeout).
 */
import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/i18n.js';
import { tinyPng } from '../../support/branding.js';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedAuthenticator, resetApi } from '../../support/reset.js';
import { csrfOf, methodIdFor, resetBrowser } from '../../support/reset-pages.js';
import { routesOf } from '../../support/routes.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { differences, snapshotOf, useSnapshotWorld, type Ignored } from '../../support/store-snapshot.js';

const metricsToken = 'metrics-token-read-only-0123456789abcdef';
const env = {
  SSPR_CAPTCHA_DIFFICULTY: '20',
  SSPR_RESET_RATE_LIMIT: '100000',
  SSPR_RESET_TENANT_RATE_LIMIT: '100000',
  // So /metrics is served (to its token) on both dialects, not a 404 outside embedded loopback mode.
  SSPR_METRICS_TOKEN: metricsToken,
};

/** What a GET may change, and why. Nothing else. */
const legitimate: Ignored = {
  // The sliding idle timeout (30 minutes): a request with a session refreshes its last-seen time, at most once a
  // minute (session-policy.ts). The test moves the clock a minute per route, so this happens on every one.
  'sessions.last_seen_at': 'sliding idle expiry of the session that made the request',
};

/**
 * Routes no caller can get a 2xx or 3xx from in this world, each with the reason (none today: every GET is reached
 * with real ids). They are still called and must still change nothing.
 */
const refusedToEveryone: Record<string, string> = {};

describe.each(testDialects())('safe methods change nothing, on every route (%s)', (dialect) => {
  const ctx = useSnapshotWorld(dialect, { env });
  const app = () => ctx.world.app;

  /** The world a route's parameters come from: a user with security info, an admin, a group, a logo. */
  const build = async () => {
    const tenant = (await app().store.tenants.findById(ctx.tenantId))!;
    const admin = await aUser(app(), ctx.domain, { roles: ['Global Administrator'] });
    const user = await aResetUser(app(), tenant);
    await aVerifiedAuthenticator(app(), user, ctx.world.clock.now().toISOString());
    const userCookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const adminCookie = await sessionCookie(ctx.server, admin.upn, aPassword);
    const pendingId = (
      await methodsApi(ctx.server, userCookie, ctx.world.clock).add({
        type: 'alternateEmail',
        address: 'pending.read@mail.example',
      })
    ).json().method.id as string;
    await lastCodeTo(app(), 'pending.read@mail.example');
    const methods = await app().store.securityInfo.listMethods(ctx.tenantId, user.userId);
    const verifiedId = methods.find((m) => m.status === 'verified')!.methodId;
    const group = await app().services.groups.createGroup(ctx.tenantId, 'Readers');
    await app().services.branding.update(
      ctx.tenantId,
      { displayName: 'Contoso Portal', accentColour: '#8a1c7c' },
      { type: 'cli', id: null, upn: null },
    );
    const logo = await ctx.server.inject({
      method: 'PUT',
      url: '/api/v1/admin/branding/logo',
      headers: { cookie: adminCookie },
      payload: { image: tinyPng.toString('base64') },
    });
    expect(logo.statusCode, logo.body).toBe(200);
    const agent = await app().services.agents.enroll(ctx.tenantId, 'Utrecht', { type: 'cli', id: null, upn: null });
    return {
      agentId: agent.agentId,
      tenant,
      admin,
      user,
      userCookie,
      adminCookie,
      pendingId,
      verifiedId,
      group,
      logoUrl: logo.json().logo.url,
    };
  };
  type Built = Awaited<ReturnType<typeof build>>;

  /** A live reset flow, made before the "before" snapshot: its id for the API, and a tab holding it for the pages. */
  const aFlow = async (w: Built) => {
    const flowId = await resetApi(ctx.server, ctx.world.clock).flowOf(w.user.upn);
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: w.user.upn,
      captcha: await browser.solveCaptcha(),
    });
    return { flowId, tab: browser.cookie(), handle: browser.tab.handle };
  };

  /** A tab whose flow finished (another user's reset, walked through the pages): what `/passwordreset/done` shows. */
  const aFinishedTab = async (w: Built) => {
    const other = await aResetUser(app(), w.tenant);
    const browser = resetBrowser(() => ctx.server);
    const email = translate('en', 'reset.method.email');
    const start = await browser.get('/passwordreset');
    await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: other.upn,
      captcha: await browser.solveCaptcha(),
    });
    const intent = await browser.get('/passwordreset/flow');
    await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
    const methods = await browser.get('/passwordreset/flow');
    const methodId = methodIdFor(methods, email);
    await browser.post('/passwordreset/challenge', { _csrf: csrfOf(methods), methodId });
    const codePage = await browser.get('/passwordreset/flow');
    const code = await lastCodeTo(app(), other.alternateEmail!);
    await browser.post('/passwordreset/verify', { _csrf: csrfOf(codePage), methodId, code });
    const passwordPage = await browser.get('/passwordreset/flow');
    const done = await browser.post('/passwordreset/password', {
      _csrf: csrfOf(passwordPage),
      newPassword: 'Tulip-Canal-Bridge-88',
      confirmPassword: 'Tulip-Canal-Bridge-88',
    });
    expect(String(done.headers.location)).toContain('/passwordreset/done');
    return { url: `/passwordreset/done?f=${browser.tab.handle}`, cookie: browser.cookie() };
  };

  /** The URL for a route, with real ids, and the cookies a browser of that wizard tab holds. */
  const urlFor = async (w: Built, path: string): Promise<{ url: string; cookie: string; headers?: object }> => {
    if (path === '/metrics') return { url: path, cookie: '', headers: { authorization: `Bearer ${metricsToken}` } };
    if (path === '/passwordreset/done') return aFinishedTab(w);
    if (path === '/account/security-info/add') return { url: `${path}?kind=alternateEmail`, cookie: '' };
    if (path.startsWith('/passwordreset') || path === '/api/v1/passwordreset/:flowId') {
      const flow = await aFlow(w);
      if (path === '/api/v1/passwordreset/:flowId')
        return { url: '/api/v1/passwordreset/current', cookie: '', headers: { 'x-sspr-flow': flow.flowId } };
      return { url: `${path}?f=${flow.handle}`, cookie: flow.tab };
    }
    const values: Record<string, string> = {
      file: '8a1c7c.css',
      upn: encodeURIComponent(w.user.upn),
      name: encodeURIComponent(w.group.name),
      userId: w.user.userId,
      methodId: w.verifiedId,
      groupId: w.group.groupId,
      agentId: w.agentId,
      id: path.endsWith('/verify') ? w.pendingId : w.verifiedId,
    };
    if (path === '/branding/:tenantId/logo/:version') return { url: w.logoUrl, cookie: '' };
    const url = path.replace(/:([A-Za-z]+)/g, (_all, name: string) => {
      const value = values[name];
      if (!value) throw new Error(`no value for :${name} in ${path}`);
      return value;
    });
    return { url, cookie: '' };
  };

  it('reads the whole route table', () => {
    const safe = routesOf(ctx.server).filter(({ method }) => method === 'GET' || method === 'HEAD');
    expect(safe.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(['GET /signin', 'HEAD /account', 'GET /admin/users/:userId', 'GET /passwordreset/flow']),
    );
    expect(safe.length).toBeGreaterThan(150);
  });

  it('changes no row on any GET or HEAD, anonymous, signed in or as an administrator', async () => {
    const w = await build();
    const safe = routesOf(ctx.server).filter(({ method }) => method === 'GET' || method === 'HEAD');
    const reached = new Map<string, number[]>();
    for (const { method, path } of safe) {
      // A minute apart, so every session's sliding expiry is due: the legitimate change really happens.
      ctx.world.clock.advance(61);
      const { url, cookie, headers } = await urlFor(w, path);
      // Let the delivery worker finish whatever the preparation queued before the "before" snapshot.
      await new Promise((resolve) => setTimeout(resolve, 60));
      const before = await snapshotOf(ctx.copy, { ignored: legitimate });
      for (const who of ['', w.userCookie, w.adminCookie]) {
        const reply = await ctx.server.inject({
          method: method as 'GET',
          url,
          headers: { accept: 'text/html', cookie: [who, cookie].filter(Boolean).join('; '), ...headers },
        });
        expect(reply.statusCode, `${method} ${url}`).toBeLessThan(500);
        reached.set(path, [...(reached.get(path) ?? []), reply.statusCode]);
      }
      const changed = differences(before, await snapshotOf(ctx.copy, { ignored: legitimate }));
      expect(changed, `${method} ${path}`).toEqual([]);
    }
    // Every route was called meaningfully by someone (a 2xx or 3xx), but those listed with their reason.
    const neverReached = [...reached].filter(([, statuses]) => !statuses.some((s) => s < 400)).map(([path]) => path);
    expect(neverReached.sort()).toEqual(Object.keys(refusedToEveryone).sort());
  }, 180_000);
});
