import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { readStructuredFile } from '../catalogue/index.js';
import { rule, schemaReason } from '../schema-reason.js';
import { parseCsv } from '../csv.js';
import type { Database, Session } from '../db/index.js';
import { InputError, type InputIssue } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { DATE_PATTERN } from '../vocabulary.js';

/**
 * The working-time calendar (SPEC §2.1): dated office hours, national and local holidays, local
 * openings. Everything is data; `working_intervals` is rebuilt from it after every change, and all
 * working-minute arithmetic is done in SQL against that table. A file's faults are told in the
 * reader's language (src/i18n/catalogue.ts).
 */

const WORKING_INTERVALS_SQL = readFileSync(new URL('./working_intervals.sql', import.meta.url), 'utf8');

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const isoDate = z
  .union([z.date(), z.string().regex(DATE_PATTERN, rule('schema_rule_date'))])
  .transform((d) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10)));
const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

const scheduleSchema = z.object({
  office: z.string().min(1).default('*'),
  schedule: z.string().min(1),
  valid_from: isoDate,
  valid_to: isoDate.nullable().optional(),
  days: z.record(z.string(), z.array(z.string().regex(RANGE, rule('schema_rule_hours')))),
});

const holidaySchema = z.object({
  office: z.string().min(1).default('*'),
  date: isoDate,
  kind: z.enum(['libur_nasional', 'cuti_bersama', 'libur_lokal', 'masuk']),
  name: z.string().min(1),
  source: z.string().optional(),
});

const calendarSchema = z.object({
  office_hours: z.array(scheduleSchema).optional().default([]),
  holidays: z.array(holidaySchema).optional().default([]),
});

export interface HoursRow {
  office: string;
  schedule: string;
  valid_from: string;
  valid_to: string | null;
  weekday: number;
  start_time: string;
  end_time: string;
}
export type HolidayRow = z.infer<typeof holidaySchema>;

/** "mon-thu" → [1,2,3,4]; "fri" → [5]; "mon,wed" → [1,3]. */
function weekdays(spec: string): number[] | null {
  const out: number[] = [];
  for (const part of spec.toLowerCase().split(',')) {
    const [a, b] = part.trim().split('-');
    const i = DAY_NAMES.indexOf(a as (typeof DAY_NAMES)[number]);
    const j = b === undefined ? i : DAY_NAMES.indexOf(b as (typeof DAY_NAMES)[number]);
    if (i < 0 || j < i) return null;
    for (let d = i; d <= j; d++) out.push(d + 1);
  }
  return out;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Parses a calendar document (YAML/JSON: office_hours and holidays). */
export function parseCalendarDoc(
  doc: unknown,
  file: string,
  lang: Lang = 'id',
): { hours: HoursRow[]; holidays: HolidayRow[] } {
  const parsed = calendarSchema.safeParse(doc ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      file,
      field: i.path.join('.'),
      reason: schemaReason(i, lang, doc),
    }));
    throw new InputError(issues, issues.length, lang);
  }
  const issues: InputIssue[] = [];
  const hours: HoursRow[] = [];
  for (const s of parsed.data.office_hours) {
    const where = t(lang, 'where_schedule', { office: s.office, schedule: s.schedule });
    if (s.valid_to && s.valid_to < s.valid_from)
      issues.push({ file, field: 'valid_to', reason: `${where}: ${t(lang, 'calendar_to_before_from')}` });
    const perDay = new Map<number, Array<[number, number, string, string]>>();
    for (const [spec, ranges] of Object.entries(s.days)) {
      const days = weekdays(spec);
      if (!days) {
        issues.push({ file, field: 'days', reason: `${where}: ${t(lang, 'calendar_bad_weekday', { spec })}` });
        continue;
      }
      for (const r of ranges) {
        const [from, to] = r.split('-') as [string, string];
        const a = minutesOf(from);
        const b = minutesOf(to);
        if (!(b > a) || b > 24 * 60) {
          issues.push({ file, field: 'days', reason: `${where}: ${t(lang, 'calendar_bad_range', { range: r })}` });
          continue;
        }
        for (const d of days) {
          const list = perDay.get(d) ?? [];
          list.push([a, b, from, to]);
          perDay.set(d, list);
        }
      }
    }
    for (const [d, list] of perDay) {
      list.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < list.length; i++) {
        if (list[i]![0] < list[i - 1]![1]) {
          const day = DAY_NAMES[d - 1]!;
          issues.push({ file, field: 'days', reason: `${where}: ${t(lang, 'calendar_overlap', { day })}` });
        }
      }
      for (const [, , from, to] of list) {
        hours.push({
          office: s.office,
          schedule: s.schedule,
          valid_from: s.valid_from,
          valid_to: s.valid_to ?? null,
          weekday: d,
          start_time: from,
          end_time: to,
        });
      }
    }
  }
  if (issues.length) throw new InputError(issues, issues.length, lang);
  return { hours, holidays: parsed.data.holidays };
}

