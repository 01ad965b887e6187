import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

/** Security questions and phone settings are authentication-method policy: the SSPR policy's readers and writers. */
const roles = { read: roleGroups.readPolicy, write: roleGroups.writePolicy };

const QuestionBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 400 }) },
  { additionalProperties: false },
);
const SettingsPatch = Type.Object(
  {
    allowedCountries: Type.Optional(Type.Array(Type.String({ maxLength: 2 }), { maxItems: 250 })),
    dailyCapPerNumber: Type.Optional(Type.Integer()),
    dailyCapPerTenant: Type.Optional(Type.Integer()),
    hourlyCapPerPrefix: Type.Optional(Type.Integer()),
    hourlyCapPerIp: Type.Optional(Type.Integer()),
    hourlyPhoneBudget: Type.Optional(Type.Integer()),
    smsNotices: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const adminSecurityInfoRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { services } = context;
  const guard = (allowed: readonly string[]) => requireApiSession(context, allowed);
  // The guard sets request.admin for an admin session and for an API token alike.
  const tenantOf = (request: FastifyRequest) => request.admin!.tenantId;
  const actorOf = (request: FastifyRequest) => request.admin!.actor;
  const tags = ['admin: security info'];
  const view = (q: { questionId: string; text: string; createdAt: string }) => ({
    id: q.questionId,
    text: q.text,
    createdAt: q.createdAt,
  });

  app.get(
    '/api/v1/admin/security-questions',
    {
      preHandler: guard(roles.read),
      schema: { tags, summary: "The tenant's custom security questions", response: problemResponses(401, 403) },
    },
    async (request) => ({
      questions: (await services.securityInfoAdmin.listCustomQuestions(tenantOf(request))).map(view),
    }),
  );

  app.post<{ Body: Static<typeof QuestionBody> }>(
    '/api/v1/admin/security-questions',
    {
      preHandler: guard(roles.write),
      schema: {
        tags,
        summary: 'Add a custom security question (3-200 characters, at most 20)',
        body: QuestionBody,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          view(
            await services.securityInfoAdmin.addCustomQuestion(tenantOf(request), request.body.text, actorOf(request)),
          ),
        ),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/admin/security-questions/:id',
    {
      preHandler: guard(roles.write),
      schema: {
        tags,
        summary: 'Remove a custom security question (and every answer to it)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await services.securityInfoAdmin.removeCustomQuestion(tenantOf(request), request.params.id, actorOf(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/admin/security-info-settings',
    {
      preHandler: guard(roles.read),
      schema: {
        tags,
        summary: 'Allowed phone countries, send caps, the SMS budget and SMS notices',
        response: problemResponses(401, 403),
      },
    },
    async (request) => services.securityInfoAdmin.settings(tenantOf(request)),
  );

  app.patch<{ Body: Static<typeof SettingsPatch> }>(
    '/api/v1/admin/security-info-settings',
    {
      preHandler: guard(roles.write),
      schema: {
        tags,
        summary: "Change allowed phone countries (empty: the tenant's country), send caps, the SMS budget, SMS notices",
        body: SettingsPatch,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request) => services.securityInfoAdmin.updateSettings(tenantOf(request), request.body, actorOf(request)),
  );

  app.get(
    '/api/v1/admin/sms-breaker',
    {
      preHandler: guard(roles.read),
      schema: {
        tags,
        summary: "The SMS budget breaker: open or closed, until when, this hour's SMS and voice sends",
        response: problemResponses(401, 403),
      },
    },
    async (request) => services.securityInfoAdmin.breaker(tenantOf(request)),
  );

  app.post(
    '/api/v1/admin/sms-breaker/close',
    {
      preHandler: guard(roles.write),
      schema: {
        tags,
        summary: 'Close an open SMS budget breaker (closed: false when it was not open)',
        response: problemResponses(401, 403),
      },
    },
    async (request) => services.securityInfoAdmin.closeBreaker(tenantOf(request), actorOf(request)),
  );
};
