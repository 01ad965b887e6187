import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import { adminPolicyGates, planGates, type SecurityInfoEntry, type TenantFacts } from './gates.js';
import { startFlow, transition, type FlowEvent, type ResetFlow } from './reset-flow.js';

const t0 = new Date('2026-03-01T09:00:00.000Z');
const plus = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const paidTenant: TenantFacts = {
  isTrial: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  domainCount: 1,
  hasDirectoryConnection: false,
  isFree: false,
};
const entries: SecurityInfoEntry[] = [
  { entryId: 'e1', kind: 'alternateEmail', display: 'a***@h***.test' },
  { entryId: 'p1', kind: 'mobilePhone', display: '+31 6******78' },
  { entryId: 'q1', kind: 'securityQuestions', display: '3 questions', questionCount: 3 },
];

const flowWith = (gatesRequired: 1 | 2, canUnlock = false): ResetFlow => {
  const plan = planGates(
    { roles: [] },
    { ...defaultSsprPolicy, methods: ['email', 'mobileSms', 'mobileVoice', 'securityQuestions'] },
    paidTenant,
    entries,
    t0,
  );
  return startFlow({ tenantId: 't', flowId: 'f', userId: 'u', canUnlock, gatesRequired, methods: plan.methods }, t0);
};

const apply = (flow: ResetFlow, events: FlowEvent[], now = t0): ResetFlow =>
  events.reduce((current, event) => {
    const result = transition(current, event, now);
    if (!result.ok) throw new Error(result.refusal);
    return result.flow;
  }, flow);

describe('gate planning', () => {
  it('offers each registered entry through the methods the policy allows', () => {
    const plan = planGates({ roles: [] }, defaultSsprPolicy, paidTenant, entries, t0);
    expect(plan.methods.map((m) => m.type)).toEqual(['email', 'mobileSms', 'mobileVoice']);
    expect(plan).toMatchObject({ adminPolicy: false, gatesRequired: 1, insufficient: false });
  });

  it('applies the administrator policy: two gates, no security questions, no voice on trial tenants', () => {
    const trial = { ...paidTenant, isTrial: true, createdAt: '2026-01-01T00:00:00.000Z' };
    const plan = planGates(
      { roles: ['GlobalAdministrator'] },
      { ...defaultSsprPolicy, methods: ['securityQuestions', 'email'] },
      trial,
      entries,
      t0,
    );
    expect(plan.methods.map((m) => m.type)).toEqual(['email', 'mobileSms']);
    expect(plan.gatesRequired).toBe(2);
    expect(adminPolicyGates({ ...trial, createdAt: '2026-02-20T00:00:00.000Z' }, t0)).toBe(1);
    expect(adminPolicyGates({ ...trial, createdAt: '2026-02-20T00:00:00.000Z', domainCount: 2 }, t0)).toBe(2);
    expect(
      adminPolicyGates({ ...trial, createdAt: '2026-02-20T00:00:00.000Z', hasDirectoryConnection: true }, t0),
    ).toBe(2);
    expect(adminPolicyGates({ ...paidTenant, createdAt: '2026-02-20T00:00:00.000Z' }, t0)).toBe(2);
  });

  it('says when the user has too few pieces of security info for the gates (SSPR_0014)', () => {
    const plan = planGates({ roles: [] }, { ...defaultSsprPolicy, methodsRequired: 2 }, paidTenant, [entries[1]!], t0);
    expect(plan.insufficient).toBe(true);
  });
});

describe('the reset flow', () => {
  it('passes one gate and finishes', () => {
    const flow = apply(flowWith(1), [
      { type: 'chooseIntent', intent: 'reset' },
      { type: 'challengeIssued', methodId: 'email.e1' },
      { type: 'proofPassed', methodId: 'email.e1' },
      { type: 'finished', outcome: 'passwordReset' },
    ]);
    expect(flow).toMatchObject({ status: 'completed', outcome: 'passwordReset', version: 4 });
    expect(transition(flow, { type: 'cancel' }, t0)).toEqual({ ok: false, refusal: 'FLOW_INVALID' });
  });

  it('needs two different pieces of security info for two gates: text and call to one phone count once', () => {
    const flow = apply(flowWith(2), [
      { type: 'chooseIntent', intent: 'reset' },
      { type: 'challengeIssued', methodId: 'mobileSms.p1' },
      { type: 'proofPassed', methodId: 'mobileSms.p1' },
    ]);
    expect(transition(flow, { type: 'challengeIssued', methodId: 'mobileVoice.p1' }, t0)).toEqual({
      ok: false,
      refusal: 'GATE_ALREADY_PASSED',
    });
    expect(transition(flow, { type: 'finished', outcome: 'passwordReset' }, t0)).toEqual({
      ok: false,
      refusal: 'GATES_INCOMPLETE',
    });
    const done = apply(flow, [
      { type: 'challengeIssued', methodId: 'email.e1' },
      { type: 'proofPassed', methodId: 'email.e1' },
      { type: 'finished', outcome: 'passwordReset' },
    ]);
    expect(done.status).toBe('completed');
  });

  it('refuses proofs without a live challenge, after five failures, and after the challenge expires', () => {
    const started = apply(flowWith(1), [{ type: 'chooseIntent', intent: 'reset' }]);
    expect(transition(started, { type: 'proofPassed', methodId: 'email.e1' }, t0)).toEqual({
      ok: false,
      refusal: 'CHALLENGE_REQUIRED',
    });
    const challenged = apply(started, [{ type: 'challengeIssued', methodId: 'email.e1' }]);
    const failedFive = apply(
      challenged,
      Array.from({ length: 5 }, () => ({ type: 'proofFailed' as const, methodId: 'email.e1' })),
    );
    expect(failedFive.challenge).toBeNull();
    expect(transition(failedFive, { type: 'proofPassed', methodId: 'email.e1' }, t0)).toEqual({
      ok: false,
      refusal: 'CHALLENGE_REQUIRED',
    });
    // Checklist §11 row 6: the boundary, a second either side of the 5 minutes.
    expect(transition(challenged, { type: 'proofPassed', methodId: 'email.e1' }, plus(299)).ok).toBe(true);
    for (const late of [300, 301])
      expect(transition(challenged, { type: 'proofPassed', methodId: 'email.e1' }, plus(late))).toEqual({
        ok: false,
        refusal: 'CHALLENGE_REQUIRED',
      });
  });

  it('offers unlock only when allowed, and the whole flow ends after 15 minutes', () => {
    expect(transition(flowWith(1), { type: 'chooseIntent', intent: 'unlock' }, t0)).toEqual({
      ok: false,
      refusal: 'INTENT_NOT_ALLOWED',
    });
    expect(transition(flowWith(1, true), { type: 'chooseIntent', intent: 'unlock' }, t0).ok).toBe(true);
    expect(transition(flowWith(1), { type: 'chooseIntent', intent: 'reset' }, plus(15 * 60 - 1)).ok).toBe(true);
    expect(transition(flowWith(1), { type: 'chooseIntent', intent: 'reset' }, plus(15 * 60))).toEqual({
      ok: false,
      refusal: 'FLOW_INVALID',
    });
  });

  it('does not offer a method it did not plan', () => {
    const started = apply(flowWith(1), [{ type: 'chooseIntent', intent: 'reset' }]);
    expect(transition(started, { type: 'challengeIssued', methodId: 'officeVoice.x' }, t0)).toEqual({
      ok: false,
      refusal: 'METHOD_NOT_OFFERED',
    });
  });
});
