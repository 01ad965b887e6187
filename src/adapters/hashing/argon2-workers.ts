import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';

/**
 * argon2id on worker threads. @node-rs/argon2's async `hash`/`verify` compute on libuv's pool, but they set up the
 * m-KiB memory block on the calling thread first: 1.3–1.8 ms of the event loop per call at m = 19 MiB (measured;
 * it grows with m). On a busy sign-in endpoint that is the largest single piece of main-thread work, and every
 * other request waits behind it. Here the whole hash, allocation included, runs on a worker (`hashSync` /
 * `verifySync`); the event loop only posts a message and reads the answer.
 *
 * One pool per process, its workers started as jobs need them and unref'd while idle, so short-lived processes (CLI, tests) neither pay for
 * it up front nor are kept alive by it. The hasher's limiter bounds how many jobs are in flight; the pool
 * queues whatever exceeds its workers (several hashers in one process share it).
 */

type Job = { op: 'hash'; password: string; options: Options } | { op: 'verify'; phc: string; password: string };

interface Pending {
  job: Job;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

// Plain CommonJS run with `eval`, so it needs no TypeScript loader (vitest, tsx and the built app alike).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { hashSync, verifySync } = require(workerData.argon2);
parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash' ? hashSync(job.password, job.options) : verifySync(job.phc, job.password);
    parentPort.postMessage({ ok: true, value });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Slot {
  worker: Worker;
  current: Pending | undefined;
}

const createPool = (size: number) => {
  const argon2 = createRequire(import.meta.url).resolve('@node-rs/argon2');
  const idle: Slot[] = [];
  const queue: Pending[] = [];
  let workers = 0;

  const run = (slot: Slot, pending: Pending) => {
    slot.current = pending;
    // Referenced only while it works: a pending hash keeps the process alive, an idle pool does not.
    slot.worker.ref();
    slot.worker.postMessage(pending.job);
  };

  const release = (slot: Slot) => {
    slot.current = undefined;
    const next = queue.shift();
    if (next) return run(slot, next);
    slot.worker.unref();
    idle.push(slot);
  };

  const spawn = (): Slot => {
    workers++;
    // No inherited `--import` loaders (tsx in development and tests): the worker's plain CommonJS needs none, and
    // loading them would add a few hundred milliseconds to every CLI command that hashes.
    const worker = new Worker(workerSource, { eval: true, workerData: { argon2 }, execArgv: [] });
    const slot: Slot = { worker, current: undefined };
    slot.worker.on('message', (answer: { ok: true; value: string | boolean } | { ok: false; message: string }) => {
      const pending = slot.current;
      release(slot);
      if (!pending) return;
      if (answer.ok) pending.resolve(answer.value);
      else pending.reject(new Error(answer.message));
    });
    // A worker that dies (out of memory, a native fault) fails its job; the next job starts a new one. Not
    // restarted here, so a worker that cannot start fails jobs instead of looping.
    slot.worker.on('error', (error) => {
      slot.current?.reject(error);
      slot.current = undefined;
    });
    slot.worker.on('exit', () => {
      slot.current?.reject(new Error('argon2 worker exited'));
      slot.current = undefined;
      workers--;
      const index = idle.indexOf(slot);
      if (index >= 0) idle.splice(index, 1);
      const next = queue.shift();
      if (next) run(spawn(), next);
    });
    return slot;
  };

  return (job: Job): Promise<string | boolean> =>
    new Promise((resolve, reject) => {
      const pending = { job, resolve, reject };
      const slot = idle.pop() ?? (workers < size ? spawn() : undefined);
      if (slot) run(slot, pending);
      else queue.push(pending);
    });
};

let pool: ReturnType<typeof createPool> | undefined;
const submit = (job: Job) => (pool ??= createPool(availableParallelism()))(job);

export const hashOnWorker = async (password: string, options: Options): Promise<string> =>
  (await submit({ op: 'hash', password, options })) as string;

export const verifyOnWorker = async (phc: string, password: string): Promise<boolean> =>
  (await submit({ op: 'verify', phc, password })) === true;
