/**
 * Issue #25 §5: a dashboard table as XLSX (GET /api/dash/{page}/xlsx?…&section=…), read back with
 * exceljs: the page's rows in its order, column labels as headers, numbers as numbers, instants
 * as dates at the office's wall clock (Pekanbaru: WIB, UTC+7), local dates as dates, status codes
 * as words, in the caller's language.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { demoDb } from '../helpers.js';

const q = 'office=pekanbaru&period=month&month=2026-10';
let db: Database;
let app: FastifyInstance;

beforeAll(async () => {
  db = await demoDb();
  await buildSummaries(db);
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

interface PageSection {
  id: string;
  columns: { field: string; label: string; format: string }[];
  rows: Record<string, unknown>[];
}

async function workbook(
  url: string,
): Promise<{ ws: ExcelJS.Worksheet; headers: string[]; rows: unknown[][]; res: { headers: Record<string, unknown> } }> {
  const res = await app.inject({ url });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
  const rows: unknown[][] = [];
  for (let n = 3; n <= ws.rowCount; n++) rows.push(values(n));
  return { ws, headers: values(2) as string[], rows, res };
}

describe('a dashboard table as XLSX', () => {
  it("Berkas' late cases: labels as headers, the page's rows, numbers as numbers, instants at the office's wall clock, status in words", async () => {
    const page = (await app.inject({ url: `/api/dash/berkas?${q}` })).json() as { sections: PageSection[] };
    const late = page.sections.find((s) => s.id === 'late_cases')!;
    const { ws, headers, rows, res } = await workbook(`/api/dash/berkas/xlsx?${q}&section=late_cases`);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="berkas-late_cases-2026-10-01_2026-11-01.xlsx"',
    );
    expect(headers).toEqual(late.columns.map((c) => c.label));
    expect(rows.map((r) => r[0])).toEqual(late.rows.map((r) => r.case_id));
    // the first row, by hand from the page's JSON: PKU-SIKTG-2026-000211, collected, submitted
    // 2026-09-24T07:02:47Z = 14:02:47 WIB, due 2026-09-29T01:31:05Z = 08:31:05 WIB, 3327.8 of 900 minutes
    expect(late.rows[0]).toMatchObject({
      case_id: 'PKU-SIKTG-2026-000211',
      status: 'collected',
      submitted_at: '2026-09-24T07:02:47.000Z',
      due_at: '2026-09-29T01:31:05.000Z',
      elapsed_min: 3327.8,
      quota_min: 900,
      excess_min: 2427.8,
      bottleneck_step: 'S7 Validasi dan tanda tangan elektronik',
    });
    expect(rows[0]).toEqual([
      'PKU-SIKTG-2026-000211',
      'SIKTG',
      'sudah diambil',
      new Date('2026-09-24T14:02:47Z'),
      new Date('2026-09-29T08:31:05Z'),
      3327.8,
      900,
      2427.8,
      'S7 Validasi dan tanda tangan elektronik',
    ]);
    // shown as a date-time, and numbers with their decimals
    expect(ws.getCell(3, 4).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(ws.getCell(3, 6).numFmt).toBe('#,##0.0');
    expect(ws.getCell(3, 7).numFmt).toBe('#,##0');
    // the title row names the table and the period
    expect(String(ws.getCell(1, 1).value)).toContain('Oktober 2026');
  });

  it('Ringkasan: local dates as dates, working minutes as a number with the unit in the header; English headers with lang=en', async () => {
    const page = (await app.inject({ url: `/api/dash/ringkasan?${q}&lang=en` })).json() as { sections: PageSection[] };
    const letters = page.sections.find((s) => s.id === 'letters_due')!;
    const { headers, rows } = await workbook(`/api/dash/ringkasan/xlsx?${q}&lang=en&section=letters_due`);
    expect(headers).toEqual(letters.columns.map((c) => c.label));
    const due = letters.columns.findIndex((c) => c.field === 'letter_due');
    expect(rows.map((r) => r[due])).toEqual(letters.rows.map((r) => new Date(`${String(r.letter_due)}T00:00:00Z`)));
    const desks = page.sections.find((s) => s.id === 'top_desks')!;
    const x = await workbook(`/api/dash/ringkasan/xlsx?${q}&lang=en&section=top_desks`);
    const m = desks.columns.findIndex((c) => c.field === 'over_min_total');
    expect(x.headers[m]).toBe(`${desks.columns[m]!.label} (working minutes)`);
    expect(x.rows.map((r) => r[m])).toEqual(desks.rows.map((r) => r.over_min_total));
    expect(x.rows.every((r) => typeof r[m] === 'number')).toBe(true);
  });

  it('a shares column holds fractions shown as percentages (Tahapan: 53,6 % is 0.536)', async () => {
    const page = (await app.inject({ url: `/api/dash/tahapan?${q}` })).json() as { sections: PageSection[] };
    const s = page.sections.find((x) => x.id === 'step_excess')!;
    const { ws, rows } = await workbook(`/api/dash/tahapan/xlsx?${q}&section=step_excess`);
    const i = s.columns.findIndex((c) => c.field === 'within_quota_pct');
    expect(rows.map((r) => r[i])).toEqual(
      s.rows.map((r) => (r.within_quota_pct == null ? null : (r.within_quota_pct as number) / 100)),
    );
    expect(ws.getCell(3, i + 1).numFmt).toBe('0.0%');
  });

  it('a list shown a page at a time: the workbook holds all its rows, in the order of its pages', async () => {
    const url = `/api/dash/berkas?${q}&list=open&page_size=3`;
    const first = (await app.inject({ url })).json() as {
      sections: (PageSection & { pager?: { total: number; pages: number } })[];
    };
    const list = first.sections.find((s) => s.pager)!;
    expect(list.pager!.pages).toBeGreaterThan(1);
    const ids: unknown[] = [];
    for (let p = 1; p <= list.pager!.pages; p++) {
      const d = (await app.inject({ url: `${url}&page=${p}` })).json() as { sections: PageSection[] };
      ids.push(...d.sections.find((s) => s.id === list.id)!.rows.map((r) => r.case_id));
    }
    const { rows } = await workbook(`/api/dash/berkas/xlsx?${q}&list=open&page_size=3&section=${list.id}`);
    expect(ids).toHaveLength(list.pager!.total);
    expect(rows.map((r) => r[0])).toEqual(ids);
  });

  it('a table that is not on the page: 404 in both languages', async () => {
    const res = await app.inject({ url: `/api/dash/tahapan/xlsx?${q}&section=nope` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe(
      'tabel nope tidak ada di halaman tahapan / table nope is not on page tahapan',
    );
  });
});
