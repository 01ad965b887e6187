import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints for a file-backed SQLite store, on a worker thread (issue 18 item 1). By default the connection
 * that commits runs a checkpoint whenever the WAL reaches 1000 pages: it copies the pages into the database file and
 * fsyncs, on the event loop, so about every 90th sign-in (≈ 11 pages each) stalls every request for ≈ 10 ms.
 * Here a worker with its own connection to the file runs `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs`;
 * PASSIVE never waits for readers or writers, and a round with nothing new to copy does no I/O.
 *
 * The main connection keeps a backstop instead of none (`wal_autocheckpoint = backstopPages`, not 0). SQLite starts
 * the WAL over only when a write begins with every frame already copied, and a PASSIVE checkpoint does not stop the
 * writes: under writes with no pause at all the worker never catches up and, without a backstop, the WAL grew to
 * 1 GB in 3 s (measured). With any pause between writes the worker catches up, the WAL starts over well before the
 * backstop and the main connection never checkpoints; under sustained writes it does, once per `backstopPages`.
 *
 * If the worker cannot start, throws or exits, the main connection goes back to SQLite's 1000 pages and `onFailure`
 * says so. The worker is not restarted: one that cannot start would only fail again.
 *
 * Only for long-running processes (`sspr serve`, the benches that model it): a worker costs a thread start and a
 * second connection, which a CLI command does not need.
 */

export type CheckpointerState = 'starting' | 'running' | 'failed' | 'stopped';

export interface SqliteCheckpointer {
  readonly state: CheckpointerState;
  /** Settles once the worker's connection is open (state `running`) or the worker has failed. */
  readonly started: Promise<void>;
  /** Stops the worker and waits for its thread to exit; the main connection's setting is left as it is. */
  stop(): Promise<void>;
}

export interface SqliteCheckpointerOptions {
  path: string;
  /** Sets the main connection's `wal_autocheckpoint`: the backstop while the worker runs, 1000 after it failed. */
  setAutocheckpoint(pages: number): Promise<void>;
  onFailure(error: Error): void;
  intervalMs?: number;
  /** Test hook: the worker throws on this round, as a worker that fails while running would. */
  failOnRound?: number;
}

/**
 * A quarter of a second: a sign-in rate under ≈ 1000 a second adds less than `backstopPages` between two rounds, so
 * the main connection does not checkpoint. Much shorter would copy the same hot index pages over and over (more
 * disk writes, not less event-loop time); a round with nothing to copy costs a few lock operations.
 */
export const defaultCheckpointIntervalMs = 250;

/**
 * The main connection's checkpoint threshold while the worker runs. A larger one only defers the same work: under
 * sustained writes the backstop's checkpoint syncs every page the worker copied since its last complete round, so
 * its stall grows with the threshold (measured ≈ 30 ms at 4000 pages, ≈ 60 ms at 10000, ≈ 10 ms at SQLite's 1000)
 * while the cost per write stays the same. 4000 pages (16 MB of WAL at 4 KB) leaves the worker room to catch up.
 */
export const backstopPages = 4000;

/** Above this many frames left in the WAL the worker goes again at once instead of after `intervalMs`. */
const catchUpAbovePages = 1000;

/** SQLite's default, restored when the worker is gone. */
const sqliteDefaultAutocheckpoint = 1000;

// Plain CommonJS run with `eval`, so it needs no TypeScript loader (vitest, tsx and the built app alike). Rounds are
// chained with setTimeout, so a slow checkpoint (a large WAL, a slow disk) delays the next one instead of queueing;
// a WAL that has not started over (`log`, its frames) and is still being written means writes are outpacing the
// rounds, so the next one runs at once (a large WAL that nobody writes to waits for the next write to start over,
// and the rounds go back to `intervalMs`). An error thrown anywhere here ends the worker, which the main thread sees
// as 'error' then 'exit'.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const database = new Sqlite(workerData.path, { fileMustExist: true });
database.pragma('busy_timeout = 5000');
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)');
checkpoint.get();
let rounds = 0;
let timer;
let last = '';
const round = () => {
  rounds++;
  if (rounds === workerData.failOnRound) throw new Error('checkpointer test failure');
  const { log, checkpointed } = checkpoint.get();
  const seen = log + ':' + checkpointed;
  const writing = seen !== last;
  last = seen;
  timer = setTimeout(round, writing && log > workerData.catchUpAbovePages ? 0 : workerData.intervalMs);
};
timer = setTimeout(round, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  database.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

export const startSqliteCheckpointer = (options: SqliteCheckpointerOptions): SqliteCheckpointer => {
  let state: CheckpointerState = 'starting';
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let markExited!: () => void;
  const exited = new Promise<void>((resolve) => (markExited = resolve));

  // A failed pragma means the store is closing (or closed) meanwhile: nothing is left to protect.
  const setAutocheckpoint = (pages: number) => options.setAutocheckpoint(pages).catch(() => undefined);

  const fail = (error: Error) => {
    if (state === 'failed' || state === 'stopped') return;
    const wasRunning = state === 'running';
    state = 'failed';
    markStarted();
    // Before the worker was ready the main connection never stopped checkpointing: nothing to restore.
    const restored = wasRunning ? setAutocheckpoint(sqliteDefaultAutocheckpoint) : Promise.resolve();
    void restored.then(() => options.onFailure(error));
  };

  let worker: Worker | undefined;
  try {
    // No inherited `--import` loaders (tsx in development and tests): the plain CommonJS above needs none.
    worker = new Worker(workerSource, {
      eval: true,
      execArgv: [],
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        path: options.path,
        intervalMs: options.intervalMs ?? defaultCheckpointIntervalMs,
        catchUpAbovePages,
        failOnRound: options.failOnRound,
      },
    });
    const running = worker;
    running.on('message', (message) => {
      if (message !== 'ready' || state !== 'starting') return;
      state = 'running';
      void setAutocheckpoint(backstopPages).then(() => {
        // Once running, a process that forgets to close its store is not kept alive by the worker (one that exits
        // mid-checkpoint is safe, as a crash during one is). Until then it is, so awaiting `started` settles.
        if (state === 'running') running.unref();
        markStarted();
      });
    });
    running.on('error', (error) => fail(asError(error)));
    running.on('exit', (code) => {
      fail(new Error(`SQLite checkpointer exited (code ${code})`));
      markExited();
    });
  } catch (error) {
    // The thread could not even be created (out of resources): as a worker that fails to start.
    fail(asError(error));
    markExited();
  }

  return {
    get state() {
      return state;
    },
    started,
    async stop() {
      if (state === 'starting' || state === 'running') {
        state = 'stopped';
        markStarted();
        worker?.postMessage('stop');
      }
      // Referenced again while it stops: otherwise a process with nothing else to do would end before the exit.
      worker?.ref();
      await exited;
    },
  };
};
