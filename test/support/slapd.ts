/**
 * A private OpenLDAP server for one test file (or one bench run): its own temp dir, config, mdb database and
 * loopback port, started from Debian's /usr/sbin/slapd and stopped by its pid. It never touches the system
 * instance (which apt may have started on port 389). The data is loaded offline with `slapadd` before slapd
 * starts, so a start is one `slapadd` plus one `slapd` (well under 2 s).
 *
 * The ppolicy overlay runs with a default policy (minimum length 8, history 3, lockout after 3 failures, user
 * change allowed, cleartext hashed) and two extra policies that users can point to with `pwdPolicySubentry`:
 * `cn=strict` (pwdMinAge 3600, so a second change is "too young"; pwdSafeModify, so the user must send the old
 * password) and `cn=quality` (pwdCheckQuality 2 without a checker module: every password is refused as
 * insufficient quality). The service account may manage passwords and lockout attributes, nothing more.
 * With `tls: true` the server also speaks StartTLS with a certificate from a throwaway CA (`caFile`), and
 * `otherCaFile` is a second, unrelated CA for "unknown CA → refused". The server also listens on 127.0.0.2, a
 * name its certificate does not carry ("wrong host name → refused").
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from './net.js';

const run = promisify(execFile);

export const baseDn = 'dc=example,dc=org';
export const serviceDn = `cn=sspr-writeback,ou=services,${baseDn}`;
export const servicePassword = 'service-account-secret';
export const peopleDn = `ou=people,${baseDn}`;
/** Every seeded user's password; tests that need their own start from it. */
export const initialPassword = 'Initial-Passw0rd';

export interface SlapdOptions {
  tls?: boolean;
  /** Extra schema files (absolute paths) after core, cosine, inetorgperson. */
  schemas?: string[];
  /** Extra LDIF entries loaded after the standard ones. */
  extraLdif?: string;
  /** Replaces the standard users (the tree, policies and service account stay). */
  users?: string;
  /** The mdb map size (default 64 MiB; a 100k-user bench directory needs more). */
  maxSizeBytes?: number;
  /**
   * Lets the service account read cn=config (slapd's in-memory copy of this file), so it can tell the default policy
   * from `olcPPolicyDefault` instead of guessing among the visible ones. Off by default, as on most servers.
   */
  configReadable?: boolean;
}

export interface Slapd {
  url: string;
  port: number;
  pid: number;
  dir: string;
  /** PEM file of the CA that signed the server's certificate (TLS only). */
  caFile: string | undefined;
  /** PEM file of an unrelated CA (TLS only). */
  otherCaFile: string | undefined;
  /** The root DN and its per-run random password: tests that edit the directory as its administrator would. */
  rootDn: string;
  rootPassword: string;
  stop(): Promise<void>;
}

/** The standard users: plain ones, one on the strict policy, one on the quality policy, and awkward names. */
export const standardUsers = (): string =>
  [
    user('alice', 'Alice', 'Anders', { mobile: '+31 6 12345678' }),
    user('bob', 'Bob', 'Bakker'),
    user('carol', 'Carol', 'Claes', { pwdPolicySubentry: `cn=strict,ou=policies,${baseDn}` }),
    user('dave', 'Dave', 'Dekker', { pwdPolicySubentry: `cn=quality,ou=policies,${baseDn}` }),
    user('erin', 'Erin', 'Evers'),
    user('frank', 'Frank', 'Faber'),
    user('grace', 'Grace', 'Graaf', { pwdPolicySubentry: `cn=strict,ou=policies,${baseDn}` }),
    user('heidi', 'Heidi', 'Hals'),
    user('ivan', 'Ivan', 'Iepen'),
    user('admin', 'Admin', 'Istrator'),
    // A uid with every RFC 4514 special character: its DN only works if the DN is escaped.
    user('smith, john+x=1;<a>"b"#\\', 'John', 'Smith'),
    // A uid with RFC 4515 specials: a search only finds it if the filter value is escaped.
    user('star*(paren)\\', 'Star', 'Paren'),
  ].join('\n');

