/**
 * The floor for the sign-in rows: a bare `node:http` server in this process that does only what no sign-in can skip
 * — read the JSON body, one argon2id verify on the same worker pool the app uses (argon2-workers.ts), and answer 200
 * with a cookie — no framework, no store, no limiter. Its ratio to the raw verify is the most any HTTP sign-in can
 * reach on this machine with the client on the same cores: what separates it from 1.0 is HTTP on loopback, the
 * thread hand-offs and the client; what separates our rows from it is ours to remove.
 */
import { createServer } from 'node:http';
import { hash } from '@node-rs/argon2';
import { argon2Parameters } from '../../src/adapters/hashing/argon2-hasher.js';
import { verifyOnWorker } from '../../src/adapters/hashing/argon2-workers.js';
import { freeLoopbackPort } from '../../test/support/net.js';
import type { Peer } from './better-auth-peer.js';

export const openBareHttpFloor = async (username: string, password: string): Promise<Peer> => {
  const phc = await hash(password, argon2Parameters);
  const port = await freeLoopbackPort();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const posted = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { username?: string; password?: string };
      const answer = (status: number, body: string) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(body);
      if (posted.username !== username || typeof posted.password !== 'string') return answer(401, '{}');
      verifyOnWorker(phc, posted.password).then(
        (valid) => {
          if (!valid) return answer(401, '{}');
          response.setHeader('set-cookie', '__Host-floor=1; Path=/; Secure; HttpOnly; SameSite=Lax');
          answer(200, '{"ok":true}');
        },
        () => answer(500, '{}'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    path: '/floor/session',
    body: JSON.stringify({ username, password }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
