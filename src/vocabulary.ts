/**
 * The domain's defaults and the text patterns of its dates, written once (issue #24 §2). The
 * lists of words (event kinds, complaint channels and stages) live with the loader in
 * src/ingest/kinds.ts, ordered on the SQL side by the macros of queries/_macros.sql;
 * test/vocabulary.test.ts ties the two sides, and the schema's column defaults to these.
 */

/** A hari kerja where the office says none: 7.5 working hours (SPEC §2.1; `offices.day_minutes`). */
export const DEFAULT_DAY_MINUTES = 450;

/** Share of a year's complaints resolved that an office promises (SPEC §2.4; `offices.complaint_target`). */
export const DEFAULT_COMPLAINT_TARGET = 0.75;

/** Target share of cases within quota: an office setting, not a regulation (`offices.within_quota_target`). */
export const DEFAULT_WITHIN_QUOTA_TARGET = 0.9;

/** `YYYY-MM` of a month 01–12. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month `n` months after `YYYY-MM` (before it when `n` is negative), as `YYYY-MM`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` (whether that day exists is checked where a date is read). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Output formats of auditor SQL (API `format`, `sla sql --format`); `table` is the command line's text table. */
export const SQL_FORMATS = ['json', 'csv', 'arrow', 'parquet', 'table'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];
