/**
 * The daily cap per number counts a decoy's texts and calls as a real user's (checklist §11 row 1): a real user's
 * mobile texts and calls share one number, so they fill one counter; a decoy's must fill one stand-in counter, or ten
 * texts and then a call would be refused for a real account and allowed for an unknown user ID — an account oracle
 * that sends the victim nothing when the attacker types a wrong number. A blind challenge (a real user, a number not
 * on file) refused by a cap is audited as what it is, `PhoneMismatch`, not as the cap: the admin learns the cause,
 * while the user's answer stays the cap's, as for everyone. Both dialects.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { defaultSecurityInfoSettings } from '../../../src/services/delivery/send-caps.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const admin = { type: 'cli' as const, id: null, upn: null };
const onFile = '+31612345678';
const notOnFile = '+31612345679';

describe.each(testDialects())('reset send cap per number, texts and calls together (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  let tenant: Tenant;

  beforeAll(async () => {
    const app = ctx.world.app;
    tenant = await aTenant(app, { name: 'Fabrikam' });
    await app.services.ssprPolicy.update(tenant.tenantId, { methods: ['mobileSms', 'mobileVoice'] }, admin);
    await app.store.securityInfo.putSettings(
      tenant.tenantId,
      { ...defaultSecurityInfoSettings, dailyCapPerNumber: 2 },
      ctx.world.clock.now().toISOString(),
    );
  });

  /** One challenge of `type` in a fresh flow for `upn`, the number typed: its status and code. */
  const challenge = async (upn: string, type: string, phoneNumber: string) => {
    const flowId = await api().flowOf(upn);
    const view = (await api().intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
    const method = view.methods.find((m) => m.type === type);
    if (!method) throw new Error(`${upn}: no ${type} method offered: ${JSON.stringify(view)}`);
    const reply = await api().challenge(flowId, { methodId: method.id, phoneNumber });
    return [reply.statusCode, reply.json<{ code?: string }>().code ?? null];
  };

  /** Two texts then a call for `upn`: what each answered. */
  const textsThenCall = async (upn: string, typed: string) => [
    await challenge(upn, 'mobileSms', typed),
    await challenge(upn, 'mobileSms', typed),
    await challenge(upn, 'mobileVoice', typed),
  ];

  it('refuses the call after the texts for a real user, a real user typing a wrong number and a decoy alike', async () => {
    const real = await aResetUser(ctx.world.app, tenant, { mobilePhone: onFile });
    const answers = await textsThenCall(real.upn, onFile);
    expect(answers.map(([, code]) => code)).toEqual([null, null, 'SEND_LIMIT_REACHED']);
    // A day on: the number's counter and the phone validations start afresh.
    ctx.world.clock.advance(25 * 60 * 60);
    expect(await textsThenCall(real.upn, notOnFile), 'blind').toEqual(answers);
    expect(await textsThenCall(`nobody@${tenant.domains[0]!}`, onFile), 'decoy').toEqual(answers);
  });

  it('audits a blind challenge refused by a cap as PhoneMismatch, a real one as the cap', async () => {
    const real = await aResetUser(ctx.world.app, tenant, { mobilePhone: '+31687654321' });
    const blind = await aResetUser(ctx.world.app, tenant, { mobilePhone: '+31687654322' });
    // Three texts then a call: the third text is refused by the send cap, the call by the cap as it is placed.
    const sends = async (upn: string, typed: string) => [
      await challenge(upn, 'mobileSms', typed),
      await challenge(upn, 'mobileSms', typed),
      await challenge(upn, 'mobileSms', typed),
      await challenge(upn, 'mobileVoice', typed),
    ];
    const answers = await sends(real.upn, real.mobilePhone!);
    expect(answers.map(([, code]) => code)).toEqual([null, null, 'SEND_LIMIT_REACHED', 'SEND_LIMIT_REACHED']);
    expect(await sends(blind.upn, '+31687654329'), 'the same answers').toEqual(answers);

    const events = await ctx.world.app.store.audit.list(tenant.tenantId, { limit: 1000 });
    const reasons = (upn: string) =>
      events
        .filter((e) => e.target?.name === upn && String(e.details.detail).startsWith('User started the'))
        .map((e) => `${e.result} ${e.resultReason ?? ''}`.trim())
        .sort();
    expect(reasons(real.upn)).toEqual([
      'failure SEND_LIMIT_REACHED',
      'failure SEND_LIMIT_REACHED',
      'success',
      'success',
    ]);
    expect(reasons(blind.upn)).toEqual(Array.from({ length: 4 }, () => 'failure PhoneMismatch'));
  });
});
