import type { Database } from '../db/index.js';
import { AppError, errorIn } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { assertReportMonth, currentReport } from './archive.js';
import { localDate } from './letter.js';
import { wallClockMs } from '../calendar/index.js';
import { addMonths } from '../vocabulary.js';

/**
 * Automatic drafts (issue #22 part 3): from an office's first working day of a month (its own
 * calendar, `working_intervals`) the service records the previous month's draft, so the
 * Sekretaris finds it waiting. Checked when the service starts and then at each office's next
 * local midnight. Idempotent through the archive: a month that has any report record (a draft,
 * checked, returned, approved …) is left alone, so a second pass or a restart adds nothing; and
 * "from the first working day" rather than "on it" means a service that was down that day makes
 * the draft when it starts. A month without data is skipped with its reason in the log, never
 * recorded empty.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` after `ms`; `fn`'s promise settles when the pass it runs has finished. */
  setTimer(fn: () => Promise<void>, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (fn, ms) => {
    const h = setTimeout(() => void fn(), ms);
    h.unref(); // never keeps the process alive on its own
    return h;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The instant of the next local midnight after `now` in a time zone (a fixed-offset zone, as Indonesia's are). */
export function nextLocalMidnight(now: Date, timezone: string): Date {
  const wall = wallClockMs(now, timezone);
  const offset = wall - Math.floor(now.getTime() / 1000) * 1000;
  const day = new Date(wall);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1) - offset);
}

export interface DraftOutcome {
  office: string;
  month: string;
  outcome: 'recorded' | 'exists' | 'skipped' | 'not_yet';
  report_id?: number;
  reason?: string;
}

/** One pass over every office at `now` (see the module comment); what it did, per office. */
export async function makeDueDrafts(db: Database, now: Date, lang: Lang = 'id'): Promise<DraftOutcome[]> {
  const offices = await db.all<{ office: string; timezone: string }>(
    'select office, timezone from offices order by office',
  );
  const out: DraftOutcome[] = [];
  for (const o of offices) {
    const today = localDate(now, o.timezone);
    const month = addMonths(today.slice(0, 7), -1);
    const first = await db.one<{ d: string | null }>(
      `select strftime(min(local_date), '%Y-%m-%d') as d from working_intervals
       where office = $office and local_date >= cast($from as date) and local_date < cast($from as date) + interval 1 month`,
      { office: o.office, from: `${today.slice(0, 7)}-01` },
    );
    if (!first?.d || today < first.d) {
      out.push({
        office: o.office,
        month,
        outcome: 'not_yet',
        reason: first?.d ? `first working day ${first.d}` : 'no working day this month',
      });
      continue;
    }
    const kept = await db.one<{ id: number }>(
      'select max(report_id) as id from reports where office = $office and month = $month and lang = $lang',
      { office: o.office, month, lang },
    );
    if (kept?.id != null) {
      out.push({ office: o.office, month, outcome: 'exists', report_id: kept.id });
      continue;
    }
    try {
      await assertReportMonth(db, { office: o.office, month, lang }, now);
      const { record } = await currentReport(db, { office: o.office, month, lang }, now);
      out.push({ office: o.office, month, outcome: 'recorded', report_id: record.report_id });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({ office: o.office, month, outcome: 'skipped', reason: err.message });
    }
  }
  return out;
}

/**
 * Starts the automatic drafts: a pass now, then one at the soonest next local midnight of the
 * offices, and so on. `ready` settles after the first pass; `stop` cancels the next one. Passes
 * never overlap. The clock is injectable (tests drive it without waiting). `lang`: the drafts'
 * language; `logLang`: the log's (the service's SLA_LANG).
 */
export function startDraftScheduler(
  db: Database,
  opts: { log: (line: string) => void; clock?: Clock; lang?: Lang; logLang?: Lang },
): { ready: Promise<void>; stop(): void } {
  const logLang = opts.logLang ?? 'id';
  const clock = opts.clock ?? systemClock;
  let timer: unknown;
  let stopped = false;
  const pass = async (): Promise<void> => {
    const now = clock.now();
    try {
      for (const r of await makeDueDrafts(db, now, opts.lang)) {
        const of = { office: r.office, month: r.month };
        if (r.outcome === 'recorded') opts.log(t(logLang, 'drafts_recorded', { ...of, report: r.report_id ?? '' }));
        if (r.outcome === 'skipped') opts.log(t(logLang, 'drafts_skipped', { ...of, reason: r.reason ?? '' }));
      }
    } catch (err) {
      opts.log(t(logLang, 'drafts_failed', { detail: errorIn(err as Error, logLang) }));
    }
    if (stopped) return;
    const zones = await db
      .all<{ timezone: string }>('select distinct timezone from offices')
      .catch(() => [{ timezone: 'Asia/Jakarta' }]);
    const next = Math.min(
      ...zones.map((z) => nextLocalMidnight(now, z.timezone).getTime()),
      now.getTime() + 86_400_000,
    );
    timer = clock.setTimer(pass, Math.max(1000, next - now.getTime() + 1000));
  };
  const ready = pass();
  return {
    ready,
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimer(timer);
    },
  };
}
