import { readFileSync } from 'node:fs';
import type { Database } from '../db/index.js';
import { lastMonth, type Period } from './period.js';
import type { Scope } from './figures.js';
import { readSql } from './sql.js';

/**
 * The league of offices (issue #27 §2, the "Perbandingan kantor" page): queries/rollup/league.sql,
 * the portable roll-up query, run as written over the offices in scope for one period. Its
 * period comes as the relation `rollup_period` (one row per office: the period's instants in the
 * office's own zone, its last month, its IKM period), given here as a CTE of
 * queries/read/rollup_period.sql around the file's text, elsewhere (PostgreSQL, Trino, Spark) as a
 * table or view of that name.
 */

export interface LeagueRow {
  office: string;
  name: string;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
  complaints_received: number | null;
  complaints_resolved: number | null;
  complaint_ytd_rate: number | null;
  complaint_target: number;
  complaints_meet_target: boolean | null;
  ikm_converted: number | null;
  ikm_grade: string | null;
  ikm_respondents: number | null;
}

const LEAGUE = new URL('../../queries/rollup/league.sql', import.meta.url);
let text: string | undefined;

/** The text of queries/rollup/league.sql (read once). */
export function leagueSql(): string {
  text ??= readFileSync(LEAGUE, 'utf8');
  return text;
}

/** `rollup_period` of a period (DuckDB: queries/read/rollup_period.sql) for the offices in scope; `periodParams`. */
export const ROLLUP_PERIOD_SQL = readSql('rollup_period');

export const periodParams = (s: Scope, p: Period) => ({
  pf: p.from,
  pt: p.to,
  lm: lastMonth(p),
  it: p.ikmType,
  ip: p.ikmPeriod,
  office: s.office,
});

/** The league over the offices in scope (all, or the one chosen) for period `p`. */
export async function league(db: Pick<Database, 'all'>, s: Scope, p: Period): Promise<LeagueRow[]> {
  const rows = await db.all<LeagueRow & { complaint_ytd_rate: unknown; within_quota_pct: unknown }>(
    `with rollup_period as (${ROLLUP_PERIOD_SQL})
     select l.* from (${leagueSql()}) as l join rollup_period as p on p.office = l.office
     order by l.within_quota_pct desc nulls last, l.office`,
    periodParams(s, p),
  );
  // DECIMAL results (1.0 * …) come back as text or Decimal objects: numbers for the page
  const num = (v: unknown) => (v == null ? null : Number(v));
  return rows.map((r) => ({
    ...r,
    within_quota_pct: num(r.within_quota_pct),
    median_elapsed_days: num(r.median_elapsed_days),
    complaint_ytd_rate: num(r.complaint_ytd_rate),
    complaint_target: Number(r.complaint_target),
    ikm_converted: num(r.ikm_converted),
  }));
}
