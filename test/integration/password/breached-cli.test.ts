/**
 * `sspr password breached import|check` as an operator runs them: a generated corpus on disk, the password on
 * stdin, exit codes and stdout/stderr. The commands run in-process (test/support/cli-in-process.ts); one check
 * runs the real binary with the password piped to its stdin.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, runCliInProcess, useCliSandbox } from '../../support/cli.js';

vi.setConfig({ testTimeout: 60_000 });

const { dir, databaseFile, env } = useCliSandbox('sspr-breached-cli-');
const sspr = (args: string[], options: { stdin?: string; cwd?: string } = {}) =>
  runCliInProcess(['password', 'breached', ...args], { env, ...options });

const sha1 = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

const corpusFile = join(dir, 'corpus.txt');
const passwords = Array.from({ length: 1000 }, (_, i) => `leaked-${i}`);
writeFileSync(
  corpusFile,
  [
    ...passwords.map((password, i) => `${i % 2 ? sha1(password).toLowerCase() : sha1(password)}:${i + 1}`),
    `${sha1('leaked-0')}:9`, // a duplicate: counts add up
    `${sha1('  spaced out  ')}:3`,
    'this line is not a hash',
    `${sha1('short')}`,
    '',
  ]
    .reverse()
    .join('\r\n'),
);
const indexFile = join(dir, 'index', 'breached.idx');

describe('sspr password breached', () => {
  it('imports a corpus, printing one JSON document with --json and nothing on stderr', async () => {
    const result = await sspr(['import', corpusFile, '--index', indexFile, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toEqual({ records: 1001, malformedLines: 2, bytes: 16 + 1001 * 24, index: indexFile });
    expect(statSync(indexFile).size).toBe(summary.bytes);
  });

  it('imports to ./data/breached.idx by default and describes the result for people', async () => {
    const workDir = mkdtempSync(join(dir, 'cwd-'));
    const result = await sspr(['import', corpusFile], { cwd: workDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^imported 1,001 records into .*breached\.idx \(24\.0 kB\); 2 malformed lines skipped\n$/,
    );
    expect(result.stderr).toContain('merging');
    expect(existsSync(join(workDir, 'data', 'breached.idx'))).toBe(true);
  });

  it('checks one password read from stdin, keeping spaces, and prints the count', async () => {
    const found = await runCli(['password', 'breached', 'check', '--index', indexFile, '--json'], {
      env,
      stdin: 'leaked-0\n',
    });
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toEqual({ count: 10, breached: true, index: indexFile });
    expect((await sspr(['check', '--index', indexFile], { stdin: 'leaked-41\r\n' })).stdout).toBe(
      'breached: seen 42 times\n',
    );
    expect(
      JSON.parse((await sspr(['check', '--index', indexFile, '--json'], { stdin: '  spaced out  ' })).stdout).count,
    ).toBe(3);
    const absent = await sspr(['check', '--index', indexFile], { stdin: 'spaced out\n' });
    expect(absent).toMatchObject({ code: 0, stdout: 'not found in the breached-password index\n' });
  });

  it('never takes the password from the command line', async () => {
    const result = await sspr(['check', 'leaked-0', '--index', indexFile, '--json']);
    expect(result.code).not.toBe(0);
    expect(JSON.parse(result.stderr).error.code).toBe('VALIDATION_FAILED');
    expect(result.stdout).toBe('');
  });

  it('refuses bad input with one line on stderr and a non-zero exit code', async () => {
    const corrupt = join(dir, 'corrupt.idx');
    writeFileSync(corrupt, 'SSPRBRC1 but then nothing sensible');
    const notADirectory = join(dir, 'plain-file');
    writeFileSync(notADirectory, 'x');
    mkdirSync(join(dir, 'a-directory'));
    const cases: Array<[string[], string | undefined, RegExp]> = [
      [['import', join(dir, 'missing.txt'), '--index', join(dir, 'x.idx')], undefined, /missing\.txt: no such file/],
      [['import', join(dir, 'a-directory'), '--index', join(dir, 'x.idx')], undefined, /not a regular file/],
      [['import', corpusFile, '--index', join(notADirectory, 'x.idx')], undefined, /cannot write the index/],
      [['check', '--index', join(dir, 'missing.idx')], 'leaked-0\n', /sspr password breached import/],
      [['check', '--index', corrupt], 'leaked-0\n', /not valid/],
      [['check', '--index', indexFile], '', /no password/],
      [['check', '--index', indexFile], 'leaked-0\nleaked-1\n', /exactly one password/],
    ];
    // One after another: an in-process call has the process's stdin and output to itself.
    for (const [args, stdin, message] of cases) {
      const human = await sspr(args, { stdin });
      expect(human.code, args.join(' ')).not.toBe(0);
      expect(human.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(human.stderr, args.join(' ')).toMatch(message);
      expect(human.stderr).toContain('VALIDATION_FAILED');
      const json = await sspr([...args, '--json'], { stdin });
      expect(JSON.parse(json.stderr).error, args.join(' ')).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(message),
      });
      expect(json.stdout).toBe('');
    }
  });

  it('opens no database', () => {
    expect(existsSync(databaseFile)).toBe(false);
  });
});
