/**
 * Experiments on why a sign-in's event-loop work costs more beside argon2 than alone (bench/README.md, "Where the
 * tripling comes from"): two argon2id verify loops that keep both cores and their caches as busy as the app's own
 * hasher does, but have nothing to do with the app, and the main thread's scheduler statistics.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { argon2Parameters } from '../../src/adapters/hashing/argon2-hasher.js';

/** `thread`: worker threads of this process (same address space); `process`: a child process of their own. */
export type ContentionMode = 'thread' | 'process';

// Plain CommonJS, as the app's argon2 workers are: no loader needed in a worker or a `node -e` child.
const loopSource = (argon2: string) => `
const { Worker, isMainThread } = require('node:worker_threads');
const verifyLoop = \`
  const { hashSync, verifySync } = require(${JSON.stringify(argon2)});
  const phc = hashSync('contention', ${JSON.stringify(argon2Parameters)});
  for (;;) verifySync(phc, 'contention');
\`;
for (let i = 0; i < 2; i++) new Worker(verifyLoop, { eval: true });
`;

/** Starts two endless verify loops; the returned function stops them. */
export const startArgon2Contention = (mode: ContentionMode): (() => Promise<void>) => {
  const source = loopSource(createRequire(import.meta.url).resolve('@node-rs/argon2'));
  if (mode === 'process') {
    const child: ChildProcess = spawn(process.execPath, ['-e', source], { stdio: 'ignore' });
    return () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
  }
  // One worker that starts the two loops, so both modes run the very same source.
  const starter = new Worker(source, { eval: true, execArgv: [] });
  return async () => {
    await starter.terminate();
  };
};

export interface SchedStat {
  /** ms on a core */
  runMs: number;
  /** ms runnable but waiting for a core */
  waitMs: number;
  /** times it was put on a core */
  slices: number;
}

/** The main thread's scheduler statistics so far (Linux /proc schedstat, nanosecond precise; undefined elsewhere). */
export const mainThreadSchedStat = (): SchedStat | undefined => {
  try {
    const [run, wait, slices] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(' ');
    return { runMs: Number(run) / 1e6, waitMs: Number(wait) / 1e6, slices: Number(slices) };
  } catch {
    return undefined;
  }
};
