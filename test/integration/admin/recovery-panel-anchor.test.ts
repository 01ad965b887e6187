import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { consoleBrowser } from '../../support/admin-http.js';
import { aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * Verify the caller and the Temporary Access Pass sit at the foot of a long user page. Their posts redirect back to
 * the page with what happened ("a code was sent to …", "the lifetime must be …"); without a fragment a phone opened
 * the page at its top, the message and the code field a few screens down, as if nothing had happened. The redirect
 * now ends in `#recovery`, the panel's anchor, so the browser opens the page there, message first.
 */
describe.each(testDialects())('the user page recovery panel: back where the administrator was (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const { aTenantWith, get, post, form } = consoleBrowser(ctx);

  it('sends every post of the panel back to the panel, its message inside the anchor', async () => {
    const { domain, signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const user = await aUser(ctx.world.app, domain, { alternateEmail: 'someone@home.example' });
    const page = `/admin/users/${user.userId}`;
    const filled = await form(`${page}?mkt=nl-NL`, admin.cookie);
    const methodId = /<select id="send-method" name="methodId"><option value="([^"]+)"/.exec(filled.page.body)?.[1];
    expect(methodId).toBeDefined();

    const sent = await post(`${page}/caller-verification/code?mkt=nl-NL`, filled.cookie, {
      _csrf: filled.token,
      methodId: methodId!,
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(/^\/admin\/users\/[0-9a-f-]{36}\?recovery=sent&.*mkt=nl-NL#recovery$/);

    const refused = await post(`${page}/temporary-access-pass?mkt=nl-NL`, filled.cookie, {
      _csrf: filled.token,
      lifetimeMinutes: '5',
    });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toMatch(/#recovery$/);
    const shown = await get(String(refused.headers.location).split('#')[0]!, admin.cookie);
    const anchored = /<div id="recovery">([\s\S]*?)<h2 id="caller">/.exec(shown.body)?.[1] ?? '';
    expect(anchored).toContain(escapeHtml(translate('nl', 'tap.console.error.TAP_LIFETIME_INVALID')));
  });
});
