/** `sspr report registration|usage` as an operator runs them: a real process on a real SQLite file. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 900_000 });

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sspr-report-cli-'));
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

describe('sspr report', () => {
  it('prints the registration report as a table, JSON and CSV; usage needs a P1/P2 licence', async () => {
    const tenant = ['--tenant', 'fabrikam.example'];
    expect(
      (await sspr('tenant', 'create', '--name', 'Fabrikam', '--domain', 'fabrikam.example', '--country', 'NL')).code,
    ).toBe(0);
    const user = (local: string, ...extra: string[]) =>
      sspr(
        'user',
        'create',
        '--upn',
        `${local}@fabrikam.example`,
        '--password',
        'Tulip-Kettle-2026!',
        '--given',
        'Jan',
        '--surname',
        'Jansen',
        ...extra,
      );
    expect((await user('jan', '--alternate-email', 'jan@mail.example')).code).toBe(0);
    expect((await user('piet')).code).toBe(0);

    const shown = await sspr('report', 'registration', ...tenant);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('users 2: registered 1, capable 0');
    expect(shown.stdout).toMatch(/jan@fabrikam\.example\s+no\s+yes\s+no \(SSPR_0012\)/);

    const json = JSON.parse(
      (await sspr('report', 'registration', ...tenant, '--registered', 'false', '--json')).stdout,
    );
    expect(json.value.map((r: { userPrincipalName: string }) => r.userPrincipalName)).toEqual([
      'piet@fabrikam.example',
    ]);

    const csv = await sspr('report', 'registration', ...tenant, '--csv');
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(3);
    expect(csv.stdout).toContain('"jan@fabrikam.example","Jan Jansen","false","true","false","false","SSPR_0012"');

    const refused = await sspr('report', 'usage', ...tenant, '--json');
    expect(refused.code).not.toBe(0);
    expect(JSON.parse(refused.stdout || refused.stderr).error.code).toBe('REPORT_LICENSE_REQUIRED');
    expect((await sspr('license', 'add', ...tenant, '--sku', 'AAD_PREMIUM_P1', '--seats', '5')).code).toBe(0);
    const usageCsv = await sspr(
      'report',
      'usage',
      ...tenant,
      '--since',
      '2026-01-01',
      '--until',
      '2026-01-03',
      '--csv',
    );
    expect(usageCsv.stdout.trim().split('\r\n')).toEqual([
      '"day","resetsSucceeded","resetsFailed","unlocksSucceeded","unlocksFailed","registrations"',
      '"2026-01-01","0","0","0","0","0"',
      '"2026-01-02","0","0","0","0","0"',
    ]);
    const reversed = await sspr(
      'report',
      'usage',
      ...tenant,
      '--since',
      '2026-01-03',
      '--until',
      '2026-01-01',
      '--json',
    );
    expect(JSON.parse(reversed.stdout || reversed.stderr).error.code).toBe('REPORT_RANGE_REVERSED');
  });
});
