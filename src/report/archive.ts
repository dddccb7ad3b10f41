import { blobValue } from '@duckdb/node-api';
import type { Database, Session } from '../db/index.js';
import { AppError, BadRequestError, type Message, NotFoundError } from '../errors.js';
import { inBoth, t } from '../i18n/index.js';
import { createHash } from 'node:crypto';
import {
  generateReport,
  renderFrom,
  renderInputJson,
  type GeneratedReport,
  type RenderInput,
  type ReportRequest,
} from './generate.js';
import { fromJson, localDate, reportNumber } from './letter.js';
import { signatoriesOn } from './signatories.js';

/**
 * The record of every generated report (table `reports`) and its sign-off (seed 000: the
 * Sekretaris checks, the Kepala Dinas receives):
 *
 *   draft ──check──▶ checked ──approve──▶ approved (archived; served from then on)
 *     │  └─return (with a note)──▶ returned; the next request regenerates a new draft
 *     └─ a newer draft with other bytes (the data changed) ──▶ superseded
 *
 * What is served for an office, month and language: the approved copy if there is one; else the
 * copy the Sekretaris checked (so the Kepala Dinas approves exactly that file); else a freshly
 * generated one, the draft. A read never writes (issue 23): the draft served over HTTP is not
 * recorded; the Sekretaris's decision records the copy she read (the rendering of that moment,
 * which must have the sha256 she names). `sla report` records its draft (a deliberate
 * generation, which `sla reports verify` then finds). Each recorded PDF is stored in the record
 * (a BLOB), so an approved copy outlives later data changes and an auditor can verify a copy by
 * its sha256. Only the months an office has data for have a report (see reportMonths), and
 * never a month that has not begun.
 *
 * The approved copy is not the checked file: approving renders the checked copy's input again
 * (kept with every record, `rendered_from`) with the approval — no DRAF mark, who checked and who
 * approved, the report number and a verification line — and the record then holds that file and
 * its sha256; `checked_sha256` keeps the digest of the copy the Sekretaris checked. The approved
 * copy renders again from `rendered_from` to the same bytes.
 */
export type ReportStatus = 'draft' | 'checked' | 'returned' | 'approved' | 'superseded';

export interface ReportRecord {
  report_id: number;
  office: string;
  month: string;
  lang: string;
  as_of: Date;
  sha256: string;
  bytes: number;
  pages: number;
  generated_at: Date;
  status: ReportStatus;
  checked_by: string | null;
  checked_at: Date | null;
  note: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  checked_sha256: string | null;
  report_no: string | null;
}

export class ReportStateError extends AppError {
  constructor(message: Message) {
    super('CONFLICT', 409, message);
  }
}

const COLUMNS =
  'report_id, office, month, lang, as_of, sha256, bytes, pages, generated_at, status, checked_by, checked_at, note, approved_by, approved_at, checked_sha256, report_no';

type Key = { office: string; month: string; lang: string };

async function latestWith(
  db: Pick<Database, 'one'>,
  key: Key,
  status: ReportStatus,
): Promise<(ReportRecord & { pdf: Buffer; rendered_from: string | null }) | undefined> {
  return db.one<ReportRecord & { pdf: Buffer; rendered_from: string | null }>(
    `select ${COLUMNS}, pdf, rendered_from from reports where office = $office and month = $month and lang = $lang and status = $status order by report_id desc limit 1`,
    { ...key, status },
  );
}

/**
 * The months of an office's data, in its time zone: from its first transition, complaint or
 * survey response to its latest (null when it has none). A report of a month outside them would
 * be empty; it is not generated.
 */
