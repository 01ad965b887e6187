/**
 * Active Directory as a descriptor (`DirectoryDialect`): users anchored on `objectGUID`, `uSNChanged` (a number,
 * compared as one) as the change mark, ACCOUNTDISABLE as "disabled", `lockoutTime` for lockout, Win32 codes in the
 * diagnostic as the policy-error map, and tombstones in Deleted Objects, so incremental runs see deletions. The
 * connection code is in `active-directory-connection.adapter.ts` (and `ad-deleted.adapter.ts`).
 */
import type { DirectoryDialect } from '../../core/directory/dialect.js';
import { valuesOf } from '../../core/directory/entry-values.js';
import { activeDirectoryTexts } from './active-directory.texts.js';
import { adExpiryPolicyAttributes, adExpiryUserAttributes, adResultantPsoOf, readAdExpiry } from './ad-expiry.rules.js';
import { adLockoutAttributes, readAdLockout } from './ad-lockout.rules.js';
import { readAdPasswordRefusal } from './ad-password.rules.js';
import { adTombstoneOf, readDeletedEntries } from './ad-tombstones.rules.js';

/** userAccountControl's ACCOUNTDISABLE (0x2). */
const accountDisableBit = 2;
/** msDS-User-Account-Control-Computed's UF_LOCKOUT: the lock as AD sees it now (lockoutTime stays set after it expires). */
const ufLockout = 0x10;

/** Whether an AD entry's `userAccountControl` has ACCOUNTDISABLE: an administrator disabled it. */
export const isAdAccountDisabled = (userAccountControl: readonly string[]): boolean =>
  (Number(userAccountControl[0] ?? '0') & accountDisableBit) !== 0;

export const activeDirectory: DirectoryDialect<'ad'> = {
  id: 'ad',
  texts: activeDirectoryTexts,
  anchorAttribute: 'objectGUID',
  user: {
    upnAttribute: 'userPrincipalName',
    displayNameAttribute: 'displayName',
    loginAttributes: ['userPrincipalName', 'sAMAccountName'],
  },
  changeMark: {
    attribute: 'uSNChanged',
    pattern: /^[0-9]{1,20}$/,
    description: 'a uSNChanged number',
    // Update sequence numbers grow past 2^53: compared as big integers, never as text ("9" < "10").
    isLater: (a, b) => BigInt(b) > BigInt(a),
  },
  disabledAttributes: ['userAccountControl'],
  isDisabled: (entry) => isAdAccountDisabled(valuesOf(entry, 'userAccountControl')),
  lockout: {
    attributes: ['lockoutTime', 'msDS-User-Account-Control-Computed', 'userAccountControl'],
    isLocked: (entry) => {
      // A disabled account is not "locked": the flow must not offer an unlock that would be refused.
      if (isAdAccountDisabled(valuesOf(entry, 'userAccountControl'))) return false;
      const computed = valuesOf(entry, 'msDS-User-Account-Control-Computed')[0];
      if (computed !== undefined) return (Number(computed) & ufLockout) !== 0;
      return (valuesOf(entry, 'lockoutTime')[0] ?? '0') !== '0';
    },
    // lockoutTime=0 is how AD unlocks; writing it to an unlocked account changes nothing.
    unlockChanges: () => [{ operation: 'replace', attribute: 'lockoutTime', values: ['0'] }],
  },
  // The fine-grained policy in force for the user (constructed `msDS-ResultantPSO`), else the domain object's.
  lockoutPolicy: { userAttributes: ['msDS-ResultantPSO'], policyAttributes: adLockoutAttributes, read: readAdLockout },
  // The DC's computed expiry; pwdLastSet + maxPwdAge (or the PSO's, when readable) without it.
  passwordExpiry: {
    userAttributes: adExpiryUserAttributes,
    policyOf: adResultantPsoOf,
    policyAttributes: adExpiryPolicyAttributes,
    read: readAdExpiry,
  },
  readPasswordRefusal: ({ resultCode, diagnostic }) => readAdPasswordRefusal(resultCode, diagnostic),
  tombstones: { read: readDeletedEntries, of: adTombstoneOf },
  urlHint: 'ldaps://dc.example.org:636 (AD writes passwords only over TLS)',
};
