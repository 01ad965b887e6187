/**
 * The forwarding `DirectoryConnection` (issue 7, item 5): each call becomes a request in the durable queue,
 * sealed for the agent's pinned key, and resolves with the agent's result, or with DIRECTORY_UNREACHABLE
 * (SSPR_0030) when no agent took and answered it before it expired. Listings (sync) go page by page: each
 * page is its own `listPage` request with its own expiry, so a directory of any size never makes one payload.
 */
import { agentVersionPolicy, agentVersionStanding } from '../../core/directory/agent-version.js';
import {
  agentMaxPageEntries,
  listingOverLimit,
  parseListPage,
  parseLockoutPolicy,
  parsePasswordPolicies,
  parsePasswordVerdict,
  type ListPageArgs,
} from '../../core/directory/agent-protocol.js';
import { misconfigured, unreachable, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import { addSeconds } from '../../core/clock.js';
import type { DirectoryType } from '../../core/model.js';
import type { DirectoryConnection, DirectoryEntry, DirectoryListOptions } from '../../core/ports.js';
import { agentTimingOf, isAgentFresh, isAgentPolling, pause, type AgentOperation } from './agent-timing.js';
import type { ServiceDeps } from '../deps.js';

const failureCodes = ['DIRECTORY_POLICY_REJECTED', 'DIRECTORY_UNREACHABLE', 'DIRECTORY_MISCONFIGURED'];

/** The agent is trusted to run the call, not to invent outcomes the callers cannot handle. */
const parseResult = <T>(json: string): DirectoryResult<T> => {
  const parsed = JSON.parse(json) as { ok?: unknown; code?: unknown; value?: unknown; details?: unknown };
  if (parsed.ok === true) return { ok: true, value: parsed.value as T };
  if (
    parsed.ok === false &&
    typeof parsed.code === 'string' &&
    failureCodes.includes(parsed.code) &&
    typeof parsed.details === 'object' &&
    parsed.details !== null
  ) {
    return parsed as DirectoryResult<T>;
  }
  return misconfigured('unsupported', 'the agent returned a malformed result');
};

export const createAgentConnection = (
  deps: ServiceDeps,
  tenantId: string,
  agentId: string,
  dialect: DirectoryType,
): DirectoryConnection => {
  const timing = agentTimingOf(deps);

  const call = async <T>(operation: AgentOperation, args: unknown[]): Promise<DirectoryResult<T>> => {
    const agent = await deps.store.agents.find(tenantId, agentId);
    if (!agent || agent.revokedAt !== null || agent.agentPublicKey === null || !deps.agentEnvelope) {
      return unreachable('the on-premises agent has not connected yet or was revoked');
    }
    const now = deps.clock.now();
    // An agent silent past its heartbeats fails fast: no user waits two minutes on a client known to be down.
    if (!isAgentFresh(agent.lastHeartbeatAt, now))
      return unreachable('the on-premises agent has sent no heartbeat recently');
    // Below the minimum version the service refuses the agent's polls: an administrator must upgrade it (SSPR_0029).
    if (agentVersionStanding(agent.version, deps.agentVersions ?? agentVersionPolicy) === 'unsupported') {
      return misconfigured('agentOutdated', 'the on-premises agent is older than the minimum supported version');
    }
    // Alive but not polling (stuck, or busy elsewhere): nothing would take the request, so do not wait for it.
    if (!isAgentPolling(agent.lastPollAt, now, timing.pollWaitMs))
      return unreachable('the on-premises agent is not polling for work');
    const requestId = deps.random.uuid();
    const sealed = deps.agentEnvelope.seal(agent.agentPublicKey, requestId, operation, JSON.stringify(args));
    const expiresAt = addSeconds(now, timing.requestTtlSeconds).toISOString();
    await deps.store.agents.enqueue({
      tenantId,
      requestId,
      agentId,
      operation,
      payload: JSON.stringify(sealed),
      status: 'queued',
      createdAt: now.toISOString(),
      expiresAt,
      sentAt: null,
      result: null,
      completedAt: null,
    });
    for (;;) {
      await pause(timing.checkIntervalMs);
      // Read once and gone: the result (directory data, in clear) is deleted as it is read, never kept in the queue.
      const result = await deps.store.agents.takeResult(tenantId, requestId);
      if (result !== undefined) return parseResult<T>(result);
      const request = await deps.store.agents.findRequest(tenantId, requestId);
      // Expired by this caller, another instance or the queue purge (which may also have deleted it since).
      if (!request || request.status === 'expired') return unreachable('the on-premises agent did not answer in time');
      const at = deps.clock.now().toISOString();
      // Expired only if the result did not land first; otherwise the next pass reads it.
      if (at >= expiresAt && (await deps.store.agents.expire(tenantId, requestId, at)))
        return unreachable('the on-premises agent did not answer in time');
    }
  };

  /**
   * A listing through the agent: page 0 starts it on the agent, each next page is asked once the previous one is
   * stored, so the agent never reads ahead of the sync. Any failure (an agent restarted mid-listing answers
   * DIRECTORY_UNREACHABLE) ends it; the next sync run starts over with a new listing.
   */
  const list = async (
    kind: ListPageArgs['kind'],
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ): Promise<DirectoryResult<{ entries: number }>> => {
    const listingId = deps.random.uuid();
    const pageOptions = {
      ...options,
      pageSize: Math.min(options.pageSize ?? agentMaxPageEntries, agentMaxPageEntries),
    };
    let entries = 0;
    for (let page = 0; ; page += 1) {
      const args: ListPageArgs = { kind, options: pageOptions, listingId, page };
      const answered = await call<unknown>('listPage', [args]);
      if (!answered.ok) return answered;
      const parsed = parseListPage(answered.value);
      if (!parsed) return misconfigured('unsupported', 'the agent returned a malformed page');
      entries += parsed.entries.length;
      // Checked before the page is stored: an agent that never says done is cut off, not followed for ever.
      const overLimit = parsed.done ? undefined : listingOverLimit(page + 1, entries);
      if (overLimit) return misconfigured('unsupported', overLimit);
      if (parsed.entries.length > 0) await onPage(parsed.entries);
      if (parsed.done) return { ok: true, value: { entries } };
    }
  };

  return {
    dialect,
    test: () => call('test', []),
    findUser: (login) => call<DirectoryEntry | null>('findUser', [login]),
    setPassword: (dn, newPassword, options) => call<void>('setPassword', [dn, newPassword, options]),
    unlock: (dn) => call<void>('unlock', [dn]),
    isLocked: (dn) => call<boolean>('isLocked', [dn]),
    verifyPassword: async (dn, password) => {
      const answered = await call<unknown>('verifyPassword', [dn, password]);
      if (!answered.ok) return answered;
      const verdict = parsePasswordVerdict(answered.value);
      return verdict
        ? { ok: true, value: verdict }
        : misconfigured('unsupported', 'the agent returned a malformed password check');
    },
    readLockoutPolicy: async (dn) => {
      const answered = await call<unknown>('readLockoutPolicy', [dn]);
      if (!answered.ok) return answered;
      const policy = parseLockoutPolicy(answered.value);
      return policy === undefined
        ? misconfigured('unsupported', 'the agent returned a malformed lockout policy')
        : { ok: true, value: policy };
    },
    // An agent older than this operation refuses it: sync then leaves the expiries it cannot tell as they were.
    readPasswordPolicies: async (policyDns) => {
      const answered = await call<unknown>('readPasswordPolicies', [[...policyDns]]);
      if (!answered.ok) return answered;
      const policies = parsePasswordPolicies(answered.value);
      return policies
        ? { ok: true, value: policies }
        : misconfigured('unsupported', 'the agent returned malformed password policies');
    },
    listUsers: (options, onPage) => list('users', options, onPage),
    listGroups: (options, onPage) => list('groups', options, onPage),
    // An agent older than `deleted` listings refuses the kind: the sync then reports deletions as not seen.
    listDeleted: (options, onPage) => list('deleted', options, onPage),
  };
};
