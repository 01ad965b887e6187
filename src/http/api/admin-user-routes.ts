import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { adminRoles } from '../../core/roles/catalogue.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const text = (maxLength: number) => Type.String({ maxLength });
const clearable = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);
const digits = Type.String({ pattern: '^[0-9]{1,6}$' });

const yesNo = Type.Union([Type.Literal('true'), Type.Literal('false')]);
const ListQuery = Type.Object(
  {
    search: Type.Optional(text(256)),
    top: Type.Optional(digits),
    skip: Type.Optional(digits),
    registered: Type.Optional(yesNo),
    capable: Type.Optional(yesNo),
  },
  { additionalProperties: false },
);
const NewUser = Type.Object(
  {
    upn: text(113),
    password: text(512),
    displayName: Type.Optional(text(256)),
    givenName: Type.Optional(text(64)),
    surname: Type.Optional(text(64)),
    usageLocation: Type.Optional(text(2)),
    mobilePhone: Type.Optional(text(32)),
    officePhone: Type.Optional(text(32)),
    alternateEmail: Type.Optional(text(320)),
  },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  {
    displayName: Type.Optional(text(256)),
    givenName: Type.Optional(clearable(64)),
    surname: Type.Optional(clearable(64)),
    usageLocation: Type.Optional(clearable(2)),
    accountEnabled: Type.Optional(Type.Boolean()),
    mobilePhone: Type.Optional(clearable(32)),
    officePhone: Type.Optional(clearable(32)),
    alternateEmail: Type.Optional(clearable(320)),
  },
  { additionalProperties: false, minProperties: 1 },
);
const Reset = Type.Object(
  {
    password: Type.Optional(text(512)),
    forceChangePasswordNextSignIn: Type.Optional(
      Type.Boolean({
        description: 'The user must change the password at the next sign-in (default true, as in Entra)',
      }),
    ),
  },
  { additionalProperties: false },
);
type UpnParams = { upn: string };
type RoleParams = { upn: string; roleId: string };

/** Users, their roles and admin password reset. Least privilege as Entra: see `core/roles/`. */
export const adminUserRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { userAdmin } = context.services;
  const guard = (allowed: readonly string[]) => requireApiSession(context, allowed);
  const admin = (request: FastifyRequest) => request.admin!;
  const tags = ['admin: users'];

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/admin/users',
    {
      preHandler: guard(roleGroups.readUsers),
      schema: {
        tags,
        summary:
          'Users, by UPN; `search` matches the start of the UPN or display name; `registered` and `capable` (true or ' +
          'false) keep the users the registration report says are (not) registered for SSPR or capable of a reset; ' +
          '`top` ≤ 200, `skip` for the next page',
        querystring: ListQuery,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request) => {
      const { search, top, skip, registered, capable } = request.query;
      return userAdmin.list(admin(request), {
        ...(search !== undefined && { search }),
        ...(registered !== undefined && { registered: registered === 'true' }),
        ...(capable !== undefined && { capable: capable === 'true' }),
        ...(top !== undefined && { top: Number(top) }),
        ...(skip !== undefined && { skip: Number(skip) }),
      });
    },
  );

  app.post<{ Body: Static<typeof NewUser> }>(
    '/api/v1/admin/users',
    {
      preHandler: guard(roleGroups.writeUsers),
      schema: {
        tags,
        summary: 'Create a cloud user, security info pre-populated',
        body: NewUser,
        response: problemResponses(400, 401, 403, 409),
      },
    },
    async (request, reply) => reply.code(201).send(await userAdmin.create(admin(request), request.body)),
  );

  app.patch<{ Params: UpnParams; Body: Static<typeof UserPatch> }>(
    '/api/v1/admin/users/:upn',
    {
      preHandler: guard(roleGroups.writeUsers),
      schema: {
        tags,
        summary: 'Change a user; null clears a field; a new usage location recomputes licences',
        body: UserPatch,
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request) => userAdmin.update(admin(request), request.params.upn, request.body),
  );

  app.delete<{ Params: UpnParams }>(
    '/api/v1/admin/users/:upn',
    {
      preHandler: guard(roleGroups.writeUsers),
      schema: {
        tags,
        summary: 'Delete a user',
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await userAdmin.remove(admin(request), request.params.upn);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: UpnParams; Body: Static<typeof Reset> }>(
    '/api/v1/admin/users/:upn/password',
    {
      preHandler: guard(roleGroups.resetPasswords),
      // The body is optional ("generate one for me"): no body reads as {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: 'Reset a password: the one given, or a temporary one returned once',
        body: Reset,
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request) =>
      userAdmin.resetPassword(admin(request), request.params.upn, request.body.password, {
        ...(request.body.forceChangePasswordNextSignIn !== undefined && {
          forceChange: request.body.forceChangePasswordNextSignIn,
        }),
      }),
  );

  app.get(
    '/api/v1/admin/roles',
    {
      preHandler: guard(roleGroups.readUsers),
      schema: { tags, summary: 'The administrator role catalogue', response: problemResponses(401, 403) },
    },
    async () => ({
      roles: adminRoles.map((role) => ({ id: role.id, displayName: role.displayName, adminPolicy: role.affected })),
    }),
  );

  app.put<{ Params: RoleParams }>(
    '/api/v1/admin/users/:upn/roles/:roleId',
    {
      preHandler: guard(roleGroups.assignRoles),
      schema: {
        tags,
        summary: 'Assign a role (Global Administrator, Privileged Role Administrator)',
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => userAdmin.assignRole(admin(request), request.params.upn, request.params.roleId),
  );

  app.delete<{ Params: RoleParams }>(
    '/api/v1/admin/users/:upn/roles/:roleId',
    {
      preHandler: guard(roleGroups.assignRoles),
      schema: { tags, summary: 'Remove a role', response: problemResponses(400, 401, 403, 404, 409) },
    },
    async (request) => userAdmin.removeRole(admin(request), request.params.upn, request.params.roleId),
  );
};
