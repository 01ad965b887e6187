/**
 * The dependency rule (DESIGN §4, docs/ARCHITECTURE.md): http / cli / agent → services → core ← adapters,
 * and `src/app.ts` is the one place that picks real implementations. Plugin folders (`src/methods/`,
 * `src/dialects/`) are checked file by file, by the role each file's name gives. Imports are read with the
 * TypeScript parser, so comments and strings never count and type-only imports are not a loophole.
 */
import { describe, expect, it } from 'vitest';
import {
  findImports,
  findAmbientEffects,
  readSources,
  isRelative,
  resolveRelative,
  isPluginFile,
  pluginRoleOf,
  layerOf,
  isInfrastructurePackage,
  coreImportProblem,
  layersServicesMustNotImport,
  layersAdaptersMustNotImport,
  mayImportAdapters,
  relativeLayerViolations,
} from '../support/dependency-scan.js';

describe('the import and effect scanners (self-check: the rule can fail)', () => {
  const sample = [
    "import { a } from './a.js';",
    "import type { B } from 'kysely';",
    "import 'node:fs';",
    'import * as c from "fs/promises";',
    "export { d } from '../services/d.js';",
    "export * from './e.js';",
    "export type { F } from '@fastify/cookie';",
    "import g = require('pg');",
    "const h = await import('better-sqlite3');",
    "const i = require('ldapts');",
    "type J = typeof import('nodemailer');",
    "// import { k } from 'not-an-import-comment';",
    'const l = "import { m } from \'not-an-import-string\'";',
    'export const n = 1;',
  ].join('\n');

  it('finds every kind of import, with its line, and ignores comments and strings', () => {
    expect(findImports('sample.ts', sample).map(({ specifier, line, kind }) => `${line} ${kind} ${specifier}`)).toEqual(
      [
        '1 import ./a.js',
        '2 import kysely',
        '3 import node:fs',
        '4 import fs/promises',
        '5 export ../services/d.js',
        '6 export ./e.js',
        '7 export @fastify/cookie',
        '8 require pg',
        '9 dynamic better-sqlite3',
        '10 require ldapts',
        '11 import-type nodemailer',
      ],
    );
  });

  it('classifies core imports', () => {
    const from = 'src/core/password/cloud-policy.ts';
    const allowed = [
      './x.js',
      '../errors.js',
      '../directory/identifiers.js',
      'libphonenumber-js',
      'libphonenumber-js/max',
    ];
    const refused = [
      'node:fs',
      'node:crypto',
      'fs',
      'path',
      'crypto',
      'fs/promises',
      'os',
      'kysely',
      'better-sqlite3',
      'pg',
      'ldapts',
      'fastify',
      '@fastify/cookie',
      'pino',
      'nodemailer',
      '@node-rs/argon2',
      'typebox',
      'left-pad',
      '../../services/services.js',
      '../../adapters/store/schema.js',
      '../../app.js',
      '../../../test/x.js',
      '/abs.js',
    ];
    expect(allowed.filter((specifier) => coreImportProblem(from, specifier) !== undefined)).toEqual([]);
    expect(refused.filter((specifier) => coreImportProblem(from, specifier) === undefined)).toEqual([]);
  });

  it('finds the ambient clock, randomness and process, but not injected ones', () => {
    const effects = [
      'const a = Date.now();',
      'const b = new Date();',
      'const c = new Date;',
      'const d = Math.random();',
      'const e = process.env.X;',
      "const f = process['argv'];",
      'const g = crypto.randomUUID();',
      'const h = globalThis.process;',
      'const i = Date();',
      'const ok1 = new Date(clock.now().getTime() + 1);',
      "const ok2 = new Date('2026-01-01T00:00:00Z');",
      'const ok3 = clock.now();',
      'const ok4 = random.token(16);',
      '// Date.now() and Math.random() in a comment',
      "const ok5 = 'process.env in a string';",
    ].join('\n');
    expect(findAmbientEffects('sample.ts', effects).map(({ line, what }) => `${line} ${what}`)).toEqual([
      '1 Date.now()',
      '2 new Date() without arguments',
      '3 new Date() without arguments',
      '4 Math.random()',
      '5 process.*',
      '6 process.*',
      '7 global crypto.*',
      '8 globalThis.process',
      '9 Date() (the current time as a string)',
    ]);
  });

  it('maps paths to layers', () => {
    expect(
      [
        'src/app.ts',
        'src/main.ts',
        'src/cli.js',
        'src/cli/program.ts',
        'src/core/model.js',
        'src/adapters/store/x.js',
        'test/x.ts',
      ].map(layerOf),
    ).toEqual(['app', 'main', 'cli-entry', 'cli', 'core', 'adapters', 'outside-src']);
  });

  it('classifies plugin files by role: pure roles are core, adapter files are adapters, others have no role', () => {
    expect(
      [
        'src/methods/email/email.rules.ts',
        'src/methods/email/email.strategy.js',
        'src/methods/email/email.view.ts',
        'src/methods/registry.ts',
        'src/dialects/openldap/openldap-connection.adapter.ts',
      ].map(layerOf),
    ).toEqual(['core', 'core', 'core', 'core', 'adapters']);
    expect(pluginRoleOf('src/methods/email/helpers.ts')).toBeUndefined();
    const from = 'src/methods/email/email.rules.ts';
    const allowed = ['typebox', '../../core/model.js', '../../i18n/i18n.js', '../registry.js', './email.texts.js'];
    const refused = [
      '../../services/services.js',
      '../../http/portal/layout.js',
      '../../dialects/openldap/openldap-connection.adapter.js',
      '../../adapters/store/schema.js',
      'node:crypto',
      'ldapts',
    ];
    expect(allowed.filter((specifier) => coreImportProblem(from, specifier) !== undefined)).toEqual([]);
    expect(refused.filter((specifier) => coreImportProblem(from, specifier) === undefined)).toEqual([]);
  });
});

