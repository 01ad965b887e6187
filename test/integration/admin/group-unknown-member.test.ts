/**
 * Adding a member to a group by a user principal name that matches nobody. The refusal said "This user no longer
 * exists" — the user page's words for a user deleted meanwhile — to an administrator who had mistyped a name; it
 * now says there is no such user in the organization and where to look, in the page's language, next to the field
 * with what was typed.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { signedInAs } from '../../support/admin-http.js';
import { cookiePair, formContext } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('console: adding an unknown user to a group (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const follow = (response: LightMyRequestResponse, cookie: string) =>
    ctx.server.inject({
      url: String(response.headers.location),
      headers: { accept: 'text/html', cookie: [cookie, cookiePair(response, 'sspr_flash')].filter(Boolean).join('; ') },
    });

  it('says no such user is in the organization, in English and Dutch, keeping what was typed', async () => {
    const admin = await signedInAs(ctx, ['User Administrator']);
    const group = await ctx.world.app.services.groups.createGroup(ctx.tenantId, 'Staff');
    const typed = `nobody@${ctx.domain}`;
    for (const [locale, mkt] of [
      ['en', 'en-US'],
      ['nl', 'nl-NL'],
    ] as const) {
      const form = await formContext(ctx.server, `/admin/groups/${group.groupId}?mkt=${mkt}`, admin.cookie);
      const posted = await ctx.server.inject({
        method: 'POST',
        url: `/admin/groups/${group.groupId}/members?mkt=${mkt}`,
        headers: { cookie: form.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: form.token, kind: 'user', member: typed }).toString(),
      });
      expect(posted.statusCode).toBe(303);
      const page = await follow(posted, form.cookie);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(escapeHtml(translate(locale, 'admin.group.unknownUser', { upn: typed })));
      expect(page.body).not.toContain(escapeHtml(translate(locale, 'admin.error.USER_NOT_FOUND')));
      expect(page.body).toContain(`value="${typed}"`);
    }
  });
});
