import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { InputError } from '../../src/errors.js';
import { loadFile, type LoadOptions } from '../../src/ingest/load.js';
import { fromSerial, wallClock } from '../../src/ingest/xlsx.js';
import { count, openTestDb } from '../helpers.js';

/**
 * XLSX input (issue #22): the workbooks are written here with exceljs' own writer. pekanbaru is
 * WIB (UTC+7), so a wall-clock time of the sheet is 7 hours ahead of the stored UTC instant.
 * Excel serial 46181 is 2026-06-08 (days since 1899-12-30, checked: date(2026,6,8) −
 * date(1899,12,30) = 46181 days); .3541666… of a day is 08:30.
 */

let db: Database;
let dir: string;

beforeAll(async () => {
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'sla-xlsx-'));
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Cell = string | number | Date | null | { date: Date; numFmt: string };
const HEADER = ['case_id', 'office', 'service', 'step', 'event', 'at', 'officer', 'note'];

/** Writes a workbook: sheets in order, each a list of rows (the first one the header). */
async function workbook(name: string, sheets: Array<{ name: string; rows: Cell[][] }>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) {
      const row = ws.addRow(r.map((c) => (c && typeof c === 'object' && 'numFmt' in c ? c.date : c)));
      r.forEach((c, i) => {
        if (c && typeof c === 'object' && 'numFmt' in c) row.getCell(i + 1).numFmt = c.numFmt;
      });
    }
  }
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const stored = (caseId: string) =>
  db.all<{ step: string; event: string; at: string; officer: string | null }>(
    `select step, event, strftime("at", '%Y-%m-%dT%H:%M:%SZ') as "at", officer from events where case_id = $c order by "at", step, event`,
    { c: caseId },
  );
const load = (path: string, opts: Partial<LoadOptions> = {}) => loadFile(db, { kind: 'events', path, ...opts });
const refused = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected an InputError');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    },
  );

describe('Excel serials and wall clocks', () => {
  it.each([
    // [serial, date allowed alone, expected text]
    [46181, false, '2026-06-08 00:00:00'],
    [46181, true, '2026-06-08'],
    [46181 + 8.5 / 24, false, '2026-06-08 08:30:00'],
    // 0.1 s before 08:30 in floating point rounds to the second
    [46181 + 8.5 / 24 - 0.1 / 86400, true, '2026-06-08 08:30:00'],
  ])('serial %s (date alone: %s) → %s', (serial, dateOnly, text) => {
    expect(wallClock(fromSerial(serial), dateOnly)).toBe(text);
  });
});

