/**
 * Dashboard summaries: the figures of the Ringkasan, Tren, Tahapan and Petugas pages computed
 * ahead for every calendar month, quarter and year (local to each office), so that a page over a
 * year of a million cases reads a few hundred rows instead of aggregating millions.
 *
 * - `dash_case_periods`: per period, office and service, with the pooled rows of grouping sets
 *   (office), (service) and () (null office / service): cases submitted; of the cases that became
 *   ready in the period, how many were late, share within quota, median working days.
 *   (The period's bottleneck of a service comes from the step figures: `dash_step_periods`.)
 * - `dash_step_periods`: per period, office, service and step: the Tahapan figures.
 * - `dash_officer_periods`: per period, office, officer, and service (null: every service): the
 *   work handed on (`handedOnByOfficer`), and its Σ over_min (the desks over quota).
 *
 * The aggregate expressions are the live queries' own (`CASE_READY_AGGS`, `STEP_AGGS`,
 * `OFFICER_AGGS`), and the medians are exact: a quarter or a year is aggregated from its rows, not
 * from its months. The live queries of `data.ts` stay: they answer custom ranges, and every period
 * the summaries do not hold yet.
 *
 * Freshness. The summaries are a cache of the SLA tables, kept outside the load transaction (a
 * year of figures takes seconds to re-aggregate; a day's load must not wait for it). The refresh
 * marks the first month it changed in `dash_dirty` in the load's own transaction (every month
 * after a full recompute); a reader uses the summaries only for periods ending on or before the
 * earliest dirty month, and the live queries otherwise. `scheduleSummaries` rebuilds, in the
 * background, every period that ends after that month, then clears the marks, in one transaction
 * serialised with the loads. So a page is never stale, only slower for the seconds after a load.
 * A change of the summaries' columns needs a migration that marks everything (migration 9 does):
 * a full rebuild replaces the tables, a partial one inserts into them.
 */
import type { Database } from '../db/index.js';
import { OFFICER_AGGS } from '../sla/index.js';

type Reader = Pick<Database, 'one'>;

/** The summary tables, in build order. */
export const SUMMARY_TABLES = ['dash_case_periods', 'dash_step_periods', 'dash_officer_periods'] as const;

/**
 * Case figures over the cases that became ready (alias `t`, offices `b` with day_minutes). With
 * `within`, over the rows it holds for (a period's among others: a FILTER, and share_within's
 * argument, since a macro has no FILTER clause), named with `prefix`.
 */
export function caseReadyAggs(within?: string, prefix = ''): string {
  const only = within ? ` filter (where ${within})` : '';
  return `count(*)${only} as ${prefix}ready,
      count(*) filter (where ${within ? `${within} and ` : ''}t.within_quota = false) as ${prefix}late,
      share_within(${within ? `case when ${within} then t.within_quota end` : 't.within_quota'}) as ${prefix}within_quota_pct,
      quantile_cont(t.elapsed_min / b.day_minutes, 0.5)${only} as ${prefix}median_elapsed_days`;
}

export const CASE_READY_AGGS = caseReadyAggs();

/** Tahapan figures over step visits handed on (alias `v`). */
export const STEP_AGGS = `min(v.seq) as seq, any_value(v.clock) as clock,
       count(*) as visits,
       quantile_cont(v.handling_min, 0.5) as median_handling_min,
       quantile_cont(v.handling_min, 0.9) as p90_handling_min,
       count(*) filter (where v.started_at is not null) as visits_with_start,
       quantile_cont(v.queue_min, 0.5) filter (where v.started_at is not null) as median_queue_min,
       any_value(v.quota_min) as quota_min,
       share_within(v.within_quota) as within_quota_pct,
       sum(v.excess_min) as excess_min_total,
       sum(v.over_min) as over_min_total,
       sum(coalesce(v.queue_min, 0) + v.handling_min) filter (where v.clock <> 'applicant') as queue_handling_min_total`;

/** Σ over_min of the work an officer handed on (alias `v`): the Ringkasan's desks over quota (`desksOverQuota`). */
export const DESK_OVER_AGG = `sum(v.over_min) filter (where v.over_min > 0) as over_min_total`;

/** One row per period kind for a month column `m`: the first day of its month, quarter and year. */
const PERIOD_OF = `cross join (values ('month'), ('quarter'), ('year')) as k(period_kind)`;
const periodFrom = (m: string) =>
  `cast(case k.period_kind when 'month' then ${m} when 'quarter' then date_trunc('quarter', ${m}) else date_trunc('year', ${m}) end as date)`;
const periodTo = `cast(period_from + case period_kind when 'month' then interval 1 month when 'quarter' then interval 3 month else interval 1 year end as date)`;
const localMonth = (col: string) =>
  `cast(date_trunc('month', cast(local_ts(${col}, b.utc_offset_min, b.timezone) as date)) as date)`;

