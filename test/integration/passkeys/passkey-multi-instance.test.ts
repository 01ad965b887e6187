/**
 * A reset with a passkey gate across two real `sspr serve` processes on one throwaway PostgreSQL database (issue 17:
 * "the multi-instance test extended to a passkey gate"). Both serve the same SSPR_PUBLIC_URL on `localhost` (a
 * relying-party id cannot be an IP address), so one passkey is good on either. The flow starts on one instance, each
 * challenge is issued by one and answered on the other — the WebAuthn challenge lives with the flow in the store,
 * not in a process — and the new password is set on the first. A passkey sign-in crosses over the same way.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { freeLoopbackPort } from '../../support/net.js';
import { createThrowawayDatabase } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { sentMessages } from '../../support/outbox.js';
import { methodsApi } from '../../support/security-info.js';
import { startServeInstances, stopServeInstances, type ServeInstance } from '../../support/serve-instances.js';
import { softwareAuthenticator } from '../../support/software-authenticator.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const secret = 'multi-instance-passkey-secret-0123456789';
type Method = { id: string; type: string };
type Ceremony = { challenge: string; rpId: string };

describe('a passkey gate across two instances (postgres)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let admin: App;
  let tenant: Tenant;
  let publicUrl: string;
  let instances: ServeInstance[] = [];
  const common = () => ({
    SSPR_DATABASE_URL: database.url,
    SSPR_SECRET: secret,
    SSPR_PUBLIC_URL: publicUrl,
    SSPR_MAIL_PROVIDER: 'outbox',
    SSPR_SMS_PROVIDER: 'outbox',
    SSPR_LOG_LEVEL: 'silent',
    SSPR_CAPTCHA_DIFFICULTY: '20',
  });

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    // One public address for both, as behind a load balancer; nothing listens on it (the tests call each instance).
    publicUrl = `http://localhost:${await freeLoopbackPort()}`;
    const loaded = loadConfig(common());
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    admin = await createApp(loaded.config, { logger: false });
    tenant = await aTenant(admin, { name: 'Contoso' });
    const policy = await admin.services.ssprPolicy.policyOf(tenant.tenantId);
    await admin.services.ssprPolicy.update(
      tenant.tenantId,
      { methods: [...policy.methods, 'passkey'] },
      { type: 'cli', id: null, upn: null },
    );
    instances = await startServeInstances(2, (port) => ({
      ...process.env,
      ...common(),
      SSPR_PORT: String(port),
      SSPR_HOST: '127.0.0.1',
    }));
  });

  afterAll(async () => {
    await stopServeInstances(instances);
    await admin?.close();
    await database?.drop();
  });

  const call = async (instance: number, method: string, path: string, body?: object) => {
    const response = await fetch(`${instances[instance]!.base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      ...(body && { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };

  /** A user with an alternate email and a passkey, registered through the administrator's own app. */
  const aPasskeyHolder = async () => {
    const user = await aResetUser(admin, tenant);
    const server = await admin.http();
    const cookie = await sessionCookie(server, user.upn, aPassword);
    const options = await server.inject({ method: 'POST', url: '/api/v1/me/passkeys/options', headers: { cookie } });
    const device = softwareAuthenticator(publicUrl);
    const created = device.create(options.json());
    const added = await methodsApi(server, cookie, { advance: () => undefined }).add({
      type: 'passkey',
      label: 'Laptop',
      response: created.response,
    });
    expect(added.statusCode, added.body).toBe(201);
    return { user, device };
  };

  /** The code mailed to the address: delivered by an instance's queue worker, beside the "passkey added" notice. */
  const codeSentTo = async (recipient: string): Promise<string> => {
    for (let i = 0; i < 80; i += 1) {
      const messages = await sentMessages(admin, { recipient, limit: 5 });
      const code = messages.map((m) => /\b(\d{8})\b/.exec(m.bodyText)?.[1]).find(Boolean);
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no code sent to ${recipient}`);
  };

  /** The captcha from one instance, solved here, the flow started on the other. */
  const start = async (upn: string): Promise<string> => {
    const challenge = (await call(1, 'GET', '/api/v1/captcha')).json as { salt: string; challenge: string };
    let number = 0;
    while (createHash('sha256').update(`${challenge.salt}${number}`).digest('hex') !== challenge.challenge) number += 1;
    const captcha = Buffer.from(JSON.stringify({ ...challenge, number, maxnumber: undefined })).toString('base64');
    const started = await call(0, 'POST', '/api/v1/passwordreset', { username: upn, captcha });
    expect(started.status).toBe(200);
    return started.json.flowId as string;
  };

  it('issues the passkey challenge on one instance and accepts the assertion on the other', async () => {
    const { user, device } = await aPasskeyHolder();
    const flowId = await start(user.upn);
    const flow = (path: string) => `/api/v1/passwordreset/${flowId}${path}`;
    const view = await call(1, 'POST', flow('/intent'), { intent: 'reset' });
    expect(view.json).toMatchObject({ gatesRequired: 2 });
    const methods = view.json.methods as Method[];
    const email = methods.find((m) => m.type === 'email')!;
    const passkey = methods.find((m) => m.type === 'passkey')!;

    expect((await call(0, 'POST', flow('/challenge'), { methodId: email.id })).status).toBe(200);
    const code = await codeSentTo(user.alternateEmail!);
    expect((await call(1, 'POST', flow('/verify'), { methodId: email.id, code })).json).toMatchObject({
      gatesPassed: 1,
    });

    const challenged = await call(0, 'POST', flow('/challenge'), { methodId: passkey.id });
    const ceremony = (challenged.json.challenge as { ceremony: Ceremony }).ceremony;
    expect(ceremony.rpId).toBe('localhost');
    // An assertion for another origin is refused on the other instance; it issued a fresh challenge, read back here.
    const foreign = await call(1, 'POST', flow('/verify'), {
      methodId: passkey.id,
      response: device.get(ceremony, { origin: 'http://127.0.0.1:3000' }),
    });
    expect(foreign.json).toMatchObject({ code: 'PASSKEY_INVALID' });
    const fresh = ((await call(0, 'GET', flow(''))).json.challenge as { ceremony: Ceremony }).ceremony;
    expect(fresh.challenge).not.toBe(ceremony.challenge);
    const passed = await call(1, 'POST', flow('/verify'), { methodId: passkey.id, response: device.get(fresh) });
    expect(passed.json).toMatchObject({ gatesPassed: 2, canSetPassword: true });

    const newPassword = 'Tulip-Canal-Bridge-88';
    expect((await call(0, 'POST', flow('/password'), { newPassword })).json).toEqual({ status: 'passwordReset' });
    expect((await call(1, 'POST', '/api/v1/session', { username: user.upn, password: newPassword })).status).toBe(200);
  });

  it('signs in with a passkey whose challenge the other instance issued', async () => {
    const { user, device } = await aPasskeyHolder();
    const options = (await call(0, 'POST', '/api/v1/session/passkey/options', {})).json as Ceremony;
    const signedIn = await call(1, 'POST', '/api/v1/session/passkey', { response: device.get(options) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json).toMatchObject({ user: { upn: user.upn } });
    // The challenge was consumed in the store: the same response on the first instance is a replay.
    const replay = await call(0, 'POST', '/api/v1/session/passkey', { response: device.get(options) });
    expect(replay.json).toMatchObject({ code: 'PASSKEY_INVALID' });
  });
});
