/**
 * On-premises agents (issue 7, item 5): enrollment (token shown once, kept as a keyed hash), revocation, key
 * rotation, and the agent's side of the long-poll protocol. An agent proves itself with its token on every call
 * (`authenticate`, which the routes run before reading the body; the protocol methods take the agent it returns);
 * its public key is pinned on first contact, and every payload in either direction is sealed end to end.
 */
import { agentVersionPolicy, agentVersionStanding } from '../../core/directory/agent-version.js';
import { checkName } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import type { Agent, AuditEvent } from '../../core/model.js';
import type { AgentEnvelope, SealedAgentMessage } from '../../core/ports.js';
import { purgeAgentQueue } from './agent-queue-purge.js';
import { agentKeySealPurpose, agentTimingOf, isAgentFresh, isAgentOperation, pause } from './agent-timing.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { orThrow } from '../validation.js';

const tokenPattern = /^sspra_([0-9a-f-]{36})\.[A-Za-z0-9_-]{20,}$/;

/** An agent's name, as the console's enrol form limits it too. */
export const agentNameMaxLength = 128;

export type AgentView = Omit<
  Agent,
  'tokenHash' | 'sealedServicePrivateKey' | 'agentPublicKey' | 'servicePublicKey' | 'lastPollAt'
> & {
  /** The agent's last long poll (always set by `toView`; optional so views built before 0012 still type-check). */
  lastPollAt?: string | null;
  keyPinned: boolean;
  status: AgentStatus;
  message: string;
  /** The version to install when this agent is out-of-date (outdated or unsupported); null otherwise. */
  upgradeTo: string | null;
};

/**
 * `outdated`: connected, older than this release, still served. `unsupported`: older than the minimum (or an
 * unreadable version): refused (AGENT_OUTDATED) and never used for writeback, whatever its heartbeat says.
 */
export const agentStatuses = ['connected', 'outdated', 'unsupported', 'notConnected', 'revoked'] as const;
export type AgentStatus = (typeof agentStatuses)[number];

/** Entra's writeback client status lines (reference §3), by agent status; "Microsoft Entra Connect" is our agent. */
export const agentStatusMessages: Record<AgentStatus, string> = {
  connected: 'Your on-premises writeback client is up and running.',
  outdated:
    'Your on-premises writeback client is connected. However, the installed version of the OpenSSPR agent is out-of-date. Please upgrade the agent to the latest version.',
  unsupported:
    "We can't check your on-premises writeback client status because the installed version of the OpenSSPR agent is out-of-date. Please upgrade the agent: until then, no password is written back through it.",
  notConnected: "We can't connect to your on-premises writeback client right now.",
  revoked:
    "We can't connect to your on-premises writeback client because password writeback has not been properly configured (the agent was revoked).",
};

