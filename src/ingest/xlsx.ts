import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Database, Session } from '../db/index.js';
import { InputError } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import type { FileScan } from './lines.js';
import { normalName, quote } from './readers.js';

/**
 * XLSX (what office staff and permit systems export most often), read streaming with exceljs'
 * WorkbookReader: the first sheet, or the one named. Its first non-empty row is the header,
 * mapped to columns like a CSV header; every later non-empty row goes into a DuckDB staging table
 * as text (appender), with `line` = the row's number on the sheet, so that an error names
 * "Sheet1 baris 7". Validation and loading are then those of every format.
 *
 * Dates: a cell formatted as a date (exceljs gives a Date) and a bare number in a time column
 * (an Excel serial, 1900 date system) become "YYYY-MM-DD HH:MM:SS" without a zone: Excel
 * stores wall-clock time, and a time without zone is the office's local time, as in CSV. exceljs
 * returns that wall clock as if it were UTC, so the UTC fields of its Date are the cell's
 * digits. Text dates stay text and are parsed like CSV values.
 */

/** Time columns of the kind (normalised name → whether a bare date is allowed). */
export type TimeColumns = ReadonlyMap<string, 'timestamp' | 'timestamp_or_date'>;

export interface XlsxStaging {
  /** Temp table: line (the sheet row) and one VARCHAR column per header cell, named as written. */
  table: string;
  sheet: string;
  scan: FileScan;
}

/** Days from 1899-12-30 (Excel's day 0 once its 1900 leap-year bug is accounted for) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Wall-clock text of an instant whose UTC fields are the cell's digits; a date alone at midnight when allowed. */
export function wallClock(d: Date, dateOnly: boolean): string {
  const s = new Date(Math.round(d.getTime() / 1000) * 1000);
  const date = `${pad(s.getUTCFullYear(), 4)}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())}`;
  const midnight = s.getUTCHours() === 0 && s.getUTCMinutes() === 0 && s.getUTCSeconds() === 0;
  if (dateOnly && midnight) return date;
  return `${date} ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}:${pad(s.getUTCSeconds())}`;
}

/** An Excel serial (1900 system, fraction = time of day) as the Date exceljs would give. */
export const fromSerial = (serial: number) => new Date(Math.round((serial - EXCEL_EPOCH_DAYS) * 86_400_000));

/** A cell's value as text (null when empty); `time`: the cell is in a time column. */
function cellText(v: unknown, time: 'timestamp' | 'timestamp_or_date' | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return wallClock(v, time === 'timestamp_or_date');
  if (typeof v === 'number')
    return time && Number.isFinite(v) ? wallClock(fromSerial(v), time === 'timestamp_or_date') : String(v);
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') {
    const o = v as {
      richText?: Array<{ text: string }>;
      text?: unknown;
      result?: unknown;
      error?: string;
      formula?: string;
      sharedFormula?: string;
    };
    if (o.richText) return o.richText.map((r) => r.text).join('') || null;
    if ('result' in o || o.formula !== undefined || o.sharedFormula !== undefined) return cellText(o.result, time);
    if (o.error !== undefined) return o.error;
    if (o.text !== undefined) return cellText(o.text, time);
  }
  return String(v);
}

let stagingSeq = 0;

/**
 * Streams the sheet into a new temp table on `s`; the caller drops it. `sha`: the file's sha256
 * (computed by the loader first), carried by the scan.
 */
