/**
 * The JSON API of a real `sspr serve` over HTTP, as a client outside the process calls it (the crash suite). A
 * request the process dies during rejects (the connection is reset); every answer comes back as status and body.
 */
import { createHash } from 'node:crypto';

export interface Answer {
  status: number;
  json: Record<string, unknown> & { code?: string };
}

export const apiCall = async (
  base: string,
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Answer & { setCookie: string[] }> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body && { 'content-type': 'application/json' }), ...headers },
    ...(body && { body: JSON.stringify(body) }),
  });
  // Reading the body rejects too when the process dies half-way through the answer.
  const text = await response.text();
  return {
    status: response.status,
    json: (text ? JSON.parse(text) : {}) as Answer['json'],
    setCookie: response.headers.getSetCookie(),
  };
};

/** Solves the ALTCHA proof of work as the browser widget does (the suite runs with a tiny difficulty). */
export const solvedCaptcha = async (base: string): Promise<string> => {
  const challenge = (await apiCall(base, 'GET', '/api/v1/captcha')).json as {
    algorithm: string;
    challenge: string;
    maxnumber: number;
    salt: string;
    signature: string;
  };
  for (let number = 0; number <= challenge.maxnumber; number += 1)
    if (createHash('sha256').update(`${challenge.salt}${number}`).digest('hex') === challenge.challenge)
      return Buffer.from(JSON.stringify({ ...challenge, number, maxnumber: undefined })).toString('base64');
  throw new Error('captcha not solvable');
};

/** The session cookie pair from a sign-in answer, or undefined. */
export const sessionPair = (setCookie: string[]): string | undefined =>
  setCookie.map((c) => c.split(';')[0]!).find((pair) => pair.startsWith('sspr_session='));
