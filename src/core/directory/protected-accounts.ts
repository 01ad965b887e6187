/**
 * Entra's rule for writeback (reference §3.3): accounts in Active Directory's protected groups
 * (`adminCount=1`, stamped by SDProp) are never reset through self-service, and neither are the accounts
 * an administrator lists, by DN or by group membership. Pure: the adapter reads the entry's attributes.
 */
import { normaliseDn } from './ldap-escape.js';

export interface ProtectedAccountRule {
  /** DNs of accounts that must never be written. */
  dns: readonly string[];
  /** DNs of groups whose direct members must never be written (matched against `memberOf`). */
  groups: readonly string[];
}

export const noProtectedAccounts: ProtectedAccountRule = { dns: [], groups: [] };

export interface ProtectionFacts {
  dn: string;
  /** AD's `adminCount` values (OpenLDAP has none). */
  adminCount?: readonly string[];
  /** Group DNs from `memberOf` (AD; OpenLDAP with the memberof overlay). */
  memberOf?: readonly string[];
}

const safeNormalise = (dn: string): string | null => {
  try {
    return normaliseDn(dn);
  } catch {
    return null;
  }
};

export const isProtectedAccount = (facts: ProtectionFacts, rule: ProtectedAccountRule): boolean => {
  if ((facts.adminCount ?? []).some((value) => value.trim() === '1')) return true;
  const dn = safeNormalise(facts.dn);
  // An entry whose DN cannot be read is treated as protected: refusing is the safe side.
  if (dn === null) return true;
  if (rule.dns.some((listed) => safeNormalise(listed) === dn)) return true;
  const groups = new Set(rule.groups.map(safeNormalise).filter((group): group is string => group !== null));
  return (facts.memberOf ?? []).some((group) => {
    const normalised = safeNormalise(group);
    return normalised !== null && groups.has(normalised);
  });
};
