/**
 * API tokens for automation: `sspr_<tokenId>_<secret>`. The id finds the stored record (and so the
 * tenant); the 256-bit secret proves possession. Only a keyed hash of the whole token is stored and
 * it is compared in constant time. Pure: format, parse, lifetime and status.
 */
import type { ApiToken } from '../model.js';

export const apiTokenPolicy = {
  /** 32 bytes = 256 bits from the CSPRNG. */
  secretBytes: 32,
  defaultExpiresInDays: 90,
  maxExpiresInDays: 365,
  maxNameLength: 100,
  /** last_used_at is written at most this often per token, so busy automation does not write on every call. */
  touchSeconds: 60,
} as const;

const tokenPattern = /^sspr_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const formatApiToken = (tokenId: string, secret: string): string => `sspr_${tokenId}_${secret}`;

/** The token id of a well-formed token, or undefined (no store lookup for garbage). */
export const apiTokenIdOf = (token: string): string | undefined => tokenPattern.exec(token)?.[1];

export const isTokenId = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export const apiTokenStatus = (token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, now: Date): ApiTokenStatus => {
  if (token.revokedAt !== null) return 'revoked';
  return now.toISOString() < token.expiresAt ? 'active' : 'expired';
};

export const needsTokenTouch = (token: Pick<ApiToken, 'lastUsedAt'>, now: Date): boolean =>
  token.lastUsedAt === null || now.getTime() - Date.parse(token.lastUsedAt) >= apiTokenPolicy.touchSeconds * 1000;
