/**
 * Tenant isolation of reset and registration artefacts (checklist §11 rows 8 and 27, ASVS 8.4.1, ATK-14), on both
 * dialects: a flow, code, method id, tab or session of tenant A used in tenant B's context is refused exactly as a
 * wrong or unknown one is (same status and body), counts where a wrong one counts, and leaves every row of tenant A
 * as it was — and of tenant B whatever a wrong attempt would not change. Two tenants' users share the method id of
 * their admin-set alternate email (`email.admin-alternateEmail`), so only the code's binding can tell them apart.
 */
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { alertOf, brandingOf, fabrikamLook } from '../../support/pages.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedAuthenticator, resetApi } from '../../support/reset.js';
import { csrfOf, flowIdIn, methodIdFor, resetBrowser } from '../../support/reset-pages.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { differences, snapshotOf, useSnapshotWorld } from '../../support/store-snapshot.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
type Method = { id: string; type: string };
/** A refusal as the client reads it: status and body, less the per-request support code and the attempts left. */
const face = (reply: LightMyRequestResponse) => {
  const { supportCode: _support, instance: _instance, attemptsLeft: _left, ...body } = reply.json();
  return { status: reply.statusCode, body };
};
const otherThan = (code: string) => (code === '00000000' ? '11111111' : '00000000');

