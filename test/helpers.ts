import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { Database } from '../src/db/database.js';
import { openDatabase, prepareDatabase } from '../src/db/open.js';
import { loadConfigFile } from '../src/ingest/batches.js';

/** Absolute path of a file under the repository root (e.g. 'sample-data/catalogue.yaml'). */
export function repoPath(rel: string): string {
  return fileURLToPath(new URL(`../${rel}`, import.meta.url));
}

/** Absolute path of a fixture under test/fixtures/. */
export function fixture(rel: string): string {
  return fileURLToPath(new URL(`./fixtures/${rel}`, import.meta.url));
}

/**
 * An in-memory database, migrated and with the metric definitions installed, with the shipped catalogue, calendar and national holiday list
 * loaded the way an operator loads them (`loadConfigFile`, one batch each).
 */
export async function openTestDb(): Promise<Database> {
  // the run's copy, made once by test/global-setup.ts from the same steps as buildTestDb
  const template = inject('testDbTemplate');
  if (!template) return buildTestDb();
  const db = await Database.open(':memory:');
  try {
    await db.write((w) => w.exec(`attach '${template.replaceAll("'", "''")}' as template (read_only); copy from database template to memory; detach template;`));
  } catch (err) {
    db.close();
    throw err;
  }
  // a no-op on the copy (same migrations and definitions), kept so that the copy is opened as any database is
  return prepareDatabase(db);
}

/** What `openTestDb()` holds, made step by step (the template of a run, or without one). */
export async function buildTestDb(): Promise<Database> {
  const db = await openDatabase(':memory:');
  await loadConfigFile(db, 'catalogue', repoPath('sample-data/catalogue.yaml'));
  await loadConfigFile(db, 'calendar', repoPath('sample-data/calendar.yaml'));
  await loadConfigFile(db, 'calendar', repoPath('sample-data/holidays-id-2024-2026.csv'));
  return db;
}

/** Number of rows of a table. */
export async function count(db: Database, table: string, where = 'true'): Promise<number> {
  const row = await db.one<{ n: number }>(`select count(*) as n from ${table} where ${where}`);
  return row!.n;
}
