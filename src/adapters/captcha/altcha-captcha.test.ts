import { solveChallenge } from 'altcha-lib/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../test/support/manual-clock.js';
import { createAltchaCaptcha } from './altcha-captcha.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('ALTCHA proof-of-work CAPTCHA', () => {
  // Each test its own clock (one test moves it past the lifetime) and so its own CAPTCHA.
  let clock: ManualClock;
  let captcha: ReturnType<typeof createAltchaCaptcha>;
  beforeEach(() => {
    clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
    captcha = createAltchaCaptcha({ hmacKey: 'k'.repeat(32), maxNumber: 2000, lifetimeSeconds: 600 }, clock);
  });

  const solved = async () => {
    const challenge = await captcha.issue();
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
      .promise;
    expect(solution).not.toBeNull();
    return {
      challenge,
      payload: {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: solution!.number,
        salt: challenge.salt,
        signature: challenge.signature,
      },
    };
  };

  it('accepts a real solution and names the challenge so the caller can make it single use', async () => {
    const { challenge, payload } = await solved();
    expect(await captcha.verify(encode(payload))).toEqual({
      ok: true,
      challengeId: challenge.signature,
      expiresAt: '2026-03-01T09:10:00.000Z',
    });
  });

  it('refuses a wrong number, a forged signature, garbage and an expired challenge', async () => {
    const { payload } = await solved();
    expect(await captcha.verify(encode({ ...payload, number: payload.number + 1 }))).toEqual({ ok: false });
    expect(await captcha.verify(encode({ ...payload, signature: 'f'.repeat(64) }))).toEqual({ ok: false });
    expect(await captcha.verify('not base64 json')).toEqual({ ok: false });
    expect(await captcha.verify(encode({ ...payload, number: -1 }))).toEqual({ ok: false });
    clock.advance(601);
    expect(await captcha.verify(encode(payload))).toEqual({ ok: false });
  });

  it('refuses a challenge signed with another key', async () => {
    const other = createAltchaCaptcha({ hmacKey: 'x'.repeat(32), maxNumber: 2000, lifetimeSeconds: 600 }, clock);
    const challenge = await other.issue();
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
      .promise;
    expect(await captcha.verify(encode({ ...challenge, number: solution!.number }))).toEqual({ ok: false });
  });
});
