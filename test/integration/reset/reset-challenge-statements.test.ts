/**
 * A decoy's challenge sends a real one's SQL (checklist §11 row 2), on both dialects: asking for an email code, an
 * SMS code or a voice call sends the same statements, in the same order and transactions, for a real user, an
 * unknown user ID, a user without a usable method and a real user who typed a number not on file (a blind
 * challenge). A real code is stored and its message queued; a decoy's stand-in code is filed by the same statements
 * and its message row is blank: nothing is sent for it. The statistical side is password-reset-timing.test.ts; this
 * one is exact and fast. A flow for an unregistered domain (no tenant to file rows under) is answered, not a 500.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aTenant } from '../../support/factories.js';
import { sentMessages } from '../../support/outbox.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { recordStatements } from '../../support/statement-log.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const admin = { type: 'cli' as const, id: null, upn: null };
const onFile = '+31612345678';
const notOnFile = '+31612345679';

describe.each(testDialects())('reset challenge statements (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  let emailTenant: Tenant;
  let phoneTenant: Tenant;

  beforeAll(async () => {
    const app = ctx.world.app;
    // Recorded statements are the request's only: the worker's rounds would fall between them.
    await app.services.delivery.stop();
    emailTenant = await aTenant(app, { name: 'Northwind' });
    await app.services.ssprPolicy.update(emailTenant.tenantId, { methods: ['email'] }, admin);
    phoneTenant = await aTenant(app, { name: 'Fabrikam' });
    await app.services.ssprPolicy.update(phoneTenant.tenantId, { methods: ['mobileSms', 'mobileVoice'] }, admin);
  });

  /** The statements of one challenge of `type` in a fresh flow for `upn`, and its reply. */
  const challenge = async (upn: string, type: string, body: object = {}) => {
    const flowId = await api().flowOf(upn);
    const view = (await api().intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
    const method = view.methods.find((m) => m.type === type);
    if (!method) throw new Error(`${upn}: no ${type} method offered: ${JSON.stringify(view)}`);
    let reply: Awaited<ReturnType<ReturnType<typeof api>['challenge']>> | undefined;
    const statements = await recordStatements(async () => {
      reply = await api().challenge(flowId, { methodId: method.id, ...body });
    });
    expect(reply!.statusCode, `${upn} ${type}: ${reply!.body}`).toBe(200);
    return statements;
  };

  it('sends the same statements for an email code to a real user, an unknown one and one without a method', async () => {
    const app = ctx.world.app;
    const real = await aResetUser(app, emailTenant);
    const noMethod = await aResetUser(app, emailTenant, { alternateEmail: '' });
    const domain = emailTenant.domains[0]!;
    await challenge(real.upn, 'email'); // warm-up: first-use caches are no kind of account
    const expected = await challenge(real.upn, 'email');
    expect(expected.some((s) => s.startsWith('insert into "security_codes"'))).toBe(true);
    expect(await challenge(`nobody@${domain}`, 'email')).toEqual(expected);
    expect(await challenge(noMethod.upn, 'email')).toEqual(expected);

    // Nothing was sent for the decoys: the real user's two codes only.
    const sent = await sentMessages(app, { tenantId: emailTenant.tenantId });
    expect(sent.map((m) => m.recipient)).toEqual([real.alternateEmail, real.alternateEmail]);
  });

  it('sends the same statements for an SMS code or a call: real, unknown, without a phone, number not on file', async () => {
    const app = ctx.world.app;
    const real = await aResetUser(app, phoneTenant, { mobilePhone: onFile });
    const noPhone = await aResetUser(app, phoneTenant);
    const domain = phoneTenant.domains[0]!;
    for (const type of ['mobileSms', 'mobileVoice']) {
      // A day on: the real user's phone validations (five an hour, then blocked for 24 hours) start afresh.
      ctx.world.clock.advance(25 * 60 * 60);
      // Warm-up, which also has both typed numbers counted in their block this hour: a number new in the hour costs
      // one count more whoever types it, real user or decoy alike (send-caps.ts).
      await challenge(real.upn, type, { phoneNumber: onFile });
      await challenge(real.upn, type, { phoneNumber: notOnFile });
      const expected = await challenge(real.upn, type, { phoneNumber: onFile });
      expect(await challenge(real.upn, type, { phoneNumber: notOnFile }), `${type} blind`).toEqual(expected);
      expect(await challenge(`nobody.${type}@${domain}`, type, { phoneNumber: onFile }), type).toEqual(expected);
      expect(await challenge(noPhone.upn, type, { phoneNumber: onFile }), type).toEqual(expected);
      await app.services.delivery.drain(); // before a day passes and the codes expire unsent
    }
    // Two codes and two calls to the number on file; nothing to any other.
    const sent = await sentMessages(app, { tenantId: phoneTenant.tenantId });
    expect(sent.map((m) => m.recipient)).toEqual([onFile, onFile, onFile, onFile]);
  });

  it('answers a challenge and a wrong code for a user ID of an unregistered domain as for any other', async () => {
    // Decoys there are drawn from the defaults (some hold only an authenticator app): the first few with a code method.
    const withCode = [];
    for (let i = 0; withCode.length < 3 && i < 40; i += 1) {
      const flowId = await api().flowOf(`someone${i}@unregistered-domain.example`);
      const view = (await api().intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      const method = view.methods.find((m) => ['email', 'mobileSms', 'mobileVoice'].includes(m.type));
      if (method) withCode.push({ flowId, method });
    }
    expect(withCode.map(({ method }) => method.type)).toEqual(expect.arrayContaining(['email', 'mobileSms']));
    for (const { flowId, method } of withCode) {
      const sent = await api().challenge(flowId, { methodId: method.id, phoneNumber: onFile });
      expect(sent.statusCode, sent.body).toBe(200);
      if (method.type === 'mobileVoice') continue;
      const wrong = await api().verify(flowId, { methodId: method.id, code: '12345678' });
      expect([wrong.statusCode, wrong.json().code]).toEqual([400, 'CODE_INVALID']);
    }
  });
});
