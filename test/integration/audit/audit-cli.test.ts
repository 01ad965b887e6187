/** `sspr audit list` as a user runs it: a real process on a real SQLite file. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 60_000 });

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sspr-audit-cli-'));
const env = { ...process.env, SSPR_DATABASE_URL: `sqlite:${join(dir, 'sspr.db')}`, SSPR_LOG_LEVEL: 'silent' };

const sspr = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env,
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sspr audit list', () => {
  it('lists events newest first, filters by activity and time, and refuses a bad --since', async () => {
    expect(
      (await sspr('tenant', 'create', '--name', 'Fabrikam', '--domain', 'fabrikam.example', '--country', 'NL')).code,
    ).toBe(0);
    expect(
      (
        await sspr(
          'user',
          'create',
          '--upn',
          'jan@fabrikam.example',
          '--password',
          'Tulip-Kettle-2026!',
          '--given',
          'Jan',
          '--surname',
          'Jansen',
        )
      ).code,
    ).toBe(0);

    const all = JSON.parse((await sspr('audit', 'list', '--tenant', 'fabrikam.example', '--json')).stdout) as Array<{
      activity: string;
      occurredAt: string;
    }>;
    expect(all.map((e) => e.activity)).toEqual(['Add user', 'Create company']);
    const human = await sspr('audit', 'list', '--tenant', 'fabrikam.example');
    expect(human.stdout).toMatch(/Add user\s+success/);

    const users = JSON.parse(
      (await sspr('audit', 'list', '--tenant', 'fabrikam.example', '--activity', 'Add user', '--json')).stdout,
    ) as unknown[];
    expect(users).toHaveLength(1);
    expect(
      (await sspr('audit', 'list', '--tenant', 'fabrikam.example', '--since', '2999-01-01T00:00:00Z')).stdout.trim(),
    ).toBe('no audit events');
    expect(
      JSON.parse(
        (await sspr('audit', 'list', '--tenant', 'fabrikam.example', '--since', all[1]!.occurredAt, '--json')).stdout,
      ),
    ).toHaveLength(2);

    const bad = await sspr('audit', 'list', '--tenant', 'fabrikam.example', '--since', 'yesterday', '--json');
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stderr).error.code).toBe('VALIDATION_FAILED');
    expect((await sspr('audit', 'list', '--tenant', 'nowhere.example')).code).not.toBe(0);
  });
});
