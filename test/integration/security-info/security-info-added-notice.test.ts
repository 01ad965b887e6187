import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

// Checklist §11 row 16: adding security info tells the primary and every other address on file, once it is saved.
describe.each(testDialects())('security info added notice (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });
  const addedTo = async (recipient: string) =>
    (await sentMessages(ctx.world.app, { recipient })).filter((m) => m.subject?.includes('security info was added'));

  it('mails the UPN and the other addresses when a method is verified, never for a pending one', async () => {
    // The administrator's pre-populated address is not a user adding one: no notice for it.
    const user = await aUser(ctx.world.app, ctx.domain, { alternateEmail: 'admin-set@fabrikam.test' });
    expect(await addedTo(user.upn)).toEqual([]);
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);

    const email = (await api.add({ type: 'alternateEmail', address: 'first@fabrikam.test' })).json().method.id;
    expect(await addedTo(user.upn)).toEqual([]);
    await api.verify(email as string, await lastCodeTo(ctx.world.app, 'first@fabrikam.test'));
    const [notice] = await addedTo(user.upn);
    expect(notice?.subject).toBe('Contoso account security info was added');
    expect(notice?.bodyText).toContain('alternate email');
    // Never the address itself, and nothing a reader could use (no code, no full value).
    expect(notice?.bodyText).not.toContain('first@fabrikam.test');
    expect(await addedTo('admin-set@fabrikam.test')).toHaveLength(1);
    expect(await addedTo('first@fabrikam.test')).toEqual([]);

    const phone = (await api.add({ type: 'mobilePhone', number: '+31 612345601' })).json().method.id as string;
    expect(await addedTo('first@fabrikam.test')).toEqual([]);
    await api.verify(phone, await lastCodeTo(ctx.world.app, '+31612345601'));
    expect(await addedTo(user.upn)).toHaveLength(2);
    expect(await addedTo('first@fabrikam.test')).toHaveLength(1);
    expect((await addedTo('first@fabrikam.test'))[0]?.bodyText).toContain('mobile phone');
    // A step-up code on a saved method is no news.
    ctx.world.clock.advance(11 * 60);
    await api.resend(phone);
    await api.verify(phone, await lastCodeTo(ctx.world.app, '+31612345601'));
    expect(await addedTo(user.upn)).toHaveLength(2);
    // The audit stays as it was: one "registered" per saved entry.
    const audit = (await ctx.world.app.store.audit.list(user.tenantId, { limit: 100 })).map((e) => e.activity);
    expect(audit.filter((a) => a === 'User registered security info')).toHaveLength(2);
  });

  it('on a replaced email tells the primary address; the old one hears "no longer used" instead', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    const a = (await api.add({ type: 'alternateEmail', address: 'old2@fabrikam.test' })).json().method.id as string;
    await api.verify(a, await lastCodeTo(ctx.world.app, 'old2@fabrikam.test'));
    const b = (await api.add({ type: 'alternateEmail', address: 'new2@fabrikam.test' })).json().method.id as string;
    await api.verify(b, await lastCodeTo(ctx.world.app, 'new2@fabrikam.test'));
    expect(await addedTo(user.upn)).toHaveLength(2);
    expect(await addedTo('old2@fabrikam.test')).toEqual([]);
    expect(await addedTo('new2@fabrikam.test')).toEqual([]);
  });

  it('texts the mobile numbers already on file, not the one just added', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    const first = (await api.add({ type: 'mobilePhone', number: '+31 612345611' })).json().method.id as string;
    await api.verify(first, await lastCodeTo(ctx.world.app, '+31612345611'));
    const second = (await api.add({ type: 'mobilePhone', number: '+31 612345612' })).json().method.id as string;
    await api.verify(second, await lastCodeTo(ctx.world.app, '+31612345612'));
    const textsTo = async (recipient: string) =>
      (await sentMessages(ctx.world.app, { recipient })).map((m) => m.bodyText).filter((t) => t.includes('was added'));
    expect(await textsTo('+31612345611')).toEqual([
      expect.stringContaining(`security info (mobile phone) was added to ${user.upn}`),
    ]);
    expect(await textsTo('+31612345612')).toEqual([]);
  });

  it('speaks Dutch to a Dutch user', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const api = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    const id = (await api.add({ type: 'alternateEmail', address: 'nl@fabrikam.test' })).json().method.id as string;
    const code = await lastCodeTo(ctx.world.app, 'nl@fabrikam.test');
    await api.call('POST', `/methods/${id}/verify`, { code }, { 'accept-language': 'nl-NL' });
    const [notice] = (await sentMessages(ctx.world.app, { recipient: user.upn })).filter((m) =>
      m.subject?.startsWith('Beveiligingsgegevens toegevoegd'),
    );
    expect(notice?.bodyText).toContain('alternatief e-mailadres');
  });
});
