/**
 * Portal session lifetimes (ASVS 7.3): idle 30 minutes, absolute 12 hours. Documented in
 * docs/security.md; a test pins the values so code and documentation cannot drift apart.
 */
import type { Session } from '../model.js';

export const sessionPolicy = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 } as const;

export const isSessionAlive = (session: Session, now: Date, policy = sessionPolicy): boolean => {
  const nowMs = now.getTime();
  return (
    nowMs < new Date(session.expiresAt).getTime() &&
    nowMs < new Date(session.lastSeenAt).getTime() + policy.idleSeconds * 1000
  );
};

/** Touching the store on every request is wasteful; refresh last-seen at most once a minute. */
export const needsTouch = (session: Session, now: Date): boolean =>
  now.getTime() - new Date(session.lastSeenAt).getTime() >= 60_000;
