/**
 * Clients of the crash suite's concurrent variant: each sets one user's password once, by a self-service reset or a
 * signed-in change, against whichever `sspr serve` is alive. When the process dies under a request the client waits
 * for the next one and repeats the step, as a user pressing the button again would; a step that already committed
 * before the crash must then be refused (the flow is consumed, the old password no longer works), and the client
 * confirms by signing in with its new password. An answer the protocol does not expect fails the test.
 */
import type { CrashWorld, Tracked } from './crash-world.js';
import { aResetUser } from './reset.js';
import { aPassword } from './factories.js';
import { apiCall, sessionPair, solvedCaptcha, type Answer } from './serve-api.js';

/**
 * The live instance, by generation: a client whose request died waits for a newer one. It counts the steps handed
 * out, so the test can kill the process right after the n-th step of a round (a moment inside the flows, not after).
 */
export class Relay {
  /** Requests cut by a kill (for the failure message: how hard the run hit the flows). */
  cut = 0;
  private current: { generation: number; base: string } | undefined;
  private generation = 0;
  private waiting: Array<() => void> = [];
  private steps = 0;
  private stepWaiters: Array<{ at: number; wake: () => void }> = [];

  /** Resolves when `count` more steps have been handed out from now. */
  afterSteps(count: number): Promise<void> {
    const at = this.steps + count;
    return new Promise((wake) => this.stepWaiters.push({ at, wake }));
  }

  up(base: string) {
    this.generation += 1;
    this.current = { generation: this.generation, base };
    for (const wake of this.waiting.splice(0)) wake();
  }

  down() {
    this.current = undefined;
  }

  async next(after: number): Promise<{ generation: number; base: string }> {
    while (!this.current || this.current.generation <= after) await new Promise<void>((r) => this.waiting.push(r));
    this.steps += 1;
    for (const waiter of this.stepWaiters.filter((w) => w.at <= this.steps)) waiter.wake();
    this.stepWaiters = this.stepWaiters.filter((w) => w.at > this.steps);
    return this.current;
  }
}

type Step = (base: string, retry: boolean) => Promise<void>;

export interface Actor {
  tracked: Tracked;
  /** Resolves once the password is set and confirmed; rejects on an answer the protocol does not expect. */
  done: Promise<void>;
  /** After the end: the last step sent again must be refused. */
  replay(base: string): Promise<Answer>;
}

const unexpected = (what: string, answer: Answer) =>
  new Error(`${what}: unexpected ${answer.status} ${JSON.stringify(answer.json)}`);

/**
 * Runs `steps` in order against the live instance; a request cut by a crash is repeated with `retry`. Steps named in
 * `local` talk to no instance (reading the mailbox) and are not counted.
 */
const run = async (
  relay: Relay,
  steps: Record<string, Step>,
  first: string,
  order: (s: string) => string,
  local: readonly string[] = [],
) => {
  let phase = first;
  let failedOn = 0;
  let retry = false;
  while (phase !== 'done') {
    const { generation, base } = local.includes(phase) ? { generation: 0, base: '' } : await relay.next(failedOn);
    try {
      await steps[phase]!(base, retry);
      retry = false;
      phase = order(phase);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      // fetch failed: the connection was cut by the SIGKILL (or refused while no process listens).
      failedOn = generation;
      retry = true;
      relay.cut += 1;
    }
  }
};

const signIn = (base: string, username: string, password: string) =>
  apiCall(base, 'POST', '/api/v1/session', { username, password });

