/**
 * The daily cap per number counts a decoy's texts and calls as a real user's (checklist §11 row 1): a real user's
 * mobile texts and calls share one number, so they fill one counter; a decoy's must fill one stand-in counter, or ten
 * texts and then a call would be refused for a real account and allowed for an unknown user ID — an account oracle
 * that sends the victim nothing when the attacker types a wrong number. Both dialects.
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
});
