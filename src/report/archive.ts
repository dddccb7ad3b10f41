import { blobValue } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import { AppError, BadRequestError } from '../errors.js';
import { generateReport, type ReportRequest } from './generate.js';

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
 * generated one, recorded as a draft (or the latest draft when the bytes are the same). Each
 * PDF is stored in the record (a BLOB), so an approved copy outlives later data changes and an
 * auditor can verify a copy by its sha256.
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

/** The report to serve for an office-month (see the module comment), generating and recording a draft when needed. */
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
  const record = await db.transaction(async (tx) => {
    const draft = await latestWith(tx, key, 'draft');
    if (draft && draft.sha256 === g.sha256) return draft.report_id;
    await tx.run(`update reports set status = 'superseded' where office = $office and month = $month and lang = $lang and status = 'draft'`, key);
    const id = (await tx.one<{ id: number }>("select nextval('report_seq') as id"))!.id;
    await tx.run(
      `insert into reports (report_id, office, month, lang, as_of, sha256, bytes, pages, generated_at, status, pdf)
       values ($id, $office, $month, $lang, cast($as_of as timestamptz), $sha256, $bytes, $pages, now(), 'draft', $pdf)`,
      { id, ...key, as_of: g.asOfText, sha256: g.sha256, bytes: g.pdf.length, pages: g.pages, pdf: blobValue(g.pdf) },
    );
    return id;
  });
  return { record: (await getReport(db, record))!, pdf: g.pdf };
}

async function getReport(db: Pick<Database, 'one'>, id: number): Promise<ReportRecord | undefined> {
  return db.one<ReportRecord>(`select ${COLUMNS} from reports where report_id = $id`, { id });
}

/**
 * The Sekretaris's decision on the current draft: `checked`, or `returned` with a note (the next
 * request regenerates). `by` is who decided; with access control (issue #11) it comes from the
 * authenticated token and the role `sekretaris` is required.
 */
export async function checkReport(db: Database, key: Key, input: { by: string; decision: 'checked' | 'returned'; note?: string | undefined; sha256?: string | undefined }): Promise<ReportRecord> {
  if (input.decision === 'returned' && !input.note?.trim()) throw new BadRequestError('a report sent back needs a note saying what to correct');
  const id = await db.transaction(async (tx) => {
    const draft = await latestWith(tx, key, 'draft');
    if (!draft) throw new ReportStateError(`no draft report of ${key.office} ${key.month} (${key.lang}) to check: generate it first`);
    if (input.sha256 && input.sha256 !== draft.sha256) throw new ReportStateError(`the draft of ${key.office} ${key.month} is ${draft.sha256}, not ${input.sha256}: it was regenerated, check the new copy`);
    await tx.run(`update reports set status = $status, checked_by = $by, checked_at = now(), note = $note where report_id = $id`, {
      status: input.decision,
      by: input.by,
      note: input.note ?? null,
      id: draft.report_id,
    });
    return draft.report_id;
  });
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
