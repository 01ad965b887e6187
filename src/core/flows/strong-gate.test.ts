import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import { planGates, type SecurityInfoEntry, type TenantFacts } from './gates.js';
import { gatesComplete, startFlow, strongMethodsOwed, transition, type ResetFlow } from './reset-flow.js';

const t0 = new Date('2026-03-01T09:00:00.000Z');
const paid: TenantFacts = {
  isTrial: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  domainCount: 1,
  hasDirectoryConnection: false,
  isFree: false,
};
const email: SecurityInfoEntry = { entryId: 'e1', kind: 'alternateEmail', display: 'a***@h***.test' };
const phone: SecurityInfoEntry = { entryId: 'p1', kind: 'mobilePhone', display: '+31 6******78' };
const app: SecurityInfoEntry = { entryId: 'a1', kind: 'authenticatorApp', display: 'Authenticator app' };

const plan = (entries: SecurityInfoEntry[], changes = {}, roles: string[] = []) =>
  planGates({ roles }, { ...defaultSsprPolicy, ...changes }, paid, entries, t0);

const flowOf = (entries: SecurityInfoEntry[]): ResetFlow => {
  const planned = plan(entries);
  const flow = startFlow(
    {
      tenantId: 't',
      flowId: 'f',
      userId: 'u',
      canUnlock: false,
      gatesRequired: planned.gatesRequired,
      strongRequired: planned.strongRequired,
      methods: planned.methods,
    },
    t0,
  );
  const chosen = transition(flow, { type: 'chooseIntent', intent: 'reset' }, t0);
  if (!chosen.ok) throw new Error(chosen.refusal);
  return chosen.flow;
};

const pass = (flow: ResetFlow, methodId: string): ResetFlow => {
  const issued = transition(flow, { type: 'challengeIssued', methodId }, t0);
  if (!issued.ok) throw new Error(issued.refusal);
  const passed = transition(issued.flow, { type: 'proofPassed', methodId }, t0);
  if (!passed.ok) throw new Error(passed.refusal);
  return passed.flow;
};

describe('MFA-aware reset (requireStrongMethod, checklist §11 row 13)', () => {
  it('is on by default: a holder of an authenticator app and an email needs two gates, one of them the app', () => {
    expect(defaultSsprPolicy.requireStrongMethod).toBe(true);
    expect(plan([email, app])).toMatchObject({ gatesRequired: 2, strongRequired: true, insufficient: false });
    // Without a strong method nothing changes; with the switch off neither.
    expect(plan([email, phone])).toMatchObject({ gatesRequired: 1, strongRequired: false });
    expect(plan([email, app], { requireStrongMethod: false })).toMatchObject({
      gatesRequired: 1,
      strongRequired: false,
    });
    // The app alone is enough (it is the strong gate); an app the policy does not offer does not count.
    expect(plan([app])).toMatchObject({ gatesRequired: 1, strongRequired: true, insufficient: false });
    expect(plan([email, app], { methods: ['email', 'mobileSms'] })).toMatchObject({
      gatesRequired: 1,
      strongRequired: false,
    });
    // Administrators already need two gates; one of them must be the app.
    expect(plan([email, phone, app], {}, ['Global Administrator'])).toMatchObject({
      gatesRequired: 2,
      strongRequired: true,
    });
  });

  it('refuses a weaker last gate and completes only once the strong gate is passed', () => {
    const flow = flowOf([email, phone, app]);
    const afterEmail = pass(flow, 'email.e1');
    expect(gatesComplete(afterEmail)).toBe(false);
    expect(transition(afterEmail, { type: 'challengeIssued', methodId: 'mobileSms.p1' }, t0)).toEqual({
      ok: false,
      refusal: 'METHOD_NOT_OFFERED',
    });
    expect(gatesComplete(pass(afterEmail, 'authenticatorCode.a1'))).toBe(true);
    // The app first, then any other gate.
    expect(gatesComplete(pass(pass(flow, 'authenticatorCode.a1'), 'mobileSms.p1'))).toBe(true);
  });

  it('names the strong method while it is owed, and nothing once it is passed or not required', () => {
    const flow = flowOf([email, app]);
    const appId = flow.methods.find((m) => m.gateKey === 'authenticatorApp')!.id;
    const emailId = flow.methods.find((m) => m.gateKey === 'alternateEmail')!.id;
    expect(strongMethodsOwed(flow).map((m) => m.type)).toEqual(['authenticatorCode']);
    expect(strongMethodsOwed(pass(flow, emailId)).map((m) => m.type)).toEqual(['authenticatorCode']);
    expect(strongMethodsOwed(pass(flow, appId))).toEqual([]);
    expect(strongMethodsOwed(flowOf([email, phone]))).toEqual([]);
  });
});
