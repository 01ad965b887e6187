/**
 * A full directory sync of a generated 100,000-user OpenLDAP directory, on SQLite and PostgreSQL
 * (issue 7, item 7: goal < 60 s).
 *
 *   npx tsx bench/directory-sync.bench.ts          table on stdout (progress on stderr)
 *   npx tsx bench/directory-sync.bench.ts --json   JSON document on stdout
 *
 * Environment:
 *   BENCH_JSON=1              the same as --json
 *   BENCH_SYNC_USERS          users in the directory (default 100000; 0 skips this bench)
 *   BENCH_SYNC_GROUPS         groups; every user is a member of one (default 10)
 *   BENCH_SYNC_DIALECTS       comma-separated, default `sqlite,postgres`
 *   SSPR_TEST_POSTGRES_URL    the PostgreSQL server (as for the tests; it must allow CREATE DATABASE)
 *
 * The directory is a private slapd (test/support/slapd.ts), loaded offline with `slapadd` before it starts,
 * spoken to over StartTLS with the certificate checked, as in production. Each dialect gets a fresh
 * database and the real app; the timed operations go through `services.directorySync`:
 *   1. the first, full sync (creates every user with its mobile phone, the groups and their members);
 *   2. a second full sync (reads everything again, changes nothing: every user `unchanged`);
 *   3. a third full sync after the default policy's pwdMaxAge changed (issue #16: every user's password expiry,
 *      pwdChangedTime + pwdMaxAge, is written again; the users are otherwise `unchanged`) — the most expiry reading
 *      and writing a run can do. Every run reads the expiry attributes and the policy (cn=config is readable here,
 *      so the default policy is known); the first stores each expiry with the insert.
 * The baseline, in the same run, is a plain paged LDAP read of the same entries and attributes: a sync
 * cannot be faster than reading the directory, so "x baseline" is what the store writes cost on top.
 * Outcomes are checked (a broken setup fails the run); slowness never does.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { Attribute, Change, Client } from 'ldapts';
import {
  openLdapGroupAttributes,
  openLdapUserAttributes,
} from '../src/dialects/openldap/openldap-connection.adapter.js';
import type { Dialect } from '../src/adapters/store/database.js';
import type { SyncCounts } from '../src/core/directory/sync-model.js';
import { cliActor } from '../src/services/audit/audit-recorder.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, user, type Slapd } from '../test/support/slapd.js';
import { backgroundMeter } from './support/background-load.js';
import { benchDialects, openBenchApp, timed } from './support/bench-app.js';

const GOAL_SECONDS = 60;
const PAGE_SIZE = 500;

const usage = (problem: string): never => {
  process.stderr.write(`bench: ${problem}\n`);
  process.exit(2);
};
const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const users = Number(process.env.BENCH_SYNC_USERS?.trim() || 100_000);
if (!Number.isInteger(users) || users < 0)
  usage(`BENCH_SYNC_USERS must be a whole number >= 0 (got "${process.env.BENCH_SYNC_USERS}")`);
const groups = Number(process.env.BENCH_SYNC_GROUPS?.trim() || 10);
if (!Number.isInteger(groups) || groups < 1)
  usage(`BENCH_SYNC_GROUPS must be a whole number >= 1 (got "${process.env.BENCH_SYNC_GROUPS}")`);
const dialects = benchDialects('BENCH_SYNC_DIALECTS');
/** The harness's tree always has one more group, `staff`, whose members are not among the generated users. */
const directoryGroups = groups + 1;

const progress = (message: string) => process.stderr.write(`${message}\n`);
const fmt = (value: number, digits = 2) => value.toFixed(digits);

