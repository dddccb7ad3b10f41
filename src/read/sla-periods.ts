import type { Session } from '../db/index.js';
import { handedOnByOfficer } from '../sla/index.js';
import { STEP_AGGS } from './summaries.js';
import type { DateRange } from './services.js';
import { scopeSql, type OfficeService } from './filter.js';

/**
 * The step and officer figures of the SLA API (GET /api/sla/steps, /api/sla/officers) for an
 * office (or every office), a service (or every one) and a period of local months (or all time),
 * pooled over the months: medians of the visits themselves. The aggregates are the Tahapan and
 * Petugas pages' own (STEP_AGGS of the summaries, handedOnByOfficer).
 */
type Reader = Pick<Session, 'all'>;

export interface StepPeriodRow {
  office: string;
  service: string;
  step: string;
  seq: number | null;
  clock: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  median_queue_min: number | null;
  quota_min: number | null;
  within_quota_pct: number | null;
  excess_min_total: number | null;
}

export interface OfficerPeriodRow {
  office: string;
  officer: string;
  name: string | null;
  role: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  within_quota_pct: number | null;
  breaches: number;
  open_visits: number;
}

/** Per office, service and SOP step: the visits handed on in the period. */
export function stepPeriod(db: Reader, f: OfficeService, range: DateRange | null): Promise<StepPeriodRow[]> {
  const params: Record<string, string | number> = {};
  const conds = ['v.completed_at is not null', scopeSql(f, 'v', params)];
  if (range) {
    conds.push('v.completed_month >= cast($from as date) and v.completed_month < cast($to as date)');
    Object.assign(params, range);
  }
  return db.all<StepPeriodRow>(
    `select v.office, v.service, v.step, ${STEP_AGGS}
     from step_visits v
     where ${conds.join(' and ')}
     group by v.office, v.service, v.step order by v.office, v.service, seq`,
    params,
  );
}

/**
 * Per office and officer: the work handed on in the period, and the work open at its end (its
 * last month, or the as-of month if earlier), or now without a period.
 */
export function officerPeriod(
  db: Reader,
  f: Pick<OfficeService, 'office'>,
  range: DateRange | null,
): Promise<OfficerPeriodRow[]> {
  const params: Record<string, string | number> = {};
  const office = `and ${scopeSql({ office: f.office }, 'v', params)}`;
  if (range) Object.assign(params, { pfrom: range.from, pto: range.to });
  const inPeriod = range
    ? 'and v.completed_month >= cast($pfrom as date) and v.completed_month < cast($pto as date)'
    : '';
  const open = range
    ? `select office, officer, open_visits from officer_performance v
       where v.month < cast($pto as date) ${office}
       qualify row_number() over (partition by office, officer order by month desc) = 1`
    : `select office, officer, count(*) as open_visits from step_visits v
       where v.outcome = 'open' and v.officer is not null and v.clock <> 'applicant' ${office} group by office, officer`;
  return db.all<OfficerPeriodRow>(
    `with done as (${handedOnByOfficer(`true ${office} ${inPeriod}`)}),
     open as (${open})
     select coalesce(d.office, o.office) as office, coalesce(d.officer, o.officer) as officer, f.name, f.role,
       coalesce(d.visits, 0) as visits, d.median_handling_min, d.p90_handling_min, d.within_quota_pct,
       coalesce(d.breaches, 0) as breaches, coalesce(o.open_visits, 0) as open_visits
     from done d
     full join open o on o.office = d.office and o.officer = d.officer
     left join officers f on f.office = coalesce(d.office, o.office) and f.officer = coalesce(d.officer, o.officer)
     where coalesce(d.visits, 0) > 0 or coalesce(o.open_visits, 0) > 0
     order by 1, 2`,
    params,
  );
}
