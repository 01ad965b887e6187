/**
 * Recovery codes and Temporary Access Passes as reset gates: the entries a user holding them gets, the
 * check a proof makes (by keyed hash, equal work for decoys) and the claim the gate makes in the
 * transaction that passes it (a recovery code used up, a one-time pass marked used), so of racing uses
 * of one secret exactly one passes a gate.
 */
import type { SecurityInfoEntry } from '../../core/flows/gates.js';
import type { LookupSecretKind, Proof } from '../../core/methods/method-contract.js';
import type { User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { digestLookupSecret, normaliseLookupSecret } from '../../core/recovery/lookup-secret.js';
import { tapState } from '../../core/recovery/temporary-access-pass.js';
import type { ServiceDeps } from '../deps.js';

export const recoveryCodesEntryId = 'recovery-codes';
export const temporaryAccessPassEntryId = 'temporary-access-pass';

const purposeOf = { recoveryCode: 'recovery-code', temporaryAccessPass: 'temporary-access-pass' } as const;
const refusalOf = { recoveryCode: 'RECOVERY_CODE_INVALID', temporaryAccessPass: 'TAP_INVALID' } as const;

/**
 * The user's fallback gate entries: recovery codes while any is unused; a Temporary Access Pass while it is live.
 * Whether a pass counts as a gate is the tenant's setting, the `temporaryAccessPass` tick in the SSPR policy, which
 * the gate planning reads for administrators too (`forAdmins: 'whenInPolicy'`).
 */
export const fallbackGateEntries = async (deps: ServiceDeps, user: User): Promise<SecurityInfoEntry[]> => {
  const entries: SecurityInfoEntry[] = [];
  const codes = await deps.store.recovery.recoveryCodeStatus(user.tenantId, user.userId);
  if (codes.remaining > 0)
    entries.push({ entryId: recoveryCodesEntryId, kind: 'recoveryCodes', display: 'Recovery codes' });
  const pass = await deps.store.recovery.findPass(user.tenantId, user.userId);
  if (pass && tapState(pass, deps.clock.now()) === 'active')
    entries.push({
      entryId: temporaryAccessPassEntryId,
      kind: 'temporaryAccessPass',
      display: 'Temporary Access Pass',
    });
  return entries;
};

/** Checks a typed secret; `user` undefined (a decoy, a blind challenge) hashes and reads as much and never passes. */
export const checkLookupSecret = async (
  deps: ServiceDeps,
  user: User | undefined,
  kind: LookupSecretKind,
  typed: string,
): Promise<Proof> => {
  const failed: Proof = { outcome: 'failed', code: refusalOf[kind] };
  const owner = user ?? { tenantId: '~decoy', userId: '~decoy' };
  const normalised = normaliseLookupSecret(typed);
  const hash = digestLookupSecret(deps.keyed, purposeOf[kind], owner, normalised ?? typed);
  if (kind === 'recoveryCode') {
    const unused = await deps.store.recovery.hasRecoveryCode(owner.tenantId, owner.userId, hash);
    return user && normalised && unused ? { outcome: 'passed', consumeLookupSecret: { kind, hash } } : failed;
  }
  const pass = await deps.store.recovery.findPass(owner.tenantId, owner.userId);
  const matches = pass !== undefined && deps.keyed.equals(pass.passHash, hash);
  return user && normalised && matches && tapState(pass, deps.clock.now()) === 'active'
    ? { outcome: 'passed', consumeLookupSecret: { kind, hash } }
    : failed;
};

/** Claims the secret a passed proof named, in the gate's transaction; false when another use won the race. */
export const claimLookupSecret = (
  deps: ServiceDeps,
  store: StoreRepositories,
  owner: { tenantId: string; userId: string },
  claim: { kind: LookupSecretKind; hash: string },
): Promise<boolean> => {
  const now = deps.clock.now().toISOString();
  return claim.kind === 'recoveryCode'
    ? store.recovery.useRecoveryCode(owner.tenantId, owner.userId, claim.hash, now)
    : store.recovery.usePass(owner.tenantId, owner.userId, claim.hash, now);
};
