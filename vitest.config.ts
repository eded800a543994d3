import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // ptys, SQLite files and Chromium are real resources: two cores, keep it calm.
    maxWorkers: 2,
    pool: 'forks',
  },
});
