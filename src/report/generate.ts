import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { Lang } from '../i18n.js';
import { readReportData } from './data.js';
import { renderReport } from './render.js';
import type { Signatories } from './signatories.js';

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
}

export interface ReportRequest {
  office: string;
  month: string;
  lang: Lang;
  signatories?: Signatories | undefined;
}

/** Reads the figures of the office-month and renders the PDF. The same data and as-of give the same bytes. */
export async function generateReport(db: Database, req: ReportRequest): Promise<GeneratedReport> {
  const data = await readReportData(db, req.office, req.month);
  const { pdf, pages } = await renderReport(data, { lang: req.lang, signatories: req.signatories });
  return {
    office: req.office,
    month: req.month,
    lang: req.lang,
    asOfText: data.asOfText,
    asOf: data.asOf,
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    pages,
  };
}
