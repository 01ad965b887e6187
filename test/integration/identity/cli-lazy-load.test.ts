/**
 * What a CLI call loads (issue 14 item 6: each call well under 2 s): `--help` loads no app at all, and a store
 * command loads no HTTP stack, WebAuthn library, Redis or SMTP client, QR code library, nor the driver of the
 * dialect it does not use. Run from the sources through tsx, as `npm run sspr` does when the build is stale, with a
 * trace of the packages the process loaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEntry, tsxLoader } from '../../support/serve-instances.js';

const dir = mkdtempSync(join(tmpdir(), 'sspr-cli-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const packagesLoadedBy = (args: string[]): string[] => {
  const trace = join(dir, `${args[0]!.replace(/\W/g, '')}.txt`);
  const run = spawnSync(
    process.execPath,
    ['--import', tsxLoader, '--import', resolve('test/support/module-trace.mjs'), cliEntry, ...args],
    {
      env: {
        ...process.env,
        SSPR_DATABASE_URL: `sqlite:${join(dir, 'sspr.db')}`,
        SSPR_SECRET_FILE: join(dir, 'secret'),
        SSPR_MODULE_TRACE: trace,
      },
      encoding: 'utf8',
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(trace, 'utf8').split('\n');
};

const serverOnly = ['fastify', '@fastify/swagger', 'prom-client', '@simplewebauthn/server', 'qrcode'];
const configuredOnly = ['ioredis', 'nodemailer', 'pg'];

describe('what a CLI call loads', () => {
  it('loads commander and no app for --help', () => {
    const loaded = packagesLoadedBy(['--help']);
    expect(loaded).toContain('commander');
    for (const name of [...serverOnly, ...configuredOnly, 'kysely', 'better-sqlite3', '@node-rs/argon2'])
      expect(loaded, name).not.toContain(name);
  }, 60_000);

  it('loads the store and services but no server, Redis, SMTP or PostgreSQL driver for a store command', () => {
    const loaded = packagesLoadedBy(['migrate']);
    expect(loaded).toEqual(expect.arrayContaining(['kysely', 'better-sqlite3']));
    for (const name of [...serverOnly, ...configuredOnly]) expect(loaded, name).not.toContain(name);
  }, 60_000);
});
