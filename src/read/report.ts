import type { Session } from '../db/index.js';
import { readSql } from './sql.js';

/**
 * The reads of the monthly report that no page shows: its office with the as-of instant
 * (queries/read/report_office.sql) and its latest cases (queries/read/latest_cases.sql). Its
 * other figures are the pages' and the API's own reads (services, steps, trend, officers,
 * letters due, SKM).
 */
const OFFICE_SQL = readSql('report_office');
const LATEST_SQL = readSql('latest_cases');

type Reader = Pick<Session, 'all'>;

export interface ReportOffice {
  office: string;
  name: string;
  timezone: string;
  day_minutes: number;
  complaint_target: number;
  /** the office's latest loaded transition, else the last microsecond of the month (office zone) */
  as_of: Date;
  /** `as_of` as exact text (microseconds) */
  as_of_text: string;
}

/** The office and its report's as-of instant for the month that ends at local date `next`; null: no such office. */
export async function reportOffice(db: Reader, office: string, next: string): Promise<ReportOffice | null> {
  return (await db.all<ReportOffice>(OFFICE_SQL, { office, next: `${next} 00:00:00` }))[0] ?? null;
}

export interface LatestCase {
  case_id: string;
  service: string;
  submitted_at: Date;
  status: string;
  elapsed_min: number | null;
  quota_min: number | null;
  within_quota: boolean | null;
  bottleneck_step: string | null;
  bottleneck_name: string | null;
}

/** The `n` cases of an office submitted last in [from, to) (local dates), the latest first. */
export function latestCases(
  db: Reader,
  office: string,
  range: { from: string; to: string },
  n = 10,
): Promise<LatestCase[]> {
  return db.all<LatestCase>(LATEST_SQL, { office, from: range.from, to: range.to, n });
}
