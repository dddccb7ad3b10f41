import { isoOrNull as iso, type Session } from '../db/index.js';
import type { OfficeService } from './filter.js';
import type { Period } from './period.js';
import { readSql } from './sql.js';

/**
 * The products waiting for collection whose letter (Jaminan Pelayanan) fell due by the end of a
 * period: one SQL file, queries/read/letters_due.sql, read by the Ringkasan page (the longest
 * waiting first) and by the monthly report (a count per service, and the letters of the month).
 */
const SQL = readSql('letters_due');

type Reader = Pick<Session, 'all'>;
type Range = Pick<Period, 'from' | 'to'>;

const params = (s: OfficeService, p: Range) => ({
  office: s.office ?? '',
  service: s.service ?? '',
  from: p.from,
  to: p.to,
});

export interface LetterDue {
  case_id: string;
  office: string;
  service: string;
  ready_at: string;
  days_waiting: number;
  letter_due: string;
}

/** The `limit` products of letters_due waiting longest (then by case), and how many there are in all. */
export async function lettersDue(
  db: Reader,
  s: OfficeService,
  p: Range,
  limit = 10,
): Promise<{ rows: LetterDue[]; total: number }> {
  const rows = await db.all<Record<string, unknown>>(
    `select l.case_id, l.office, l.service, l.ready_at, l.days_waiting, strftime(l.letter_due, '%Y-%m-%d') as letter_due,
       count(*) over () as total
     from (${SQL}) as l
     order by l.days_waiting desc, l.case_id limit $limit`,
    { ...params(s, p), limit },
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      case_id: String(r.case_id),
      office: String(r.office),
      service: String(r.service),
      ready_at: iso(r.ready_at)!,
      days_waiting: Number(r.days_waiting),
      letter_due: String(r.letter_due),
    })),
  };
}

export interface LettersDueByService {
  service: string;
  /** products of letters_due */
  waiting: number;
  /** of them, those whose letter fell due in the period itself */
  due_this_month: number;
  max_days_waiting: number;
}

/** letters_due counted per service (by service code). */
export function lettersDueByService(db: Reader, s: OfficeService, p: Range): Promise<LettersDueByService[]> {
  return db.all<LettersDueByService>(
    `select l.service, count(*) as waiting, count(*) filter (where l.due_in_period) as due_this_month,
       max(l.days_waiting) as max_days_waiting
     from (${SQL}) as l
     group by l.service order by l.service`,
    params(s, p),
  );
}

export interface LetterDueIn {
  case_id: string;
  service: string;
  /** local date (YYYY-MM-DD) the product became ready */
  ready_date: string;
  days_waiting: number;
  letter_due: string;
}

/**
 * The products of letters_due whose letter fell due in the period itself (the earlier ones were
 * listed for earlier periods), by due date then case.
 */
export function lettersDueIn(db: Reader, s: OfficeService, p: Range): Promise<LetterDueIn[]> {
  return db.all<LetterDueIn>(
    `select l.case_id, l.service, cast(l.ready_date as varchar) as ready_date, l.days_waiting,
       cast(l.letter_due as varchar) as letter_due
     from (${SQL}) as l
     where l.due_in_period
     order by l.letter_due, l.case_id`,
    params(s, p),
  );
}
