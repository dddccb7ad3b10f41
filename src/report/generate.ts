import { createHash } from 'node:crypto';
import type { Database } from '../db/index.js';
import type { Lang } from '../i18n/index.js';
import { readReportData, type ReportData } from './data.js';
import { fromJson, localDate, readLetterhead, toJson, type Approval, type Letterhead } from './letter.js';
import { renderReport } from './render.js';
import { signatoriesOn, type Signatories } from './signatories.js';

/** One generated monthly report: the PDF and what identifies it (not yet recorded). */
export interface GeneratedReport {
  office: string;
  month: string;
  lang: Lang;
  /** The data as-of instant (exact text) and as a Date. */
  asOfText: string;
  asOf: Date;
  pdf: Buffer;
  sha256: string;
  pages: number;
  /** What it was rendered from (see renderFrom): the approved copy renders again from it. */
  input: RenderInput;
}

export interface ReportRequest {
  office: string;
  month: string;
  lang: Lang;
}

/**
 * Everything one copy is drawn from: the figures, the letterhead, who signs (the catalogue's
 * Sekretaris and Kepala Dinas in office on the as-of date for a draft) and, for the approved
 * copy, its approval. Kept as JSON in the approved record (`rendered_from`).
 */
export interface RenderInput {
  lang: Lang;
  data: ReportData;
  letterhead: Letterhead;
  signatories: Signatories;
  approval: Approval | null;
}

/** Renders a copy from its input; the same input gives the same bytes. */
export async function renderFrom(input: RenderInput): Promise<{ pdf: Buffer; sha256: string; pages: number }> {
  const { pdf, pages } = await renderReport(input.data, {
    lang: input.lang,
    signatories: input.signatories,
    letterhead: input.letterhead,
    approval: input.approval,
  });
  return { pdf, pages, sha256: createHash('sha256').update(pdf).digest('hex') };
}

/** Renders the copy a record kept the input of (`rendered_from`), e.g. to check it is the same file. */
export async function renderFromJson(json: string): Promise<{ pdf: Buffer; sha256: string; pages: number }> {
  return renderFrom(fromJson<RenderInput>(json));
}

export { toJson as renderInputJson };

/** Reads the figures of the office-month and renders the draft. The same data and as-of give the same bytes. */
export async function generateReport(db: Database, req: ReportRequest): Promise<GeneratedReport> {
  const data = await readReportData(db, req.office, req.month, req.lang);
  const input: RenderInput = {
    lang: req.lang,
    data,
    letterhead: await readLetterhead(db, req.office),
    signatories: await signatoriesOn(db, req.office, localDate(data.asOf, data.office.timezone)),
    approval: null,
  };
  const { pdf, pages, sha256 } = await renderFrom(input);
  return {
    office: req.office,
    month: req.month,
    lang: req.lang,
    asOfText: data.asOfText,
    asOf: data.asOf,
    pdf,
    sha256,
    pages,
    input,
  };
}
