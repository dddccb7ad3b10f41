import { availableParallelism } from 'node:os';
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
    // vitest's default is one worker fewer than the cores, i.e. one on a 2-core machine, which ran
    // the files one after another with a core idle; the main process does little once the files
    // are transformed. No test depends on another running beside it (temporary files under
    // os.tmpdir(), port 0, fixed seeds), so two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker runs file after file in one process instead of a new process per file: the native
    // DuckDB module, Fastify, Vega and the sources are imported once per worker (the imports took
    // ~77 s of a run, ~1.3 s a file). The files leave nothing behind that another could see: each
    // opens its own databases and servers and closes them, fake timers are restored in `finally`,
    // no test mocks a module or sets process.env, and every file with properties sets its own seed.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    env: { TZ: 'UTC' },
  },
});
