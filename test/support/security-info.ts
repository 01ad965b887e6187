import type { FastifyInstance } from 'fastify';
import type { App } from '../../src/app.js';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { aUser } from './factories.js';
import { sentMessages } from './outbox.js';
import { codeSentTo, pageClient } from './pages.js';
import type { HttpWorld } from './world.js';

/**
 * The newest code sent to a recipient (email or SMS), read from the outbox as a user reads their inbox. With several
 * instances on one database another instance's delivery worker may hold the message's lease, so an empty outbox is
 * asked again for a few seconds (as a user waits for a mail) before the test is told nothing came.
 */
export const lastCodeTo = async (app: App, recipient: string, waitMs = 10_000): Promise<string> => {
  const until = Date.now() + waitMs;
  for (;;) {
    const [message] = await sentMessages(app, { recipient, limit: 1 });
    const code = message && /\b(\d{8})\b/.exec(message.bodyText)?.[1];
    if (code) return code;
    if (Date.now() > until) throw new Error(`no code sent to ${recipient}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * The user's security-info API. Each call moves the clock one second first, so that messages sent
 * by successive calls have distinct times and "the newest message" is well defined.
 */
export const methodsApi = (server: FastifyInstance, cookie: string, clock: { advance(seconds: number): void }) => {
  const call = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => {
    clock.advance(1);
    return server.inject({
      method,
      url: `/api/v1/me${url}`,
      headers: { cookie, ...headers },
      ...(payload && { payload }),
    });
  };
  return {
    call,
    list: () => call('GET', '/methods'),
    add: (body: object) => call('POST', '/methods', body),
    verify: (id: string, code: string) => call('POST', `/methods/${id}/verify`, { code }),
    resend: (id: string) => call('POST', `/methods/${id}/resend`),
    remove: (id: string) => call('DELETE', `/methods/${id}`),
    stepUp: (password: string) => call('POST', '/step-up', { password }),
  };
};

/**
 * The security info pages as a browser without JavaScript drives them: the page client, a method type's label, the
 * code last sent to a recipient, and `onOverview`: a new user of the tenant, signed in and looking at their security
 * info. The overview has only links and a GET picker; `overview` is the add page of an email address, whose form
 * carries a CSRF token.
 */
export const securityInfoBrowser = (ctx: HttpWorld) => {
  const client = pageClient(() => ctx.server);
  const onOverview = async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const { cookie } = await client.signIn(user.upn);
    return { user, cookie, overview: await client.get('/account/security-info/add?kind=alternateEmail', cookie) };
  };
  return {
    ...client,
    typeLabel: (locale: 'en' | 'nl', type: string) =>
      translate(locale, `account.securityInfo.type.${type}` as MessageKey),
    codeSentTo: (tenantId: string, recipient: string) => codeSentTo(ctx.world.app, tenantId, recipient),
    onOverview,
  };
};