export async function reportMonths(
  db: Pick<Database, 'one'>,
  office: string,
): Promise<{ first: string; last: string } | null> {
  const row = await db.one<{ first: string | null; last: string | null }>(
    `with spans as (
       select first_at as a, last_at as b from office_extent where office = $office
       union all select min(received_at), max(greatest(received_at, stage_at)) from complaints where office = $office
       union all select min(submitted_at), max(submitted_at) from survey_responses where office = $office)
     select strftime(timezone(o.timezone, min(s.a)), '%Y-%m') as first, strftime(timezone(o.timezone, max(s.b)), '%Y-%m') as last
     from offices o, spans s where o.office = $office group by o.timezone`,
    { office },
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/** The month (YYYY-MM) an instant falls in, in a time zone. */
function monthIn(at: Date, timezone: string): string {
  return localDate(at, timezone).slice(0, 7);
}

/**
 * 404 for an office not in the catalogue, a month that has not begun in the office's time zone,
 * an office without data, or a month before its data or after them (1999-01, next year), each
 * with a message saying which. `now` is the clock (tests inject it).
 */
export async function assertReportMonth(
  db: Pick<Database, 'one'>,
  req: Pick<ReportRequest, 'office' | 'month' | 'lang'>,
  now: Date = new Date(),
): Promise<void> {
  const known = await db.one<{ office: string; timezone: string }>(
    'select office, timezone from offices where office = $office',
    { office: req.office },
  );
  if (!known) throw new NotFoundError(inBoth('office_not_in_catalogue', { office: req.office }));
  const current = monthIn(now, known.timezone);
  if (req.month > current)
    throw new NotFoundError(t(req.lang, 'report_future', { office: req.office, month: req.month, current }));
  const span = await reportMonths(db, req.office);
  if (!span) throw new NotFoundError(t(req.lang, 'report_no_data', { office: req.office, month: req.month }));
  if (req.month < span.first)
    throw new NotFoundError(t(req.lang, 'report_before_data', { office: req.office, month: req.month, ...span }));
  if (req.month > span.last)
    throw new NotFoundError(t(req.lang, 'report_month_unknown', { office: req.office, month: req.month, ...span }));
}

/** What a reader is served (see the module comment): a kept copy, or the draft rendered now and not recorded. */
export async function servedReport(
  db: Database,
  req: ReportRequest,
  now: Date = new Date(),
): Promise<{ record: ReportRecord | null; status: ReportStatus; sha256: string; pdf: Buffer }> {
  const key = { office: req.office, month: req.month, lang: req.lang };
  for (const status of ['approved', 'checked'] as const) {
    const kept = await latestWith(db, key, status);
    if (kept) {
      const { pdf, rendered_from: _, ...record } = kept;
      return { record, status, sha256: record.sha256, pdf };
    }
  }
  await assertReportMonth(db, req, now);
  const g = await generateReport(db, req);
  return { record: null, status: 'draft', sha256: g.sha256, pdf: g.pdf };
}

/** Records a generated copy with a status (the same draft kept when its bytes are the same); returns its id. */
async function record(
  tx: Session,
  key: Key,
  g: GeneratedReport,
  status: 'draft' | 'checked' | 'returned',
  decision?: { by: string; note: string | null; at: Date },
): Promise<number> {
  const draft = await latestWith(tx, key, 'draft');
  let id: number;
  if (draft && draft.sha256 === g.sha256) id = draft.report_id;
  else {
    await tx.run(
      `update reports set status = 'superseded' where office = $office and month = $month and lang = $lang and status = 'draft'`,
      key,
    );
    id = (await tx.one<{ id: number }>("select nextval('report_seq') as id"))!.id;
    await tx.run(
      `insert into reports (report_id, office, month, lang, as_of, sha256, bytes, pages, generated_at, status, pdf, rendered_from)
       values ($id, $office, $month, $lang, cast($as_of as timestamptz), $sha256, $bytes, $pages, now(), 'draft', $pdf, $from)`,
      {
        id,
        ...key,
        as_of: g.asOfText,
        sha256: g.sha256,
        bytes: g.pdf.length,
        pages: g.pages,
        pdf: blobValue(g.pdf),
        from: renderInputJson(g.input),
      },
    );
  }
  if (decision)
    await tx.run(
      `update reports set status = $status, checked_by = $by, checked_at = cast($at as timestamptz), note = $note where report_id = $id`,
      { status, by: decision.by, note: decision.note, at: decision.at.toISOString(), id },
    );
  return id;
}

/**
 * `sla report`: the report to hand out for an office-month, generating and recording a draft
 * when no checked or approved copy exists (a deliberate generation, not a read).
 */
export async function currentReport(
  db: Database,
  req: ReportRequest,
  now: Date = new Date(),
): Promise<{ record: ReportRecord; pdf: Buffer }> {
  const key = { office: req.office, month: req.month, lang: req.lang };
  for (const status of ['approved', 'checked'] as const) {
    const kept = await latestWith(db, key, status);
    if (kept) {
      const { pdf, rendered_from: _, ...record } = kept;
      return { record, pdf };
    }
  }
  // a month in the future or without data is refused, never recorded as an empty draft
  await assertReportMonth(db, req, now);
  const g = await generateReport(db, req);
  const id = await db.transaction((tx) => record(tx, key, g, 'draft'));
  return { record: (await getReport(db, id))!, pdf: g.pdf };
}

async function getReport(db: Pick<Database, 'one'>, id: number): Promise<ReportRecord | undefined> {
  return db.one<ReportRecord>(`select ${COLUMNS} from reports where report_id = $id`, { id });
}

/**
 * The Sekretaris's decision on the current draft: `checked`, or `returned` with a note (the next
 * request renders it again). The draft is the one a reader is served now (rendered again here,
 * the same bytes for the same data); it is recorded with the decision. `sha256`, when given, is
 * the copy that was read: refused if the draft has changed since. `by` is who decided; with
 * access control (issue #11) it comes from the authenticated token and the role `sekretaris` is
 * required.
 */
export async function checkReport(
  db: Database,
  req: ReportRequest,
  input: { by: string; decision: 'checked' | 'returned'; note?: string | undefined; sha256?: string | undefined },
  now: Date = new Date(),
): Promise<ReportRecord> {
  if (input.decision === 'returned' && !input.note?.trim()) throw new BadRequestError(inBoth('report_needs_note'));
  const key = { office: req.office, month: req.month, lang: req.lang };
  for (const status of ['approved', 'checked'] as const) {
    if (await latestWith(db, key, status))
      throw new ReportStateError(
        inBoth('report_already', { office: key.office, month: key.month, lang: key.lang, status }),
      );
  }
  await assertReportMonth(db, req, now);
  const g = await generateReport(db, req);
  if (input.sha256 && input.sha256 !== g.sha256)
    throw new ReportStateError(
      inBoth('report_draft_changed', { office: key.office, month: key.month, actual: g.sha256, given: input.sha256 }),
    );
  const id = await db.transaction((tx) =>
    record(tx, key, g, input.decision, { by: input.by, note: input.note ?? null, at: now }),
  );
  return (await getReport(db, id))!;
}

/**
 * The Kepala Dinas approves the checked report: its input is rendered again with the approval
 * (see the module comment) and the record holds that copy from then on, served even if the data
 * change. `by` as for checkReport (role `kepala_dinas`); `now` is the approval instant (tests
 * inject it).
 */
export async function approveReport(
  db: Database,
  key: Key,
  input: { by: string; sha256?: string | undefined },
  now: Date = new Date(),
): Promise<ReportRecord> {
  const id = await db.transaction(async (tx) => {
    const checked = await latestWith(tx, key, 'checked');
    if (!checked)
      throw new ReportStateError(
        inBoth('report_none_checked', { office: key.office, month: key.month, lang: key.lang }),
      );
    if (input.sha256 && input.sha256 !== checked.sha256)
      throw new ReportStateError(
        inBoth('report_checked_differs', {
          office: key.office,
          month: key.month,
          actual: checked.sha256,
          given: input.sha256,
        }),
      );
    if (!checked.rendered_from) throw new ReportStateError(inBoth('report_checked_old', { id: checked.report_id }));
    const source = fromJson<RenderInput>(checked.rendered_from);
    const tz = source.data.office.timezone;
    const checkedAt = checked.checked_at!;
    const input2: RenderInput = {
      ...source,
      approval: {
        report_id: checked.report_id,
        report_no: reportNumber(checked.report_id, key.office, key.month),
        checked_sha256: checked.sha256,
        checked: {
          at: checkedAt.toISOString(),
          by: (await signatoriesOn(tx, key.office, localDate(checkedAt, tz))).sekretaris,
        },
        approved: { at: now.toISOString(), by: (await signatoriesOn(tx, key.office, localDate(now, tz))).kepala_dinas },
      },
    };
    const copy = await renderFrom(input2);
    await tx.run(
      `update reports set status = 'approved', approved_by = $by, approved_at = cast($at as timestamptz), checked_sha256 = sha256, report_no = $no,
         sha256 = $sha256, bytes = $bytes, pages = $pages, pdf = $pdf, rendered_from = $from
       where report_id = $id`,
      {
        by: input.by,
        at: now.toISOString(),
        no: input2.approval!.report_no,
        sha256: copy.sha256,
        bytes: copy.pdf.length,
        pages: copy.pages,
        pdf: blobValue(copy.pdf),
        from: renderInputJson(input2),
        id: checked.report_id,
      },
    );
    return checked.report_id;
  });
  return (await getReport(db, id))!;
}

/** The input a recorded copy was rendered from (JSON), to render it again; null when it has none. */
export async function renderedFrom(db: Pick<Database, 'one'>, reportId: number): Promise<string | null> {
  return (
    (
      await db.one<{ f: string | null }>('select rendered_from as f from reports where report_id = $id', {
        id: reportId,
      })
    )?.f ?? null
  );
}

/** The stored PDF of a record. */
export async function reportPdf(db: Pick<Database, 'one'>, reportId: number): Promise<Buffer | undefined> {
  return (await db.one<{ pdf: Buffer }>('select pdf from reports where report_id = $id', { id: reportId }))?.pdf;
}

export type Verdict = 'approved' | 'not_approved' | 'unknown';

/**
 * Is this file an approved copy? Found by its sha256: `approved` when it is the approved copy of
 * a record; `not_approved` when it is a recorded draft, checked, returned or superseded copy
 * (also the checked copy of a report approved since: the approved copy is another file);
 * `unknown` otherwise (e.g. a draft read over HTTP, never recorded, or a changed file).
 */
export async function verifyCopy(
  db: Pick<Database, 'all'>,
  pdf: Buffer,
): Promise<{ sha256: string; verdict: Verdict; record: ReportRecord | null }> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const rows = await db.all<ReportRecord>(
    `select ${COLUMNS} from reports where sha256 = $s or checked_sha256 = $s order by (status = 'approved' and sha256 = $s) desc, report_id desc`,
    { s: sha256 },
  );
  const r = rows[0];
  if (!r) return { sha256, verdict: 'unknown', record: null };
  return { sha256, verdict: r.status === 'approved' && r.sha256 === sha256 ? 'approved' : 'not_approved', record: r };
}

/** Report records, newest first; filters by office, month, status or sha256 (to verify a copy). */
export async function listReports(
  db: Pick<Database, 'all'>,
  f: {
    office?: string | undefined;
    month?: string | undefined;
    status?: string | undefined;
    sha256?: string | undefined;
  } = {},
): Promise<ReportRecord[]> {
  const conds = ['true'];
  const params: Record<string, string> = {};
  for (const k of ['office', 'month', 'status', 'sha256'] as const) {
    const v = f[k];
    if (v) {
      conds.push(`${k} = $${k}`);
      params[k] = v;
    }
  }
  return db.all<ReportRecord>(
    `select ${COLUMNS} from reports where ${conds.join(' and ')} order by report_id desc`,
    params,
  );
}

export type MonthState = 'none' | 'draft' | 'checked' | 'returned' | 'approved';

/**
 * The report of every month of an office's data (up to the current month), newest first: its
 * state — none yet recorded, draft, checked, returned (with the note), approved — with the
 * record that says who and when, and its history (every record of the month, newest first).
 */
export async function reportStates(
  db: Pick<Database, 'one' | 'all'>,
  office: string,
  lang: string,
  now: Date = new Date(),
): Promise<{ month: string; state: MonthState; record: ReportRecord | null; history: ReportRecord[] }[]> {
  const o = await db.one<{ timezone: string }>('select timezone from offices where office = $office', { office });
  if (!o) throw new NotFoundError(inBoth('office_not_in_catalogue', { office }));
  const span = await reportMonths(db, office);
  if (!span) return [];
  const current = monthIn(now, o.timezone);
  const last = span.last < current ? span.last : current;
  const records = await db.all<ReportRecord>(
    `select ${COLUMNS} from reports where office = $office and lang = $lang order by report_id desc`,
    { office, lang },
  );
  const out: { month: string; state: MonthState; record: ReportRecord | null; history: ReportRecord[] }[] = [];
  let [y, m] = last.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < span.first) break;
    const history = records.filter((r) => r.month === month);
    const approved = history.find((r) => r.status === 'approved');
    const latest = approved ?? history.find((r) => r.status !== 'superseded') ?? null;
    out.push({ month, state: (latest?.status as MonthState | undefined) ?? 'none', record: latest, history });
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}
