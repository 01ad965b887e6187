/**
 * Password reset takes as long for every kind of account (checklist §11 row 2, FP-02, ATK-09), on both dialects,
 * timed over HTTP on loopback with the real store: the start (`POST /api/v1/passwordreset`) for a user with an email
 * method, an unknown user ID and a user with no method (a decoy for want of security info); a wrong code at the
 * verify step for the real user and an unknown one (a decoy flow, which can never pass); and the challenge step
 * (`POST …/challenge`, asking for the email code) for the real user, an unknown one and the one with no method — a
 * real challenge stores the code and queues its message, a decoy's files a stand-in code and a blank row by the same
 * statements (reset-challenge-statements.test.ts checks that exactly). 200 interleaved rounds after a warm-up; the
 * verdict is the equivalence test of test/support/timing-stats.ts (margin: see sign-in-timing.test.ts; a reset step
 * does no argon2id, so the 2 ms floor is the margin here). An oracle of 5 ms, put into the store's code read (verify)
 * or security-info read (challenge) for one real user, must be found (on SQLite): the test can fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi, solveCaptcha } from '../../support/reset.js';
import {
  expectDetected,
  expectEquivalent,
  interleavedRounds,
  timingClient,
  timingSeed,
} from '../../support/timing-rounds.js';
import { equivalence } from '../../support/timing-stats.js';
import { useHttpWorld } from '../../support/world.js';

const rounds = { rounds: 200, warmUp: 20, step: 100, maxRounds: 300 };
const margin = { absolute: 2, relative: 0.05 };
const starters = ['unknown', 'noMethod'] as const;
const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const admin = { type: 'cli' as const, id: null, upn: null };
const day = 25 * 60 * 60;

/**
 * An oracle for the test that proves the statistic can fail: the store's read of a sent code (made for real users
 * only) waits `delayMs` more for one user's codes. The store is no app override, so its repository is wrapped in
 * place; the services hold that same object.
 */
const slowCodeReads = (app: App, userId: string, delayMs = 5) => {
  const repository = app.store.securityInfo;
  const findCode = repository.findCode.bind(repository);
  repository.findCode = async (tenantId, codeId) => {
    const code = await findCode(tenantId, codeId);
    if (code?.userId === userId) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return code;
  };
};

/** The challenge step's oracle: the store's read of one user's registered methods (every flow reads some) waits. */
const slowMethodReads = (app: App, userId: string, delayMs = 5) => {
  const repository = app.store.securityInfo;
  const listMethods = repository.listMethods.bind(repository);
  repository.listMethods = async (tenantId, id) => {
    const methods = await listMethods(tenantId, id);
    if (id === userId) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return methods;
  };
};

