import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { LAKE_TABLES, readParquetSql, type LakeTable } from '../../src/lake/contract.js';
import type { Manifest } from '../../src/lake/export.js';
import { refreshAll } from '../../src/sla/refresh.js';
import { fixture, openDemoEventsDb, openTestDb, repoPath, sharedDb } from '../helpers.js';

/**
 * The lake fixture (test/fixtures/lake/a.csv): three cases of complete-only events, 5 minutes apart
 * from 08:05 local time, every case closed:
 *   L-P1 pekanbaru SIKTG S1…S9 on 2026-05-13, L-P2 the same on 2026-06-10 (S2 by PKU-FO-01),
 *   L-L1 lampung-selatan IPTG S1…S8 on 2026-05-12 (S5 by LSL-BO-01); L-P1's S2 has a note naming
 *   a complainant of the complaints fixture (free text at the desk can name a person);
 * b.csv adds L-L2, lampung-selatan, like L-L1 on 2026-05-20. With the shipped officers, the
 * complaints of test/fixtures/complaints/year-2025.csv (pekanbaru, 2025) and the survey answers of
 * test/fixtures/ikm/periods.csv (pekanbaru, January and February 2026).
 */
export function openLakeDb(): Promise<Database> {
  // built once a run, copied after (test/helpers.ts)
  return sharedDb('lake', async () => {
    const db = await openTestDb();
    await loadConfigFile(db, 'catalogue', repoPath('sample-data/officers.yaml'));
    await loadFile(db, { kind: 'events', path: fixture('lake/a.csv') });
    await loadFile(db, { kind: 'complaints', path: fixture('complaints/year-2025.csv') });
    await loadFile(db, { kind: 'surveys', path: fixture('ikm/periods.csv') });
    return db;
  });
}

export async function loadSecond(db: Database): Promise<void> {
  await loadFile(db, { kind: 'events', path: fixture('lake/b.csv') });
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix = 'sla-lake-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** `read_parquet` over the files of a table as listed in the manifest of `dir` (null: no file). */
export function tableSource(dir: string, m: Manifest, t: LakeTable): string | null {
  const files = m.tables[t.name]!.files.map((f) => join(dir, f.path));
  return files.length ? readParquetSql(t, files) : null;
}

/** The columns of the contract that the database table has (not the partition keys the lake adds). */
export async function sharedColumns(db: Database, t: LakeTable): Promise<string[]> {
  const have = new Set(
    (
      await db.all<{ name: string }>(
        `select column_name as name from information_schema.columns where table_name = $t and table_schema = 'main'`,
        { t: t.name },
      )
    ).map((r) => r.name),
  );
  return t.columns.map((c) => c.name).filter((c) => have.has(c));
}

export { LAKE_TABLES };

/** The demo's three offices (test/lake/offices.test.ts, serve.test.ts). */
export const OFFICES = ['lampung-selatan', 'pekanbaru', 'rokan-hilir'];

/** The demo's events (three offices) with complaints and survey answers (pekanbaru's). */
export function openAll(): Promise<Database> {
  return sharedDb('lake-all', async () => {
    const db = await openDemoEventsDb();
    await loadFile(db, { kind: 'complaints', path: fixture('complaints/year-2025.csv') });
    await loadFile(db, { kind: 'surveys', path: fixture('ikm/periods.csv') });
    return db;
  });
}

/**
 * The same database holding one office: every row of the other offices deleted from every table
 * (national rows, office '*', stay), the derived tables then recomputed from scratch.
 */
export function openOne(office: string): Promise<Database> {
  return sharedDb(`lake-one-${office}`, async () => {
    const db = await openAll();
    await db.transaction(async (tx) => {
      const tables = await tx.all<{ t: string }>(
        `select c.table_name as t from information_schema.columns as c join duckdb_tables() as d on d.table_name = c.table_name and d.schema_name = 'main' and not d.temporary
         where c.column_name = 'office' and c.table_schema = 'main' order by 1`,
      );
      for (const { t } of tables)
        await tx.run(`delete from "${t}" where office <> $office and office <> '*'`, { office });
      await refreshAll(tx);
    });
    return db;
  });
}
