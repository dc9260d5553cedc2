import { defineConfig } from 'vitest/config';

// Server and contract tests: each test file gets a fresh database cloned from a migrated template
// (PGlite by default; PostgreSQL when DATABASE_URL is set). Browser journeys live in e2e/.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.tmp/vitest-results.json' } : undefined,
  },
});
