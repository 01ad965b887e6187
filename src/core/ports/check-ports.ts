/**
 * Checks the outside world answers: breached passwords, entitlements, the CAPTCHA, TOTP codes, sealing secrets.
 */
import type { Entitlement } from '../licensing/entitlements.js';

/**
 * A corpus of passwords seen in breaches. Implementations: the k-anonymity range API client and the
 * offline on-disk index. Only SHA-1 digests (and for the API only the first 5 hex characters) leave
 * the process.
 */
export interface BreachedPasswordSource {
  /** How many times the password was seen in breaches (0 = never). Rejects when the source is unavailable. */
  countOf(password: string): Promise<number>;
}

/**
 * The single entitlement check every feature gate asks. Licensing implements it from SKUs and
 * assignments; until then app.ts wires a check that grants everything.
 */
export interface EntitlementCheck {
  tenantHas(tenantId: string, entitlement: Entitlement): Promise<boolean>;
}

/** An ALTCHA-format proof-of-work challenge: the client finds `number` so that hash(salt + number) = challenge. */
export interface CaptchaChallenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * Self-hosted proof-of-work CAPTCHA. `verify` checks the signature, the work and the expiry; it does
 * not remember solutions — single use is the caller's job (it records `challengeId` until `expiresAt`).
 */
export interface Captcha {
  issue(): Promise<CaptchaChallenge>;
  /** `payload` is what the ALTCHA widget submits: base64 of the JSON solution. */
  verify(payload: string): Promise<{ ok: true; challengeId: string; expiresAt: string } | { ok: false }>;
}

/** TOTP (RFC 6238: SHA-1, 6 digits, 30 s) for authenticator apps. */
export interface TotpAuthenticator {
  /** A new Base32 secret (160 bits). */
  newSecret(): string;
  /** The otpauth:// URI an authenticator app scans. */
  uri(secret: string, issuer: string, account: string): string;
  /** The matched RFC 6238 time step (±1 step), or null; `afterStep` refuses that step and older (replay). */
  verify(secret: string, code: string, now: Date, afterStep?: number): Promise<number | null>;
  /** The URI as a QR code in inline SVG. */
  qrSvg(uri: string): Promise<string>;
}

/**
 * Authenticated encryption for secrets that must be read back (TOTP secrets, later directory
 * credentials), each under a key bound to its purpose.
 */
export interface SecretSealer {
  seal(purpose: string, plaintext: string): string;
  /** Throws when the sealed text was altered or sealed for another purpose. */
  open(purpose: string, sealed: string): string;
}
