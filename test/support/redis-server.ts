/**
 * A private `redis-server` for tests that stop and restart Redis (never the machine's shared one): its own config and
 * directory in a temporary folder, loopback only, no persistence, on a port chosen once so a restart comes back
 * where the app's client keeps reconnecting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './net.js';

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });

export interface PrivateRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server if running and removes its directory. */
  dispose(): Promise<void>;
}

export const privateRedis = async (binary = '/usr/bin/redis-server'): Promise<PrivateRedis> => {
  const port = await freeLoopbackPort();
  const dir = mkdtempSync(join(tmpdir(), 'sspr-redis-'));
  const config = join(dir, 'redis.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      'save ""',
      'appendonly no',
      'daemonize no',
      'loglevel warning',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(binary, [config], { stdio: 'ignore' });
      for (let i = 0; i < 100; i += 1) {
        if (await answers(port)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`redis-server on ${port} did not start`);
    },
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
