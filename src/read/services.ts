import { readFileSync } from 'node:fs';
import type { Session } from '../db/index.js';
import type { Period as DateRange } from '../sla/index.js';
import type { OfficeService } from './filter.js';

/**
 * The case figures of a period per office and service, and each office's totals: one SQL file,
 * queries/read/service_period.sql, read by the API (GET /api/sla/summary) and the monthly report.
 */
const SQL = readFileSync(new URL('../../queries/read/service_period.sql', import.meta.url), 'utf8');

type Reader = Pick<Session, 'all'>;

export interface ServicePeriodRow {
  office: string;
  /** null on the office's totals row */
  service: string | null;
  /** the service's name in its latest SOP version (null on the totals row) */
  name: string | null;
  /** the service's quota in its latest SOP version, working minutes (null: none, or the totals row) */
  quota_min: number | null;
  /** cases of the service at all, whatever the period */
  cases: number;
  submitted: number;
  ready: number;
  within_quota: number;
  within_quota_pct: number | null;
  median_elapsed_min: number | null;
  p90_elapsed_min: number | null;
  median_elapsed_days: number | null;
  in_progress: number;
  overdue_now: number;
  returned_cases: number;
  uncollected: number;
}

export interface ServicePeriod {
  /** every service of the catalogue and every service with cases, by office then service */
  services: ServicePeriodRow[];
  /** per office: its totals over every service in scope */
  totals: ServicePeriodRow[];
}

/** Local dates [from, to) of each office's zone (the API's month or from/to); no period: all time. */
export type { DateRange };

const ALL_TIME: DateRange = { from: '1900-01-01', to: '3000-01-01' };

/** The figures of `range` for an office (or every office) and a service (or every service). */
export async function servicePeriod(db: Reader, scope: OfficeService, range: DateRange | null): Promise<ServicePeriod> {
  const r = range ?? ALL_TIME;
  const rows = await db.all<ServicePeriodRow & { g: number }>(SQL, {
    office: scope.office ?? '',
    service: scope.service ?? '',
    from: r.from,
    to: r.to,
  });
  const out: ServicePeriod = { services: [], totals: [] };
  for (const { g, ...row } of rows) (Number(g) === 0 ? out.services : out.totals).push(row);
  return out;
}
