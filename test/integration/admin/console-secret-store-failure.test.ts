/**
 * A console secret (a reset's temporary password, a Temporary Access Pass, a new user's first password, an agent's
 * enrolment token) is never lost to a store failure around its single-use claim, on every dialect. The claim is
 * written before the operation: a store that cannot write it answers 503 SECRET_NOT_ISSUED and nothing was done (no
 * audit event, no user or agent). A store that cannot consume it answers 503 SECRET_NOT_SHOWN_YET in the page's
 * language and keeps the flash cookie, so the reload after the store is back shows the secret — once. Never a 500.
 * The portal's new recovery codes, shown only on the answer to their post, read nothing more from the store once made.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { flashLifetimeSeconds } from '../../../src/http/portal/form-state.js';
import type { ShownOnceRepository } from '../../../src/core/ports.js';
import { translate, type Locale, type MessageKey } from '../../../src/i18n/i18n.js';
import { consoleBrowser, onPremisesTabPath, signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext, sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

let sequence = 0;
const say = (locale: Locale, key: MessageKey, params: Record<string, string | number> = {}) =>
  escapeHtml(translate(locale, key, params));

interface Step {
  form: string;
  url: string;
  fields: Record<string, string>;
}

/**
 * Each page: who may issue its secret, its form and post for a fresh target, what the answer to a claim the store
 * cannot write shows of what was typed, and the service call that makes the secret (the work after the claim).
 */
const pages: Array<{
  name: string;
  roles: string[];
  step: (domain: string, userId: string) => Step;
  again: (step: Step, userId: string) => string[];
  work: [string, string];
}> = [
  {
    name: 'a password reset',
    roles: ['Helpdesk Administrator'],
    step: (_: string, userId: string) => ({
      form: `/admin/users/${userId}`,
      url: `/admin/users/${userId}/reset-password`,
      fields: {},
    }),
    // Nothing typed: the generic page, its "Try again" back to the panel, language and anchor kept.
    again: (_: Step, userId: string) => [`href="/admin/users/${userId}?mkt=nl-NL#panel-reset"`],
    work: ['userAdmin', 'resetPassword'],
  },
  {
    name: 'a Temporary Access Pass',
    roles: ['Authentication Administrator'],
    step: (_: string, userId: string) => ({
      form: `/admin/users/${userId}`,
      url: `/admin/users/${userId}/temporary-access-pass`,
      fields: { lifetimeMinutes: '30', oneTime: 'on' },
    }),
    // The user page again (503), its pass form as it was filled in.
    again: () => ['value="30" aria-describedby="tap-lifetime-hint"', 'value="on" checked'],
    work: ['temporaryAccessPass', 'issue'],
  },
  {
    name: "a new user's first password",
    roles: ['User Administrator'],
    step: (domain: string) => ({
      form: '/admin/users/new',
      url: '/admin/users/new',
      fields: { upn: `store.failure.${++sequence}@${domain}` },
    }),
    again: (step: Step) => [`value="${step.fields.upn}"`],
    work: ['newUsers', 'create'],
  },
  {
    name: "an agent's enrolment token",
    roles: ['Hybrid Identity Administrator'],
    step: () => ({
      form: onPremisesTabPath,
      url: `${onPremisesTabPath}/agents`,
      fields: { agentName: `Agent ${++sequence}` },
    }),
    again: (step: Step) => [`value="${step.fields.agentName}"`],
    work: ['agents', 'enroll'],
  },
];

