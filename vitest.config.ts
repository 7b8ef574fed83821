import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Is a PostgreSQL server reachable? Asked once per run (skip notice, or CI failure).
    globalSetup: ['test/postgres/global-setup.ts'],
  },
});
