import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const Settings = Type.Object({
  profile: Type.Union([Type.Literal('entra'), Type.Literal('nist')]),
  nistMinLength: Type.Integer(),
  nistMaxLength: Type.Integer(),
  enforceCustomList: Type.Boolean(),
  breachedCheck: Type.Boolean(),
  commonPasswordCheck: Type.Boolean(),
});
const SettingsPatch = Type.Partial(Settings, { additionalProperties: false, minProperties: 1 });
const Terms = Type.Object(
  { terms: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
const TermList = Type.Object({ terms: Type.Array(Type.String()), total: Type.Integer() });

export const adminPasswordProtectionRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { services } = context;
  const preHandler = requireApiSession(context, roleGroups.passwordProtection);
  const base = '/api/v1/admin/password-protection';
  // The guard sets request.admin for an admin session and for an API token alike.
  const actorOf = (request: FastifyRequest) => request.admin!.actor;
  const tags = ['admin: password protection'];

  app.get(
    base,
    {
      preHandler,
      schema: {
        tags,
        summary: "The tenant's password protection settings",
        response: { 200: Settings, ...problemResponses(401, 403) },
      },
    },
    async (request) => services.passwordProtection.settingsOf(request.admin!.tenantId),
  );

  app.patch<{ Body: Static<typeof SettingsPatch> }>(
    base,
    {
      preHandler,
      schema: {
        tags,
        summary: 'Change password protection settings',
        body: SettingsPatch,
        response: { 200: Settings, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      services.passwordProtection.updateSettings(request.admin!.tenantId, request.body, actorOf(request)),
  );

  app.get(
    `${base}/banned-terms`,
    {
      preHandler,
      schema: {
        tags,
        summary: 'The custom banned password list',
        response: { 200: TermList, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const terms = await services.passwordProtection.listCustomTerms(request.admin!.tenantId);
      return { terms: terms.map((t) => t.term), total: terms.length };
    },
  );

  app.post<{ Body: Static<typeof Terms> }>(
    `${base}/banned-terms`,
    {
      preHandler,
      schema: {
        tags,
        summary: 'Add terms to the custom banned list',
        body: Terms,
        response: { 200: TermList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const result = await services.passwordProtection.addCustomTerms(
        request.admin!.tenantId,
        request.body.terms,
        actorOf(request),
      );
      return { terms: result.added.map((t) => t.term), total: result.total };
    },
  );

  app.delete<{ Params: { term: string } }>(
    `${base}/banned-terms/:term`,
    {
      preHandler,
      schema: {
        tags,
        summary: 'Remove a term from the custom banned list',
        params: Type.Object({ term: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { removed } = await services.passwordProtection.removeCustomTerms(
        request.admin!.tenantId,
        [request.params.term],
        actorOf(request),
      );
      if (removed === 0) return sendProblem(reply, 'NOT_FOUND', { detail: 'The term is not on the list.' });
      return reply.code(204).send();
    },
  );
};
