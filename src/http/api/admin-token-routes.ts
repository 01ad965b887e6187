import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { adminRoles } from '../../core/roles/catalogue.js';
import { apiTokenPolicy } from '../../core/tokens/api-tokens.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const NewToken = Type.Object(
  {
    name: Type.String({ maxLength: apiTokenPolicy.maxNameLength }),
    roles: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: adminRoles.length }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: apiTokenPolicy.maxExpiresInDays })),
  },
  { additionalProperties: false },
);

/**
 * API tokens: Global Administrator, signed in (a token cannot manage tokens). The token is in the
 * creation response only; afterwards the store holds just its keyed hash.
 */
export const adminTokenRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { apiTokens } = context.services;
  const preHandler = requireApiSession(context, roleGroups.manageTokens, { sessionOnly: true });
  const admin = (request: FastifyRequest) => request.admin!;
  const tags = ['admin: API tokens'];

  app.get(
    '/api/v1/admin/tokens',
    {
      preHandler,
      schema: { tags, summary: 'API tokens with status; never the token', response: problemResponses(401, 403) },
    },
    async (request) => ({ tokens: await apiTokens.list(admin(request).tenantId) }),
  );

  app.post<{ Body: Static<typeof NewToken> }>(
    '/api/v1/admin/tokens',
    {
      preHandler,
      schema: {
        tags,
        summary: `Create a token acting with the given roles; expires in 1 to ${apiTokenPolicy.maxExpiresInDays} days (default ${apiTokenPolicy.defaultExpiresInDays})`,
        body: NewToken,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request, reply) => reply.code(201).send(await apiTokens.create(admin(request), request.body)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/admin/tokens/:id',
    {
      preHandler,
      schema: { tags, summary: 'Revoke a token at once', response: problemResponses(401, 403, 404) },
    },
    async (request) => apiTokens.revoke(admin(request), request.params.id),
  );
};