export const aResetActor = async (world: CrashWorld, relay: Relay, n: number): Promise<Actor> => {
  const user = await aResetUser(world.admin, world.tenant);
  const newPassword = `Lantern-Harbour-${n}-Quay`;
  const recipient = user.alternateEmail!;
  let flowId = '';
  let methodId = '';
  let code: string | undefined;
  let sentBefore = 0;
  const flow = (base: string, method: string, path: string, body?: object) =>
    apiCall(base, method, `/api/v1/passwordreset/${flowId}${path}`, body);
  const next: Record<string, string> = {
    start: 'intent',
    intent: 'challenge',
    challenge: 'code',
    code: 'verify',
    verify: 'password',
    password: 'done',
    confirm: 'done',
  };
  let jump: string | undefined;
  const steps: Record<string, Step> = {
    async start(base) {
      const captcha = await solvedCaptcha(base);
      const started = await apiCall(base, 'POST', '/api/v1/passwordreset', { username: user.upn, captcha });
      if (started.status !== 200) throw unexpected('start', started);
      flowId = started.json.flowId as string;
    },
    async intent(base) {
      const view = await flow(base, 'POST', '/intent', { intent: 'reset' });
      if (view.status !== 200) throw unexpected('intent', view);
      methodId = (view.json.methods as Array<{ id: string; type: string }>).find((m) => m.type === 'email')!.id;
      sentBefore = await world.sentCount(recipient);
    },
    async challenge(base, retry) {
      // Cut by a crash: whether it committed shows in the mailbox (a second code would make the first one void).
      if (retry) return;
      const sent = await flow(base, 'POST', '/challenge', { methodId });
      if (sent.status !== 200) throw unexpected('challenge', sent);
    },
    async code() {
      code = await world.codeTo(recipient, sentBefore);
      // No code: the challenge died before its commit; ask again.
      if (!code) jump = 'challenge';
    },
    async verify(base, retry) {
      const verified = await flow(base, 'POST', '/verify', { methodId, code });
      if (verified.status === 200 || (retry && verified.json.code === 'GATE_ALREADY_PASSED')) return;
      throw unexpected('verify', verified);
    },
    async password(base, retry) {
      const set = await flow(base, 'POST', '/password', { newPassword });
      if (set.status === 200) return;
      if (retry && set.json.code === 'FLOW_INVALID') jump = 'confirm';
      else throw unexpected('password', set);
    },
    async confirm(base) {
      const signedIn = await signIn(base, user.upn, newPassword);
      if (signedIn.status !== 200) throw unexpected('confirm', signedIn);
    },
  };
  const order = (phase: string) => {
    const to = jump ?? next[phase]!;
    jump = undefined;
    return to;
  };
  return {
    tracked: { user, initialHash: user.passwordHash!, activity: 'resetPasswordSelfService', newPassword },
    done: run(relay, steps, 'start', order, ['code']),
    replay: (base) => flow(base, 'POST', '/password', { newPassword: `Another-${newPassword}` }),
  };
};

export const aChangeActor = async (world: CrashWorld, relay: Relay, n: number): Promise<Actor> => {
  const user = await aResetUser(world.admin, world.tenant, { licensed: false });
  const newPassword = `Meadow-Lighthouse-${n}-Dune`;
  let cookie = '';
  let confirmNext = false;
  const change = (base: string) =>
    apiCall(base, 'POST', '/api/v1/me/password', { currentPassword: aPassword, newPassword }, { cookie });
  const steps: Record<string, Step> = {
    async signin(base) {
      const signedIn = await signIn(base, user.upn, aPassword);
      if (signedIn.status !== 200) throw unexpected('sign-in', signedIn);
      cookie = sessionPair(signedIn.setCookie)!;
    },
    async change(base, retry) {
      const changed = await change(base);
      if (changed.status === 200) return;
      if (retry && changed.json.code === 'INVALID_CURRENT_PASSWORD') confirmNext = true;
      else throw unexpected('change', changed);
    },
    async confirm(base) {
      const signedIn = await signIn(base, user.upn, newPassword);
      if (signedIn.status !== 200) throw unexpected('confirm', signedIn);
      cookie = sessionPair(signedIn.setCookie)!;
    },
  };
  const order = (phase: string) =>
    phase === 'signin' ? 'change' : phase === 'change' && confirmNext ? 'confirm' : 'done';
  return {
    tracked: { user, initialHash: user.passwordHash!, activity: 'changePasswordSelfService', newPassword },
    done: run(relay, steps, 'signin', order),
    async replay(base) {
      const signedIn = await signIn(base, user.upn, newPassword);
      cookie = sessionPair(signedIn.setCookie) ?? cookie;
      return change(base);
    },
  };
};
