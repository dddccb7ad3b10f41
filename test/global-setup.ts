import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/store/open.js';
import { addDemoEvents, type TestTemplates, writeDatabase } from './helpers.js';
import { loadSampleConfig } from './sample.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** Database files holding what `openTestDb()` and `openDemoEventsDb()` return copies of. */
    testDbTemplates: TestTemplates;
  }
}

/**
 * Builds the test databases once per run, in the code under test, and hands their files to the
 * workers: every `openTestDb()` copies one into memory (~0.1–0.3 s) instead of migrating and
 * loading the catalogue and calendar again (four full recomputes, ~1–4 s on a busy machine), and
 * `openDemoEventsDb()` instead of loading the demo events as well (~3–10 s). The demo one is the
 * base one with the demo events loaded on top (as `buildDemoEventsDb()` makes it), so the base is
 * built once, from the new database (`empty`) the CLI tests hand to the command; the compilation of
 * the CLI runs beside it, in its own process. The folder also receives the databases `sharedDb()`
 * builds during the run.
 */
export async function setup(project: TestProject): Promise<() => void> {
  // the `sla` command runs the compiled CLI (dist/): compile what changed since the last build, so
  // the tests that spawn it never run an older build than the sources they test
  const build = npmBuild();
  const dir = mkdtempSync(join(tmpdir(), 'sla-test-template-'));
  try {
    const templates: TestTemplates = {
      dir,
      empty: join(dir, 'empty.duckdb'),
      base: join(dir, 'base.duckdb'),
      demoEvents: join(dir, 'demo-events.duckdb'),
    };
    // (the steps of buildTestDb() and buildDemoEventsDb(), written out after each)
    const db = await openDatabase(':memory:');
    try {
      await writeDatabase(db, templates.empty);
      await loadSampleConfig(db);
      await writeDatabase(db, templates.base);
      await addDemoEvents(db);
      await writeDatabase(db, templates.demoEvents);
    } finally {
      db.close();
    }
    await build;
    project.provide('testDbTemplates', templates);
  } catch (err) {
    await build.catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

/** `npm run -s build` with its output on this terminal; rejects when it fails. */
function npmBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'build'], { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`npm run build failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
