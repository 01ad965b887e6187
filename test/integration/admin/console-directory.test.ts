/**
 * The console acting on the directory (issue 14 item 5), on every dialect, over HTTP as a browser without
 * JavaScript would: New user (temporary password shown once, change forced), Delete user with its confirm page,
 * groups created, filled, emptied and deleted, each refusal back on its form's page (post/redirect/get) with the
 * typed values in the page's language; role-gated on the server, not only in the page. Also the Customization tab:
 * the reveal-eligibility switch and company branding with a logo upload.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { signedInAs } from '../../support/admin-http.js';
import { svgLogo, tinyPng } from '../../support/branding.js';
import { aUser } from '../../support/factories.js';
import { cookiePair, formContext, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const text = (locale: 'en' | 'nl', key: MessageKey, params: Record<string, string> = {}) =>
  escapeHtml(translate(locale, key, params));

describe.each(testDialects())('console directory actions (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  /** A form post as the browser sends it, then the GET the 303 leads to, carrying the flash cookie. */
  const submit = async (cookie: string, url: string, fields: Record<string, string>) => {
    const posted = await ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    return { posted, page: posted.statusCode === 303 ? await follow(posted, cookie) : undefined };
  };
  const follow = (response: LightMyRequestResponse, cookie: string) => {
    const flash = cookiePair(response, 'sspr_flash');
    return ctx.server.inject({
      url: String(response.headers.location),
      headers: { accept: 'text/html', cookie: [cookie, flash].filter(Boolean).join('; ') },
    });
  };

  it('creates a user with a temporary password shown once and a forced change; refusals keep what was typed', async () => {
    const admin = await signedInAs(ctx, ['User Administrator']);
    const list = await ctx.server.inject({ url: '/admin/users', headers: { cookie: admin.cookie } });
    expect(list.body).toContain(`href="/admin/users/new">${text('en', 'admin.users.new')}</a>`);
    const form = await formContext(ctx.server, '/admin/users/new?mkt=nl-NL', admin.cookie);
    const refused = await submit(form.cookie, '/admin/users/new?mkt=nl-NL', {
      _csrf: form.token,
      upn: `new.person@${ctx.domain}`,
      givenName: 'Nieuwe',
      usageLocation: 'Netherlands',
      mobilePhone: '12',
    });
    expect([refused.posted.statusCode, refused.posted.headers.location]).toEqual([303, '/admin/users/new?mkt=nl-NL']);
    expect(refused.page?.statusCode).toBe(400);
    expect(refused.page?.body).toContain(text('nl', 'admin.error.COUNTRY_INVALID'));
    expect(refused.page?.body).toContain(text('nl', 'admin.error.PHONE_INVALID'));
    expect(refused.page?.body).toContain(`value="new.person@${ctx.domain}"`);
    expect(refused.page?.body).toContain('aria-describedby="usageLocation-hint usageLocation-error"');

    const created = await ctx.server.inject({
      method: 'POST',
      url: '/admin/users/new',
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: form.token,
        upn: `new.person@${ctx.domain}`,
        usageLocation: 'NL',
      }).toString(),
    });
    // Post/redirect/get: the password is on the page the post leads to (so a reload creates nothing).
    expect(created.statusCode).toBe(303);
    const user = await ctx.world.app.services.users.showUser(`new.person@${ctx.domain}`);
    expect(created.headers.location).toBe(`/admin/users/${user.userId}/created`);
    const shown = await follow(created, admin.cookie);
    expect(shown.headers['cache-control']).toContain('no-store');
    const password = /id="temporary-password">([^<]+)</.exec(shown.body)?.[1];
    expect(password).toBeDefined();
    expect([user.mustChangePassword, user.usageLocation, user.source]).toEqual([true, 'NL', 'cloud']);
    expect((await signInApi(ctx.server, user.upn, password!)).json()).toMatchObject({ mustChangePassword: true });

    const again = await submit(form.cookie, '/admin/users/new', { _csrf: form.token, upn: `new.person@${ctx.domain}` });
    expect(again.page?.body).toContain(text('en', 'admin.error.USER_EXISTS'));
    const elsewhere = await submit(form.cookie, '/admin/users/new', { _csrf: form.token, upn: 'x@not-ours.example' });
    expect(elsewhere.page?.body).toContain(text('en', 'admin.error.UPN_DOMAIN_NOT_VERIFIED'));

    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    expect(
      (await ctx.server.inject({ url: '/admin/users/new', headers: { cookie: helpdesk.cookie } })).statusCode,
    ).toBe(403);
    const helpdeskForm = await formContext(ctx.server, '/account', helpdesk.cookie);
    const forbidden = await submit(helpdeskForm.cookie, '/admin/users/new', {
      _csrf: helpdeskForm.token,
      upn: `h@${ctx.domain}`,
    });
    expect(forbidden.posted.statusCode).toBe(403);
  });

  it('deletes a user after a confirm page, and refuses one out of reach', async () => {
    const admin = await signedInAs(ctx, ['User Administrator']);
    const target = await aUser(ctx.world.app, ctx.domain);
    const page = await ctx.server.inject({ url: `/admin/users/${target.userId}`, headers: { cookie: admin.cookie } });
    expect(page.body).toContain(`href="/admin/users/${target.userId}/delete"`);
    const confirm = await formContext(ctx.server, `/admin/users/${target.userId}/delete`, admin.cookie);
    expect(confirm.page.body).toContain(text('en', 'admin.user.delete.confirmTitle', { upn: target.upn }));
    const deleted = await submit(confirm.cookie, `/admin/users/${target.userId}/delete`, { _csrf: confirm.token });
    expect(deleted.posted.statusCode).toBe(303);
    expect(deleted.page?.body).toContain(text('en', 'admin.user.deleted', { upn: target.upn }));
    await expect(ctx.world.app.services.users.showUser(target.upn)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    const [event] = await ctx.world.app.store.audit.list(ctx.tenantId, { activity: 'Delete user', limit: 1 });
    expect(event?.actor.upn).toBe(admin.user.upn);

    const global = await aUser(ctx.world.app, ctx.domain, { roles: ['Global Administrator'] });
    const guarded = await ctx.server.inject({
      url: `/admin/users/${global.userId}`,
      headers: { cookie: admin.cookie },
    });
    expect(guarded.body).toContain(text('en', 'admin.user.delete.notAllowed'));
    const refused = await submit(confirm.cookie, `/admin/users/${global.userId}/delete`, { _csrf: confirm.token });
    expect(refused.page?.body).toContain(text('en', 'admin.error.TARGET_TOO_PRIVILEGED'));
    expect(await ctx.world.app.services.users.showUser(global.upn)).toBeDefined();
  });

  it('creates a group, adds a user and a nested group, refuses a cycle, removes a member and deletes it', async () => {
    const admin = await signedInAs(ctx, ['Global Administrator']);
    const member = await aUser(ctx.world.app, ctx.domain);
    const form = await formContext(ctx.server, '/admin/groups?mkt=nl-NL', admin.cookie);
    const created = await submit(form.cookie, '/admin/groups?mkt=nl-NL', { _csrf: form.token, name: 'Sales' });
    expect(created.page?.body).toContain(text('nl', 'admin.group.created'));
    const groupPath = String(created.posted.headers.location).split('?')[0]!;
    const duplicate = await submit(form.cookie, '/admin/groups?mkt=nl-NL', { _csrf: form.token, name: 'Sales' });
    expect(duplicate.page?.body).toContain(text('nl', 'admin.error.GROUP_EXISTS'));
    expect(duplicate.page?.body).toContain('value="Sales"');

    const addUser = await submit(form.cookie, `${groupPath}/members`, {
      _csrf: form.token,
      kind: 'user',
      member: member.upn,
    });
    expect(addUser.page?.body).toContain(text('en', 'admin.group.memberAdded', { name: member.upn }));
    await ctx.world.app.services.groups.createGroup(ctx.tenantId, 'Outer');
    const outer = (await ctx.world.app.services.groups.listGroups(ctx.tenantId)).find((g) => g.name === 'Outer')!;
    await submit(form.cookie, `/admin/groups/${outer.groupId}/members`, {
      _csrf: form.token,
      kind: 'group',
      member: 'Sales',
    });
    const cycle = await submit(form.cookie, `${groupPath}/members`, {
      _csrf: form.token,
      kind: 'group',
      member: 'Outer',
    });
    expect(cycle.page?.statusCode).toBe(400);
    expect(cycle.page?.body).toContain(text('en', 'admin.error.GROUP_CYCLE'));
    expect(cycle.page?.body).toContain('value="Outer"');

    const removed = await submit(form.cookie, `${groupPath}/members/remove`, {
      _csrf: form.token,
      memberId: member.userId,
    });
    expect(removed.page?.body).toContain(text('en', 'admin.group.memberRemoved', { name: member.upn }));
    const confirm = await formContext(ctx.server, `${groupPath}/delete`, admin.cookie);
    const deleted = await submit(confirm.cookie, `${groupPath}/delete`, { _csrf: confirm.token });
    expect(deleted.page?.body).toContain(text('en', 'admin.group.deleted', { name: 'Sales' }));
    expect((await ctx.world.app.services.groups.listGroups(ctx.tenantId)).map((g) => g.name)).not.toContain('Sales');

    const reader = await signedInAs(ctx, ['Global Reader']);
    const readOnly = await ctx.server.inject({
      url: `/admin/groups/${outer.groupId}`,
      headers: { cookie: reader.cookie },
    });
    expect(readOnly.body).not.toContain('name="_csrf"');
    const readerForm = await formContext(ctx.server, '/account', reader.cookie);
    const forbidden = await submit(readerForm.cookie, '/admin/groups', { _csrf: readerForm.token, name: 'Nope' });
    expect(forbidden.posted.statusCode).toBe(403);
  });

  it('edits reveal eligibility and company branding on the Customization tab, with a logo upload', async () => {
    const admin = await signedInAs(ctx, ['Authentication Policy Administrator']);
    const tab = '/admin/password-reset/customization';
    const form = await formContext(ctx.server, tab, admin.cookie);
    expect(form.page.body).toContain(text('en', 'admin.reveal.hint'));
    expect(form.page.body.match(/name="_csrf"/g)?.length).toBeGreaterThanOrEqual(3);
    const reveal = await submit(form.cookie, tab, {
      _csrf: form.token,
      customizeHelpdesk: 'no',
      helpdesk: '',
      revealEligibility: 'yes',
    });
    expect(reveal.posted.statusCode).toBe(303);
    expect((await ctx.world.app.services.ssprPolicy.describe(ctx.tenantId)).revealEligibility).toBe(true);

    const low = await submit(form.cookie, `${tab}/branding?mkt=nl-NL`, {
      _csrf: form.token,
      displayName: 'Fabrikam',
      accentColour: '#eeeeee',
      signInText: 'Hallo',
    });
    expect(low.page?.body).toContain(text('nl', 'admin.error.BRANDING_COLOUR_LOW_CONTRAST'));
    expect(low.page?.body).toContain('value="#eeeeee"');
    const saved = await submit(form.cookie, `${tab}/branding`, {
      _csrf: form.token,
      displayName: 'Fabrikam',
      accentColour: '#8a1c7c',
      signInText: 'Hallo',
    });
    expect(saved.page?.body).toContain(text('en', 'admin.branding.saved'));

    const upload = (bytes: Buffer) => {
      const boundary = 'b0undary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${form.token}\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return ctx.server.inject({
        method: 'POST',
        url: `${tab}/logo`,
        headers: { cookie: form.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const svg = await upload(svgLogo);
    expect((await follow(svg, form.cookie)).body).toContain(text('en', 'admin.error.BRANDING_LOGO_INVALID'));
    // Over the logo limit but within the parser's: refused in words. Far over both: refused, never a 500.
    const large = await upload(Buffer.concat([tinyPng, Buffer.alloc(150 * 1024)]));
    expect((await follow(large, form.cookie)).body).toContain(text('en', 'admin.error.BRANDING_LOGO_TOO_LARGE'));
    expect((await upload(Buffer.alloc(1024 * 1024))).statusCode).toBe(413);
    const png = await upload(tinyPng);
    expect((await follow(png, form.cookie)).body).toContain(text('en', 'admin.branding.logo.saved'));
    const branding = await ctx.world.app.services.branding.show(ctx.tenantId);
    expect(branding).toMatchObject({ displayName: 'Fabrikam', accentColour: '#8a1c7c', signInText: 'Hallo' });
    expect(branding.logo?.contentType).toBe('image/png');
    const noToken = await ctx.server.inject({
      method: 'POST',
      url: `${tab}/logo/remove`,
      headers: { cookie: form.cookie },
    });
    expect(noToken.statusCode).toBe(403);

    const reader = await signedInAs(ctx, ['Global Reader']);
    const readOnly = await ctx.server.inject({ url: tab, headers: { cookie: reader.cookie } });
    expect(readOnly.body).toContain(text('en', 'admin.branding.title'));
    expect(readOnly.body).not.toContain('name="_csrf"');
  });
});
