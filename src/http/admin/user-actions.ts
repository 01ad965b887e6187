/**
 * What the helpdesk panels of the user page share (issue #14 item 5): who may do what to the user shown (the
 * admin API's rules, so the page shows only what the server would allow), the user of a console path, and the
 * post/redirect/get ending of an action: `?done=` for a success notice, `?error=` with the refusal's code.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSsprError } from '../../core/errors.js';
import { canResetPasswordOf } from '../../core/roles/permissions.js';
import { inRoleGroup, type RoleGroup } from '../../core/roles/role-groups.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { consoleLink, tenantOf, uuidPattern } from './console-page.js';
import type { SectionContext } from './section.js';

/** Whether the viewer may take an action of `group` on a user holding `target` roles (never on themselves). */
export const mayAct = (
  request: FastifyRequest,
  group: RoleGroup,
  target: { userId: string; roles: readonly string[] },
) => {
  const viewer = request.active!.user;
  return (
    viewer.userId !== target.userId &&
    inRoleGroup(viewer.roles, group) &&
    canResetPasswordOf(viewer.roles, target.roles)
  );
};

export type UserParams = { Params: { userId: string } };

/** The user a console path names, in the viewer's tenant; undefined for anything else. */
export const pathUser = async (request: FastifyRequest<UserParams>, { services }: SectionContext) =>
  uuidPattern.test(request.params.userId)
    ? await services.adminViews.userDetail(tenantOf(request), request.params.userId)
    : undefined;

export const userPagePath = (userId: string) => `/admin/users/${userId}`;

/**
 * Runs a console action for the signed-in admin and redirects to the user page: `?done=` on success, `?error=CODE`
 * for a refusal the page words (the service's checks are the ones the API makes). Anything else is the error page's.
 */
export const actThenRedirect = async (
  request: FastifyRequest<UserParams>,
  reply: FastifyReply,
  work: (principal: ReturnType<typeof principalOfSession>) => Promise<string>,
) => {
  const back = userPagePath(request.params.userId);
  try {
    const done = await work(principalOfSession(request.active!));
    return reply.redirect(consoleLink(request, back, { done }), 303);
  } catch (error) {
    // The directory's refusals (502/503 included) are the page's to word; anything else unexpected is not.
    if (isSsprError(error) && (error.status < 500 || error.code.startsWith('DIRECTORY_')))
      return reply.redirect(consoleLink(request, back, { error: error.code }), 303);
    throw error;
  }
};
