/**
 * `sspr branding show|set` as an operator runs it (issue 14 item 5): a real process on each dialect's store, the
 * audited change, every refusal with its stable code and nothing half-applied, a logo file checked by its bytes.
 * The commands run in-process (test/support/cli-in-process.ts); one call per dialect spawns the real binary.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jpegStart, svgLogo, tinyPng } from '../../support/branding.js';
import { runCli, runCliInProcess, useCliSandbox } from '../../support/cli.js';
import { createThrowawayDatabase, testDialects } from '../../support/postgres.js';

// The one spawned call includes tsx start-up.
vi.setConfig({ testTimeout: 60_000 });

const sandbox = useCliSandbox('sspr-branding-cli-');
const png = join(sandbox.dir, 'logo.png');
const svg = join(sandbox.dir, 'logo.png.svg');
const jpeg = join(sandbox.dir, 'logo.jpg');
writeFileSync(png, tinyPng);
writeFileSync(svg, svgLogo);
writeFileSync(jpeg, jpegStart);

describe.each(testDialects())('sspr branding (%s)', (dialect) => {
  const env: NodeJS.ProcessEnv = { ...sandbox.env };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (dialect === 'postgres') {
      const database = await createThrowawayDatabase();
      drop = database.drop;
      Object.assign(env, {
        SSPR_DATABASE_URL: database.url,
        SSPR_SECRET: 'test-secret-test-secret-test-secret-0123',
        SSPR_PUBLIC_URL: 'http://127.0.0.1:3000',
        SSPR_MAIL_PROVIDER: 'outbox',
        SSPR_SMS_PROVIDER: 'outbox',
      });
    }
  });
  afterAll(async () => drop?.());
  const sspr = (...args: string[]) => runCliInProcess(args, { env });
  const json = async (...args: string[]) => {
    const result = await sspr(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };
  const domain = `branding-${dialect}.example`;

  it('shows the default, sets every field and the logo, refuses bad input without changing anything', async () => {
    await json('tenant', 'create', '--name', 'Contoso', '--domain', domain);
    // The binary itself, on this dialect's store: a real process reading SSPR_* from its environment.
    const shown = await runCli(['branding', 'show', '--tenant', domain, '--json'], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({
      displayName: null,
      accentColour: null,
      signInText: null,
      logo: null,
    });
    const set = await json(
      'branding',
      'set',
      '--tenant',
      domain,
      '--display-name',
      'Fabrikam',
      '--accent-colour',
      '#8A1C7C',
      '--sign-in-text',
      'Call 1234',
      '--logo',
      png,
    );
    expect(set).toMatchObject({ displayName: 'Fabrikam', accentColour: '#8a1c7c', signInText: 'Call 1234' });
    expect(set.logo).toMatchObject({ contentType: 'image/png', size: tinyPng.length });

    const lowContrast = await sspr('branding', 'set', '--tenant', domain, '--accent-colour', '#eeeeee', '--json');
    expect([lowContrast.code, JSON.parse(lowContrast.stderr).error.code]).toEqual([1, 'BRANDING_COLOUR_LOW_CONTRAST']);
    // An SVG (whatever its name) is refused by its bytes, and the texts given with it are not applied either.
    const refused = await sspr(
      'branding',
      'set',
      '--tenant',
      domain,
      '--display-name',
      'Other',
      '--logo',
      svg,
      '--json',
    );
    expect([refused.code, JSON.parse(refused.stderr).error.code]).toEqual([1, 'BRANDING_LOGO_INVALID']);
    expect((await json('branding', 'show', '--tenant', domain)).displayName).toBe('Fabrikam');

    const human = await sspr('branding', 'set', '--tenant', domain, '--logo', jpeg);
    expect(human.stdout).toContain('logo: image/jpeg');
    const removed = await json('branding', 'set', '--tenant', domain, '--remove-logo', '--accent-colour', '');
    expect(removed).toMatchObject({ accentColour: null, logo: null, displayName: 'Fabrikam' });
    const audit = await json('audit', 'list', '--tenant', domain, '--activity', 'Update company branding');
    expect(JSON.stringify(audit)).toContain('Update company branding');
  });
});
