/**
 * The timing tests' harness (checklist §11 row 2): the app listening on loopback and requests timed on the client,
 * as an attacker times them, and rounds in which every kind of account ("arm") is asked once, in an order drawn from
 * a printed seed, so that background load falls on every arm alike and pairs of one round share it.
 */
import type { FastifyInstance } from 'fastify';
import { createArgon2Hasher } from '../../src/adapters/hashing/argon2-hasher.js';
import type { PasswordHasher } from '../../src/core/ports.js';
import { expect, type TestContext } from 'vitest';
import { describeEquivalence, seededRandom, shuffled, verdictOf, type Equivalence } from './timing-stats.js';

export interface Timed {
  status: number;
  body: Record<string, unknown>;
  /** Wall time on the client, from sending the request to reading the whole body. */
  ms: number;
}

/** Listens on a free loopback port; `post` sends JSON and times the request (keep-alive, as a scanner's client). */
export const timingClient = async (server: FastifyInstance) => {
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  const post = async (path: string, body: object, headers: Record<string, string> = {}): Promise<Timed> => {
    const began = performance.now();
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - began;
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ms };
  };
  return { post };
};

/** The seed of this run's order: SSPR_TIMING_SEED replays one, else a new one. Printed so a failure can be rerun. */
export const timingSeed = (label: string): number => {
  const seed = Number(process.env.SSPR_TIMING_SEED ?? Math.floor(Math.random() * 2 ** 32));
  console.log(`${label}: order seed ${seed} (SSPR_TIMING_SEED=${seed} replays it)`);
  return seed;
};

export interface RoundsOptions {
  seed: number;
  /** Rounds whose times are dropped: JIT, first-use caches, the decoy hash. */
  warmUp: number;
  /** The rounds measured first (checklist §11 row 2: 200). */
  rounds: number;
  /** Rounds added while a comparison is undecided, up to `maxRounds` (a busy machine needs more to decide). */
  step: number;
  maxRounds: number;
  /** Untimed set-up before each round's requests. */
  beforeRound?: (round: number) => Promise<void> | void;
}

/**
 * Rounds in each of which every arm is asked once, in a seeded random order; an arm returns the milliseconds of its
 * one timed request for that round (set-up it needs first is not timed). After `rounds`, `compare` is asked for the
 * comparisons: while one is `noisy` or at an `edge` (timing-stats.ts), `step` rounds more are run, up to
 * `maxRounds`. Looking again costs a little of the 99% interval's confidence; a look or two more keep it near 98%. Returns each arm's times, index i from measured round i.
 */
export const interleavedRounds = async <Arm extends string>(
  arms: Record<Arm, (round: number) => Promise<number>>,
  options: RoundsOptions,
  compare: (times: Record<Arm, number[]>) => Equivalence[],
): Promise<Record<Arm, number[]>> => {
  const random = seededRandom(options.seed);
  const names = Object.keys(arms) as Arm[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Arm, number[]>;
  let round = 0;
  const run = async (count: number) => {
    for (const last = round + count; round < last; round += 1) {
      await options.beforeRound?.(round);
      for (const name of shuffled(names, random)) {
        const ms = await arms[name](round);
        if (round >= options.warmUp) times[name].push(ms);
      }
    }
  };
  await run(options.warmUp + options.rounds);
  const undecided = () => compare(times).some((result) => ['noisy', 'edge'].includes(verdictOf(result)));
  while (round - options.warmUp < options.maxRounds && undecided()) await run(options.step);
  return times;
};

/**
 * The three outcomes of a comparison: shown (passes), its opposite shown (fails: a difference beyond the margin, or
 * no difference where an oracle was put), or neither — an interval too wide to tell, even after the extra rounds,
 * on a machine too busy to measure — which skips the test with its numbers rather than fail for a neighbour's load
 * (or pass on a guess). Each verdict holds at 99%, so neither the pass nor the failure is a coin's throw.
 */
const decide = (context: TestContext, label: string, result: Equivalence, shown: boolean, opposite: boolean) => {
  const line = describeEquivalence(label, result);
  console.log(line);
  if (!shown && !opposite) context.skip(`undecided, too noisy to tell: ${line}`);
  expect(shown, line).toBe(true);
};

/** Asserts `result` shows the two arms equal within the margin; a difference shown beyond it fails. */
export const expectEquivalent = (context: TestContext, label: string, result: Equivalence) =>
  decide(context, label, result, result.equivalent, result.different);

/** Asserts `result` shows an injected oracle: a difference beyond the margin, in its direction (b slower). */
export const expectDetected = (context: TestContext, label: string, result: Equivalence) =>
  decide(context, label, result, result.low > result.margin, result.equivalent || result.high < 0);

/**
 * The real argon2id hasher, which can be told to add an oracle for the tests that prove the statistic catches one:
 * `slowFor` delays each verify against one of those hashes by `delayMs` (work done only for accounts that exist).
 */
export const oracleHasher = () => {
  const real = createArgon2Hasher();
  const hasher: PasswordHasher & { slowFor: Set<string>; delayMs: number } = {
    slowFor: new Set(),
    delayMs: 5,
    hash: (password, lane) => real.hash(password, lane),
    verify: async (hash, password, lane) => {
      const valid = await real.verify(hash, password, lane);
      if (hasher.slowFor.has(hash)) await new Promise((resolve) => setTimeout(resolve, hasher.delayMs));
      return valid;
    },
  };
  return hasher;
};
