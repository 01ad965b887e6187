/**
 * The peer for the sign-in bench (issue #18 item 6): better-auth's email-and-password sign-in, through its own HTTP
 * handler (`toNodeHandler`) on a loopback port in this process, on SQLite (better-sqlite3, which better-auth drives
 * through its Kysely adapter), with the password hash/verify hooks doing what ours do: argon2id with the same
 * parameters, computed by @node-rs/argon2 on the same worker threads. So the row differs from ours only by the
 * framework around the hash. better-auth is a dev dependency of the benchmarks only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import SqliteDatabase from 'better-sqlite3';
import { argon2Parameters } from '../../src/adapters/hashing/argon2-hasher.js';
import { hashOnWorker, verifyOnWorker } from '../../src/adapters/hashing/argon2-workers.js';
import { freeLoopbackPort } from '../../test/support/net.js';

export interface Peer {
  port: number;
  path: string;
  body: string;
  close(): Promise<void>;
}

export const openBetterAuthPeer = async (email: string, password: string): Promise<Peer> => {
  const dir = await mkdtemp(join(tmpdir(), 'sspr-bench-better-auth-'));
  const database = new SqliteDatabase(join(dir, 'auth.db'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  const port = await freeLoopbackPort();
  const options = {
    database,
    baseURL: `http://127.0.0.1:${port}`,
    secret: 'bench-secret-bench-secret-bench-secret-0123',
    telemetry: { enabled: false },
    // Its own per-IP limiter would refuse the bench's traffic (ours is lifted the same way).
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      password: {
        hash: (plain: string) => hashOnWorker(plain, argon2Parameters),
        verify: ({ hash, password: plain }: { hash: string; password: string }) => verifyOnWorker(hash, plain),
      },
    },
  };
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  const auth = betterAuth(options);
  await auth.api.signUpEmail({ body: { email, password, name: 'Adele Vance' } });
  const handler = toNodeHandler(auth);
  // Its handler returns a promise that settles once the response is written; errors reach the bench as a status.
  const server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    path: '/api/auth/sign-in/email',
    body: JSON.stringify({ email, password }),
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
