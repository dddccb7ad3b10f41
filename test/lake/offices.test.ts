import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { readParquetSql } from '../../src/lake/contract.js';
import { exportLake, type Manifest } from '../../src/lake/export.js';
import { LAKE_TABLES, OFFICES, openAll, openOne, tempDir } from './helpers.js';

/**
 * Issue #27 §3, for the lake: every case is measured within its own office, so the lake of a
 * database of three offices holds the same rows, table by table, as the lakes of three databases
 * of one office each put together.
 */

describe('three offices exported together and apart', () => {
  const tmp = tempDir();
  let together: Manifest;
  const apart: Manifest[] = [];
  let db: Database;
  beforeAll(async () => {
    db = await openAll();
    together = (await exportLake(db, join(tmp.dir, 'all'))).manifest;
    for (const office of OFFICES) {
      const one = await openOne(office);
      try {
        apart.push((await exportLake(one, join(tmp.dir, office))).manifest);
        // the office's own database knows no other office
        expect((await one.all<{ office: string }>('select office from offices')).map((r) => r.office)).toEqual([
          office,
        ]);
      } finally {
        one.close();
      }
    }
  }, 600_000);
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  test('give the same rows per table, read back with read_parquet(hive_partitioning)', async () => {
    const summary: Record<string, number> = {};
    for (const t of LAKE_TABLES) {
      const all = together.tables[t.name]!.files.map((f) => join(tmp.dir, 'all', f.path));
      const parts = apart.flatMap((m, i) => m.tables[t.name]!.files.map((f) => join(tmp.dir, OFFICES[i]!, f.path)));
      expect(all.length, t.name).toBeGreaterThan(0);
      const a = readParquetSql(t, all);
      const b = readParquetSql(t, parts);
      // sums of DOUBLE minutes depend on the order DuckDB adds them in (parallel aggregation): the
      // two databases can differ in the last bits (10675.649997999999 and 10675.649998, step
      // performance of lampung-selatan, January 2025), so doubles are compared to 10⁻⁶ minute
      const cols = t.columns
        .map((c) => (c.type === 'DOUBLE' ? `round("${c.name}", 6) as "${c.name}"` : `"${c.name}"`))
        .join(', ');
      const n = await db.one<{ together: number; apart: number; missing: number; extra: number }>(`select
        (select count(*) from ${a}) as together,
        (select count(*) from ${b}) as apart,
        (select count(*) from (select ${cols} from ${a} except all select ${cols} from ${b})) as missing,
        (select count(*) from (select ${cols} from ${b} except all select ${cols} from ${a})) as extra`);
      expect({ table: t.name, ...n }).toEqual({
        table: t.name,
        together: n!.together,
        apart: n!.together,
        missing: 0,
        extra: 0,
      });
      summary[t.name] = n!.together;
    }
    // the demo's three offices are all there (22 600-odd transitions, the shipped catalogue)
    expect(summary.offices).toBe(3);
    expect(summary.sop_steps).toBe(38);
    expect(summary.events).toBe((await db.one<{ n: number }>('select count(*) as n from events'))!.n);
    // and each office has the same partitions, with the same rows
    for (const [i, office] of OFFICES.entries()) {
      for (const t of LAKE_TABLES) {
        const mine = together.tables[t.name]!.files.filter((f) => f.office === office).map((f) => [
          f.year,
          f.month,
          f.rows,
        ]);
        expect(
          apart[i]!.tables[t.name]!.files.map((f) => [f.year, f.month, f.rows]),
          `${office} ${t.name}`,
        ).toEqual(mine);
      }
    }
  });
});
