import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { countPasswordExpiry } from '../../services/reports/password-expiry-counts.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const Policy = Type.Object({
  domain: Type.String(),
  validityDays: Type.Union([Type.Integer(), Type.Null()]),
  notifyDays: Type.Integer(),
  passwordsNeverExpire: Type.Boolean(),
});
const View = Type.Object({
  domains: Type.Array(Policy),
  reminders: Type.Object({
    reminderDays: Type.Array(Type.Integer()),
    smsReminders: Type.Boolean(),
    dailyReminderCap: Type.Integer(),
  }),
  warnings: Type.Array(Type.String()),
  /** Enabled users whose password expires within its domain's notification window, and whose has expired. */
  counts: Type.Object({ expiring: Type.Integer(), expired: Type.Integer() }),
});
// Ranges are checked by the service, so an out-of-range value gets its own stable code (EXPIRY_*), not a schema error.
const Patch = Type.Object(
  {
    domain: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    validityDays: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    notifyDays: Type.Optional(Type.Integer()),
    reminderDays: Type.Optional(Type.Array(Type.Integer(), { maxItems: 30 })),
    smsReminders: Type.Optional(Type.Boolean()),
    dailyReminderCap: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false, minProperties: 1 },
);
const UserExpiry = Type.Object({
  upn: Type.String(),
  passwordNeverExpires: Type.Boolean(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  expired: Type.Boolean(),
});
const UserPatch = Type.Object({ passwordNeverExpires: Type.Boolean() }, { additionalProperties: false });
type UpnParams = { upn: string };

/** Password expiry (issue #16): the per-domain policy, reminder settings and one user's opt-out. */
export const adminPasswordExpiryRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { passwordExpiry } = context.services;
  const base = '/api/v1/admin/password-expiry';
  const tags = ['admin: password expiry'];

  app.get(
    base,
    {
      preHandler: requireApiSession(context, roleGroups.readPasswordExpiry),
      schema: {
        tags,
        summary: 'Password expiry per domain and the reminder settings',
        response: { 200: View, ...problemResponses(401, 403) },
      },
    },
    async (request) => ({
      ...(await passwordExpiry.show(request.admin!.tenantId)),
      counts: await countPasswordExpiry(context.services.deps, request.admin!.tenantId),
    }),
  );

  app.patch<{ Body: Static<typeof Patch> }>(
    base,
    {
      preHandler: requireApiSession(context, roleGroups.writePasswordExpiry),
      schema: {
        tags,
        summary: "Change a domain's expiry (validityDays null: never) and the reminder settings",
        body: Patch,
        response: { 200: View, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({
      ...(await passwordExpiry.update(request.admin!.tenantId, request.body, request.admin!.actor)),
      // A changed validity period moves cloud users in and out of both counts at once.
      counts: await countPasswordExpiry(context.services.deps, request.admin!.tenantId),
    }),
  );

  const userExpiry = async (user: Awaited<ReturnType<typeof passwordExpiry.userFor>>) => {
    const expiresAt = await passwordExpiry.expiresAtOf(user);
    return {
      upn: user.upn,
      passwordNeverExpires: user.passwordNeverExpires === true,
      expiresAt: expiresAt?.toISOString() ?? null,
      expired: await passwordExpiry.hasExpired(user),
    };
  };

  app.get<{ Params: UpnParams }>(
    `${base}/users/:upn`,
    {
      preHandler: requireApiSession(context, roleGroups.readUsers),
      schema: {
        tags,
        summary: "When a user's password expires",
        response: { 200: UserExpiry, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => userExpiry(await passwordExpiry.userFor(request.admin!, request.params.upn)),
  );

  app.patch<{ Params: UpnParams; Body: Static<typeof UserPatch> }>(
    `${base}/users/:upn`,
    {
      preHandler: requireApiSession(context, roleGroups.writeUsers),
      schema: {
        tags,
        summary: 'Set or clear "password never expires" (service accounts)',
        body: UserPatch,
        response: { 200: UserExpiry, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = await passwordExpiry.userFor(request.admin!, request.params.upn);
      const { passwordNeverExpires } = request.body;
      await passwordExpiry.setPasswordNeverExpires(user, passwordNeverExpires, request.admin!.actor);
      return userExpiry({ ...user, passwordNeverExpires });
    },
  );
};
