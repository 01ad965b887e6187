/**
 * The console's shown-once pages (a password reset, a Temporary Access Pass, a new user's first password, an agent's
 * enrolment token) show their secret to one page view only, on every dialect. The sealed flash cookie that carries
 * the secret used to replay it for its two minutes to anyone sending a copy as the same administrator; now the page
 * consumes a server-side claim first. A second GET with the same cookie, the copy in another session of the same
 * administrator, another administrator's session, a GET past the flash's two minutes: each gets the "shown once" page (in
 * the page's language, with its way to issue a new one), never the secret, never an error. Of parallel GETs exactly
 * one shows it. `console-secret-shown-once.test.ts` keeps the post/redirect/get itself.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { flashLifetimeSeconds } from '../../../src/http/portal/form-state.js';
import { shownOnceLifetimeSeconds } from '../../../src/services/admin/shown-once-service.js';
import { translate, type Locale, type MessageKey } from '../../../src/i18n/i18n.js';
import { consoleBrowser, onPremisesTabPath, signedInAs, type SignedInAdmin } from '../../support/admin-http.js';
import { aUser } from '../../support/factories.js';
import { cookiePair, formContext } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const say = (locale: Locale, key: MessageKey, params: Record<string, string>) =>
  escapeHtml(translate(locale, key, params));
let sequence = 0;

/** One shown-once page: who may issue its secret, the form page, the post, and the "shown once" text's key. */
interface SecretPage {
  name: string;
  roles: string[];
  /** The form's page and the post's target and fields, for a new target (`name` keeps the text's parameter). */
  issue: (
    domain: string,
    target: { userId: string; upn: string },
  ) => {
    form: string;
    url: string;
    fields: Record<string, string>;
    gone: [MessageKey, Record<string, string>];
  };
}

const pages: SecretPage[] = [
  {
    name: 'a password reset',
    roles: ['Helpdesk Administrator'],
    issue: (_, { userId, upn }) => ({
      form: `/admin/users/${userId}`,
      url: `/admin/users/${userId}/reset-password`,
      fields: {},
      gone: ['admin.user.reset.shownOnce', { upn }],
    }),
  },
  {
    name: 'a Temporary Access Pass',
    roles: ['Authentication Administrator'],
    issue: (_, { userId, upn }) => ({
      form: `/admin/users/${userId}`,
      url: `/admin/users/${userId}/temporary-access-pass`,
      fields: { lifetimeMinutes: '30', oneTime: 'on' },
      gone: ['tap.console.shownOnce', { upn }],
    }),
  },
  {
    name: "a new user's first password",
    roles: ['User Administrator'],
    issue: (domain) => {
      const upn = `single.use.${++sequence}@${domain}`;
      return {
        form: '/admin/users/new',
        url: '/admin/users/new',
        fields: { upn },
        gone: ['admin.newUser.shownOnce', { upn }],
      };
    },
  },
  {
    name: "an agent's enrolment token",
    roles: ['Hybrid Identity Administrator'],
    issue: () => {
      const name = `Agent ${++sequence}`;
      return {
        form: onPremisesTabPath,
        url: `${onPremisesTabPath}/agents`,
        fields: { agentName: name },
        gone: ['admin.onPremises.agents.enrolled.shownOnce', { name }],
      };
    },
  },
];

describe.each(testDialects())('console secrets shown to one page view (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const { get } = consoleBrowser(ctx);

  /** Posts the page's form as `admin`: the result page's address, its flash cookie, and the "shown once" texts. */
  const issue = async (page: SecretPage, admin: SignedInAdmin) => {
    const target = await aUser(ctx.world.app, ctx.domain);
    const step = page.issue(ctx.domain, target);
    const form = await formContext(ctx.server, step.form, admin.cookie);
    const posted = await consoleBrowser(ctx).post(step.url, form.cookie, { _csrf: form.token, ...step.fields });
    expect(posted.statusCode, posted.body).toBe(303);
    const flash = cookiePair(posted, 'sspr_flash');
    expect(flash).toBeDefined();
    const [key, params] = step.gone;
    return { location: String(posted.headers.location), flash: flash!, gone: (l: Locale) => say(l, key, params) };
  };
  const shows = (page: LightMyRequestResponse) => page.body.includes('class="secret"');
  const expectGone = (page: LightMyRequestResponse, text: string) => {
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(shows(page)).toBe(false);
    expect(page.body).toContain(text);
  };

  it.each(pages)('shows $name to the first view only: no reload, copy or other administrator sees it', async (page) => {
    const admin = await signedInAs(ctx, page.roles);
    const other = await signedInAs(ctx, page.roles);
    const issued = await issue(page, admin);

    // Another administrator with a copy of the cookie reads nothing, and leaves the claim to the one it is for.
    expectGone(await get(issued.location, `${other.cookie}; ${issued.flash}`), issued.gone('en'));
    const first = await get(issued.location, `${admin.cookie}; ${issued.flash}`);
    expect(first.statusCode).toBe(200);
    expect(shows(first), first.body).toBe(true);
    const secret = /<code class="secret"[^>]*>([^<]+)</.exec(first.body)?.[1] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(8);

    // The same cookie again (a browser that kept it, a second tab; then in Dutch), and a copy in another session.
    const again = await get(issued.location, `${admin.cookie}; ${issued.flash}`);
    expectGone(again, issued.gone('en'));
    expect(again.body).not.toContain(secret);
    const elsewhere = await signedInAs(ctx, page.roles);
    const replayed = await get(`${issued.location}?mkt=nl-NL`, `${admin.cookie}; ${issued.flash}`);
    expectGone(replayed, issued.gone('nl'));
    expect(replayed.body).toContain('lang="nl"');
    expectGone(await get(issued.location, `${elsewhere.cookie}; ${issued.flash}`), issued.gone('en'));
  });

  it.each(pages)('shows $name to exactly one of parallel views', async (page) => {
    const admin = await signedInAs(ctx, page.roles);
    const issued = await issue(page, admin);
    const views = await Promise.all(
      Array.from({ length: 6 }, () => get(issued.location, `${admin.cookie}; ${issued.flash}`)),
    );
    expect(views.map((v) => v.statusCode)).toEqual(Array(6).fill(200));
    expect(views.filter(shows)).toHaveLength(1);
    for (const view of views.filter((v) => !shows(v))) expect(view.body).toContain(issued.gone('en'));
  });

  it("shows nothing past the flash's two minutes, and the purge deletes the claims never shown", async () => {
    const admin = await signedInAs(ctx, pages[0]!.roles);
    const late = await issue(pages[0]!, admin);
    const unread = await issue(pages[0]!, admin);
    ctx.world.clock.advance(flashLifetimeSeconds + 1);
    expectGone(await get(late.location, `${admin.cookie}; ${late.flash}`), late.gone('en'));
    // The claims outlive the work and the display (ten minutes); past that the purge deletes them, none is left.
    expect(await ctx.world.app.services.shownOnce.purgeExpired()).toBe(0);
    ctx.world.clock.advance(shownOnceLifetimeSeconds);
    expect(await ctx.world.app.services.shownOnce.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await ctx.world.app.store.shownOnce.deleteExpired(ctx.tenantId, '9999-12-31T00:00:00.000Z')).toBe(0);
    expectGone(await get(unread.location, `${admin.cookie}; ${unread.flash}`), unread.gone('en'));
  });
});
