import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { seriousAxeFindings } from '../support/axe.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * The console's Usage & insights, Audit logs and Sign-in logs tabs in a real Chromium, as a Reports Reader: with
 * JavaScript off (the world's phone page) and on (a 390 px page of its own), in English and Dutch. Filters are
 * applied through the forms, paging through the links, the CSV is downloaded by clicking its link and holds exactly
 * the filtered rows, each chart has its numbers in a table, and axe finds nothing serious or critical.
 */
const text = (locale: 'en' | 'nl', key: MessageKey, params: Record<string, string | number> = {}) =>
  translate(locale, key, params);

const narrow = { width: 390, height: 844 };

// Six pages per language, each with an axe run and a download: a shared 2-core machine needs more than 30 s.
vi.setConfig({ testTimeout: 180_000 });

describe('report tabs of the console in a real browser', () => {
  let reader: string;
  let upns: string[] = [];
  const e2e = useBrowserWorld(async (app, tenant) => {
    const domain = tenant.domains[0]!;
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 100, 'add');
    reader = (await aUser(app, domain, { roles: ['Reports Reader'], alternateEmail: 'reader@mail.example' })).upn;
    // 55 "Add user" events (and the reader's): more than one page of 50.
    upns = [];
    for (let i = 0; i < 55; i++) upns.push((await aUser(app, domain)).upn);
    for (const [i, upn] of upns.slice(0, 3).entries())
      await app.services.signIn.signIn({
        username: upn,
        password: i === 1 ? aPassword : 'Wrong-Horse-9',
        ipAddress: '192.0.2.30',
        userAgent: 'report-test',
      });
  });

  const signIn = async (page: Page) => {
    await page.goto(`${e2e.baseUrl}/signin`);
    await page.getByLabel(text('en', 'signin.username')).fill(reader);
    await page.getByLabel(text('en', 'signin.password'), { exact: true }).fill(aPassword);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: text('en', 'signin.submit'), exact: true }).click(),
    ]);
  };

  const fits = async (page: Page) => {
    const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(size.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(size.innerWidth);
  };

  const checked = async (page: Page) => {
    await fits(page);
    expect(await seriousAxeFindings(page), `axe on ${page.url()}`).toEqual([]);
  };

  const go = async (page: Page, path: string) => {
    const response = await page.goto(`${e2e.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
  };

  const apply = async (page: Page, locale: 'en' | 'nl') =>
    Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: text(locale, 'reports.apply'), exact: true }).click(),
    ]);

  /** Clicks the CSV link and returns the downloaded file's data lines (without the header). */
  const downloadCsv = async (page: Page, locale: 'en' | 'nl') => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: text(locale, 'reports.csv'), exact: true })
        .first()
        .click(),
    ]);
    const body = await readFile(await download.path(), 'utf8');
    return body.trim().split('\r\n').slice(1);
  };

  const rowsShown = (page: Page) => page.locator('table tbody tr').count();

  const walk = async (page: Page, locale: 'en' | 'nl') => {
    const mkt = locale === 'nl' ? '?mkt=nl-NL' : '';

    // Usage & insights: every chart is an image with a name, its numbers in a captioned table.
    await go(page, `/admin/password-reset/usage-insights${mkt}`);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      text(locale, 'admin.tab.usageInsights'),
    );
    for (const chart of ['reports.registration.byMethod', 'reports.usage.overTime'] as const) {
      expect(await page.getByRole('img', { name: text(locale, chart), exact: true }).count(), chart).toBe(1);
      expect(await page.locator('caption', { hasText: text(locale, chart) }).count(), chart).toBe(1);
    }
    const statusTable = page.locator('table', {
      has: page.locator('caption', { hasText: text(locale, 'reports.registration.status') }),
    });
    expect(await statusTable.locator('tbody th[scope="row"]').allTextContents()).toEqual([
      text(locale, 'reports.registration.registered'),
      text(locale, 'reports.registration.notRegistered'),
      text(locale, 'reports.registration.capable'),
      text(locale, 'reports.registration.notCapable'),
    ]);
    await page.getByLabel(text(locale, 'reports.since')).fill('2026-01-01');
    await apply(page, locale);
    expect(new URL(page.url()).searchParams.get('since')).toBe('2026-01-01');
    await checked(page);

    // Audit logs: the activity filter, then Next and Previous, then the CSV of every filtered row.
    await go(page, `/admin/password-reset/audit-logs${mkt}`);
    await page.getByLabel(text(locale, 'reports.audit.activity')).selectOption('Add user');
    await apply(page, locale);
    expect(await rowsShown(page)).toBe(50);
    await Promise.all([page.waitForEvent('load'), page.locator('a[rel="next"]').click()]);
    expect(await rowsShown(page)).toBe(56 - 50);
    expect(new URL(page.url()).searchParams.get('activity')).toBe('Add user');
    await checked(page);
    const audit = await downloadCsv(page, locale);
    expect(audit).toHaveLength(56);
    expect(audit.every((line) => line.includes('"Add user"'))).toBe(true);
    await Promise.all([page.waitForEvent('load'), page.locator('a[rel="prev"]').click()]);
    expect(await rowsShown(page)).toBe(50);

    // Sign-in logs: failures only, then one user; the CSV holds exactly those.
    await go(page, `/admin/password-reset/sign-in-logs${mkt}`);
    await page.getByLabel(text(locale, 'reports.result')).selectOption('failure');
    await apply(page, locale);
    expect(await rowsShown(page)).toBe(2);
    expect(await page.locator('tbody td', { hasText: /^50126$/ }).count()).toBe(2);
    await checked(page);
    expect(await downloadCsv(page, locale)).toHaveLength(2);
    await page.getByLabel(text(locale, 'reports.signIns.user')).fill(upns[0]!);
    await apply(page, locale);
    expect(await rowsShown(page)).toBe(1);
    const mine = await downloadCsv(page, locale);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(upns[0]);
  };

  it('works with JavaScript off on a phone, in English and Dutch', async () => {
    expectChromium();
    const { page } = e2e;
    await signIn(page);
    await walk(page, 'en');
    await walk(page, 'nl');
    expect(e2e.cspViolations).toEqual([]);
  });

  it('works with JavaScript on at 390 px, in English and Dutch', async () => {
    expectChromium();
    const context = await e2e.browser.newContext({
      javaScriptEnabled: true,
      viewport: narrow,
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
      acceptDownloads: true,
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await signIn(page);
      await walk(page, 'en');
      await walk(page, 'nl');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
