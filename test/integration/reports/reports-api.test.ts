/**
 * The report, audit and sign-in routes (issue #15 items 1–5) over the real app on each dialect: who may
 * read them, every filter, the refusals with their stable codes, CSV, the licence gate of Usage & insights.
 */
import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../../src/services/audit/audit-recorder.js';
import { parseRegistrationQuery, type RegistrationRow } from '../../../src/services/reports/registration-report.js';
import { registrationOf } from '../../../src/services/security-info/security-info-views.js';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedAuthenticator } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('admin API: reports, audit and sign-in logs (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const get = (cookie: string, url: string) =>
    ctx.server.inject({ method: 'GET', url: `/api/v1/admin${url}`, headers: { cookie } });

  /** A fresh tenant with a Reports Reader signed in, so each test counts only its own events. */
  const readerOfNewTenant = async (roles = ['Reports Reader']) => {
    const tenant = await aTenant(ctx.world.app);
    const reader = await signedInAs(ctx, roles, tenant.domains[0]);
    return { tenant, domain: tenant.domains[0]!, reader };
  };

  it('lets Reports Reader, Security Reader, Global Reader and Global Administrator read; others get 403; nobody writes', async () => {
    const { domain } = await readerOfNewTenant();
    for (const role of ['Reports Reader', 'Security Reader', 'Global Reader', 'Global Administrator']) {
      const { cookie } = await signedInAs(ctx, [role], domain);
      for (const url of ['/audit', '/sign-ins', '/reports/registration', '/siem/status'])
        expect((await get(cookie, url)).statusCode, `${role} ${url}`).toBe(200);
    }
    for (const role of ['Helpdesk Administrator', 'User Administrator', 'License Administrator']) {
      const { cookie } = await signedInAs(ctx, [role], domain);
      for (const url of ['/audit', '/sign-ins', '/reports/registration', '/reports/usage', '/siem/status']) {
        const response = await get(cookie, url);
        expect(response.statusCode, `${role} ${url}`).toBe(403);
        expect(response.json().code).toBe('FORBIDDEN');
      }
    }
    const { cookie } = await signedInAs(ctx, ['Global Administrator'], domain);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const response = await ctx.server.inject({ method, url: '/api/v1/admin/audit', headers: { cookie } });
      expect([404, 405]).toContain(response.statusCode);
    }
    expect((await ctx.server.inject({ url: '/api/v1/admin/audit' })).statusCode).toBe(401);
  });

  it('filters the audit log by activity, target, result and time, pages it and exports exactly the filtered rows', async () => {
    const { tenant, domain, reader } = await readerOfNewTenant();
    const admin = await signedInAs(ctx, ['Password Administrator'], domain);
    const target = await aUser(ctx.world.app, domain);
    ctx.world.clock.advance(60);
    const reset = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${encodeURIComponent(target.upn)}/password`,
      headers: { cookie: admin.cookie },
      payload: { password: 'Fresh-Horse-4711', forceChangePasswordNextSignIn: false },
    });
    expect(reset.statusCode).toBe(200);

    const byAdmin = await get(reader.cookie, `/audit?activity=${encodeURIComponent('Reset password (by admin)')}`);
    expect(byAdmin.json().value).toHaveLength(1);
    expect(byAdmin.json().value[0]).toMatchObject({
      service: 'Self-service Password Management',
      category: 'UserManagement',
      activity: 'Reset password (by admin)',
      result: 'success',
      actor: { upn: admin.user.upn },
      target: { id: target.userId, name: target.upn },
    });
    const forTarget = (await get(reader.cookie, `/audit?target=${encodeURIComponent(target.upn)}`)).json().value;
    expect(forTarget.map((e: { activity: string }) => e.activity).sort()).toEqual([
      'Add user',
      'Reset password (by admin)',
      'Reset user password',
    ]);
    expect((await get(reader.cookie, `/audit?target=${target.userId}&result=failure`)).json().value).toEqual([]);
    const since = new Date(ctx.world.clock.now().getTime() - 30_000).toISOString();
    const recent = (await get(reader.cookie, `/audit?since=${since}`)).json().value;
    expect(recent).toHaveLength(2);
    expect((await get(reader.cookie, `/audit?until=${since}&target=${target.upn}`)).json().value).toHaveLength(1);

    const all = (await get(reader.cookie, '/audit?top=1000')).json().value as Array<{ eventId: string }>;
    const second = (await get(reader.cookie, '/audit?top=1&skip=1')).json();
    expect(second).toMatchObject({ top: 1, skip: 1 });
    expect(second.value[0].eventId).toBe(all[1]!.eventId);

    const csv = await get(reader.cookie, `/audit?format=csv&target=${encodeURIComponent(target.upn)}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('"activityDisplayName"');
    expect(lines).toHaveLength(1 + forTarget.length);
    expect(tenant.tenantId).toBeTruthy();
  });

  it('exports more rows than one keyset page, newest first, in order, without repeats', async () => {
    const { tenant, reader } = await readerOfNewTenant();
    const app = ctx.world.app;
    const events = Array.from({ length: 2503 }, (_, i) =>
      auditEventOf(
        {
          clock: { now: () => new Date(Date.UTC(2026, 1, 1) + Math.floor(i / 3) * 1000) },
          random: app.services.deps.random,
        },
        {
          tenantId: tenant.tenantId,
          activity: 'resetPasswordSelfService',
          result: i % 2 === 0 ? 'success' : 'failure',
          actor: { type: 'user', id: null, upn: `=cmd|' /C calc'!A0` },
        },
      ),
    );
    // In parallel slices: one round trip per event would take long on a busy PostgreSQL.
    for (let i = 0; i < events.length; i += 100)
      await Promise.all(events.slice(i, i + 100).map((event) => app.store.audit.append(event)));
    const csv = await get(
      reader.cookie,
      `/audit?format=csv&activity=${encodeURIComponent('Reset password (self-service)')}`,
    );
    const rows = csv.body.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(2503);
    const ids = rows.map((r) => r.split('","')[12]);
    expect(new Set(ids).size).toBe(2503);
    const times = rows.map((r) => r.slice(1, 25));
    expect([...times].sort().reverse()).toEqual(times);
    // A cell that a spreadsheet would run as a formula is quoted to text.
    expect(rows[0]).toContain(`"'=cmd|`);
    const failures = await get(reader.cookie, '/audit?format=csv&result=failure&since=2026-02-01');
    expect(failures.body.trim().split('\r\n')).toHaveLength(1 + 1251);
  }, 120_000);

  it('refuses bad filters with stable codes, never a 500', async () => {
    const { reader } = await readerOfNewTenant();
    const cases: Array<[string, number, string]> = [
      ['/audit?colour=red', 400, 'REPORT_FILTER_UNKNOWN'],
      ['/audit?since=yesterday', 400, 'REPORT_DATE_INVALID'],
      ['/audit?since=2026-03-02&until=2026-03-01', 400, 'REPORT_RANGE_REVERSED'],
      ['/audit?top=1001', 400, 'REPORT_PAGE_TOO_LARGE'],
      ['/audit?top=0', 400, 'REPORT_PAGE_TOO_LARGE'],
      ['/audit?skip=75001', 400, 'REPORT_PAGE_TOO_LARGE'],
      ['/audit?top=ten', 400, 'VALIDATION_FAILED'],
      ['/audit?result=maybe', 400, 'VALIDATION_FAILED'],
      ['/audit?activity=Nope', 400, 'VALIDATION_FAILED'],
      ['/audit?format=xml', 400, 'VALIDATION_FAILED'],
      ['/sign-ins?target=x', 400, 'REPORT_FILTER_UNKNOWN'],
      ['/sign-ins?until=2026-13-45', 400, 'REPORT_DATE_INVALID'],
      ['/reports/registration?registered=maybe', 400, 'VALIDATION_FAILED'],
      ['/reports/registration?method=carrierPigeon', 400, 'VALIDATION_FAILED'],
      ['/reports/registration?group=nobody', 404, 'GROUP_NOT_FOUND'],
      ['/reports/registration?since=2026-01-01', 400, 'REPORT_FILTER_UNKNOWN'],
      ['/reports/usage?since=2026-03-02&until=2026-03-01', 400, 'REPORT_RANGE_REVERSED'],
      ['/reports/usage?activity=x', 400, 'REPORT_FILTER_UNKNOWN'],
    ];
    for (const [url, status, code] of cases) {
      const response = await get(reader.cookie, url);
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      expect(response.json().code, url).toBe(code);
    }
  });

  it('records sign-ins with Entra error codes, the client address and user agent, filtered and as CSV', async () => {
    const { domain, reader } = await readerOfNewTenant();
    const user = await aUser(ctx.world.app, domain);
    const attempt = (password: string, username = user.upn) =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password },
        headers: { 'user-agent': 'Mozilla/5.0 (test)' },
      });
    expect((await attempt('Wrong-Horse-1')).statusCode).toBe(401);
    expect((await attempt(aPassword)).statusCode).toBe(200);
    expect((await attempt(aPassword, `nobody@${domain}`)).statusCode).toBe(401);
    // Smart lockout: enough distinct wrong passwords lock the account; the right one then answers "locked".
    for (let i = 0; i < 10; i++) await attempt(`Wrong-Horse-${i + 2}`);
    expect((await attempt(aPassword)).statusCode).toBe(423);

    const mine = (await get(reader.cookie, `/sign-ins?user=${encodeURIComponent(user.upn)}&top=100`)).json().value;
    expect(mine[0]).toMatchObject({ result: 'failure', errorCode: 50053, upn: user.upn.toLowerCase() });
    expect(mine.at(-1)).toMatchObject({
      result: 'failure',
      errorCode: 50126,
      userId: user.userId,
      ipAddress: '127.0.0.1',
      userAgent: 'Mozilla/5.0 (test)',
    });
    expect(mine.filter((e: { result: string }) => e.result === 'success')).toHaveLength(1);
    const successes = (await get(reader.cookie, '/sign-ins?result=success')).json().value;
    expect(successes.map((e: { upn: string }) => e.upn)).toContain(user.upn.toLowerCase());
    const unknown = (await get(reader.cookie, `/sign-ins?user=nobody@${domain}`)).json().value;
    expect(unknown).toEqual([expect.objectContaining({ userId: null, errorCode: 50126 })]);
    const csv = await get(reader.cookie, `/sign-ins?format=csv&user=${encodeURIComponent(user.upn)}`);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + mine.length);
    // A domain no tenant holds is recorded nowhere and tells nothing.
    expect((await signInApi(ctx.server, 'someone@unknown.example', aPassword)).statusCode).toBe(401);
  });

  it('reports registration per user: registered, enabled, capable, methods, admin; totals, filters, CSV', async () => {
    const { tenant, reader } = await readerOfNewTenant();
    const app = ctx.world.app;
    const registered = await aResetUser(app, tenant);
    const unlicensed = await aResetUser(app, tenant, { licensed: false });
    const bare = await aResetUser(app, tenant, { alternateEmail: '' });
    await aVerifiedAuthenticator(app, bare, ctx.world.clock.now().toISOString());
    const nothing = await aResetUser(app, tenant, { alternateEmail: '' });
    const report = (query = '') => get(reader.cookie, `/reports/registration${query}`);
    const body = (await report('?top=1000')).json();
    const row = (upn: string) => body.value.find((r: { userPrincipalName: string }) => r.userPrincipalName === upn);
    expect(row(registered.upn)).toMatchObject({
      isSsprRegistered: true,
      isSsprEnabled: true,
      isSsprCapable: true,
      isAdmin: false,
      methodsRegistered: ['alternateEmail'],
      defaultMethod: 'alternateEmail',
    });
    expect(row(unlicensed.upn)).toMatchObject({
      isSsprRegistered: true,
      isSsprEnabled: false,
      isSsprCapable: false,
      ssprDisabledReason: 'SSPR_0012',
    });
    expect(row(bare.upn)).toMatchObject({ isSsprRegistered: true, methodsRegistered: ['authenticatorApp'] });
    expect(row(bare.upn).lastUpdatedDateTime).toBe(ctx.world.clock.now().toISOString());
    expect(row(nothing.upn)).toMatchObject({ isSsprRegistered: false, isSsprCapable: false, methodsRegistered: [] });
    // The reader is an administrator by Entra's list? Reports Reader is not: follows the user policy.
    expect(row(reader.user.upn)).toMatchObject({ isAdmin: false });
    expect(body.totals).toMatchObject({ users: 5, registered: 3, notRegistered: 2, capable: 2, notCapable: 3 });
    expect(body.byMethod).toContainEqual({ method: 'alternateEmail', count: 2 });
    expect(body.byMethod).toContainEqual({ method: 'authenticatorApp', count: 1 });

    const upns = async (query: string) =>
      (await report(query))
        .json()
        .value.map((r: { userPrincipalName: string }) => r.userPrincipalName)
        .sort();
    expect(await upns('?registered=false')).toEqual([nothing.upn, reader.user.upn].sort());
    expect(await upns('?capable=true')).toEqual([registered.upn, bare.upn].sort());
    expect(await upns('?method=authenticatorApp')).toEqual([bare.upn]);
    const group = await app.services.groups.createGroup(tenant.tenantId, 'Pilot');
    await app.services.groups.addMember(tenant.tenantId, 'Pilot', { upn: unlicensed.upn });
    expect(await upns('?group=Pilot')).toEqual([unlicensed.upn]);
    expect(group).toBeTruthy();
    const page = (await report('?top=2&skip=1')).json();
    expect(page.value).toHaveLength(2);
    expect(page.totals.users).toBe(5);

    const csv = await report('?format=csv&capable=false');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('"isSsprCapable"');
    expect(lines).toHaveLength(1 + 3);
  });

  it('pages the registration report exactly as the full computation, each row as the per-user rules decide', async () => {
    const { tenant, reader } = await readerOfNewTenant();
    const app = ctx.world.app;
    const now = ctx.world.clock.now().toISOString();
    await aResetUser(app, tenant);
    await aResetUser(app, tenant, { licensed: false });
    await aResetUser(app, tenant, { alternateEmail: '', mobilePhone: '+31612345678' });
    await aResetUser(app, tenant, { alternateEmail: '' });
    await aResetUser(app, tenant, { roles: ['Global Administrator'] });
    const admin = await aResetUser(app, tenant, { roles: ['Password Administrator'], mobilePhone: '+31687654321' });
    await aVerifiedAuthenticator(app, admin, now);
    await aResetUser(app, tenant, { source: 'synced', officePhone: '+31201234567' });
    for (const extra of [0, 1, 2]) await aResetUser(app, tenant, { licensed: extra !== 1 });
    await app.services.groups.createGroup(tenant.tenantId, 'Pilot');
    await app.services.groups.addMember(tenant.tenantId, 'Pilot', { upn: admin.upn });

    for (const filter of ['', '&capable=false', '&registered=true', '&method=mobilePhone']) {
      const full: RegistrationRow[] = [];
      const parsed = Object.fromEntries(new URLSearchParams(filter.slice(1)));
      for await (const row of app.services.registrationReport.rows(
        tenant.tenantId,
        parseRegistrationQuery(parsed).filter,
      ))
        full.push(row);
      const paged: RegistrationRow[] = [];
      let totals: unknown;
      for (let skip = 0; skip <= full.length; skip += 3) {
        const page = (await get(reader.cookie, `/reports/registration?top=3&skip=${skip}${filter}`)).json();
        paged.push(...page.value);
        totals ??= page.totals;
        expect(page.totals, `totals are those of the whole filtered set (${filter})`).toEqual(totals);
      }
      expect(paged, filter).toEqual(full);
      expect(totals).toMatchObject({
        users: full.length,
        registered: full.filter((r) => r.isSsprRegistered).length,
        capable: full.filter((r) => r.isSsprCapable).length,
        enabled: full.filter((r) => r.isSsprEnabled).length,
        admins: full.filter((r) => r.isAdmin).length,
      });
    }

    // Each row against the rules sign-in and reset apply to one user at a time.
    const rows: RegistrationRow[] = [];
    for await (const row of app.services.registrationReport.rows(tenant.tenantId)) rows.push(row);
    expect(rows.length).toBe(11);
    expect(new Set(rows.map((r) => `${r.isAdmin}${r.isSsprRegistered}${r.isSsprEnabled}`)).size).toBeGreaterThan(3);
    for (const row of rows) {
      const user = (await app.store.users.findByUpn(tenant.tenantId, row.userPrincipalName))!;
      const verdict = await registrationOf(app.services.deps, app.store, user);
      const { eligibility } = await app.services.licensing.licensingOf(user);
      const registered = verdict.registeredCount >= verdict.methodsRequired;
      expect(row, row.userPrincipalName).toMatchObject({
        isSsprRegistered: registered,
        methodsRequired: verdict.methodsRequired,
        isSsprEnabled: eligibility.canResetPassword.allowed,
        isSsprCapable: registered && eligibility.canResetPassword.allowed && user.accountEnabled,
      });
    }
  });

  it('gates Usage & insights on the usageInsights entitlement, then counts resets, unlocks and registrations', async () => {
    const { tenant, reader } = await readerOfNewTenant();
    const app = ctx.world.app;
    const refused = await get(reader.cookie, '/reports/usage');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'REPORT_LICENSE_REQUIRED', entitlement: 'usageInsights' });
    expect(refused.json().requiredSkus).toContain('AAD_PREMIUM_P1');
    expect((await get(reader.cookie, '/reports/usage?format=csv')).statusCode).toBe(403);
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_BASIC', 10, 'add');
    expect((await get(reader.cookie, '/reports/usage')).json().code).toBe('REPORT_LICENSE_REQUIRED');
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P2', 10, 'add');

    const at = (day: number) => ({ now: () => new Date(Date.UTC(2026, 1, day, 12)) });
    const add = (day: number, activity: Parameters<typeof auditEventOf>[1]['activity'], extra = {}) =>
      app.store.audit.append(
        auditEventOf(
          { clock: at(day), random: app.services.deps.random },
          { tenantId: tenant.tenantId, activity, actor: { type: 'user', id: null, upn: 'u@x' }, ...extra },
        ),
      );
    await add(10, 'resetPasswordSelfService', { details: { methods: 'email,mobileSms' } });
    await add(10, 'resetPasswordSelfService', { details: { methods: 'email' } });
    await add(11, 'resetPasswordSelfService', { result: 'failure', resultReason: 'PasswordPolicyViolation' });
    await add(11, 'resetPasswordSelfService', { result: 'failure', resultReason: 'SSPR_0030' });
    await add(11, 'unlockSelfService', { details: { methods: 'authenticatorApp' } });
    await add(12, 'blockedFromSspr', { result: 'failure', resultReason: 'TooManyAttempts' });
    await add(12, 'resetFlowProgress', { result: 'failure', resultReason: 'CODE_INVALID' });
    await add(12, 'userRegisteredForSspr');
    await add(20, 'resetPasswordSelfService');

    const usage = (await get(reader.cookie, '/reports/usage?since=2026-02-10&until=2026-02-13')).json();
    expect(usage.days).toEqual([
      {
        day: '2026-02-10',
        resetsSucceeded: 2,
        resetsFailed: 0,
        unlocksSucceeded: 0,
        unlocksFailed: 0,
        registrations: 0,
      },
      {
        day: '2026-02-11',
        resetsSucceeded: 0,
        resetsFailed: 2,
        unlocksSucceeded: 1,
        unlocksFailed: 0,
        registrations: 0,
      },
      {
        day: '2026-02-12',
        resetsSucceeded: 0,
        resetsFailed: 1,
        unlocksSucceeded: 0,
        unlocksFailed: 0,
        registrations: 1,
      },
    ]);
    expect(usage.byMethod).toEqual([
      { method: 'email', count: 2 },
      { method: 'mobileSms', count: 1 },
      { method: 'authenticatorApp', count: 1 },
    ]);
    const failures = Object.fromEntries(
      usage.failures.map((f: { reason: string; count: number }) => [f.reason, f.count]),
    );
    expect(failures).toMatchObject({ passwordRefused: 1, directoryError: 1, blocked: 1, gatesNotPassed: 1 });
    const csv = await get(reader.cookie, '/reports/usage?since=2026-02-10&until=2026-02-13&format=csv');
    expect(csv.body.trim().split('\r\n')).toEqual([
      '"day","resetsSucceeded","resetsFailed","unlocksSucceeded","unlocksFailed","registrations"',
      '"2026-02-10","2","0","0","0","0"',
      '"2026-02-11","0","2","1","0","0"',
      '"2026-02-12","0","1","0","0","1"',
    ]);
    // The default window is the 30 days before now: 31 calendar days, the first and last partly.
    const recent = (await get(reader.cookie, '/reports/usage')).json();
    expect(recent.days).toHaveLength(31);
    expect(recent.until).toBe(ctx.world.clock.now().toISOString());
  });
});
