import os from 'node:os';
import path from 'node:path';
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
    // Secret keys of every test core (and of app processes the tests start) go to one throw-away
    // folder instead of the OS user's config folder.
    env: { COUNTERDESK_KEY_DIR: path.join(os.tmpdir(), 'counterdesk-test-keys') },
  },
});