/** Parses the national holiday list (CSV: date,kind,name_id,source[,office]). */
export function parseHolidayCsv(text: string, file: string, lang: Lang = 'id'): HolidayRow[] {
  const [head, ...records] = parseCsv(text);
  const header = (head ?? []).map((h) => h.trim().toLowerCase());
  const col = (n: string) => header.indexOf(n);
  const need = ['date', 'kind'];
  const nameCol = col('name_id') >= 0 ? col('name_id') : col('name');
  const issues: InputIssue[] = [];
  for (const n of need)
    if (col(n) < 0) issues.push({ file, line: 1, field: n, reason: t(lang, 'calendar_missing_column', { col: n }) });
  if (nameCol < 0) issues.push({ file, line: 1, field: 'name_id', reason: t(lang, 'calendar_missing_name') });
  if (issues.length) throw new InputError(issues, issues.length, lang);
  const rows: HolidayRow[] = [];
  records.forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return;
    const rec = {
      office: (col('office') >= 0 ? cells[col('office')] : undefined) || '*',
      date: cells[col('date')]?.trim(),
      kind: cells[col('kind')]?.trim(),
      name: cells[nameCol]?.trim(),
      source: col('source') >= 0 ? cells[col('source')] : undefined,
    };
    const r = holidaySchema.safeParse(rec);
    if (r.success) rows.push(r.data);
    else
      for (const iss of r.error.issues)
        issues.push({ file, line: i + 2, field: String(iss.path[0] ?? ''), reason: schemaReason(iss, lang, rec) });
  });
  if (issues.length) throw new InputError(issues.slice(0, 20), issues.length, lang);
  return rows;
}

/** Reads a calendar file: `.csv` is a holiday list, `.yaml`/`.yml`/`.json` a calendar document. */
export function readCalendarFile(path: string, lang: Lang = 'id'): { hours: HoursRow[]; holidays: HolidayRow[] } {
  const file = basename(path);
  if (path.toLowerCase().endsWith('.csv'))
    return { hours: [], holidays: parseHolidayCsv(readFileSync(path, 'utf8'), file, lang) };
  return parseCalendarDoc(readStructuredFile(path, lang), file, lang);
}

/**
 * Stores calendar rows: a schedule (office, schedule) is replaced whole, a holiday (office, date)
 * replaced; then the working intervals are rebuilt.
 */
