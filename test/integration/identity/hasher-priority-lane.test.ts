/**
 * The hasher's priority lane (issue 18 item 2): a flood's allowed verifies can arrive in a burst and fill the
 * hasher's queue; a sign-in from a browser holding the account's familiar-device cookie must not wait behind them,
 * while an unfamiliar one (real or unknown name alike) waits in line or is refused SERVICE_BUSY as before.
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { cookiePair } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { sprayFrom } from '../../support/verify-budget.js';
import { useHttpWorld } from '../../support/world.js';

// One hash at a time and a short line, so the test can fill the normal lane.
const queued = 24;

const signIn = sprayFrom(7);

describe.each(testDialects())("the hasher's priority lane (%s)", (dialect) => {
  const ctx = useHttpWorld(dialect, { overrides: { hasherOptions: { maxConcurrent: 1, maxQueued: queued } } });

  it('lets a familiar sign-in through a queue full of unfamiliar verifies', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const first = await signIn(ctx.server, user.upn, aPassword);
    expect(first.statusCode).toBe(200);
    const device = cookiePair(first, 'sspr_device');
    expect(device).toBeDefined();

    const { hasher } = ctx.world.app.services.deps;
    // One running and a full normal lane: what an unfamiliar sign-in's verify is (the route adds only the budget).
    let settled = 0;
    // Verified against a deliberately slow hash (64 MiB, t=4: a few hundred ms each), so the line cannot drain by one
    // while the two probes below are being handled — with production-cost verifies it sometimes did, on a busy machine.
    const slowHash = await hash('Slow-Flood', { memoryCost: 65_536, timeCost: 4, parallelism: 1 });
    const flood = Array.from({ length: queued + 1 }, () =>
      hasher.verify(slowHash, 'Wrong-Guess').finally(() => (settled += 1)),
    );
    // The normal lane is full: an unfamiliar sign-in, of a real or an unknown name, is refused as before.
    const [unfamiliar, unknown] = await Promise.all([
      signIn(ctx.server, user.upn, aPassword),
      signIn(ctx.server, `nobody-${randomUUID()}@${ctx.domain}`, aPassword),
    ]);
    expect([unfamiliar.statusCode, unknown.statusCode]).toEqual([503, 503]);
    expect(unknown.json<unknown>()).toEqual(unfamiliar.json<unknown>());

    const familiar = await signIn(ctx.server, user.upn, aPassword, device);
    expect(familiar.statusCode).toBe(200);
    // It ran next after the hash in progress (give or take the few finished while the request was being handled),
    // not behind the whole line: without the lane it would have waited for all of them.
    const doneWhenFamiliarFinished = settled;
    expect(doneWhenFamiliarFinished).toBeLessThan(queued / 2);
    expect(await Promise.all(flood)).toEqual(flood.map(() => false));
  });
});
