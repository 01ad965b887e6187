/**
 * Parameter pollution (checklist §11 row 12, GitLab CVE-2023-7028), on both dialects: a reset step given an array,
 * or a form field given twice, where one value belongs — the user ID, the method, the phone number, the code — is
 * refused as input, and nothing is sent to anyone: a code goes only to the address or number on file.
 */
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { sentMessages } from '../../support/outbox.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi, solveCaptcha } from '../../support/reset.js';
import { csrfOf, resetBrowser } from '../../support/reset-pages.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const attacker = 'attacker@evil.example';
type Method = { id: string; type: string };

describe.each(testDialects())('reset: no parameter pollution (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const tenant = async (): Promise<Tenant> => (await app().store.tenants.findByDomain(ctx.domain))!;
  const sentCount = async () => (await sentMessages(app(), {})).length;

  it('refuses arrays in every API step and sends nothing', async () => {
    const user = await aResetUser(app(), await tenant(), { mobilePhone: '+31612345678' });
    const before = await sentCount();
    const start = await api().call('POST', '', {
      username: [user.upn, attacker],
      captcha: await solveCaptcha(ctx.server),
    });
    expect([start.statusCode, start.json().code]).toEqual([400, 'VALIDATION_FAILED']);

    const flowId = await api().flowOf(user.upn);
    const methods = (await api().intent(flowId, 'reset')).json<{ methods: Method[] }>().methods;
    const email = methods.find((m) => m.type === 'email')!;
    const sms = methods.find((m) => m.type === 'mobileSms')!;
    for (const body of [
      { methodId: [email.id, sms.id] },
      { methodId: email.id, email: attacker },
      { methodId: email.id, address: [attacker] },
      { methodId: sms.id, phoneNumber: ['+31612345678', '+447700900123'] },
    ]) {
      const refused = await api().challenge(flowId, body);
      expect([refused.statusCode, refused.json().code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const verify = await api().verify(flowId, { methodId: email.id, code: ['12345678', '87654321'] });
    expect([verify.statusCode, verify.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await sentCount()).toBe(before);
    expect(await sentMessages(app(), { recipient: attacker })).toEqual([]);
  });

  it('refuses a form field given twice on the reset pages and sends nothing', async () => {
    const user = await aResetUser(app(), await tenant(), { mobilePhone: '+31612345679' });
    const before = await sentCount();
    const browser = resetBrowser(() => ctx.server);
    /** Posts a form with repeated fields, then follows the redirect as a browser would: the page the user sees. */
    const postTwice = async (url: string, fields: Array<[string, string]>) => {
      const posted = await ctx.server.inject({
        method: 'POST',
        url,
        headers: { cookie: browser.cookie(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams(fields).toString(),
      });
      expect(posted.statusCode, url).toBe(303);
      // The cookies the post set replace the browser's of the same name (the tab's cookie carries the refusal).
      const jar = new Map(browser.jar);
      for (const line of [posted.headers['set-cookie'] ?? []].flat()) {
        const [name = '', value = ''] = String(line).split(';')[0]!.split('=');
        jar.set(name, value);
      }
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      return ctx.server.inject({ url: String(posted.headers.location), headers: { cookie, accept: 'text/html' } });
    };
    const startPage = await browser.get('/passwordreset');
    const twice = await postTwice('/passwordreset', [
      ['_csrf', csrfOf(startPage)],
      ['username', user.upn],
      ['username', attacker],
      ['captcha', await browser.solveCaptcha()],
    ]);
    // Refused as input: back on the start page, asked to fill in the form again.
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('name="username"');
    expect(twice.body).toContain('Fill in every field');

    await browser.post('/passwordreset', {
      _csrf: csrfOf(startPage),
      username: user.upn,
      captcha: await browser.solveCaptcha(),
    });
    const intent = await browser.get('/passwordreset/flow');
    await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
    const methods = await browser.get('/passwordreset/flow');
    const smsId = /name="methodId" value="(mobileSms\.[^"]+)"/.exec(methods.body)![1]!;
    const phones = await postTwice(`/passwordreset/challenge?f=${browser.tab.handle}`, [
      ['_csrf', csrfOf(methods)],
      ['methodId', smsId],
      ['phoneNumber', '+31612345679'],
      ['phoneNumber', '+447700900123'],
    ]);
    expect(phones.statusCode).toBe(400);
    expect(phones.body).not.toContain('name="code"');
    expect(await sentCount()).toBe(before);
  });
});
