/**
 * The portal's answer to a throttled sign-in (a walk through the portal): post/redirect/get like every other sign-in
 * refusal, so a reload does not post the password again, with the typed name kept and how long to wait said in the
 * text. The per-account verify budget and the per-address limit answer alike, and alike for real and unknown names
 * (docs/security.md, "Verify budget"): neither tells which limit refused, nor whether the account exists.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aUser } from '../../support/factories.js';
import { cookiePair, formContext } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { countingHasher, sprayFrom } from '../../support/verify-budget.js';
import { useHttpWorld } from '../../support/world.js';

// Three verifies of a name per 10 s; four sign-in posts per address per minute.
const env = { SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '3', SSPR_SIGNIN_RATE_LIMIT: '4' };
const spray = sprayFrom(77);

describe.each(testDialects())('a throttled sign-in on the portal (%s)', (dialect) => {
  const hasher = countingHasher();
  const ctx = useHttpWorld(dialect, { env, overrides: { hasher } });
  let block = 0;

  /** The portal's sign-in form, posted from `address` in Dutch: the post and the page its redirect leads to. */
  const postForm = async (address: string, username: string, password: string) => {
    const form = await formContext(ctx.server, '/signin?mkt=nl-NL');
    const posted = await ctx.server.inject({
      method: 'POST',
      url: '/signin?mkt=nl-NL',
      remoteAddress: address,
      headers: { cookie: form.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: form.token, username, password }).toString(),
    });
    const flash = cookiePair(posted, 'sspr_flash');
    const page = await ctx.server.inject({
      url: String(posted.headers.location ?? '/signin?mkt=nl-NL'),
      headers: { cookie: [form.cookie, flash].filter(Boolean).join('; '), accept: 'text/html' },
    });
    return { posted, page };
  };
  /** An address of its own per call, so that only the limit under test refuses. */
  const freshAddress = () => `10.78.${(block += 1)}.1`;

  /** What the user sees of a refusal, without what differs per request: tokens, ids, the typed name, the seconds. */
  const face = ({ posted, page }: { posted: LightMyRequestResponse; page: LightMyRequestResponse }, name: string) => ({
    post: {
      status: posted.statusCode,
      location: posted.headers.location,
      retryAfter: Number(posted.headers['retry-after']) > 0,
      cookies: [posted.headers['set-cookie'] ?? []].flat().map((c) => String(c).split('=')[0]),
    },
    status: page.statusCode,
    body: page.body
      .replaceAll(escapeHtml(name), '<name>')
      .replace(/name="_csrf" value="[^"]*"/g, '')
      .replace(/[A-Za-z0-9_-]{20,}/g, '<id>')
      .replace(/\d+ seconden/g, 'N seconden'),
  });

  /** Spends a name's verify budget from other addresses (the API), then signs in with it on the portal. */
  const overBudget = async (name: string) => {
    for (let i = 0; i < 3; i += 1) await spray(ctx.server, name, `Wrong-Guess-${i}`);
    return postForm(freshAddress(), name, aPassword);
  };

  it('answers the verify budget with the form again by GET: the name kept, the wait said, no hash', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    for (let i = 0; i < 3; i += 1) await spray(ctx.server, user.upn, `Wrong-Guess-${i}`);
    const before = hasher.verifies;
    const { posted, page } = await postForm(freshAddress(), user.upn, aPassword);
    expect(hasher.verifies).toBe(before);
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/signin?mkt=nl-NL');
    const wait = Number(posted.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('lang="nl"');
    expect(page.body).toContain(escapeHtml(translate('nl', 'signin.error.RATE_LIMITED', { seconds: wait })));
    expect(page.body).toContain(`value="${escapeHtml(user.upn)}"`);
    // Shown once: a reload is the plain form.
    expect(page.headers['set-cookie']?.toString()).toContain('sspr_flash=;');
  });

  it('answers a real and an unknown name over their budgets alike', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const unknown = `nobody-${randomUUID()}@${ctx.domain}`;
    const real = face(await overBudget(user.upn), user.upn);
    expect(real.status).toBe(429);
    expect(face(await overBudget(unknown), unknown)).toEqual(real);
  });

  it('answers the per-address limit as the verify budget, the typed name kept', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const budget = face(await overBudget(user.upn), user.upn);
    // Four posts from one address, each of a name of its own (no budget spent out), then the fifth.
    const address = freshAddress();
    for (let i = 0; i < 4; i += 1) {
      const { posted } = await postForm(address, `someone-${randomUUID()}@${ctx.domain}`, 'Wrong-Guess-1');
      expect(posted.statusCode).toBe(303);
    }
    const other = await aUser(ctx.world.app, ctx.domain);
    const before = hasher.verifies;
    const limited = await postForm(address, other.upn, aPassword);
    expect(hasher.verifies).toBe(before);
    expect(limited.page.body).toContain(`value="${escapeHtml(other.upn)}"`);
    expect(face(limited, other.upn)).toEqual(budget);
  });
});
