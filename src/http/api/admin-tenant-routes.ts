import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { SsprError } from '../../core/errors.js';
import { methodTypes } from '../../core/policy/sspr-policy.js';
import type { PolicyChanges } from '../../services/policy/sspr-policy-service.js';
import type { HttpContext } from '../context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const onOff = Type.Boolean();
const PolicyPatch = Type.Object(
  {
    enabled: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('selected'), Type.Literal('all')])),
    selectedGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    methods: Type.Optional(
      Type.Array(Type.Union(methodTypes.map((m) => Type.Literal(m))), { maxItems: methodTypes.length }),
    ),
    methodsRequired: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
    questionsToRegister: Type.Optional(Type.Integer()),
    questionsToReset: Type.Optional(Type.Integer()),
    requireRegistration: Type.Optional(onOff),
    reconfirmDays: Type.Optional(Type.Integer()),
    notifyUsers: Type.Optional(onOff),
    notifyAdmins: Type.Optional(onOff),
    helpdeskUrl: Type.Optional(Type.String({ maxLength: 2048 })),
    helpdeskEmail: Type.Optional(Type.String({ maxLength: 320 })),
    writeback: Type.Optional(onOff),
    unlockWithoutReset: Type.Optional(onOff),
    adminSspr: Type.Optional(onOff),
    revealEligibility: Type.Optional(onOff),
    requireStrongMethod: Type.Optional(onOff),
  },
  { additionalProperties: false, minProperties: 1 },
);
const Seats = Type.Object({ seats: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false });
const Assignment = Type.Object(
  {
    upn: Type.Optional(Type.String({ maxLength: 113 })),
    usageLocation: Type.Optional(Type.String({ maxLength: 2 })),
    group: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const adminTenantRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { services } = context;
  const guard = (allowed: readonly string[]) => requireApiSession(context, allowed);
  // The guard sets request.admin for an admin session and for an API token alike.
  const tenantOf = (request: FastifyRequest) => request.admin!.tenantId;
  const actorOf = (request: FastifyRequest) => request.admin!.actor;
  /** A user of the admin's own tenant; anyone else's is simply not found. */
  const userInTenant = async (request: FastifyRequest, upn: string) => {
    const found = await services.users.findUserWithTenant(upn).catch(() => undefined);
    if (!found || found.user.tenantId !== tenantOf(request)) throw new SsprError('USER_NOT_FOUND');
    return found.user;
  };
  const tags = ['admin: tenant'];

  app.get(
    '/api/v1/admin/sspr-policy',
    {
      preHandler: guard(roleGroups.readPolicy),
      schema: { tags, summary: 'The SSPR policy', response: problemResponses(401, 403) },
    },
    async (request) => services.ssprPolicy.describe(tenantOf(request)),
  );

  app.patch<{ Body: Static<typeof PolicyPatch> }>(
    '/api/v1/admin/sspr-policy',
    {
      preHandler: guard(roleGroups.writePolicy),
      schema: { tags, summary: 'Change the SSPR policy', body: PolicyPatch, response: problemResponses(400, 401, 403) },
    },
    async (request) => {
      const { helpdeskUrl, helpdeskEmail, ...rest } = request.body;
      if (helpdeskUrl !== undefined && helpdeskEmail !== undefined)
        throw new SsprError('POLICY_INVALID', 'give helpdeskUrl or helpdeskEmail, not both');
      const changes: PolicyChanges = {
        ...rest,
        ...(helpdeskUrl !== undefined && { helpdesk: helpdeskUrl ? { kind: 'url' as const, url: helpdeskUrl } : null }),
        ...(helpdeskEmail !== undefined && {
          helpdesk: helpdeskEmail ? { kind: 'email' as const, email: helpdeskEmail } : null,
        }),
      };
      await services.ssprPolicy.update(tenantOf(request), changes, actorOf(request));
      return services.ssprPolicy.describe(tenantOf(request));
    },
  );

  app.get(
    '/api/v1/admin/licenses',
    {
      preHandler: guard(roleGroups.readLicenses),
      schema: {
        tags,
        summary: 'Subscriptions: seats used and free, assignment errors',
        response: problemResponses(401, 403),
      },
    },
    async (request) => ({ subscriptions: await services.licensing.overview(tenantOf(request)) }),
  );

  app.put<{ Params: { sku: string }; Body: Static<typeof Seats> }>(
    '/api/v1/admin/licenses/:sku',
    {
      preHandler: guard(roleGroups.writeLicenses),
      schema: { tags, summary: 'Add or resize a subscription', body: Seats, response: problemResponses(400, 401, 403) },
    },
    // PUT creates or resizes; the service decides inside its transaction, so two admins cannot race.
    async (request) =>
      services.licensing.setSubscription(
        tenantOf(request),
        request.params.sku,
        request.body.seats,
        'put',
        actorOf(request),
      ),
  );

  app.post<{ Params: { sku: string }; Body: Static<typeof Assignment> }>(
    '/api/v1/admin/licenses/:sku/assignments',
    {
      preHandler: guard(roleGroups.writeLicenses),
      schema: {
        tags,
        summary: 'Assign to a user (upn, usageLocation) or a group',
        body: Assignment,
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const { upn, usageLocation, group } = request.body;
      if (Boolean(upn) === Boolean(group)) throw new SsprError('VALIDATION_FAILED', 'give exactly one of upn or group');
      if (upn)
        return services.licensing.assignToUser(
          await userInTenant(request, upn),
          request.params.sku,
          usageLocation,
          actorOf(request),
        );
      return services.licensing.assignToGroup(tenantOf(request), group!, request.params.sku, false, actorOf(request));
    },
  );

  app.delete<{ Params: { sku: string } }>(
    '/api/v1/admin/licenses/:sku',
    {
      preHandler: guard(roleGroups.writeLicenses),
      schema: { tags, summary: 'Remove a subscription', response: problemResponses(400, 401, 403, 404) },
    },
    async (request) => services.licensing.removeSubscription(tenantOf(request), request.params.sku, actorOf(request)),
  );

  app.delete<{ Params: { sku: string; upn: string } }>(
    '/api/v1/admin/licenses/:sku/users/:upn',
    {
      preHandler: guard(roleGroups.writeLicenses),
      schema: { tags, summary: "Remove a user's direct assignment", response: problemResponses(400, 401, 403, 404) },
    },
    async (request) =>
      services.licensing.removeFromUser(
        await userInTenant(request, request.params.upn),
        request.params.sku,
        actorOf(request),
      ),
  );

  app.delete<{ Params: { sku: string; group: string } }>(
    '/api/v1/admin/licenses/:sku/groups/:group',
    {
      preHandler: guard(roleGroups.writeLicenses),
      schema: { tags, summary: "Remove a group's assignment", response: problemResponses(400, 401, 403, 404) },
    },
    async (request) =>
      services.licensing.assignToGroup(
        tenantOf(request),
        request.params.group,
        request.params.sku,
        true,
        actorOf(request),
      ),
  );

  app.get<{ Params: { upn: string } }>(
    '/api/v1/admin/users/:upn',
    {
      preHandler: guard(roleGroups.readUsers),
      schema: {
        tags,
        summary: 'A user with licences, entitlements and eligibility',
        response: problemResponses(401, 403, 404),
      },
    },
    async (request) => {
      const user = await userInTenant(request, request.params.upn);
      const { passwordHash: _hidden, ...view } = user;
      return { ...view, ...(await services.licensing.licensingOf(user)) };
    },
  );
};
