import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha1Hex } from '../../../src/adapters/breached/range-api-source.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

const breachedPassword = 'Zomer-Vakantie-2026';

/** A local server speaking the k-anonymity range format, as api.pwnedpasswords.com does. */
const startRangeServer = async (requests: string[]) => {
  const hash = sha1Hex(breachedPassword);
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const body =
      request.url === `/range/${hash.slice(0, 5)}`
        ? `${hash.slice(5)}:42\r\n0000000000000000000000000000000000A:0\r\n`
        : 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0\r\n';
    response.writeHead(200, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

describe.each(['open', 'closed'] as const)(
  'breached-password check through a password change (failure %s)',
  (failure) => {
    const requests: string[] = [];
    let rangeServer: Server;
    let world: TestWorld;

    beforeAll(async () => {
      rangeServer = await startRangeServer(requests);
      const { port } = rangeServer.address() as AddressInfo;
      world = await createTestWorld('sqlite', {
        SSPR_BREACHED_SOURCE: 'range-api',
        SSPR_BREACHED_RANGE_URL: `http://127.0.0.1:${port}`,
        SSPR_BREACHED_FAILURE: failure,
      });
    });
    afterAll(async () => {
      await world?.close();
      rangeServer?.close();
    });

    it('refuses a breached password once the tenant switches the check on, sending only a 5-character prefix', async () => {
      const tenant = await aTenant(world.app);
      const user = await aUser(world.app, tenant.domains[0]!);
      const server = await world.app.http();
      const cookie = await sessionCookie(server, user.upn, aPassword);
      const change = (newPassword: string) =>
        server.inject({
          method: 'POST',
          url: '/api/v1/me/password',
          headers: { cookie },
          payload: { currentPassword: aPassword, newPassword },
        });

      await world.app.services.passwordProtection.updateSettings(
        tenant.tenantId,
        { breachedCheck: true },
        { type: 'cli', id: null, upn: null },
      );
      const refused = await change(breachedPassword);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().violations).toEqual([{ code: 'PASSWORD_BREACHED' }]);
      expect(requests.every((url) => /^\/range\/[0-9A-F]{5}$/.test(url))).toBe(true);
      expect(requests.join()).not.toContain(sha1Hex(breachedPassword).slice(5));

      // The range server goes away: closed refuses every change, open lets the other rules decide.
      rangeServer.close();
      rangeServer.closeAllConnections();
      const unavailable = await change('Heel-Andere-Zin-88');
      if (failure === 'closed')
        expect(unavailable.json().violations).toEqual([{ code: 'PASSWORD_BREACH_CHECK_UNAVAILABLE' }]);
      else expect(unavailable.statusCode).toBe(200);
    });
  },
);
