/**
 * A session opened with a Temporary Access Pass is good only for registering security info (Entra: the
 * pass signs the user in to set up methods). One list of what such a session may reach, read by the
 * pages' check, the API's and the console's, so the limit cannot differ between them.
 */
import type { Session } from '../core/model.js';

export const isLimitedSession = (session: Pick<Session, 'scope'>): boolean => session.scope === 'securityInfo';

/** Where a limited session lands: the security-info page. */
export const limitedSessionHome = '/account/security-info';

const pagePrefixes = ['/account/security-info'];
const apiRoutes = new Set([
  '/api/v1/me',
  '/api/v1/me/step-up',
  '/api/v1/me/security-info/confirm',
  '/api/v1/me/recovery-codes',
  // A passkey is what a pass is most often for (Entra: onboarding passwordless users): its creation options.
  '/api/v1/me/passkeys/options',
]);

/** A portal page (route pattern) a limited session may open. */
export const pageAllowedInLimitedSession = (route: string): boolean =>
  pagePrefixes.some((prefix) => route === prefix || route.startsWith(`${prefix}/`));

/** An API route (pattern) a limited session may call: its own security info, never admin routes. */
export const apiAllowedInLimitedSession = (route: string): boolean =>
  apiRoutes.has(route) || route === '/api/v1/me/methods' || route.startsWith('/api/v1/me/methods/');
