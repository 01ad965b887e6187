/**
 * Page reads of a reset flow — reloads, Back, a second tab, all from one (NAT) address — are counted apart from the
 * steps, at the default limits: they never use up the steps' per-address budget (SSPR_RESET_RATE_LIMIT, 30 a
 * minute), which still refuses the 31st post; a flood of reads meets its own, higher limit
 * (SSPR_RESET_PAGE_RATE_LIMIT). In-process limits, so one dialect is enough.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { aTenant } from '../../support/factories.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { csrfOf, resetBrowser } from '../../support/reset-pages.js';
import { createTestWorld, useHttpWorld } from '../../support/world.js';

const reloads = 40;

describe('password reset: page reads and steps are counted apart (default limits)', () => {
  const ctx = useHttpWorld('sqlite', { env: { SSPR_CAPTCHA_DIFFICULTY: '20' } });

  it(`portal: ${reloads} reloads of the flow page, then the next step still works; the 31st post is refused`, async () => {
    expect([ctx.world.config.resetRateLimitPerMinute, ctx.world.config.resetPageRateLimitPerMinute]).toEqual([30, 300]);
    const tenant = await aTenant(ctx.world.app);
    const user = await aResetUser(ctx.world.app, tenant);
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    const started = await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: user.upn,
      captcha: await browser.solveCaptcha(),
    });
    expect(started.statusCode, started.body).toBe(303);

    for (let i = 0; i < reloads; i += 1) {
      const page = await browser.get('/passwordreset/flow');
      expect(page.statusCode, `reload ${i + 1}`).toBe(200);
      expect(page.body).toContain(escapeHtml(translate('en', 'reset.intent.reset')));
    }
    const methods = await browser.get('/passwordreset/methods');
    expect(methods.statusCode).toBe(200);

    const intent = await browser.get('/passwordreset/flow');
    const chosen = await browser.submit('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).toContain(escapeHtml(translate('en', 'reset.verify.step', { step: 1, total: 1 })));

    // The steps keep their per-address limit: 30 posts a minute (one is spent above), the 31st refused.
    const statuses: number[] = [];
    for (let i = 1; i < 31; i += 1)
      statuses.push(
        (await browser.post('/passwordreset/intent', { _csrf: csrfOf(chosen), intent: 'reset' })).statusCode,
      );
    expect(statuses.slice(0, 29).every((status) => status === 303)).toBe(true);
    expect(statuses[29]).toBe(429);
    const refused = browser.responses.at(-1)!;
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toContain(`<h1>${escapeHtml(translate('en', 'portal.error.RATE_LIMITED.title'))}</h1>`);
    expect(refused.body).toContain('Reference: RATE_LIMITED');
    // Reading the page is still allowed after the steps ran out.
    expect((await browser.get('/passwordreset/flow')).statusCode).toBe(200);
  });

  it(`API: ${reloads} reads of the state and CAPTCHA challenges, then a step works; the 31st post is RATE_LIMITED`, async () => {
    const tenant = await aTenant(ctx.world.app);
    const user = await aResetUser(ctx.world.app, tenant);
    const api = resetApi(ctx.server, ctx.world.clock);
    for (let i = 0; i < reloads; i += 1)
      expect((await ctx.server.inject({ url: '/api/v1/captcha' })).statusCode, `captcha ${i + 1}`).toBe(200);
    const flowId = await api.flowOf(user.upn);
    for (let i = 0; i < reloads; i += 1) expect((await api.view(flowId)).statusCode, `read ${i + 1}`).toBe(200);
    const chosen = await api.intent(flowId, 'reset');
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({ intent: 'reset' });

    const statuses: number[] = [];
    for (let i = 1; i < 31; i += 1) statuses.push((await api.intent(flowId, 'reset')).statusCode);
    expect(statuses.slice(0, 29)).not.toContain(429);
    expect(statuses[29]).toBe(429);
    const refused = await api.intent(flowId, 'reset');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await api.view(flowId)).statusCode).toBe(200);
  });
});

describe('password reset: a flood of page reads meets its own limit', () => {
  it('refuses reads past SSPR_RESET_PAGE_RATE_LIMIT per route, while the steps keep their budget', async () => {
    const world = await createTestWorld('sqlite', {
      SSPR_CAPTCHA_DIFFICULTY: '20',
      SSPR_RESET_RATE_LIMIT: '3',
      SSPR_RESET_PAGE_RATE_LIMIT: '5',
    });
    try {
      const server = await world.app.http();
      const reads: number[] = [];
      for (let i = 0; i < 6; i += 1) reads.push((await server.inject({ url: '/api/v1/captcha' })).statusCode);
      expect(reads).toEqual([200, 200, 200, 200, 200, 429]);
      const browser = resetBrowser(() => server);
      const pages: number[] = [];
      // No flow in this tab: the page says to start again (404), until the read limit answers instead.
      for (let i = 0; i < 6; i += 1) pages.push((await browser.get('/passwordreset/flow')).statusCode);
      expect(pages).toEqual([404, 404, 404, 404, 404, 429]);
      // The start is a step: its own three a minute, untouched by the reads above.
      const starts: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const payload = { username: `u${i}@nowhere.example`, captcha: 'not-solved' };
        starts.push((await server.inject({ method: 'POST', url: '/api/v1/passwordreset', payload })).statusCode);
      }
      // Unsolved CAPTCHAs are refused, and still count as steps.
      expect(starts).toEqual([400, 400, 400, 429]);
    } finally {
      await world.close();
    }
  });
});
