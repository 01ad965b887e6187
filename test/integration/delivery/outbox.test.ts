/**
 * The outbox as the embedded mode's channel: the dev page (with its "Answer with #" button for voice
 * calls) and `sspr outbox --json` as a real process.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../support/manual-clock.js';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { useCliSandbox } from '../../support/cli.js';
import { aTenant } from '../../support/factories.js';
import { formContext } from '../../support/http.js';
import { createTestWorld, useHttpWorld } from '../../support/world.js';

describe('dev outbox page: answering a voice call', () => {
  const ctx = useHttpWorld('sqlite');

  const answer = (callId: string, context: { token: string; cookie: string } | undefined) =>
    ctx.server.inject({
      method: 'POST',
      url: '/dev/outbox/voice/answer',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
        ...(context && { cookie: context.cookie }),
      },
      payload: new URLSearchParams({
        tenantId: ctx.tenantId,
        callId,
        ...(context && { _csrf: context.token }),
      }).toString(),
    });

  it('shows the call with a button, answers it with # once (CSRF required), then shows the outcome', async () => {
    const { world, server, tenantId } = ctx;
    const callId = await world.app.services.voiceCalls.place({
      tenantId,
      to: '+31612345678',
      locale: 'en',
      say: 'This is Contoso.',
    });
    await world.app.services.delivery.drain();
    const form = await formContext(server, '/dev/outbox');
    expect(form.page.body).toContain('This is Contoso.');
    expect(form.page.body).toContain(
      `<input type="hidden" name="callId" value="${callId}"><button type="submit">Answer with #</button>`,
    );

    expect((await answer(callId, undefined)).statusCode).toBe(403);
    expect((await world.app.services.voiceCalls.statusOf(tenantId, callId))?.status).toBe('placed');

    const answered = await answer(callId, form);
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe('/dev/outbox');
    expect((await world.app.services.voiceCalls.statusOf(tenantId, callId))?.status).toBe('confirmed');

    const page = (await server.inject({ url: '/dev/outbox', headers: { accept: 'text/html', cookie: form.cookie } }))
      .body;
    expect(page).toContain('Call answered with #');
    expect(page).not.toContain('Answer with #');
    // The token is still valid (it is not single-use); the call is not.
    const twice = await answer(callId, form);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('CALL_ALREADY_ANSWERED');
  });

  it('speaks the page’s language: Dutch with ?mkt=nl-NL, kept through answering a call', async () => {
    const { world, server, tenantId } = ctx;
    const callId = await world.app.services.voiceCalls.place({
      tenantId,
      to: '+31612345679',
      locale: 'nl',
      say: 'Dit is Contoso.',
    });
    await world.app.services.delivery.drain();
    const form = await formContext(server, '/dev/outbox?mkt=nl-NL');
    const nl = (key: MessageKey) => escapeHtml(translate('nl', key));
    expect(form.page.body).toContain('<html lang="nl">');
    expect(form.page.body).toContain(`<h1>${nl('outbox.title')}</h1>`);
    for (const key of ['outbox.time', 'outbox.channel', 'outbox.to', 'outbox.message'] as const)
      expect(form.page.body).toContain(`<th>${nl(key)}</th>`);
    expect(form.page.body).toContain(`<td>${nl('outbox.channel.voice')}</td>`);
    expect(form.page.body).toContain(`<form method="post" action="/dev/outbox/voice/answer?mkt=nl-NL">`);
    expect(form.page.body).toContain(`<button type="submit">${nl('outbox.answer')}</button>`);
    expect(form.page.body).not.toMatch(/Answer with #|Time \(UTC\)|>Channel<|>Message</);
    const answered = await server.inject({
      method: 'POST',
      url: '/dev/outbox/voice/answer?mkt=nl-NL',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: form.cookie },
      payload: new URLSearchParams({ tenantId, callId, _csrf: form.token }).toString(),
    });
    expect(answered.statusCode).toBe(303);
    expect(answered.headers.location).toBe('/dev/outbox?mkt=nl-NL');
    const page = await server.inject({ url: answered.headers.location, headers: { cookie: form.cookie } });
    expect(page.body).toContain(nl('outbox.call.confirmed'));
  });

  it('does not exist when the dev outbox is off', async () => {
    const off = await createTestWorld('sqlite', { SSPR_DEV_OUTBOX: '0' });
    try {
      const http = await off.app.http();
      expect((await http.inject({ url: '/dev/outbox' })).statusCode).toBe(404);
      expect(
        (
          await http.inject({
            method: 'POST',
            url: '/dev/outbox/voice/answer',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'tenantId=a&callId=b',
          })
        ).statusCode,
      ).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('sspr outbox --json', () => {
  const { env, json } = useCliSandbox('sspr-outbox-');

  beforeAll(async () => {
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
    const app = await createApp(loaded.config, { clock, logger: false });
    try {
      const { tenantId } = await aTenant(app);
      const { deps } = app.services;
      await deps.email.send({
        tenantId,
        to: 'adele@contoso.example',
        subject: 'Your code',
        text: 'Code 123456',
        html: '<p>Code 123456</p>',
      });
      clock.advance(1);
      await deps.sms.send({ tenantId, to: '+31612345678', text: 'Code 654321' });
      clock.advance(1);
      await deps.voice.call({ tenantId, to: '+31612345678', callId: 'call-1', locale: 'en', say: 'Press pound' });
    } finally {
      await app.close();
    }
  });

  it('prints every message newest first as {channel,to,subject,text,createdAt}', async () => {
    expect(await json('outbox')).toEqual([
      {
        channel: 'voice',
        to: '+31612345678',
        subject: 'call-1',
        text: 'Press pound',
        createdAt: '2026-03-01T09:00:02.000Z',
      },
      { channel: 'sms', to: '+31612345678', subject: null, text: 'Code 654321', createdAt: '2026-03-01T09:00:01.000Z' },
      {
        channel: 'email',
        to: 'adele@contoso.example',
        subject: 'Your code',
        text: 'Code 123456',
        createdAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });

  it('filters by recipient with --to', async () => {
    expect(await json('outbox', '--to', 'Adele@Contoso.example')).toEqual([
      {
        channel: 'email',
        to: 'adele@contoso.example',
        subject: 'Your code',
        text: 'Code 123456',
        createdAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });
});
