/**
 * SMS and voice through a Twilio-compatible provider: the adapters against a local server that
 * speaks the API, then voice calls end to end (place → signed callback → answer), on both dialects.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../../src/adapters/channels/twilio-callbacks.js';
import { createTwilioClient } from '../../../src/adapters/channels/twilio-client.js';
import { createTwilioSmsChannel } from '../../../src/adapters/channels/twilio-sms-channel.js';
import { createTwilioVoiceChannel } from '../../../src/adapters/channels/twilio-voice-channel.js';
import { aTenant } from '../../support/factories.js';
import { startFakeTwilio } from '../../support/fake-twilio.js';
import { testDialects } from '../../support/postgres.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

const accountSid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'test-auth-token-0123456789';
const from = '+3197010000000';

/** Twilio's documented algorithm, written out independently of the adapter. */
const sign = (token: string, url: string, fields: Record<string, string>) =>
  createHmac('sha1', token)
    .update(
      url +
        Object.keys(fields)
          .sort()
          .map((k) => k + fields[k])
          .join(''),
    )
    .digest('base64');

const errorChain = (error: unknown): string[] => {
  const messages: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages;
};

describe('Twilio-compatible adapters', () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  const clientWith = (token = authToken) =>
    createTwilioClient({
      accountSid,
      authToken: token,
      from,
      baseUrl: fake.baseUrl,
      delivery: { timeoutMs: 2000, retries: 2, backoffMs: 1, sleep: async () => undefined },
    });

  beforeAll(async () => {
    fake = await startFakeTwilio(accountSid, authToken);
  });
  afterAll(async () => fake?.close());

  it('sends an SMS as a form-encoded POST with Basic auth to the Messages API', async () => {
    fake.requests.length = 0;
    await createTwilioSmsChannel(clientWith()).send({
      tenantId: 't1',
      to: '+31612345678',
      text: 'Your Contoso code is 123456',
    });
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${accountSid}/Messages.json`,
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        contentType: 'application/x-www-form-urlencoded',
        fields: { To: '+31612345678', From: from, Body: 'Your Contoso code is 123456' },
      },
    ]);
  });

  it('places a call with inline TwiML: escaped text, the localised prompt, a one-key Gather posting to the callback', async () => {
    fake.requests.length = 0;
    const voice = createTwilioVoiceChannel(clientWith(), 'https://sspr.contoso.example');
    await voice.call({
      tenantId: 'tenant-1',
      to: '+31201234567',
      callId: 'call_1',
      locale: 'nl',
      say: 'Dit is <Contoso> & "IT".',
    });
    await voice.call({
      tenantId: 'tenant-1',
      to: '+31201234567',
      callId: 'call_2',
      locale: 'en',
      say: 'This is Contoso.',
    });
    const [nl, en] = fake.requests.map((r) => r.fields);
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/2010-04-01/Accounts/${accountSid}/Calls.json`,
      `/2010-04-01/Accounts/${accountSid}/Calls.json`,
    ]);
    expect(nl).toMatchObject({ To: '+31201234567', From: from });
    expect(nl!.Twiml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather numDigits="1" finishOnKey="" action="https://sspr.contoso.example/api/v1/channels/voice/tenant-1/call_1" method="POST" timeout="15">' +
        '<Say language="nl-NL">Dit is &lt;Contoso&gt; &amp; &quot;IT&quot;. Druk op het hekje om te bevestigen.</Say></Gather>' +
        '<Say language="nl-NL">We hebben geen antwoord ontvangen. Tot ziens.</Say></Response>',
    );
    expect(en!.Twiml).toContain('<Say language="en-US">This is Contoso. Press the pound key to confirm.</Say>');
    expect(en!.Twiml).toContain('<Say language="en-US">We did not receive your answer. Goodbye.</Say>');
  });

  it('retries 5xx and 429 answers, then delivers once', async () => {
    fake.requests.length = 0;
    fake.failNext(503, 429);
    await createTwilioSmsChannel(clientWith()).send({ tenantId: 't1', to: '+31612345678', text: 'code' });
    expect(fake.requests).toHaveLength(3);
  });

  it('never retries a 4xx, and keeps the provider text out of the error message', async () => {
    fake.requests.length = 0;
    fake.failNext(400);
    const error = await createTwilioSmsChannel(clientWith())
      .send({ tenantId: 't1', to: '+31612345678', text: 'code' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(fake.requests).toHaveLength(1);
    expect((error as Error).message).toBe('sms delivery failed after 1 attempt');
    // The provider's words are kept for the logs, in the cause chain only.
    expect(errorChain(error).slice(0, 2).join(' ')).not.toContain('secret provider detail');
    expect(errorChain(error).join(' ')).toContain('secret provider detail');
  });

  it('fails without retrying when the provider refuses the credentials', async () => {
    fake.requests.length = 0;
    const error = await createTwilioSmsChannel(clientWith('wrong-token-0123456789'))
      .send({ tenantId: 't1', to: '+31612345678', text: 'x' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as Error).message).toBe('sms delivery failed after 1 attempt');
    expect(fake.requests).toHaveLength(1);
  });

  it('retries when the provider cannot be reached', async () => {
    const unreachable = createTwilioClient({
      accountSid,
      authToken,
      from,
      baseUrl: 'http://127.0.0.1:9',
      delivery: { timeoutMs: 2000, retries: 2, backoffMs: 1, sleep: async () => undefined },
    });
    const error = await createTwilioSmsChannel(unreachable)
      .send({ tenantId: 't1', to: '+31612345678', text: 'x' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as Error).message).toBe('sms delivery failed after 3 attempts');
  });

  it('refuses a number that is not E.164 before calling the provider', async () => {
    fake.requests.length = 0;
    await expect(
      createTwilioSmsChannel(clientWith()).send({ tenantId: 't1', to: '0612345678', text: 'x' }),
    ).rejects.toThrow('E.164');
    await expect(
      createTwilioVoiceChannel(clientWith(), 'https://x.example').call({
        tenantId: 't',
        to: '+31 6 1234',
        callId: 'c',
        locale: 'en',
        say: 'x',
      }),
    ).rejects.toThrow('E.164');
    expect(fake.requests).toHaveLength(0);
  });

  it('computes the request signature as Twilio does (its published example)', () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    };
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe(
      'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
    );
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe(
      sign('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params),
    );
  });
});

