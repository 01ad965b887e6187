/**
 * One LDAP session for one domain verb: connect (ldaps:// or StartTLS, certificate validation always on),
 * bind, work, unbind — with a connect timeout, a per-operation timeout and a deadline for the whole
 * session, so no call can hang a reset. Errors from the socket, TLS and the server are classified into the
 * directory outcomes once, here. Shared by every dialect's connection code (the `*.adapter.ts` files in `src/dialects/`).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, ResultCodeError, type Control } from 'ldapts';
import {
  misconfigured,
  unreachable,
  type DirectoryFailure,
  type DirectoryResult,
} from '../../core/directory/directory-outcomes.js';
import type { PasswordVerdict } from '../../core/directory/directory-ports.js';
import type { ProtectedAccountRule } from '../../core/directory/protected-accounts.js';

export interface LdapConnectionSettings {
  /** `ldaps://host:636` or `ldap://host:389` (then `startTls` is required unless `allowPlaintext`). */
  url: string;
  startTls?: boolean;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** Narrows user searches, e.g. `(objectClass=inetOrgPerson)`; trusted configuration, not escaped. */
  userFilter?: string;
  groupFilter?: string;
  /** The attributes a login is matched against (default per dialect). */
  loginAttributes?: readonly string[];
  /** PEM of the CA(s) to trust instead of the system store; or a file holding it. */
  ca?: string;
  caFile?: string;
  connectTimeoutMs?: number;
  operationTimeoutMs?: number;
  /** OpenLDAP only, for development on loopback: plain LDAP without TLS. Never for AD. */
  allowPlaintext?: boolean;
  protectedAccounts?: ProtectedAccountRule;
  /** AD only: the policy-hints control on a reset is `required` (default, critical) or sent `ifSupported`. */
  adPolicyHints?: 'required' | 'ifSupported';
}

export const defaultConnectTimeoutMs = 5000;
export const defaultOperationTimeoutMs = 10000;

const tlsFailureCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** ldapts puts " Code: 0x13" after the server's diagnostic; the diagnostic alone is kept for the audit log. */
export const diagnosticOf = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').slice(0, 300);
};

/** The ldap result code of a server error, or null for socket/TLS/timeout errors. */
export const resultCodeOf = (error: unknown): number | null => (error instanceof ResultCodeError ? error.code : null);

/**
 * One classification for everything that is not a password-policy refusal: unreachable for the network,
 * misconfigured for what an administrator must fix (credentials, rights, DNs, TLS trust).
 */
export const classifyFailure = (error: unknown): DirectoryFailure => {
  const diagnostic = diagnosticOf(error);
  const resultCode = resultCodeOf(error);
  if (resultCode !== null) {
    if (resultCode === 49)
      return { code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'serviceBindFailed', diagnostic } };
    if (resultCode === 50)
      return { code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'insufficientAccess', diagnostic } };
    if (resultCode === 32) return { code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'entryNotFound', diagnostic } };
    if (resultCode === 8 || resultCode === 13)
      return { code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'tlsRequired', diagnostic } };
    if (resultCode === 51 || resultCode === 52 || resultCode === 3)
      return { code: 'DIRECTORY_UNREACHABLE', details: { diagnostic } };
    return {
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'unsupported', diagnostic: diagnostic || `LDAP result code ${resultCode}` },
    };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && tlsFailureCodes.has(code)) {
    return { code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'tlsCertificateRejected', diagnostic } };
  }
  return { code: 'DIRECTORY_UNREACHABLE', details: { diagnostic } };
};

const loadCa = (settings: LdapConnectionSettings): string | undefined =>
  settings.ca ?? (settings.caFile ? readFileSync(settings.caFile, 'utf8') : undefined);

export interface LdapSession {
  client: Client;
}

export interface SessionOptions<T> {
  /** What a refused user bind means to the verb (wrong current password, locked). */
  onUserBindFailure?: (error: unknown) => DirectoryResult<T>;
  /** Listings run as long as pages keep coming (each page has the operation timeout); verbs get a deadline. */
  unbounded?: boolean;
}

export type SessionBind = { kind: 'service' } | { kind: 'user'; dn: string; password: string; control?: Control };

/**
 * Runs `work` in a fresh session. TLS policy is checked before any byte is sent: `ldaps://`, or
 * `ldap://` with StartTLS, or (OpenLDAP development only) `allowPlaintext`. A user bind that fails
 * is returned to `onBindFailure` so each verb can say what it means (wrong current password, locked).
 */
