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

  const get = async (url: string) =>
    remember(await serverOf().inject({ method: 'GET', url, headers: { cookie: cookie(), accept: 'text/html' } }));
  const post = async (url: string, fields: Record<string, string>) =>
    remember(
      await serverOf().inject({
        method: 'POST',
        url,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams(fields).toString(),
      }),
    );

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

  return { jar, responses, cookie, get, post, solveCaptcha };
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
