import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { faviconIco, faviconSvg } from '../../../src/http/portal/favicon.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext } from '../../support/http.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

/** The server-rendered pages, driven as a browser without JavaScript would: forms, cookies, redirects. */
describe('portal pages', () => {
  let world: TestWorld;
  let server: FastifyInstance;
  let domain: string;

  beforeAll(async () => {
    world = await createTestWorld('sqlite');
    server = await world.app.http();
    const tenant = await aTenant(world.app);
    domain = tenant.domains[0]!;
    // These pages are about signing in and changing a password; the registration interrupt has its own tests.
    await world.app.services.ssprPolicy.update(
      tenant.tenantId,
      { requireRegistration: false },
      { type: 'cli', id: null, upn: null },
    );
  });
  afterAll(async () => world?.close());

  const postForm = (url: string, cookie: string, fields: Record<string, string>) =>
    server.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams(fields).toString(),
    });

  /** A failed post answers 303 (post/redirect/get); the page it leads to, by GET, carries the message. */
  const follow = async (posted: Awaited<ReturnType<typeof postForm>>, cookie: string) => {
    expect(posted.statusCode, posted.body).toBe(303);
    const flash = cookiePair(posted, 'sspr_flash');
    return server.inject({
      url: posted.headers.location as string,
      headers: { cookie: [cookie, flash].filter(Boolean).join('; '), accept: 'text/html' },
    });
  };

  it('speaks Dutch by ?mkt= and by Accept-Language', async () => {
    const byMkt = await server.inject({ url: '/signin?mkt=nl-NL', headers: { accept: 'text/html' } });
    expect(byMkt.body).toContain('<html lang="nl">');
    expect(byMkt.body).toContain('Aanmelden');
    const byHeader = await server.inject({
      url: '/signin',
      headers: { accept: 'text/html', 'accept-language': 'nl-BE,nl;q=0.9' },
    });
    expect(byHeader.body).toContain('<html lang="nl">');
    expect((await server.inject({ url: '/signin', headers: { accept: 'text/html' } })).body).toContain(
      '<html lang="en">',
    );
  });

  it('labels every input and works on a phone viewport', async () => {
    const page = (await server.inject({ url: '/signin', headers: { accept: 'text/html' } })).body;
    for (const [, id] of page.matchAll(/<input type="(?:email|password)" id="(\w+)"/g))
      expect(page).toContain(`<label for="${id}">`);
    expect(page).toContain('name="viewport" content="width=device-width, initial-scale=1"');
  });

  it('links "reset it now" in the wrong-password message to the reset, in English too', async () => {
    const signin = await formContext(server, '/signin');
    const wrong = await follow(
      await postForm('/signin', signin.cookie, {
        _csrf: signin.token,
        username: `nobody${Date.now()}@${domain}`,
        password: 'Wrong-Password-1',
      }),
      signin.cookie,
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain(
      '<p>Your account or password is incorrect. If you don&#39;t remember your password, ' +
        '<a href="/passwordreset">reset it now</a>.</p>',
    );
  });

  it('refuses a form post without the CSRF token', async () => {
    const user = await aUser(world.app, domain);
    const { cookie } = await formContext(server, '/signin');
    const response = await postForm('/signin', cookie, { username: user.upn, password: aPassword });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('CSRF_INVALID');
    expect(response.headers['set-cookie'] ?? '').not.toContain('sspr_session=');
  });

  it('signs in, changes the password in Dutch, and signs out, all with plain forms', async () => {
    const user = await aUser(world.app, domain);
    const signin = await formContext(server, '/signin?mkt=nl-NL');
    const wrong = await follow(
      await postForm('/signin?mkt=nl-NL', signin.cookie, {
        _csrf: signin.token,
        username: user.upn,
        password: 'Wrong-Password-1',
      }),
      signin.cookie,
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Uw account of wachtwoord is onjuist');
    // "...stel het dan nu opnieuw in" leads to the password reset, in the page's language (as Entra's message does).
    expect(wrong.body).toContain(
      '<p>Uw account of wachtwoord is onjuist. Als u uw wachtwoord niet meer weet, ' +
        '<a href="/passwordreset?mkt=nl-NL">stel het dan nu opnieuw in</a>.</p>',
    );

    const signedIn = await postForm('/signin?mkt=nl-NL', signin.cookie, {
      _csrf: signin.token,
      username: user.upn,
      password: aPassword,
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account?mkt=nl-NL');
    const session = cookiePair(signedIn, 'sspr_session')!;

    const account = await formContext(
      server,
      '/account?mkt=nl-NL',
      `${session}; ${signin.cookie.split('; ').find((c) => c.startsWith('sspr_csrf'))}`,
    );
    expect(account.page.body).toContain('Mijn account');
    const cookie = account.cookie;
    const weak = await follow(
      await postForm('/account/password?mkt=nl-NL', cookie, {
        _csrf: account.token,
        currentPassword: aPassword,
        newPassword: 'kort',
        confirmPassword: 'kort',
      }),
      cookie,
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Gebruik ten minste 8 tekens.');
    expect(weak.body).toContain('role="alert"');

    const mismatch = await follow(
      await postForm('/account/password?mkt=nl-NL', cookie, {
        _csrf: account.token,
        currentPassword: aPassword,
        newPassword: 'Nieuw-Wachtwoord-1',
        confirmPassword: 'Nieuw-Wachtwoord-2',
      }),
      cookie,
    );
    expect(mismatch.body).toContain('De nieuwe wachtwoorden komen niet overeen.');

    const done = await follow(
      await postForm('/account/password?mkt=nl-NL', cookie, {
        _csrf: account.token,
        currentPassword: aPassword,
        newPassword: 'Nieuw-Wachtwoord-1',
        confirmPassword: 'Nieuw-Wachtwoord-1',
      }),
      cookie,
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Uw wachtwoord is gewijzigd.');

    const out = await postForm('/signout?mkt=nl-NL', cookie, { _csrf: account.token });
    expect(out.statusCode).toBe(303);
    // The signed-out session's cookie, replayed: plain /signin, and sign-in says the session ended (the reason
    // rides in the sealed page flash, never in the URL).
    const replayed = await server.inject({ url: '/account', headers: { cookie: session, accept: 'text/html' } });
    expect(replayed.headers.location).toBe('/signin');
    const ended = await follow(replayed, session);
    expect(ended.statusCode).toBe(200);
    expect(ended.body).toContain('You are no longer signed in: your session ended');

    // A form posted after the session ended (signed out in another tab): sign-in says it was not saved, in Dutch.
    const late = await postForm('/account/password?mkt=nl-NL', cookie, {
      _csrf: account.token,
      currentPassword: 'Nieuw-Wachtwoord-1',
      newPassword: 'Nog-Een-Wachtwoord-2',
      confirmPassword: 'Nog-Een-Wachtwoord-2',
    });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/signin?mkt=nl-NL');
    const told = await follow(late, cookie);
    expect(told.statusCode).toBe(200);
    expect(told.body).toContain('role="status"');
    expect(told.body).toContain('U bent niet meer aangemeld, dus wat u verstuurde is niet opgeslagen');
    // Once: showing it clears the flash, so a reload shows plain sign-in; nothing in the URL makes sign-in say it.
    expect(String(told.headers['set-cookie'])).toMatch(/sspr_flash=;/);
    const other = await server.inject({ url: '/signin?session=ended', headers: { accept: 'text/html' } });
    expect(other.body).not.toContain('You are no longer signed in');
  });

  it('redirects /account to sign-in without a session and serves HTML errors to browsers', async () => {
    const response = await server.inject({ url: '/account', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/signin');
    const missing = await server.inject({ url: '/nope', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/text\/html/);
  });

  it('ignores the Host header when building links', async () => {
    const response = await server.inject({
      url: '/account',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', accept: 'text/html' },
    });
    expect(response.headers.location).not.toContain('evil.example');
  });

  it('serves the site icon: linked from every page’s head, /favicon.ico a real icon, both cached long', async () => {
    const link = '<link rel="icon" href="/favicon.svg" type="image/svg+xml">';
    for (const url of ['/signin', '/passwordreset', '/nope', '/signin?mkt=nl-NL']) {
      const page = await server.inject({ url, headers: { accept: 'text/html' } });
      const head = /<head>([\s\S]*)<\/head>/.exec(page.body)?.[1] ?? '';
      expect(head, url).toContain(link);
    }
    const svg = await server.inject({ url: '/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.body).toBe(faviconSvg);
    const ico = await server.inject({ url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect(ico.rawPayload.equals(faviconIco)).toBe(true);
    for (const answer of [svg, ico]) {
      expect(answer.headers['cache-control']).toBe('public, max-age=604800');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      // The pages' CSP lets them show it: images from this origin.
      expect(answer.headers['content-security-policy']).toContain("img-src 'self'");
    }
    expect((await server.inject({ method: 'HEAD', url: '/favicon.ico' })).statusCode).toBe(200);
  });

  it('shows the outbox in embedded mode only', async () => {
    expect((await server.inject({ url: '/dev/outbox', headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });
});
