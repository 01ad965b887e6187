/**
 * The scanners behind the dependency rule (test/architecture/dependency-rule.test.ts): imports and ambient effects
 * read with the TypeScript parser, the layer of a path, the role of a plugin file, and what each layer may import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ImportRef {
  specifier: string;
  line: number;
  kind: 'import' | 'export' | 'dynamic' | 'require' | 'import-type';
}

/** Every module a file refers to: import/export … from, `import()`, `require()`, `import x = require()`, `typeof import()`. */
export const findImports = (fileName: string, text: string): ImportRef[] => {
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

export interface Finding {
  line: number;
  what: string;
}

export const isName = (node: ts.Node, name: string): boolean => ts.isIdentifier(node) && node.text === name;
export const isMember = (node: ts.Node, object: string, member: string): boolean =>
  ts.isPropertyAccessExpression(node) && isName(node.expression, object) && node.name.text === member;

/**
 * Reads of the ambient clock, ambient randomness, the process and the network. Core receives a
 * Clock and a RandomSource instead, so that it stays pure and tests can move time.
 */
export const findAmbientEffects = (fileName: string, text: string): Finding[] => {
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

export interface SourceFile {
  /** Repository-relative, forward slashes: `src/core/errors.ts`. */
  file: string;
  text: string;
}

export const readSources = (): SourceFile[] =>
  readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .map((entry) => `src/${entry.split(path.sep).join('/')}`)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(repoRoot, file), 'utf8') }));

export const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');

/** Where a relative specifier lands, repository-relative: `src/core/model.js`. */
export const resolveRelative = (fromFile: string, specifier: string): string =>
  path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));

/**
 * Plugin folders: one folder per verification method (`src/methods/<method>/`) and per directory dialect
 * (`src/dialects/<dialect>/`), each with one registration list (`registry.ts`). A plugin's files are classified
 * by role from their names: rules, strategies (effects only through capabilities passed in), views (data → SafeHtml),
 * texts, `index.ts` and `registry.ts` are pure and obey core's rules, because core reads the registries; `*.adapter.ts`
 * files are adapters (directory connection code) and obey the adapters' rules.
 */
export const pluginRoots = ['src/methods/', 'src/dialects/'];
export const isPluginFile = (file: string): boolean => pluginRoots.some((root) => file.startsWith(root));
export type PluginRole = 'rules' | 'strategy' | 'view' | 'texts' | 'composition' | 'adapter';
export const pluginRoleOf = (file: string): PluginRole | undefined => {
  const name = path.posix.basename(file).replace(/\.js$/, '.ts');
  const suffix = /\.(rules|strategy|view|texts|adapter)\.ts$/.exec(name)?.[1];
  if (suffix) return suffix as PluginRole;
  return name === 'index.ts' || name === 'registry.ts' ? 'composition' : undefined;
};
/** Pure plugin files may also build their request-body schema fragments (TypeBox has no I/O). */
export const pluginAllowedPackages = ['typebox'];

/**
 * The layer a repository-relative path belongs to: the folder under src/ (`core`, `services`,
 * `adapters`, `http`, `cli`, `agent`, `config`, `i18n`, …), or the entry file's name for files at the
 * top of src/ (`app`, `main`, `cli.ts` → `cli-entry`), or `outside-src`.
 */
export const layerOf = (target: string): string => {
  const parts = target.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return 'outside-src';
  if (isPluginFile(target)) return pluginRoleOf(target) === 'adapter' ? 'adapters' : 'core';
  if (parts.length === 2) {
    const name = parts[1]!.replace(/\.(ts|js|mts|mjs)$/, '');
    return name === 'cli' ? 'cli-entry' : name;
  }
  return parts[1]!;
};

export const packageName = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};

export const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') ||
  builtinModules.includes(specifier) ||
  builtinModules.includes(packageName(specifier));

/** Packages that do I/O or belong to an outer layer; named here for a clearer failure than "not allowed". */
export const infrastructurePackages = [
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
export const isInfrastructurePackage = (specifier: string): boolean => {
  const name = packageName(specifier);
  return infrastructurePackages.includes(name) || name.startsWith('@fastify/') || name.startsWith('fastify-');
};

/** The only third-party packages core may import (values or types): pure libraries with no I/O. */
export const coreAllowedPackages = ['libphonenumber-js'];

/** Why `specifier`, imported by a file in src/core, breaks the rule; undefined when it is fine. */
export const coreImportProblem = (fromFile: string, specifier: string): string | undefined => {
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
export const layersServicesMustNotImport = ['http', 'cli', 'cli-entry', 'agent', 'adapters', 'app', 'main'];
/** Adapters implement core's ports; they know nothing of the use cases or the delivery layers. */
export const layersAdaptersMustNotImport = ['services', 'http', 'cli', 'cli-entry', 'agent', 'app', 'main'];
/**
 * Outside src/adapters, only the composition root (`src/app.ts`) and the entry points that call
 * `createApp` (`src/main.ts`, `src/cli.ts`, `src/cli/**`) may import an adapter.
 */
export const mayImportAdapters = (file: string): boolean =>
  file === 'src/app.ts' ||
  file === 'src/main.ts' ||
  file === 'src/cli.ts' ||
  file.startsWith('src/cli/') ||
  layerOf(file) === 'adapters';

export const relativeLayerViolations = (files: SourceFile[], forbidden: string[]): string[] =>
  files.flatMap(({ file, text }) =>
    findImports(file, text)
      .filter(({ specifier }) => isRelative(specifier) && forbidden.includes(layerOf(resolveRelative(file, specifier))))
      .map(
        ({ specifier, line }) =>
          `${file}:${line} imports '${specifier}' (${layerOf(resolveRelative(file, specifier))})`,
      ),
  );