describe.each(testDialects())('console secrets survive a store failure around their claim (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const { get, post } = consoleBrowser(ctx);
  const claims = () => ctx.world.app.store.shownOnce;
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());
  /** Makes one method of the claims' store fail like an unreachable database, until `restore`. */
  const failing = (method: 'put' | 'consume') => {
    const repository = claims() as unknown as Record<
      keyof ShownOnceRepository,
      (...args: unknown[]) => Promise<unknown>
    >;
    const real = repository[method];
    repository[method] = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    restore = () => {
      repository[method] = real;
      restore = undefined;
    };
  };
  const auditCount = async () => (await ctx.world.app.store.audit.list(ctx.tenantId, { limit: 100_000 })).length;
  const shows = (page: LightMyRequestResponse) => page.body.includes('class="secret"');
  const secretOf = (page: LightMyRequestResponse) => /<code class="secret"[^>]*>([^<]+)</.exec(page.body)?.[1] ?? '';

  const prepare = async (page: (typeof pages)[number]) => {
    const admin = await signedInAs(ctx, page.roles);
    const target = await aUser(ctx.world.app, ctx.domain);
    const step = page.step(ctx.domain, target.userId);
    const form = await formContext(ctx.server, step.form, admin.cookie);
    const send = () => post(step.url, form.cookie, { _csrf: form.token, ...step.fields });
    return { admin, target, step, form, send };
  };

  it.each(pages)('a claim the store cannot write stops $name before anything is done', async (page) => {
    const { admin, target, step, form } = await prepare(page);
    const agentsBefore = (await ctx.world.app.services.agents.list(ctx.tenantId)).length;
    const before = await auditCount();
    failing('put');
    const refused = await post(`${step.url}?mkt=nl-NL`, form.cookie, { _csrf: form.token, ...step.fields });
    // The answer, or the form's page it redirects to: nothing typed is lost, in the page's language.
    const flash = cookiePair(refused, 'sspr_flash');
    const answer =
      refused.statusCode === 303
        ? await get(String(refused.headers.location), `${admin.cookie}; ${flash ?? ''}`)
        : refused;
    expect(answer.statusCode, answer.body).toBe(503);
    expect(answer.body).toContain(say('nl', 'admin.shownOnce.notIssued'));
    for (const typed of page.again(step, target.userId)) expect(answer.body).toContain(typed);
    if (answer === refused) expect(refused.body).toContain('SECRET_NOT_ISSUED');
    expect(shows(refused) || shows(answer)).toBe(false);
    restore!();
    // Nothing happened: no reset, pass, user or agent (each writes an audit event), so no secret was lost.
    expect(await auditCount()).toBe(before);
    expect((await ctx.world.app.services.agents.list(ctx.tenantId)).length).toBe(agentsBefore);
    if ('upn' in step.fields)
      expect(await ctx.world.app.store.users.findByUpn(ctx.tenantId, String(step.fields.upn))).toBeUndefined();
  });

  it.each(pages)('shows $name once even when making it took longer than the two minutes to show it', async (page) => {
    const { admin, send } = await prepare(page);
    // Slow work after the claim, as an on-premises writeback (up to about six minutes), past the old lifetime.
    const [name, method] = page.work;
    const service = (ctx.world.app.services as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
      name
    ]!;
    const real = service[method]!;
    service[method] = async (...args: unknown[]) => {
      ctx.world.clock.advance(6 * 60);
      return real.apply(service, args);
    };
    restore = () => {
      service[method] = real;
      restore = undefined;
    };
    const posted = await send();
    restore();
    expect(posted.statusCode, posted.body).toBe(303);
    const cookie = `${admin.cookie}; ${cookiePair(posted, 'sspr_flash')!}`;
    const location = String(posted.headers.location);
    ctx.world.clock.advance(flashLifetimeSeconds - 1);
    const shown = await get(location, cookie);
    expect(shown.statusCode).toBe(200);
    expect(shows(shown), shown.body).toBe(true);
    const again = await get(location, cookie);
    expect(shows(again)).toBe(false);
    expect(again.body).not.toContain(secretOf(shown));
  });

  it('shows nothing past the two minutes from the redirect, though the claim lives on: a copied cookie too', async () => {
    const { admin, send } = await prepare(pages[0]!);
    const posted = await send();
    const cookie = `${admin.cookie}; ${cookiePair(posted, 'sspr_flash')!}`;
    ctx.world.clock.advance(flashLifetimeSeconds + 1);
    const late = await get(String(posted.headers.location), cookie);
    expect(late.statusCode).toBe(200);
    expect(shows(late)).toBe(false);
  });

  it.each(pages)('a claim the store cannot consume keeps $name for the reload, shown once', async (page) => {
    const { admin, send } = await prepare(page);
    const posted = await send();
    expect(posted.statusCode, posted.body).toBe(303);
    const flash = cookiePair(posted, 'sspr_flash')!;
    const location = String(posted.headers.location);
    const cookie = `${admin.cookie}; ${flash}`;

    failing('consume');
    for (const [url, locale] of [
      [location, 'en'],
      [`${location}${location.includes('?') ? '&' : '?'}mkt=nl-NL`, 'nl'],
    ] as const) {
      const waiting = await get(url, cookie);
      expect(waiting.statusCode).toBe(503);
      expect(waiting.headers['cache-control']).toBe('no-store');
      expect(waiting.body).toContain('SECRET_NOT_SHOWN_YET');
      expect(waiting.body).toContain(say(locale, 'admin.shownOnce.notShownYet', { minutes: 2 }));
      expect(shows(waiting)).toBe(false);
      // The flash stays: no Set-Cookie clears it.
      expect(String(waiting.headers['set-cookie'] ?? '')).not.toContain('sspr_flash');
    }
    restore!();

    const reloaded = await get(location, cookie);
    expect(reloaded.statusCode).toBe(200);
    expect(shows(reloaded), reloaded.body).toBe(true);
    const secret = secretOf(reloaded);
    expect(secret.length).toBeGreaterThanOrEqual(8);
    const again = await get(location, cookie);
    expect(again.statusCode).toBe(200);
    expect(shows(again)).toBe(false);
    expect(again.body).not.toContain(secret);
  });

  it('shows new recovery codes on the answer to their post even when the store fails right after making them', async () => {
    const tenant = await aTenant(ctx.world.app);
    const cli = { type: 'cli' as const, id: null, upn: null };
    await ctx.world.app.services.ssprPolicy.update(tenant.tenantId, { methods: ['email', 'recoveryCode'] }, cli);
    const user = await aUser(ctx.world.app, tenant.domains[0]!, { alternateEmail: 'megan@example.org' });
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const path = '/account/security-info/recovery-codes';
    const form = await formContext(ctx.server, path, cookie);
    const recovery = ctx.world.app.store.recovery as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const real = recovery.recoveryCodeStatus!;
    // The service reads the status inside its own transaction; only a read after it (the old page's) meets this.
    recovery.recoveryCodeStatus = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    restore = () => {
      recovery.recoveryCodeStatus = real;
      restore = undefined;
    };
    const made = await post(path, form.cookie, { _csrf: form.token });
    restore();
    expect(made.statusCode, made.body).toBe(201);
    expect(made.body.match(/<li><code>[^<]+<\/code><\/li>/g)).toHaveLength(10);
  });
});
