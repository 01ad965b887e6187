import { runInNewContext } from 'node:vm';
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { describe, expect, it } from 'vitest';
import { resetCaptchaJs } from './reset-captcha.js';

/** The few DOM elements the script touches, as plain objects. */
const fakePage = () => {
  const element = (attributes: Record<string, string> = {}) => ({
    value: '',
    hidden: true,
    disabled: false,
    textContent: '',
    getAttribute: (name: string) => attributes[name] ?? null,
  });
  const elements = {
    'reset-start': element(),
    captcha: element(),
    'captcha-state': element(),
    'captcha-status': element({
      'data-working': 'working…',
      'data-done': 'done',
      'data-failed': 'failed',
      'data-unsupported': 'unsupported',
    }),
    'reset-next': element(),
  };
  return { elements, document: { getElementById: (id: keyof typeof elements) => elements[id] ?? null } };
};

const runScript = async (fetchChallenge: () => Promise<Response>, withCrypto = true) => {
  const { elements, document } = fakePage();
  const globals = { crypto: withCrypto ? globalThis.crypto : undefined, TextEncoder, fetch: fetchChallenge, btoa };
  runInNewContext(resetCaptchaJs, {
    ...globals,
    window: globals,
    document,
    setTimeout,
    Promise,
    Math,
    Uint8Array,
    JSON,
    Error,
  });
  const status = elements['captcha-status'];
  for (let i = 0; i < 500 && !['done', 'failed', 'unsupported'].includes(status.textContent); i++)
    await new Promise((r) => setTimeout(r, 10));
  return elements;
};

describe('the reset page proof-of-work script', () => {
  it('fetches a challenge, solves it with Web Crypto and fills a solution the server accepts', async () => {
    const hmacKey = 'test-hmac-key';
    const challenge = await createChallenge({ hmacKey, maxNumber: 3000, algorithm: 'SHA-256' });
    const elements = await runScript(async () => new Response(JSON.stringify(challenge), { status: 200 }));
    expect(elements['captcha-status'].textContent).toBe('done');
    expect(elements['captcha-status'].hidden).toBe(false);
    expect(elements['reset-next'].disabled).toBe(false);
    expect(elements['captcha-state'].value).toBe('done');
    const payload = JSON.parse(Buffer.from(elements.captcha.value, 'base64').toString('utf8'));
    expect(Object.keys(payload).sort()).toEqual(['algorithm', 'challenge', 'number', 'salt', 'signature']);
    expect(await verifySolution(payload, hmacKey, false)).toBe(true);
  });

  it('says so when the challenge cannot be fetched, and leaves the field empty', async () => {
    const elements = await runScript(async () => new Response('{}', { status: 429 }));
    expect(elements['captcha-status'].textContent).toBe('failed');
    expect(elements.captcha.value).toBe('');
    // The server reads this to say "the check failed, try again" instead of "this step needs JavaScript".
    expect(elements['captcha-state'].value).toBe('failed');
  });

  it('says so when the browser has no Web Crypto (not a secure context)', async () => {
    const elements = await runScript(async () => new Response('{}', { status: 200 }), false);
    expect(elements['captcha-status'].textContent).toBe('unsupported');
    expect(elements['captcha-state'].value).toBe('unsupported');
    expect(elements['captcha-status'].hidden).toBe(false);
    expect(elements['reset-next'].disabled).toBe(false);
  });
});
