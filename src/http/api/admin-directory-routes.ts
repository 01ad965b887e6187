import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { maxDeletionThreshold } from '../../core/directory/sync-safety.js';
import { directoryModes, directoryTypes } from '../../core/model.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const text = (maxLength = 1024) => Type.String({ minLength: 1, maxLength });

/**
 * The CA file is a path on the server, so it is set with the CLI by the operator only: over the API it would
 * let an administrator make the service read a file of their choosing.
 */
const NewConnection = Type.Object(
  {
    type: Type.Union(directoryTypes.map((t) => Type.Literal(t))),
    url: text(),
    bindDn: text(),
    bindPassword: text(),
    baseDn: text(),
    userFilter: Type.Optional(Type.Union([text(), Type.Null()])),
    startTls: Type.Optional(Type.Boolean()),
    mode: Type.Optional(Type.Union(directoryModes.map((m) => Type.Literal(m)))),
    protectedGroups: Type.Optional(Type.Array(text(), { maxItems: 50 })),
    deletionThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: maxDeletionThreshold })),
  },
  { additionalProperties: false },
);
/** What an administrator may change on an existing connection (so far: the accidental-deletion threshold). */
const ConnectionChanges = Type.Object(
  {
    deletionThreshold: Type.Integer({
      minimum: 0,
      maximum: maxDeletionThreshold,
      description: 'a sync that would disable users and delete groups, more than this in all, does none of it; 0: off',
    }),
  },
  { additionalProperties: false },
);
const ConnectionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * On-premises directory connections (issue 7): Global and Hybrid Identity Administrators manage them, Global
 * Readers read them. Tenant and actor come from the signed-in admin or token, never from the request; the
 * bind password goes in once and never comes back.
 */
export const adminDirectoryRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { directories } = context.services;
  const read = requireApiSession(context, roleGroups.readDirectories);
  const write = requireApiSession(context, roleGroups.writeDirectories);
  const admin = (request: FastifyRequest) => request.admin!;
  const tags = ['admin: on-premises directory'];

  app.get(
    '/api/v1/admin/directories',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "The tenant's directory connections with their last test; never the bind password",
        response: problemResponses(401, 403),
      },
    },
    async (request) => ({ directories: await directories.list(admin(request).tenantId) }),
  );

  app.post<{ Body: Static<typeof NewConnection> }>(
    '/api/v1/admin/directories',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Connect the tenant to its OpenLDAP or Active Directory (ldaps://, or ldap:// with startTls)',
        body: NewConnection,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const principal = admin(request);
      return reply.code(201).send(await directories.add(principal.tenantId, request.body, principal.actor));
    },
  );

  app.patch<{ Params: Static<typeof ConnectionParams>; Body: Static<typeof ConnectionChanges> }>(
    '/api/v1/admin/directories/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: "Change a connection's accidental-deletion threshold (audited with the old and new values)",
        params: ConnectionParams,
        body: ConnectionChanges,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => {
      const principal = admin(request);
      return directories.setDeletionThreshold(
        principal.tenantId,
        request.params.id,
        request.body.deletionThreshold,
        principal.actor,
      );
    },
  );

  app.delete<{ Params: Static<typeof ConnectionParams> }>(
    '/api/v1/admin/directories/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Remove a connection (writeback stops; synced users stay)',
        params: ConnectionParams,
        response: problemResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      const principal = admin(request);
      await directories.remove(principal.tenantId, request.params.id, principal.actor);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof ConnectionParams> }>(
    '/api/v1/admin/directories/:id/test',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Bind as the service account and read the base DN (SSPR_0029 misconfigured, SSPR_0030 unreachable)',
        params: ConnectionParams,
        response: problemResponses(401, 403, 404, 502, 503),
      },
    },
    async (request, reply) => {
      const tested = await directories.test(admin(request).tenantId, request.params.id);
      return tested.ok
        ? { ok: true, baseDn: tested.value.baseDn }
        : sendProblem(reply, tested.code, tested.details ?? {});
    },
  );
};
