/**
 * The on-premises agent (issue 7, item 5), the open-source counterpart of Entra Connect's writeback client: it runs
 * next to the directory, holds only an OUTBOUND HTTPS connection to the service (long poll), opens each request
 * with its private key, performs it against the local directory with the ordinary adapters, and posts the result
 * sealed for the service. It logs operations and outcomes, never a password, DN or payload.
 *
 * Delivery of reads and listing pages is at least once: the service hands such a request out again when its result
 * does not arrive, so the runner runs each id once (remembered results, and the one in flight) and posts the
 * remembered result again. This memory dies with the process, so writes (`setPassword`, `unlock`) are handed out at
 * most once by the service (agentAtMostOnceOperations) and never re-delivered to a restarted agent.
 * Results whose post failed are kept and posted on the next loop, not lost.
 */
import { agentResultsBatchBytes, parseListPageArgs, type AgentOperation } from '../core/directory/agent-protocol.js';
import type { AgentEnvelope, DirectoryConnection, SealedAgentMessage } from '../core/ports.js';
import { createAgentListings, type AgentListings } from './agent-listings.js';

export interface AgentRunnerOptions {
  server: string;
  token: string;
  connection: DirectoryConnection;
  envelope: AgentEnvelope;
  keys: { publicKey: string; privateKey: string };
  version: string;
  log: (event: string, fields?: Record<string, string | number | boolean>) => void;
  signal: AbortSignal;
  heartbeatMs?: number;
  maxBackoffMs?: number;
  /** Listings nobody asked for within this are closed (default 2 minutes). */
  listingIdleMs?: number;
}

type Operation = (c: DirectoryConnection, args: unknown[], listings: AgentListings) => Promise<unknown>;

/** Keyed by `agentOperations`: an operation added there without a handler here does not compile. */
const operations: Record<AgentOperation, Operation> = {
  test: (c) => c.test(),
  findUser: (c, [login]) => c.findUser(String(login)),
  setPassword: (c, [dn, password, options]) =>
    c.setPassword(String(dn), String(password), options as Parameters<DirectoryConnection['setPassword']>[2]),
  unlock: (c, [dn]) => c.unlock(String(dn)),
  isLocked: (c, [dn]) => c.isLocked(String(dn)),
  verifyPassword: (c, [dn, password]) => c.verifyPassword(String(dn), String(password)),
  readLockoutPolicy: (c, [dn]) => c.readLockoutPolicy(String(dn)),
  readPasswordPolicies: (c, [dns]) =>
    c.readPasswordPolicies(Array.isArray(dns) ? dns.filter((dn): dn is string => typeof dn === 'string') : []),
  listPage: (_c, [args], listings) => {
    const parsed = parseListPageArgs(args);
    if (!parsed) throw new Error('malformed listPage');
    return listings.page(parsed);
  },
};

/** The service's AGENT_OUTDATED answer: logged where it arrives, then waited out at the longest back-off. */
class AgentOutdated extends Error {}

/** A version from the service's problem body (JSON), for the log; '-' when it is missing or not text. */
const versionText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '-');

/** Remembered so that a request delivered twice (a lost response, a retried post) runs once. */
const rememberedResults = 1000;
/** Remembered (and kept unposted) results take at most this much memory: sync pages are large, and a re-delivery comes within minutes. */
const rememberedBytes = 16 * 1024 * 1024;
const sizeOf = (message: SealedAgentMessage) => message.ciphertext.length + message.wrappedKey.length;
/** Results waiting for a successful post; beyond this the oldest are dropped (their requests expire). */
const unpostedResults = 500;
/** The results route takes this many per post (and `agentResultsBatchBytes` of them). */
const resultsPerPost = 50;

/** Consecutive batches within the route's limits; a result alone in its batch is always posted. */
const batchesOf = (results: readonly SealedAgentMessage[]): SealedAgentMessage[][] => {
  const batches: SealedAgentMessage[][] = [];
  let bytes = 0;
  for (const result of results) {
    const size = result.ciphertext.length + result.wrappedKey.length + 200;
    const last = batches.at(-1);
    if (last && last.length < resultsPerPost && bytes + size <= agentResultsBatchBytes) {
      last.push(result);
      bytes += size;
    } else {
      batches.push([result]);
      bytes = size;
    }
  }
  return batches;
};

class PostError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(`${path} answered ${status}`);
  }
}

/** A post the service refused as malformed will never succeed: retrying it would block the others. */
const isPermanent = (error: unknown) => error instanceof PostError && (error.status === 400 || error.status === 413);

