import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../src/app.js';
import type { Tenant } from '../../src/core/model.js';
import { totpSealPurpose } from '../../src/services/security-info/security-info-views.js';
import { aPassword } from './factories.js';

let counter = 0;

/** Solves the ALTCHA proof of work as the browser widget does (tests run with a tiny difficulty). */
export const solveCaptcha = async (server: FastifyInstance): Promise<string> => {
  const response = await server.inject({ method: 'GET', url: '/api/v1/captcha' });
  const challenge = response.json<{
    algorithm: string;
    challenge: string;
    maxnumber: number;
    salt: string;
    signature: string;
  }>();
  for (let number = 0; number <= challenge.maxnumber; number += 1) {
    if (createHash('sha256').update(`${challenge.salt}${number}`).digest('hex') === challenge.challenge) {
      return Buffer.from(
        JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number,
          salt: challenge.salt,
          signature: challenge.signature,
        }),
      ).toString('base64');
    }
  }
  throw new Error('captcha not solvable');
};

/**
 * The password-reset API for one test. Each call moves the clock one second first, so messages sent
 * by successive calls have distinct times and "the newest message" is well defined.
 */
export const resetApi = (server: FastifyInstance, clock: { advance(seconds: number): void }) => {
  const call = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => {
    clock.advance(1);
    return server.inject({ method, url: `/api/v1/passwordreset${url}`, headers, ...(payload && { payload }) });
  };
  return {
    call,
    async start(username: string) {
      return call('POST', '', { username, captcha: await solveCaptcha(server) });
    },
    async flowOf(username: string): Promise<string> {
      const response = await this.start(username);
      if (response.statusCode !== 200) throw new Error(`start failed: ${response.body}`);
      return response.json<{ flowId: string }>().flowId;
    },
    /** A reset flow for `username` with a code sent to its email method: the flow id and that method. */
    async emailFlow(username: string): Promise<{ flowId: string; email: { id: string; type: string } }> {
      const flowId = await this.flowOf(username);
      const view = (await this.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      const email = view.methods.find((m) => m.type === 'email');
      if (!email) throw new Error(`no email method offered: ${JSON.stringify(view)}`);
      const sent = await this.challenge(flowId, { methodId: email.id });
      if (sent.statusCode !== 200) throw new Error(`challenge failed: ${sent.body}`);
      return { flowId, email };
    },
    view: (flowId: string) => call('GET', `/${flowId}`),
    intent: (flowId: string, intent: string) => call('POST', `/${flowId}/intent`, { intent }),
    challenge: (flowId: string, body: object) => call('POST', `/${flowId}/challenge`, body),
    verify: (flowId: string, body: object) => call('POST', `/${flowId}/verify`, body),
    password: (flowId: string, newPassword: string, unlock?: boolean) =>
      call('POST', `/${flowId}/password`, { newPassword, ...(unlock !== undefined && { unlock }) }),
    unlock: (flowId: string) => call('POST', `/${flowId}/unlock`),
    contact: (flowId: string) => call('POST', `/${flowId}/contact`),
    cancel: (flowId: string) => call('DELETE', `/${flowId}`),
  };
};

/** Gives the tenant Entra ID P1 seats (once) so its users can be licensed for self-service reset. */
// The promise, not a flag: users made in parallel (Promise.all) must share the one subscription call.
const licensedTenants = new Map<string, Promise<unknown>>();
export const licenseUser = async (app: App, tenant: Tenant, upn: string) => {
  if (!licensedTenants.has(tenant.tenantId)) {
    licensedTenants.set(
      tenant.tenantId,
      app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 1000, 'add'),
    );
  }
  await licensedTenants.get(tenant.tenantId);
  const user = await app.store.users.findByUpn(tenant.tenantId, upn);
  await app.services.licensing.assignToUser(user!, 'AAD_PREMIUM_P1', tenant.country);
};

export interface ResetUserOptions {
  alternateEmail?: string;
  mobilePhone?: string;
  officePhone?: string;
  roles?: string[];
  source?: 'cloud' | 'synced';
  licensed?: boolean;
}

/** A licensed user with pre-populated security info (usable for reset without registration). */
export const aResetUser = async (app: App, tenant: Tenant, options: ResetUserOptions = {}) => {
  const upn = `reset${Date.now().toString(36)}${(counter++).toString(36)}@${tenant.domains[0]}`;
  await app.services.users.createUser({
    upn,
    password: aPassword,
    givenName: 'Megan',
    surname: 'Bowen',
    roles: options.roles ?? [],
    ...(options.source && { source: options.source }),
    // '' means no alternate email at all.
    ...(options.alternateEmail !== '' && {
      alternateEmail: options.alternateEmail ?? `alt.${upn.split('@')[0]}@mail.example`,
    }),
    ...(options.mobilePhone && { mobilePhone: options.mobilePhone }),
    ...(options.officePhone && { officePhone: options.officePhone }),
  });
  if (options.licensed !== false) await licenseUser(app, tenant, upn);
  return (await app.store.users.findByUpn(tenant.tenantId, upn))!;
};

/** Registers a verified authenticator app for the user, as the security-info pages would; returns its secret. */
export const aVerifiedAuthenticator = async (
  app: App,
  user: { tenantId: string; userId: string },
  at: string,
  secret = app.services.deps.totp.newSecret(),
): Promise<string> => {
  await app.store.securityInfo.addMethod({
    tenantId: user.tenantId,
    methodId: crypto.randomUUID(),
    userId: user.userId,
    type: 'authenticatorApp',
    value: null,
    sealedSecret: app.services.deps.sealer.seal(totpSealPurpose, secret),
    label: 'Authenticator app',
    status: 'verified',
    lastTotpStep: null,
    createdAt: at,
    verifiedAt: at,
    updatedAt: at,
  });
  return secret;
};

/**
 * Registers a verified email address or mobile number for the user, as a verified security-info code would; returns
 * the method's id.
 */
export const aVerifiedContact = async (
  app: App,
  user: { tenantId: string; userId: string },
  type: 'alternateEmail' | 'mobilePhone',
  value: string,
  at: string,
): Promise<string> => {
  const methodId = crypto.randomUUID();
  await app.store.securityInfo.addMethod({
    tenantId: user.tenantId,
    methodId,
    userId: user.userId,
    type,
    value,
    sealedSecret: null,
    label: null,
    status: 'verified',
    lastTotpStep: null,
    createdAt: at,
    verifiedAt: at,
    updatedAt: at,
  });
  return methodId;
};