describe('XLSX events', () => {
  it('date serials, Date cells, text dates and numbers load as local office time', async () => {
    const path = await workbook('events.xlsx', [
      {
        name: 'Ekspor',
        rows: [
          HEADER,
          // a bare serial in the time column: 2026-06-08 08:30 WIB → 01:30Z
          ['X-1', 'pekanbaru', 'SIKTG', 'S1', 'start', 46181 + 8.5 / 24, null, null],
          // a date-formatted cell: exceljs writes the Date's UTC fields as the wall clock 08:45 → 01:45Z
          [
            'X-1',
            'pekanbaru',
            'SIKTG',
            'S1',
            'complete',
            { date: new Date(Date.UTC(2026, 5, 8, 8, 45)), numFmt: 'yyyy-mm-dd hh:mm' },
            null,
            null,
          ],
          [],
          // text dates as in CSV, with and without offset; a number as officer → "1234"
          ['X-1', 'pekanbaru', 'SIKTG', 'S2', 'start', '2026-06-08 09:00', 1234, null],
          ['X-1', 'pekanbaru', 'SIKTG', 'S2', 'complete', '2026-06-08T09:30:00+07:00', 1234, 'ok'],
        ],
      },
    ]);
    const r = await load(path);
    // 4 rows: the blank row 4 holds no record
    expect(r).toMatchObject({ status: 'committed', rowsRead: 4, accepted: 4, duplicates: 0 });
    expect(await stored('X-1')).toEqual([
      { step: 'S1', event: 'start', at: '2026-06-08T01:30:00Z', officer: null },
      { step: 'S1', event: 'complete', at: '2026-06-08T01:45:00Z', officer: null },
      { step: 'S2', event: 'start', at: '2026-06-08T02:00:00Z', officer: '1234' },
      { step: 'S2', event: 'complete', at: '2026-06-08T02:30:00Z', officer: '1234' },
    ]);
    // the same workbook again: loaded before
    expect((await load(path)).status).toBe('already_loaded');
  });

  it('a chosen sheet; the first sheet by default', async () => {
    const path = await workbook('two-sheets.xlsx', [
      { name: 'Catatan', rows: [['keterangan'], ['bukan data']] },
      { name: 'Data', rows: [HEADER, ['X-2', 'pekanbaru', 'SIKTG', 'S1', 'start', '2026-06-09 08:00', null, null]] },
    ]);
    const first = await refused(load(path, { dryRun: true }));
    expect(first.issues[0]).toMatchObject({ file: 'two-sheets.xlsx', line: 1, field: 'case_id' });
    const r = await load(path, { sheet: 'Data' });
    expect(r).toMatchObject({ status: 'committed', accepted: 1 });
    expect(await stored('X-2')).toEqual([{ step: 'S1', event: 'start', at: '2026-06-09T01:00:00Z', officer: null }]);
    const none = await refused(load(path, { sheet: 'Sheet9' }));
    expect(none.issues).toEqual([
      {
        file: 'two-sheets.xlsx',
        location: undefined,
        reason: 'lembar "Sheet9" tidak ada (lembar yang ada: Catatan, Data)',
      },
    ]);
  });

  it.each([
    {
      name: 'a bad event on sheet row 3',
      rows: [
        HEADER,
        ['X-3', 'pekanbaru', 'SIKTG', 'S1', 'start', '2026-06-10 08:00'],
        ['X-3', 'pekanbaru', 'SIKTG', 'S1', 'selesai', '2026-06-10 08:05'],
      ],
      issue: {
        file: 'bad.xlsx',
        location: 'Data baris 3, kolom event',
        reason: 'jenis kejadian "selesai" tidak dikenal (start, complete, return, resubmit, notify, collect, cancel)',
      },
    },
    {
      // the blank row 3 is skipped; the row numbers are the sheet's, not the records'
      name: 'an unreadable text date on row 4 after a blank row',
      rows: [
        HEADER,
        ['X-3', 'pekanbaru', 'SIKTG', 'S1', 'start', '2026-06-10 08:00'],
        [],
        ['X-3', 'pekanbaru', 'SIKTG', 'S1', 'complete', '10 Juni'],
      ],
      issue: {
        file: 'bad.xlsx',
        location: 'Data baris 4, kolom at',
        reason: 'waktu "10 Juni" tidak dapat dibaca (format ISO 8601: YYYY-MM-DD HH:MM[:SS][±HH:MM])',
      },
    },
    {
      name: 'a column twice in the header',
      rows: [
        [...HEADER, 'Officer'],
        ['X-3', 'pekanbaru', 'SIKTG', 'S1', 'start', '2026-06-10 08:00'],
      ],
      issue: {
        file: 'bad.xlsx',
        location: 'Data baris 1',
        reason: 'kolom "officer" muncul lebih dari sekali di baris judul ("officer", "Officer"); hapus salah satunya',
      },
    },
  ])('$name: refused, naming sheet and row; nothing loaded', async ({ rows, issue }) => {
    const path = await workbook('bad.xlsx', [{ name: 'Data', rows }]);
    const before = await count(db, 'events');
    const err = await refused(load(path));
    expect(err.issues).toEqual([issue]);
    expect(err.message).toContain(`bad.xlsx, ${issue.location}: `);
    expect(await count(db, 'events')).toBe(before);
  });

  it('not a workbook: unreadable, named', async () => {
    const path = join(dir, 'fake.xlsx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'case_id,office\n');
    const err = await refused(load(path));
    expect(err.issues[0]!.file).toBe('fake.xlsx');
    expect(err.issues[0]!.reason).toMatch(/^berkas tidak dapat dibaca: /);
  });
});
