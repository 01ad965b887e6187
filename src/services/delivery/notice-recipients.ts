/**
 * Who hears of a change to an account (checklist §11 row 16, NIST SP 800-63B §4.6): the UPN, the alternate email
 * and every verified email method the user registered. A notice that reaches only the address a change came
 * through tells an attacker holding that mailbox and nobody else, so every address on file gets it.
 */
import type { User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { entryOf } from '../../methods/registry.js';

export const noticeRecipients = async (
  deps: { store: Pick<StoreRepositories, 'securityInfo'> },
  user: User,
): Promise<string[]> => {
  const records = await deps.store.securityInfo.listMethods(user.tenantId, user.userId);
  const emails = records
    .filter((r) => r.status === 'verified' && entryOf(r.type)?.sendsTo === 'email')
    .map((r) => r.value);
  return [...new Set([user.upn, user.alternateEmail, ...emails].flatMap((v) => (v ? [v.toLowerCase()] : [])))];
};

/**
 * The numbers that hear of a change by SMS (checklist §11 row 16): the mobile number an administrator or the sync
 * set, and every verified number an SMS code reaches (the mobile phones the user registered), as the alternate
 * email and every verified address hear of it by email.
 */
export const noticePhones = async (
  deps: { store: Pick<StoreRepositories, 'securityInfo'> },
  user: User,
): Promise<string[]> => {
  const records = await deps.store.securityInfo.listMethods(user.tenantId, user.userId);
  const registered = records.filter((r) => r.status === 'verified' && entryOf(r.type)?.sendsTo === 'sms');
  return [...new Set([user.mobilePhone, ...registered.map((r) => r.value)].flatMap((v) => (v ? [v] : [])))];
};