export const runAgent = async (options: AgentRunnerOptions): Promise<void> => {
  const { envelope, keys, log, signal } = options;
  const done = new Map<string, SealedAgentMessage>();
  let doneBytes = 0;
  const inFlight = new Map<string, Promise<SealedAgentMessage | undefined>>();
  let unposted: SealedAgentMessage[] = [];
  const listings = createAgentListings({ connection: options.connection, idleMs: options.listingIdleMs });
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(new URL(path, options.server), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as {
        code?: unknown;
        minimumVersion?: unknown;
        currentVersion?: unknown;
      };
      // Too old for the service: retrying cannot help, only an upgrade can, so say exactly that.
      if (problem.code === 'AGENT_OUTDATED') {
        log(
          'agent outdated: upgrade the OpenSSPR agent; the service refuses this version and writes back no password through it',
          {
            code: 'AGENT_OUTDATED',
            version: options.version,
            minimumVersion: versionText(problem.minimumVersion),
            currentVersion: versionText(problem.currentVersion),
          },
        );
        throw new AgentOutdated();
      }
      throw new PostError(path, response.status);
    }
    return (await response.json()) as T;
  };

  const run = async (
    message: SealedAgentMessage,
    servicePublicKey: string,
  ): Promise<SealedAgentMessage | undefined> => {
    const operation = Object.hasOwn(operations, message.operation)
      ? operations[message.operation as AgentOperation]
      : undefined;
    let outcome: unknown;
    try {
      const args = JSON.parse(envelope.open(keys.privateKey, message)) as unknown[];
      if (!operation || !Array.isArray(args)) throw new Error('unknown operation');
      outcome = await operation(options.connection, args, listings);
    } catch {
      log('request refused', { operation: message.operation });
      return undefined;
    }
    const result = envelope.seal(servicePublicKey, message.id, message.operation, JSON.stringify(outcome));
    done.set(message.id, result);
    doneBytes += sizeOf(result);
    for (const [id, oldest] of done) {
      if (done.size <= rememberedResults && doneBytes <= rememberedBytes) break;
      done.delete(id);
      doneBytes -= sizeOf(oldest);
    }
    const ok = (outcome as { ok?: boolean }).ok === true;
    log('request done', {
      operation: message.operation,
      ok,
      ...(!ok && { code: String((outcome as { code?: string }).code) }),
    });
    return result;
  };

  /** Once per id: a re-delivered request gets the remembered result, or waits for the run already under way. */
  const perform = (message: SealedAgentMessage, servicePublicKey: string): Promise<SealedAgentMessage | undefined> => {
    const earlier = done.get(message.id);
    if (earlier) return Promise.resolve(earlier);
    const running = inFlight.get(message.id);
    if (running) return running;
    const started = run(message, servicePublicKey).finally(() => inFlight.delete(message.id));
    inFlight.set(message.id, started);
    return started;
  };

  /** Posts the results in batches; what could not be posted is kept for the next loop (bounded). */
  const postResults = async (results: SealedAgentMessage[]) => {
    const pending = [...unposted, ...results.filter((r) => !unposted.some((u) => u.id === r.id))];
    unposted = [];
    const batches = batchesOf(pending);
    for (const [index, batch] of batches.entries()) {
      try {
        await post('/api/v1/agent/results', { publicKey: keys.publicKey, results: batch });
      } catch (error) {
        if (isPermanent(error)) {
          log('results refused', { count: batch.length });
          continue;
        }
        unposted = batches.slice(index).flat().slice(-unpostedResults);
        let bytes = unposted.reduce((sum, message) => sum + sizeOf(message), 0);
        while (bytes > rememberedBytes) bytes -= sizeOf(unposted.shift()!);
        throw error;
      }
    }
  };

  let servicePublicKey = '';
  let lastHeartbeat = 0;
  let backoff = 1000;
  while (!signal.aborted) {
    listings.sweep();
    try {
      // Results a failed post left behind go first: the service is waiting on them. Their post failing again
      // (the results route refused or rate-limited) must not stop the polling: an agent that stops polling is failed fast.
      if (unposted.length > 0) {
        await postResults([]).catch((error: unknown) =>
          log('results kept for the next try', {
            count: unposted.length,
            reason: error instanceof Error ? error.message : 'error',
          }),
        );
      }
      if (Date.now() - lastHeartbeat >= (options.heartbeatMs ?? 5 * 60_000)) {
        ({ servicePublicKey } = await post<{ servicePublicKey: string }>('/api/v1/agent/heartbeat', {
          publicKey: keys.publicKey,
          version: options.version,
        }));
        lastHeartbeat = Date.now();
        log('heartbeat');
      }
      const polled = await post<{ servicePublicKey: string; requests: SealedAgentMessage[] }>('/api/v1/agent/poll', {
        publicKey: keys.publicKey,
      });
      servicePublicKey = polled.servicePublicKey;
      const results = (await Promise.all(polled.requests.map((request) => perform(request, servicePublicKey)))).filter(
        (r) => r !== undefined,
      );
      if (results.length > 0) await postResults(results);
      backoff = 1000;
    } catch (error) {
      if (signal.aborted) break;
      // An outdated agent asks again only at the longest back-off: a service rolled back to an older release may take it.
      if (error instanceof AgentOutdated) backoff = options.maxBackoffMs ?? 60_000;
      else
        log('service unreachable, retrying', {
          inMs: backoff,
          reason: error instanceof Error ? error.message : 'error',
        });
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 60_000);
    }
  }
  listings.closeAll();
};
