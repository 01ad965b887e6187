/**
 * Checks an administrator's directory connection before it is stored: a URL the adapters can use with TLS
 * (ldaps://, or ldap:// with StartTLS — never plain LDAP, so the bind password never crosses the wire in the
 * clear), DNs that parse (RFC 4514), and a mode and type we know. Pure: returns the first problem as text.
 */
import { directoryTypeList, isDirectoryType } from '../../dialects/registry.js';
import { directoryModes, type DirectoryConnectionConfig, type DirectoryMode } from '../model.js';
import { failure, success, type Result } from '../result.js';
import { parseDn } from './ldap-escape.js';
import { checkDeletionThreshold, defaultDeletionThreshold } from './sync-safety.js';

export interface DirectoryConnectionInput {
  type: string;
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter?: string | null;
  startTls?: boolean;
  caFile?: string | null;
  mode?: string;
  protectedGroups?: readonly string[];
  /** Default 500; 0 switches the accidental-deletion check off. */
  deletionThreshold?: number;
}

/** A connection's settings once checked: the stored configuration's fields plus the bind password to seal. */
export type CheckedConnectionInput = Pick<
  DirectoryConnectionConfig,
  'type' | 'url' | 'bindDn' | 'baseDn' | 'userFilter' | 'startTls' | 'caFile' | 'mode' | 'protectedGroups'
> & {
  bindPassword: string;
  deletionThreshold: number;
};

const maxLength = 1024;
const urlPattern = /^(ldaps?):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?\/?$/;

const isDn = (value: string): boolean => {
  if (value.length === 0 || value.length > maxLength) return false;
  try {
    return parseDn(value).length > 0;
  } catch {
    return false;
  }
};

export const checkConnectionInput = (
  input: DirectoryConnectionInput,
): Result<CheckedConnectionInput, 'VALIDATION_FAILED', { message: string }> => {
  const problem = (message: string) => failure('VALIDATION_FAILED', { message });
  if (!isDirectoryType(input.type)) return problem(`type must be ${directoryTypeList()}`);
  const mode = input.mode ?? 'passwordHashSync';
  if (!directoryModes.includes(mode as DirectoryMode))
    return problem('mode must be passwordHashSync, passthrough or federated');
  const url = input.url.trim();
  const parsed = urlPattern.exec(url);
  if (!parsed || url.length > maxLength) return problem('url must be ldap://host[:port] or ldaps://host[:port]');
  const port = parsed[3] === undefined ? undefined : Number(parsed[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return problem('url has a port outside 1-65535');
  const startTls = Boolean(input.startTls);
  if (parsed[1] === 'ldaps' && startTls) return problem('use either ldaps:// or --starttls, not both');
  if (parsed[1] === 'ldap' && !startTls)
    return problem('ldap:// needs StartTLS (--starttls); plain LDAP would send the bind password in the clear');
  if (!isDn(input.bindDn)) return problem('bind DN is not a valid DN');
  if (!isDn(input.baseDn)) return problem('base DN is not a valid DN');
  if (input.bindPassword.length === 0 || input.bindPassword.length > maxLength)
    return problem('bind password is required');
  const userFilter = input.userFilter?.trim() || null;
  if (
    userFilter !== null &&
    (!userFilter.startsWith('(') || !userFilter.endsWith(')') || userFilter.length > maxLength)
  ) {
    return problem('user filter must be an LDAP filter in parentheses, e.g. (objectClass=inetOrgPerson)');
  }
  const caFile = input.caFile?.trim() || null;
  if (caFile !== null && caFile.length > maxLength) return problem('CA file path is too long');
  const protectedGroups = [...new Set(input.protectedGroups ?? [])];
  const badGroup = protectedGroups.find((group) => !isDn(group));
  if (badGroup !== undefined) return problem('a protected group is not a valid DN');
  const threshold = checkDeletionThreshold(input.deletionThreshold ?? defaultDeletionThreshold);
  if (!threshold.ok) return threshold;
  return success({
    type: input.type,
    url,
    bindDn: input.bindDn.trim(),
    bindPassword: input.bindPassword,
    baseDn: input.baseDn.trim(),
    userFilter,
    startTls,
    caFile,
    mode: mode as DirectoryMode,
    protectedGroups,
    deletionThreshold: threshold.value,
  });
};
