// ESLint flat config. Type-aware typescript-eslint (recommendedTypeChecked) over tsconfig.json's files through
// the project service; plain JS files (this config) are linted without type information.
// `tsc -p tsconfig.json` (npm run typecheck) is still the type check.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // Formatting is Prettier's (npm run format); rules that would fight it are off.
  prettier,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Node globals for the plain-JS files (TypeScript files get no-undef switched off by
      // typescript-eslint, since the compiler already checks names).
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      // Fastify's contract is async: a plugin registered without `done`, a hook (preValidation, preHandler) and a
      // handler that returns its payload are `async` functions whether or not they await (a sync hook that does not
      // call `done` hangs the request), so require-await would ask for behaviour changes here.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: {
      // Test doubles of Promise-returning ports (channels, directories, sleep) are `async` on purpose: they reject
      // instead of throwing, as the real adapters do.
      '@typescript-eslint/require-await': 'off',
      // Tests read bodies as `any` on purpose (light-my-request's `res.json()`, JSON.parse of CLI output, vitest's
      // asymmetric matchers); the assertions on them are the check, and restating each API schema as a type in every
      // test would add nothing the assertions do not already pin.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Named exports only (style.md): greppable names, no import-side renaming drift.
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use a named export; src/ has no default exports.' },
        {
          selector: "ExportSpecifier[exported.name='default']",
          message: 'Use a named export; src/ has no default exports.',
        },
      ],
      // Output goes through the logger (pino) or, in the CLI, through src/cli/output.ts, which
      // writes with process.stdout/process.stderr.
      'no-console': 'error',
      // One capability per folder, files small enough to read whole (issue #12): at most 400 lines, counted as
      // `wc -l` counts them (blank lines and comments included). Generated data stays compact (prettier-ignore).
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
    },
  },
);
