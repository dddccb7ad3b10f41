import type { Session } from '../db/index.js';
import { CASE_COLUMNS, period } from '../sla/index.js';
import { scopeSql, type OfficeService } from './filter.js';

/** The case list and the products waiting for collection of the API (GET /api/cases, /api/uncollected). */
type Reader = Pick<Session, 'all' | 'one'>;

export interface CaseListFilter {
  office?: string | undefined;
  service?: string | undefined;
  status?: 'in_progress' | 'ready' | 'collected' | 'cancelled' | undefined;
  /** 'true': over their quota (late, or open and already past it); 'false': the others */
  overdue?: 'true' | 'false' | undefined;
  /** month of submission (YYYY-MM, office time) */
  month?: string | undefined;
  sort: 'excess' | 'submitted' | 'elapsed';
  page: number;
  page_size: number;
}

/** One page of the cases a filter selects (case_sla columns as the kartu kendali has them), and how many in all. */
export async function caseList(
  s: Reader,
  q: CaseListFilter,
): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  const params: Record<string, string | number> = {};
  const conds = [scopeSql(q, 'c', params)];
  if (q.status) {
    conds.push('c.status = $status');
    params.status = q.status;
  }
  if (q.overdue === 'true') conds.push('c.within_quota = false');
  if (q.overdue === 'false') conds.push('c.within_quota is distinct from false');
  const p = period({ month: q.month });
  if (p) {
    const local = 'cast(local_ts(c.submitted_at, o.utc_offset_min, o.timezone) as date)';
    conds.push(`${local} >= cast($from as date) and ${local} < cast($to as date)`);
    Object.assign(params, p);
  }
  const order = {
    excess: 'c.excess_min desc nulls last, c.submitted_at',
    submitted: 'c.submitted_at desc',
    elapsed: 'c.elapsed_min desc',
  }[q.sort];
  const base = `from case_sla c join offices o on o.office = c.office where ${conds.join(' and ')}`;
  const total = (await s.one<{ n: number }>(`select count(*) as n ${base}`, params))!.n;
  const rows = await s.all<Record<string, unknown>>(
    `select ${CASE_COLUMNS.map((c) => `c.${c}`).join(', ')} ${base}
     order by ${order}, c.case_id limit ${q.page_size} offset ${(q.page - 1) * q.page_size}`,
    params,
  );
  return { total, rows };
}

export interface UncollectedProduct {
  case_id: string;
  office: string;
  service: string;
  ready_at: Date;
  days_waiting: number;
  letter_due: Date;
}

/** Products ready for over a month and not collected (a Jaminan Pelayanan letter is due), longest waiting first. */
export function uncollectedList(s: Pick<Session, 'all'>, f: OfficeService): Promise<UncollectedProduct[]> {
  const params: Record<string, string | number> = {};
  return s.all<UncollectedProduct>(
    `select case_id, office, service, ready_at, days_waiting, letter_due from uncollected_products
     where ${scopeSql(f, undefined, params)} order by days_waiting desc, case_id`,
    params,
  );
}
