import { isoOrNull as iso, type Database, type Session } from '../db/index.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { period } from '../sla/index.js';
import { DATE_PATTERN, MONTH_PATTERN } from '../vocabulary.js';
import { inBoth, t, type Lang } from '../i18n/index.js';

/**
 * The complaint register (Buku Pengaduan) read for people: open complaints with their age and
 * deadline status as of an instant, the monthly Laporan Pengaduan, the resolution rates, and the
 * purge of complainant identities. The figures themselves are the views of queries/
 * (complaint_register, complaint_resolution); this module only selects and shapes them.
 */

type Reader = Pick<Session, 'all' | 'one'>;

export type DeadlineStatus = 'on_time' | 'due_soon' | 'overdue';

export interface OpenComplaint {
  complaint_id: string;
  received_at: string;
  channel: string;
  category: string;
  subject: string | null;
  service: string | null;
  case_id: string | null;
  stage: string;
  handled_by: string | null;
  /** working time since receipt, in hari kerja of the office's calendar (one decimal kept) */
  age_working_days: number;
  respond_due_at: string | null;
  resolve_due_at: string | null;
  legal_due_at: string | null;
  responded: boolean;
  deadline_status: DeadlineStatus;
  escalation_owner: string;
  escalation_label: string;
  /** stable pseudonym of the complainant (personal data stays in `complainants`) */
  complainant: string | null;
}

export interface ComplaintMonthly {
  office: string;
  month: string;
  as_of: string;
  received: number;
  resolved: number;
  in_process: number;
  overdue: number;
  rate: number | null;
  ytd: { received: number; resolved: number; rate: number | null; target: number; meets_target: boolean | null };
  by_channel: { channel: string; received: number; resolved: number; rate: number | null }[];
  by_category: { category: string; received: number; resolved: number; rate: number | null }[];
  open: OpenComplaint[];
}

const ESCALATION: Record<string, { id: string; en: string }> = {
  handling_officer: { id: 'Petugas yang menangani', en: 'Handling officer' },
  head_of_division_with_kepala_dinas: {
    id: 'Kepala Bidang bersama Kepala Dinas',
    en: 'Head of division with the Kepala Dinas',
  },
  kepala_dinas_with_walikota_sekda: {
    id: 'Kepala Dinas bersama Walikota/Sekda',
    en: 'Kepala Dinas with the Walikota/Sekda',
  },
};

export function escalationLabel(owner: string, lang: Lang = 'id'): string {
  return ESCALATION[owner]?.[lang] ?? owner;
}

/** First local day of the month and of the next one. */
function monthBounds(month: string): { from: string; to: string } {
  if (!MONTH_PATTERN.test(month)) throw new BadRequestError(inBoth('month_format', { month }));
  return period({ month })!;
}

/**
 * The as-of instant of an office's month: its end (the last microsecond, office time) or, while
 * the month runs, the office's latest complaint or transition if earlier. `latestEventAt` is the
 * office's latest transition when the caller knows it already (null: none), else it is read from
 * office_extent.
 */
export async function monthAsOf(
  s: Reader,
  office: string,
  month: string,
  latestEventAt?: string | null,
): Promise<string> {
  const { to } = monthBounds(month);
  const events =
    latestEventAt === undefined
      ? '(select last_at from office_extent where office = $office)'
      : 'cast($event as timestamptz)';
  const row = await s.one<{ end_at: Date; latest: Date | null }>(
    `select timezone(o.timezone, cast(cast($date as date) as timestamp)) - interval 1 microsecond as end_at,
       greatest(${events}, (select max(stage_at) from complaints where office = $office)) as latest
     from offices o where o.office = $office`,
    latestEventAt === undefined ? { office, date: to } : { office, date: to, event: latestEventAt },
  );
  if (!row) throw new NotFoundError(inBoth('office_not_found', { office }));
  const end = row.end_at;
  return (row.latest && row.latest < end ? row.latest : end).toISOString();
}

/** The latest data instant of an office (its last complaint change or transition). */
export async function latestAsOf(s: Reader, office: string): Promise<string> {
  const row = await s.one<{ latest: Date | null; known: number }>(
    `select greatest((select last_at from office_extent where office = $office), (select max(stage_at) from complaints where office = $office)) as latest,
       (select count(*) from offices where office = $office) as known`,
    { office },
  );
  if (!row?.known) throw new NotFoundError(inBoth('office_not_found', { office }));
  return (row.latest ?? new Date(0)).toISOString();
}

/**
 * Complaints of an office not resolved at `asOf` (received by then; resolved later or not yet),
 * with their stage at that instant, age in hari kerja and deadline status: overdue past the
 * office's own resolve target, due_soon within its last hari kerja, else on_time.
 */
