/**
 * The figures behind the dashboard pages: SQL over the SLA tables of `queries/` (case_sla,
 * step_visits, officer_performance, ikm_summary, ikm_by_unsur, complaint_resolution …). The
 * metrics themselves are defined by those views; this module only filters, groups and orders.
 * Local dates and months are taken in each office's time zone.
 */
import { isoOrNull as iso, type Database } from '../db/index.js';
import { BadRequestError } from '../errors.js';
import { lastMonth, type Period } from './period.js';
import { monthAsOf, openComplaints, type OpenComplaint, type ResolutionRow } from '../complaints/index.js';
import { handedOnByOfficer, markBottleneck, readCard, type CardCase, type CardVisit } from '../sla/index.js';
import { calendarCoverage, type OfficeCoverage, workInstant, workPos, type Interval } from '../calendar/index.js';
import { STEP_AGGS, caseReadyAggs, dirtyFrom, summaryHolds } from './summaries.js';
import { scopeSql } from './filter.js';
import { readSql } from './sql.js';
import { DEFAULT_COMPLAINT_TARGET } from '../vocabulary.js';
import { inBoth } from '../i18n/index.js';
import { ikmSummaries, ikmUnsur, type IkmFilter, type IkmSummaryRow } from './ikm.js';
import { complaintRecord, complaintStages } from './complaints.js';

type Reader = Pick<Database, 'all' | 'one' | 'allPrepared' | 'generation'>;
type Params = Record<string, string | number>;

export interface OfficeInfo {
  office: string;
  name: string;
  timezone: string;
  day_minutes: number;
  complaint_target: number;
  within_quota_target: number;
}

export interface ServiceInfo {
  office: string;
  service: string;
  name: string;
}

export interface Freshness {
  office: string;
  first_event_at: string | null;
  latest_event_at: string | null;
  events: number;
}

export interface Meta {
  offices: OfficeInfo[];
  services: ServiceInfo[];
  freshness: Freshness[];
  last_load_at: string | null;
  /** Tables and views of the database (the catalogue functions take milliseconds per call). */
  relations: string[];
  /** What the working calendar covers per office (years without holidays or Ramadan hours are provisional). */
  coverage: OfficeCoverage[];
}

/** Offices, services (latest SOP version) and freshness: the latest transition per office and the last load. */
export async function meta(db: Reader): Promise<Meta> {
  const offices = await db.all<OfficeInfo>(
    'select office, name, timezone, day_minutes, complaint_target, within_quota_target from offices order by name',
  );
  const services = await db.all<ServiceInfo>(
    'select office, service, arg_max(name, effective_from) as name from services group by all order by office, service',
  );
  const fresh = await freshness(db);
  const relations = await db.all<{ n: string }>(
    'select table_name as n from duckdb_tables() union select view_name from duckdb_views()',
  );
  const coverage = await calendarCoverage(db);
  return {
    coverage,
    relations: relations.map((r) => r.n),
    offices,
    services,
    freshness: fresh.offices,
    last_load_at: fresh.last_load_at,
  };
}

/** Per office (by code) its first and latest transition and their number; and the last committed load. */
export async function freshness(
  db: Pick<Reader, 'all' | 'one'>,
): Promise<{ offices: Freshness[]; last_load_at: string | null }> {
  const fresh = await db.all<{ office: string; first: Date | null; latest: Date | null; n: number }>(
    `select o.office, x.first_at as first, x.last_at as latest, coalesce(x.events, 0) as n
     from offices o left join office_extent x on x.office = o.office order by o.office`,
  );
  const last = await db.one<{ t: Date | null }>(
    "select max(finished_at) as t from ingest_batches where status = 'committed'",
  );
  return {
    offices: fresh.map((f) => ({
      office: f.office,
      first_event_at: f.first ? f.first.toISOString() : null,
      latest_event_at: f.latest ? f.latest.toISOString() : null,
      events: f.n,
    })),
    last_load_at: last?.t ? last.t.toISOString() : null,
  };
}

/** What the filters select: one office (or all), one service (or all). */
export interface Scope {
  office: string | null;
  service: string | null;
  timezone: string;
}

/** Resolves `office` / `service` of the URL against the catalogue; a clear 400 for unknown codes. */
export function resolveScope(m: Meta, office: string | undefined, service: string | undefined): Scope {
  const all = office === 'all';
  // default: the office with the most transitions (the main office of a single-office install)
  const busiest = [...m.freshness].sort((a, b) => b.events - a.events)[0]?.office;
  const o = all
    ? null
    : (m.offices.find((x) => x.office === (office ?? busiest)) ?? (office ? undefined : m.offices[0]));
  if (!all && office && !o)
    throw new BadRequestError(
      inBoth('dash_unknown_office', { office, known: m.offices.map((x) => x.office).join(', ') }),
    );
  if (service && !m.services.some((s) => s.service === service && (!o || s.office === o.office))) {
    throw new BadRequestError(
      o ? inBoth('unknown_service', { value: service, office: o.office }) : inBoth('dash_unknown_service', { service }),
    );
  }
  return {
    office: o?.office ?? null,
    service: service ?? null,
    timezone: o?.timezone ?? m.offices[0]?.timezone ?? 'Asia/Jakarta',
  };
}

/** Local month (YYYY-MM) of the latest transition in scope; the current month of the data. */
export function latestMonth(m: Meta, s: Scope): string {
  const latest = m.freshness
    .filter((f) => (!s.office || f.office === s.office) && f.latest_event_at)
    .map((f) => f.latest_event_at!)
    .sort()
    .pop();
  if (!latest) return '2000-01';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: s.timezone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(latest));
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/**
 * `where` conditions selecting the summary row (dash_*_periods) that pools a scope: its office and
 * service, or null where the scope takes all of them.
 */
function pooledSql(s: Scope, alias: string, params: Params): string {
  if (s.office) params.office = s.office;
  if (s.service) params.service = s.service;
  return `${alias}.office ${s.office ? '= $office' : 'is null'} and ${alias}.service ${s.service ? '= $service' : 'is null'}`;
}

const localDate = (col: string) => `cast(local_ts(${col}, o.utc_offset_min, o.timezone) as date)`;

/**
 * A CTE `b` with, per office, the instants at which the given local dates begin (its own zone):
 * rows are then filtered by comparing instants, with no per-row time-zone conversion.
 */
function bounds(names: string[], asOf = false): string {
  const cols = names.map((n) => `timezone(o.timezone, cast($${n} as timestamp)) as ${n}`).join(', ');
  if (!asOf) return `b as (select o.office, o.day_minutes, ${cols} from offices o)`;
  // with the office's as-of instant (explicit, else its latest transition): "now" for a period not yet ended
  return `b as (select o.office, o.day_minutes, ${cols}, a.as_of from offices o left join office_as_of() a on a.office = o.office)`;
}

// ---------------------------------------------------------------------------------------------
// Ringkasan

/**
 * The instant a period's "now" figures are taken at: its end (`end`, a column of the bounds CTE
 * `b`), or the office's as-of instant when that is earlier (a period not yet ended).
 */
const asAt = (end: string) => `least(${end}, coalesce(b.as_of, ${end}))`;

/**
 * Whether case `t` (case_sla) is overdue at instant `at`: submitted, past due and neither ready
 * nor cancelled by then. The one rule of the "overdue" tile and of the list of those cases.
 */
const overdueCond = (at: string) => `t.submitted_at < ${at} and t.due_at < ${at}
                          and (t.ready_at is null or t.ready_at >= ${at})
                          and (t.cancelled_at is null or t.cancelled_at >= ${at})`;

/**
 * The relation the overdue figures read: a roll-up's `case_overdue` (the cases that are overdue
 * at some instant, a quarter of them, in memory: queries/rollup/case_overdue.sql), else case_sla.
 * `overdueCond` gives the same cases over either.
 */
const overdueFrom = async (db: Reader) => ((await hasRelation(db, 'case_overdue')) ? 'case_overdue' : 'case_sla');

export interface PeriodFigures {
  submitted: number;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
  /** Cases past their due instant and not ready at the end of the period (for the current period: now). */
  overdue: number;
}

