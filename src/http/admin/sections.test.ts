import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { nl } from '../../i18n/nl.js';
import { consoleAreas } from './access.js';
import { bladeTabPath, type BladeTab } from './blade-tab.js';
import { bladeTabs } from './blade-tabs.js';
import type { ConsoleSection, SectionContext } from './section.js';
import { consoleSections } from './sections.js';

type Catalogue = Readonly<Record<string, string>>;
const catalogues: Record<string, Catalogue> = { en, nl };

const labelProblems = (where: string, key: string, locales: Record<string, Catalogue>) =>
  Object.entries(locales)
    .filter(([, catalogue]) => !catalogue[key]?.trim())
    .map(([locale]) => `${where}: label ${key} has no ${locale} text`);

/** A path and the pages below it belong to one owner: `/admin/users` covers `/admin/users/:id`. */
const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Everything a console section must have, and what no two sections may share. */
const sectionProblems = (sections: readonly ConsoleSection[], locales: Record<string, Catalogue> = catalogues) => {
  const problems: string[] = [];
  sections.forEach((section, index) => {
    const where = section.id || `section ${index}`;
    if (!section.id) problems.push(`${where}: no id`);
    problems.push(...labelProblems(where, section.label, locales));
    if (!/^\/admin\/[a-z0-9-]+$/.test(section.path ?? ''))
      problems.push(`${where}: path ${section.path} is not /admin/…`);
    if (!section.areas?.length) problems.push(`${where}: no access area`);
    for (const area of section.areas ?? [])
      if (!Object.hasOwn(consoleAreas, area)) problems.push(`${where}: unknown access area ${area}`);
    if (typeof section.routes !== 'function') problems.push(`${where}: no routes to render its pages`);
    sections.slice(0, index).forEach((other) => {
      if (other.id === section.id) problems.push(`${where}: id shared with another section`);
      if (within(section.path, other.path) || within(other.path, section.path))
        problems.push(`${where}: path ${section.path} shared with ${other.id} (${other.path})`);
    });
  });
  return problems;
};

const tabProblems = (tabs: readonly BladeTab[], locales: Record<string, Catalogue> = catalogues) =>
  tabs.flatMap((tab, index) => [
    ...labelProblems(tab.slug, tab.title, locales),
    ...(/^[a-z0-9-]+$/.test(tab.slug) ? [] : [`${tab.slug}: slug is not a path segment`]),
    ...(Object.hasOwn(consoleAreas, tab.area) ? [] : [`${tab.slug}: unknown access area ${tab.area}`]),
    ...(tabs.slice(0, index).some((other) => other.slug === tab.slug) ? [`${tab.slug}: slug shared`] : []),
  ]);

/** The URLs a section's routes register, without a database: the routes only close over their context. */
const routesOf = async (section: ConsoleSection) => {
  const app = Fastify();
  app.decorate('csrfProtection', (_request: unknown, _reply: unknown, done: () => void) => done());
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) routes.push({ method: one, url });
  });
  const context = { render: () => '', guard: () => async () => undefined } as unknown as SectionContext;
  await app.register(section.routes, context);
  await app.ready();
  await app.close();
  return routes;
};

const users = consoleSections.find((section) => section.id === 'users')!;

describe('the console sections', () => {
  it('each have a label in English and Dutch, a path of their own, an access area and routes', () => {
    expect(consoleSections.length).toBeGreaterThan(0);
    expect(sectionProblems(consoleSections)).toEqual([]);
  });

  it('serve their navigation link and only pages below their own path', async () => {
    for (const section of consoleSections) {
      const routes = await routesOf(section);
      expect(routes, section.id).toContainEqual({ method: 'GET', url: section.path });
      for (const { url } of routes) expect(within(url, section.path), `${section.id}: ${url}`).toBe(true);
    }
  });

  it('are refused when a part is missing or a path is taken', () => {
    const broken = [
      { ...users, id: 'noLabel', path: '/admin/a', label: 'admin.nav.nothing' },
      { ...users, id: 'noPath', path: '' },
      { ...users, id: 'noArea', path: '/admin/b', areas: [] },
      { ...users, id: 'badArea', path: '/admin/c', areas: ['reports'] },
      { ...users, id: 'noRoutes', path: '/admin/d', routes: undefined },
      { ...users, id: 'sameAsUsers' },
      { ...users, id: 'belowUsers', path: '/admin/users/mine' },
    ] as unknown as ConsoleSection[];
    const problems = sectionProblems([users, ...broken]);
    for (const [id, says] of [
      ['noLabel', 'has no en text'],
      ['noPath', 'is not /admin/'],
      ['noArea', 'no access area'],
      ['badArea', 'unknown access area reports'],
      ['noRoutes', 'no routes'],
      ['sameAsUsers', 'shared with users'],
      ['belowUsers', 'shared with users'],
    ] as const)
      expect(
        problems.some((problem) => problem.startsWith(`${id}:`) && problem.includes(says)),
        id,
      ).toBe(true);
  });

  it('are refused when a label has no Dutch text', () => {
    const { [users.label]: _dropped, ...dutch } = nl;
    expect(sectionProblems([users], { en, nl: dutch })).toEqual([`users: label ${users.label} has no nl text`]);
  });
});

describe('the tabs of the Password reset blade', () => {
  it('each have a label in English and Dutch, a slug of their own and an access area', () => {
    expect(tabProblems(bladeTabs)).toEqual([]);
  });

  it('are each served below the blade', async () => {
    const passwordReset = consoleSections.find((section) => section.id === 'passwordReset')!;
    const routes = await routesOf(passwordReset);
    for (const tab of bladeTabs) expect(routes).toContainEqual({ method: 'GET', url: bladeTabPath(tab) });
  });

  it('are refused with a shared slug, an unknown area or a missing label', () => {
    const [first] = bladeTabs;
    const problems = tabProblems([
      first!,
      { ...first! },
      { slug: 'x', title: 'admin.tab.nothing', area: 'policy' } as unknown as BladeTab,
      { slug: 'y', title: first!.title, area: 'reports' } as unknown as BladeTab,
    ]);
    expect(problems).toEqual([
      `${first!.slug}: slug shared`,
      'x: label admin.tab.nothing has no en text',
      'x: label admin.tab.nothing has no nl text',
      'y: unknown access area reports',
    ]);
  });
});
