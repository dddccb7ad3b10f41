import { z } from 'zod';
import { DATE_PATTERN, MONTH_PATTERN } from '../vocabulary.js';
import { bilingual } from '../i18n/index.js';

/**
 * Dates and months in URLs, checked against the calendar: `2026-02-30`, `2026-13-01` and the
 * year 0000 are 400 with a message (they reached DuckDB and answered 500, or became 1900 in a
 * JavaScript Date). One definition for every route.
 */
const exists = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y);
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/** YYYY-MM of a real month (year 0001 or later). */
export const monthText = z
  .string()
  .regex(MONTH_PATTERN, 'YYYY-MM')
  .refine((v) => exists(Number(v.slice(0, 4)), Number(v.slice(5, 7)), 1), {
    message: bilingual('not_calendar_month'),
  });

/** YYYY-MM-DD of a real day (2024-02-29 yes, 2026-02-30 no). */
export const dateText = z
  .string()
  .regex(DATE_PATTERN, 'YYYY-MM-DD')
  .refine((v) => exists(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))), {
    message: bilingual('not_calendar_date'),
  });

/** `YYYY-MM.pdf` of a real month. */
export const monthFile = z
  .string()
  .regex(/^\d{4}-\d{2}\.pdf$/, 'YYYY-MM.pdf')
  .refine((v) => monthText.safeParse(v.slice(0, 7)).success, {
    message: bilingual('not_calendar_month_file'),
  });

/** A DATE column's value as YYYY-MM-DD (DuckDB gives a Date at UTC midnight). */
export const dateOnly = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
