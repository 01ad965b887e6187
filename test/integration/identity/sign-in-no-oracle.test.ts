/**
 * No oracle at sign-in (checklist §11 row 1, ASVS 6.3.8), on both dialects: a wrong password for a real, disabled,
 * locked and administrator account, a user without a cloud password, a name stored only in another tenant and an
 * unknown name get the same answer — status, header names, cookies, body — on each unauthenticated way in: the JSON
 * API, the portal's sign-in form (its post and the page it leads to) and the Temporary Access Pass API. Whether an
 * account is locked or disabled is told only to someone who gave its right password (tested elsewhere). And the same
 * work (checklist §11 row 2): one argon2id verify, in the same lane, against a hash of the same parameters.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createArgon2Hasher } from '../../../src/adapters/hashing/argon2-hasher.js';
import type { PasswordHasher } from '../../../src/core/ports.js';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aUserRecord } from '../../support/store-suite.js';
import { useHttpWorld } from '../../support/world.js';

/** Headers that differ per response whatever the account: dates, lengths, per-request ids. */
const volatile = ['date', 'content-length', 'x-sspr-support-code', 'etag', 'x-request-id'];
const cookiesOf = (reply: LightMyRequestResponse) =>
  [reply.headers['set-cookie'] ?? []]
    .flat()
    // A cookie's value is sealed per response: its name and attributes are what must match.
    .map((line) => String(line).replace(/=[^;]*/, '=<value>'));
/** Everything a reply shows except what differs per request; `instance` names the request, not the account. */
const faceOf = (reply: LightMyRequestResponse, body: unknown) => ({
  status: reply.statusCode,
  headers: Object.keys(reply.headers)
    .filter((name) => !volatile.includes(name))
    .sort(),
  contentType: reply.headers['content-type'],
  location: reply.headers.location,
  cookies: cookiesOf(reply),
  body,
});
const jsonFace = (reply: LightMyRequestResponse) => {
  const { instance: _instance, ...body } = reply.json<Record<string, unknown>>();
  return faceOf(reply, body);
};
/**
 * A page without its CSRF token and the support code of the request, which change on every render, and without the
 * name typed, which the form shows again (the user's own input, not something learnt about the account).
 */
const pageFace = (reply: LightMyRequestResponse, upn: string) =>
  faceOf(
    reply,
    reply.body
      .replaceAll(upn, '<upn>')
      .replace(/name="_csrf" value="[^"]*"/g, '')
      .replace(/[A-Za-z0-9_-]{20,}/g, '<id>'),
  );

/** The real hasher, noting for each verify its lane and the hash's algorithm and parameters (never the hash). */
const recordingHasher = () => {
  const real = createArgon2Hasher();
  const verifies: string[] = [];
  const hasher: PasswordHasher = {
    hash: (password, lane) => real.hash(password, lane),
    verify: (hash, password, lane) => {
      verifies.push(`${lane ?? 'normal'} ${hash.split('$').slice(0, 4).join('$')}`);
      return real.verify(hash, password, lane);
    },
  };
  return { hasher, verifies };
};

describe.each(testDialects())('sign-in: no oracle (%s)', (dialect) => {
  const recorded = recordingHasher();
  const ctx = useHttpWorld(dialect, { overrides: { hasher: recorded.hasher } });
  const app = () => ctx.world.app;

  /** One name of each kind of account, all at this tenant's domain; each gets a password that is not theirs. */
  const accounts = async () => {
    const other = await aTenant(app());
    const real = await aUser(app(), ctx.domain);
    const disabled = await aUser(app(), ctx.domain);
    await app().store.users.update(ctx.tenantId, disabled.userId, { accountEnabled: false });
    const locked = await aUser(app(), ctx.domain);
    for (let i = 0; i < 10; i += 1) await signInApi(ctx.server, locked.upn, `Wrong-Horse-${i}`);
    expect((await signInApi(ctx.server, locked.upn, aPassword)).statusCode).toBe(423);
    const administrator = await aUser(app(), ctx.domain, { roles: ['Global Administrator'] });
    // A synced user whose password hash never came: no cloud password to check.
    const hashless = aUserRecord(ctx.tenantId, `hashless${Date.now()}@${ctx.domain}`, { passwordHash: null });
    await app().store.users.create(hashless, ctx.world.clock.now().toISOString());
    // This tenant's domain, stored in another tenant: nobody here.
    const stray = aUserRecord(other.tenantId, `stray${Date.now()}@${ctx.domain}`);
    await app().store.users.create(stray, ctx.world.clock.now().toISOString());
    return {
      real: real.upn,
      others: {
        disabled: disabled.upn,
        locked: locked.upn,
        administrator: administrator.upn,
        hashless: hashless.upn,
        stray: stray.upn,
        unknown: `nobody${Date.now()}@${ctx.domain}`,
      },
    };
  };

  it('answers the JSON API alike for every kind of account', async () => {
    const { real, others } = await accounts();
    const expected = jsonFace(await signInApi(ctx.server, real, 'Wrong-Password-1'));
    expect(expected).toMatchObject({ status: 401, cookies: [], body: { code: 'INVALID_CREDENTIALS' } });
    for (const [kind, upn] of Object.entries(others))
      expect(jsonFace(await signInApi(ctx.server, upn, 'Wrong-Password-1')), kind).toEqual(expected);
  });

  it('answers the sign-in form alike for every kind of account: the post and the page it leads to', async () => {
    const { real, others } = await accounts();
    const walk = async (upn: string) => {
      const form = await formContext(ctx.server, '/signin');
      const posted = await ctx.server.inject({
        method: 'POST',
        url: '/signin',
        headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: form.token, username: upn, password: 'Wrong-Password-1' }).toString(),
      });
      const flash = cookiePair(posted, 'sspr_flash');
      const page = await ctx.server.inject({
        url: String(posted.headers.location),
        headers: { cookie: [form.cookie, flash].filter(Boolean).join('; '), accept: 'text/html' },
      });
      return [pageFace(posted, upn), pageFace(page, upn)];
    };
    const expected = await walk(real);
    expect(expected.map((face) => face.status)).toEqual([303, 401]);
    for (const [kind, upn] of Object.entries(others)) expect(await walk(upn), kind).toEqual(expected);
  });

  it('answers the Temporary Access Pass API alike for every kind of account, a holder of a pass included', async () => {
    const { real, others } = await accounts();
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const issued = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${encodeURIComponent(real)}/temporary-access-pass`,
      headers: { cookie: admin.cookie },
      payload: {},
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const tap = (username: string) =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/session/temporary-access-pass',
        payload: { username, pass: 'wrong-pass-1' },
      });
    const expected = jsonFace(await tap(real));
    expect(expected).toMatchObject({ status: 401, cookies: [], body: { code: 'TAP_INVALID' } });
    for (const [kind, upn] of Object.entries(others)) expect(jsonFace(await tap(upn)), kind).toEqual(expected);
  });

  it('does the same work for every kind of account: one verify, same lane, same hash parameters', async () => {
    const { real, others } = await accounts();
    const workOf = async (upn: string) => {
      const from = recorded.verifies.length;
      await signInApi(ctx.server, upn, 'Wrong-Password-1');
      return recorded.verifies.slice(from);
    };
    const expected = await workOf(real);
    expect(expected).toEqual([expect.stringMatching(/^normal \$argon2id\$v=19\$m=19456,t=2,p=1$/)]);
    for (const [kind, upn] of Object.entries(others)) expect(await workOf(upn), kind).toEqual(expected);
  });
});
