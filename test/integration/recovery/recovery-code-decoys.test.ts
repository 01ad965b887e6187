/**
 * Recovery codes and the decoys of unknown user IDs (issue 17, checklist §11 rows 1–2), on both dialects, as the
 * other gates are checked: calibrated on a tenant whose users hold codes, every decoy offers them too (uncounted,
 * a decoy would never show them while every real user does); a decoy's refusal of a code reads exactly as a real
 * user's wrong code; and proving a code takes a decoy about as long as a real user (the same keyed hash and lookup).
 */
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const cli = { type: 'cli' as const, id: null, upn: null };
type Method = { id: string; type: string };

describe.each(testDialects())('recovery codes and decoys (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const api = () => resetApi(ctx.server, ctx.world.clock);

  /** A tenant offering email and recovery codes whose every user holds both. */
  const codesTenant = async (users: number) => {
    const tenant: Tenant = await aTenant(app(), { name: 'Fabrikam' });
    await app().services.ssprPolicy.update(tenant.tenantId, { methods: ['email', 'recoveryCode'] }, cli);
    const holders = [];
    for (let i = 0; i < users; i += 1) {
      const user = await aResetUser(app(), tenant);
      const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
      const made = await ctx.server.inject({ method: 'POST', url: '/api/v1/me/recovery-codes', headers: { cookie } });
      expect(made.statusCode).toBe(201);
      holders.push(user);
    }
    // A fresh calibration: any cached one is older than this population.
    ctx.world.clock.advance(11 * 60);
    return { tenant, holders };
  };
  /** A new flow for the user ID, past the intent, and its recovery-code method. */
  const codeGate = async (upn: string) => {
    const flowId = await api().flowOf(upn);
    const view = (await api().intent(flowId, 'reset')).json<{ methods: Method[] }>();
    return { flowId, methodId: view.methods.find((m) => m.type === 'recoveryCode')?.id };
  };
  const face = (body: Record<string, unknown>) => {
    const { instance: _instance, ...rest } = body;
    return rest;
  };

  it('shows recovery codes on decoys as often as users hold them, and refuses a decoy’s code as a real wrong one', async () => {
    const { tenant, holders } = await codesTenant(3);
    const domain = tenant.domains[0]!;
    for (let i = 0; i < 8; i += 1) {
      const decoy = await codeGate(`ghost${i}@${domain}`);
      expect(decoy.methodId, `decoy ${i} offers recovery codes`).toBeDefined();
    }
    const real = await codeGate(holders[0]!.upn);
    const decoy = await codeGate(`ghost0@${domain}`);
    const code = 'aaaa-bbbb-cccc-dddd-eeee-ffff';
    const realTry = await api().verify(real.flowId, { methodId: real.methodId!, code });
    const decoyTry = await api().verify(decoy.flowId, { methodId: decoy.methodId!, code });
    expect(realTry.json()).toMatchObject({ code: 'RECOVERY_CODE_INVALID' });
    expect(decoyTry.statusCode).toBe(realTry.statusCode);
    expect(face(decoyTry.json())).toEqual(face(realTry.json()));
  });

  it('takes about as long to refuse a decoy’s recovery code as a real user’s wrong one', async () => {
    const { tenant, holders } = await codesTenant(1);
    const ghost = `ghost.timing@${tenant.domains[0]!}`;
    const timeProof = async (upn: string) => {
      const gate = await codeGate(upn);
      const began = performance.now();
      const refused = await api().verify(gate.flowId, {
        methodId: gate.methodId!,
        code: 'aaaa-bbbb-cccc-dddd-eeee-ffff',
      });
      const took = performance.now() - began;
      expect(refused.json()).toMatchObject({ code: 'RECOVERY_CODE_INVALID' });
      return took;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const realTimes: number[] = [];
    const decoyTimes: number[] = [];
    // Interleaved, so background load hits both alike; a day apart, so neither is ever blocked by the throttle.
    for (let i = 0; i < 15; i += 1) {
      ctx.world.clock.advance(25 * 60 * 60);
      realTimes.push(await timeProof(holders[0]!.upn));
      decoyTimes.push(await timeProof(ghost));
    }
    const ratio = median(decoyTimes) / median(realTimes);
    expect(
      ratio,
      `decoy ${median(decoyTimes).toFixed(2)} ms vs real ${median(realTimes).toFixed(2)} ms`,
    ).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
