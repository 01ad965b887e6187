/**
 * Crash consistency under load (security checklist §11 row 29, REL-06, TST-15): self-service resets and signed-in
 * password changes in flight against a real `sspr serve`, killed with SIGKILL at seeded random moments and started
 * again on the same store. After every kill the whole store keeps the invariants (`checkInvariants`: a changed
 * password has exactly its one success event and its consumed flow, no success event without the change, the audit
 * chain verifies, SQLite's integrity check passes); in the end every password is set once, and the last step sent
 * again is refused. The seed is in the test's name of a failure; SSPR_CRASH_SEED=<seed> runs the same moments again.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { aChangeActor, aResetActor, Relay, type Actor } from '../../support/crash-actors.js';
import { seededRandom, useCrashWorld } from '../../support/crash-world.js';
import { testDialects } from '../../support/postgres.js';
import type { ServeInstance } from '../../support/serve-instances.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const kills = 3;
const resetsPerRound = 3;
const changesPerRound = 2;
/** About the requests the round's new clients send (a reset 5, a change 2): the kill lands anywhere among them. */
const stepsPerRound = 18;

describe.each(testDialects())('crash consistency: SIGKILL at random moments under load (%s)', (dialect) => {
  const world = useCrashWorld(dialect, 1);
  const seed = Number(process.env.SSPR_CRASH_SEED) || randomInt(2 ** 31);

  it(`keeps the invariants through ${kills} SIGKILLs with resets and changes in flight (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const relay = new Relay();
    const actors: Actor[] = [];
    const tracked = () => actors.map((a) => a.tracked);
    let serve: ServeInstance = await world.start();
    relay.up(serve.base);
    for (let round = 0; round < kills; round += 1) {
      for (let i = 0; i < resetsPerRound; i += 1) actors.push(await aResetActor(world, relay, actors.length));
      for (let i = 0; i < changesPerRound; i += 1) actors.push(await aChangeActor(world, relay, actors.length));
      // A client's unexpected answer fails the test at once, not at the end.
      const failed = Promise.all(actors.map((a) => a.done.then(() => new Promise<never>(() => undefined))));
      // The kill: a few milliseconds after a seeded number of steps, or once every client is done.
      const steps = 1 + Math.floor(random() * stepsPerRound);
      const jitterMs = Math.floor(random() * 40);
      const allDone = Promise.all(actors.map((a) => a.done));
      await Promise.race([relay.afterSteps(steps), allDone, failed]);
      await new Promise((r) => setTimeout(r, jitterMs));
      relay.down();
      const moment = `seed ${seed}, kill ${round + 1} after step ${steps} + ${jitterMs} ms`;
      serve = await world.restart(serve, () => world.checkInvariants(tracked(), `${moment} (${relay.cut} cut)`));
      relay.up(serve.base);
    }
    await Promise.all(actors.map((a) => a.done));
    await world.checkInvariants(tracked(), `seed ${seed}, at the end (${relay.cut} requests cut)`);
    for (const { tracked: t } of actors) {
      const now = await world.admin.store.users.findById(world.tenant.tenantId, t.user.userId);
      expect(now!.passwordHash, `seed ${seed}: ${t.user.upn} set its password`).not.toBe(t.initialHash);
    }
    for (const actor of actors) {
      const replayed = await actor.replay(serve.base);
      const refusal =
        actor.tracked.activity === 'resetPasswordSelfService' ? 'FLOW_INVALID' : 'INVALID_CURRENT_PASSWORD';
      expect(replayed.json.code, `seed ${seed}: ${actor.tracked.user.upn} repeated its last step`).toBe(refusal);
    }
    await world.checkInvariants(tracked(), `seed ${seed}, after the replays`);
  });
});
