import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { agentStatuses } from '../../services/agent/agent-service.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const NewAgent = Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
const AgentParams = Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 64 }) });
const nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

/** An agent as administrators see it: never its token hash or keys. Later fields (e.g. poll times) pass through. */
const AgentView = Type.Object(
  {
    tenantId: Type.String(),
    agentId: Type.String(),
    name: Type.String(),
    version: nullable(Type.String()),
    lastHeartbeatAt: nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: nullable(Type.String({ format: 'date-time' })),
    keyPinned: Type.Boolean(),
    status: Type.Union(agentStatuses.map((s) => Type.Literal(s))),
    message: Type.String({ description: "Entra's writeback client status line for this agent" }),
    upgradeTo: nullable(Type.String({ description: 'the version to install when the agent is out-of-date' })),
  },
  { additionalProperties: true },
);
const Enrolled = Type.Intersect([
  AgentView,
  Type.Object({ token: Type.String({ description: 'shown once; only its keyed hash is stored' }) }),
]);

/**
 * On-premises agents (issue 7) over the admin API, with the directory connections' roles: Global and Hybrid
 * Identity Administrators enrol, revoke and rotate; Global Readers list. Tenant and actor come from the session or
 * API token; another tenant's agent is AGENT_NOT_FOUND. The service audits each change in its transaction.
 */
export const adminAgentRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { agents } = context.services;
  const read = requireApiSession(context, roleGroups.readDirectories);
  const write = requireApiSession(context, roleGroups.writeDirectories);
  const admin = (request: FastifyRequest) => request.admin!;
  const tags = ['admin: on-premises agents'];

  app.get(
    '/api/v1/admin/agents',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "The tenant's agents with their status, version and last heartbeat",
        response: { 200: Type.Object({ agents: Type.Array(AgentView) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ agents: await agents.list(admin(request).tenantId) }),
  );

  app.post<{ Body: Static<typeof NewAgent> }>(
    '/api/v1/admin/agents',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Enrol an agent: its token is in this answer only (run `sspr agent --server … --token …` next to the directory)',
        body: NewAgent,
        response: { 201: Enrolled, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const principal = admin(request);
      const enrolled = await agents.enroll(principal.tenantId, request.body.name, principal.actor);
      // The token is a credential: no cache (browser, proxy) may keep this answer.
      return reply.code(201).header('cache-control', 'no-store').send(enrolled);
    },
  );

  app.delete<{ Params: Static<typeof AgentParams> }>(
    '/api/v1/admin/agents/:agentId',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Revoke an agent at once: its token stops working and writeback through it stops',
        params: AgentParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = admin(request);
      await agents.revoke(principal.tenantId, request.params.agentId, principal.actor);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof AgentParams> }>(
    '/api/v1/admin/agents/:agentId/rotate-keys',
    {
      preHandler: write,
      schema: {
        tags,
        summary: "New service keys for the agent; its next contact pins the agent's key again",
        params: AgentParams,
        response: {
          200: Type.Object({ agentId: Type.String(), rotated: Type.Boolean() }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = admin(request);
      await agents.rotateKeys(principal.tenantId, request.params.agentId, principal.actor);
      return { agentId: request.params.agentId, rotated: true };
    },
  );
};
