import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHolidayCsv, readCalendarFile, type HoursRow } from '../calendar/index.js';
import { MONTH_PATTERN } from '../vocabulary.js';
import { BadRequestError } from '../errors.js';
import { inBoth } from '../i18n/index.js';

// ---------------------------------------------------------------------------------------------
// Calendar and working time
// ---------------------------------------------------------------------------------------------

export const DAY = 86400;
export const MIN = 60;
export const TZ_OFFSETS: Readonly<Record<string, string>> = {
  'Asia/Jakarta': '+07:00',
  'Asia/Makassar': '+08:00',
  'Asia/Jayapura': '+09:00',
};

export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}

export function parseMonth(s: string): { y: number; m: number } {
  if (!MONTH_PATTERN.test(s)) throw new BadRequestError(inBoth('generate_month', { month: s }));
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)) };
}

export function monthStartDay(y: number, m: number): number {
  return Math.round(Date.UTC(y, m - 1, 1) / 86400000);
}

export let TOD: string[] | undefined;
export function tod(): string[] {
  if (!TOD) {
    TOD = new Array<string>(DAY);
    const p2 = (n: number) => (n < 10 ? '0' + n : String(n));
    for (let s = 0; s < DAY; s++)
      TOD[s] = p2(Math.floor(s / 3600)) + ':' + p2(Math.floor(s / 60) % 60) + ':' + p2(s % 60);
  }
  return TOD;
}

export class Calendar {
  readonly base: number;
  readonly len: number;
  readonly kind: Uint8Array;
  /** prefix[i] = number of working days among relative days < i */
  readonly prefix: Int32Array;
  readonly wd: Int32Array;
  readonly dom: Uint8Array;
  private readonly dayStr: (string | undefined)[];
  private readonly tod = tod();

  /** per kind of day: open, break start, break end, close (seconds of the day); kind 0: no work */
  private readonly schedule: Int32Array;

