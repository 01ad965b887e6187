import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { SsprError } from '../../core/errors.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const NewGroup = Type.Object({ name: Type.String({ maxLength: 256 }) }, { additionalProperties: false });
const Member = Type.Object(
  { upn: Type.Optional(Type.String({ maxLength: 113 })), group: Type.Optional(Type.String({ maxLength: 256 })) },
  { additionalProperties: false, minProperties: 1 },
);
const MemberParams = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('user'), Type.Literal('group')]),
  member: Type.String(),
});

/** Groups and direct membership. Removing a user recomputes group-based licences in the same transaction. */
export const adminGroupRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { groups } = context.services;
  const guard = (allowed: readonly string[]) => requireApiSession(context, allowed);
  const tenantOf = (request: FastifyRequest) => request.admin!.tenantId;
  const actorOf = (request: FastifyRequest) => request.admin!.actor;
  const tags = ['admin: groups'];

  app.get(
    '/api/v1/admin/groups',
    {
      preHandler: guard(roleGroups.readGroups),
      schema: { tags, summary: 'Groups, by name', response: problemResponses(401, 403) },
    },
    async (request) => ({ groups: await groups.listGroups(tenantOf(request)) }),
  );

  app.post<{ Body: Static<typeof NewGroup> }>(
    '/api/v1/admin/groups',
    {
      preHandler: guard(roleGroups.writeGroups),
      schema: { tags, summary: 'Create a group', body: NewGroup, response: problemResponses(400, 401, 403, 409) },
    },
    async (request, reply) =>
      reply.code(201).send(await groups.createGroup(tenantOf(request), request.body.name, actorOf(request))),
  );

  app.get<{ Params: { name: string } }>(
    '/api/v1/admin/groups/:name',
    {
      preHandler: guard(roleGroups.readGroups),
      schema: { tags, summary: 'A group and its direct members', response: problemResponses(401, 403, 404) },
    },
    async (request) => groups.showGroup(tenantOf(request), request.params.name),
  );

  app.post<{ Params: { name: string }; Body: Static<typeof Member> }>(
    '/api/v1/admin/groups/:name/members',
    {
      preHandler: guard(roleGroups.writeGroups),
      schema: {
        tags,
        summary: 'Add a user `{upn}` or a nested group `{group}`',
        body: Member,
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const { upn, group } = request.body;
      if (Boolean(upn) === Boolean(group)) throw new SsprError('VALIDATION_FAILED', 'give exactly one of upn or group');
      return groups.addMember(
        tenantOf(request),
        request.params.name,
        upn ? { upn } : { group: group! },
        actorOf(request),
      );
    },
  );

  app.delete<{ Params: Static<typeof MemberParams> }>(
    '/api/v1/admin/groups/:name/members/:type/:member',
    {
      preHandler: guard(roleGroups.writeGroups),
      schema: {
        tags,
        summary: 'Remove a direct member: `user/{upn}` or `group/{name}`',
        params: MemberParams,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => {
      const { name, type, member } = request.params;
      return groups.removeMember(
        tenantOf(request),
        name,
        type === 'user' ? { upn: member } : { group: member },
        actorOf(request),
      );
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/api/v1/admin/groups/:name',
    {
      preHandler: guard(roleGroups.writeGroups),
      schema: {
        tags,
        summary: "Delete a group (refused while it is the SSPR policy's selected group)",
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await groups.deleteGroup(tenantOf(request), request.params.name, actorOf(request));
      return reply.code(204).send();
    },
  );
};
