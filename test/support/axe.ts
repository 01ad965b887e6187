import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical axe findings of the page as it is now. axe needs script timers, which a page with
 * JavaScript off does not run, so the page's current HTML is served again at its own origin (its stylesheet
 * loads, so colour contrast is real) to a scripted page of the same size, and axe runs there.
 */
export const seriousAxeFindings = async (page: Page): Promise<AxeFinding[]> => {
  const markup = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({
    javaScriptEnabled: true,
    bypassCSP: true,
    viewport: page.viewportSize() ?? { width: 390, height: 844 },
  });
  try {
    const probe = await context.newPage();
    const target = new URL('/__axe-snapshot__', page.url()).href;
    // The page's own scripts stay out: axe judges the markup the server sent and what the test did to it.
    await probe.route(target, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: markup.replace(/<script[^>]*><\/script>/g, ''),
      }),
    );
    await probe.goto(target);
    await probe.addScriptTag({ content: axeSource });
    const result = await probe.evaluate<{ passed: number; findings: AxeFinding[] }>(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ passed: r.passes.length, findings: r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })) }))`,
    );
    // A run that checked nothing (an empty snapshot, axe not loaded) must not read as "no findings".
    if (result.passed < 5)
      throw new Error(`axe checked almost nothing on ${page.url()}: ${result.passed} rules passed`);
    return result.findings;
  } finally {
    await context.close();
  }
};
