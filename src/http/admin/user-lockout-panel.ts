/**
 * The user page's lockout (issue #14 item 5): whether smart lockout holds the account (and, for an on-premises user,
 * whether the directory does), with Unlock for a viewer whose role reaches the user — the roles that may reset the
 * password, as a reset unlocks too. The server checks again on the POST (`helpdesk.unlock`).
 */
import { Type } from 'typebox';
import { html } from '../../core/html.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { sendNotFound } from './console-page.js';
import { actThenRedirect, mayAct, pathUser, type UserParams } from './user-actions.js';
import type { UserPanel } from './user-panels.js';

const Body = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 512 })) });
const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export const userLockoutPanel: UserPanel = {
  id: 'lockout',
  async render({ request, locale, user, csrf }, { services }) {
    const status = await services.helpdesk.lockoutStatus(principalOfSession(request.active!), user.upn);
    const onPrem = {
      notApplicable: '',
      locked: 'helpdeskActions.lockout.onPremLocked',
      notLocked: 'helpdeskActions.lockout.onPremNotLocked',
      unknown: 'helpdeskActions.lockout.onPremUnknown',
    } as const;
    const onPremKey = onPrem[status.onPremises];
    // Offered while something may be locked: here, or in a directory that says so or cannot be asked.
    const unlockable = status.locked || status.onPremises === 'locked' || status.onPremises === 'unknown';
    return html`<section aria-labelledby="panel-lockout"><h2 id="panel-lockout">${t(locale, 'helpdeskActions.lockout.title')}</h2>
<p>${status.locked ? t(locale, 'helpdeskActions.lockout.locked', { time: time(status.lockedUntil!) }) : t(locale, 'helpdeskActions.lockout.notLocked')}</p>
${onPremKey ? html`<p>${t(locale, onPremKey)}</p>` : ''}
${
  unlockable && mayAct(request, 'resetPasswords', user)
    ? html`<p id="unlock-intro">${t(locale, 'helpdeskActions.lockout.intro')}</p>
<form method="post" action="${withMkt(request, `/admin/users/${user.userId}/unlock`)}"><input type="hidden" name="_csrf" value="${csrf}">
<button type="submit" aria-describedby="unlock-intro">${t(locale, 'helpdeskActions.lockout.unlock')}</button></form>`
    : ''
}</section>`;
  },
  async routes(app, context) {
    app.post<UserParams>(
      '/admin/users/:userId/unlock',
      {
        schema: { hide: true, body: Body },
        preValidation: app.csrfProtection.bind(app),
        preHandler: context.guard('users'),
      },
      async (request, reply) => {
        const user = await pathUser(request, context);
        if (!user) return sendNotFound(request, reply);
        return actThenRedirect(request, reply, async (principal) => {
          const result = await context.services.helpdesk.unlock(principal, user.upn, localeOf(request));
          return result.onPremises === 'notAvailable' ? 'unlockedHere' : 'unlocked';
        });
      },
    );
  },
};
