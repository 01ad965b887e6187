/**
 * The SMTP adapter against a real SMTP listener (smtp-server) on a loopback port, with a self-signed
 * certificate made for the test: STARTTLS, implicit TLS, certificate validation, auth, retries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSmtpEmailChannel, type SmtpChannelOptions } from '../../../src/adapters/channels/smtp-email-channel.js';
import { createTestWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';
import { makeTlsCertificate } from '../../support/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'sspr-smtp-'));
const { certFile, keyFile } = makeTlsCertificate(dir);

interface Received {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
}

let server: SMTPServer | undefined;
let connections = 0;
const received: Received[] = [];

const listen = async (options: SMTPServerOptions): Promise<number> => {
  server = new SMTPServer({
    key: readFileSync(keyFile),
    cert: readFileSync(certFile),
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'p:ss w0rd') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          secure: session.secure,
          raw,
        });
        callback();
      });
    },
    logger: false,
    ...options,
  });
  server.on('error', () => undefined);
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () => resolve((server!.server.address() as { port: number }).port)),
  );
};

const channelFor = (port: number, overrides: Partial<SmtpChannelOptions> = {}) =>
  createSmtpEmailChannel({
    host: '127.0.0.1',
    port,
    implicitTls: false,
    requireStartTls: true,
    user: 'mailer',
    password: 'p:ss w0rd',
    caFile: certFile,
    from: { address: 'sspr@contoso.example', name: 'Contoso via OpenSSPR' },
    delivery: { timeoutMs: 5000, retries: 2, backoffMs: 1, sleep: async () => undefined },
    ...overrides,
  });

/** The rejection of a send that must fail; a send that succeeds fails the test. */
const failureOf = (sending: Promise<unknown>): Promise<Error> =>
  sending.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => error as Error,
  );

const message = {
  tenantId: 't1',
  to: 'adele@contoso.example',
  subject: 'Your code',
  text: 'Your code is 123456.',
  html: '<p>Your code is <b>123456</b>.</p>',
};

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  connections = 0;
  received.length = 0;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SMTP email channel', () => {
  it('sends text with an HTML alternative over STARTTLS, authenticated, to exactly one recipient', async () => {
    const port = await listen({});
    await channelFor(port).send(message);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail).toMatchObject({
      from: 'sspr@contoso.example',
      to: ['adele@contoso.example'],
      user: 'mailer',
      secure: true,
    });
    expect(mail!.raw).toMatch(/^From: Contoso via OpenSSPR <sspr@contoso\.example>$/m);
    expect(mail!.raw).toMatch(/^To: adele@contoso\.example$/m);
    expect(mail!.raw).toMatch(/^Subject: Your code$/m);
    expect(mail!.raw).toContain('multipart/alternative');
    expect(mail!.raw).toMatch(/Content-Type: text\/plain[\s\S]*Your code is 123456\./);
    expect(mail!.raw).toMatch(/Content-Type: text\/html[\s\S]*<p>Your code is <b>123456<\/b>\.<\/p>/);
  });

  it('sends over implicit TLS (smtps)', async () => {
    const port = await listen({ secure: true });
    await channelFor(port, { implicitTls: true, requireStartTls: false }).send({ ...message, html: undefined });
    expect(received).toHaveLength(1);
    expect(received[0]!.secure).toBe(true);
    expect(received[0]!.raw).not.toContain('text/html');
  });

  it('refuses a certificate it does not trust, without retrying and without provider text in the message', async () => {
    const port = await listen({});
    const error = await failureOf(channelFor(port, { caFile: undefined }).send(message));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('email delivery failed after 1 attempt');
    expect(connections).toBe(1);
    expect(received).toHaveLength(0);
  });

  it('refuses to send in plain text when STARTTLS is required but not offered', async () => {
    const port = await listen({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const error = await failureOf(channelFor(port).send(message));
    expect(error.message).toMatch(/^email delivery failed/);
    expect(received).toHaveLength(0);
    // The same server does take mail when TLS is merely opportunistic: the refusal above was the requirement.
    await channelFor(port, { requireStartTls: false }).send(message);
    expect(received.map((r) => r.secure)).toEqual([false]);
  });

  it('retries a temporary (4xx) refusal and delivers once', async () => {
    let refusals = 0;
    const port = await listen({
      onRcptTo(_address, _session, callback) {
        if (refusals++ === 0) callback(Object.assign(new Error('Greylisted, try again'), { responseCode: 451 }));
        else callback();
      },
    });
    await channelFor(port).send(message);
    expect(refusals).toBe(2);
    expect(received).toHaveLength(1);
  });

  it('does not retry a permanent (5xx) refusal or wrong credentials', async () => {
    let attempts = 0;
    const port = await listen({
      onRcptTo(_address, _session, callback) {
        attempts += 1;
        callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      },
    });
    const refused = await failureOf(channelFor(port).send(message));
    expect(refused.message).toBe('email delivery failed after 1 attempt');
    expect(attempts).toBe(1);
    const badAuth = await failureOf(channelFor(port, { password: 'wrong' }).send(message));
    expect(badAuth.message).toBe('email delivery failed after 1 attempt');
    expect(received).toHaveLength(0);
  });

  it('refuses a recipient that smuggles a header or a second address, before connecting', async () => {
    const port = await listen({});
    for (const to of [
      'adele@contoso.example\r\nBcc: eve@evil.example',
      'adele@contoso.example, eve@evil.example',
      'Eve <eve@evil.example>',
    ]) {
      await expect(channelFor(port).send({ ...message, to })).rejects.toThrow('the recipient is not one plain address');
    }
    expect(connections).toBe(0);
  });

  it('is the channel createApp picks when SSPR_SMTP_URL is set (nothing lands in the outbox)', async () => {
    const port = await listen({ disabledCommands: ['STARTTLS'], authOptional: true });
    const world = await createTestWorld('sqlite', {
      SSPR_SMTP_URL: `smtp://127.0.0.1:${port}`,
      SSPR_MAIL_FROM: 'OpenSSPR <sspr@contoso.example>',
    });
    try {
      await world.app.services.deps.email.send(message);
      expect(received.map((r) => r.to)).toEqual([['adele@contoso.example']]);
      expect(await sentMessages(world.app)).toEqual([]);
    } finally {
      await world.close();
    }
  });

  it('stops start-up with a clear message when SSPR_SMTP_CA_FILE cannot be read', async () => {
    await expect(
      createTestWorld('sqlite', {
        SSPR_SMTP_URL: 'smtps://127.0.0.1:1',
        SSPR_MAIL_FROM: 'sspr@contoso.example',
        SSPR_SMTP_CA_FILE: join(dir, 'missing.pem'),
      }),
    ).rejects.toThrow(/^SSPR_SMTP_CA_FILE cannot be read \(ENOENT/);
  });
});
