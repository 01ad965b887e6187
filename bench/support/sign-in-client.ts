/**
 * The sign-in bench's load generator: one POST, over and over, with a fixed number in flight. It runs either on the
 * server's own event loop (`inline`, as the bench first did) or in a worker thread of its own (`worker`), as
 * hostile-client.ts runs its flood and user. In the worker the client's HTTP work (building requests, parsing
 * responses, the closed loop's bookkeeping) no longer sits on the event loop every request passes through, which the
 * raw argon2 baseline never pays and a deployment's clients, on other machines, do not add either. A worker is a
 * separate event loop and V8 isolate in the same process: `process.cpuUsage()` still counts its CPU as ours, and the
 * main thread's CPU (/proc/self/task/<pid>) leaves it out.
 */
import { Agent, request as httpRequest } from 'node:http';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { closedLoop, type LoopResult, type Outcome } from './closed-loop.js';

export type ClientKind = 'http' | 'fetch';
export type ClientThread = 'inline' | 'worker';

/** What one row posts; data only, so it crosses to the worker. */
export interface PostSpec {
  kind: ClientKind;
  port: number;
  path: string;
  body: string;
  inFlight: number;
}

interface Response {
  status: number;
  body: string;
}

const post = (spec: PostSpec): { send: () => Promise<Response>; close: () => void } => {
  const { port, path, body } = spec;
  if (spec.kind === 'fetch') {
    const url = `http://127.0.0.1:${port}${path}`;
    return {
      send: async () => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: response.status, body: await response.text() };
      },
      close: () => undefined,
    };
  }
  const agent = new Agent({ keepAlive: true, maxSockets: spec.inFlight });
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return {
    send: () =>
      new Promise<Response>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, agent, headers }, (response) => {
          let data = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (data += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: data }));
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
};

export const describeFailure = ({ status, body }: Response): string => {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' ? `HTTP ${status} ${code}` : `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
};

/** A row's operation: one POST, `true` on 200. */
const operation = (spec: PostSpec) => {
  const client = post(spec);
  const op = async (): Promise<Outcome> => {
    const response = await client.send();
    return response.status === 200 ? true : describeFailure(response);
  };
  return { op, close: client.close };
};

/** One request on the server's own thread: a broken setup should say so, not produce a table of errors. */
export const probe = async (spec: PostSpec) => {
  const client = post({ ...spec, inFlight: 1 });
  try {
    const response = await client.send();
    if (response.status !== 200) throw new Error(`sign-in probe failed: ${describeFailure(response)} ${response.body}`);
  } finally {
    client.close();
  }
};

/** Runs a row's slices: `rampMs` uncounted, then `countMs` counted (see `closedLoop`). */
export type SliceRunner = (rampMs: number, countMs: number, count: boolean) => Promise<LoopResult>;

export interface LoadGenerator {
  row(spec: PostSpec): SliceRunner;
  close(): Promise<void>;
}

/** Every row's client on the server's event loop. */
export const inlineLoad = (): LoadGenerator => {
  const closers: Array<() => void> = [];
  return {
    row: (spec) => {
      const { op, close } = operation(spec);
      closers.push(close);
      return (rampMs, countMs, count) => closedLoop(op, spec.inFlight, rampMs, countMs, count);
    },
    close: () => {
      for (const close of closers) close();
      return Promise.resolve();
    },
  };
};

/**
 * Every row's client in one worker thread (rows run one at a time, so one is enough). Each slice is a single message
 * each way, so the main thread's share of the client is two messages per slice, not per request.
 */
export const workerLoad = (): LoadGenerator => {
  // The worker registers tsx's loader itself before importing this TypeScript file (a worker does not inherit it).
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { signInClient: true } });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: LoopResult) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { id: number; value?: LoopResult; error?: string }) => {
    const w = waiting.get(m.id)!;
    waiting.delete(m.id);
    if (m.error === undefined) w.resolve(m.value!);
    else w.reject(new Error(`sign-in client worker: ${m.error}`));
  });
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('error', failAll);
  // A worker that stops without an error would otherwise leave the bench waiting for a slice forever.
  worker.on('exit', (code) => failAll(new Error(`sign-in client worker exited (code ${code})`)));
  const call = (message: WorkerCall) =>
    new Promise<LoopResult>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  let rows = 0;
  return {
    row: (spec) => {
      const row = rows++;
      return (rampMs, countMs, count) => call({ row, spec, rampMs, countMs, count });
    },
    close: async () => {
      await worker.terminate();
    },
  };
};

interface WorkerCall {
  row: number;
  /** Sent with every slice; the worker opens the row's client (and its keep-alive sockets) on the first. */
  spec: PostSpec;
  rampMs: number;
  countMs: number;
  count: boolean;
}

if (parentPort && (workerData as { signInClient?: boolean } | null)?.signInClient) {
  const port = parentPort;
  const ops = new Map<number, () => Promise<Outcome>>();
  port.on('message', (m: WorkerCall & { id: number }) => {
    let op = ops.get(m.row);
    if (!op) ops.set(m.row, (op = operation(m.spec).op));
    closedLoop(op, m.spec.inFlight, m.rampMs, m.countMs, m.count).then(
      (value) => port.postMessage({ id: m.id, value }),
      (error: unknown) => port.postMessage({ id: m.id, error: String(error) }),
    );
  });
}