/** Users u000001… with unique mail and a mobile number; each in group g(i mod groups). */
/** Each user's password last changed on a day of 2026 (ppolicy's pwdChangedTime): their expiries differ. */
const changedTimeOf = (i: number) => {
  const at = new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000);
  return `${at.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
};

const generateLdif = (): string => {
  const entries: string[] = [];
  const members: string[][] = Array.from({ length: groups }, () => []);
  for (let i = 1; i <= users; i += 1) {
    const uid = `u${String(i).padStart(6, '0')}`;
    entries.push(
      user(uid, `U${String(i).padStart(6, '0')}`, 'Bench', {
        mobile: `+31 6 ${String(10_000_000 + i).slice(-8)}`,
        pwdChangedTime: changedTimeOf(i),
      }),
    );
    members[i % groups]!.push(`member: uid=${uid},${peopleDn}`);
  }
  const groupEntries = members.map((lines, g) =>
    [
      `dn: cn=bench-${g},ou=groups,${baseDn}`,
      'objectClass: groupOfNames',
      `cn: bench-${g}`,
      ...(lines.length ? lines : [`member: ${serviceDn}`]),
      '',
    ].join('\n'),
  );
  return `${entries.join('\n')}\n${groupEntries.join('\n')}`;
};

/** The baseline: a paged read of every user and group with the sync's attributes, nothing written. */
const pagedRead = async (slapd: Slapd): Promise<number> => {
  const client = new Client({ url: slapd.url, timeout: 60_000, connectTimeout: 5000 });
  let count = 0;
  try {
    await client.startTLS({ ca: [readFileSync(slapd.caFile as string)], host: '127.0.0.1' });
    await client.bind(serviceDn, servicePassword);
    for (const [filter, attributes] of [
      ['(objectClass=inetOrgPerson)', openLdapUserAttributes],
      ['(objectClass=groupOfNames)', openLdapGroupAttributes],
    ] as const) {
      for await (const page of client.searchPaginated(baseDn, {
        scope: 'sub',
        filter,
        attributes: [...attributes],
        paged: { pageSize: PAGE_SIZE },
      }))
        count += page.searchEntries.length;
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
  return count;
};

/** Sets the default policy's pwdMaxAge as the directory's administrator would. */
const setDefaultMaxAge = async (slapd: Slapd, days: number) => {
  const client = new Client({ url: slapd.url, timeout: 10_000, connectTimeout: 5000 });
  try {
    await client.startTLS({ ca: [readFileSync(slapd.caFile as string)], host: '127.0.0.1' });
    await client.bind(slapd.rootDn, slapd.rootPassword);
    const maxAge = new Attribute({ type: 'pwdMaxAge', values: [String(days * 86_400)] });
    await client.modify(`cn=default,ou=policies,${baseDn}`, new Change({ operation: 'replace', modification: maxAge }));
  } finally {
    await client.unbind().catch(() => undefined);
  }
};

const expect = (what: string, ok: boolean, value: unknown) => {
  if (!ok) throw new Error(`${what}: got ${JSON.stringify(value)}`);
};

interface Row {
  dialect: Dialect | 'ldap';
  operation: string;
  seconds: number;
  cpuSeconds: number;
  entriesPerSecond: number;
  xBaseline: number;
  goalMet: boolean | null;
}

const runDialect = async (dialect: Dialect, slapd: Slapd, baselineSeconds: number): Promise<Row[]> => {
  const bench = await openBenchApp(dialect, 'sspr-bench-sync-');
  const { app } = bench;
  try {
    const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'example.org', country: 'NL' });
    await app.services.directories.add(
      tenant.tenantId,
      {
        type: 'openldap',
        url: slapd.url,
        startTls: true,
        caFile: slapd.caFile,
        bindDn: serviceDn,
        bindPassword: servicePassword,
        baseDn,
        userFilter: null,
        protectedGroups: [],
      },
      cliActor,
    );
    const rows: Row[] = [];
    const run = async (operation: string, check: (counts: SyncCounts) => boolean) => {
      progress(`${dialect}: ${operation}`);
      let last = 0;
      const { seconds, cpuSeconds, value } = await timed(() =>
        app.services.directorySync.syncTenant(tenant.tenantId, {
          full: true,
          pageSize: PAGE_SIZE,
          onProgress: (p) => {
            if (p.phase === 'users' && p.entries - last >= 20_000)
              progress(`${dialect}:   ${(last = p.entries)} users`);
          },
        }),
      );
      expect(operation, value.ok && check(value.value), value);
      rows.push({
        dialect,
        operation,
        seconds,
        cpuSeconds,
        entriesPerSecond: (users + directoryGroups) / seconds,
        xBaseline: seconds / baselineSeconds,
        goalMet: seconds < GOAL_SECONDS,
      });
    };
    await run(
      `first full sync (${users} users, ${groups} groups)`,
      (c) => c.created === users && c.groups.created === directoryGroups && c.groups.membersAdded === users,
    );
    // u000001 changed its password on 2026-01-02 (changedTimeOf(1)).
    const firstExpiry = async () =>
      (await app.services.deps.store.users.findByUpn(tenant.tenantId, 'u000001@example.org'))
        ?.directoryPasswordExpiresAt;
    const expiry90 = '2026-04-02T00:00:00.000Z';
    expect('expiry after the first sync', (await firstExpiry()) === expiry90, await firstExpiry());
    await run(
      'second full sync (nothing changed)',
      (c) => c.unchanged === users && c.created + c.updated + c.disabled === 0 && c.groups.membersAdded === 0,
    );
    await setDefaultMaxAge(slapd, 60);
    await run(
      'third full sync (pwdMaxAge changed: every expiry rewritten)',
      (c) => c.unchanged === users && c.created + c.updated + c.disabled === 0,
    );
    expect('expiry after pwdMaxAge changed', (await firstExpiry()) === '2026-03-03T00:00:00.000Z', await firstExpiry());
    // Back to 90 days for the next dialect's first sync.
    await setDefaultMaxAge(slapd, 90);
    return rows;
  } finally {
    await bench.close();
  }
};

const main = async () => {
  if (users === 0) {
    progress('directory sync bench skipped (BENCH_SYNC_USERS=0)');
    return;
  }
  progress(`generating and loading a ${users}-user directory (slapadd)`);
  const load = await timed(() =>
    startSlapd({ tls: true, users: generateLdif(), maxSizeBytes: 4 * 1024 ** 3, configReadable: true }),
  );
  const slapd = load.value;
  await setDefaultMaxAge(slapd, 90);
  const meter = backgroundMeter();
  try {
    progress('baseline: paged LDAP read of every entry');
    const baseline = await timed(() => pagedRead(slapd));
    expect('baseline entries', baseline.value === users + directoryGroups, baseline.value);
    const rows: Row[] = [
      {
        dialect: 'ldap',
        operation: `baseline: paged read of ${baseline.value} entries`,
        seconds: baseline.seconds,
        cpuSeconds: baseline.cpuSeconds,
        entriesPerSecond: baseline.value / baseline.seconds,
        xBaseline: 1,
        goalMet: null,
      },
    ];
    for (const dialect of dialects) rows.push(...(await runDialect(dialect, slapd, baseline.seconds)));
    const backgroundCores = meter();
    const machine = {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      availableParallelism: availableParallelism(),
      backgroundCores,
    };
    if (asJson) {
      process.stdout.write(
        `${JSON.stringify({ machine, goalSeconds: GOAL_SECONDS, users, groups, loadSeconds: load.seconds, rows }, null, 2)}\n`,
      );
      return;
    }
    const header = ['dialect', 'operation', 'seconds', 'app CPU s', 'entries/s', 'x baseline', `< ${GOAL_SECONDS} s`];
    const table = [
      header,
      ...rows.map((r) => [
        r.dialect,
        r.operation,
        fmt(r.seconds),
        fmt(r.cpuSeconds),
        r.entriesPerSecond.toFixed(0),
        fmt(r.xBaseline),
        r.goalMet === null ? '' : r.goalMet ? 'yes' : 'NO',
      ]),
    ];
    const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
    const lines = [
      `Directory sync, ${users} users in ${groups} groups, OpenLDAP over StartTLS, page size ${PAGE_SIZE}`,
      `node ${machine.node} ${machine.platform}, ${machine.availableParallelism} cores (${machine.cpu}), other processes used ${fmt(backgroundCores)} cores; directory generated and loaded in ${fmt(load.seconds, 1)} s`,
      '',
      ...table.map((row) =>
        row
          .map((cell, c) => (c >= 2 && c <= 5 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd(),
      ),
    ];
    if (backgroundCores > 0.25)
      lines.push(
        '',
        `note: other processes used ${fmt(backgroundCores)} cores: seconds are inflated; "x baseline" carries better`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await slapd.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