export const withSession = async <T>(
  settings: LdapConnectionSettings,
  bind: SessionBind,
  work: (session: LdapSession) => Promise<DirectoryResult<T>>,
  options: SessionOptions<T> = {},
): Promise<DirectoryResult<T>> => {
  const { onUserBindFailure } = options;
  let url: URL;
  try {
    url = new URL(settings.url);
  } catch {
    return misconfigured('unsupported', 'the directory URL is not valid');
  }
  const secure = url.protocol === 'ldaps:';
  if (!secure && url.protocol !== 'ldap:')
    return misconfigured('unsupported', `unsupported URL scheme ${url.protocol}`);
  if (!secure && !settings.startTls && !settings.allowPlaintext) {
    return misconfigured('tlsRequired', 'ldap:// without StartTLS is refused; use ldaps:// or StartTLS');
  }
  let ca: string | undefined;
  try {
    ca = loadCa(settings);
  } catch (error) {
    return misconfigured('tlsCertificateRejected', `the CA file cannot be read: ${diagnosticOf(error)}`);
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const tlsOptions: ConnectionOptions = {
    rejectUnauthorized: true,
    host: hostname,
    ...(isIP(hostname) ? {} : { servername: hostname }),
    ...(ca ? { ca } : {}),
  };
  const operationTimeoutMs = settings.operationTimeoutMs ?? defaultOperationTimeoutMs;
  const connectTimeoutMs = settings.connectTimeoutMs ?? defaultConnectTimeoutMs;
  // ldapts treats any tlsOptions as "connect with TLS", so an ldap:// URL gets them only at StartTLS.
  const client = new Client({
    url: settings.url,
    timeout: operationTimeoutMs,
    connectTimeout: connectTimeoutMs,
    strictDN: false,
    ...(secure ? { tlsOptions } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  // The TLS handshake has no timeout of its own in ldapts; the deadline covers it and anything else.
  const deadline = new Promise<DirectoryResult<T>>((resolve) => {
    if (options.unbounded) return;
    timer = setTimeout(
      () => resolve(unreachable('the directory did not answer in time')),
      connectTimeoutMs + 4 * operationTimeoutMs,
    );
  });
  const session = async (): Promise<DirectoryResult<T>> => {
    try {
      if (!secure && settings.startTls) await client.startTLS({ ...tlsOptions });
    } catch (error) {
      return { ok: false, ...classifyFailure(error) };
    }
    try {
      if (bind.kind === 'service') await client.bind(settings.bindDn, settings.bindPassword);
      else await client.bind(bind.dn, bind.password, bind.control ? [bind.control] : undefined);
    } catch (error) {
      if (bind.kind === 'user' && onUserBindFailure && resultCodeOf(error) !== null) return onUserBindFailure(error);
      return { ok: false, ...classifyFailure(error) };
    }
    try {
      return await work({ client });
    } catch (error) {
      return { ok: false, ...classifyFailure(error) };
    }
  };
  try {
    return await Promise.race([session(), deadline]);
  } finally {
    clearTimeout(timer);
    await client.unbind().catch(() => undefined);
  }
};

/** How a dialect reads "right password, but change it now" from a bind as the user. */
export interface UserPasswordCheck {
  /**
   * A control to send with the bind, and whether its response says "change now" after a bind that succeeded
   * (OpenLDAP: the password-policy control's `changeAfterReset`). A fresh one per bind: the response is kept in it.
   */
  bindControl?: () => { control: Control; mustChange: () => boolean };
  /** AD: a refused bind (invalid credentials) whose diagnostic says so (data 773/532). */
  refusedForChange?: (diagnostic: string) => boolean;
  /** AD: after a successful bind, read as the user — a DC that binds a must-change account anyway (Samba). */
  boundMustChange?: (client: Client, dn: string) => Promise<boolean>;
}

/**
 * A bind as the user (passthrough sign-in). Invalid credentials (49) — which a locked or disabled ppolicy or AD
 * account also answers — is `invalid`, unless the dialect reads it as "right password, must change now"; a
 * successful bind may still be that (see `UserPasswordCheck`). A transport or TLS failure stays an outcome. Never
 * binds with an empty password, which LDAP treats as an anonymous bind that "succeeds".
 */
export const verifyUserPassword = (
  settings: LdapConnectionSettings,
  dn: string,
  password: string,
  check: UserPasswordCheck = {},
): Promise<DirectoryResult<PasswordVerdict>> => {
  if (password.length === 0 || dn.length === 0) return Promise.resolve({ ok: true, value: 'invalid' });
  const bindControl = check.bindControl?.();
  return withSession<PasswordVerdict>(
    settings,
    { kind: 'user', dn, password, ...(bindControl && { control: bindControl.control }) },
    async ({ client }) => {
      if (bindControl?.mustChange()) return { ok: true, value: 'mustChange' };
      return {
        ok: true,
        value: check.boundMustChange && (await check.boundMustChange(client, dn)) ? 'mustChange' : 'valid',
      };
    },
    {
      onUserBindFailure: (error) => {
        if (resultCodeOf(error) !== 49) return { ok: false, ...classifyFailure(error) };
        return { ok: true, value: check.refusedForChange?.(diagnosticOf(error)) ? 'mustChange' : 'invalid' };
      },
    },
  );
};
