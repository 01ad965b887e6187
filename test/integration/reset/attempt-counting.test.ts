/**
 * Attempts that are not attempts (issue 14 item 3), through the JSON API on both dialects: an empty
 * code, letters and an empty phone number are input errors that count nothing, full-width digits are
 * digits (NFKC), and a user ID blocked for 24 hours is told so on the flow's first view — for a real
 * user and an unknown user ID alike.
 */
import { describe, expect, it } from 'vitest';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
type Method = { id: string; type: string };

/** '12345678' → '１２３４５６７８': what a phone keyboard in full-width mode types. */
const fullWidth = (digits: string) => [...digits].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');

describe.each(testDialects())('reset attempt counting (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;

  it('refuses an empty code and letters as input errors: the five attempts stay five', async () => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    const user = await aResetUser(app(), tenant);
    const { flowId, email } = await api().emailFlow(user.upn);

    for (const [code, reason] of [
      ['', 'empty'],
      ['   ', 'empty'],
      ['abcdefgh', 'notDigits'],
      ['1234abcd', 'notDigits'],
    ] as const) {
      const refused = await api().verify(flowId, { methodId: email.id, code });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code', reason });
    }
    // Four wrong digit codes still leave one attempt: none of the input errors above counted.
    for (let i = 0; i < 4; i += 1) {
      const wrong = await api().verify(flowId, { methodId: email.id, code: `0000000${i}` });
      expect(wrong.json()).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 - i });
    }
    const right = await lastCodeTo(app(), user.alternateEmail!);
    expect((await api().verify(flowId, { methodId: email.id, code: right })).json()).toMatchObject({
      gatesPassed: 1,
    });
  });

  it('takes full-width digits as the digits they are', async () => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    const user = await aResetUser(app(), tenant);
    const { flowId, email } = await api().emailFlow(user.upn);
    const code = await lastCodeTo(app(), user.alternateEmail!);
    const passed = await api().verify(flowId, { methodId: email.id, code: fullWidth(code) });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ gatesPassed: 1 });
  });

  it('asks for the number when none is typed, without counting a phone check', async () => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    const user = await aResetUser(app(), tenant, { mobilePhone: '+31612345678' });
    const flowId = await api().flowOf(user.upn);
    const view = (await api().intent(flowId, 'reset')).json<{ methods: Method[] }>();
    const sms = view.methods.find((m) => m.type === 'mobileSms')!;
    // Far more empty tries than the 5 phone checks an hour: none counts, so the right number still works.
    for (let i = 0; i < 7; i += 1) {
      const empty = await api().challenge(flowId, { methodId: sms.id, phoneNumber: ' ' });
      expect(empty.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phoneNumber', reason: 'empty' });
    }
    const sent = await api().challenge(flowId, { methodId: sms.id, phoneNumber: '+31 6 12345678' });
    expect(sent.statusCode, sent.body).toBe(200);
  });

  it('tells a user ID blocked for 24 hours on the first view, a real one and an unknown one alike', async () => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    const user = await aResetUser(app(), tenant);
    const blockFor = async (upn: string) => {
      for (let round = 0; round < 5; round += 1) {
        const { flowId, email } = await api().emailFlow(upn);
        const wrong = await api().verify(flowId, { methodId: email.id, code: '99999999' });
        if (round < 4) expect(wrong.json().code).toBe('CODE_INVALID');
        else expect(wrong.json().code).toBe('SSPR_BLOCKED');
      }
    };
    for (const upn of [user.upn, `nobody@${tenant.domains[0]!}`]) {
      const before = await api().flowOf(upn);
      expect((await api().view(before)).json().blockedUntil).toBeUndefined();
      await blockFor(upn);
      const after = await api().flowOf(upn);
      const view = (await api().view(after)).json<{ blockedUntil?: string }>();
      const left = Date.parse(view.blockedUntil!) - ctx.world.clock.now().getTime();
      expect(left).toBeGreaterThan(23 * 3600 * 1000);
      expect(left).toBeLessThanOrEqual(24 * 3600 * 1000);
    }
  });
});
