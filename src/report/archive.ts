import { blobValue } from '@duckdb/node-api';
import type { Database, Session } from '../db/database.js';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { t } from '../i18n.js';
import { generateReport, type GeneratedReport, type ReportRequest } from './generate.js';

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
 * its sha256. Only the months an office has data for have a report (see reportMonths).
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
}

export class ReportStateError extends AppError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

const COLUMNS = 'report_id, office, month, lang, as_of, sha256, bytes, pages, generated_at, status, checked_by, checked_at, note, approved_by, approved_at';

type Key = { office: string; month: string; lang: string };

async function latestWith(db: Pick<Database, 'one'>, key: Key, status: ReportStatus): Promise<(ReportRecord & { pdf: Buffer }) | undefined> {
  return db.one<ReportRecord & { pdf: Buffer }>(
    `select ${COLUMNS}, pdf from reports where office = $office and month = $month and lang = $lang and status = $status order by report_id desc limit 1`,
    { ...key, status },
  );
}

/**
 * The months of an office's data, in its time zone: from its first transition, complaint or
 * survey response to its latest (null when it has none). A report of a month outside them would
 * be empty; it is not generated.
 */
export async function reportMonths(db: Pick<Database, 'one'>, office: string): Promise<{ first: string; last: string } | null> {
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

/** 404 for an office not in the catalogue, or a month before its data or after them (1999-01, next year). */
export async function assertReportMonth(db: Pick<Database, 'one'>, req: Pick<ReportRequest, 'office' | 'month' | 'lang'>): Promise<void> {
  const known = await db.one<{ office: string }>('select office from offices where office = $office', { office: req.office });
  if (!known) throw new NotFoundError(`office "${req.office}" is not in the catalogue`);
  const span = await reportMonths(db, req.office);
  if (!span) throw new NotFoundError(t(req.lang, 'report_no_data', { office: req.office, month: req.month }));
  if (req.month < span.first || req.month > span.last) throw new NotFoundError(t(req.lang, 'report_month_unknown', { office: req.office, month: req.month, ...span }));
}

/** What a reader is served (see the module comment): a kept copy, or the draft rendered now and not recorded. */
export async function servedReport(db: Database, req: ReportRequest): Promise<{ record: ReportRecord | null; status: ReportStatus; sha256: string; pdf: Buffer }> {
  const key = { office: req.office, month: req.month, lang: req.lang };
  for (const status of ['approved', 'checked'] as const) {
    const kept = await latestWith(db, key, status);
    if (kept) {
      const { pdf, ...record } = kept;
      return { record, status, sha256: record.sha256, pdf };
    }
  }
  await assertReportMonth(db, req);
  const g = await generateReport(db, req);
  return { record: null, status: 'draft', sha256: g.sha256, pdf: g.pdf };
}

/** Records a generated copy with a status (the same draft kept when its bytes are the same); returns its id. */
async function record(tx: Session, key: Key, g: GeneratedReport, status: 'draft' | 'checked' | 'returned', decision?: { by: string; note: string | null }): Promise<number> {
  const draft = await latestWith(tx, key, 'draft');
  let id: number;
  if (draft && draft.sha256 === g.sha256) id = draft.report_id;
  else {
    await tx.run(`update reports set status = 'superseded' where office = $office and month = $month and lang = $lang and status = 'draft'`, key);
    id = (await tx.one<{ id: number }>("select nextval('report_seq') as id"))!.id;
    await tx.run(
      `insert into reports (report_id, office, month, lang, as_of, sha256, bytes, pages, generated_at, status, pdf)
       values ($id, $office, $month, $lang, cast($as_of as timestamptz), $sha256, $bytes, $pages, now(), 'draft', $pdf)`,
      { id, ...key, as_of: g.asOfText, sha256: g.sha256, bytes: g.pdf.length, pages: g.pages, pdf: blobValue(g.pdf) },
    );
  }
  if (decision) await tx.run(`update reports set status = $status, checked_by = $by, checked_at = now(), note = $note where report_id = $id`, { status, by: decision.by, note: decision.note, id });
  return id;
}

/**
 * `sla report`: the report to hand out for an office-month, generating and recording a draft
 * when no checked or approved copy exists (a deliberate generation, not a read).
 */
export async function currentReport(db: Database, req: ReportRequest): Promise<{ record: ReportRecord; pdf: Buffer }> {
  const key = { office: req.office, month: req.month, lang: req.lang };
  for (const status of ['approved', 'checked'] as const) {
    const kept = await latestWith(db, key, status);
    if (kept) {
      const { pdf, ...record } = kept;
      return { record, pdf };
    }
  }
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
export async function checkReport(db: Database, req: ReportRequest, input: { by: string; decision: 'checked' | 'returned'; note?: string | undefined; sha256?: string | undefined }): Promise<ReportRecord> {
  if (input.decision === 'returned' && !input.note?.trim()) throw new BadRequestError('a report sent back needs a note saying what to correct');
  const key = { office: req.office, month: req.month, lang: req.lang };
  for (const status of ['approved', 'checked'] as const) {
    if (await latestWith(db, key, status)) throw new ReportStateError(`the report of ${key.office} ${key.month} (${key.lang}) is already ${status}`);
  }
  await assertReportMonth(db, req);
  const g = await generateReport(db, req);
  if (input.sha256 && input.sha256 !== g.sha256) throw new ReportStateError(`the draft of ${key.office} ${key.month} is ${g.sha256}, not ${input.sha256}: the data changed since it was read, check the new copy`);
  const id = await db.transaction((tx) => record(tx, key, g, input.decision, { by: input.by, note: input.note ?? null }));
  return (await getReport(db, id))!;
}

/** The Kepala Dinas approves the checked report; it is archived and served from then on. `by` as for checkReport (role `kepala_dinas`). */
export async function approveReport(db: Database, key: Key, input: { by: string }): Promise<ReportRecord> {
  const id = await db.transaction(async (tx) => {
    const checked = await latestWith(tx, key, 'checked');
    if (!checked) throw new ReportStateError(`no report of ${key.office} ${key.month} (${key.lang}) checked by the Sekretaris awaits approval`);
    await tx.run(`update reports set status = 'approved', approved_by = $by, approved_at = now() where report_id = $id`, { by: input.by, id: checked.report_id });
    return checked.report_id;
  });
  return (await getReport(db, id))!;
}

/** Report records, newest first; filters by office, month, status or sha256 (to verify a copy). */
export async function listReports(db: Pick<Database, 'all'>, f: { office?: string | undefined; month?: string | undefined; status?: string | undefined; sha256?: string | undefined } = {}): Promise<ReportRecord[]> {
  const conds = ['true'];
  const params: Record<string, string> = {};
  for (const k of ['office', 'month', 'status', 'sha256'] as const) {
    const v = f[k];
    if (v) {
      conds.push(`${k} = $${k}`);
      params[k] = v;
    }
  }
  return db.all<ReportRecord>(`select ${COLUMNS} from reports where ${conds.join(' and ')} order by report_id desc`, params);
}
