/**
 * For the sign-in verify budget suites (per account, per tenant): the real hasher counting its verifies, sign-ins
 * each from an address of its own (as a spray from many addresses arrives), and two instances sharing one Redis.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createArgon2Hasher } from '../../src/adapters/hashing/argon2-hasher.js';
import type { PasswordHasher } from '../../src/core/ports.js';
import type { TestDialect } from './postgres.js';
import { createTestWorld, type TestWorld } from './world.js';

/** The real hasher, counting the verifies and the hashes it runs. */
export const countingHasher = () => {
  const real = createArgon2Hasher();
  const hasher: PasswordHasher & { verifies: number; hashes: number } = {
    verifies: 0,
    hashes: 0,
    hash: (password, lane) => {
      hasher.hashes += 1;
      return real.hash(password, lane);
    },
    verify: (hash, password, lane) => {
      hasher.verifies += 1;
      return real.verify(hash, password, lane);
    },
  };
  return hasher;
};

/**
 * API sign-ins each from an address of its own in 10.`block`.0.0/16, so that no per-address limit is what refuses
 * them: a suite names a block of its own.
 */
export const sprayFrom = (block: number) => {
  let address = 0;
  return (server: FastifyInstance, username: string, password: string, cookie?: string) =>
    server.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: `10.${block}.${(address >> 8) & 255}.${(address++ & 255) + 1}`,
      payload: { username, password },
      ...(cookie && { headers: { cookie } }),
    });
};

/**
 * Two instances (each with its own store) under `settings`, sharing one Redis (127.0.0.1:6379) under a key prefix
 * of their own; `servers()` once both have reached it.
 */
export const useTwoInstances = (dialect: TestDialect, settings: Record<string, string>) => {
  const env = { ...settings, SSPR_REDIS_URL: 'redis://127.0.0.1:6379', SSPR_REDIS_PREFIX: `test-${randomUUID()}:` };
  const worlds: TestWorld[] = [];
  beforeAll(async () => {
    worlds.push(await createTestWorld(dialect, env), await createTestWorld(dialect, env));
  });
  afterAll(async () => {
    for (const world of worlds) await world.close();
  });
  const servers = async () => {
    const all = await Promise.all(worlds.map((w) => w.app.http()));
    // A command before the client has connected fails at once (closed, 503): wait until both reach Redis.
    for (const server of all) {
      for (let i = 0; i < 100; i += 1) {
        const ready = await server.inject({ url: '/readyz' });
        if (ready.json<{ redis?: string }>().redis === 'up') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return all;
  };
  return { worlds, servers };
};