export interface Overview {
  current: PeriodFigures;
  previous: PeriodFigures;
  complaints: { available: boolean; current: ComplaintYtd | null; previous: ComplaintYtd | null };
  ikm: { current: IkmFigure | null; previous: IkmFigure | null };
}

export interface ComplaintYtd {
  received: number;
  resolved: number;
  rate: number | null;
  target: number;
}

export interface IkmFigure {
  ikm_converted: number;
  ikm_converted_rounded: number;
  grade: string;
  label: string;
  respondents: number;
  /** Krejcie–Morgan sample for the period's population (null when the population is unknown) */
  required_sample: number | null;
  sample_adequate: boolean | null;
  /** the IKM period the figure pools, e.g. 2025-Q3 */
  period: string;
}

/** Tiles of the Ringkasan page for a period and the one before it, and the same figures per service. */
export async function overview(
  db: Reader,
  s: Scope,
  cur: Period,
  prev: Period,
): Promise<Overview & { services: ServiceFigure[] }> {
  const dirty = await dirtyFrom(db);
  const summary = summaryHolds(dirty, cur.kind, cur.to) && summaryHolds(dirty, prev.kind, prev.to);
  const params: Params = { cf: cur.from, ct: cur.to, pf: prev.from, pt: prev.to };
  const where = scopeSql(s, 't', params);
  const inP = (col: string, p: 'c' | 'p') => `t.${col} >= b.${p}f and t.${col} < b.${p}t`;
  // of the cases that became ready in a period: the summaries' figures, over the period's rows
  const readyFigs = (p: 'c' | 'p') => caseReadyAggs(inP('ready_at', p), `${p}_`);
  // overdue as at the end of each period, or at the office's as-of instant when the period has
  // not ended (the current month): submitted, past due and neither ready nor cancelled by then.
  // Events after as-of are not read, so at as-of this is "in progress and late" (instants: always
  // from case_sla)
  const overdueAt = (p: 'c' | 'p') => `count(*) filter (where ${overdueCond(asAt(`b.${p}t`))}) as ${p}_overdue`;
  const overdue = `${overdueAt('c')},\n       ${overdueAt('p')}`;
  const live = `with ${bounds(['cf', 'ct', 'pf', 'pt'], true)}
     select t.office, t.service, grouping(t.office, t.service) as g,
       count(*) filter (where ${inP('submitted_at', 'c')}) as c_submitted, ${readyFigs('c')},
       count(*) filter (where ${inP('submitted_at', 'p')}) as p_submitted, ${readyFigs('p')},
       ${overdue}
     from case_sla t join b on b.office = t.office
     where ${where}
     group by grouping sets ((), (t.office, t.service))
     order by g desc, t.office, t.service`;
  // the same rows with the period figures read from dash_case_periods: a total row is the pooled
  // row of the scope (null office / service where the scope takes all)
  const pooled = (x: string) => pooledSql(s, x, params);
  // the overdue counts read only the cases that can count (in progress and late, or past due and
  // neither ready nor cancelled before either period's end in any time zone: constant bounds
  // that DuckDB applies in the scan, exact per office after the join); the services come from the
  // summaries
  const fromSummary = `with ${bounds(['cf', 'ct', 'pf', 'pt'], true)},
     od0 as (
       select t.office, t.service, ${overdue}
       from ${await overdueFrom(db)} t join b on b.office = t.office
       where ${where} and ((t.status = 'in_progress' and t.within_quota = false)
         or (t.due_at < cast($ct_hi as timestamptz) and (t.ready_at is null or t.ready_at >= cast($ct_lo as timestamptz))
             and (t.cancelled_at is null or t.cancelled_at >= cast($ct_lo as timestamptz)))
         or (t.due_at < cast($pt_hi as timestamptz) and (t.ready_at is null or t.ready_at >= cast($pt_lo as timestamptz))
             and (t.cancelled_at is null or t.cancelled_at >= cast($pt_lo as timestamptz))))
       group by t.office, t.service
     ),
     pairs as (select distinct t.office, t.service from dash_case_periods t where t.office is not null and t.service is not null and ${where}),
     od as (
       select pairs.office, pairs.service, 0 as g, coalesce(od0.c_overdue, 0) as c_overdue, coalesce(od0.p_overdue, 0) as p_overdue
       from pairs left join od0 on od0.office = pairs.office and od0.service = pairs.service
       union all
       select null, null, 3, coalesce(sum(c_overdue), 0), coalesce(sum(p_overdue), 0) from od0
     ),
     sp as (select * from dash_case_periods where period_kind = $kind and period_from in (cast($cf as date), cast($pf as date)))
     select od.office, od.service, od.g,
       coalesce(c.submitted, 0) as c_submitted, coalesce(c.ready, 0) as c_ready, c.within_quota_pct as c_within_quota_pct, c.median_elapsed_days as c_median_elapsed_days,
       coalesce(p.submitted, 0) as p_submitted, coalesce(p.ready, 0) as p_ready, p.within_quota_pct as p_within_quota_pct, p.median_elapsed_days as p_median_elapsed_days,
       od.c_overdue, od.p_overdue
     from od
     left join sp c on c.period_from = cast($cf as date) and (case when od.g = 0 then c.office = od.office and c.service = od.service else ${pooled('c')} end)
     left join sp p on p.period_from = cast($pf as date) and (case when od.g = 0 then p.office = od.office and p.service = od.service else ${pooled('p')} end)
     order by od.g desc, od.office, od.service`;
  if (summary) {
    // a period's end in any time zone lies within 14 hours of its UTC midnight
    const near = (day: string, h: number) => new Date(Date.parse(`${day}T00:00:00Z`) + h * 3_600_000).toISOString();
    Object.assign(params, {
      kind: cur.kind,
      ct_lo: near(cur.to, -14),
      ct_hi: near(cur.to, 14),
      pt_lo: near(prev.to, -14),
      pt_hi: near(prev.to, 14),
    });
  }
  // the case figures, the complaint and the IKM figures side by side (several read connections)
  const complaintsOf = async () =>
    (await hasRelation(db, 'complaint_resolution'))
      ? { available: true, ...(await complaintYtd(db, s, cur, prev)) }
      : { available: false, current: null, previous: null };
  const [rows, complaints, ikmCur, ikmPrev, stepRows] = await Promise.all([
    db.all<Record<string, number | string | null>>(summary ? fromSummary : live, params),
    complaintsOf(),
    ikmFigure(db, s, cur),
    ikmFigure(db, s, prev),
    steps(db, s, cur),
  ]);
  // the period's bottleneck of each service: the one the Tahapan page marks (SPEC §2.3.9)
  const bottleneckOf = new Map(stepRows.filter((r) => r.bottleneck).map((r) => [`${r.office}/${r.service}`, r]));
  const pick = (row: Record<string, number | string | null> | undefined, p: 'c' | 'p'): PeriodFigures => ({
    submitted: Number(row?.[`${p}_submitted`] ?? 0),
    ready: Number(row?.[`${p}_ready`] ?? 0),
    within_quota_pct: (row?.[`${p}_within_quota_pct`] as number | null) ?? null,
    median_elapsed_days: (row?.[`${p}_median_elapsed_days`] as number | null) ?? null,
    overdue: Number(row?.[`${p}_overdue`] ?? 0),
  });
  const total = rows.find((r) => Number(r.g) !== 0);
  const services = rows
    .filter((r) => Number(r.g) === 0)
    .map((r) => {
      const c = pick(r, 'c');
      return {
        office: String(r.office),
        service: String(r.service),
        submitted: c.submitted,
        ready: c.ready,
        within_quota_pct: c.within_quota_pct,
        median_elapsed_days: c.median_elapsed_days,
        overdue_now: c.overdue,
        bottleneck_step: bottleneckOf.get(`${r.office}/${r.service}`)?.step ?? null,
        bottleneck_name: bottleneckOf.get(`${r.office}/${r.service}`)?.step_name ?? null,
        bottleneck_over_min: bottleneckOf.get(`${r.office}/${r.service}`)?.over_min_total ?? null,
      };
    });
  return {
    current: pick(total, 'c'),
    previous: pick(total, 'p'),
    services,
    complaints,
    ikm: { current: ikmCur, previous: ikmPrev },
  };
}

