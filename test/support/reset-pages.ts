import { solveChallenge } from 'altcha-lib/v1';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser's cookie jar for inject(): keeps what Set-Cookie sets (and drops what it clears), so a
 * test walks the reset wizard exactly as a browser carries its cookies. Every response is kept, so a
 * test can check that the flow id never shows up in a Location header or a link.
 */
export const resetBrowser = (serverOf: () => FastifyInstance) => {
  const jar = new Map<string, string>();
  const responses: LightMyRequestResponse[] = [];
  const remember = (response: LightMyRequestResponse) => {
    responses.push(response);
    const header = response.headers['set-cookie'];
    for (const line of Array.isArray(header) ? header : header ? [header] : []) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    return response;
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

  /**
   * The tab's handle (`?f=`): a browser tab keeps it in the links and form actions of the page it shows, so a
   * wizard URL the test writes without one gets the handle of the last page or redirect, as a click would.
   */
  const tab = { handle: '' };
  const learn = (response: LightMyRequestResponse) => {
    const location = typeof response.headers.location === 'string' ? response.headers.location : '';
    const found = /[?&]f=([A-Za-z0-9_-]{16})/.exec(location) ?? /[?&]f=([A-Za-z0-9_-]{16})/.exec(response.body);
    if (found?.[1]) tab.handle = found[1];
    return response;
  };
  const inTab = (url: string) =>
    !url.startsWith('/passwordreset') || /[?&]f=/.test(url) || !tab.handle
      ? url
      : `${url}${url.includes('?') ? '&' : '?'}f=${tab.handle}`;

  const get = async (url: string) =>
    learn(
      remember(
        await serverOf().inject({ method: 'GET', url: inTab(url), headers: { cookie: cookie(), accept: 'text/html' } }),
      ),
    );
  const post = async (url: string, fields: Record<string, string>) =>
    learn(
      remember(
        await serverOf().inject({
          method: 'POST',
          url: inTab(url),
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          payload: new URLSearchParams(fields).toString(),
        }),
      ),
    );
  /** Posts, then follows the 303 as a browser does: the page the user sees after the post (reached by GET). */
  const submit = async (url: string, fields: Record<string, string>) => {
    const posted = await post(url, fields);
    if (posted.statusCode !== 303) throw new Error(`expected 303 after POST ${url}, got ${posted.statusCode}`);
    return get(posted.headers.location as string);
  };
  /** A new tab: no handle yet (the cookies stay, as they are the browser's). */
  const newTab = () => {
    tab.handle = '';
  };

  /** What the page's script does: fetch a challenge, find the number, encode the solution. */
  const solveCaptcha = async (): Promise<string> => {
    const response = await serverOf().inject({ method: 'GET', url: '/api/v1/captcha' });
    if (response.statusCode !== 200) throw new Error(`no captcha: ${response.statusCode} ${response.body}`);
    const challenge = response.json<{
      algorithm: string;
      challenge: string;
      maxnumber: number;
      salt: string;
      signature: string;
    }>();
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
      .promise;
    if (!solution) throw new Error('captcha not solved');
    const { algorithm, challenge: hash, salt, signature } = challenge;
    return Buffer.from(
      JSON.stringify({ algorithm, challenge: hash, number: solution.number, salt, signature }),
    ).toString('base64');
  };

  return { jar, responses, cookie, get, post, submit, newTab, tab, solveCaptcha };
};

/** The CSRF token of the page's first form. */
export const csrfOf = (page: LightMyRequestResponse): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on the page (${page.statusCode}): ${page.body.slice(0, 500)}`);
  return token;
};

/** The method id of the card whose label is `label` (as the page shows it, escaped). */
export const methodIdFor = (page: LightMyRequestResponse, label: string): string => {
  const forms = page.body.split('<form').slice(1);
  const form = forms.find((f) => f.includes(`>${label}</h3>`));
  const id = form && /name="methodId" value="([^"]+)"/.exec(form)?.[1];
  if (!id) throw new Error(`no method "${label}" on the page: ${page.body.slice(0, 2000)}`);
  return id;
};

/** Every URL a page or redirect exposes: Location headers, href, action and src attributes. */
export const urlsOf = (responses: LightMyRequestResponse[]): string[] =>
  responses.flatMap((r) => [
    ...(typeof r.headers.location === 'string' ? [r.headers.location] : []),
    ...[...r.body.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!),
  ]);

/** A wizard location without the tab handle, for comparing paths and `?mkt=`. */
export const withoutHandle = (location: unknown): string =>
  String(location)
    .replace(/([?&])f=[A-Za-z0-9_-]{16}(&|$)/, (_all, before: string, after: string) => (after ? before : ''))
    .replace(/\?$/, '');

/** The tab cookie of the browser's (only) reset tab: [name, sealed value]. */
export const tabCookieOf = (browser: { jar: Map<string, string> }): [string, string] | undefined =>
  [...browser.jar].find(([name]) => name.startsWith('sspr_reset_'));

/** The flow id the browser's tab cookie holds, opened as the server opens it (for tests that ask the service). */
export const flowIdIn = (
  browser: { jar: Map<string, string> },
  app: { services: { deps: { sealer: { open(purpose: string, sealed: string): string } } } },
): string => {
  const sealed = tabCookieOf(browser)?.[1];
  if (!sealed) throw new Error('no reset tab cookie');
  const { flowId } = JSON.parse(app.services.deps.sealer.open('reset-tab', decodeURIComponent(sealed))) as {
    flowId?: string;
  };
  if (!flowId) throw new Error('the tab holds no flow');
  return flowId;
};
