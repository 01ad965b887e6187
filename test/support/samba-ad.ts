/**
 * A private Samba Active Directory domain controller for the AD dialect's tests: provisioned into a temp
 * dir (`samba-tool domain provision`, no DNS), started in the foreground with only its LDAP service, and
 * stopped by pid. Samba's LDAP ports are fixed (389 and 636, no option moves them), so it listens on the
 * loopback interface only and refuses to start when something else holds 127.0.0.1:389/636 (e.g. a system
 * slapd), with that reason. The certificate comes from a throwaway CA (as for slapd), so TLS is validated.
 *
 * After start, as Administrator over LDAPS: the domain's password policy (length 8, history 3, no
 * complexity, minimum age 0, lockout after 3 failures), a least-privilege service account holding only
 * Reset Password, Change Password, write lockoutTime and pwdLastSet on users in CN=Users (what Entra asks
 * for, reference §6.1), and users: plain ones and one in Domain Admins with adminCount=1.
 * Only one DC runs at a time on the machine (a lock in the temp dir; see `acquireLock`).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client } from 'ldapts';
import { makeCertificates } from './slapd.js';

const run = promisify(execFile);

export const adRealm = 'sspr.test';
export const adBaseDn = 'DC=sspr,DC=test';
export const adUsersDn = `CN=Users,${adBaseDn}`;
export const adAdminPassword = 'Adm1n-Passw0rd!';
export const adServicePassword = 'Service-Passw0rd!';
export const adInitialPassword = 'Initial-Passw0rd';
export const adServiceDn = `CN=sspr-writeback,${adUsersDn}`;

export interface SambaAd {
  url: string;
  caFile: string;
  otherCaFile: string;
  pid: number;
  /** An Administrator session for test set-up and ground truth. */
  admin(): Promise<Client>;
  /** Ground truth for "which password works in AD now": a bind as the user (over LDAPS, certificate checked). */
  canBind(name: string, password: string): Promise<boolean>;
  stop(): Promise<void>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const unicodePwd = (password: string) => Buffer.from(`"${password}"`, 'utf16le');
const replace = (type: string, value: string) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });

/** Rights of the writeback account (schema GUIDs from MS-ADTS): extended rights and two property writes on user objects. */
const userClassGuid = 'bf967aba-0de6-11d0-a285-00aa003049e2';
const serviceAces = (sid: string) =>
  [
    `(OA;CI;CR;00299570-246d-11d0-a768-00aa006e0529;${userClassGuid};${sid})`, // Reset Password
    `(OA;CI;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;${userClassGuid};${sid})`, // Change Password
    `(OA;CI;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;${userClassGuid};${sid})`, // lockoutTime
    `(OA;CI;WP;bf967a0a-0de6-11d0-a285-00aa003049e2;${userClassGuid};${sid})`, // pwdLastSet
  ].join('');

export const adUser = (name: string) => `CN=${name},${adUsersDn}`;

/** A connection to the harness's DC over LDAPS as the least-privilege writeback account, for `directories.add`. */
export const adConnectionInput = (samba: Pick<SambaAd, 'url' | 'caFile'>) =>
  ({
    type: 'ad',
    url: samba.url,
    startTls: false,
    caFile: samba.caFile,
    bindDn: adServiceDn,
    bindPassword: adServicePassword,
    baseDn: adBaseDn,
  }) as const;

/**
 * One Samba DC at a time on this machine: its ports are fixed, and vitest runs test files in parallel workers.
 * A lock directory holding the owner's pid serialises the AD suites (a dead owner's lock is taken over); then
 * the ports are waited for a while, in case a DC started without the lock is still stopping.
 */
const lockDir = path.join(tmpdir(), 'sspr-samba-ad.lock');
const lockWaitMs = 10 * 60_000;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const acquireLock = async (): Promise<() => Promise<void>> => {
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(path.join(lockDir, 'pid'), String(process.pid));
      let held = true;
      // Once only: a second call must never remove a lock another process has taken since.
      return async () => {
        if (held) await rm(lockDir, { recursive: true, force: true });
        held = false;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => ''));
    // No pid yet: the owner is between mkdir and writeFile. Wait like for a live one.
    if (owner > 0 && !alive(owner)) await rm(lockDir, { recursive: true, force: true });
    else if (Date.now() - started > lockWaitMs)
      throw new Error(`another Samba AD test (pid ${owner}) held ${lockDir} for 10 minutes`);
    else await sleep(500);
  }
};

const provisionArgs = [
  'domain',
  'provision',
  `--realm=${adRealm.toUpperCase()}`,
  '--domain=SSPR',
  '--server-role=dc',
  '--dns-backend=NONE',
  `--adminpass=${adAdminPassword}`,
];

/**
 * A provisioned domain, copied from a template when one exists. `samba-tool domain provision` takes 30-50 s on a
 * 2-core machine and every AD suite needs the same fresh domain (users are added after start), so the first suite
 * keeps a copy of its provision and the next ones copy it instead (under a second). Only smb.conf names the folder
 * (the databases hold no paths), so the copy's smb.conf has the template's folder replaced by its own. The template
 * is keyed by the Samba version and the provision arguments, and is written under the DC lock, then renamed into
 * place, so a half-written template is never used.
 */
