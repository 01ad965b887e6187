/**
 * Temporary Access Pass (Entra's TAP): a time-limited passcode an administrator issues so a user who
 * lost every method can sign in and register new ones. Entra's bounds: lifetime 10 minutes to 30 days
 * (default 60 minutes), one-time or multi-use; one pass per user, a new one replaces the old. Pure:
 * the clock is the caller's.
 */
import { failure, success, type Result } from '../result.js';

export const tapRules = {
  minLifetimeMinutes: 10,
  maxLifetimeMinutes: 30 * 24 * 60,
  defaultLifetimeMinutes: 60,
  /** A session opened with a pass: long enough to register methods, never longer than the pass itself. */
  sessionMinutes: 60,
} as const;

/** A stored pass: only the keyed hash of the secret. */
export interface TemporaryAccessPass {
  tenantId: string;
  userId: string;
  passHash: string;
  oneTime: boolean;
  createdAt: string;
  expiresAt: string;
  /** When a one-time pass was used (it then stays, unusable, until replaced or revoked). */
  usedAt: string | null;
  /** The issuing administrator's audit actor id (null for the CLI). */
  createdBy: string | null;
}

export type TapState = 'active' | 'expired' | 'used';

/** A lifetime within Entra's bounds, whole minutes; absent: the default. */
export const checkTapLifetime = (minutes: number | undefined): Result<number> => {
  const value = minutes ?? tapRules.defaultLifetimeMinutes;
  return Number.isInteger(value) && value >= tapRules.minLifetimeMinutes && value <= tapRules.maxLifetimeMinutes
    ? success(value)
    : failure('TAP_LIFETIME_INVALID');
};

export const tapExpiry = (now: Date, lifetimeMinutes: number): Date =>
  new Date(now.getTime() + lifetimeMinutes * 60_000);

export const tapState = (pass: Pick<TemporaryAccessPass, 'expiresAt' | 'usedAt' | 'oneTime'>, now: Date): TapState => {
  if (pass.oneTime && pass.usedAt !== null) return 'used';
  return now.getTime() < Date.parse(pass.expiresAt) ? 'active' : 'expired';
};

/** The end of a session opened with the pass: an hour at most, and never after the pass expires. */
export const tapSessionEnd = (pass: Pick<TemporaryAccessPass, 'expiresAt'>, now: Date): Date =>
  new Date(Math.min(Date.parse(pass.expiresAt), now.getTime() + tapRules.sessionMinutes * 60_000));

/** What an administrator may see of a pass: never its value or hash. */
export interface TapView {
  state: TapState;
  oneTime: boolean;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  lifetimeMinutes: number;
}

export const tapView = (pass: TemporaryAccessPass, now: Date): TapView => ({
  state: tapState(pass, now),
  oneTime: pass.oneTime,
  createdAt: pass.createdAt,
  expiresAt: pass.expiresAt,
  usedAt: pass.usedAt,
  lifetimeMinutes: Math.round((Date.parse(pass.expiresAt) - Date.parse(pass.createdAt)) / 60_000),
});