/** Twelve months of the Ringkasan's tile figures, each month as its own month's tile shows it. */
export interface TileSeries {
  /** first days (YYYY-MM-01), oldest first */
  months: string[];
  within_quota_pct: (number | null)[];
  median_elapsed_days: (number | null)[];
  overdue: number[];
  complaint_ytd_rate: (number | null)[];
  ikm: (number | null)[];
}

/**
 * The tiles' figures for the twelve months ending with the month starting `last` (YYYY-MM-01),
 * for the sparklines: the share within quota and the median from `trend` (the month summaries
 * the month tiles read), the overdue count at each month's end by the tile's own rule
 * (`overdueCond` at `asAt`; one scan, a count per month), the complaints resolved year to date
 * as `complaintYtd` takes them and the month's IKM as `ikmFigure` does.
 */
export async function tileSeries(db: Reader, s: Scope, last: string): Promise<TileSeries> {
  const [y, m] = last.split('-').map(Number) as [number, number];
  const first = (k: number) => new Date(Date.UTC(y, m - 1 + k, 1)).toISOString().slice(0, 10);
  const months = Array.from({ length: 12 }, (_v, i) => first(i - 11));
  const ends = Array.from({ length: 12 }, (_v, i) => first(i - 10));
  const op: Params = Object.fromEntries(ends.map((e, i) => [`e${i}`, e]));
  // a month's end in any time zone lies within 14 hours of its UTC midnight: constant bounds the scan applies
  const near = (day: string, h: number) => new Date(Date.parse(`${day}T00:00:00Z`) + h * 3_600_000).toISOString();
  Object.assign(op, { lo: near(ends[0]!, -14), hi: near(ends[11]!, 14) });
  const where = scopeSql(s, 't', op);
  const overdueRow = db.one<Record<string, number>>(
    `with ${bounds(
      ends.map((_e, i) => `e${i}`),
      true,
    )}
     select ${ends.map((_e, i) => `count(*) filter (where ${overdueCond(asAt(`b.e${i}`))}) as n${i}`).join(', ')}
     from ${await overdueFrom(db)} t join b on b.office = t.office
     where ${where} and ((t.status = 'in_progress' and t.within_quota = false)
       or (t.due_at < cast($hi as timestamptz) and (t.ready_at is null or t.ready_at >= cast($lo as timestamptz))
           and (t.cancelled_at is null or t.cancelled_at >= cast($lo as timestamptz))))`,
    op,
  );
  const complaintRows = async () => {
    if (!(await hasRelation(db, 'complaint_resolution'))) return [];
    const cp: Params = { mf: months[0]!, ml: months[11]! };
    return db.all<{ m: string; received: number | null; resolved: number | null }>(
      `select strftime(r.month, '%Y-%m-%d') as m, sum(r.ytd_received) as received, sum(r.ytd_resolved) as resolved
       from complaint_resolution r
       where ${scopeSql(s, 'r', cp, false)} and r.channel is null and r.category is null and r.month >= cast($mf as date) and r.month <= cast($ml as date)
       group by r.month`,
      cp,
    );
  };
  const ikmRows = async () => {
    if (!s.office) return [];
    const ip: Params = { office: s.office, p0: months[0]!.slice(0, 7), p1: months[11]!.slice(0, 7) };
    if (s.service) ip.service = s.service;
    return db.all<{ period: string; v: number | null }>(
      `select period, ikm_converted_rounded as v from ikm_summary
       where office = $office and ${s.service ? 'service = $service' : 'service is null'} and period_type = 'month' and period >= $p0 and period <= $p1`,
      ip,
    );
  };
  const [tr, od, cr, ir] = await Promise.all([
    trend(db, s, { from: months[0]!, to: ends[11]! }),
    overdueRow,
    complaintRows(),
    ikmRows(),
  ]);
  const byMonth = new Map(tr.map((r) => [r.month.slice(0, 10), r]));
  return {
    months,
    within_quota_pct: months.map((mo) => byMonth.get(mo)?.within_quota_pct ?? null),
    median_elapsed_days: months.map((mo) => byMonth.get(mo)?.median_elapsed_days ?? null),
    overdue: months.map((_mo, i) => Number(od?.[`n${i}`] ?? 0)),
    complaint_ytd_rate: months.map((mo) => {
      const r = cr.find((x) => x.m === mo);
      return r && r.received != null && Number(r.received) > 0 ? Number(r.resolved ?? 0) / Number(r.received) : null;
    }),
    ikm: months.map((mo) => ir.find((x) => x.period === mo.slice(0, 7))?.v ?? null),
  };
}

export interface OverdueCase {
  case_id: string;
  office: string;
  service: string;
  submitted_at: string;
  due_at: string;
}

/**
 * The cases the "overdue" tile counts for period `p` (the same rule, `overdueCond`, at the same
 * instant): the first `limit` by due time (the longest overdue first), and how many there are.
 */
export async function overdueCases(
  db: Reader,
  s: Scope,
  p: Period,
  limit: number | null = 10,
  offset = 0,
): Promise<{ rows: OverdueCase[]; total: number }> {
  const params: Params = { ct: p.to };
  const where = scopeSql(s, 't', params);
  return paged(
    db,
    't.case_id, t.office, t.service, t.submitted_at, t.due_at',
    `from ${await overdueFrom(db)} t join (${bounds(['ct'], true)
      .replace(/^b as \(/, '')
      .replace(/\)$/, '')}) b on b.office = t.office where ${where} and ${overdueCond(asAt('b.ct'))}`,
    't.due_at, t.case_id',
    params,
    { offset, limit },
    (r) => ({
      case_id: String(r.case_id),
      office: String(r.office),
      service: String(r.service),
      submitted_at: iso(r.submitted_at)!,
      due_at: iso(r.due_at)!,
    }),
  );
}

export interface DeskOverQuota {
  office: string;
  officer: string;
  name: string | null;
  /** Σ over_min (queue + handling over the step quota, step_visits) of the visits handed on in the period */
  over_min_total: number;
}

/**
 * The `n` desks (officers) with the most working time over quota in the period: Σ over_min of
 * step_visits over the visits they handed on (office and external steps, completed in the
 * period: the visits of handedOnByOfficer), the amount the bottleneck of SPEC §2.3.9 ranks
 * steps by. No view holds it per officer (officer_performance counts breaches), hence this
 * small aggregate here.
 */
export async function desksOverQuota(db: Reader, s: Scope, p: Period, n = 3): Promise<DeskOverQuota[]> {
  const params: Params = {};
  if (summaryHolds(await dirtyFrom(db), p.kind, p.to)) {
    // the same sums from the officer summaries (DESK_OVER_AGG over the same visits)
    Object.assign(params, { kind: p.kind, pf: p.from }, s.service ? { service: s.service } : {});
    const rows = await db.all<DeskOverQuota>(
      `select v.office, v.officer, f.name, v.over_min_total
       from dash_officer_periods v
       left join officers f on f.office = v.office and f.officer = v.officer
       where ${scopeSql({ ...s, service: null }, 'v', params)} and v.service ${s.service ? '= $service' : 'is null'}
         and v.period_kind = $kind and v.period_from = cast($pf as date) and v.over_min_total > 0
       order by v.over_min_total desc, v.office, v.officer limit ${n}`,
      params,
    );
    return rows.map((r) => ({ ...r, over_min_total: Number(r.over_min_total) }));
  }
  const where = `${scopeSql(s, 'v', params)} and ${visitPeriod(p, params)}`;
  const rows = await db.all<DeskOverQuota>(
    `select v.office, v.officer, any_value(f.name) as name, sum(v.over_min) as over_min_total
     from step_visits v
     join offices o on o.office = v.office
     left join officers f on f.office = v.office and f.officer = v.officer
     where ${where} and v.officer is not null and v.clock <> 'applicant' and v.completed_at is not null and v.over_min > 0
     group by v.office, v.officer
     order by over_min_total desc, v.office, v.officer limit ${n}`,
    params,
  );
  return rows.map((r) => ({ ...r, over_min_total: Number(r.over_min_total) }));
}

