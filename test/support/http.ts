import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The `name=value` pair of a Set-Cookie header, ready to send back. */
export const cookiePair = (response: LightMyRequestResponse, name: string): string | undefined => {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
};

export const setCookieHeader = (response: LightMyRequestResponse, name: string): string | undefined => {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  return all.find((c) => c.startsWith(`${name}=`));
};

export const signInApi = (server: FastifyInstance, username: string, password: string, cookie?: string) =>
  server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password },
    ...(cookie && { headers: { cookie } }),
  });

/** Signs in and returns the session cookie pair, failing loudly if sign-in did not succeed. */
export const sessionCookie = async (server: FastifyInstance, username: string, password: string): Promise<string> => {
  const response = await signInApi(server, username, password);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const pair = cookiePair(response, 'sspr_session');
  if (!pair) throw new Error('no session cookie');
  return pair;
};

/** Scrapes the CSRF token and cookie from a rendered form, as a browser would carry them. */
export const formContext = async (server: FastifyInstance, url: string, cookie = '') => {
  const page = await server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie && { cookie }) } });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  // The CSRF secret cookie is set once and then reused, so a page may not set it again.
  const csrfCookie = cookiePair(page, 'sspr_csrf');
  if (!token || (!csrfCookie && !cookie.includes('sspr_csrf=')))
    throw new Error(`no CSRF token on ${url}: ${page.statusCode}`);
  return { page, token, cookie: [cookie, csrfCookie].filter(Boolean).join('; ') };
};
