/**
 * The filters every dashboard page shares, kept in the URL query string: office, service, period
 * (`month`, `quarter`, `year` or a custom `range`) and language. Turned here into local-date
 * bounds (inclusive `from`, exclusive `to`), the previous period of the same kind, and the
 * labels of SPEC §3 periods (`2026-03`, `2026-Q1`, `2026`) the IKM tables use.
 */
import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import { DATE_PATTERN, MONTH_PATTERN } from '../vocabulary.js';
import { dashboards, fill, inBoth, type Lang } from '../i18n/index.js';

export const dashFilters = z.object({
  office: z
    .string()
    .min(1)
    .optional()
    .describe("office code; 'all' pools every office; default: the office with the most transitions"),
  service: z.string().min(1).optional().describe('service code; default: every service of the office'),
  period: z.enum(['month', 'quarter', 'year', 'range']).default('month'),
  month: z.string().regex(MONTH_PATTERN, 'YYYY-MM').optional(),
  quarter: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/, 'YYYY-Qn')
    .optional(),
  year: z
    .string()
    .regex(/^\d{4}$/, 'YYYY')
    .optional(),
  from: z.string().regex(DATE_PATTERN, 'YYYY-MM-DD').optional(),
  to: z.string().regex(DATE_PATTERN, 'YYYY-MM-DD').optional(),
  lang: z.enum(['id', 'en']).default('id'),
});
export type DashFilters = z.infer<typeof dashFilters>;

import type { Period } from '../read/index.js';

export type { Period };

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d = 1) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const validDate = (d: string) =>
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** The month `m` (1–12) of year `y`. */
export function monthPeriod(y: number, m: number): Period {
  return { kind: 'month', from: ymd(y, m), to: ymd(y, m + 1), ikmType: 'month', ikmPeriod: `${y}-${pad(m)}` };
}
function quarterPeriod(y: number, q: number): Period {
  return {
    kind: 'quarter',
    from: ymd(y, 3 * q - 2),
    to: ymd(y, 3 * q + 1),
    ikmType: 'quarter',
    ikmPeriod: `${y}-Q${q}`,
  };
}
function yearPeriod(y: number): Period {
  return { kind: 'year', from: ymd(y, 1), to: ymd(y + 1, 1), ikmType: 'year', ikmPeriod: String(y) };
}

/**
 * The selected period. `latestMonth` (YYYY-MM, the local month of the latest transition) fills
 * whatever the URL leaves out, so a bare `/` shows the month the data reaches.
 */
export function resolvePeriod(
  f: Pick<DashFilters, 'period' | 'month' | 'quarter' | 'year' | 'from' | 'to'>,
  latestMonth: string,
): Period {
  const [ly, lm] = latestMonth.split('-').map(Number) as [number, number];
  switch (f.period) {
    case 'month': {
      const [y, m] = (f.month ?? latestMonth).split('-').map(Number) as [number, number];
      return monthPeriod(y, m);
    }
    case 'quarter': {
      if (f.quarter) return quarterPeriod(Number(f.quarter.slice(0, 4)), Number(f.quarter.slice(6)));
      return quarterPeriod(ly, Math.ceil(lm / 3));
    }
    case 'year':
      return yearPeriod(f.year ? Number(f.year) : ly);
    case 'range': {
      const from = f.from ?? ymd(ly, lm);
      const last = f.to ?? addDays(ymd(ly, lm + 1), -1);
      if (!validDate(from) || !validDate(last)) throw new BadRequestError(inBoth('range_invalid', { from, to: last }));
      if (last < from) throw new BadRequestError(inBoth('range_reversed', { from, to: last }));
      return { kind: 'range', from, to: addDays(last, 1), ikmType: 'year', ikmPeriod: last.slice(0, 4) };
    }
  }
}

/** The period before: the previous month, quarter or year; for a range, as many days just before it. */
export function previousPeriod(p: Period): Period {
  const [y, m] = p.from.split('-').map(Number) as [number, number];
  switch (p.kind) {
    case 'month':
      return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
    case 'quarter': {
      const q = Math.ceil(m / 3);
      return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
    }
    case 'year':
      return yearPeriod(y - 1);
    case 'range': {
      const days = Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000);
      const from = addDays(p.from, -days);
      return { kind: 'range', from, to: p.from, ikmType: 'year', ikmPeriod: addDays(p.from, -1).slice(0, 4) };
    }
  }
}

/** At least twelve months ending with the period (for trends): the period itself when longer. */
export function trendWindow(p: Period): { from: string; to: string } {
  const [y, m] = p.to.split('-').map(Number) as [number, number];
  const yearBefore = ymd(y - 1, m);
  return { from: p.from < yearBefore ? p.from : yearBefore, to: p.to };
}

/** Human label of a period: `Oktober 2026`, `Triwulan III 2026`, `2026`, `1 Januari 2026 – 31 Maret 2026`. */
export function periodLabel(p: Period, lang: Lang): string {
  const [y, m] = p.from.split('-').map(Number) as [number, number];
  const { months, quarterNames, quarterLabel } = dashboards[lang];
  const day = (d: string) => {
    const [yy, mm, dd] = d.split('-').map(Number) as [number, number, number];
    return `${dd} ${months[mm - 1]} ${yy}`;
  };
  switch (p.kind) {
    case 'month':
      return `${months[m - 1]} ${y}`;
    case 'quarter':
      return fill(quarterLabel, { q: quarterNames[Math.ceil(m / 3) - 1] ?? '', year: y });
    case 'year':
      return String(y);
    case 'range':
      return `${day(p.from)} – ${day(addDays(p.to, -1))}`;
  }
}
