import type { Session } from '../db/index.js';
import { readSql } from './sql.js';

/**
 * The IKM tables of queries/ (ikm_summary, ikm_by_unsur) as the API gives them: per office
 * (service absent), per service or every service, and period. The SKM page reads the same rows
 * (figures.ts `skm`), the monthly report the page's and these.
 */
type Reader = Pick<Session, 'all'>;

export interface IkmFilter {
  office?: string | undefined;
  /** a service code; absent: the office-wide rows (all services pooled); 'each': one row per service */
  service?: string | undefined;
  period_type: 'month' | 'quarter' | 'semester' | 'year';
  period?: string | undefined;
}

/** `where` conditions of a filter on an IKM table aliased `t`, and their parameters. */
export function ikmWhere(f: IkmFilter, t = 't'): { sql: string; params: Record<string, string> } {
  const conds = [`${t}.period_type = $period_type`];
  const params: Record<string, string> = { period_type: f.period_type };
  if (f.office) {
    conds.push(`${t}.office = $office`);
    params.office = f.office;
  }
  if (f.service === 'each') conds.push(`${t}.service is not null`);
  else if (f.service) {
    conds.push(`${t}.service = $service`);
    params.service = f.service;
  } else conds.push(`${t}.service is null`);
  if (f.period) {
    conds.push(`${t}.period = $period`);
    params.period = f.period;
  }
  return { sql: conds.join(' and '), params };
}

export interface IkmSummaryRow {
  office: string;
  service: string | null;
  period_type: string;
  period: string;
  respondents: number;
  ikm: number;
  ikm_converted: number;
  ikm_converted_rounded: number;
  grade: string;
  label: string;
  population: number;
  required_sample: number;
  sample_adequate: boolean;
  ci_low: number | null;
  ci_high: number | null;
  ikm_converted_w0111: number;
  follow_up: boolean;
  weakest_unsur: number[];
}

/** ikm_summary's rows of a filter, by office, service and period. */
export function ikmSummaries(db: Reader, f: IkmFilter): Promise<IkmSummaryRow[]> {
  const w = ikmWhere(f);
  return db.all<IkmSummaryRow>(
    `select * exclude (any_element_follow_up, elements) from ikm_summary t where ${w.sql} order by office, service, period`,
    w.params,
  );
}

export interface IkmUnsurRow {
  office: string;
  service: string | null;
  period_type: string;
  period: string;
  unsur: number;
  unsur_name: string;
  respondents: number;
  score_sum: number;
  nrr: number;
  nrr_weighted: number;
  grade: string;
  follow_up: boolean;
}

/** ikm_by_unsur's rows of a filter, by office, service, period and element. */
export function ikmUnsur(db: Reader, f: IkmFilter): Promise<IkmUnsurRow[]> {
  const w = ikmWhere(f);
  return db.all<IkmUnsurRow>(
    `select * from ikm_by_unsur t where ${w.sql} order by office, service, period, unsur`,
    w.params,
  );
}

/** The groups of respondents GET /api/ikm/groups breaks the IKM down by. */
export const IKM_GROUPS = ['gender', 'age', 'education', 'occupation', 'service_time'] as const;

export interface IkmGroupRow {
  group: string;
  respondents: number;
  /** null when fewer than 5 respondents (hidden) */
  ikm_converted: number | null;
  grade: string | null;
}

const GROUPS_SQL = readSql('ikm_groups');

/** The IKM of each group of respondents of a filter (queries/read/ikm_groups.sql), by group. */
export function ikmGroups(db: Reader, f: IkmFilter, by: (typeof IKM_GROUPS)[number]): Promise<IkmGroupRow[]> {
  return db.all<IkmGroupRow>(GROUPS_SQL, {
    by,
    period_type: f.period_type,
    office: f.office ?? '',
    service: f.service ?? '',
    period: f.period ?? '',
  });
}
