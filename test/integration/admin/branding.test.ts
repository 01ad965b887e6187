/**
 * Company branding end to end over HTTP (issue 14 item 5), on every dialect: the admin API by role, every refusal
 * with its stable code, the audit event, the logo served from our origin with its type, nosniff and caching, the
 * accent stylesheet, the sign-in page with the tenant's look (by `whr`) and the product's own without, and a mail
 * that leaves through the delivery queue with the tenant's name and colour.
 */
import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { jpegStart, svgLogo, tinyPng } from '../../support/branding.js';
import { aPassword } from '../../support/factories.js';
import { sentMessages } from '../../support/outbox.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('company branding (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });
  const api = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    ctx.server.inject({
      method,
      url,
      headers: { cookie, ...(payload !== undefined && { 'content-type': 'application/json' }) },
      ...(payload !== undefined && { payload: JSON.stringify(payload) }),
    });

  it('lets the policy writers change it and refuses bad values with stable codes; readers only read', async () => {
    const admin = await signedInAs(ctx, ['Authentication Policy Administrator']);
    const before = await api(admin.cookie, 'GET', '/api/v1/admin/branding');
    expect(before.json()).toEqual({ displayName: null, accentColour: null, signInText: null, logo: null });
    for (const [body, code] of [
      [{ accentColour: '#eeeeee' }, 'BRANDING_COLOUR_LOW_CONTRAST'],
      [{ accentColour: 'blue' }, 'BRANDING_COLOUR_INVALID'],
      [{ signInText: 'x'.repeat(1025) }, 'BRANDING_TEXT_TOO_LONG'],
    ] as const) {
      const refused = await api(admin.cookie, 'PATCH', '/api/v1/admin/branding', body);
      expect([refused.statusCode, refused.json().code]).toEqual([400, code]);
    }
    const saved = await api(admin.cookie, 'PATCH', '/api/v1/admin/branding', {
      displayName: 'Fabrikam Portal',
      accentColour: '#8A1C7C',
      signInText: 'Need help? Call <b>1234</b>.',
    });
    expect(saved.json()).toMatchObject({ displayName: 'Fabrikam Portal', accentColour: '#8a1c7c', logo: null });
    const [event] = await ctx.world.app.store.audit.list(ctx.tenantId, {
      activity: 'Update company branding',
      limit: 1,
    });
    expect(event?.details).toEqual({ modifiedProperties: 'displayName,accentColour,signInText' });
    expect(event?.actor.upn).toBe(admin.user.upn);

    const reader = await signedInAs(ctx, ['Global Reader']);
    expect((await api(reader.cookie, 'GET', '/api/v1/admin/branding')).json().displayName).toBe('Fabrikam Portal');
    expect((await api(reader.cookie, 'PATCH', '/api/v1/admin/branding', { displayName: 'x' })).statusCode).toBe(403);
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    expect((await api(helpdesk.cookie, 'GET', '/api/v1/admin/branding')).statusCode).toBe(403);
  });

  it('takes a PNG or JPEG logo by its bytes, never SVG, serves it from our origin with caching, and removes it', async () => {
    const admin = await signedInAs(ctx, ['Global Administrator']);
    const svg = await api(admin.cookie, 'PUT', '/api/v1/admin/branding/logo', { image: svgLogo.toString('base64') });
    expect([svg.statusCode, svg.json().code]).toEqual([400, 'BRANDING_LOGO_INVALID']);
    const big = Buffer.concat([tinyPng, Buffer.alloc(100 * 1024)]);
    const tooBig = await api(admin.cookie, 'PUT', '/api/v1/admin/branding/logo', { image: big.toString('base64') });
    expect([tooBig.statusCode, tooBig.json().code]).toEqual([413, 'BRANDING_LOGO_TOO_LARGE']);
    const jpeg = await api(admin.cookie, 'PUT', '/api/v1/admin/branding/logo', { image: jpegStart.toString('base64') });
    expect(jpeg.json().logo.contentType).toBe('image/jpeg');
    const put = await api(admin.cookie, 'PUT', '/api/v1/admin/branding/logo', { image: tinyPng.toString('base64') });
    const { url, contentType } = put.json().logo as { url: string; contentType: string };
    expect(contentType).toBe('image/png');
    expect(url).not.toBe(jpeg.json().logo.url);
    const image = await ctx.server.inject({ url });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['cache-control']).toContain('max-age=31536000');
    expect(image.rawPayload.equals(tinyPng)).toBe(true);
    // The earlier logo's URL is gone rather than showing the new bytes under an old name.
    expect((await ctx.server.inject({ url: jpeg.json().logo.url })).statusCode).toBe(404);
    const removed = await api(admin.cookie, 'DELETE', '/api/v1/admin/branding/logo');
    expect(removed.json().logo).toBeNull();
    expect((await ctx.server.inject({ url })).statusCode).toBe(404);
  });

  it('shows the look on the sign-in page for the hinted domain only, with the accent as a same-origin stylesheet', async () => {
    await ctx.world.app.services.branding.update(
      ctx.tenantId,
      { displayName: 'Fabrikam Portal', accentColour: '#8a1c7c', signInText: 'Call <b>1234</b>\nor mail us.' },
      { type: 'cli', id: null, upn: null },
    );
    const plain = await ctx.server.inject({ url: '/signin' });
    expect(plain.body).not.toContain('Fabrikam Portal');
    expect(plain.body).not.toContain('/static/accent/');
    const branded = await ctx.server.inject({ url: `/signin?whr=${ctx.domain}` });
    expect(branded.body).toContain('<span class="brand">Fabrikam Portal</span>');
    expect(branded.body).toContain('<link rel="stylesheet" href="/static/accent/8a1c7c.css">');
    expect(branded.body).toContain('<p class="signin-text">Call &lt;b&gt;1234&lt;/b&gt;\nor mail us.</p>');
    expect(branded.headers['content-security-policy']).toContain("style-src 'self'");
    expect(branded.body).toContain(`href="/signin?whr=${ctx.domain}&amp;mkt=nl-NL"`);
    const reset = await ctx.server.inject({ url: `/passwordreset?whr=${ctx.domain}` });
    expect(reset.body).toContain('Call &lt;b&gt;1234&lt;/b&gt;');
    // Signed in, the tenant is known from the user's own domain.
    const user = await signedInAs(ctx, []);
    const account = await ctx.server.inject({ url: '/account', headers: { cookie: user.cookie } });
    expect(account.body).toContain('<span class="brand">Fabrikam Portal</span>');
    const css = await ctx.server.inject({ url: '/static/accent/8a1c7c.css' });
    expect([css.statusCode, css.body]).toEqual([200, ':root{--accent:#8a1c7c}\n']);
    expect((await ctx.server.inject({ url: '/static/accent/eeeeee.css' })).statusCode).toBe(404);
  });

  it("puts the tenant's name and accent colour into mails that leave through the delivery queue", async () => {
    await ctx.world.app.services.branding.update(
      ctx.tenantId,
      { displayName: 'Fabrikam Portal', accentColour: '#8a1c7c' },
      { type: 'cli', id: null, upn: null },
    );
    const user = await signedInAs(ctx, []);
    const changed = await api(user.cookie, 'POST', '/api/v1/me/password', {
      currentPassword: aPassword,
      newPassword: 'Another-Horse-73!',
    });
    expect(changed.statusCode).toBeLessThan(300);
    const [mail] = await sentMessages(ctx.world.app, { recipient: user.user.upn });
    expect(mail?.bodyText.startsWith('Fabrikam Portal\n\n')).toBe(true);
  });
});

// The outbox keeps the text part only; the HTML part is seen by an email channel that records what it is given.
describe('company branding in the HTML part of a mail', () => {
  const given: Array<{ to: string; text: string; html?: string }> = [];
  const ctx = useHttpWorld('sqlite', {
    overrides: { channels: { email: { send: async (message) => void given.push(message) } } },
  });

  it('opens the HTML part with the display name on the accent colour', async () => {
    await ctx.world.app.services.branding.update(
      ctx.tenantId,
      { displayName: 'Fabrikam <Portal>', accentColour: '#8a1c7c' },
      { type: 'cli', id: null, upn: null },
    );
    const user = await signedInAs(ctx, []);
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: user.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ currentPassword: aPassword, newPassword: 'Another-Horse-73!' }),
    });
    expect(changed.statusCode).toBeLessThan(300);
    await ctx.world.app.services.delivery.drain();
    const mail = given.find((m) => m.to === user.user.upn);
    expect(mail?.html).toMatch(
      /^<!doctype html><html><body><div style="background:#8a1c7c;color:#ffffff[^"]*">Fabrikam &lt;Portal&gt;<\/div>/,
    );
    expect(mail?.text.startsWith('Fabrikam <Portal>\n\n')).toBe(true);
  });
});
