import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './store/index.js';
import { loadConfigFile, loadFile, type ProgressFn } from './ingest/index.js';
import type { Lang } from './i18n/index.js';

/** The files of sample-data/ in load order: catalogue and calendar first, then row data. */
export function sampleFiles(dir: string) {
  return {
    config: [
      ['catalogue', join(dir, 'catalogue.yaml')],
      ['catalogue', join(dir, 'officers.yaml')],
      ['calendar', join(dir, 'calendar.yaml')],
      ['calendar', join(dir, 'holidays-id-2024-2026.csv')],
    ] as const,
    rows: [
      ['events', join(dir, 'events.csv')],
      ['complaints', join(dir, 'complaints.csv')],
      ['surveys', join(dir, 'surveys.csv')],
    ] as const,
  };
}

/**
 * Builds a database from sample-data/ into `dbPath`, atomically: it is built beside the target
 * and renamed over it only when complete. `log` gets each file's outcome in `lang`.
 */
export async function buildDemo(
  dbPath: string,
  sampleDir: string,
  log: (line: string) => void = () => undefined,
  onProgress?: ProgressFn,
  lang: Lang = 'id',
): Promise<void> {
  const tmp = `${dbPath}.building`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}.wal`, { force: true });
  const db = await openDatabase(tmp);
  try {
    const files = sampleFiles(sampleDir);
    for (const [kind, path] of files.config) {
      if (existsSync(path)) log((await loadConfigFile(db, kind, path, { lang })).message);
    }
    for (const [kind, path] of files.rows) {
      if (existsSync(path)) log((await loadFile(db, { kind, path, onProgress, lang })).message);
    }
    await db.write((w) => w.run('checkpoint'));
  } finally {
    db.close();
  }
  rmSync(`${dbPath}.wal`, { force: true });
  renameSync(tmp, dbPath);
}