export interface ServiceFigure {
  office: string;
  service: string;
  submitted: number;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
  overdue_now: number;
  /** The period's bottleneck step (SPEC §2.3.9), its name and total over_min (null without step quotas). */
  bottleneck_step: string | null;
  bottleneck_name: string | null;
  bottleneck_over_min: number | null;
}

/** Whether a table or view exists (complaint figures arrive with issue #6): from the cached meta. */
export async function hasRelation(db: Reader, name: string): Promise<boolean> {
  return (await cachedMeta(db)).relations.includes(name);
}

/**
 * Complaints resolved year to date at the end of the last month of each period (SPEC §2.4), all
 * channels, pooled over the offices in scope; one read of the view for both periods.
 */
async function complaintYtd(
  db: Reader,
  s: Scope,
  cur: Period,
  prev: Period,
): Promise<{ current: ComplaintYtd | null; previous: ComplaintYtd | null }> {
  const params: Params = { mc: lastMonth(cur), mp: lastMonth(prev) };
  const where = scopeSql(s, 'r', params, false);
  const rows = await db.all<{ m: string; received: number | null; resolved: number | null; target: number | null }>(
    `select strftime(r.month, '%Y-%m-%d') as m, sum(r.ytd_received) as received, sum(r.ytd_resolved) as resolved, min(r.target) as target
     from complaint_resolution r
     where ${where} and r.channel is null and r.category is null and r.month in (cast($mc as date), cast($mp as date))
     group by r.month`,
    params,
  );
  const pick = (m: string): ComplaintYtd | null => {
    const r = rows.find((x) => x.m === m);
    if (!r || r.received == null) return null;
    const received = Number(r.received);
    const resolved = Number(r.resolved ?? 0);
    return {
      received,
      resolved,
      rate: received > 0 ? resolved / received : null,
      target: r.target ?? DEFAULT_COMPLAINT_TARGET,
    };
  };
  return { current: pick(lastMonth(cur)), previous: pick(lastMonth(prev)) };
}

/** The IKM filter of a scope and period: one office, the office-wide rows or one service, the period's IKM period. */
const ikmOf = (office: string, s: Scope, p: Period): IkmFilter => ({
  office,
  service: s.service ?? undefined,
  period_type: p.ikmType,
  period: p.ikmPeriod,
});

/** IKM of one office (pooled, or one service) for the IKM period of a period; null for all offices. */
async function ikmFigure(db: Reader, s: Scope, p: Period): Promise<IkmFigure | null> {
  if (!s.office) return null;
  const [r] = await ikmSummaries(db, ikmOf(s.office, s, p));
  if (!r) return null;
  const { ikm_converted, ikm_converted_rounded, grade, label, respondents, required_sample, sample_adequate } = r;
  return {
    ikm_converted,
    ikm_converted_rounded,
    grade,
    label,
    respondents,
    required_sample,
    sample_adequate,
    period: r.period,
  };
}

// ---------------------------------------------------------------------------------------------
// Tahapan

export interface StepFigure {
  office: string;
  service: string;
  step: string;
  step_name: string | null;
  seq: number | null;
  clock: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  visits_with_start: number;
  median_queue_min: number | null;
  quota_min: number | null;
  within_quota_pct: number | null;
  excess_min_total: number | null;
  /** Σ over_min (queue + handling over the step quota) and Σ (queue + handling) of office and external steps. */
  over_min_total: number | null;
  queue_handling_min_total: number | null;
  /** Whether this step is the period's bottleneck of its service (SPEC §2.3.9: macro bottleneck_rank). */
  bottleneck: boolean;
}

/** The name of each SOP step in its latest SOP version (office, service, step, step_name). */
const STEP_NAMES_SQL = readSql('step_names');
const NO_STEP_QUOTAS_SQL = readSql('services_without_step_quotas');

/**
 * The services in scope whose SOP (its latest version) sets no quota on any office or external
 * step (issue #25 §4): their steps cannot run over quota, so the pages say that instead of
 * "nothing over quota" and an empty chart.
 */
export async function servicesWithoutStepQuotas(db: Reader, s: Scope): Promise<{ office: string; service: string }[]> {
  const all = await perVersion(db, 'servicesWithoutStepQuotas', () =>
    db.all<{ office: string; service: string }>(NO_STEP_QUOTAS_SQL),
  );
  return all.filter((r) => (!s.office || r.office === s.office) && (!s.service || r.service === s.service));
}

/** The name of each SOP step (its latest SOP version), keyed `office/service/step`: for a step code a person reads. */
export function stepNames(db: Reader): Promise<Map<string, string>> {
  return perVersion(db, 'stepNames', async () => {
    const rows = await db.all<{ office: string; service: string; step: string; step_name: string }>(STEP_NAMES_SQL);
    return new Map(rows.map((r) => [`${r.office}/${r.service}/${r.step}`, r.step_name]));
  });
}

/** Period condition on step_visits (months of `completed_at`; exact local dates for a custom range). */
function visitPeriod(p: Period, params: Params): string {
  params.pf = p.from;
  params.pt = p.to;
  const months =
    "v.completed_month >= date_trunc('month', cast($pf as date)) and v.completed_month < cast($pt as date)";
  return p.kind === 'range'
    ? `${months} and ${localDate('v.completed_at')} >= cast($pf as date) and ${localDate('v.completed_at')} < cast($pt as date)`
    : months;
}

/**
 * Per SOP step: visits handed on in the period, median/p90 handling, median queue where starts are known, quota,
 * excess.
 */
export async function steps(db: Pick<Reader, 'all' | 'one'>, s: Scope, p: Period): Promise<StepFigure[]> {
  const params: Params = {};
  const names = `names as (${STEP_NAMES_SQL})`;
  if (summaryHolds(await dirtyFrom(db), p.kind, p.to)) {
    Object.assign(params, { kind: p.kind, pf: p.from });
    return db.all<StepFigure>(
      `with ${names}
       ${markBottleneck(`select v.office, v.service, v.step, n.step_name, v.seq, v.clock, v.visits, v.median_handling_min, v.p90_handling_min,
         v.visits_with_start, v.median_queue_min, v.quota_min, v.within_quota_pct, v.excess_min_total, v.over_min_total, v.queue_handling_min_total
       from dash_step_periods v
       left join names n on n.office = v.office and n.service = v.service and n.step = v.step
       where ${scopeSql(s, 'v', params)} and v.period_kind = $kind and v.period_from = cast($pf as date)`)}
       order by office, service, seq`,
      params,
    );
  }
  const where = `${scopeSql(s, 'v', params)} and ${visitPeriod(p, params)}`;
  return db.all<StepFigure>(
    `with ${names}
     ${markBottleneck(`select v.office, v.service, v.step, any_value(n.step_name) as step_name, ${STEP_AGGS}
     from step_visits v
     join offices o on o.office = v.office
     left join names n on n.office = v.office and n.service = v.service and n.step = v.step
     where ${where} and v.completed_at is not null
     group by v.office, v.service, v.step`)}
     order by office, service, seq`,
    params,
  );
}

// ---------------------------------------------------------------------------------------------
// Petugas

export interface OfficerFigure {
  office: string;
  officer: string;
  name: string | null;
  role: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  within_quota_pct: number | null;
  breaches: number;
  open_now: number;
  oldest_open_days: number | null;
  median_open_days: number | null;
}

/**
 * Per officer: visits handed on in the period (office and external steps), median/p90 handling,
 * share within quota, breaches; and the work open now (as of the latest transition) with its age
 * in working days (working minutes since the file reached the desk, pauses excluded).
 */
