/**
 * Properties of the reset flow over random event sequences (fast-check), and the state diagram
 * beside it (`reset-flow.mermaid`) checked against the transitions the machine really makes:
 * every edge observed is drawn, and every drawn edge is observed.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import { planGates, type SecurityInfoEntry } from './gates.js';
import {
  challengeAttempts,
  gateKeysPassed,
  gatesComplete,
  isLive,
  startFlow,
  transition,
  type FlowEvent,
  type ResetFlow,
} from './reset-flow.js';

const t0 = new Date('2026-03-01T09:00:00.000Z');
const entries: SecurityInfoEntry[] = [
  { entryId: 'e1', kind: 'alternateEmail', display: 'a***@h***.test' },
  { entryId: 'p1', kind: 'mobilePhone', display: '+31 6******78' },
  { entryId: 'a1', kind: 'authenticatorApp', display: 'Authenticator app' },
];
const facts = {
  isTrial: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  domainCount: 1,
  hasDirectoryConnection: false,
  isFree: false,
};
const policy = { ...defaultSsprPolicy, methods: [...defaultSsprPolicy.methods] };
const methodIds = planGates({ roles: [] }, policy, facts, entries, t0).methods.map((m) => m.id);

type Step = { event: FlowEvent } | { advance: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    event: fc.record({
      type: fc.constant('chooseIntent' as const),
      intent: fc.constantFrom('reset' as const, 'unlock' as const),
    }),
  }),
  ...(['challengeIssued', 'proofFailed', 'proofPassed'] as const).map((type) =>
    fc.record({ event: fc.record({ type: fc.constant(type), methodId: fc.constantFrom(...methodIds, 'bogus') }) }),
  ),
  fc.record({
    event: fc.record({
      type: fc.constant('finished' as const),
      outcome: fc.constantFrom('passwordReset' as const, 'unlocked' as const),
    }),
  }),
  fc.record({ event: fc.constant({ type: 'cancel' as const }) }),
  fc.record({ advance: fc.constantFrom(1, 60, 301, 901) }),
);

interface RunInput {
  gatesRequired: 1 | 2;
  canUnlock: boolean;
  steps: Step[];
}

const runArb: fc.Arbitrary<RunInput> = fc.record({
  gatesRequired: fc.constantFrom(1 as const, 2 as const),
  canUnlock: fc.boolean(),
  steps: fc.array(stepArb, { maxLength: 40 }),
});

/** The diagram's states, read off a flow. */
const stateOf = (flow: ResetFlow, now: Date): string => {
  if (flow.status === 'completed') return 'Completed';
  if (flow.status === 'cancelled') return 'Cancelled';
  if (!isLive(flow, now)) return 'Expired';
  if (flow.intent === null) return 'ChoosingIntent';
  if (gatesComplete(flow)) return 'GatesComplete';
  if (
    flow.challenge &&
    Date.parse(flow.challenge.expiresAt) > now.getTime() &&
    flow.challenge.attempts < challengeAttempts
  )
    return 'Challenged';
  return 'Verifying';
};

/** Runs the steps, calling `visit` for every accepted transition and every state change by time. */
const run = (
  input: RunInput,
  visit: (from: ResetFlow, event: FlowEvent | 'time', to: ResetFlow, before: Date, after: Date) => void,
) => {
  const plan = planGates({ roles: [] }, policy, facts, entries, t0);
  let flow = startFlow(
    {
      tenantId: 't',
      flowId: 'f',
      userId: 'u',
      canUnlock: input.canUnlock,
      gatesRequired: input.gatesRequired,
      methods: plan.methods,
    },
    t0,
  );
  let now = t0;
  for (const step of input.steps) {
    if ('advance' in step) {
      const later = new Date(now.getTime() + step.advance * 1000);
      visit(flow, 'time', flow, now, later);
      now = later;
      continue;
    }
    const result = transition(flow, step.event, now);
    if (result.ok) {
      visit(flow, step.event, result.flow, now, now);
      flow = result.flow;
    }
  }
};

describe('reset flow properties', () => {
  it('never finishes without the required number of different gates', () => {
    fc.assert(
      fc.property(runArb, (input) => {
        run(input, (from, event, to) => {
          if (event !== 'time' && event.type === 'finished') {
            expect(gateKeysPassed(from).size).toBeGreaterThanOrEqual(from.gatesRequired);
            expect(to.status).toBe('completed');
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never allows more wrong answers to one challenge than the budget', () => {
    fc.assert(
      fc.property(runArb, (input) => {
        let failuresOfChallenge = 0;
        run(input, (from, event, to) => {
          if (event === 'time') return;
          if (event.type === 'challengeIssued') failuresOfChallenge = 0;
          if (event.type === 'proofFailed' && from.challenge?.methodId === event.methodId) failuresOfChallenge += 1;
          expect(failuresOfChallenge).toBeLessThanOrEqual(challengeAttempts);
          expect(to.challenge?.attempts ?? 0).toBeLessThan(challengeAttempts);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('reset-flow.mermaid', () => {
  it('draws exactly the transitions the state machine makes', () => {
    const drawn = new Set(
      readFileSync(new URL('./reset-flow.mermaid', import.meta.url), 'utf8')
        .split('\n')
        .map((line) => /^\s*(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)\s*:\s*(\w+)\s*$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .filter((m) => m[1] !== '[*]' && m[2] !== '[*]')
        .map((m) => `${m[1]} --> ${m[2]} : ${m[3]}`),
    );
    const observed = new Set<string>();
    fc.assert(
      fc.property(runArb, (input) => {
        run(input, (from, event, to, before, after) => {
          const edge = `${stateOf(from, before)} --> ${stateOf(to, after)} : ${event === 'time' ? 'time' : event.type}`;
          if (event === 'time' && stateOf(from, before) === stateOf(to, after)) return;
          observed.add(edge);
        });
      }),
      { numRuns: 3000, seed: 6 },
    );
    expect([...observed].filter((edge) => !drawn.has(edge)).sort()).toEqual([]);
    expect([...drawn].filter((edge) => !observed.has(edge)).sort()).toEqual([]);
  });
});