export async function loadCalendar(tx: Session, cal: { hours: HoursRow[]; holidays: HolidayRow[] }): Promise<void> {
  const schedules = [...new Set(cal.hours.map((h) => JSON.stringify([h.office, h.schedule])))].map(
    (s) => JSON.parse(s) as [string, string],
  );
  // one statement per table (a statement per row costs ~10 ms each): the rows travel as one JSON
  // parameter
  if (schedules.length) {
    await tx.run(
      `delete from office_hours where (office, schedule) in (select (x.o, x.s) from (select unnest(cast(json($j) as struct(o varchar, s varchar)[])) as x))`,
      { j: JSON.stringify(schedules.map(([o, s]) => ({ o, s }))) },
    );
  }
  if (cal.hours.length) {
    await tx.run(
      `insert into office_hours
       select x.office, x.schedule, cast(x.vf as date), cast(x.vt as date), x.wd, cast(x.st as time), cast(x.et as time)
       from (select unnest(cast(json($j) as struct(office varchar, schedule varchar, vf varchar, vt varchar, wd tinyint, st varchar, et varchar)[]), recursive := true))  as x`,
      {
        j: JSON.stringify(
          cal.hours.map((h) => ({
            office: h.office,
            schedule: h.schedule,
            vf: h.valid_from,
            vt: h.valid_to,
            wd: h.weekday,
            st: h.start_time,
            et: h.end_time,
          })),
        ),
      },
    );
  }
  if (cal.holidays.length) {
    // the last row of a date wins, as one insert per row did
    await tx.run(
      `insert into holidays
       select office, cast(d as date), arg_max(kind, i), arg_max(name, i), arg_max(source, i)
       from (select unnest(cast(json($j) as struct(office varchar, d varchar, kind varchar, name varchar, source varchar)[]), recursive := true), generate_subscripts(cast(json($j) as json[]), 1) as i)
       group by office, d
       on conflict (office, date) do update set kind = excluded.kind, name = excluded.name, source = excluded.source`,
      {
        j: JSON.stringify(
          cal.holidays.map((h) => ({
            office: h.office,
            d: h.date,
            kind: h.kind,
            name: h.name,
            source: h.source ?? null,
          })),
        ),
      },
    );
  }
  await rebuildWorkingIntervals(tx);
}

/** Recomputes `working_intervals` from offices, office_hours and holidays. */
export async function rebuildWorkingIntervals(tx: Session): Promise<void> {
  await tx.run('delete from working_intervals');
  await tx.run(`insert into working_intervals ${WORKING_INTERVALS_SQL}`);
}

/**
 * Working position of an instant: the office's working minutes from the start of its calendar up
 * to `t`. Working minutes between a and b are position(b) − position(a). This is the SQL used
 * everywhere (an ASOF join), here for one value.
 */
const POSITION_SQL = `
  select work_pos(x.t, w.start_at, w.minutes, w.cum_start) as pos
  from (select $office as office, cast($t as timestamptz) as t) x
  asof left join working_intervals w on w.office = x.office and x.t >= w.start_at`;

type Reader = Pick<Database, 'one'> | Pick<Session, 'one'>;

export async function workingPosition(db: Reader, office: string, t: string | Date): Promise<number> {
  const row = await db.one<{ pos: number }>(POSITION_SQL, { office, t: t instanceof Date ? t.toISOString() : t });
  return row!.pos;
}

/** Working minutes between two instants (negative when b is before a), in the office's calendar. */
export async function workingMinutes(db: Reader, office: string, a: string | Date, b: string | Date): Promise<number> {
  return (await workingPosition(db, office, b)) - (await workingPosition(db, office, a));
}

/**
 * The first instant at which `minutes` working minutes have passed since `t` (the due date of a
 * quota). With minutes ≤ 0 it is `t` itself.
 */
export async function addWorkingMinutes(db: Reader, office: string, t: string | Date, minutes: number): Promise<Date> {
  const ts = t instanceof Date ? t.toISOString() : t;
  if (minutes <= 0) return new Date(ts);
  const row = await db.one<{ due: Date | null }>(
    `with target as (select $office as office, (${POSITION_SQL}) + $n as pos)
     select work_instant(t.pos, w.start_at, w.minutes, w.cum_start) as due
     from target t asof left join working_intervals w on w.office = t.office and t.pos > w.cum_start`,
    { office, t: ts, n: minutes },
  );
  if (!row?.due) throw new Error(`no working time after ${ts} for office ${office} within the calendar range`);
  return row.due;
}
