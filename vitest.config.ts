import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // UTC so that instants in assertions read the same on every machine.
    env: { TZ: 'UTC' },
    pool: 'forks',
  },
});
