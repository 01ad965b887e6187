// ESLint flat config. Syntactic rules only (no type-aware linting) so that `npm run lint` stays fast;
// `tsc -p tsconfig.json` (npm run typecheck) is the type check.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
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
    },
  },
);