const templateRoot = path.join(tmpdir(), 'sspr-samba-ad-templates');
const provision = async (dir: string, target: string, sambaVersion: string) => {
  const key = createHash('sha256')
    .update(JSON.stringify([sambaVersion.trim(), provisionArgs]))
    .digest('hex')
    .slice(0, 16);
  const template = path.join(templateRoot, key);
  const origin = await readFile(path.join(template, 'origin'), 'utf8').catch(() => undefined);
  const conf = path.join(target, 'etc', 'smb.conf');
  if (origin !== undefined) {
    await cp(path.join(template, 'prov'), target, { recursive: true });
    await writeFile(conf, (await readFile(conf, 'utf8')).split(origin).join(dir));
    return;
  }
  const options = {
    interfaces: 'lo',
    'bind interfaces only': 'yes',
    'server services': 'ldap',
    'log file': path.join(dir, 'log.%m'),
    'tls enabled': 'yes',
    'tls keyfile': path.join(dir, 'server.key'),
    'tls certfile': path.join(dir, 'server.pem'),
    'tls cafile': path.join(dir, 'ca.pem'),
  };
  await run('samba-tool', [
    ...provisionArgs,
    `--targetdir=${target}`,
    ...Object.entries(options).map(([option, value]) => `--option=${option}=${value}`),
  ]);
  const staging = `${template}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await cp(target, path.join(staging, 'prov'), { recursive: true });
  await writeFile(path.join(staging, 'origin'), dir);
  await rename(staging, template).catch(() => rm(staging, { recursive: true, force: true }));
};

export const startSambaAd = async (users: string[]): Promise<SambaAd> => {
  const release = await acquireLock();
  try {
    return await startLockedSambaAd(users, release);
  } catch (error) {
    await release();
    throw error;
  }
};

const startLockedSambaAd = async (users: string[], release: () => Promise<void>): Promise<SambaAd> => {
  for (const port of [389, 636]) {
    const started = Date.now();
    while (await portOpen(port)) {
      if (Date.now() - started > 60_000) {
        throw new Error(
          `127.0.0.1:${port} is in use; Samba's LDAP ports cannot be moved, so the AD tests need them free (stop the other LDAP server)`,
        );
      }
      await sleep(500);
    }
  }
  const { stdout: version } = await run('samba-tool', ['--version']).catch((error: unknown) => {
    throw new Error(
      'Samba is required for the AD tests: apt-get install samba samba-ad-provision samba-dsdb-modules samba-vfs-modules',
      { cause: error },
    );
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'sspr-samba-'));
  const target = path.join(dir, 'prov');
  const conf = path.join(target, 'etc', 'smb.conf');
  try {
    await makeCertificates(dir);
    await provision(dir, target, version);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const child = spawn('samba', ['-i', '-M', 'single', '-s', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? 0;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
    await release();
  };
  const url = 'ldaps://127.0.0.1:636';
  const ca = await readFile(path.join(dir, 'ca.pem'), 'utf8');
  const admin = async () => {
    const client = new Client({ url, timeout: 5000, connectTimeout: 2000, tlsOptions: { ca, host: '127.0.0.1' } });
    await client.bind(`Administrator@${adRealm}`, adAdminPassword);
    return client;
  };
  try {
    const started = Date.now();
    while (!(await portOpen(636))) {
      if (child.exitCode !== null || Date.now() - started > 20000) throw new Error(`samba did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const client = await admin();
    try {
      // 30 minutes in 100 ns units, negative as AD stores intervals.
      const thirtyMinutes = String(-30 * 60 * 10_000_000);
      await client.modify(adBaseDn, [
        replace('minPwdLength', '8'),
        replace('pwdHistoryLength', '3'),
        replace('pwdProperties', '0'),
        replace('minPwdAge', '0'),
        replace('lockoutThreshold', '3'),
        replace('lockoutDuration', thirtyMinutes),
        replace('lockOutObservationWindow', thirtyMinutes),
      ]);
      for (const [name, password] of [
        ['sspr-writeback', adServicePassword],
        ...users.map((user) => [user, adInitialPassword]),
      ] as const) {
        await client.add(adUser(name), {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          sAMAccountName: name,
          userPrincipalName: `${name}@${adRealm}`,
          mail: `${name}@${adRealm}`,
          mobile: '+31 6 12345678',
          userAccountControl: '512',
          unicodePwd: unicodePwd(password) as unknown as string,
        });
      }
      const { searchEntries } = await client.search(adServiceDn, {
        scope: 'base',
        attributes: ['objectSid'],
        explicitBufferAttributes: ['objectSid'],
      });
      const sid = sidToString(searchEntries[0]?.['objectSid'] as Buffer);
      // dsacl is the one reliable way to add an ACE (it edits the security descriptor for us).
      await run('samba-tool', [
        'dsacl',
        'set',
        '-H',
        'ldap://127.0.0.1',
        `-U`,
        `Administrator%${adAdminPassword}`,
        '--action=allow',
        `--objectdn=${adUsersDn}`,
        `--sddl=${serviceAces(sid)}`,
        '-s',
        conf,
      ]);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const canBind = async (name: string, password: string): Promise<boolean> => {
    const client = new Client({ url, timeout: 5000, connectTimeout: 2000, tlsOptions: { ca, host: '127.0.0.1' } });
    try {
      await client.bind(`${name}@${adRealm}`, password);
      return true;
    } catch {
      return false;
    } finally {
      await client.unbind().catch(() => undefined);
    }
  };
  return {
    url,
    caFile: path.join(dir, 'ca.pem'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    pid,
    admin,
    canBind,
    stop,
  };
};

/** S-1-5-21-… from objectSid's bytes (MS-DTYP 2.4.2.2). */
const sidToString = (bytes: Buffer): string => {
  const revision = bytes[0] as number;
  const count = bytes[1] as number;
  const authority = bytes.readUIntBE(2, 6);
  const subs = Array.from({ length: count }, (_, i) => bytes.readUInt32LE(8 + i * 4));
  return `S-${revision}-${authority}-${subs.join('-')}`;
};
