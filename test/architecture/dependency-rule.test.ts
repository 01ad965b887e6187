/**
 * The dependency rule (DESIGN §4, docs/ARCHITECTURE.md): http / cli / agent → services → core ← adapters,
 * and `src/app.ts` is the one place that picks real implementations. Plugin folders (`src/methods/`,
 * `src/dialects/`) are checked file by file, by the role each file's name gives. Imports are read with the
 * TypeScript parser, so comments and strings never count and type-only imports are not a loophole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface ImportRef {
  specifier: string;
  line: number;
  kind: 'import' | 'export' | 'dynamic' | 'require' | 'import-type';
}

/** Every module a file refers to: import/export … from, `import()`, `require()`, `import x = require()`, `typeof import()`. */
const findImports = (fileName: string, text: string): ImportRef[] => {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ImportRef[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined, kind: ImportRef['kind']) => {
    if (literal && ts.isStringLiteralLike(literal)) {
      found.push({
        specifier: literal.text,
        line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        kind,
      });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, 'import');
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, 'export');
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'require');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, 'import-type');
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], 'dynamic');
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require')
        add(node, node.arguments[0], 'require');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

interface Finding {
  line: number;
  what: string;
}

const isName = (node: ts.Node, name: string): boolean => ts.isIdentifier(node) && node.text === name;
const isMember = (node: ts.Node, object: string, member: string): boolean =>
  ts.isPropertyAccessExpression(node) && isName(node.expression, object) && node.name.text === member;

/**
 * Reads of the ambient clock, ambient randomness, the process and the network. Core receives a
 * Clock and a RandomSource instead, so that it stays pure and tests can move time.
 */
