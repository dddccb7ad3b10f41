import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { exportLake, MANIFEST } from '../../src/lake/export.js';
import { manifestStamps, openRollup, reloadRollup } from '../../src/lake/rollup.js';
import { loadSecond, openLakeDb, tempDir } from './helpers.js';

/**
 * A roll-up reads a lake again when its manifest changes (an office exported again into the
 * folder it reads): the lake fixture's three cases, then b.csv's fourth (L-L2, lampung-selatan).
 */
const tmp = tempDir();
afterAll(() => tmp.remove());

test('a new export is read at the next look; an unreadable manifest keeps the previous export', async () => {
  const db = await openLakeDb();
  const lake = join(tmp.dir, 'lake');
  await exportLake(db, lake);
  const { db: rollup, sources } = await openRollup([lake]);
  try {
    const stamps = manifestStamps(sources);
    const cases = async () =>
      (
        await rollup.all<{ office: string; n: number }>(
          'select office, count(*) as n from case_sla group by office order by office',
        )
      ).map((r) => [r.office, r.n]);
    expect(await cases()).toEqual([
      ['lampung-selatan', 1],
      ['pekanbaru', 2],
    ]);
    expect(await reloadRollup(rollup, sources, stamps)).toEqual({ reloaded: [], errors: [] });

    await loadSecond(db);
    await exportLake(db, lake);
    expect(await reloadRollup(rollup, sources, stamps)).toEqual({ reloaded: [lake], errors: [] });
    expect(await cases()).toEqual([
      ['lampung-selatan', 2],
      ['pekanbaru', 2],
    ]);
    // the dashboard summaries follow: May 2026 of lampung-selatan has both its cases ready
    const may = await rollup.one<{ ready: number }>(
      "select ready from dash_case_periods where period_kind = 'month' and period_from = date '2026-05-01' and office = 'lampung-selatan' and service is null",
    );
    expect(may!.ready).toBe(2);

    const m = JSON.parse(readFileSync(join(lake, MANIFEST), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(lake, MANIFEST), JSON.stringify({ ...m, schema_version: 2 }));
    const r = await reloadRollup(rollup, sources, stamps);
    expect(r.reloaded).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/lake schema version 2, this build reads version 1/);
    expect(await cases()).toEqual([
      ['lampung-selatan', 2],
      ['pekanbaru', 2],
    ]);
  } finally {
    rollup.close();
    db.close();
  }
}, 120_000);
