import { defineConfig } from 'vitest/config';

// Server and contract tests: each test file gets a fresh database cloned from a migrated template
// (PGlite by default; PostgreSQL when DATABASE_URL is set). Browser journeys live in e2e/.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Two workers on this 2-core machine (vitest's default there is one), each running its files
    // one after another in the same process: the app's modules, tsx's transforms and PGlite's WASM
    // load once per worker instead of once per file (half the CPU time of the suite, measured; see
    // docs/OPERATIONS.md). Every file still builds its own app on its own fresh database.
    maxWorkers: Number(process.env.LPN_TEST_WORKERS) || 2,
    isolate: false,
    // Guards against a stuck test, not a performance budget: they must survive this shared 2-core
    // machine at a load of 20 (the heaviest test, the identity property, took over 60 s there).
    // The stage's own limit in .ci/run catches a run that is slow overall.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.tmp/vitest-results.json' } : undefined,
  },
});
