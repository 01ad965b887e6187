/**
 * The on-premises agent (issue 7, item 5), the open-source counterpart of Entra Connect's writeback client: it runs
 * next to the directory, holds only an OUTBOUND HTTPS connection to the service (long poll), opens each request
 * with its private key, performs it against the local directory with the ordinary adapters, and posts the result
 * sealed for the service. It logs operations and outcomes, never a password, DN or payload.
 */
import type { AgentEnvelope, DirectoryConnection, SealedAgentMessage } from '../core/ports.js';

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
}

const operations: Record<string, (c: DirectoryConnection, args: unknown[]) => Promise<unknown>> = {
  test: (c) => c.test(),
  findUser: (c, [login]) => c.findUser(String(login)),
  setPassword: (c, [dn, password, options]) => c.setPassword(String(dn), String(password), options as Parameters<DirectoryConnection['setPassword']>[2]),
  unlock: (c, [dn]) => c.unlock(String(dn)),
  isLocked: (c, [dn]) => c.isLocked(String(dn)),
  verifyPassword: (c, [dn, password]) => c.verifyPassword(String(dn), String(password)),
};

/** The service's AGENT_OUTDATED answer: logged where it arrives, then waited out at the longest back-off. */
class AgentOutdated extends Error {}

/** Remembered so that a request delivered twice (a lost response, a retried post) runs once. */
const rememberedResults = 1000;

export const runAgent = async (options: AgentRunnerOptions): Promise<void> => {
  const { envelope, keys, log, signal } = options;
  const done = new Map<string, SealedAgentMessage>();
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(new URL(path, options.server), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { code?: unknown; minimumVersion?: unknown; currentVersion?: unknown };
      // Too old for the service: retrying cannot help, only an upgrade can, so say exactly that.
      if (problem.code === 'AGENT_OUTDATED') {
        log('agent outdated: upgrade the OpenSSPR agent; the service refuses this version and writes back no password through it', {
          code: 'AGENT_OUTDATED', version: options.version, minimumVersion: String(problem.minimumVersion ?? '-'), currentVersion: String(problem.currentVersion ?? '-'),
        });
        throw new AgentOutdated();
      }
      throw new Error(`${path} answered ${response.status}`);
    }
    return (await response.json()) as T;
  };

  const perform = async (message: SealedAgentMessage, servicePublicKey: string): Promise<SealedAgentMessage | undefined> => {
    const earlier = done.get(message.id);
    if (earlier) return earlier;
    const operation = operations[message.operation];
    let outcome: unknown;
    try {
      const args = JSON.parse(envelope.open(keys.privateKey, message)) as unknown[];
      if (!operation || !Array.isArray(args)) throw new Error('unknown operation');
      outcome = await operation(options.connection, args);
    } catch {
      log('request refused', { operation: message.operation });
      return undefined;
    }
    const result = envelope.seal(servicePublicKey, message.id, message.operation, JSON.stringify(outcome));
    done.set(message.id, result);
    if (done.size > rememberedResults) done.delete(done.keys().next().value!);
    const ok = (outcome as { ok?: boolean }).ok === true;
    log('request done', { operation: message.operation, ok, ...(!ok && { code: String((outcome as { code?: string }).code) }) });
    return result;
  };

  let servicePublicKey = '';
  let lastHeartbeat = 0;
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      if (Date.now() - lastHeartbeat >= (options.heartbeatMs ?? 5 * 60_000)) {
        ({ servicePublicKey } = await post<{ servicePublicKey: string }>('/api/v1/agent/heartbeat', { publicKey: keys.publicKey, version: options.version }));
        lastHeartbeat = Date.now();
        log('heartbeat');
      }
      const polled = await post<{ servicePublicKey: string; requests: SealedAgentMessage[] }>('/api/v1/agent/poll', { publicKey: keys.publicKey });
      servicePublicKey = polled.servicePublicKey;
      const results = (await Promise.all(polled.requests.map((request) => perform(request, servicePublicKey)))).filter((r) => r !== undefined);
      if (results.length > 0) await post('/api/v1/agent/results', { publicKey: keys.publicKey, results });
      backoff = 1000;
    } catch (error) {
      if (signal.aborted) break;
      // An outdated agent asks again only at the longest back-off: a service rolled back to an older release may take it.
      if (error instanceof AgentOutdated) backoff = options.maxBackoffMs ?? 60_000;
      else log('service unreachable, retrying', { inMs: backoff, reason: error instanceof Error ? error.message : 'error' });
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 60_000);
    }
  }
};
