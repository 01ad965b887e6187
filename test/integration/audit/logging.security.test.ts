import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair } from '../../support/http.js';

/** Secrets never reach the logs: passwords, session cookies, Set-Cookie values. */
describe('logs', () => {
  const lines: string[] = [];
  let app: App;

  beforeAll(async () => {
    const loaded = loadConfig({
      SSPR_DATABASE_URL: 'sqlite::memory:',
      SSPR_SECRET: 'log-test-secret-log-test-secret-0123',
      SSPR_LOG_LEVEL: 'trace',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join());
    app = await createApp(loaded.config, { logStream: { write: (line) => void lines.push(line) } });
  });
  afterAll(async () => app?.close());

  it('contain requests but no password, cookie or query string', async () => {
    const server = await app.http();
    const user = await aUser(app, (await aTenant(app)).domains[0]!);
    const signedIn = await server.inject({
      method: 'POST',
      url: '/api/v1/session?token=abc123secret',
      payload: { username: user.upn, password: aPassword },
    });
    const cookie = cookiePair(signedIn, 'sspr_session')!;
    await server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: aPassword, newPassword: 'Brand-New-Secret-9' },
    });
    await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: '{"password":"Broken-Json-Secret',
      headers: { 'content-type': 'application/json' },
    });

    const log = lines.join('');
    expect(log).toContain('/api/v1/session');
    for (const secret of [
      aPassword,
      'Brand-New-Secret-9',
      'Broken-Json-Secret',
      cookie.split('=')[1]!,
      'abc123secret',
    ]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
