/**
 * `sspr branding show|set` (issue 14 item 5): the tenant's company branding from the host, through the same audited
 * service as the admin API and the console. The logo is read from a file and checked by its bytes like any other.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { brandingLimits, checkLogo, type Branding } from '../core/branding/branding.js';
import { SsprError } from '../core/errors.js';
import { brandingView } from '../services/branding/branding-service.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import { runCommand } from './context.js';

const describe = (view: ReturnType<typeof brandingView>) =>
  [
    `display name: ${view.displayName ?? '(default: the tenant name)'}`,
    `accent colour: ${view.accentColour ?? '(default)'}`,
    `sign-in page text: ${view.signInText === null ? '(none)' : JSON.stringify(view.signInText)}`,
    `logo: ${view.logo ? `${view.logo.contentType}, ${view.logo.size} bytes, ${view.logo.url}` : '(none)'}`,
  ].join('\n');

/** The logo file, refused before reading a large one into memory. */
const readLogo = async (path: string): Promise<Uint8Array> => {
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new SsprError('VALIDATION_FAILED', `--logo: cannot read ${path}`);
    },
  );
  if (size > brandingLimits.logoBytes) throw new SsprError('BRANDING_LOGO_TOO_LARGE');
  return new Uint8Array(await readFile(path));
};

interface SetOptions {
  tenant: string;
  displayName?: string;
  accentColour?: string;
  signInText?: string;
  logo?: string;
  removeLogo?: boolean;
  json?: boolean;
}

export const registerBrandingCommands = (program: Command): void => {
  const branding = program
    .command('branding')
    .description("the tenant's company branding: display name, logo, accent colour, sign-in page text");
  branding
    .command('show')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const view = brandingView(tenant.tenantId, await app.services.branding.show(tenant.tenantId));
        out.result(view, () => describe(view));
      }),
    );
  branding
    .command('set')
    .description('change the branding; an empty value ("") goes back to the default')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--display-name <name>', 'the name shown on the portal and in mails (default: the tenant name)')
    .option('--accent-colour <#rrggbb>', 'at least 4.5:1 contrast with white, e.g. #0b57d0')
    .option('--sign-in-text <text>', 'plain text on the sign-in and reset pages, at most 1024 characters')
    .option('--logo <file>', 'a PNG or JPEG image of at most 100 KB')
    .option('--remove-logo', 'remove the logo')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<SetOptions>(async (app, o, out) => {
        if (o.logo !== undefined && o.removeLogo)
          throw new SsprError('VALIDATION_FAILED', 'give --logo or --remove-logo, not both');
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const changes = {
          ...(o.displayName !== undefined && { displayName: o.displayName }),
          ...(o.accentColour !== undefined && { accentColour: o.accentColour }),
          ...(o.signInText !== undefined && { signInText: o.signInText }),
        };
        // Everything is checked before anything is stored: a bad logo leaves the texts unchanged too.
        const logo = o.logo !== undefined ? await readLogo(o.logo) : undefined;
        if (logo) checkLogo(logo);
        let result: Branding = await app.services.branding.update(tenant.tenantId, changes, cliActor);
        if (logo) result = await app.services.branding.setLogo(tenant.tenantId, logo, cliActor);
        if (o.removeLogo) result = await app.services.branding.removeLogo(tenant.tenantId, cliActor);
        const view = brandingView(tenant.tenantId, result);
        out.result(view, () => describe(view));
      }),
    );
};