export async function stageXlsx(
  s: Session,
  path: string,
  opts: {
    sheet?: string | undefined;
    times: TimeColumns;
    lang: Lang;
    sha: string;
    onBytes?: ((bytes: number) => void) | undefined;
  },
): Promise<XlsxStaging> {
  const { lang } = opts;
  const file = basename(path);
  const fail = (reason: string, location?: string) => new InputError([{ file, location, reason }], 1, lang);
  const table = `xlsx_rows_${++stagingSeq}`;
  let bytes = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      cb(null, chunk);
    },
  });
  const input = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(counting);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let created = false;
  let appender: Awaited<ReturnType<Session['conn']['createAppender']>> | undefined;
  let sheet: string | undefined;
  const seen: string[] = [];
  let records = 0;
  try {
    try {
      for await (const ws of reader) {
        const name = (ws as unknown as { name?: string }).name ?? `Sheet${seen.length + 1}`;
        seen.push(name);
        const wanted = sheet === undefined && (opts.sheet === undefined || opts.sheet === name);
        // every sheet is read through (the zip streams past it), only the chosen one kept
        let header: Array<{ index: number; name: string }> | undefined;
        let types: Array<'timestamp' | 'timestamp_or_date' | undefined> = [];
        for await (const row of ws) {
          if (!wanted) continue;
          const values = row.values as unknown[];
          if (!header) {
            const names = values
              .map((v, i) => ({ index: i, name: (cellText(v, undefined) ?? '').replace(/^\uFEFF/, '').trim() }))
              .filter((h) => h.index > 0 && h.name !== '' && normalName(h.name) !== 'line'); // `line` is ours (the row)
            if (!names.length) continue;
            const at = new Map<string, string[]>();
            for (const h of names) at.set(normalName(h.name), [...(at.get(normalName(h.name)) ?? []), h.name]);
            const twice = [...at].filter(([, ns]) => ns.length > 1);
            if (twice.length) {
              const [col, ns] = twice[0]!;
              throw fail(
                t(lang, 'duplicate_column', { col, names: ns.map((n) => `"${n}"`).join(', ') }),
                `${name} ${t(lang, 'line')} ${row.number}`,
              );
            }
            header = names;
            types = names.map((h) => opts.times.get(normalName(h.name)));
            await s.run(
              `create temp table ${table} (line bigint, ${names.map((h) => `${quote(h.name)} varchar`).join(', ')})`,
            );
            created = true;
            appender = await s.conn.createAppender(table, 'main', 'temp');
            continue;
          }
          const cells = header.map((h, i) => cellText(values[h.index], types[i]));
          if (cells.every((c) => c === null || c.trim() === '')) continue;
          appender!.appendBigInt(BigInt(row.number));
          for (const c of cells) {
            if (c === null) appender!.appendNull();
            else appender!.appendVarchar(c);
          }
          appender!.endRow();
          records++;
          if (records % 50_000 === 0) appender!.flushSync();
        }
        if (wanted) sheet = name;
      }
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw fail(t(lang, 'unreadable', { detail: (err as Error).message.split('\n')[0]! }));
    }
    if (sheet === undefined) {
      if (opts.sheet !== undefined)
        throw fail(t(lang, 'xlsx_no_sheet', { sheet: opts.sheet, sheets: seen.join(', ') || '—' }));
      throw fail(t(lang, 'unreadable', { detail: 'no worksheet' }));
    }
    if (!created) throw fail(t(lang, 'empty_file'), sheet);
    appender!.closeSync();
    appender = undefined;
  } catch (err) {
    try {
      appender?.closeSync();
    } catch {
      // the error that matters is err
    }
    if (created) await s.run(`drop table if exists temp.${table}`);
    throw err;
  }
  const where = sheet;
  const locate = (row: number, field?: string) =>
    `${where} ${t(lang, 'line')} ${row}${field ? `, ${t(lang, 'field')} ${field}` : ''}`;
  return {
    table,
    sheet,
    scan: { sha: opts.sha, records, places: () => Promise.resolve({ lineOf: (r) => r, locate }) },
  };
}

/** Stages an XLSX sheet on the database's write connection (outside any transaction). */
export function stageXlsxFile(db: Database, path: string, opts: Parameters<typeof stageXlsx>[2]): Promise<XlsxStaging> {
  return db.write((w) => stageXlsx(w, path, opts));
}
