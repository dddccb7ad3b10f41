import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { EVENT_KINDS, STAGES } from '../src/ingest/kinds.js';
import {
  addMonths,
  DATE_PATTERN,
  DEFAULT_COMPLAINT_TARGET,
  DEFAULT_DAY_MINUTES,
  DEFAULT_WITHIN_QUOTA_TARGET,
  MONTH_PATTERN,
} from '../src/vocabulary.js';
import { openTestDb } from './helpers.js';

/**
 * The words of the domain are listed once on each side: the TypeScript lists (src/ingest/kinds.ts)
 * and the SQL macros of queries/_macros.sql that order them must name the same words.
 */
let db: Database;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db?.close());

describe('one vocabulary', () => {
  it('event_kind_rank orders every event kind of the loader: resubmit … collect, cancel last (SPEC §2.3.1)', async () => {
    const ranks = [];
    for (const k of EVENT_KINDS)
      ranks.push({ k, r: (await db.one<{ r: number }>('select event_kind_rank($k)::int as r', { k }))!.r });
    const byRank = [...ranks].sort((a, b) => a.r - b.r).map((x) => `${x.r} ${x.k}`);
    expect(byRank).toEqual(['1 resubmit', '2 start', '3 complete', '4 return', '5 notify', '6 collect', '7 cancel']);
  });

  it('complaint_stage_rank follows the register stages in their order', async () => {
    for (const [i, stage] of STAGES.entries()) {
      expect((await db.one<{ r: number }>('select complaint_stage_rank($s)::int as r', { s: stage }))!.r, stage).toBe(
        i + 1,
      );
    }
    expect((await db.one<{ r: number | null }>("select complaint_stage_rank('tidak_ada')::int as r"))!.r).toBeNull();
  });

  it("the schema's defaults of an office are the ones of src/vocabulary.ts (450 minutes, 75%, 90%)", async () => {
    const rows = await db.all<{ column_name: string; column_default: string }>(
      "select column_name, column_default from duckdb_columns() where table_name = 'offices' and column_name in ('day_minutes', 'complaint_target', 'within_quota_target') order by column_name",
    );
    const defaults = Object.fromEntries(
      rows.map((r) => [r.column_name, Number(String(r.column_default).replace(/^CAST\((.*) AS .*\)$/, '$1'))]),
    );
    expect(defaults).toEqual({
      complaint_target: DEFAULT_COMPLAINT_TARGET,
      day_minutes: DEFAULT_DAY_MINUTES,
      within_quota_target: DEFAULT_WITHIN_QUOTA_TARGET,
    });
    expect([DEFAULT_DAY_MINUTES, DEFAULT_COMPLAINT_TARGET, DEFAULT_WITHIN_QUOTA_TARGET]).toEqual([450, 0.75, 0.9]);
  });

  it('one pattern of a month and of a date', () => {
    expect(['2026-01', '2026-12', '0001-10'].map((m) => MONTH_PATTERN.test(m))).toEqual([true, true, true]);
    expect(['2026-00', '2026-13', '2026-1', '2026-10-01', ' 2026-10'].map((m) => MONTH_PATTERN.test(m))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['2026-02-28', '2026-02-30'].map((d) => DATE_PATTERN.test(d))).toEqual([true, true]); // existence is checked where read
    expect(['2026-2-28', '2026-02-28T00:00'].map((d) => DATE_PATTERN.test(d))).toEqual([false, false]);
  });

  it('one month arithmetic (the report and its scheduler)', () => {
    expect(['2026-01', '2026-12', '2026-06'].map((m) => addMonths(m, 1))).toEqual(['2026-02', '2027-01', '2026-07']);
    expect(['2026-01', '2026-12'].map((m) => addMonths(m, -1))).toEqual(['2025-12', '2026-11']);
    expect(addMonths('2026-10', -11)).toBe('2025-11');
  });
});
