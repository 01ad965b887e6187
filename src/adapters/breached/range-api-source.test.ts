import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRangeApiSource, sha1Hex } from './range-api-source.js';

const sha1 = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

/** 2,000 random passwords with counts, grouped by 5-character prefix as the range API serves them. */
const corpus = new Map<string, number>();
for (let i = 0; i < 2000; i += 1)
  corpus.set(randomBytes(9).toString('base64url'), 1 + (randomBytes(3).readUIntBE(0, 3) % 500_000));
corpus.set('P@ssw0rd', 52_256_179);
corpus.set('wachtwoord€ünïcødé', 7);
const ranges = new Map<string, string[]>();
for (const [password, count] of corpus) {
  const hash = sha1(password);
  ranges.set(hash.slice(0, 5), [...(ranges.get(hash.slice(0, 5)) ?? []), `${hash.slice(5)}:${count}`]);
}

type Behaviour = 'normal' | 'lowercase-lf' | 'fail' | 'hang' | 'garbage';
let behaviour: Behaviour = 'normal';
const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

const rangeBody = (prefix: string) => {
  // Padding: random suffixes with count 0, so every answer has 800+ lines whatever the prefix holds.
  const random = randomBytes(800 * 18)
    .toString('hex')
    .toUpperCase();
  const padding = Array.from({ length: 800 }, (_, i) => `${random.slice(i * 36, i * 36 + 35)}:0`);
  const lines = [...(ranges.get(prefix) ?? []), ...padding].sort();
  return behaviour === 'lowercase-lf' ? lines.map((line) => line.toLowerCase()).join('\n') : lines.join('\r\n');
};

const server: Server = createServer((request, response) => {
  received.push({ url: request.url ?? '', headers: request.headers });
  const prefix = /^\/range\/([0-9A-F]{5})$/.exec(request.url ?? '')?.[1];
  if (behaviour === 'hang') return; // never answers; the client must give up on its own
  if (behaviour === 'fail' || !prefix) {
    response.writeHead(behaviour === 'fail' ? 500 : 400).end('nope');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end(behaviour === 'garbage' ? '<html>Sign in to the hotel Wi-Fi</html>' : rangeBody(prefix));
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  behaviour = 'normal';
  received.length = 0;
});

describe('createRangeApiSource', () => {
  it('hashes as the corpus does: uppercase SHA-1 of the UTF-8 bytes', () => {
    expect(sha1Hex('password')).toBe('5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8');
    expect(sha1Hex('wachtwoord€ünïcødé')).toBe(sha1('wachtwoord€ünïcødé'));
  });

  it('finds the count of every breached password and 0 for others', async () => {
    const source = createRangeApiSource({ baseUrl });
    for (const [password, count] of [...corpus].slice(0, 500))
      expect(await source.countOf(password), password).toBe(count);
    expect(await source.countOf('P@ssw0rd')).toBe(52_256_179);
    expect(await source.countOf('wachtwoord€ünïcødé')).toBe(7);
    expect(await source.countOf(`never-breached-${randomBytes(8).toString('hex')}`)).toBe(0);
  });

  it('sends only the 5-character prefix, with Add-Padding, never the password or the full hash', async () => {
    const password = 'correct horse battery staple';
    const hash = sha1(password);
    await createRangeApiSource({ baseUrl: `${baseUrl}/` }).countOf(password);
    expect(received).toHaveLength(1);
    expect(received[0]!.url).toBe(`/range/${hash.slice(0, 5)}`);
    expect(received[0]!.headers['add-padding']).toBe('true');
    const seen = JSON.stringify(received).toUpperCase();
    expect(seen).not.toContain(hash.slice(5));
    expect(seen).not.toContain(password.toUpperCase());
  });

  it('matches suffixes case-insensitively and accepts LF line endings', async () => {
    behaviour = 'lowercase-lf';
    const [password, count] = [...corpus][0]!;
    expect(await createRangeApiSource({ baseUrl }).countOf(password)).toBe(count);
  });

  it('caches whole ranges: a repeated check makes no request until the entry expires', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const source = createRangeApiSource({ baseUrl, cacheTtlSeconds: 60, now: () => now });
    const [password, count] = [...corpus][1]!;
    expect(await source.countOf(password)).toBe(count);
    expect(await source.countOf(password)).toBe(count);
    expect(await source.countOf('not breached at all, surely')).toBe(0);
    expect(await source.countOf('not breached at all, surely')).toBe(0);
    expect(received).toHaveLength(2);
    now = new Date(now.getTime() + 61_000);
    expect(await source.countOf(password)).toBe(count);
    expect(received).toHaveLength(3);
  });

  it('bounds the cache, dropping the least recently used range', async () => {
    const source = createRangeApiSource({ baseUrl, cacheSize: 2 });
    const byPrefix = new Map([...corpus.keys()].map((password) => [sha1(password).slice(0, 5), password]));
    const [a, b, c] = [...byPrefix.values()];
    await source.countOf(a!);
    await source.countOf(b!);
    await source.countOf(a!); // a is now the most recently used
    await source.countOf(c!); // evicts b
    expect(received).toHaveLength(3);
    await source.countOf(a!);
    expect(received).toHaveLength(3);
    await source.countOf(b!);
    expect(received).toHaveLength(4);
  });

  it('shares one request between concurrent checks of the same range', async () => {
    const source = createRangeApiSource({ baseUrl });
    const [password, count] = [...corpus][2]!;
    expect(await Promise.all([source.countOf(password), source.countOf(password), source.countOf(password)])).toEqual([
      count,
      count,
      count,
    ]);
    expect(received).toHaveLength(1);
  });

  describe('rejects when the source is unavailable, naming neither the password nor its hash', () => {
    const password = 'Secret-Sauce-2026';
    const expectSafeRejection = async (promise: Promise<number>, message: RegExp) => {
      const error = await promise.then(
        () => undefined,
        (rejection: unknown) => rejection as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toMatch(message);
      expect(error!.message).not.toContain(password);
      expect(error!.message.toUpperCase()).not.toContain(sha1(password));
      expect(error!.message.toUpperCase()).not.toContain(sha1(password).slice(5));
    };

    it('on a timeout', async () => {
      behaviour = 'hang';
      const started = Date.now();
      await expectSafeRejection(
        createRangeApiSource({ baseUrl, timeoutMs: 150 }).countOf(password),
        /no answer within 150 ms/,
      );
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('on HTTP 500, and does not cache the failure', async () => {
      behaviour = 'fail';
      const source = createRangeApiSource({ baseUrl });
      await expectSafeRejection(source.countOf(password), /HTTP 500/);
      behaviour = 'normal';
      expect(await source.countOf(password)).toBe(0);
      expect(received).toHaveLength(2);
    });

    it('on a 200 answer that is not in the range format', async () => {
      behaviour = 'garbage';
      await expectSafeRejection(createRangeApiSource({ baseUrl }).countOf(password), /not in the range format/);
    });

    it('on a network error', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      await expectSafeRejection(
        createRangeApiSource({ baseUrl: `http://127.0.0.1:${port}` }).countOf(password),
        /request failed/,
      );
    });
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createRangeApiSource({ baseUrl: 'file:///etc' })).toThrow(/http\(s\)/);
    expect(() => createRangeApiSource({ baseUrl: 'not a url' })).toThrow();
  });
});
