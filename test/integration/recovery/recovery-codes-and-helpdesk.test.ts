/**
 * Recovery codes (issue #17 item 3) and helpdesk verification of a caller (item 4) on both dialects: codes made
 * after a step-up, shown once, stored hashed, replaced as a set; one code passes one gate once (racing uses: one
 * wins), a decoy flow refuses alike; the console's caller check by a code sent to the user or read from the app.
 */
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { formContext } from '../../support/http.js';
import { signedInAs } from '../../support/admin-http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedAuthenticator, resetApi } from '../../support/reset.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sessionCookie } from '../../support/http.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const cli = { type: 'cli' as const, id: null, upn: null };

describe.each(testDialects())('recovery codes and helpdesk verification (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const codesTenant = async () => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    await app().services.ssprPolicy.update(tenant.tenantId, { methods: ['email', 'recoveryCode'] }, cli);
    return tenant;
  };
  const makeCodes = (cookie: string) =>
    ctx.server.inject({ method: 'POST', url: '/api/v1/me/recovery-codes', headers: { cookie } });

  it('makes ten codes after a step-up, shows them once, stores hashes, and a new set revokes the old', async () => {
    const tenant = await codesTenant();
    const user = await aResetUser(app(), tenant);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    ctx.world.clock.advance(11 * 60);
    expect((await makeCodes(cookie)).json().code).toBe('STEP_UP_REQUIRED');
    await methodsApi(ctx.server, cookie, ctx.world.clock).stepUp(aPassword);
    const first = await makeCodes(cookie);
    expect(first.statusCode).toBe(201);
    const codes = first.json<{ codes: string[] }>().codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const status = await ctx.server.inject({ url: '/api/v1/me/recovery-codes', headers: { cookie } });
    expect(status.json()).toMatchObject({ remaining: 10, offered: true });
    expect(status.body).not.toContain(codes[0]!);
    const second = (await makeCodes(cookie)).json<{ codes: string[] }>().codes;
    const events = await app().store.audit.list(tenant.tenantId, { activity: 'User updated security info' });
    expect(events[0]?.details).toMatchObject({ method: 'Recovery codes', count: 10, revokedUnused: 10 });
    expect(JSON.stringify(events)).not.toContain(second[0]!);

    // The old set no longer passes a gate; the new one does, each code once.
    const api = resetApi(ctx.server, ctx.world.clock);
    const gate = async () => {
      const flowId = await api.flowOf(user.upn);
      const view = (await api.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      return { flowId, methodId: view.methods.find((m) => m.type === 'recoveryCode')!.id };
    };
    const old = await gate();
    expect((await api.verify(old.flowId, { methodId: old.methodId, code: codes[0] })).json().code).toBe(
      'RECOVERY_CODE_INVALID',
    );
    const fresh = await gate();
    expect((await api.verify(fresh.flowId, { methodId: fresh.methodId, code: second[0] })).json()).toMatchObject({
      gatesPassed: 1,
      canSetPassword: true,
    });
    const reuse = await gate();
    expect((await api.verify(reuse.flowId, { methodId: reuse.methodId, code: second[0] })).json().code).toBe(
      'RECOVERY_CODE_INVALID',
    );
    expect((await ctx.server.inject({ url: '/api/v1/me/recovery-codes', headers: { cookie } })).json().remaining).toBe(
      9,
    );
  });

  it('lets exactly one of two racing flows pass with the same code', async () => {
    const tenant = await codesTenant();
    const user = await aResetUser(app(), tenant);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const [code] = (await makeCodes(cookie)).json<{ codes: string[] }>().codes;
    const api = resetApi(ctx.server, ctx.world.clock);
    const flows = await Promise.all(
      [1, 2].map(async () => {
        const flowId = await api.flowOf(user.upn);
        const view = (await api.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
        return { flowId, methodId: view.methods.find((m) => m.type === 'recoveryCode')!.id };
      }),
    );
    const results = await Promise.all(flows.map((f) => api.verify(f.flowId, { methodId: f.methodId, code })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });

  it('is refused alike for an unknown user ID and counted by the throttle', async () => {
    const tenant = await codesTenant();
    const api = resetApi(ctx.server, ctx.world.clock);
    // Decoys show recovery codes as often as users hold them; uncalibrated, about half the time: find one that does.
    let decoy: { flowId: string; methodId: string } | undefined;
    for (let i = 0; i < 40 && !decoy; i += 1) {
      const flowId = await api.flowOf(`ghost${i}@${tenant.domains[0]}`);
      const view = (await api.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      const method = view.methods.find((m) => m.type === 'recoveryCode');
      if (method) decoy = { flowId, methodId: method.id };
    }
    expect(decoy).toBeDefined();
    const refused = await api.verify(decoy!.flowId, {
      methodId: decoy!.methodId,
      code: 'aaaa-bbbb-cccc-dddd-eeee-ffff',
    });
    expect(refused.json()).toMatchObject({ status: 400, code: 'RECOVERY_CODE_INVALID' });
    for (let i = 0; i < 5; i += 1) await api.verify(decoy!.flowId, { methodId: decoy!.methodId, code: 'x' });
    expect((await api.verify(decoy!.flowId, { methodId: decoy!.methodId, code: 'x' })).json().code).toBe(
      'SSPR_BLOCKED',
    );
  });

  it('lets the helpdesk verify a caller with a code sent to their email, or read from their app', async () => {
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    const user = await aUser(app(), ctx.domain, { alternateEmail: 'caller@home.example' });
    const url = `/api/v1/admin/users/${encodeURIComponent(user.upn)}/caller-verification`;
    const call = (method: 'GET' | 'POST', path: string, payload?: object) =>
      ctx.server.inject({
        method,
        url: `${url}${path}`,
        headers: { cookie: helpdesk.cookie },
        ...(payload && { payload }),
      });
    const overview = (await call('GET', '')).json<{
      methods: { methodId: string; via: string }[];
      verification: null;
    }>();
    expect(overview.verification).toBeNull();
    const email = overview.methods.find((m) => m.via === 'code')!;
    expect((await call('POST', '', { methodId: email.methodId, code: '12345678' })).json().code).toBe('CODE_EXPIRED');
    expect((await call('POST', '/code', { methodId: email.methodId })).json()).toMatchObject({
      sentTo: expect.stringContaining('@'),
    });
    const code = await lastCodeTo(app(), 'caller@home.example');
    expect((await call('POST', '', { methodId: email.methodId, code: '00000000' })).json()).toMatchObject({
      code: 'CODE_INVALID',
      attemptsLeft: 4,
    });
    const verified = await call('POST', '', { methodId: email.methodId, code });
    expect(verified.json()).toMatchObject({ method: 'alternateEmail', verifiedAt: expect.any(String) });
    // The code is used up.
    expect((await call('POST', '', { methodId: email.methodId, code })).json().code).toBe('CODE_EXPIRED');
    // The wrong code and the success are both audited (the same instant on the manual clock: order by result).
    const events = await app().store.audit.list(ctx.tenantId, { activity: 'Admin verified caller identity' });
    const mine = events.filter((e) => e.target?.name === user.upn);
    expect(mine.map((e) => `${e.result}:${e.resultReason ?? ''}`).sort()).toEqual(['failure:CODE_INVALID', 'success:']);

    // An authenticator code read out: accepted once per time step.
    const secret = await aVerifiedAuthenticator(app(), user, ctx.world.clock.now().toISOString());
    const appMethod = (await call('GET', ''))
      .json<{ methods: { methodId: string; via: string }[] }>()
      .methods.find((m) => m.via === 'totp')!;
    const totp = await generate({ secret, epoch: Math.floor(ctx.world.clock.now().getTime() / 1000) });
    expect((await call('POST', '', { methodId: appMethod.methodId, code: totp })).statusCode).toBe(200);
    expect((await call('POST', '', { methodId: appMethod.methodId, code: totp })).json().code).toBe('CODE_INVALID');
    expect((await call('GET', '')).json().verification).toMatchObject({ method: 'authenticatorApp' });
  });

  it('follows the admin-reset rules for caller verification', async () => {
    const globalAdmin = await aUser(app(), ctx.domain, {
      roles: ['Global Administrator'],
      alternateEmail: 'g@home.example',
    });
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    const url = `/api/v1/admin/users/${encodeURIComponent(globalAdmin.upn)}/caller-verification`;
    expect((await ctx.server.inject({ url, headers: { cookie: helpdesk.cookie } })).json().code).toBe(
      'TARGET_TOO_PRIVILEGED',
    );
    const reader = await signedInAs(ctx, ['Global Reader']);
    expect((await ctx.server.inject({ url, headers: { cookie: reader.cookie } })).json().code).toBe('FORBIDDEN');
  });

  it('shows the console panel: send a code, check it, see "verified"; add a pass shown once', async () => {
    const admin = await signedInAs(ctx, ['Privileged Authentication Administrator']);
    const user = await aUser(app(), ctx.domain, { alternateEmail: 'panel@home.example' });
    const page = `/admin/users/${user.userId}`;
    const form = await formContext(ctx.server, page, admin.cookie);
    expect(form.page.body).toContain('Verify the caller');
    expect(form.page.body).toContain('This user has no Temporary Access Pass.');
    const post = (path: string, fields: Record<string, string>) =>
      ctx.server.inject({
        method: 'POST',
        url: `${page}${path}`,
        headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: form.token, ...fields }).toString(),
      });
    const methodId = /<option value="([^"]+)">alternate email/.exec(form.page.body)?.[1] ?? 'missing';
    expect((await post('/caller-verification/code', { methodId })).statusCode).toBe(303);
    const checked = await post('/caller-verification', {
      methodId,
      code: await lastCodeTo(app(), 'panel@home.example'),
    });
    expect(checked.headers.location).toContain('recovery=verified');
    const after = await ctx.server.inject({ url: page, headers: { cookie: admin.cookie, accept: 'text/html' } });
    expect(after.body).toContain('Verified at 2026-03-01');

    const created = await post('/temporary-access-pass', { lifetimeMinutes: '30', oneTime: 'on' });
    expect(created.statusCode).toBe(201);
    const pass = /<code class="secret">([^<]+)<\/code>/.exec(created.body)?.[1];
    expect(pass).toMatch(/^[0-9a-z-]{29}$/);
    const shown = await ctx.server.inject({ url: page, headers: { cookie: admin.cookie, accept: 'text/html' } });
    expect(shown.body).toContain('one-time');
    expect(shown.body).not.toContain(pass!);
    const refused = await post('/temporary-access-pass', { lifetimeMinutes: '5', oneTime: 'on' });
    expect(refused.headers.location).toContain('recovery=error.TAP_LIFETIME_INVALID');
    // The form comes back as the administrator left it, not with the defaults, next to the reason.
    const again = await ctx.server.inject({
      url: refused.headers.location as string,
      headers: { cookie: admin.cookie, accept: 'text/html' },
    });
    expect(again.body).toContain('The lifetime must be between 10 minutes and 30 days.');
    expect(again.body).toContain('name="lifetimeMinutes" min="10" max="43200" value="5"');
    expect(again.body).toContain('<input type="checkbox" name="oneTime" value="on" checked>');
    // Only digits come back: anything else typed shows the default.
    const letters = await post('/temporary-access-pass', { lifetimeMinutes: '5x' });
    const shownAgain = await ctx.server.inject({
      url: letters.headers.location as string,
      headers: { cookie: admin.cookie, accept: 'text/html' },
    });
    expect(shownAgain.body).toContain('value="60"');
  });
});
