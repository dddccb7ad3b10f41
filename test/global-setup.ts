import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDemoEventsDb, buildTestDb, type TestTemplates } from './helpers.js';

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
 * `openDemoEventsDb()` instead of loading the demo events as well (~3–10 s).
 */
export async function setup(project: TestProject): Promise<() => void> {
  // the `sla` command runs the compiled CLI (dist/): compile what changed since the last build, so
  // the tests that spawn it never run an older build than the sources they test
  execFileSync('npm', ['run', '-s', 'build'], { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'sla-test-template-'));
  const templates: TestTemplates = { base: join(dir, 'base.duckdb'), demoEvents: join(dir, 'demo-events.duckdb') };
  for (const [name, build] of [['base', buildTestDb], ['demoEvents', buildDemoEventsDb]] as const) {
    const db = await build();
    try {
      await db.write((w) => w.exec(`attach '${templates[name].replaceAll("'", "''")}' as template; copy from database memory to template; detach template;`));
    } finally {
      db.close();
    }
  }
  project.provide('testDbTemplates', templates);
  return () => rmSync(dir, { recursive: true, force: true });
}