export async function officers(db: Reader, s: Scope, p: Period): Promise<OfficerFigure[]> {
  const params: Params = {};
  const scope = scopeSql(s, 'v', params);
  let done: string;
  if (summaryHolds(await dirtyFrom(db), p.kind, p.to)) {
    Object.assign(params, { kind: p.kind, pf: p.from });
    done = `select v.office, v.officer, v.visits, v.median_handling_min, v.p90_handling_min, v.within_quota_pct, v.breaches
      from dash_officer_periods v
      where ${scopeSql({ ...s, service: null }, 'v', params)} and v.service ${s.service ? '= $service' : 'is null'}
        and v.period_kind = $kind and v.period_from = cast($pf as date)`;
  } else done = handedOnByOfficer(`${scope} and ${visitPeriod(p, params)}`, 'join offices o on o.office = v.office');
  return db.all<OfficerFigure>(
    `with done as (${done}),
     open as (
       select v.office, v.officer, count(*) as open_now,
         max(v.elapsed_min / o.day_minutes) as oldest_open_days,
         quantile_cont(v.elapsed_min / o.day_minutes, 0.5) as median_open_days
       from step_visits v join offices o on o.office = v.office
       where ${scope} and v.outcome = 'open' and v.officer is not null and v.clock <> 'applicant'
       group by v.office, v.officer
     )
     select coalesce(d.office, x.office) as office, coalesce(d.officer, x.officer) as officer, f.name, f.role,
       coalesce(d.visits, 0) as visits, d.median_handling_min, d.p90_handling_min, d.within_quota_pct,
       coalesce(d.breaches, 0) as breaches, coalesce(x.open_now, 0) as open_now, x.oldest_open_days, x.median_open_days
     from done d
     full join open x on x.office = d.office and x.officer = d.officer
     left join officers f on f.office = coalesce(d.office, x.office) and f.officer = coalesce(d.officer, x.officer)
     order by 1, 2`,
    params,
  );
}

// ---------------------------------------------------------------------------------------------
// Tren

export interface TrendFigure {
  month: string;
  submitted: number;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
}

/**
 * Per local month of the window: cases submitted; of the cases that became ready, share within quota and median working
 * days.
 */
export async function trend(
  db: Pick<Reader, 'all' | 'one'>,
  s: Scope,
  w: { from: string; to: string },
): Promise<TrendFigure[]> {
  const params: Params = { wf: w.from, wt: w.to };
  const where = scopeSql(s, 't', params);
  // the month summaries hold whole months only: a window that starts or ends within a month (a
  // range's Tren) is aggregated live
  if (w.from.endsWith('-01') && w.to.endsWith('-01') && summaryHolds(await dirtyFrom(db), 'month', w.to)) {
    return db.all<TrendFigure>(
      `with months as (
         select cast(m as date) as month from generate_series(cast($wf as date), cast($wt as date) - 1, interval 1 month) g(m)
       )
       select strftime(m.month, '%Y-%m-%d') as month, coalesce(t.submitted, 0) as submitted, coalesce(t.ready, 0) as ready,
         t.within_quota_pct, t.median_elapsed_days
       from months m
       left join dash_case_periods t on t.period_kind = 'month' and t.period_from = m.month and ${pooledSql(s, 't', params)}
       order by m.month`,
      params,
    );
  }
  // two lean scans (submitted, then ready, each filtered on its own instant) beat one scan
  // converting both instants of every row in the window
  const lm = (col: string) => `date_trunc('month', cast(local_ts(t.${col}, b.utc_offset_min, b.timezone) as date))`;
  return db.all<TrendFigure>(
    `with b as (
       select o.office, o.day_minutes, o.utc_offset_min, o.timezone,
         timezone(o.timezone, cast($wf as timestamp)) as wf, timezone(o.timezone, cast($wt as timestamp)) as wt
       from offices o
     ),
     months as (
       select cast(m as date) as month from generate_series(cast($wf as date), cast($wt as date) - 1, interval 1 month) g(m)
     ),
     s as (
       select ${lm('submitted_at')} as month, count(*) as submitted
       from case_sla t join b on b.office = t.office
       where ${where} and t.submitted_at >= b.wf and t.submitted_at < b.wt
       group by 1
     ),
     r as (
       select ${lm('ready_at')} as month, count(*) as ready,
         share_within(t.within_quota) as within_quota_pct,
         quantile_cont(t.elapsed_min / b.day_minutes, 0.5) as median_elapsed_days
       from case_sla t join b on b.office = t.office
       where ${where} and t.ready_at >= b.wf and t.ready_at < b.wt
       group by 1
     )
     select strftime(m.month, '%Y-%m-%d') as month, coalesce(s.submitted, 0) as submitted, coalesce(r.ready, 0) as ready,
       r.within_quota_pct, r.median_elapsed_days
     from months m left join s on s.month = m.month left join r on r.month = m.month
     order by m.month`,
    params,
  );
}

export interface ArrivalFigure {
  weekday: number;
  hour: number;
  arrivals: number;
}

/** Cases submitted in the window by local ISO weekday (1 = Monday) and hour. */
export async function arrivals(db: Reader, s: Scope, w: { from: string; to: string }): Promise<ArrivalFigure[]> {
  const params: Params = { wf: w.from, wt: w.to };
  const where = scopeSql(s, 't', params);
  return db.all<ArrivalFigure>(
    `with ${bounds(['wf', 'wt'])}
     select isodow(l) as weekday, hour(l) as hour, count(*) as arrivals
     from (select local_ts(t.submitted_at, o.utc_offset_min, o.timezone) as l
           from case_sla t join b on b.office = t.office join offices o on o.office = t.office
           where ${where} and t.submitted_at >= b.wf and t.submitted_at < b.wt)
     group by all order by 1, 2`,
    params,
  );
}

// ---------------------------------------------------------------------------------------------
// Berkas

/** The fields of a case in the Berkas lists and the header of its card (those of src/sla/card.ts). */
const CASE_LIST_FIELDS = [
  'case_id',
  'office',
  'service',
  'status',
  'submitted_at',
  'ready_at',
  'due_at',
  'elapsed_min',
  'quota_min',
  'excess_min',
  'bottleneck_step',
  'returned_count',
] as const satisfies readonly (keyof CardCase)[];
export type CaseListRow = Pick<CardCase, (typeof CASE_LIST_FIELDS)[number]>;

const caseCols = CASE_LIST_FIELDS.map((f) => `t.${f}`).join(', ');
const toCaseRow = (r: Record<string, unknown>): CaseListRow =>
  ({ ...r, submitted_at: iso(r.submitted_at)!, ready_at: iso(r.ready_at), due_at: iso(r.due_at) }) as CaseListRow;

/**
 * Cases needing attention: open now (overdue first, then by due time), and cases that became
 * ready late in the period (largest excess first). At most `limit` rows each, with totals.
 */