export async function openComplaints(
  s: Reader,
  office: string,
  asOf: string,
  lang: Lang = 'id',
): Promise<OpenComplaint[]> {
  const rows = await s.all<Record<string, unknown>>(
    `with
     cutoff as (select cast($asof as timestamptz) as t),
     register as (
        select r.* from complaint_register as r, cutoff
        where r.office = $office and r.received_at <= cutoff.t and (r.resolved_at is null or r.resolved_at > cutoff.t)
     ),
     stage_then as (
        select c.complaint_id, arg_max(c.stage, c.stage_at) as stage, arg_max(c.handled_by, c.stage_at) filter (where c.handled_by is not null) as handled_by
        from complaints as c, cutoff
        where c.office = $office and c.stage_at <= cutoff.t
        group by c.complaint_id
     ),
     -- the office's working intervals from a month before its earliest open complaint to the as-of
     -- instant only (the calendar runs 2000–2040): the ASOF joins below then sort a few hundred rows
     wi as (
        select w.* from working_intervals as w, cutoff
        where w.office = $office and w.start_at <= cutoff.t
          and w.start_at >= coalesce((select min(received_at) from register), cutoff.t) - interval 31 day
     ),
     positions as (
        select r.complaint_id, work_pos(r.received_at, w.start_at, w.minutes, w.cum_start) as received_pos
        from register as r
        asof left join wi as w on w.office = r.office and r.received_at >= w.start_at
     ),
     now_pos as (
        select work_pos(cutoff.t, w.start_at, w.minutes, w.cum_start) as pos
        from cutoff asof left join wi as w on w.office = $office and cutoff.t >= w.start_at
     )
     select
        r.complaint_id, r.received_at, r.channel, r.category, r.subject, r.service, r.case_id,
        coalesce(st.stage, 'diterima') as stage, st.handled_by, r.respond_due_at, r.resolve_due_at, r.legal_resolve_due_at,
        r.responded_at is not null and r.responded_at <= (select t from cutoff) as responded,
        r.escalation_owner, r.complainant,
        round((n.pos - p.received_pos) / o.day_minutes, 1) as age_working_days,
        case
            when (select t from cutoff) > r.resolve_due_at then 'overdue'
            when n.pos > p.received_pos + (r.resolve_workdays - 1) * o.day_minutes then 'due_soon'
            else 'on_time'
        end as deadline_status
     from register as r
     join positions as p on p.complaint_id = r.complaint_id
     left join stage_then as st on st.complaint_id = r.complaint_id
     join offices as o on o.office = r.office
     cross join now_pos as n
     order by r.received_at, r.complaint_id`,
    { office, asof: asOf },
  );
  return rows.map((r) => ({
    complaint_id: String(r.complaint_id),
    received_at: iso(r.received_at)!,
    channel: String(r.channel),
    category: String(r.category),
    subject: (r.subject as string | null) ?? null,
    service: (r.service as string | null) ?? null,
    case_id: (r.case_id as string | null) ?? null,
    stage: String(r.stage),
    handled_by: (r.handled_by as string | null) ?? null,
    age_working_days: Number(r.age_working_days ?? 0),
    respond_due_at: iso(r.respond_due_at),
    resolve_due_at: iso(r.resolve_due_at),
    legal_due_at: iso(r.legal_resolve_due_at),
    responded: Boolean(r.responded),
    deadline_status: r.deadline_status as DeadlineStatus,
    escalation_owner: String(r.escalation_owner),
    escalation_label: escalationLabel(String(r.escalation_owner), lang),
    complainant: (r.complainant as string | null) ?? null,
  }));
}

export interface ResolutionRow {
  office: string;
  year: number;
  month: string;
  channel: string | null;
  category: string | null;
  received: number;
  resolved: number;
  rate: number | null;
  ytd_received: number;
  ytd_resolved: number;
  ytd_rate: number | null;
  target: number;
  meets_target: boolean | null;
}

