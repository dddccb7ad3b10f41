import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The timeouts only catch a hang: no test waits on the clock (limits and sessions run on fake
    // timers, browser waits have no timeout of their own), so they stand far above the slowest
    // test on a loaded machine rather than near its quiet time.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    env: { TZ: 'UTC' },
  },
});