export async function caseLists(
  db: Reader,
  s: Scope,
  p: Period,
  limit = 100,
): Promise<{ open: CaseListRow[]; openTotal: number; late: CaseListRow[]; lateTotal: number }> {
  // the open cases are few (the work in hand): their list carries its count; the late cases of a
  // year can be many: their first rows (a top-N) and their count apart, the count from the
  // summaries when they hold the period
  const params: Params = {};
  const where = scopeSql(s, 't', params);
  // the period's bounds per office (its own zone), as parameters of a CASE on the office: the late
  // cases are then filtered on case_sla alone (no join), which DuckDB applies in the scan
  const edges = await db.all<{ office: string; pf: Date; pt: Date }>(
    `select office, timezone(timezone, cast($pf as timestamp)) as pf, timezone(timezone, cast($pt as timestamp)) as pt from offices order by office`,
    { pf: p.from, pt: p.to },
  );
  const lp: Params = {};
  const edge = (k: 'pf' | 'pt') =>
    `case t.office ${edges.map((_e, i) => `when $o${i} then cast($${k}${i} as timestamptz)`).join(' ')} end`;
  edges.forEach((e, i) =>
    Object.assign(lp, { [`o${i}`]: e.office, [`pf${i}`]: e.pf.toISOString(), [`pt${i}`]: e.pt.toISOString() }),
  );
  const lo = edges.length ? new Date(Math.min(...edges.map((e) => e.pf.getTime()))).toISOString() : p.from;
  const hi = edges.length ? new Date(Math.max(...edges.map((e) => e.pt.getTime()))).toISOString() : p.to;
  Object.assign(lp, { lo, hi });
  const lateWhere = `${scopeSql(s, 't', lp)} and t.within_quota = false and t.ready_at >= cast($lo as timestamptz) and t.ready_at < cast($hi as timestamptz)
       and t.ready_at >= ${edge('pf')} and t.ready_at < ${edge('pt')}`;
  const lateFrom = `select <cols> from case_sla t where ${lateWhere}`;
  // the first rows by excess in two steps: the 100th largest excess over that one column, then
  // the rows from it on (a top-N carrying every column costs three times as much)
  const lateRows = async () => {
    const nth = await db.one<{ x: number }>(
      `select t.excess_min as x from case_sla t where ${lateWhere} order by t.excess_min desc limit 1 offset ${limit - 1}`,
      lp,
    );
    const from = nth?.x != null ? ' and t.excess_min >= $nth' : '';
    return db.all<Record<string, unknown>>(
      `${lateFrom.replace('<cols>', caseCols)}${from} order by t.excess_min desc, t.case_id limit ${limit}`,
      nth?.x != null ? { ...lp, nth: nth.x } : lp,
    );
  };
  const lateCount = async (): Promise<number> => {
    if (summaryHolds(await dirtyFrom(db), p.kind, p.to)) {
      const sp: Params = { kind: p.kind, pf: p.from };
      const r = await db.one<{ n: number }>(
        `select coalesce(sum(late), 0) as n from dash_case_periods t
         where t.period_kind = $kind and t.period_from = cast($pf as date) and ${pooledSql(s, 't', sp)}`,
        sp,
      );
      return Number(r?.n ?? 0);
    }
    return Number((await db.one<{ n: number }>(lateFrom.replace('<cols>', 'count(*) as n'), lp))!.n);
  };
  const [open, late, lateTotal] = await Promise.all([
    db.all<Record<string, unknown>>(
      `select ${caseCols}, count(*) over () as total from case_sla t where ${where} and t.status = 'in_progress'
       order by (t.within_quota = false) desc, t.due_at nulls last, t.case_id limit ${limit}`,
      params,
    ),
    lateRows(),
    lateCount(),
  ]);
  const openTotal = Number(open[0]?.total ?? 0);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ total: _t, ...r }) => toCaseRow(r));
  return { open: strip(open), openTotal, late: late.map(toCaseRow), lateTotal };
}

/** A visit of the Berkas page's kartu kendali: the card's (src/sla/card.ts) with the end of its quota band. */
export type CaseVisit = Omit<CardVisit, 'actor' | 'elapsed_min'> & { quota_end_at: string | null };

export interface CaseCard {
  case: CaseListRow & { timezone: string; as_of: string | null };
  visits: CaseVisit[];
  pauses: { from: string; to: string; paused_min: number }[];
}

/**
 * The kartu kendali of one case with, per visit of an office or external step with a quota, the
 * instant its quota runs out (working minutes from its start, or its arrival when the start is
 * unknown, through the office's working calendar; pauses inside the visit are not added).
 */
export async function caseCard(db: Reader, caseId: string, office: string | null): Promise<CaseCard | null> {
  // the one reader of a kartu kendali (src/sla/card.ts), as of the office's latest transition
  const found = await readCard(db, db, caseId, office ?? undefined, { transitions: false, asOf: false });
  if ('missing' in found) return null;
  const { case: c, visits: all, pauses } = found.card;
  const m = await cachedMeta(db);
  const as_of = m.freshness.find((f) => f.office === c.office)?.latest_event_at ?? null;
  const timezone = m.offices.find((o) => o.office === c.office)?.timezone ?? 'Asia/Jakarta';
  const beginUs = (v: CardVisit) => {
    const t = v.started_at ?? v.arrived_at;
    return t == null ? null : Date.parse(t) * 1000;
  };
  // each visit's quota band ends where its quota in working minutes from its start (its arrival
  // when the start is unknown) runs out on the office calendar (work_pos / work_instant, here in
  // JS over the intervals from a week before the first arrival to a year after the last start)
  const begins = all.map(beginUs).filter((b): b is number => b != null);
  const intervals: Interval[] = begins.length
    ? (
        await db.all<{ s: number; minutes: number; cum_start: number }>(
          `select epoch_us(start_at) as s, minutes, cum_start from working_intervals
           where office = $office and start_at >= to_timestamp(cast($lo as bigint) / 1e6) - interval 7 day
             and start_at <= to_timestamp(cast($hi as bigint) / 1e6) + interval 366 day
           order by start_at`,
          { office: c.office, lo: String(Math.min(...begins)), hi: String(Math.max(...begins)) },
        )
      ).map((w) => ({ startUs: Number(w.s), minutes: w.minutes, cumStart: w.cum_start }))
    : [];
  const visits = all.map((v): CaseVisit => {
    const b = beginUs(v);
    const quotaEnd =
      v.quota_min != null && v.clock !== 'applicant' && b != null
        ? workInstant(intervals, workPos(intervals, b) + v.quota_min)
        : null;
    return {
      step: v.step,
      step_name: v.step_name,
      clock: v.clock,
      visit_no: v.visit_no,
      officer: v.officer,
      officer_name: v.officer_name,
      arrived_at: v.arrived_at,
      started_at: v.started_at,
      completed_at: v.completed_at,
      outcome: v.outcome,
      queue_min: v.queue_min,
      handling_min: v.handling_min,
      quota_min: v.quota_min,
      within_quota: v.within_quota,
      excess_min: v.excess_min,
      quota_end_at: quotaEnd == null ? null : new Date(Math.floor(quotaEnd / 1000)).toISOString(),
    };
  });
  const row = Object.fromEntries(CASE_LIST_FIELDS.map((f) => [f, c[f]])) as CaseListRow;
  return { case: { ...row, timezone, as_of }, visits, pauses };
}

// ---------------------------------------------------------------------------------------------
// Drill-down lists (issue #25 §2): the rows behind a figure, every one of them, a page at a time

/** Which rows of a list to read: from `offset`, at most `limit` (null: all, for the CSV). */
export interface Slice {
  offset: number;
  limit: number | null;
}

/** A page of a list and the count of all its rows. */
export interface ListPage<T> {
  rows: T[];
  total: number;
}

/**
 * The rows `select <cols> <from> order by <order>` of `slice` and the count of all of them, in
 * two reads side by side (a window count is lost on a page past the last row).
 */
async function paged<T>(
  db: Reader,
  cols: string,
  from: string,
  order: string,
  params: Params,
  slice: Slice,
  row: (r: Record<string, unknown>) => T,
): Promise<ListPage<T>> {
  const cut =
    slice.limit == null
      ? ''
      : ` limit ${Math.max(0, Math.floor(slice.limit))} offset ${Math.max(0, Math.floor(slice.offset))}`;
  const [rows, n] = await Promise.all([
    db.all<Record<string, unknown>>(`select ${cols} ${from} order by ${order}${cut}`, params),
    db.one<{ n: number }>(`select count(*) as n ${from}`, params),
  ]);
  return { rows: rows.map(row), total: Number(n?.n ?? 0) };
}

export interface VisitListRow {
  case_id: string;
  office: string;
  service: string;
  step: string;
  step_name: string | null;
  visit_no: number;
  officer: string | null;
  officer_name: string | null;
  arrived_at: string | null;
  completed_at: string | null;
  queue_min: number | null;
  handling_min: number | null;
  quota_min: number | null;
  over_min: number | null;
}

const visitCols = `v.case_id, v.office, v.service, v.step, n.step_name, v.visit_no, v.officer, f.name as officer_name, v.arrived_at, v.completed_at,
  v.queue_min, v.handling_min, v.quota_min, v.over_min`;
const visitJoins = `from step_visits v
  join offices o on o.office = v.office
  left join (${STEP_NAMES_SQL}) n
    on n.office = v.office and n.service = v.service and n.step = v.step
  left join officers f on f.office = v.office and f.officer = v.officer`;
const toVisitRow = (r: Record<string, unknown>): VisitListRow =>
  ({
    ...r,
    arrived_at: iso(r.arrived_at),
    completed_at: iso(r.completed_at),
    visit_no: Number(r.visit_no),
  }) as VisitListRow;

/**
 * The visits behind a step's bar on the Tahapan page: the visits of step `step` handed on in the
 * period (the visits `steps` aggregates: completed in the period, office and external steps)
 * whose queue and handling ran over the step quota (over_min > 0, the amount summed into its
 * over_min_total), the largest first.
 */