/** Rows of complaint_resolution: overall rows, or the rows of one channel / category (or all channels / categories). */
export async function resolutionRows(
  s: Reader,
  q: {
    office?: string | undefined;
    year?: number | undefined;
    /** first day of one month (YYYY-MM-01) */
    month?: string | undefined;
    channel?: string | undefined;
    category?: string | undefined;
    by?: 'overall' | 'channel' | 'category' | 'all' | undefined;
  },
): Promise<ResolutionRow[]> {
  const conds: string[] = [];
  const params: Record<string, string | number> = {};
  if (q.office) {
    conds.push('office = $office');
    params.office = q.office;
  }
  if (q.year) {
    conds.push('year = $year');
    params.year = q.year;
  }
  if (q.month) {
    conds.push('month = cast($month as date)');
    params.month = q.month;
  }
  if (q.channel) {
    conds.push('channel = $channel and category is null');
    params.channel = q.channel;
  } else if (q.category) {
    conds.push('category = $category and channel is null');
    params.category = q.category;
  } else if (q.by === 'channel') conds.push('channel is not null');
  else if (q.by === 'category') conds.push('category is not null');
  else if (q.by !== 'all') conds.push('channel is null and category is null');
  const rows = await s.all<Record<string, unknown>>(
    `select * from complaint_resolution where ${['true', ...conds].join(' and ')} order by office, month, channel nulls first, category nulls first`,
    params,
  );
  return rows.map((r) => ({
    office: String(r.office),
    year: Number(r.year),
    month: r.month instanceof Date ? r.month.toISOString().slice(0, 10) : String(r.month),
    channel: (r.channel as string | null) ?? null,
    category: (r.category as string | null) ?? null,
    received: Number(r.received),
    resolved: Number(r.resolved),
    rate: r.rate == null ? null : Number(r.rate),
    ytd_received: Number(r.ytd_received),
    ytd_resolved: Number(r.ytd_resolved),
    ytd_rate: r.ytd_rate == null ? null : Number(r.ytd_rate),
    target: Number(r.target),
    meets_target: r.meets_target == null ? null : Boolean(r.meets_target),
  }));
}

/**
 * The monthly Laporan Pengaduan of an office (seed 000: checked by the Sekretaris, passed to the
 * Kepala Dinas): received and resolved in the month, in process and overdue at its end, by
 * channel and category, year to date against the target, and the complaints still open.
 */
export async function complaintMonthly(
  db: Reader,
  office: string,
  month: string,
  lang: Lang = 'id',
): Promise<ComplaintMonthly> {
  const { from } = monthBounds(month);
  const asOf = await monthAsOf(db, office, month);
  const rows = await resolutionRows(db, { office, month: from, by: 'all' });
  const overall = rows.find((r) => r.channel === null && r.category === null);
  // a month outside the office's span of data has no rows: nothing received, the office's target
  const target =
    overall?.target ??
    (await db.one<{ target: number }>('select complaint_target as target from offices where office = $office', {
      office,
    }))!.target;
  const open = await openComplaints(db, office, asOf, lang);
  return {
    office,
    month,
    as_of: asOf,
    received: overall?.received ?? 0,
    resolved: overall?.resolved ?? 0,
    in_process: open.length,
    overdue: open.filter((o) => o.deadline_status === 'overdue').length,
    rate: overall?.rate ?? null,
    ytd: {
      received: overall?.ytd_received ?? 0,
      resolved: overall?.ytd_resolved ?? 0,
      rate: overall?.ytd_rate ?? null,
      target,
      meets_target: overall?.meets_target ?? null,
    },
    by_channel: rows
      .filter((r) => r.channel !== null)
      .map((r) => ({ channel: r.channel!, received: r.received, resolved: r.resolved, rate: r.rate })),
    by_category: rows
      .filter((r) => r.category !== null)
      .map((r) => ({ category: r.category!, received: r.received, resolved: r.resolved, rate: r.rate })),
    open,
  };
}

/**
 * Erases the identity (name, contact) of complainants whose complaint was resolved before
 * `before` (the retention period has run out); the register, its pseudonyms and every figure
 * stay. Returns how many identities were erased.
 */
/**
 * The instant before which resolved complaints lose their complainant's identity: `before` (a
 * date, UTC midnight) when given, else `days` before `now`. Throws a message naming the option,
 * in `lang` (the command's --lang).
 */
export function purgeCutoff(o: { days: string; before?: string | undefined; now?: Date; lang?: Lang }): Date {
  const lang = o.lang ?? 'id';
  if (o.before !== undefined) {
    const before = new Date(`${o.before}T00:00:00Z`);
    if (!DATE_PATTERN.test(o.before) || Number.isNaN(before.getTime()))
      throw new Error(t(lang, 'option_not_date', { option: '--before', value: o.before }));
    return before;
  }
  const days = Number(o.days);
  if (!(Number.isInteger(days) && days > 0))
    throw new Error(t(lang, 'option_not_positive', { option: '--retention-days', value: o.days }));
  return new Date((o.now ?? new Date()).getTime() - days * 86_400_000);
}

export async function purgeComplainants(db: Database, before: Date): Promise<{ purged: number }> {
  return db.transaction(async (tx) => {
    const purged = await tx.run(
      `update complainants set name = null, contact = null, purged_at = now()
       where purged_at is null
         and exists (
           select 1 from complaint_register as r
           where r.office = complainants.office and r.complaint_id = complainants.complaint_id
             and r.resolved_at < cast($before as timestamptz)
         )`,
      { before: before.toISOString() },
    );
    return { purged };
  });
}
