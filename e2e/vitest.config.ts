import { defineConfig } from 'vitest/config';

// Browser journeys: the real server (npx tsx server/main.ts) on a free port with the demo seed,
// driven through Debian's Chromium. One file at a time: each starts its own server and browser,
// and two Chromiums plus two PGlite servers would crowd a 2-core machine.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    // A journey never waits for a rate limit (harness.ts); the heaviest took 105 s at load 19.
    testTimeout: 240_000,
    hookTimeout: 180_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.tmp/vitest-e2e-results.json' } : undefined,
  },
});
