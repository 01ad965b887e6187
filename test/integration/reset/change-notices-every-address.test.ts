/**
 * Checklist §11 row 16 (NIST SP 800-63B §4.6), on both dialects: a self-service reset, an unlock and a password
 * change are told to every address on file — the UPN, the administrator's alternate email and the email the user
 * registered as security info — not only to the fields of the user record. The registered address is the one a
 * reset code can go to, so a notice missing it leaves out a mailbox that can reset the account. Every verified mobile
 * number (the administrator-set one and one the user registered) gets it by SMS too.
 */
import { describe, expect, it } from 'vitest';
import type { Tenant, User } from '../../../src/core/model.js';
import { aPassword } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { sentMessages } from '../../support/outbox.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedContact, resetApi } from '../../support/reset.js';
import { lastCodeTo, methodsApi } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const newPassword = 'Tulip-Canal-Bridge-88';
type Method = { id: string; type: string; display: string };

describe.each(testDialects())('change notices reach every address on file (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const tenant = async (): Promise<Tenant> => (await app().store.tenants.findByDomain(ctx.domain))!;

  /** A user with an administrator-set alternate email who also registered their own address (verified). */
  let phones = 0;
  const phonesOf = (user: User) => [user.mobilePhone!, `+3164${user.mobilePhone!.slice(-7)}`];
  const aUserWithRegisteredEmail = async (registered: string): Promise<User> => {
    phones += 1;
    const admin = `+3165${dialect === 'sqlite' ? 1 : 2}${String(phones).padStart(6, '0')}`;
    const user = await aResetUser(app(), await tenant(), { mobilePhone: admin });
    await aVerifiedContact(app(), user, 'mobilePhone', phonesOf(user)[1]!, ctx.world.clock.now().toISOString());
    const me = methodsApi(ctx.server, await sessionCookie(ctx.server, user.upn, aPassword), ctx.world.clock);
    const id = (await me.add({ type: 'alternateEmail', address: registered })).json().method.id as string;
    expect((await me.verify(id, await lastCodeTo(app(), registered))).statusCode).toBe(200);
    return user;
  };
  const subjectsTo = async (recipient: string) =>
    (await sentMessages(app(), { recipient })).map((m) => m.subject ?? '');
  const textsTo = async (recipient: string) => (await sentMessages(app(), { recipient })).map((m) => m.bodyText);

  it('tells a reset and an unlock to the UPN, the alternate email and the registered email', async () => {
    const registered = 'own.mailbox@fabrikam.test';
    const user = await aUserWithRegisteredEmail(registered);
    const reset = async (intent: 'reset' | 'unlock') => {
      const flowId = await api().flowOf(user.upn);
      const view = (await api().intent(flowId, intent)).json<{ methods: Method[] }>();
      // The code goes to the registered address: the gate passes through the mailbox the user added.
      const email = view.methods.find((m) => m.type === 'email' && m.display.endsWith('.test'))!;
      expect((await api().challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
      const code = await lastCodeTo(app(), registered);
      expect((await api().verify(flowId, { methodId: email.id, code })).statusCode).toBe(200);
      return flowId;
    };
    expect((await api().password(await reset('reset'), newPassword)).json()).toEqual({ status: 'passwordReset' });
    for (const address of [user.upn, user.alternateEmail!, registered])
      expect(await subjectsTo(address), address).toContain('Your Contoso password has been reset');
    for (const phone of phonesOf(user))
      expect((await textsTo(phone)).join('|'), phone).toContain(`the password of ${user.upn} was reset`);

    for (let i = 0; i < 10; i += 1) await signInApi(ctx.server, user.upn, `Wrong-password-${i}`);
    expect((await api().unlock(await reset('unlock'))).json()).toEqual({ status: 'unlocked' });
    for (const address of [user.upn, user.alternateEmail!, registered])
      expect(await subjectsTo(address), address).toContain('Your Contoso account has been unlocked');
    for (const phone of phonesOf(user))
      expect((await textsTo(phone)).join('|'), phone).toContain(`the account ${user.upn} was unlocked`);
  });

  it('tells a password change to the UPN, the alternate email and the registered email', async () => {
    const registered = 'own.change@fabrikam.test';
    const user = await aUserWithRegisteredEmail(registered);
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: await sessionCookie(ctx.server, user.upn, aPassword) },
      payload: { currentPassword: aPassword, newPassword },
    });
    expect(changed.statusCode).toBe(200);
    for (const address of [user.upn, user.alternateEmail!, registered])
      expect(await subjectsTo(address), address).toContain('Contoso account password changed');
    for (const phone of phonesOf(user))
      expect((await textsTo(phone)).join('|'), phone).toContain(`the password of ${user.upn} was changed`);
  });
});
