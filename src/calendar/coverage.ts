import { fileURLToPath } from 'node:url';
import { readCalendarFile, loadCalendar } from './calendar.js';
import type { Database, Session } from '../db/index.js';
import { t } from '../i18n/index.js';

/**
 * The national default calendar and what a database's calendar covers (SPEC §2.1).
 *
 * A database is never without a working calendar: a new one (no office hours and no holidays at
 * all) starts with the national default of `sample-data/` — Perpres 21/2023 hours, the Ramadan
 * hours of the years the product knows, the national holidays and *cuti bersama* with their
 * sources — which an office's own calendar overrides as any later calendar load does.
 *
 * Coverage: for each office and each local year its data reach (first to latest transition), is
 * there a holiday list (a `libur_nasional` or `cuti_bersama` row of '*' or of the office) and are
 * there Ramadan hours (a schedule of '*' or of the office whose name begins with `ramadan`,
 * starting that year)? Figures of a year without either are computed on the weekly hours alone
 * and are provisional; every surface says which years are missing.
 */

/** The files of the national default, in load order (data, not code: SPEC §2.1). */
export const NATIONAL_CALENDAR_FILES = ['calendar.yaml', 'holidays-id-2024-2026.csv'].map(
  (f) => new URL(`../../sample-data/${f}`, import.meta.url),
);

type Reader = Pick<Database, 'all' | 'one'> | Pick<Session, 'all' | 'one'>;

/** Loads the national default into a database that has no calendar at all; true when it did. */
export async function ensureNationalCalendar(db: Database): Promise<boolean> {
  const row = await db.one<{ n: number }>(
    'select (select count(*) from office_hours) + (select count(*) from holidays) as n',
  );
  if (Number(row?.n ?? 0) > 0) return false;
  const parts = NATIONAL_CALENDAR_FILES.map((u) => readCalendarFile(fileURLToPath(u)));
  await db.transaction((tx) =>
    loadCalendar(tx, { hours: parts.flatMap((p) => p.hours), holidays: parts.flatMap((p) => p.holidays) }),
  );
  return true;
}

export interface OfficeCoverage {
  office: string;
  /** Local years reached by the office's transitions (empty without events). */
  data_years: number[];
  /** Years with a national (or the office's) holiday list. */
  holiday_years: number[];
  /** Years with Ramadan hours. */
  ramadan_years: number[];
  /** Data years without a holiday list / without Ramadan hours: their figures are provisional. */
  missing_holidays: number[];
  missing_ramadan: number[];
}

const COVERAGE_SQL = `
  with o as (select office, timezone from offices),
  data_years as (
    select o.office, unnest(range(year(timezone(o.timezone, x.first_at)), year(timezone(o.timezone, x.last_at)) + 1)) as y
    from o join office_extent x on x.office = o.office
    where x.first_at is not null
  ),
  holiday_years as (
    select distinct o.office, year(h.date) as y
    from o join holidays h on h.office in ('*', o.office) and h.kind in ('libur_nasional', 'cuti_bersama')
  ),
  ramadan_years as (
    select distinct o.office, year(s.valid_from) as y
    from o join office_hours s on s.office in ('*', o.office) and lower(s.schedule) like 'ramadan%'
  )
  select o.office,
    coalesce((select list(d.y order by d.y) from data_years d where d.office = o.office), []) as data_years,
    coalesce((select list(h.y order by h.y) from holiday_years h where h.office = o.office), []) as holiday_years,
    coalesce((select list(r.y order by r.y) from ramadan_years r where r.office = o.office), []) as ramadan_years
  from o
  where $office is null or o.office = $office
  order by o.office`;

/** Calendar coverage per office (one office, or all). */
export async function calendarCoverage(db: Reader, office: string | null = null): Promise<OfficeCoverage[]> {
  const rows = await db.all<{ office: string; data_years: number[]; holiday_years: number[]; ramadan_years: number[] }>(
    COVERAGE_SQL,
    { office },
  );
  return rows.map((r) => {
    const num = (xs: unknown[]) => xs.map(Number);
    const data = num(r.data_years);
    const hol = num(r.holiday_years);
    const ram = num(r.ramadan_years);
    return {
      office: r.office,
      data_years: data,
      holiday_years: hol,
      ramadan_years: ram,
      missing_holidays: data.filter((y) => !hol.includes(y)),
      missing_ramadan: data.filter((y) => !ram.includes(y)),
    };
  });
}

/** The years of `c` whose figures are provisional (either list missing), ascending. */
export function provisionalYears(c: Pick<OfficeCoverage, 'missing_holidays' | 'missing_ramadan'>): number[] {
  return [...new Set([...c.missing_holidays, ...c.missing_ramadan])].sort((a, b) => a - b);
}

const list = (ys: number[], lang: 'id' | 'en') => {
  const s = ys.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join(', ')} ${t(lang, 'and')} ${s[s.length - 1]}`;
};

/**
 * The warnings of one office's coverage, one sentence each, e.g. "Daftar hari libur 2027 belum
 * dimuat untuk pekanbaru: angka tahun itu bersifat sementara." Empty when nothing is missing.
 * With `year`, only what that year misses (a monthly report).
 */
export function coverageWarnings(cov: OfficeCoverage, lang: 'id' | 'en', year?: number): string[] {
  const only = (ys: number[]) => (year === undefined ? ys : ys.filter((y) => y === year));
  const c = { ...cov, missing_holidays: only(cov.missing_holidays), missing_ramadan: only(cov.missing_ramadan) };
  const out: string[] = [];
  if (c.missing_holidays.length) {
    out.push(t(lang, 'calendar_no_holidays', { years: list(c.missing_holidays, lang), office: c.office }));
  }
  if (c.missing_ramadan.length) {
    out.push(t(lang, 'calendar_no_ramadan', { years: list(c.missing_ramadan, lang), office: c.office }));
  }
  return out;
}
