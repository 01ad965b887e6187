/** `sspr questions …` and `sspr user methods` as an operator runs them: in-process, a real SQLite file. */
import { describe, expect, it, vi } from 'vitest';
import { useCliSandbox } from '../../support/cli.js';

vi.setConfig({ testTimeout: 60_000 });

const { sspr } = useCliSandbox('sspr-secinfo-cli-');

describe('sspr questions and user methods', () => {
  it("adds, lists and removes custom questions, and shows a user's security info masked", async () => {
    expect(
      (await sspr('tenant', 'create', '--name', 'Fabrikam', '--domain', 'fabrikam.example', '--country', 'NL')).code,
    ).toBe(0);
    const added = await sspr(
      'questions',
      'add',
      '--tenant',
      'fabrikam.example',
      '--text',
      'What was the name of our first office dog?',
      '--json',
    );
    expect(added.code).toBe(0);
    const { id } = JSON.parse(added.stdout);
    expect(id).toMatch(/^custom-/);
    const tooShort = await sspr('questions', 'add', '--tenant', 'fabrikam.example', '--text', 'no', '--json');
    expect(JSON.parse(tooShort.stderr).error.code).toBe('SETTING_INVALID');
    expect((await sspr('questions', 'list', '--tenant', 'fabrikam.example')).stdout).toContain(
      'What was the name of our first office dog?',
    );
    expect((await sspr('questions', 'remove', '--tenant', 'fabrikam.example', '--id', id)).code).toBe(0);
    expect(JSON.parse((await sspr('questions', 'list', '--tenant', 'fabrikam.example', '--json')).stdout)).toEqual([]);

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
      '--mobile',
      '+31 6 12345678',
      '--alternate-email',
      'jan@home.example',
    );
    const methods = await sspr('user', 'methods', '--upn', 'jan@fabrikam.example', '--json');
    expect(methods.code).toBe(0);
    const shown = JSON.parse(methods.stdout);
    expect(shown.methods).toEqual([
      expect.objectContaining({ id: 'admin-alternateEmail', display: 'j***@h***.example', source: 'admin' }),
      expect.objectContaining({ id: 'admin-mobilePhone', display: '+31 6******78', source: 'admin' }),
    ]);
    expect(methods.stdout).not.toContain('12345678');
    expect(shown.registration).toMatchObject({ needsRegistration: false, registeredCount: 2 });
  });
});
