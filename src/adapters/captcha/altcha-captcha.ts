import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Clock } from '../../core/clock.js';
import type { Captcha, CaptchaChallenge } from '../../core/ports.js';

export interface AltchaOptions {
  /** Signs challenges; derived from SSPR_SECRET by the caller. */
  hmacKey: string;
  /** The difficulty: the client tries up to this many numbers (about half on average). */
  maxNumber: number;
  lifetimeSeconds: number;
}

const decode = (payload: string): unknown => {
  try {
    return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
};

const isSolution = (
  value: unknown,
): value is { algorithm: 'SHA-256'; challenge: string; number: number; salt: string; signature: string } => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.algorithm === 'SHA-256' &&
    typeof v.challenge === 'string' &&
    typeof v.salt === 'string' &&
    typeof v.signature === 'string' &&
    typeof v.number === 'number' &&
    Number.isInteger(v.number) &&
    v.number >= 0
  );
};

/**
 * ALTCHA proof of work (DESIGN §6), self-hosted: no third party sees the user. The expiry rides in the
 * signed salt; it is checked against the injected clock (the library would read the system clock).
 */
export const createAltchaCaptcha = (options: AltchaOptions, clock: Clock): Captcha => ({
  async issue(): Promise<CaptchaChallenge> {
    const expires = new Date(clock.now().getTime() + options.lifetimeSeconds * 1000);
    const challenge = await createChallenge({
      hmacKey: options.hmacKey,
      maxNumber: options.maxNumber,
      algorithm: 'SHA-256',
      expires,
    });
    return {
      algorithm: 'SHA-256',
      challenge: challenge.challenge,
      maxnumber: options.maxNumber,
      salt: challenge.salt,
      signature: challenge.signature,
    };
  },

  async verify(payload) {
    if (payload.length > 4096) return { ok: false };
    const solution = decode(payload);
    if (!isSolution(solution) || solution.number > options.maxNumber) return { ok: false };
    const expiresSeconds = Number(extractParams(solution).expires);
    if (!Number.isFinite(expiresSeconds) || expiresSeconds * 1000 <= clock.now().getTime()) return { ok: false };
    if (!(await verifySolution(solution, options.hmacKey, false))) return { ok: false };
    return { ok: true, challengeId: solution.signature, expiresAt: new Date(expiresSeconds * 1000).toISOString() };
  },
});