/** The select of each summary over the rows whose month is on or after `getvariable('dash_floor')`. */
function summarySql(table: (typeof SUMMARY_TABLES)[number]): string {
  const floor = "cast(getvariable('dash_floor') as date)";
  switch (table) {
    case 'dash_case_periods': {
      const sets = (x: string) =>
        `grouping sets ((${x}.period_kind, ${x}.period_from, ${x}.office, ${x}.service), (${x}.period_kind, ${x}.period_from, ${x}.office),
          (${x}.period_kind, ${x}.period_from, ${x}.service), (${x}.period_kind, ${x}.period_from))`;
      const keyed = (m: string) =>
        `select c.*, k.period_kind, ${periodFrom(`c.${m}`)} as period_from from c ${PERIOD_OF} where c.${m} >= ${floor}`;
      return `with c as (
          select t.*, ${localMonth('t.submitted_at')} as sm, ${localMonth('t.ready_at')} as rm
          from case_sla t join offices b on b.office = t.office
          where t.submitted_at >= cast(${floor} as timestamp) - interval 1 day or t.ready_at >= cast(${floor} as timestamp) - interval 1 day
        ),
        s as (
          select t.period_kind, t.period_from, t.office, t.service, grouping(t.office, t.service) as g, count(*) as submitted
          from (${keyed('sm')}) t
          group by ${sets('t')}
        ),
        r as (
          select t.period_kind, t.period_from, t.office, t.service, grouping(t.office, t.service) as g, ${CASE_READY_AGGS}
          from (${keyed('rm')}) t join offices b on b.office = t.office
          group by ${sets('t')}
        )
        select coalesce(s.period_kind, r.period_kind) as period_kind, coalesce(s.period_from, r.period_from) as period_from,
          coalesce(s.office, r.office) as office, coalesce(s.service, r.service) as service,
          coalesce(s.submitted, 0) as submitted, coalesce(r.ready, 0) as ready, coalesce(r.late, 0) as late, r.within_quota_pct, r.median_elapsed_days
        from s full join r on r.period_kind = s.period_kind and r.period_from = s.period_from and r.g = s.g
          and r.office is not distinct from s.office and r.service is not distinct from s.service`;
    }
    case 'dash_step_periods':
      return `select v.period_kind, v.period_from, v.office, v.service, v.step, ${STEP_AGGS}
        from (
          select v.*, k.period_kind, ${periodFrom('v.completed_month')} as period_from from step_visits v ${PERIOD_OF}
          where v.completed_at is not null and v.completed_month >= ${floor}
        ) v
        group by v.period_kind, v.period_from, v.office, v.service, v.step`;
    case 'dash_officer_periods':
      return `select v.period_kind, v.period_from, v.office, v.service, v.officer, ${OFFICER_AGGS}, ${DESK_OVER_AGG}
        from (
          select v.*, k.period_kind, ${periodFrom('v.completed_month')} as period_from from step_visits v ${PERIOD_OF}
          where v.officer is not null and v.clock <> 'applicant' and v.completed_at is not null and v.completed_month >= ${floor}
        ) v
        group by grouping sets ((v.period_kind, v.period_from, v.office, v.officer, v.service), (v.period_kind, v.period_from, v.office, v.officer))`;
  }
}

/**
 * Rebuilds the periods that end after the earliest dirty month (all of them when the marks go back
 * to the beginning, or a table is missing), then clears the marks: one transaction. Returns what
 * it did, or null when nothing was dirty.
 */
export async function buildSummaries(db: Database): Promise<{ from: string; ms: number } | null> {
  return db.transaction(async (tx) => {
    const from = await dirtyFrom(tx);
    if (!from) return null;
    const t0 = performance.now();
    let full = from <= '1000-01-01';
    for (const t of SUMMARY_TABLES) if (!(await tx.tableExists(t))) full = true;
    // quarters and months lie inside their year: rows from the dirty month's year on
    await tx.run(`set variable dash_floor = ${full ? "date '0001-01-01'" : `date_trunc('year', date '${from}')`}`);
    for (const t of SUMMARY_TABLES) {
      const select = `select period_kind, period_from, ${periodTo} as period_to, * exclude (period_kind, period_from) from (${summarySql(t)})`;
      if (full) await tx.run(`create or replace table ${t} as ${select} order by period_kind, period_from`);
      else {
        await tx.run(`delete from ${t} where period_to > date '${from}'`);
        await tx.run(`insert into ${t} select * from (${select}) where period_to > date '${from}'`);
      }
    }
    await tx.run('delete from dash_dirty');
    return { from: full ? 'all' : from, ms: performance.now() - t0 };
  });
}

const running = new WeakMap<Database, { job: Promise<void>; stop: boolean }>();

/**
 * Starts a background rebuild of the summaries unless one is running; it repeats while loads
 * leave new marks. Errors go to `onError` (the pages keep using the live queries meanwhile).
 */
export function scheduleSummaries(db: Database, onError: (err: unknown) => void = () => undefined): Promise<void> {
  const current = running.get(db);
  if (current) return current.job;
  const state = { job: Promise.resolve(), stop: false };
  state.job = (async () => {
    try {
      for (let i = 0; i < 5 && !state.stop; i++) if (!(await buildSummaries(db))) break;
    } catch (err) {
      onError(err);
    } finally {
      running.delete(db);
    }
  })();
  running.set(db, state);
  return state.job;
}

/** Lets a running rebuild finish its current transaction and start no other (before closing the database). */
export async function settleSummaries(db: Database): Promise<void> {
  const current = running.get(db);
  if (!current) return;
  current.stop = true;
  await current.job;
}

/** The first local date (YYYY-MM-DD) from which the summaries are not current, or null when all are. */
export async function dirtyFrom(db: Reader): Promise<string | null> {
  const r = await db.one<{ m: string | null }>("select strftime(min(from_month), '%Y-%m-%d') as m from dash_dirty");
  return r?.m ?? null;
}

/** Whether the summaries hold a period [from, to) of a standard kind (local dates YYYY-MM-DD). */
export function summaryHolds(dirty: string | null, kind: string, to: string): boolean {
  return kind !== 'range' && (dirty === null || to <= dirty);
}