describe.each(testDialects())('password reset timing (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  let start: Record<'email' | 'unknown' | 'noMethod', number[]>;
  let verify: Record<string, number[]>;
  let challenge: Record<string, number[]>;
  // The verify step costs four untimed requests per account and round: PostgreSQL (each request slower) leaves out
  // the oracle's arm; the sign-in file proves on both dialects that a 5 ms oracle is found.
  const withOracle = dialect === 'sqlite';
  const verifiers = ['real', 'unknown', ...(withOracle ? ['oracle'] : [])];
  const challengers = ['real', 'unknown', 'noMethod', ...(withOracle ? ['oracle'] : [])];

  beforeAll(async () => {
    const app = ctx.world.app;
    const tenant = await aTenant(app, { name: 'Northwind' });
    await app.services.ssprPolicy.update(tenant.tenantId, { methods: ['email'] }, admin);
    const real = await aResetUser(app, tenant);
    const slowed = await aResetUser(app, tenant);
    const noMethod = await aResetUser(app, tenant, { alternateEmail: '' });
    const domain = tenant.domains[0]!;
    const client = await timingClient(ctx.server);
    const api = resetApi(ctx.server, ctx.world.clock);

    const timedStart = (upn: string) => async () => {
      const captcha = await solveCaptcha(ctx.server);
      const reply = await client.post('/api/v1/passwordreset', { username: upn, captcha });
      expect(reply.status, upn).toBe(200);
      return reply.ms;
    };
    start = await interleavedRounds(
      {
        email: timedStart(real.upn),
        unknown: (i) => timedStart(`nobody${i}@${domain}`)(),
        noMethod: timedStart(noMethod.upn),
      },
      { ...rounds, seed: timingSeed(`reset start timing (${dialect})`) },
      (measured) => starters.map((kind) => equivalence(measured.email, measured[kind], margin)),
    );

    // The verify step of a flow whose email code was sent (a blank row for the decoy); set up before each round's
    // timed requests, the code's mail delivered (drained) so that the worker's send does not fall into a timing.
    slowCodeReads(app, slowed.userId);
    let flows: Record<string, { flowId: string; methodId: string }>;
    const flowFor = async (upn: string) => {
      const flow = await api.emailFlow(upn);
      return { flowId: flow.flowId, methodId: flow.email.id };
    };
    const timedVerify = (arm: string) => async () => {
      const { flowId, methodId } = flows[arm]!;
      const reply = await client.post(
        '/api/v1/passwordreset/current/verify',
        { methodId, code: '12345678' },
        { 'x-sspr-flow': flowId },
      );
      expect([reply.status, reply.body.code], arm).toEqual([400, 'CODE_INVALID']);
      return reply.ms;
    };
    verify = await interleavedRounds<string>(
      Object.fromEntries(verifiers.map((arm) => [arm, timedVerify(arm)])),
      {
        ...rounds,
        seed: timingSeed(`reset verify timing (${dialect})`),
        beforeRound: async (i) => {
          // A day on: the 24-hour failed-proof block (five wrong proofs) and the daily send caps start afresh.
          ctx.world.clock.advance(day);
          flows = {
            real: await flowFor(real.upn),
            unknown: await flowFor(`ghost${i}@${domain}`),
            ...(withOracle && { oracle: await flowFor(slowed.upn) }),
          };
          await app.services.delivery.drain();
        },
      },
      (measured) => verifiers.slice(1).map((arm) => equivalence(measured.real!, measured[arm]!, margin)),
    );

    // The challenge step, in a flow made for it in each arm (untimed), after the delivery worker has sent what the
    // previous arm queued: a real code's send is the worker's, and must not fall into the next arm's timing.
    slowMethodReads(app, slowed.userId);
    const upnOf: Record<string, (round: number) => string> = {
      real: () => real.upn,
      unknown: (i) => `nobody.c${i}@${domain}`,
      noMethod: () => noMethod.upn,
      oracle: () => slowed.upn,
    };
    const timedChallenge = (arm: string) => async (round: number) => {
      await app.services.delivery.drain();
      const flowId = await api.flowOf(upnOf[arm]!(round));
      const view = (await api.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      const methodId = view.methods.find((m) => m.type === 'email')?.id;
      expect(methodId, `${arm}: ${JSON.stringify(view)}`).toBeDefined();
      const reply = await client.post(
        '/api/v1/passwordreset/current/challenge',
        { methodId },
        { 'x-sspr-flow': flowId },
      );
      expect(reply.status, `${arm}: ${JSON.stringify(reply.body)}`).toBe(200);
      return reply.ms;
    };
    challenge = await interleavedRounds<string>(
      Object.fromEntries(challengers.map((arm) => [arm, timedChallenge(arm)])),
      {
        ...rounds,
        seed: timingSeed(`reset challenge timing (${dialect})`),
        // A day on: the email throttle (ten an hour) and the daily send caps start afresh.
        beforeRound: () => ctx.world.clock.advance(day),
      },
      (measured) => challengers.slice(1).map((arm) => equivalence(measured.real!, measured[arm]!, margin)),
    );
  }, 600_000);

  it.for(starters)('starts as fast for a user with an email method as for a %s one', (kind, context) => {
    expectEquivalent(context, `start: email vs ${kind} (${dialect})`, equivalence(start.email, start[kind], margin));
  });

  it('refuses a wrong code as fast for a real user as for an unknown one', (context) => {
    expectEquivalent(
      context,
      `verify: real vs unknown (${dialect})`,
      equivalence(verify.real!, verify.unknown!, margin),
    );
  });

  it.runIf(withOracle)('finds an oracle of 5 ms at the verify step: the test can fail', (context) => {
    expectDetected(
      context,
      `verify: real vs 5 ms oracle (${dialect})`,
      equivalence(verify.real!, verify.oracle!, margin),
    );
  });

  it.for(['unknown', 'noMethod'])('asks for a code as fast for a real user as for a %s one', (arm, context) => {
    expectEquivalent(
      context,
      `challenge: real vs ${arm} (${dialect})`,
      equivalence(challenge.real!, challenge[arm]!, margin),
    );
  });

  it.runIf(withOracle)('finds an oracle of 5 ms at the challenge step: the test can fail', (context) => {
    expectDetected(
      context,
      `challenge: real vs 5 ms oracle (${dialect})`,
      equivalence(challenge.real!, challenge.oracle!, margin),
    );
  });
});