describe.each(testDialects())('voice calls through the provider (%s)', (dialect) => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let world: TestWorld;
  let server: FastifyInstance;
  let tenantId: string;

  beforeAll(async () => {
    fake = await startFakeTwilio(accountSid, authToken);
    world = await createTestWorld(dialect, {
      SSPR_SMS_PROVIDER: 'twilio',
      SSPR_TWILIO_ACCOUNT_SID: accountSid,
      SSPR_TWILIO_AUTH_TOKEN: authToken,
      SSPR_TWILIO_FROM: from,
      SSPR_TWILIO_BASE_URL: fake.baseUrl,
    });
    server = await world.app.http();
    tenantId = (await aTenant(world.app)).tenantId;
  });
  afterAll(async () => {
    await world?.close();
    await fake?.close();
  });

  const place = async (locale = 'en-US') => {
    const callId = await world.app.services.voiceCalls.place({
      tenantId,
      to: '+31612345678',
      locale,
      say: 'This is Contoso.',
    });
    // Queued with its row; the delivery worker places it.
    await world.app.services.delivery.drain();
    const twiml = fake.requests.at(-1)!.fields.Twiml!;
    const action = /action="([^"]+)"/.exec(twiml)![1]!;
    return { callId, action, path: new URL(action).pathname };
  };
  const callback = (
    path: string,
    fields: Record<string, string>,
    signature: string | undefined,
    headers: Record<string, string> = {},
  ) =>
    server.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature !== undefined && { 'x-twilio-signature': signature }),
        ...headers,
      },
      payload: new URLSearchParams(fields).toString(),
    });
  const fieldsFor = (digits: string) => ({
    AccountSid: accountSid,
    CallSid: 'CA42',
    From: from,
    To: '+31612345678',
    Digits: digits,
  });

  it('places the call after recording it, with the callback at SSPR_PUBLIC_URL', async () => {
    const { callId, action } = await place();
    expect(action).toBe(`${world.config.publicUrl}/api/v1/channels/voice/${tenantId}/${callId}`);
    expect(await world.app.services.voiceCalls.statusOf(tenantId, callId)).toEqual({
      tenantId,
      callId,
      locale: 'en-US',
      status: 'placed',
      createdAt: world.clock.now().toISOString(),
      answeredAt: null,
    });
  });

  it('confirms with # on a correctly signed callback, answers TwiML, and answers only once', async () => {
    const { callId, action, path } = await place('nl-NL');
    const fields = fieldsFor('#');
    // A cross-site Origin does not matter here: the signature is the authentication (the documented exception).
    const response = await callback(path, fields, sign(authToken, action, fields), {
      origin: 'https://api.twilio.com',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="nl-NL">Dank u. Uw antwoord is vastgelegd. Tot ziens.</Say><Hangup/></Response>',
    );
    expect(await world.app.services.voiceCalls.statusOf(tenantId, callId)).toMatchObject({
      status: 'confirmed',
      answeredAt: world.clock.now().toISOString(),
    });

    const again = await callback(path, fieldsFor('1'), sign(authToken, action, fieldsFor('1')));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Deze oproep is al beantwoord.');
    expect((await world.app.services.voiceCalls.statusOf(tenantId, callId))?.status).toBe('confirmed');
  });

  it('records any other key as rejected', async () => {
    const { callId, action, path } = await place();
    const response = await callback(path, fieldsFor('1'), sign(authToken, action, fieldsFor('1')));
    expect(response.body).toContain(
      '<Say language="en-US">You did not press the pound key, so nothing was confirmed. Goodbye.</Say>',
    );
    expect((await world.app.services.voiceCalls.statusOf(tenantId, callId))?.status).toBe('rejected');
  });

  it('refuses a bad signature with 403 and changes nothing: tampered field, other URL, other token, missing header', async () => {
    const { callId, action, path } = await place();
    const fields = fieldsFor('#');
    const attempts = [
      callback(path, { ...fields, Digits: '#' }, sign(authToken, action, fieldsFor('1'))),
      callback(path, fields, sign(authToken, action.replace('127.0.0.1:3000', 'evil.example'), fields)),
      callback(path, fields, sign('another-token-0123456789', action, fields)),
      callback(path, fields, undefined),
      callback(path, fields, ''),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'CALLBACK_SIGNATURE_INVALID' });
    }
    expect((await world.app.services.voiceCalls.statusOf(tenantId, callId))?.status).toBe('placed');
  });

  it('answers 404 for a correctly signed callback about an unknown call', async () => {
    const path = `/api/v1/channels/voice/${tenantId}/no-such-call`;
    const fields = fieldsFor('#');
    const response = await callback(path, fields, sign(authToken, `${world.config.publicUrl}${path}`, fields));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the JSON-only rule everywhere else in the API', async () => {
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expect(response.statusCode).toBe(415);
  });

  it('marks the call failed (and the message dropped, audited) when the provider refuses to place it', async () => {
    fake.failNext(400);
    const before = fake.requests.length;
    await world.app.services.voiceCalls.place({ tenantId, to: '+31612345678', locale: 'en', say: 'x' });
    await world.app.services.delivery.drain();
    // A 4xx is refused for good: one request, no retry by the channel or the queue.
    expect(fake.requests.length).toBe(before + 1);
    const [event] = await world.app.store.audit.list(tenantId, { activity: 'Message not delivered' });
    expect(event).toMatchObject({ resultReason: 'DELIVERY_FAILED', details: { channel: 'voice' } });
    const callId = /\/voice\/[^/]+\/([^"]+)"/.exec(fake.requests.at(-1)!.fields.Twiml!)![1]!;
    expect(await world.app.services.voiceCalls.statusOf(tenantId, callId)).toMatchObject({
      status: 'failed',
      answeredAt: null,
    });
  });
});