const findAmbientEffects = (fileName: string, text: string): Finding[] => {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Finding[] = [];
  const add = (node: ts.Node, what: string) =>
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, what });
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (isMember(callee, 'Date', 'now')) add(node, 'Date.now()');
      else if (isMember(callee, 'Math', 'random')) add(node, 'Math.random()');
      else if (isMember(callee, 'performance', 'now')) add(node, 'performance.now()');
      else if (isName(callee, 'Date')) add(node, 'Date() (the current time as a string)');
      else if (isName(callee, 'fetch')) add(node, 'fetch()');
    }
    if (ts.isNewExpression(node) && isName(node.expression, 'Date') && (node.arguments?.length ?? 0) === 0) {
      add(node, 'new Date() without arguments');
    }
    if (
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
      ts.isIdentifier(node.expression)
    ) {
      if (node.expression.text === 'process') add(node, 'process.*');
      if (node.expression.text === 'crypto') add(node, 'global crypto.*');
    }
    if (ts.isPropertyAccessExpression(node) && ['globalThis', 'global'].some((g) => isName(node.expression, g))) {
      if (['process', 'crypto'].includes(node.name.text)) add(node, `${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

interface SourceFile {
  /** Repository-relative, forward slashes: `src/core/errors.ts`. */
  file: string;
  text: string;
}

const readSources = (): SourceFile[] =>
  readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .map((entry) => `src/${entry.split(path.sep).join('/')}`)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(repoRoot, file), 'utf8') }));

const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');

/** Where a relative specifier lands, repository-relative: `src/core/model.js`. */
const resolveRelative = (fromFile: string, specifier: string): string =>
  path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));

/**
 * Plugin folders: one folder per verification method (`src/methods/<method>/`) and per directory dialect
 * (`src/dialects/<dialect>/`), each with one registration list (`registry.ts`). A plugin's files are classified
 * by role from their names: rules, strategies (effects only through capabilities passed in), views (data → SafeHtml),
 * texts, `index.ts` and `registry.ts` are pure and obey core's rules, because core reads the registries; `*.adapter.ts`
 * files are adapters (directory connection code) and obey the adapters' rules.
 */
const pluginRoots = ['src/methods/', 'src/dialects/'];
const isPluginFile = (file: string): boolean => pluginRoots.some((root) => file.startsWith(root));
type PluginRole = 'rules' | 'strategy' | 'view' | 'texts' | 'composition' | 'adapter';
const pluginRoleOf = (file: string): PluginRole | undefined => {
  const name = path.posix.basename(file).replace(/\.js$/, '.ts');
  const suffix = /\.(rules|strategy|view|texts|adapter)\.ts$/.exec(name)?.[1];
  if (suffix) return suffix as PluginRole;
  return name === 'index.ts' || name === 'registry.ts' ? 'composition' : undefined;
};
/** Pure plugin files may also build their request-body schema fragments (TypeBox has no I/O). */
const pluginAllowedPackages = ['typebox'];

/**
 * The layer a repository-relative path belongs to: the folder under src/ (`core`, `services`,
 * `adapters`, `http`, `cli`, `agent`, `config`, `i18n`, …), or the entry file's name for files at the
 * top of src/ (`app`, `main`, `cli.ts` → `cli-entry`), or `outside-src`.
 */
const layerOf = (target: string): string => {
  const parts = target.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return 'outside-src';
  if (isPluginFile(target)) return pluginRoleOf(target) === 'adapter' ? 'adapters' : 'core';
  if (parts.length === 2) {
    const name = parts[1]!.replace(/\.(ts|js|mts|mjs)$/, '');
    return name === 'cli' ? 'cli-entry' : name;
  }
  return parts[1]!;
};

const packageName = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};

const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') ||
  builtinModules.includes(specifier) ||
  builtinModules.includes(packageName(specifier));

/** Packages that do I/O or belong to an outer layer; named here for a clearer failure than "not allowed". */
const infrastructurePackages = [
  'kysely',
  'better-sqlite3',
  'pg',
  'ldapts',
  'fastify',
  'pino',
  'nodemailer',
  '@node-rs/argon2',
  // WebAuthn ceremonies: behind the WebAuthnCeremonies port (adapters/webauthn).
  '@simplewebauthn/server',
];
const isInfrastructurePackage = (specifier: string): boolean => {
  const name = packageName(specifier);
  return infrastructurePackages.includes(name) || name.startsWith('@fastify/') || name.startsWith('fastify-');
};

/** The only third-party packages core may import (values or types): pure libraries with no I/O. */
const coreAllowedPackages = ['libphonenumber-js'];

/** Why `specifier`, imported by a file in src/core, breaks the rule; undefined when it is fine. */
const coreImportProblem = (fromFile: string, specifier: string): string | undefined => {
  const fromPlugin = isPluginFile(fromFile);
  if (isRelative(specifier)) {
    const target = resolveRelative(fromFile, specifier);
    if (layerOf(target) === 'core') return undefined;
    // Plugin texts compose into the i18n catalogue and views translate with it; i18n is pure data (checked below).
    if (fromPlugin && layerOf(target) === 'i18n') return undefined;
    return `resolves outside the pure layer: src/core and the pure files of plugin folders (${target})`;
  }
  if (fromPlugin && pluginAllowedPackages.includes(packageName(specifier))) return undefined;
  if (isNodeBuiltin(specifier)) return 'is a Node.js built-in (I/O, clock or randomness belong in adapters)';
  if (isInfrastructurePackage(specifier)) return 'is an infrastructure package (adapters/http only)';
  if (specifier.startsWith('/') || specifier.startsWith('#')) return 'is not a relative import inside src/core';
  return coreAllowedPackages.includes(packageName(specifier))
    ? undefined
    : `is not an allowed third-party package for core (${coreAllowedPackages.join(', ')})`;
};

/** What services may not reach: the layers outside them and the composition root. */
const layersServicesMustNotImport = ['http', 'cli', 'cli-entry', 'agent', 'adapters', 'app', 'main'];
/** Adapters implement core's ports; they know nothing of the use cases or the delivery layers. */
const layersAdaptersMustNotImport = ['services', 'http', 'cli', 'cli-entry', 'agent', 'app', 'main'];
/**
 * Outside src/adapters, only the composition root (`src/app.ts`) and the entry points that call
 * `createApp` (`src/main.ts`, `src/cli.ts`, `src/cli/**`) may import an adapter.
 */
const mayImportAdapters = (file: string): boolean =>
  file === 'src/app.ts' ||
  file === 'src/main.ts' ||
  file === 'src/cli.ts' ||
  file.startsWith('src/cli/') ||
  layerOf(file) === 'adapters';

const relativeLayerViolations = (files: SourceFile[], forbidden: string[]): string[] =>
  files.flatMap(({ file, text }) =>
    findImports(file, text)
      .filter(({ specifier }) => isRelative(specifier) && forbidden.includes(layerOf(resolveRelative(file, specifier))))
      .map(
        ({ specifier, line }) =>
          `${file}:${line} imports '${specifier}' (${layerOf(resolveRelative(file, specifier))})`,
      ),
  );

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
