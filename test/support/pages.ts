import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { aPassword } from './factories.js';
import { cookiePair, formContext } from './http.js';
import { sentMessages } from './outbox.js';

/**
 * The portal driven as a browser without JavaScript drives it: GETs and form posts with the
 * cookies it holds, CSRF tokens scraped from the page it was shown. `serverOf` is read at each
 * request because a test world's server is built in beforeAll.
 */
export const pageClient = (serverOf: () => FastifyInstance) => {
  const get = (url: string, cookie: string) =>
    serverOf().inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
  const postForm = (url: string, cookie: string, fields: Record<string, string>) =>
    serverOf().inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams(fields).toString(),
    });

  /** Signs in through the portal form; where it went, and the session and CSRF cookies a browser would hold. */
  const signIn = async (upn: string, mkt = '') => {
    const form = await formContext(serverOf(), `/signin${mkt}`);
    const response = await postForm(`/signin${mkt}`, form.cookie, {
      _csrf: form.token,
      username: upn,
      password: aPassword,
    });
    const session = cookiePair(response, 'sspr_session');
    if (response.statusCode !== 303 || !session)
      throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    const csrfCookie = form.cookie.split('; ').find((c) => c.startsWith('sspr_csrf='))!;
    return { location: response.headers.location as string, cookie: `${session}; ${csrfCookie}` };
  };

  /**
   * Post/redirect/get as a browser does it: the post must answer 303, and its redirect is followed with
   * the cookies it set (the flash carrying a refusal and the typed values). Returns the page landed on.
   */
  const postAndFollow = async (url: string, cookie: string, fields: Record<string, string>) => {
    const posted = await postForm(url, cookie, fields);
    if (posted.statusCode !== 303)
      throw new Error(`expected a redirect from ${url}, got ${posted.statusCode}: ${posted.body.slice(0, 300)}`);
    const flash = cookiePair(posted, 'sspr_form');
    const page = await get(posted.headers.location as string, flash ? `${cookie}; ${flash}` : cookie);
    return Object.assign(page, { location: posted.headers.location as string });
  };

  return { get, postForm, postAndFollow, signIn };
};

export const tokenOf = (page: LightMyRequestResponse): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on the page (${page.statusCode})`);
  return token;
};

/** The text of the page's error summary, or '' when there is none. */
export const alertOf = (page: LightMyRequestResponse): string =>
  /<div class="alert error" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '';

/**
 * The code in the newest message to an address that carries one, read from the outbox as a user reads their mail:
 * asked again for a few seconds while none has come.
 */
export const codeSentTo = async (app: App, tenantId: string, recipient: string, waitMs = 15_000): Promise<string> => {
  const until = Date.now() + waitMs;
  for (;;) {
    // The newest message that carries a code: a notice to the same address (security info added) may come after it.
    const messages = await sentMessages(app, { tenantId, recipient });
    const code = messages.map((m) => /\b(\d{6,8})\b/.exec(m.bodyText)?.[1]).find(Boolean);
    if (code) return code;
    if (Date.now() > until) throw new Error(`no code sent to ${recipient}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The parts of a page its branding decides: the accent stylesheet and the header's name. */
export const brandingOf = (page: LightMyRequestResponse) => ({
  accent: /<link rel="stylesheet" href="\/static\/accent\/[0-9a-f]{6}\.css">/.exec(page.body)?.[0] ?? null,
  brand: /<span class="brand">.*?<\/span>/.exec(page.body)?.[0] ?? null,
});
/** What `brandingOf` reads on the pages of a tenant branded "Fabrikam Portal" in #8a1c7c. */
export const fabrikamLook = {
  accent: '<link rel="stylesheet" href="/static/accent/8a1c7c.css">',
  brand: '<span class="brand">Fabrikam Portal</span>',
};