export async function stepVisitsOver(
  db: Reader,
  s: Scope,
  p: Period,
  step: string,
  slice: Slice,
): Promise<ListPage<VisitListRow>> {
  const params: Params = { step };
  const where = `${scopeSql(s, 'v', params)} and ${visitPeriod(p, params)} and v.step = $step and v.completed_at is not null and v.clock <> 'applicant' and v.over_min > 0`;
  return paged(
    db,
    visitCols,
    `${visitJoins} where ${where}`,
    'v.over_min desc, v.office, v.case_id, v.visit_no',
    params,
    slice,
    toVisitRow,
  );
}

/**
 * The visits behind a desk on the Petugas page: the visits officer `officer` handed on in the
 * period (handedOnByOfficer's: completed, office and external steps), those over quota first.
 */
export async function officerVisits(
  db: Reader,
  s: Scope,
  p: Period,
  officer: string,
  slice: Slice,
): Promise<ListPage<VisitListRow>> {
  const params: Params = { officer };
  const where = `${scopeSql(s, 'v', params)} and ${visitPeriod(p, params)} and v.officer = $officer and v.completed_at is not null and v.clock <> 'applicant'`;
  return paged(
    db,
    visitCols,
    `${visitJoins} where ${where}`,
    '(v.within_quota = false) desc, v.completed_at, v.case_id, v.visit_no',
    params,
    slice,
    toVisitRow,
  );
}

/**
 * The cases of a Berkas list, a page at a time: `submitted`, the cases submitted in the period
 * (the Tren page's month bar, `trend`'s count: local dates of the office); `open`, the cases in
 * progress (caseLists' first list, in its order); `late`, the cases that became ready in the
 * period over their quota (caseLists' second list: the `late` of the summaries).
 */
export async function caseListPage(
  db: Reader,
  s: Scope,
  p: Period,
  which: 'submitted' | 'open' | 'late',
  slice: Slice,
): Promise<ListPage<CaseListRow>> {
  const params: Params = { pf: p.from, pt: p.to };
  const where = scopeSql(s, 't', params);
  const from = `from case_sla t join (select o.office, timezone(o.timezone, cast($pf as timestamp)) as pf, timezone(o.timezone, cast($pt as timestamp)) as pt from offices o) b on b.office = t.office`;
  const cond = {
    submitted: 't.submitted_at >= b.pf and t.submitted_at < b.pt',
    open: "t.status = 'in_progress'",
    late: 't.within_quota = false and t.ready_at >= b.pf and t.ready_at < b.pt',
  }[which];
  const order = {
    submitted: 't.submitted_at, t.case_id',
    open: '(t.within_quota = false) desc, t.due_at nulls last, t.case_id',
    late: 't.excess_min desc, t.case_id',
  }[which];
  return paged(db, caseCols, `${from} where ${where} and ${cond}`, order, params, slice, toCaseRow);
}

/**
 * Whether a case exists by this id, and in which offices (the case_id index: a lone condition
 * on one table), for the case search of the page header.
 */
export async function caseOffices(db: Reader, caseId: string): Promise<string[]> {
  return (await db.all<{ office: string }>('select office from case_sla where case_id = $id', { id: caseId }))
    .map((r) => r.office)
    .sort();
}

/** Cases whose id starts with `prefix` in the offices `offices` (null: every office), by id. */
export async function casesByPrefix(
  db: Reader,
  offices: string[] | null,
  prefix: string,
  slice: Slice,
): Promise<ListPage<CaseListRow>> {
  const params: Params = { pre: prefix };
  const inOffices =
    offices == null
      ? 'true'
      : offices.length
        ? `t.office in (${offices.map((o, i) => ((params[`o${i}`] = o), `$o${i}`)).join(', ')})`
        : 'false';
  return paged(
    db,
    caseCols,
    `from case_sla t where starts_with(t.case_id, $pre) and ${inOffices}`,
    't.case_id, t.office',
    params,
    slice,
    toCaseRow,
  );
}

// ---------------------------------------------------------------------------------------------
// Pengaduan

/** A month of complaint_resolution (the overall row), as the complaints module reads it. */
export type ComplaintMonthRow = Omit<ResolutionRow, 'office' | 'year' | 'channel' | 'category'>;

export interface ComplaintBreakdownRow {
  key: string;
  ytd_received: number;
  ytd_resolved: number;
  ytd_rate: number | null;
}

/**
 * Complaint resolution (view `complaint_resolution`, SPEC §2.4) for the year of the period's end:
 * month by month up to that month, pooled over the offices in scope; and the year-to-date figures
 * per channel and per category at that month. Null when the view does not exist yet.
 */
export async function complaints(
  db: Reader,
  s: Scope,
  p: Period,
): Promise<{
  months: ComplaintMonthRow[];
  channels: ComplaintBreakdownRow[];
  categories: ComplaintBreakdownRow[];
} | null> {
  if (!(await hasRelation(db, 'complaint_resolution'))) return null;
  const m = lastMonth(p);
  const params: Params = { m, y: m.slice(0, 4) + '-01-01' };
  const where = scopeSql(s, 'r', params, false);
  // one read of the view (it is computed on every read): overall, channel and category rows of the year
  const rows = await db.all<{
    month: string;
    channel: string | null;
    category: string | null;
    received: number;
    resolved: number;
    ytd_received: number;
    ytd_resolved: number;
    target: number;
  }>(
    `select strftime(r.month, '%Y-%m-%d') as month, r.channel, r.category, sum(r.received) as received, sum(r.resolved) as resolved,
       sum(r.ytd_received) as ytd_received, sum(r.ytd_resolved) as ytd_resolved, min(r.target) as target
     from complaint_resolution r
     where ${where} and r.month >= cast($y as date) and r.month <= cast($m as date)
     group by r.month, r.channel, r.category
     order by r.month`,
    params,
  );
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const months = rows
    .filter((r) => r.channel == null && r.category == null)
    .map((r) => {
      const ytd_rate = ratio(Number(r.ytd_resolved), Number(r.ytd_received));
      return {
        month: r.month,
        received: Number(r.received),
        resolved: Number(r.resolved),
        rate: ratio(Number(r.resolved), Number(r.received)),
        ytd_received: Number(r.ytd_received),
        ytd_resolved: Number(r.ytd_resolved),
        ytd_rate,
        target: r.target,
        meets_target: ytd_rate == null ? null : ytd_rate >= r.target,
      };
    });
  const breakdown = (pickKey: (r: (typeof rows)[number]) => string | null) =>
    rows
      .filter((r) => r.month === m && pickKey(r) != null)
      .map((r) => ({
        key: pickKey(r)!,
        ytd_received: Number(r.ytd_received),
        ytd_resolved: Number(r.ytd_resolved),
        ytd_rate: ratio(Number(r.ytd_resolved), Number(r.ytd_received)),
      }))
      .sort((a, b) => b.ytd_received - a.ytd_received || a.key.localeCompare(b.key));
  return {
    months,
    channels: breakdown((r) => (r.category == null ? r.channel : null)),
    categories: breakdown((r) => (r.channel == null ? r.category : null)),
  };
}

/**
 * The as-of instant of an office's month for its open complaints: the end of the month, or the
 * office's latest data (transition or complaint change) when that is earlier, as
 * `monthAsOf` of the complaints module defines it, with the latest transition from the cached
 * freshness instead of a scan of every event.
 */
export async function complaintMonthAsOf(db: Reader, office: string, month: string): Promise<string> {
  const m = await cachedMeta(db);
  return monthAsOf(db, office, month, m.freshness.find((f) => f.office === office)?.latest_event_at ?? null);
}

/**
 * Complaints of the offices in scope still open at the end of period `p` (its last month's as-of
 * instant, as the Pengaduan page takes it) and past their resolve deadline: the `overdue` rows of
 * `openComplaints`, the oldest first. Null when the complaint register does not exist.
 */