describe('the dependency rule', () => {
  const sources = readSources();
  // Core proper and the pure files of plugin folders: the registries of methods and dialects are read by core.
  const core = sources.filter(({ file }) => layerOf(file) === 'core');

  it('reads the source tree', () => {
    const files = sources.map(({ file }) => file);
    expect(files).toContain('src/app.ts');
    expect(files).toContain('src/core/errors.ts');
    expect(files.some((file) => file.endsWith('.test.ts'))).toBe(false);
    expect(core.length).toBeGreaterThan(5);
  });

  it('core imports nothing with I/O and nothing from an outer layer', () => {
    const violations = core.flatMap(({ file, text }) =>
      findImports(file, text).flatMap(({ specifier, line }) => {
        const problem = coreImportProblem(file, specifier);
        return problem ? [`${file}:${line} imports '${specifier}', which ${problem}`] : [];
      }),
    );
    expect(violations).toEqual([]);
  });

  it('core reads no ambient clock, randomness or process (they are injected)', () => {
    const violations = core.flatMap(({ file, text }) =>
      findAmbientEffects(file, text).map(({ line, what }) => `${file}:${line} uses ${what}`),
    );
    expect(violations).toEqual([]);
  });

  it('services import neither the delivery layers (http, cli, agent), nor adapters, nor the composition root', () => {
    const services = sources.filter(({ file }) => file.startsWith('src/services/'));
    expect(services.length).toBeGreaterThan(0);
    expect(relativeLayerViolations(services, layersServicesMustNotImport)).toEqual([]);
  });

  it('services reach infrastructure only through ports (no store, directory, mail, HTTP or hashing packages)', () => {
    const violations = sources
      .filter(({ file }) => file.startsWith('src/services/'))
      .flatMap(({ file, text }) =>
        findImports(file, text)
          .filter(({ specifier }) => !isRelative(specifier) && isInfrastructurePackage(specifier))
          .map(({ specifier, line }) => `${file}:${line} imports '${specifier}'`),
      );
    expect(violations).toEqual([]);
  });

  it('adapters implement core ports and import neither services nor the delivery layers', () => {
    const adapters = sources.filter(({ file }) => layerOf(file) === 'adapters');
    expect(relativeLayerViolations(adapters, layersAdaptersMustNotImport)).toEqual([]);
  });

  it('only src/app.ts (and the entry points that call createApp) import adapters', () => {
    const violations = sources
      .filter(({ file }) => !mayImportAdapters(file))
      .flatMap(({ file, text }) =>
        findImports(file, text)
          .filter(({ specifier }) => isRelative(specifier) && layerOf(resolveRelative(file, specifier)) === 'adapters')
          .map(({ specifier, line }) => `${file}:${line} imports '${specifier}'`),
      );
    expect(violations).toEqual([]);
  });

  it('every file in a plugin folder has a role its name says (rules, strategy, view, texts, adapter, index, registry)', () => {
    const unnamed = sources.filter(({ file }) => isPluginFile(file) && !pluginRoleOf(file)).map(({ file }) => file);
    expect(unnamed).toEqual([]);
  });

  it('i18n is pure data and functions: it imports only core, plugin texts and itself', () => {
    const violations = sources
      .filter(({ file }) => layerOf(file) === 'i18n')
      .flatMap(({ file, text }) =>
        findImports(file, text)
          .filter(
            ({ specifier }) =>
              !isRelative(specifier) || !['core', 'i18n'].includes(layerOf(resolveRelative(file, specifier))),
          )
          .map(({ specifier, line }) => `${file}:${line} imports '${specifier}'`),
      );
    expect(violations).toEqual([]);
  });
});
