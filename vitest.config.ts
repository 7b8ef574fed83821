import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Both cores of a CI machine: one file at a time took 357 s on an idle 2-core machine
    // (the suite must stay near 5 minutes), two took 216 s with every test passing.
    maxWorkers: 2,
    // Is a PostgreSQL server reachable? Asked once per run (skip notice, or CI failure).
    globalSetup: ['test/postgres/global-setup.ts'],
  },
});