export const createAgentService = (deps: ServiceDeps) => {
  const timing = agentTimingOf(deps);
  const versions = deps.agentVersions ?? agentVersionPolicy;
  const hashOf = (token: string) => deps.keyed.digest('agent-token', token);
  const decoyHash = hashOf('sspra_decoy');
  const envelope = (): AgentEnvelope => {
    if (!deps.agentEnvelope)
      throw new SsprError('DIRECTORY_MISCONFIGURED', 'agents are not available here', { reason: 'unsupported' });
    return deps.agentEnvelope;
  };
  const newServiceKeys = () => {
    const pair = envelope().generateKeyPair();
    return {
      servicePublicKey: pair.publicKey,
      sealedServicePrivateKey: deps.sealer.seal(agentKeySealPurpose, pair.privateKey),
    };
  };
  const toView = (agent: Agent): AgentView => {
    const { tokenHash: _t, sealedServicePrivateKey: _k, agentPublicKey, servicePublicKey: _p, ...rest } = agent;
    const fresh = isAgentFresh(agent.lastHeartbeatAt, deps.clock.now());
    const standing = agentVersionStanding(agent.version, versions);
    // Below the minimum nothing is checked (Entra's "can't check … status"): the agent is refused either way.
    const status: AgentStatus =
      agent.revokedAt !== null
        ? 'revoked'
        : standing === 'unsupported'
          ? 'unsupported'
          : !fresh
            ? 'notConnected'
            : standing === 'outdated'
              ? 'outdated'
              : 'connected';
    const upgradeTo = standing === 'outdated' || standing === 'unsupported' ? versions.current : null;
    return { ...rest, keyPinned: agentPublicKey !== null, status, message: agentStatusMessages[status], upgradeTo };
  };

  /** An agent older than the minimum speaks a protocol we may no longer understand: it gets no work. */
  const refuseUnsupported = (version: string | null) => {
    if (agentVersionStanding(version, versions) !== 'unsupported') return;
    throw new SsprError('AGENT_OUTDATED', undefined, {
      version,
      minimumVersion: versions.minimum,
      currentVersion: versions.current,
    });
  };

  /** The live agent the token names; any mismatch is the same AGENT_UNAUTHORIZED (no hint which part failed). */
  const authenticate = async (token: string): Promise<Agent> => {
    const match = tokenPattern.exec(token);
    const agent = match ? await deps.store.agents.findById(match[1]!) : undefined;
    const hash = hashOf(token);
    const valid = deps.keyed.equals(hash, agent?.tokenHash ?? decoyHash);
    if (!agent || !valid || agent.revokedAt !== null) throw new SsprError('AGENT_UNAUTHORIZED');
    return agent;
  };

  /** Pins the agent's key on first contact; a different key afterwards is refused until `rotateKeys`. */
  const contact = async (agent: Agent, publicKey: string): Promise<Agent> => {
    if (agent.agentPublicKey === publicKey) return agent;
    if (agent.agentPublicKey !== null) throw new SsprError('AGENT_UNAUTHORIZED');
    try {
      // Only a key requests can be sealed for is pinned: a bad one would fail every later directory call.
      envelope().seal(publicKey, 'probe', 'probe', '');
    } catch {
      throw new SsprError('VALIDATION_FAILED', 'publicKey is not an RSA public key (PEM)');
    }
    if (await deps.store.agents.pinPublicKey(agent.tenantId, agent.agentId, publicKey)) {
      return { ...agent, agentPublicKey: publicKey };
    }
    throw new SsprError('AGENT_UNAUTHORIZED');
  };

  return {
    /** The live agent a token names (AGENT_UNAUTHORIZED otherwise); the routes call it before reading a body. */
    authenticate,

    async enroll(tenantId: string, name: string, actor: AuditEvent['actor']) {
      const agentName = orThrow(checkName(name, 'the agent name', agentNameMaxLength));
      const agentId = deps.random.uuid();
      const token = `sspra_${agentId}.${deps.random.token(32)}`;
      const agent: Agent = {
        tenantId,
        agentId,
        name: agentName,
        tokenHash: hashOf(token),
        agentPublicKey: null,
        ...newServiceKeys(),
        version: null,
        lastHeartbeatAt: null,
        lastPollAt: null,
        createdAt: deps.clock.now().toISOString(),
        revokedAt: null,
      };
      await deps.store.transaction(async (store) => {
        await store.agents.create(agent);
        await recordAudit(deps, store, {
          tenantId,
          activity: 'addAgent',
          actor,
          target: { type: 'agent', id: agentId, name: agentName },
        });
      });
      return { token, ...toView(agent) };
    },

    async list(tenantId: string): Promise<AgentView[]> {
      return (await deps.store.agents.list(tenantId)).map(toView);
    },

    async revoke(tenantId: string, agentId: string, actor: AuditEvent['actor']): Promise<void> {
      await deps.store.transaction(async (store) => {
        if (!(await store.agents.revoke(tenantId, agentId, deps.clock.now().toISOString())))
          throw new SsprError('AGENT_NOT_FOUND');
        await recordAudit(deps, store, {
          tenantId,
          activity: 'revokeAgent',
          actor,
          target: { type: 'agent', id: agentId, name: null },
        });
      });
    },

    /** New service key pair; the agent's pinned key is released, so its next contact pins its (new) key. */
    async rotateKeys(tenantId: string, agentId: string, actor: AuditEvent['actor']): Promise<void> {
      const keys = newServiceKeys();
      await deps.store.transaction(async (store) => {
        if (!(await store.agents.rotateServiceKeys(tenantId, agentId, keys))) throw new SsprError('AGENT_NOT_FOUND');
        await recordAudit(deps, store, {
          tenantId,
          activity: 'rotateAgentKeys',
          actor,
          target: { type: 'agent', id: agentId, name: null },
        });
      });
    },

    /** Long poll: the requests waiting for this agent, sealed for its key, as soon as there are any. */
    async poll(
      authenticated: Agent,
      publicKey: string,
      signal?: AbortSignal,
    ): Promise<{ servicePublicKey: string; requests: SealedAgentMessage[] }> {
      const agent = await contact(authenticated, publicKey);
      refuseUnsupported(agent.version);
      const until = Date.now() + timing.pollWaitMs;
      // At the start and the end of each poll: between the two the agent is waiting on us, so it counts as polling.
      const recordPoll = () =>
        deps.store.agents.recordPoll(agent.tenantId, agent.agentId, deps.clock.now().toISOString());
      await recordPoll();
      for (;;) {
        // A poller that hung up takes nothing: what it would have claimed stays for the next poll.
        const now = deps.clock.now();
        const redeliverBefore = new Date(now.getTime() - timing.redeliverAfterSeconds * 1000).toISOString();
        const claimed = signal?.aborted
          ? []
          : await deps.store.agents.claim(agent.tenantId, agent.agentId, now.toISOString(), 10, redeliverBefore);
        if (claimed.length > 0 || Date.now() >= until || signal?.aborted) {
          await recordPoll();
          return {
            servicePublicKey: agent.servicePublicKey,
            requests: claimed.map((request) => JSON.parse(request.payload!) as SealedAgentMessage),
          };
        }
        await pause(timing.checkIntervalMs);
      }
    },

    /** Results sealed for the service's key; a duplicate, expired or unknown one is ignored (idempotent by id). */
    async results(
      authenticated: Agent,
      publicKey: string,
      messages: readonly SealedAgentMessage[],
    ): Promise<{ accepted: number; ignored: number }> {
      const agent = await contact(authenticated, publicKey);
      let privateKey: string;
      try {
        privateKey = deps.sealer.open(agentKeySealPurpose, agent.sealedServicePrivateKey);
      } catch (error) {
        // Sealed under another SSPR_SECRET: `sspr agent rotate-keys` gives the agent a key the service can open.
        throw new SsprError(
          'DIRECTORY_MISCONFIGURED',
          "the agent's service key cannot be unsealed; rotate the agent's keys",
          { reason: 'serviceBindFailed' },
          { cause: error },
        );
      }
      let accepted = 0;
      for (const message of messages) {
        const request = await deps.store.agents.findRequest(agent.tenantId, message.id);
        if (
          !request ||
          request.agentId !== agent.agentId ||
          request.operation !== message.operation ||
          !isAgentOperation(message.operation)
        )
          continue;
        let result: string;
        try {
          result = envelope().open(privateKey, message);
          JSON.parse(result);
        } catch {
          continue;
        }
        if (
          await deps.store.agents.complete(
            agent.tenantId,
            agent.agentId,
            message.id,
            result,
            deps.clock.now().toISOString(),
          )
        )
          accepted += 1;
      }
      return { accepted, ignored: messages.length - accepted };
    },

    /** The queue's clean-up for every tenant (agent-queue-purge.ts); `sspr serve` runs it every minute. */
    purgeQueue: () => purgeAgentQueue(deps),

    async heartbeat(authenticated: Agent, publicKey: string, version: string): Promise<{ servicePublicKey: string }> {
      const agent = await contact(authenticated, publicKey);
      // Recorded first, so the console shows why an unsupported agent is refused.
      await deps.store.agents.heartbeat(agent.tenantId, agent.agentId, deps.clock.now().toISOString(), version);
      refuseUnsupported(version);
      return { servicePublicKey: agent.servicePublicKey };
    },
  };
};

export type AgentService = ReturnType<typeof createAgentService>;
