/**
 * Checklist §11 row 16 at the provider boundary, on both dialects: a password change is told by email (a real SMTP
 * listener) to every address on file and by SMS (a Twilio-compatible fake) to every verified mobile number — the
 * administrator-set one and each the user registered — in the user's language, with no code and no link. The tenant
 * can turn SMS notices off; an open budget breaker stops the SMS but not the email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../src/core/model.js';
import { defaultSecurityInfoSettings } from '../../../src/services/delivery/send-caps.js';
import { aPassword } from '../../support/factories.js';
import { startFakeTwilio } from '../../support/fake-twilio.js';
import { sessionCookie } from '../../support/http.js';
import { freeLoopbackPort } from '../../support/net.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedContact } from '../../support/reset.js';
import { createSmtpRelay } from '../../support/smtp-relay.js';
import { useHttpWorld } from '../../support/world.js';

const accountSid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'test-auth-token-0123456789';
const relay = createSmtpRelay();
const fake = await startFakeTwilio(accountSid, authToken);
const smtpPort = await freeLoopbackPort();
beforeAll(async () => {
  await relay.start(smtpPort);
});
afterAll(async () => {
  await relay.stop();
  await fake.close();
});

const env = {
  SSPR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  SSPR_MAIL_FROM: 'OpenSSPR <sspr@contoso.example>',
  SSPR_MAIL_PROVIDER: 'smtp',
  SSPR_SMS_PROVIDER: 'twilio',
  SSPR_TWILIO_ACCOUNT_SID: accountSid,
  SSPR_TWILIO_AUTH_TOKEN: authToken,
  SSPR_TWILIO_FROM: '+3197010000000',
  SSPR_TWILIO_BASE_URL: fake.baseUrl,
};
const newPassword = 'Tulip-Canal-Bridge-88';

describe.each(testDialects())('notices by email and SMS at the providers (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  let n = 0;

  /** A user with an admin-set alternate email and mobile, a registered email and two registered mobiles. */
  const aUserWithContacts = async () => {
    n += 1;
    const tenant = (await app().store.tenants.findByDomain(ctx.domain))!;
    const adminSet = `+3161000${dialect === 'sqlite' ? 1 : 2}${String(n).padStart(3, '0')}`;
    const user = await aResetUser(app(), tenant, { mobilePhone: adminSet });
    const at = ctx.world.clock.now().toISOString();
    const registered = {
      email: `own${n}.${dialect}@fabrikam.test`,
      phones: [`+3162${n}${dialect.length}00001`, `+3163${n}${dialect.length}00001`],
    };
    await aVerifiedContact(app(), user, 'alternateEmail', registered.email, at);
    for (const phone of registered.phones) await aVerifiedContact(app(), user, 'mobilePhone', phone, at);
    return {
      user,
      emails: [user.upn, user.alternateEmail!, registered.email],
      phones: [adminSet, ...registered.phones],
    };
  };
  const changePassword = async (user: User, language = 'en') => {
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: await sessionCookie(ctx.server, user.upn, aPassword), 'accept-language': language },
      payload: { currentPassword: aPassword, newPassword },
    });
    expect(changed.statusCode).toBe(200);
    await app().services.delivery.drain();
  };
  const mailsTo = (to: string) => relay.received.filter((m) => m.to.includes(to));
  const textsTo = (to: string) => fake.requests.filter((r) => r.fields.To === to).map((r) => r.fields.Body ?? '');
  const putSettings = async (changes: Partial<typeof defaultSecurityInfoSettings>) =>
    app().store.securityInfo.putSettings(
      ctx.tenantId,
      { ...defaultSecurityInfoSettings, ...changes },
      ctx.world.clock.now().toISOString(),
    );

  it('tells every verified address by email and every verified mobile number by SMS, without a code or a link', async () => {
    const { user, emails, phones } = await aUserWithContacts();
    await changePassword(user);
    for (const to of emails)
      expect(
        mailsTo(to)
          .map((m) => m.raw)
          .join(),
        to,
      ).toContain('account password changed');
    for (const to of phones) {
      const texts = textsTo(to);
      expect(texts, to).toHaveLength(1);
      expect(texts[0]).toContain(`the password of ${user.upn} was changed`);
      expect(texts[0]).not.toMatch(/https?:|\/\/|\b\d{6,8}\b/);
    }
  });

  it('texts in the language the email is in', async () => {
    const { user, phones } = await aUserWithContacts();
    await changePassword(user, 'nl-NL');
    for (const to of phones) expect(textsTo(to)[0], to).toContain(`het wachtwoord van ${user.upn} is gewijzigd`);
  });

  it('sends no SMS notice when the tenant turned them off, or while the budget breaker is open; email goes', async () => {
    await putSettings({ smsNotices: false });
    const off = await aUserWithContacts();
    await changePassword(off.user);
    for (const to of off.phones) expect(textsTo(to), to).toEqual([]);
    for (const to of off.emails) expect(mailsTo(to), to).toHaveLength(1);

    await putSettings({});
    const now = ctx.world.clock.now().toISOString();
    const breaker = await app().store.securityInfo.getBreaker(ctx.tenantId);
    expect(await app().store.securityInfo.setBreaker(ctx.tenantId, breaker.generation, now, now)).toBe(true);
    const tripped = await aUserWithContacts();
    await changePassword(tripped.user);
    for (const to of tripped.phones) expect(textsTo(to), to).toEqual([]);
    for (const to of tripped.emails) expect(mailsTo(to), to).toHaveLength(1);
  });
});
