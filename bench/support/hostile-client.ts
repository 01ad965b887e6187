/**
 * The HTTP side of the hostile-traffic bench: the flood, and the legitimate user (sign-ins from familiar browsers and
 * password resets to completion, each code read from a real SMTP listener). Each runs in a worker thread of its own
 * by default, so neither the flood's nor the user's own request handling shares the server's event loop
 * (`BENCH_HOSTILE_CLIENT=inline` runs both in the server's thread, as the bench first did). A worker is a separate
 * event loop and V8 isolate in the same process, so the background meter still counts its CPU as ours.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { createSmtpRelay } from '../../test/support/smtp-relay.js';

export interface Reply {
  status: number;
  body: string;
  cookies?: string[];
}

/** What a flood sends; data only, so it crosses to a worker. */
export type FloodSpec =
  | { kind: 'reset-start' | 'reset-start-captcha' | 'sign-in'; username: string }
  | { kind: 'sign-in-spray'; usernames: string[] }
  | { kind: 'verify'; flowId: string; methodId: string };

export interface ClientSetup {
  base: string;
  floodInFlight: number;
  password: string;
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
const randomIp = () =>
  `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${1 + ((Math.random() * 250) | 0)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const createHttpClient = (base: string, sockets: number) => {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const call = (method: string, path: string, body?: object, ip?: string, cookie?: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const payload = body ? JSON.stringify(body) : undefined;
      const headers: Record<string, string | number> = ip ? { 'x-forwarded-for': ip } : {};
      if (cookie) headers.cookie = cookie;
      if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
      const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: data,
            cookies: res.headers['set-cookie']?.map((c) => c.split(';')[0]!),
          }),
        );
      });
      req.on('error', reject);
      req.end(payload);
    });
  /** As test/support/reset.ts solves it, over HTTP (tiny difficulty). A refused challenge request is returned. */
  const solveCaptcha = async (ip?: string): Promise<string | Reply> => {
    const reply = await call('GET', '/api/v1/captcha', undefined, ip);
    if (reply.status !== 200) return reply;
    const c = JSON.parse(reply.body) as Record<string, string | number>;
    for (let n = 0; n <= Number(c.maxnumber); n += 1) {
      if (
        createHash('sha256')
          .update(`${String(c.salt)}${n}`)
          .digest('hex') === c.challenge
      ) {
        const { algorithm, challenge, salt, signature } = c;
        return Buffer.from(JSON.stringify({ algorithm, challenge, number: n, salt, signature })).toString('base64');
      }
    }
    throw new Error('captcha not solvable');
  };
  const startReset = async (username: string, ip?: string): Promise<Reply> => {
    const captcha = await solveCaptcha(ip);
    if (typeof captcha !== 'string') return captcha;
    return call('POST', '/api/v1/passwordreset', { username, captcha }, ip);
  };
  return { call, solveCaptcha, startReset, close: () => agent.destroy() };
};

/** The flood: `floodInFlight` requests in flight for `seconds`; statuses counted. */
export const createFlooder = ({ base, floodInFlight }: ClientSetup) => {
  const http = createHttpClient(base, floodInFlight + 2);
  const sender = (spec: FloodSpec): ((ip: string) => Promise<Reply>) => {
    switch (spec.kind) {
      case 'reset-start':
        return (ip) => http.call('POST', '/api/v1/passwordreset', { username: spec.username, captcha: 'x' }, ip);
      case 'reset-start-captcha':
        return (ip) => http.startReset(spec.username, ip);
      case 'verify':
        return (ip) =>
          http.call(
            'POST',
            `/api/v1/passwordreset/${spec.flowId}/verify`,
            { methodId: spec.methodId, code: '00000000' },
            ip,
          );
      case 'sign-in':
        return (ip) => http.call('POST', '/api/v1/session', { username: spec.username, password: 'Wrong-Guess-1' }, ip);
      case 'sign-in-spray':
        return (ip) =>
          http.call(
            'POST',
            '/api/v1/session',
            { username: spec.usernames[(Math.random() * spec.usernames.length) | 0]!, password: 'Wrong-Guess-1' },
            ip,
          );
    }
  };
  return {
    flood: async (spec: FloodSpec, manyIps: boolean, seconds: number) => {
      const send = sender(spec);
      const end = performance.now() + seconds * 1000;
      const statuses: Record<string, number> = {};
      const one = async () => {
        while (performance.now() < end) {
          const reply = await send(manyIps ? randomIp() : '203.0.113.9').catch(() => ({ status: 0 }));
          statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: floodInFlight }, one));
      return statuses;
    },
    close: () => {
      http.close();
      return Promise.resolve();
    },
  };
};

export interface LegitSample {
  /** `sign-in`, or the reset step (`captcha`, `start`, `intent`, `challenge`, `verify`, `password`). */
  step: string;
  ms: number;
  ok: boolean;
}

/**
 * The legitimate user: five people signing in in turn from familiar browsers (at most one sign-in every 250 ms) and,
 * side by side, resets to completion, one at a time, each by the next of the reset users from an address of its
 * own (the per-address reset limit counts every step), its code read from the SMTP listener as a user reads a mail.
 */
export const createLegitUser = async ({ base, password }: ClientSetup) => {
  const http = createHttpClient(base, 8);
  const relay = createSmtpRelay();
  const smtpPort = await relay.start();
  const devices = new Map<string, string>();
  let signInUsers: string[] = [];
  let resetUsers: Array<{ upn: string; email: string }> = [];
  let address = 0;
  let turn = 0;
  let resets = 0;

  /** The code of the first mail to `email` since `after`: in the body, never a header (Message-ID, boundary). */
  const codeFor = async (email: string, after: number) => {
    for (let i = 0; i < 250; i += 1) {
      const mail = relay.received.slice(after).find((m) => m.to.includes(email));
      const body = mail?.raw.slice(mail.raw.search(/\r?\n\r?\n/));
      const code = body && /(?<![\d=])(\d{8})(?!\d)/.exec(body)?.[1];
      if (code) return code;
      await sleep(20);
    }
    throw new Error(`no code mailed to ${email}`);
  };
  const timed = async (samples: LegitSample[], step: string, work: () => Promise<Reply>, expect = 200) => {
    const t0 = performance.now();
    const reply = await work();
    samples.push({ step, ms: performance.now() - t0, ok: reply.status === expect });
    if (reply.status !== expect) {
      const code = (JSON.parse(reply.body || '{}') as { code?: string }).code;
      throw new Error(`${step} ${reply.status} ${code ?? ''}`.trim());
    }
    return reply;
  };

  /** One reset to completion; a refused step ends the flow (its sample says so). */
  const resetOnce = async (samples: LegitSample[]) => {
    const user = resetUsers[resets++ % resetUsers.length]!;
    const ip = `198.51.${100 + ((address >> 8) & 63)}.${(address++ & 255) + 1}`;
    const t0 = performance.now();
    const captcha = await http.solveCaptcha(ip);
    samples.push({ step: 'captcha', ms: performance.now() - t0, ok: typeof captcha === 'string' });
    if (typeof captcha !== 'string') return;
    const start = await timed(samples, 'start', () =>
      http.call('POST', '/api/v1/passwordreset', { username: user.upn, captcha }, ip),
    );
    const flow = `/api/v1/passwordreset/${(JSON.parse(start.body) as { flowId: string }).flowId}`;
    const view = await timed(samples, 'intent', () => http.call('POST', `${flow}/intent`, { intent: 'reset' }, ip));
    const methodId = (JSON.parse(view.body) as { methods: Array<{ id: string; type: string }> }).methods.find(
      (m) => m.type === 'email',
    )!.id;
    const mailed = relay.received.length;
    await timed(samples, 'challenge', () => http.call('POST', `${flow}/challenge`, { methodId }, ip));
    const code = await codeFor(user.email, mailed);
    await timed(samples, 'verify', () => http.call('POST', `${flow}/verify`, { methodId, code }, ip));
    const newPassword = `Zq${randomBytes(9).toString('base64url')}!7Wm`;
    await timed(samples, 'password', () => http.call('POST', `${flow}/password`, { newPassword }, ip));
  };

  return {
    smtpPort,
    /** The sign-in users' first sign-in (each browser's familiar-device cookie) and who resets. */
    prepare: async (users: string[], resetters: Array<{ upn: string; email: string }>) => {
      signInUsers = users;
      resetUsers = resetters;
      for (const upn of users) {
        const reply = await http.call('POST', '/api/v1/session', { username: upn, password }, '192.0.2.250');
        const device = reply.cookies?.find((c) => c.startsWith('sspr_device='));
        if (reply.status !== 200 || !device) throw new Error(`legitimate sign-in failed: ${reply.status}`);
        devices.set(upn, device);
      }
    },
    /** A flow at the verify step (for the code flood), made by this client. */
    flowAtVerify: async (username: string) => {
      const start = await http.startReset(username);
      const flowId = (JSON.parse(start.body) as { flowId: string }).flowId;
      const view = await http.call('POST', `/api/v1/passwordreset/${flowId}/intent`, { intent: 'reset' });
      const methods = (JSON.parse(view.body) as { methods: Array<{ id: string; type: string }> }).methods;
      const methodId = methods.find((m) => m.type === 'email')!.id;
      await http.call('POST', `/api/v1/passwordreset/${flowId}/challenge`, { methodId });
      return { flowId, methodId };
    },
    /** Signs in and resets side by side for `seconds`; a new address per run for the sign-ins (their per-IP limit). */
    run: async (seconds: number) => {
      const end = performance.now() + seconds * 1000;
      const samples: LegitSample[] = [];
      const ip = `192.0.2.${(address++ % 200) + 1}`;
      let resetFailures = 0;
      const failures: Record<string, number> = {};
      const signIns = async () => {
        while (performance.now() < end) {
          const upn = signInUsers[turn++ % signInUsers.length]!;
          const t0 = performance.now();
          const reply = await http.call('POST', '/api/v1/session', { username: upn, password }, ip, devices.get(upn));
          const ms = performance.now() - t0;
          samples.push({ step: 'sign-in', ms, ok: reply.status === 200 });
          await sleep(Math.max(0, 250 - ms));
        }
      };
      const flows = async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          await resetOnce(samples).catch((error: unknown) => {
            resetFailures += 1;
            const what = error instanceof Error ? error.message : String(error);
            failures[what] = (failures[what] ?? 0) + 1;
          });
          // At most one flow a second, so each reset user stays under its own start limit (5 a minute).
          await sleep(Math.max(100, 1000 - (performance.now() - t0)));
        }
      };
      await Promise.all([signIns(), flows()]);
      return { samples, resetFailures, failures };
    },
    close: async () => {
      http.close();
      await relay.stop();
    },
  };
};

type Role = 'flood' | 'legit';
type Api = Record<string, (...args: never[]) => Promise<unknown>>;

/** A worker running one role; `call` forwards a method call to it. */
export const startClientWorker = async (role: Role, setup: ClientSetup) => {
  // The worker registers tsx's loader itself before importing this TypeScript file (a worker does not inherit it).
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { hostileClient: role, setup } });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id)!;
    waiting.delete(m.id);
    if (m.error === undefined) w.resolve(m.value);
    else w.reject(new Error(m.error));
  });
  worker.on('error', (error) => {
    for (const w of waiting.values()) w.reject(error);
  });
  const call = (method: string, ...args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    });
  const ready = await call('ready');
  return { call, ready, terminate: () => worker.terminate() };
};

const role = (workerData as { hostileClient?: Role } | null)?.hostileClient;
if (parentPort && role) {
  const { setup } = workerData as { setup: ClientSetup };
  const port = parentPort;
  const api = (await (role === 'flood' ? createFlooder(setup) : createLegitUser(setup))) as unknown as Api;
  const methods: Api = { ...api, ready: () => Promise.resolve('smtpPort' in api ? api.smtpPort : 0) };
  port.on('message', (m: { id: number; method: string; args: never[] }) => {
    methods[m.method]!(...m.args).then(
      (value) => port.postMessage({ id: m.id, value }),
      (error: unknown) => port.postMessage({ id: m.id, error: String(error) }),
    );
  });
}
