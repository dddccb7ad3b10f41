import ExcelJS from 'exceljs';
import type { Lang } from './specs.js';
import type { Column, Section } from './pages.js';
import { codeLabels } from './labels.js';
import { dashboards, fill } from '../i18n/index.js';
import { wallClockMs } from '../calendar/index.js';

/**
 * A dashboard table as an XLSX workbook (issue #25 §5), beside its CSV: the column labels as
 * headers, numbers as numbers (shares as percentages, counts with thousands), instants and dates
 * as dates (an instant at the office's wall clock: a spreadsheet has no time zones), codes
 * (status, outcome, deadline, yes/no) as the words the page shows. The same rows as the page's
 * table, in its order.
 */
export async function sectionWorkbook(
  section: Section,
  o: { lang: Lang; timezone: string; period: string },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sla-dpmptsp';
  // a sheet name: at most 31 characters, none of : \ / ? * [ ]
  const ws = wb.addWorksheet(section.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || section.id);
  ws.addRow([`${section.title} — ${o.period}`]).font = { bold: true };
  const header = ws.addRow(section.columns.map((c) => headerOf(c, o.lang)));
  header.font = { bold: true };
  const first = ws.rowCount + 1;
  for (const r of section.rows) ws.addRow(section.columns.map((c) => cellOf(c, r[c.field], o)));
  section.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const fmt = NUM_FMT[c.format];
    if (fmt) for (let n = first; n <= ws.rowCount; n++) ws.getCell(n, i + 1).numFmt = fmt;
    col.width = Math.min(48, Math.max(10, headerOf(c, o.lang).length + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const NUM_FMT: Partial<Record<Column['format'], string>> = {
  int: '#,##0',
  dec1: '#,##0.0',
  dec2: '#,##0.00',
  dec3: '#,##0.000',
  pct: '0.0%',
  ratio: '0.0%',
  workmin: '#,##0',
  datetime: 'dd/mm/yyyy hh:mm',
  date: 'dd/mm/yyyy',
  month: 'mmmm yyyy',
};

/** A column's header: its label, with the unit when the cell holds a bare number of working minutes. */
function headerOf(c: Column, lang: Lang): string {
  return c.format === 'workmin' ? fill(dashboards[lang].workMinutesColumn, { label: c.label }) : c.label;
}

function cellOf(c: Column, v: unknown, o: { lang: Lang; timezone: string }): ExcelJS.CellValue {
  if (v == null || v === '') return null;
  switch (c.format) {
    case 'int':
    case 'dec1':
    case 'dec2':
    case 'dec3':
    case 'ratio':
    case 'workmin':
      return Number(v);
    case 'pct':
      return Number(v) / 100;
    case 'datetime':
      return wallClock(new Date(String(v)), o.timezone);
    case 'date':
    case 'month':
      return new Date(`${String(v).slice(0, 10)}T00:00:00Z`);
    case 'bool':
      return codeLabels[o.lang].bool[v ? 'true' : 'false'];
    case 'status':
    case 'outcome':
    case 'deadline':
      return codeLabels[o.lang][c.format][String(v)] ?? String(v);
    default:
      return String(v);
  }
}

/** The instant at the office's wall clock, as the UTC date a spreadsheet shows as it is. */
function wallClock(at: Date, timezone: string): Date {
  return new Date(wallClockMs(at, timezone));
}
