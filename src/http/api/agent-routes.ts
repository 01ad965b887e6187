import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { agentMaxSealedChars, agentResultsBodyLimit } from '../../core/directory/agent-protocol.js';
import { SsprError } from '../../core/errors.js';
import type { Agent } from '../../core/model.js';
import type { HttpContext } from '../context.js';
import { memoryAllowance, sharedAllowance } from './agent-allowance.js';
import { problemResponses } from './schemas.js';

const b64 = (maxLength: number) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]*$' });
const PublicKey = Type.String({ minLength: 64, maxLength: 2048 });
const Sealed = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    operation: Type.String({ minLength: 1, maxLength: 32 }),
    wrappedKey: b64(1024),
    iv: b64(32),
    // A listing page with one large entry (a big group) is the largest result (agent-protocol.ts).
    ciphertext: b64(agentMaxSealedChars),
    tag: b64(32),
  },
  { additionalProperties: false },
);
const Poll = Type.Object({ publicKey: PublicKey }, { additionalProperties: false });
const Results = Type.Object(
  { publicKey: PublicKey, results: Type.Array(Sealed, { maxItems: 50 }) },
  { additionalProperties: false },
);
const Heartbeat = Type.Object(
  { publicKey: PublicKey, version: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const maxTokenLength = 128;
const tokenOf = (request: FastifyRequest): string => {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  // A real token is under 100 characters: anything longer is refused before it is hashed.
  if (!token || token.length > maxTokenLength) throw new SsprError('AGENT_UNAUTHORIZED');
  return token;
};

/**
 * The on-premises agent's outbound protocol (issue 7, item 5): it long-polls for work, posts sealed results and
 * sends a heartbeat. Authenticated by the agent token alone; payloads are end-to-end encrypted, so the JSON here
 * carries nothing readable but ids and operation names.
 */
export const agentRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { agents } = context.services;
  const tags = ['agent'];
  const { config } = context;
  // With SSPR_REDIS_URL the windows are shared by every instance (and fail closed when Redis is down).
  const failures = config.redis
    ? sharedAllowance(app, 'agent-failures', config.agentRateLimitPerMinute)
    : memoryAllowance(config.agentRateLimitPerMinute);
  const perAgent = config.redis
    ? sharedAllowance(app, 'agent-requests', config.agentRequestLimitPerMinute)
    : memoryAllowance(config.agentRequestLimitPerMinute);
  const authenticated = new WeakMap<FastifyRequest, Agent>();
  const limited = (reply: FastifyReply, seconds: number): never => {
    reply.header('retry-after', String(seconds));
    throw new SsprError('RATE_LIMITED');
  };
  /**
   * The token is checked when a request arrives, before its body is read: a bad one is 401 at once, whatever body
   * follows. Only FAILED authentications count against the client's address (SSPR_AGENT_RATE_LIMIT), so token
   * guessing is bounded while agents behind one address never starve each other; an authenticated agent has its
   * own allowance (SSPR_AGENT_REQUEST_LIMIT), counted per request: a long poll is one however long it waits.
   */
  app.addHook('onRequest', async (request, reply) => {
    const blocked = await failures.exhausted(request, request.ip);
    if (blocked !== undefined) limited(reply, blocked);
    let agent: Agent;
    try {
      agent = await agents.authenticate(tokenOf(request));
    } catch (error) {
      await failures.use(request, request.ip);
      throw error;
    }
    const over = await perAgent.use(request, agent.agentId);
    if (over !== undefined) limited(reply, over);
    authenticated.set(request, agent);
  });
  const agentOf = (request: FastifyRequest): Agent => {
    const agent = authenticated.get(request);
    if (!agent) throw new SsprError('AGENT_UNAUTHORIZED');
    return agent;
  };
  /** A valid token with a public key other than the pinned one is a failed authentication too: counted alike. */
  const asAgent = async <T>(request: FastifyRequest, work: (agent: Agent) => Promise<T>): Promise<T> => {
    try {
      return await work(agentOf(request));
    } catch (error) {
      if (error instanceof SsprError && error.code === 'AGENT_UNAUTHORIZED') await failures.use(request, request.ip);
      throw error;
    }
  };

  app.post<{ Body: Static<typeof Poll> }>(
    '/api/v1/agent/poll',
    {
      schema: {
        tags,
        summary:
          'Wait up to ~25 s for requests for this agent (sealed for its key); AGENT_OUTDATED below the minimum version',
        body: Poll,
        response: problemResponses(400, 401, 403, 429),
      },
    },
    async (request, reply) => {
      // A poller that hangs up stops waiting: its requests stay queued for the next poll.
      const abort = new AbortController();
      reply.raw.once('close', () => abort.abort());
      return asAgent(request, (agent) => agents.poll(agent, request.body.publicKey, abort.signal));
    },
  );

  app.post<{ Body: Static<typeof Results> }>(
    '/api/v1/agent/results',
    {
      // A sync page is larger than the server's default body limit allows; the token is checked before it is read.
      bodyLimit: agentResultsBodyLimit,
      schema: {
        tags,
        summary: 'Results sealed for the service; duplicates are ignored',
        body: Results,
        response: problemResponses(400, 401, 413, 429),
      },
    },
    async (request) => asAgent(request, (agent) => agents.results(agent, request.body.publicKey, request.body.results)),
  );

  app.post<{ Body: Static<typeof Heartbeat> }>(
    '/api/v1/agent/heartbeat',
    {
      schema: {
        tags,
        summary:
          "The agent's version, for its status; AGENT_OUTDATED (recorded, then refused) below the minimum version",
        body: Heartbeat,
        response: problemResponses(400, 401, 403, 429),
      },
    },
    async (request) =>
      asAgent(request, (agent) => agents.heartbeat(agent, request.body.publicKey, request.body.version)),
  );
};