export async function overdueComplaints(
  db: Reader,
  s: Scope,
  p: Period,
  lang: 'id' | 'en',
): Promise<(OpenComplaint & { office: string })[] | null> {
  if (!(await hasRelation(db, 'complaint_register'))) return null;
  const m = await cachedMeta(db);
  const month = lastMonth(p).slice(0, 7);
  // only the offices with complaints in the register (none in a roll-up: the register stays in
  // each office), each office costing two queries
  const registered = await perVersion(
    db,
    'complaintOffices',
    async () =>
      new Set(
        (await db.all<{ office: string }>('select distinct office from complaint_register')).map((r) => r.office),
      ),
  );
  const offices = m.offices
    .filter((o) => (!s.office || o.office === s.office) && registered.has(o.office))
    .map((o) => o.office);
  const lists = await Promise.all(
    offices.map(async (office) =>
      (await openComplaints(db, office, await complaintMonthAsOf(db, office, month), lang)).map((c) => ({
        ...c,
        office,
      })),
    ),
  );
  return lists
    .flat()
    .filter((c) => c.deadline_status === 'overdue' && (!s.service || c.service === s.service))
    .sort(
      (a, b) =>
        a.received_at.localeCompare(b.received_at) ||
        a.office.localeCompare(b.office) ||
        a.complaint_id.localeCompare(b.complaint_id),
    );
}

export interface ComplaintListRow {
  office: string;
  complaint_id: string;
  received_at: string;
  channel: string;
  category: string;
  service: string | null;
  stage: string;
  resolved_at: string | null;
}

/**
 * The complaints behind a channel's or a category's row of the Pengaduan page: those received
 * from January of the year of the period's last month to the end of that month (local time),
 * the ones `complaints` counts as ytd_received, of the offices in scope; the oldest first.
 * `inPeriod`: those received in the period instead (a month's bar: its `received`).
 */
export async function complaintList(
  db: Reader,
  s: Scope,
  p: Period,
  by: { channel?: string | undefined; category?: string | undefined; inPeriod?: boolean | undefined },
  slice: Slice,
): Promise<ListPage<ComplaintListRow>> {
  const m = lastMonth(p);
  const [y, mo] = m.split('-').map(Number) as [number, number];
  const params: Params = by.inPeriod
    ? { y: p.from, e: p.to }
    : { y: `${y}-01-01`, e: new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 10) };
  const conds = [
    scopeSql(s, 'r', params, false),
    `${localDate('r.received_at')} >= cast($y as date)`,
    `${localDate('r.received_at')} < cast($e as date)`,
  ];
  for (const k of ['channel', 'category'] as const) {
    if (by[k]) {
      conds.push(`r.${k} = $${k}`);
      params[k] = by[k]!;
    }
  }
  return paged(
    db,
    'r.office, r.complaint_id, r.received_at, r.channel, r.category, r.service, r.stage, r.resolved_at',
    `from complaint_register r join offices o on o.office = r.office where ${conds.join(' and ')}`,
    'r.received_at, r.office, r.complaint_id',
    params,
    slice,
    (r) => ({ ...r, received_at: iso(r.received_at)!, resolved_at: iso(r.resolved_at) }) as ComplaintListRow,
  );
}

export interface ComplaintStageRow {
  stage: string;
  stage_at: string;
  handled_by: string | null;
  responded_at: string | null;
  resolved_at: string | null;
}

/**
 * A complaint's stage history: its rows of `complaints` (one per stage change) in the register's
 * order (stage_at, then the stage order diterima → … → selesai), with the register's row; no
 * complainant (identity is for the sekretaris and operator, SPEC §2.4). Null when the office has
 * no such complaint.
 */
export async function complaintHistory(
  db: Reader,
  office: string,
  complaintId: string,
): Promise<{ complaint: ComplaintListRow; stages: ComplaintStageRow[] } | null> {
  if (!(await hasRelation(db, 'complaint_register'))) return null;
  const [head, stages] = await Promise.all([
    complaintRecord(db, office, complaintId),
    complaintStages(db, office, complaintId),
  ]);
  if (!head) return null;
  return {
    complaint: {
      office: head.office,
      complaint_id: head.complaint_id,
      received_at: iso(head.received_at)!,
      channel: head.channel,
      category: head.category,
      service: head.service,
      stage: head.stage,
      resolved_at: iso(head.resolved_at),
    } as ComplaintListRow,
    stages: stages.map((r) => ({
      stage: String(r.stage),
      stage_at: iso(r.stage_at)!,
      handled_by: r.handled_by ?? null,
      responded_at: iso(r.responded_at),
      resolved_at: iso(r.resolved_at),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// SKM

/** The SKM page's figures of a period: ikm_summary's row (read/ikm.ts), as much of it as the page shows. */
export type SkmSummary = Pick<
  IkmSummaryRow,
  | 'respondents'
  | 'ikm'
  | 'ikm_converted'
  | 'ikm_converted_rounded'
  | 'grade'
  | 'label'
  | 'population'
  | 'required_sample'
  | 'sample_adequate'
  | 'ci_low'
  | 'ci_high'
  | 'follow_up'
>;

export interface SkmUnsur {
  unsur: number;
  unsur_name: string;
  respondents: number;
  nrr: number;
  nrr_weighted: number;
  grade: string;
  follow_up: boolean;
}

/** IKM of one office (pooled, or one service) for the IKM period of the selected period, with its nine elements. */
export async function skm(
  db: Pick<Reader, 'all' | 'one'>,
  s: Scope,
  p: Period,
): Promise<{ summary: SkmSummary | null; unsur: SkmUnsur[] } | null> {
  if (!s.office) return null;
  const f = ikmOf(s.office, s, p);
  const [[x], unsur] = await Promise.all([ikmSummaries(db, f), ikmUnsur(db, f)]);
  const summary: SkmSummary | null = x
    ? {
        respondents: x.respondents,
        ikm: x.ikm,
        ikm_converted: x.ikm_converted,
        ikm_converted_rounded: x.ikm_converted_rounded,
        grade: x.grade,
        label: x.label,
        population: x.population,
        required_sample: x.required_sample,
        sample_adequate: x.sample_adequate,
        ci_low: x.ci_low,
        ci_high: x.ci_high,
        follow_up: x.follow_up,
      }
    : null;
  return {
    summary,
    unsur: unsur.map((u) => ({
      unsur: u.unsur,
      unsur_name: u.unsur_name,
      respondents: u.respondents,
      nrr: u.nrr,
      nrr_weighted: u.nrr_weighted,
      grade: u.grade,
      follow_up: u.follow_up,
    })),
  };
}

/**
 * A signature of the data: changes with every load, undo, catalogue or calendar load, summary
 * build: every committed write of this process (DuckDB locks the database file for the process
 * that writes it, so no other process changes it while it is open here). No query: a page's
 * queries each cost a few milliseconds whatever they read.
 */
export function dataVersion(db: Reader): number {
  return db.generation;
}

const metaCache = new WeakMap<object, { sig: number; meta: Meta }>();

const versionMemo = new WeakMap<object, { sig: number; values: Map<string, Promise<unknown>> }>();

/**
 * A small fact of the catalogue or the register (services without step quotas, step names, the
 * offices with complaints) computed once per data version: each costs a query of 2–14 ms of CPU
 * on a busy machine however small its table, and Ringkasan asked for them on every page. Callers
 * asking at once share the computation; a failure is not kept.
 */
function perVersion<T>(db: Reader, key: string, compute: () => Promise<T>): Promise<T> {
  const sig = dataVersion(db);
  let memo = versionMemo.get(db);
  if (!memo || memo.sig !== sig) {
    memo = { sig, values: new Map() };
    versionMemo.set(db, memo);
  }
  const hit = memo.values.get(key);
  if (hit) return hit as Promise<T>;
  const value = compute();
  const values = memo.values;
  values.set(key, value);
  value.catch(() => {
    if (values.get(key) === value) values.delete(key);
  });
  return value;
}

/**
 * `meta` cached per database until its data version changes (any committed write): a few small
 * reads that every page needs.
 */
export async function cachedMeta(db: Reader): Promise<Meta> {
  const sig = dataVersion(db);
  const hit = metaCache.get(db);
  if (hit && hit.sig === sig) return hit.meta;
  const m = await meta(db);
  metaCache.set(db, { sig, meta: m });
  return m;
}