describe.each(testDialects())('reset and registration across tenants (%s)', (dialect) => {
  const ctx = useSnapshotWorld(dialect, { env });
  const app = () => ctx.world.app;
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const rowsOf = (tenantId: string) => snapshotOf(ctx.copy, { tenantId });
  /** Lets the delivery worker send what is queued, so its own bookkeeping is not read as the attempt's doing. */
  const settle = async (recipient: string) => lastCodeTo(app(), recipient);

  const twoTenants = async () => {
    const a = await aTenant(app(), { name: 'Contoso' });
    const b = await aTenant(app(), { name: 'Fabrikam' });
    await app().services.branding.update(
      b.tenantId,
      { displayName: 'Fabrikam Portal', accentColour: '#8a1c7c' },
      { type: 'cli', id: null, upn: null },
    );
    return { a, b, userA: await aResetUser(app(), a), userB: await aResetUser(app(), b) };
  };

  it("refuses A's reset code in B's flow as a wrong code: counted in B, A's code and flow untouched", async () => {
    const { a, b, userA, userB } = await twoTenants();
    const flowA = await api().emailFlow(userA.upn);
    const codeA = await settle(userA.alternateEmail!);
    const flowB = await api().emailFlow(userB.upn);
    const codeB = await settle(userB.alternateEmail!);
    expect(flowB.email.id).toBe(flowA.email.id);
    const control = await aResetUser(app(), b);
    const flowC = await api().emailFlow(control.upn);
    const codeC = await settle(control.alternateEmail!);
    const rowsA = await rowsOf(a.tenantId);
    const userRowB = await app().store.users.findById(b.tenantId, userB.userId);

    const crossed = await api().verify(flowB.flowId, { methodId: flowB.email.id, code: codeA });
    const wrong = await api().verify(flowC.flowId, { methodId: flowC.email.id, code: otherThan(codeC) });
    expect(face(crossed)).toEqual(face(wrong));
    expect(crossed.json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 });
    // Counted as the failure a wrong code is, in B (the flow's tenant), with its audit event.
    expect(await app().store.resetFlows.getThrottle(b.tenantId, userB.userId, 'failedProof')).toBeDefined();
    const failures = await app().store.audit.list(b.tenantId, { limit: 50 });
    expect(failures.filter((e) => e.result === 'failure' && e.resultReason === 'CODE_INVALID')).toHaveLength(2);

    expect(differences(rowsA, await rowsOf(a.tenantId))).toEqual([]);
    expect(await app().store.users.findById(b.tenantId, userB.userId)).toEqual(userRowB);
    // Both codes still do what they were sent for: A's in A's flow, B's in B's (one attempt fewer).
    expect((await api().verify(flowA.flowId, { methodId: flowA.email.id, code: codeA })).json()).toMatchObject({
      gatesPassed: 1,
    });
    expect((await api().verify(flowB.flowId, { methodId: flowB.email.id, code: codeB })).json()).toMatchObject({
      gatesPassed: 1,
    });
  });

  it("refuses B's method ids in A's flow as unknown ones, asking or proving, and changes nothing in B", async () => {
    const { a, b, userA, userB } = await twoTenants();
    const secretB = await aVerifiedAuthenticator(app(), userB, ctx.world.clock.now().toISOString());
    const viewB = (await api().intent(await api().flowOf(userB.upn), 'reset')).json<{ methods: Method[] }>();
    const appB = viewB.methods.find((m) => m.type === 'authenticatorCode')!;
    const flowA = await api().emailFlow(userA.upn);
    await settle(userA.alternateEmail!);
    const rowsB = await rowsOf(b.tenantId);
    const rowsA = await rowsOf(a.tenantId);

    const totpB = await generate({ secret: secretB, epoch: Math.floor(ctx.world.clock.now().getTime() / 1000) });
    const unknown = `authenticatorCode.${crypto.randomUUID()}`;
    for (const step of ['challenge', 'verify'] as const) {
      const body = (methodId: string) => ({ methodId, ...(step === 'verify' && { code: totpB }) });
      const crossed = await api()[step](flowA.flowId, body(appB.id));
      const made = await api()[step](flowA.flowId, body(unknown));
      expect(face(crossed), step).toEqual(face(made));
      expect(crossed.json().code, step).toBe('METHOD_NOT_OFFERED');
    }
    expect(differences(rowsB, await rowsOf(b.tenantId))).toEqual([]);
    expect(differences(rowsA, await rowsOf(a.tenantId))).toEqual([]);
  });

  it("refuses A's security-info code for B's new method, and A's method id to B, as wrong or unknown", async () => {
    const { a, b } = await twoTenants();
    const signedIn = async (domain: string) => {
      const user = await aUser(app(), domain);
      return {
        user,
        api: methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock),
      };
    };
    const userA = await signedIn(a.domains[0]!);
    const userB = await signedIn(b.domains[0]!);
    const idA = (await userA.api.add({ type: 'alternateEmail', address: 'a.cross@mail.example' })).json().method.id;
    const codeA = await settle('a.cross@mail.example');
    const idB = (await userB.api.add({ type: 'alternateEmail', address: 'b.cross@mail.example' })).json().method.id;
    const codeB = await settle('b.cross@mail.example');
    const rowsA = await rowsOf(a.tenantId);

    const crossed = await userB.api.verify(idB, codeA);
    expect(crossed.json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 });
    const foreignId = await userB.api.verify(idA, codeA);
    const unknownId = await userB.api.verify(crypto.randomUUID(), codeA);
    expect(face(foreignId)).toEqual(face(unknownId));
    expect(foreignId.statusCode).toBe(404);
    expect((await userB.api.remove(idA)).statusCode).toBe(404);
    expect(differences(rowsA, await rowsOf(a.tenantId))).toEqual([]);

    expect((await userA.api.verify(idA, codeA)).json().method).toMatchObject({ status: 'verified' });
    expect((await userB.api.verify(idB, codeB)).json().method).toMatchObject({ status: 'verified' });
  });

  it("refuses A's session on B's admin API: as no session with B's tenant id, as nobody for B's users", async () => {
    const { a, b, userB } = await twoTenants();
    const adminA = await aUser(app(), a.domains[0]!, { roles: ['Global Administrator'] });
    const cookieA = await sessionCookie(ctx.server, adminA.upn, aPassword);
    const [name, value] = cookieA.split('=') as [string, string];
    const secret = value.split('.')[1]!;
    const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      ctx.server.inject({ method, url: `/api/v1/admin${url}`, headers: { cookie }, ...(payload && { payload }) });
    const rowsB = await rowsOf(b.tenantId);

    const moved = await call(`${name}=${b.tenantId}.${secret}`, 'GET', '/users');
    const forged = await call(`${name}=${b.tenantId}.${'A'.repeat(22)}`, 'GET', '/users');
    expect(face(moved)).toEqual(face(forged));
    expect(moved.statusCode).toBe(401);

    const nobody = `nobody@${b.domains[0]}`;
    for (const [method, path, payload] of [
      ['GET', '', undefined],
      ['POST', '/password', { password: 'Tulip-Canal-Bridge-88' }],
    ] as const) {
      const crossed = await call(cookieA, method, `/users/${encodeURIComponent(userB.upn)}${path}`, payload);
      const unknown = await call(cookieA, method, `/users/${encodeURIComponent(nobody)}${path}`, payload);
      expect(face(crossed), `${method} ${path}`).toEqual(face(unknown));
      expect(crossed.statusCode, `${method} ${path}`).toBe(404);
    }
    expect(differences(rowsB, await rowsOf(b.tenantId))).toEqual([]);
  });

  it("keeps A's tab on A's flow under B's domain hint, and gives B's user ID typed there none of A's gates", async () => {
    const { a, b, userA, userB } = await twoTenants();
    const browser = resetBrowser(() => ctx.server);
    const emailLabel = translate('en', 'reset.method.email');
    const start = async (upn: string, query = '') => {
      const page = await browser.get(`/passwordreset${query}`);
      const started = await browser.post(`/passwordreset${query}`, {
        _csrf: csrfOf(page),
        username: upn,
        captcha: await browser.solveCaptcha(),
      });
      expect(started.statusCode).toBe(303);
      const intent = await browser.get('/passwordreset/flow');
      await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
      return browser.get('/passwordreset/flow');
    };
    const methods = await start(userA.upn);
    await browser.post('/passwordreset/challenge', {
      _csrf: csrfOf(methods),
      methodId: methodIdFor(methods, emailLabel),
    });
    const codePage = await browser.get('/passwordreset/flow');
    await browser.post('/passwordreset/verify', {
      _csrf: csrfOf(codePage),
      methodId: methodIdFor(methods, emailLabel),
      code: await settle(userA.alternateEmail!),
    });
    const flowA = flowIdIn(browser, app());
    const rowsB = await rowsOf(b.tenantId);

    // B's hint on A's tab: A's next step (the new password), in A's look, never B's.
    const hinted = await browser.get(`/passwordreset/flow?whr=${b.domains[0]}`);
    expect(hinted.body).toContain(translate('en', 'reset.password.heading'));
    expect(brandingOf(hinted).brand).not.toEqual(fabrikamLook.brand);
    expect(differences(rowsB, await rowsOf(b.tenantId))).toEqual([]);

    // B's user ID typed into the same tab: B's own flow from its first gate; A's flow is left as it was.
    const rowsA = await rowsOf(a.tenantId);
    const methodsB = await start(userB.upn, `?whr=${b.domains[0]}`);
    expect(methodsB.body).not.toContain(translate('en', 'reset.password.heading'));
    expect((await api().view(flowIdIn(browser, app()))).json()).toMatchObject({ gatesPassed: 0 });
    expect(differences(rowsA, await rowsOf(a.tenantId))).toEqual([]);
    expect((await api().view(flowA)).json()).toMatchObject({ gatesPassed: 1, canSetPassword: true });

    // A's code typed on B's code page reads as a wrong code does, and its attempt is counted.
    await browser.post('/passwordreset/challenge', {
      _csrf: csrfOf(methodsB),
      methodId: methodIdFor(methodsB, emailLabel),
    });
    const codeA = await lastCodeTo(app(), userA.alternateEmail!);
    const codeB = await settle(userB.alternateEmail!);
    const typed = async (code: string) => {
      const page = await browser.get('/passwordreset/flow');
      await browser.post('/passwordreset/verify', {
        _csrf: csrfOf(page),
        methodId: methodIdFor(methodsB, emailLabel),
        code,
      });
      return alertOf(await browser.get('/passwordreset/flow'));
    };
    const crossed = await typed(codeA);
    const wrong = await typed(otherThan(codeB));
    expect(crossed).not.toBe('');
    expect(crossed).toBe(wrong);
    // Both were attempts on B's code: three are left of five.
    const flowB = flowIdIn(browser, app());
    const third = await api().verify(flowB, { methodId: methodIdFor(methodsB, emailLabel), code: otherThan(codeB) });
    expect(third.json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 2 });
  });
});