  /**
   * The working days of `years` years from `firstYear`, as the product's calendar has them
   * (SPEC §2.1): the office hours of the national schedules ('*') — on a day, the schedule with
   * the latest valid_from among those valid then, as queries' working_intervals.sql chooses —
   * and no work on a holiday. The simulation works in days of two intervals (morning and
   * afternoon); a schedule with another shape is refused.
   */
  constructor(holidays: Set<number>, hours: readonly HoursRow[], firstYear: number, years: number) {
    this.base = monthStartDay(firstYear, 1);
    this.len = monthStartDay(firstYear + years, 1) - this.base;
    this.kind = new Uint8Array(this.len);
    this.dom = new Uint8Array(this.len);
    this.prefix = new Int32Array(this.len + 1);
    this.dayStr = new Array<string | undefined>(this.len);
    const national = hours.filter((h) => h.office === '*');
    const schedules = [
      ...new Map(
        national.map((h) => [
          h.schedule,
          { schedule: h.schedule, from: dayNumber(h.valid_from), to: h.valid_to ? dayNumber(h.valid_to) : Infinity },
        ]),
      ).values(),
    ].sort((a, b) => b.from - a.from || (a.schedule < b.schedule ? -1 : 1));
    const sec = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
    // the distinct day shapes, numbered from 1 in the order met
    const shapes = new Map<string, number>();
    const table: number[] = [0, 0, 0, 0];
    const wd: number[] = [];
    for (let i = 0; i < this.len; i++) {
      const d = this.base + i;
      const dow = (d + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
      this.dom[i] = new Date(d * 86400000).getUTCDate();
      this.prefix[i] = wd.length;
      if (holidays.has(d)) continue;
      const s = schedules.find((x) => x.from <= d && d <= x.to);
      const weekday = dow === 0 ? 7 : dow; // the calendar's weekdays: 1 = Monday … 7 = Sunday
      const day = s
        ? national
            .filter((h) => h.schedule === s.schedule && h.weekday === weekday)
            .sort((a, b) => (a.start_time < b.start_time ? -1 : 1))
        : [];
      if (day.length === 0) continue;
      if (day.length !== 2)
        throw new BadRequestError(inBoth('generate_two_intervals', { schedule: s!.schedule, weekday, n: day.length }));
      const shape = [sec(day[0]!.start_time), sec(day[0]!.end_time), sec(day[1]!.start_time), sec(day[1]!.end_time)];
      const key = shape.join(',');
      if (!shapes.has(key)) {
        shapes.set(key, shapes.size + 1);
        table.push(...shape);
      }
      this.kind[i] = shapes.get(key)!;
      wd.push(i);
    }
    this.prefix[this.len] = wd.length;
    this.wd = Int32Array.from(wd);
    this.schedule = Int32Array.from(table);
  }

  private rel(d: number): number {
    const r = d - this.base;
    if (r < 0 || r >= this.len) throw new Error('date outside the simulated calendar');
    return r;
  }

  isWorking(d: number): boolean {
    return this.kind[this.rel(d)] !== 0;
  }

  /** close (end of the afternoon interval) of a working day, seconds of the day */
  closeSec(d: number): number {
    return this.schedule[(this.kind[this.rel(d)] as number) * 4 + 3] as number;
  }

  sched(d: number): [number, number, number, number] {
    const o = (this.kind[this.rel(d)] as number) * 4;
    return [
      this.schedule[o] as number,
      this.schedule[o + 1] as number,
      this.schedule[o + 2] as number,
      this.schedule[o + 3] as number,
    ];
  }

  /** t advanced by `secs` seconds of working time (t outside working time starts at the next opening) */
  addWorking(t: number, secs: number): number {
    let d = Math.floor(t / DAY);
    let s = t - d * DAY;
    let r = this.rel(d);
    const kind = this.kind;
    for (;;) {
      const k = kind[r] as number;
      if (k !== 0) {
        const o = k * 4;
        const a1 = this.schedule[o] as number,
          b1 = this.schedule[o + 1] as number,
          a2 = this.schedule[o + 2] as number,
          b2 = this.schedule[o + 3] as number;
        if (s < b1) {
          const st = s > a1 ? s : a1;
          const av = b1 - st;
          if (secs <= av) return d * DAY + st + secs;
          secs -= av;
          s = b1;
        }
        if (s < b2) {
          const st = s > a2 ? s : a2;
          const av = b2 - st;
          if (secs <= av) return d * DAY + st + secs;
          secs -= av;
        }
      }
      d++;
      r++;
      s = 0;
      if (r >= this.len) throw new Error('date outside the simulated calendar');
    }
  }

  /** working seconds in [a, b) */
  workingSecs(a: number, b: number): number {
    let total = 0;
    for (let d = Math.floor(a / DAY); d * DAY < b; d++) {
      const k = this.kind[this.rel(d)] as number;
      if (k === 0) continue;
      const o = k * 4;
      for (let j = 0; j < 4; j += 2) {
        const lo = Math.max(a, d * DAY + (this.schedule[o + j] as number));
        const hi = Math.min(b, d * DAY + (this.schedule[o + j + 1] as number));
        if (hi > lo) total += hi - lo;
      }
    }
    return total;
  }

  /** the n-th working day after day d (n ≥ 1), or d itself for n = 0 when it is a working day */
  workingDayAfter(d: number, n: number): number {
    const r = this.rel(d);
    if (n === 0 && this.kind[r] !== 0) return d;
    const idx = (this.prefix[r + 1] as number) + Math.max(1, n) - 1;
    if (idx >= this.wd.length) throw new Error('date outside the simulated calendar');
    return this.base + (this.wd[idx] as number);
  }

  /** working days in [d0, d1) */
  workingDaysIn(d0: number, d1: number): number[] {
    const out: number[] = [];
    for (let i = this.prefix[this.rel(d0)] as number; i < (this.prefix[this.rel(d1)] as number); i++)
      out.push(this.base + (this.wd[i] as number));
    return out;
  }

  /** a random instant in the working time of working day d (u in [0,1) spread over the minutes) */
  timeOnDay(d: number, u: number): number {
    const [a1, b1, a2, b2] = this.sched(d);
    const total = b1 - a1 + (b2 - a2);
    const x = Math.floor(u * total);
    return d * DAY + (x < b1 - a1 ? a1 + x : a2 + (x - (b1 - a1)));
  }

  dayOfMonth(d: number): number {
    return this.dom[this.rel(d)] as number;
  }

  dateStr(d: number): string {
    const r = this.rel(d);
    let s = this.dayStr[r];
    if (s === undefined) {
      s = new Date(d * 86400000).toISOString().slice(0, 10);
      this.dayStr[r] = s;
    }
    return s;
  }

  /** local ISO date-time without offset */
  iso(t: number): string {
    const d = Math.floor(t / DAY);
    return this.dateStr(d) + 'T' + (this.tod[t - d * DAY] as string);
  }
}

// ---------------------------------------------------------------------------------------------

/** The office hours of a calendar file (the product's reader: sample-data/calendar.yaml by default). */
export function loadHours(file: string): HoursRow[] {
  return readCalendarFile(file).hours;
}

export async function loadHolidays(file: string): Promise<Set<number>> {
  const rows = parseHolidayCsv(await readFile(file, 'utf8'), path.basename(file));
  return new Set(rows.map((r) => dayNumber(r.date)));
}
