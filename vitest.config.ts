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
    // vitest's default is one worker less than the cores: a single worker on the 2-core CI machine, idle while a
    // file waits on slapd, Samba, Chromium or PostgreSQL. Two workers measured 184 s -> 148 s on test/integration/reset
    // and test/integration/password (docs/testing.md). `--maxWorkers=1` on the command line still overrides it.
    maxWorkers: 2,
  },
});
