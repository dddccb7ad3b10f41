import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTestDb } from './helpers.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** A database file holding what `openTestDb()` makes (schema, definitions, shipped catalogue and calendar). */
    testDbTemplate: string;
  }
}

/**
 * Builds the test database once per run, in the code under test, and hands its file to the
 * workers: every `openTestDb()` copies it into memory (~0.1 s) instead of migrating and loading
 * the catalogue and calendar again (four full recomputes, ~1–4 s on a busy machine).
 */
export async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'sla-test-template-'));
  const file = join(dir, 'template.duckdb');
  const db = await buildTestDb();
  try {
    await db.write((w) => w.exec(`attach '${file.replaceAll("'", "''")}' as template; copy from database memory to template; detach template;`));
  } finally {
    db.close();
  }
  project.provide('testDbTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
