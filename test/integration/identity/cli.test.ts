/**
 * The CLI as a user runs it: a real SQLite file, exit codes and stdout/stderr. The commands run in-process
 * (test/support/cli-in-process.ts); what only a process shows (commander's exit on a usage error, configuration
 * read from the environment before the app exists) runs the real binary.
 */
import { describe, expect, it, vi } from 'vitest';
import { runCli, useCliSandbox } from '../../support/cli.js';

vi.setConfig({ testTimeout: 60_000 });

const { env, sspr, spawn } = useCliSandbox('sspr-cli-');

describe('sspr CLI', () => {
  it('creates a tenant, users and nested groups, with --json printing one document', async () => {
    const tenant = await sspr(
      'tenant',
      'create',
      '--name',
      'Fabrikam',
      '--domain',
      'fabrikam.example',
      '--country',
      'nl',
      '--json',
    );
    expect(tenant.code).toBe(0);
    expect(JSON.parse(tenant.stdout)).toMatchObject({ name: 'Fabrikam', country: 'NL', domains: ['fabrikam.example'] });

    const user = await sspr(
      'user',
      'create',
      '--upn',
      'Jan.Jansen@Fabrikam.example',
      '--password',
      'Tulip-Kettle-2026!',
      '--given',
      'Jan',
      '--surname',
      'Jansen',
      '--mobile',
      '+31 6 12345678',
      '--office-phone',
      '+31 20 555 0100',
      '--alternate-email',
      'jan@home.example',
      '--usage-location',
      'NL',
      '--role',
      'Global Administrator',
      '--role',
      'helpdesk administrator',
      '--json',
    );
    expect(user.code).toBe(0);
    const created = JSON.parse(user.stdout);
    expect(created).toMatchObject({
      upn: 'Jan.Jansen@fabrikam.example',
      displayName: 'Jan Jansen',
      mobilePhone: '+31612345678',
      roles: ['GlobalAdministrator', 'HelpdeskAdministrator'],
    });
    expect(created).not.toHaveProperty('passwordHash');

    const shown = JSON.parse((await sspr('user', 'show', '--upn', 'jan.jansen@fabrikam.example', '--json')).stdout);
    expect(shown.userId).toBe(created.userId);
    const listed = await sspr('user', 'list', '--tenant', 'fabrikam.example');
    expect(listed.stdout).toMatch(/Jan\.Jansen@fabrikam\.example\s+Jan Jansen\s+cloud/);

    expect((await sspr('group', 'create', '--tenant', 'fabrikam.example', '--name', 'Staff')).code).toBe(0);
    expect((await sspr('group', 'create', '--tenant', 'fabrikam.example', '--name', 'SSPR users')).code).toBe(0);
    expect(
      (
        await sspr(
          'group',
          'add',
          '--tenant',
          'fabrikam.example',
          '--group',
          'Staff',
          '--upn',
          'jan.jansen@fabrikam.example',
        )
      ).code,
    ).toBe(0);
    const nested = await sspr(
      'group',
      'add',
      '--tenant',
      'fabrikam.example',
      '--group',
      'SSPR users',
      '--member-group',
      'Staff',
      '--json',
    );
    expect(JSON.parse(nested.stdout).member).toMatchObject({ type: 'group', name: 'Staff' });
    const cycle = await sspr(
      'group',
      'add',
      '--tenant',
      'fabrikam.example',
      '--group',
      'Staff',
      '--member-group',
      'SSPR users',
      '--json',
    );
    expect(cycle.code).not.toBe(0);
    expect(JSON.parse(cycle.stderr).error.code).toBe('GROUP_CYCLE');
  });

  it('exits non-zero with one line on stderr for bad input, and writes nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['user', 'create', '--upn', 'a@nowhere.example', '--password', 'Tulip-Kettle-2026!'], 'UPN_DOMAIN_NOT_VERIFIED'],
      [['user', 'create', '--upn', 'a@fabrikam.example', '--password', 'short'], 'PASSWORD_POLICY_VIOLATION'],
      [
        ['user', 'create', '--upn', 'a@fabrikam.example', '--password', 'Tulip-Kettle-2026!', '--role', 'Overlord'],
        'ROLE_UNKNOWN',
      ],
      [
        ['user', 'create', '--upn', 'a@fabrikam.example', '--password', 'Tulip-Kettle-2026!', '--mobile', '12'],
        'PHONE_INVALID',
      ],
      [['user', 'create', '--upn', 'a.@fabrikam.example', '--password', 'Tulip-Kettle-2026!'], 'UPN_INVALID'],
      [['tenant', 'create', '--name', 'X', '--domain', 'fabrikam.example'], 'TENANT_EXISTS'],
      [['tenant', 'create', '--name', 'X', '--domain', 'not a domain'], 'DOMAIN_INVALID'],
      [['user', 'list', '--tenant', 'nobody.example'], 'TENANT_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const human = await sspr(...args);
      expect(human.code, args.join(' ')).not.toBe(0);
      expect(human.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(human.stderr).toContain(code);
      const json = await sspr(...args, '--json');
      expect(JSON.parse(json.stderr).error.code, args.join(' ')).toBe(code);
      expect(json.stdout).toBe('');
    }
    expect((await sspr('user', 'show', '--upn', 'a@fabrikam.example')).stderr).toContain('USER_NOT_FOUND');
    const users = JSON.parse((await sspr('user', 'list', '--tenant', 'fabrikam.example', '--json')).stdout);
    expect(users.map((u: { upn: string }) => u.upn)).toEqual(['Jan.Jansen@fabrikam.example']);
  });

  it('reports a missing option as a JSON error with --json', async () => {
    const result = await spawn('user', 'create', '--json');
    expect(result.code).not.toBe(0);
    expect(JSON.parse(result.stderr).error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('checks a candidate password against the policy', async () => {
    const weak = await sspr('password', 'check', '--upn', 'jan.jansen@fabrikam.example', 'password', '--json');
    expect(weak.code).toBe(0);
    expect(JSON.parse(weak.stdout)).toMatchObject({
      accepted: false,
      score: 1,
      violations: [{ code: 'PASSWORD_INSUFFICIENT_COMPLEXITY' }, { code: 'PASSWORD_BANNED', list: 'global' }],
    });
    expect(
      (await sspr('password', 'check', '--upn', 'jan.jansen@fabrikam.example', 'Kq7#vLmz-Rw2')).stdout.trim(),
    ).toBe('accepted (score 12)');
    expect((await sspr('password', 'check', '--upn', 'nobody@fabrikam.example', 'x')).code).not.toBe(0);
  });

  it('manages the custom banned list and settings, naming the rule a bad term breaks', async () => {
    const added = await sspr(
      'password',
      'banned',
      'add',
      '--tenant',
      'fabrikam.example',
      'Tulpen',
      'TULPEN',
      'molen',
      '--json',
    );
    expect(JSON.parse(added.stdout)).toMatchObject({ total: 2, enforced: false });
    const bad = await sspr('password', 'banned', 'add', '--tenant', 'fabrikam.example', 'abc');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/4-16 characters.*BANNED_TERM_INVALID/);
    expect(
      (await sspr('license', 'add', '--tenant', 'fabrikam.example', '--sku', 'AAD_PREMIUM_P1', '--seats', '10')).code,
    ).toBe(0);
    const settings = await sspr(
      'password',
      'settings',
      'set',
      '--tenant',
      'fabrikam.example',
      '--custom-list',
      'on',
      '--json',
    );
    expect(JSON.parse(settings.stdout)).toMatchObject({ enforceCustomList: true, profile: 'entra' });
    const verdict = await sspr('password', 'check', '--upn', 'jan.jansen@fabrikam.example', 'Tulpen77!', '--json');
    expect(verdict.code).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({
      accepted: false,
      violations: [{ code: 'PASSWORD_BANNED', list: 'custom' }],
    });
    expect(
      JSON.parse((await sspr('password', 'banned', 'list', '--tenant', 'fabrikam.example', '--json')).stdout),
    ).toEqual(['molen', 'Tulpen']);
    expect(
      (
        await sspr(
          'password',
          'settings',
          'set',
          '--tenant',
          'fabrikam.example',
          '--profile',
          'nist',
          '--min-length',
          '7',
        )
      ).stderr,
    ).toContain('SETTING_INVALID');
  });

  it('seeds the demo tenant once and refuses a second time', async () => {
    const demo = JSON.parse((await sspr('demo', '--json')).stdout);
    expect(demo.domain).toBe('contoso.example');
    expect(demo.users.find((u: { roles: string[] }) => u.roles.includes('GlobalAdministrator'))).toBeDefined();
    expect((await sspr('demo')).code).not.toBe(0);
    const outbox = await sspr('outbox', '--json');
    expect(JSON.parse(outbox.stdout)).toEqual([]);
  });

  it('refuses invalid configuration listing every problem', async () => {
    const { stderr, code } = await runCli(['migrate'], {
      env: { ...env, SSPR_DATABASE_URL: 'postgres://x/y', SSPR_PORT: 'x' },
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain('SSPR_PORT');
    expect(stderr).toContain('SSPR_SECRET');
    expect(stderr).toContain('SSPR_PUBLIC_URL');
  });
});
