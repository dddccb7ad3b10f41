/**
 * The shipped sample configuration, for test code that runs outside vitest too (test/memory/
 * child.ts is a plain process: test/helpers.ts imports vitest, which only a test worker can).
 */
import { fileURLToPath } from 'node:url';
import type { Database } from '../src/db/database.js';
import { loadConfigFile } from '../src/ingest/batches.js';

/** Absolute path of a file under the repository root (e.g. 'sample-data/catalogue.yaml'). */
export function repoPath(rel: string): string {
  return fileURLToPath(new URL(`../${rel}`, import.meta.url));
}

/** Loads sample-data's catalogue, calendar and holidays (three batches, in that order). */
export async function loadSampleConfig(db: Database): Promise<void> {
  await loadConfigFile(db, 'catalogue', repoPath('sample-data/catalogue.yaml'));
  await loadConfigFile(db, 'calendar', repoPath('sample-data/calendar.yaml'));
  await loadConfigFile(db, 'calendar', repoPath('sample-data/holidays-id-2024-2026.csv'));
}
