/**
 * The per-account verify budget (issue 18 item 2): how many password verifies may run for one sign-in name in a
 * short window, checked before the argon2 hash so a spray from many addresses costs a counter, not a hash.
 *
 * Entra's smart lockout keeps familiar and unfamiliar locations apart so an attacker cannot lock the owner out; here
 * the familiar location is a browser holding the account's familiar-device marker (a sealed cookie set after a
 * successful sign-in), and it spends a budget of its own. The marker names the account by a keyed digest of the
 * normalised sign-in name only, so it is the same for real and unknown names and needs no store read to check.
 */

/** The window every budget counts in: short, so a refused human waits seconds, not minutes. */
export const verifyBudgetWindowMs = 10_000;

/** How long a familiar-device marker is believed after the sign-in that set it. */
export const familiarMarkerMaxAgeSeconds = 90 * 24 * 60 * 60;

/**
 * The sign-in name as every budget counts it: trimmed and lower-cased (UPNs are case-insensitive) and NFC, so
 * `Adele@Contoso.example ` and `adele@contoso.example` share one budget whether or not the account exists.
 */
export const budgetName = (username: string): string => username.normalize('NFC').trim().toLowerCase();

/** The counter of one budget: `account` is the keyed digest of {@link budgetName}. */
export const budgetKey = (account: string, familiar: boolean): string =>
  `${familiar ? 'verify-familiar' : 'verify'}:${account}`;

export interface FamiliarMarker {
  /** The keyed digest of the account's {@link budgetName}. */
  readonly account: string;
  /** Epoch seconds of the successful sign-in that set it. */
  readonly issuedAt: number;
}

export const familiarMarker = (account: string, now: Date): FamiliarMarker => ({
  account,
  issuedAt: Math.floor(now.getTime() / 1000),
});

/**
 * Whether an opened marker (any JSON: what a browser sends is not trusted even when it unseals) belongs to `account`
 * and is recent enough. A marker from the future (a clock moved back) is not believed either.
 */
export const isFamiliarFor = (
  marker: unknown,
  account: string,
  now: Date,
  maxAgeSeconds = familiarMarkerMaxAgeSeconds,
): boolean => {
  if (typeof marker !== 'object' || marker === null) return false;
  const { account: owner, issuedAt } = marker as Record<string, unknown>;
  if (typeof owner !== 'string' || typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return false;
  const age = now.getTime() / 1000 - issuedAt;
  return owner === account && age >= -60 && age <= maxAgeSeconds;
};

/**
 * The domain of a sign-in name as the tenant-wide budget looks it up: the part after the last `@` of
 * {@link budgetName}, or '' for a name without one (no tenant has it; it counts in the no-tenant bucket).
 */
export const budgetDomain = (username: string): string => {
  const name = budgetName(username);
  const at = name.lastIndexOf('@');
  return at < 0 ? '' : name.slice(at + 1, at + 254);
};

/**
 * The counter of a tenant's unfamiliar-browser verifies. Every name at a domain no tenant has shares one counter, so
 * a spray over made-up domains (each an argon2 verify against the decoy hash) is capped as one tenant would be,
 * instead of getting a fresh budget per invented domain.
 */
export const tenantBudgetKey = (tenantId: string | undefined): string =>
  tenantId === undefined ? 'verify-tenant:*none' : `verify-tenant:${tenantId}`;

/**
 * The default of SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT (verifies per {@link verifyBudgetWindowMs}) from the
 * hasher's parallelism: one argon2id verify at OWASP's parameters keeps a core busy ~30 ms (≈ 30 a second), so 50
 * per core per 10 s (5 a second) lets a tenant's new browsers use about a sixth of the hasher and no more: ~18,000
 * first sign-ins an hour per core, well above a workday's normal traffic, while a spray can no longer fill the hasher.
 */
export const defaultTenantUnfamiliarVerifies = (cores: number): number => Math.max(1, Math.floor(cores)) * 50;