/** One inetOrgPerson LDIF entry; the uid is DN-escaped in the DN and base64-encoded in the value. */
export const user = (uid: string, givenName: string, sn: string, extra: Record<string, string> = {}): string => {
  const rdnValue = uid.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`);
  const lines = [
    `dn:: ${Buffer.from(`uid=${rdnValue},${peopleDn}`).toString('base64')}`,
    'objectClass: inetOrgPerson',
    `uid:: ${Buffer.from(uid).toString('base64')}`,
    `cn: ${givenName} ${sn}`,
    `givenName: ${givenName}`,
    `sn: ${sn}`,
    `mail: ${givenName.toLowerCase()}@example.org`,
    `userPassword: ${initialPassword}`,
    ...Object.entries(extra).map(([name, value]) => `${name}: ${value}`),
  ];
  return lines.join('\n') + '\n';
};

const baseLdif = (users: string): string => `dn: ${baseDn}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,${baseDn}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${baseDn}
objectClass: organizationalUnit
ou: groups

dn: ou=services,${baseDn}
objectClass: organizationalUnit
ou: services

dn: ou=policies,${baseDn}
objectClass: organizationalUnit
ou: policies

dn: ${serviceDn}
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: sspr-writeback
userPassword: ${servicePassword}

dn: cn=default,ou=policies,${baseDn}
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: 8
pwdInHistory: 3
pwdLockout: TRUE
pwdMaxFailure: 3
pwdLockoutDuration: 0
pwdAllowUserChange: TRUE
pwdCheckQuality: 1

dn: cn=strict,ou=policies,${baseDn}
objectClass: device
objectClass: pwdPolicy
cn: strict
pwdAttribute: userPassword
pwdMinLength: 8
pwdMinAge: 3600
pwdSafeModify: TRUE
pwdAllowUserChange: TRUE
pwdCheckQuality: 1

dn: cn=quality,ou=policies,${baseDn}
objectClass: device
objectClass: pwdPolicy
cn: quality
pwdAttribute: userPassword
pwdCheckQuality: 2
pwdAllowUserChange: TRUE

dn: cn=staff,ou=groups,${baseDn}
objectClass: groupOfNames
cn: staff
member: uid=alice,${peopleDn}
member: uid=bob,${peopleDn}

${users}`;

const config = (
  dir: string,
  schemas: string[],
  tls: boolean,
  rootPassword: string,
  maxSizeBytes: number,
  configReadable: boolean,
): string => {
  const lines = [
    ...['core', 'cosine', 'inetorgperson'].map((name) => `include /etc/ldap/schema/${name}.schema`),
    ...schemas.map((file) => `include ${file}`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload ppolicy',
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    ...(tls
      ? [
          `TLSCACertificateFile ${dir}/ca.pem`,
          `TLSCertificateFile ${dir}/server.pem`,
          `TLSCertificateKeyFile ${dir}/server.key`,
        ]
      : []),
    ...(configReadable ? ['database config', 'access to *', `  by dn.exact="${serviceDn}" read`, '  by * none'] : []),
    'database mdb',
    `suffix "${baseDn}"`,
    `rootdn "cn=root,${baseDn}"`,
    // The root DN's password is random per run; only tests that edit the directory (sync) bind as it.
    `rootpw ${rootPassword}`,
    `directory ${dir}/db`,
    `maxsize ${maxSizeBytes}`,
    'index objectClass,uid,mail eq',
    // A sync pages through every user: lift the default 500-entry size limit for the service account only.
    `limits dn.exact="${serviceDn}" size.soft=unlimited size.hard=unlimited size.prtotal=unlimited`,
    'overlay ppolicy',
    `ppolicy_default "cn=default,ou=policies,${baseDn}"`,
    'ppolicy_use_lockout',
    'ppolicy_hash_cleartext',
    // Least privilege for the writeback account: write passwords and the lockout attributes, read users.
    'access to attrs=userPassword',
    `  by dn.exact="${serviceDn}" write`,
    '  by self write',
    '  by anonymous auth',
    '  by * none',
    // pwdReset: an admin's forced reset ("must change at next logon") is written as pwdReset: TRUE.
    'access to attrs=pwdAccountLockedTime,pwdFailureTime,pwdReset',
    `  by dn.exact="${serviceDn}" manage`,
    '  by * none',
    'access to *',
    `  by dn.exact="${serviceDn}" read`,
    '  by self read',
    '  by * none',
  ];
  return lines.join('\n') + '\n';
};

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, plus an unrelated CA. */
export const makeCertificates = async (dir: string): Promise<void> => {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const days = ['-days', '2'];
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    ...days,
    '-subj',
    '/CN=OpenSSPR test CA',
  );
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other-ca.key',
    '-out',
    'other-ca.pem',
    ...days,
    '-subj',
    '/CN=Unrelated CA',
  );
  await openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  );
  await writeFile(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    ...days,
    '-extfile',
    'server.ext',
  );
};

const waitForPort = async (port: number, child: ChildProcess, deadlineMs: number): Promise<void> => {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - started > deadlineMs)
      throw new Error(`slapd did not listen on 127.0.0.1:${port} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

export const startSlapd = async (options: SlapdOptions = {}): Promise<Slapd> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sspr-slapd-'));
  const tls = options.tls === true;
  const rootPassword = randomBytes(18).toString('base64url');
  try {
    await mkdir(path.join(dir, 'db'));
    if (tls) await makeCertificates(dir);
    await writeFile(
      path.join(dir, 'slapd.conf'),
      config(
        dir,
        options.schemas ?? [],
        tls,
        rootPassword,
        options.maxSizeBytes ?? 67_108_864,
        options.configReadable === true,
      ),
    );
    await writeFile(
      path.join(dir, 'data.ldif'),
      baseLdif(options.users ?? standardUsers()) + '\n' + (options.extraLdif ?? ''),
    );
    await run('/usr/sbin/slapadd', ['-f', path.join(dir, 'slapd.conf'), '-l', path.join(dir, 'data.ldif'), '-q']);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freeLoopbackPort();
  const url = `ldap://127.0.0.1:${port}`;
  // `-d 0` keeps slapd in the foreground as our child, so its pid is ours to stop.
  // Also on 127.0.0.2 (same loopback, a name the certificate does not carry) for the host-name check.
  const child = spawn(
    '/usr/sbin/slapd',
    ['-f', path.join(dir, 'slapd.conf'), '-h', `${url}/ ldap://127.0.0.2:${port}/`, '-d', '0'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, 5000);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const pid = child.pid ?? 0;
  return {
    url,
    port,
    pid,
    dir,
    caFile: tls ? path.join(dir, 'ca.pem') : undefined,
    otherCaFile: tls ? path.join(dir, 'other-ca.pem') : undefined,
    rootDn: `cn=root,${baseDn}`,
    rootPassword,
    async stop() {
      if (child.exitCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
};
