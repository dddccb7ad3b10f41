import { DuckDBInstance, DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { Binary, Bool, DateDay, Float32, Float64, Int16, Int32, Int64, Int8, makeData, makeVector, Table, tableToIPC, TimeMicrosecond, TimestampMicrosecond, Uint16, Uint32, Uint64, Uint8, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField } from '../csv.js';
import type { AuditorResult } from './engine.js';
import { ident } from './relations.js';

/** Output formats of auditor SQL; `table` is the command line's text table. */
export const SQL_FORMATS = ['json', 'csv', 'arrow', 'parquet', 'table'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

export const CONTENT_TYPES: Record<SqlFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
  table: 'text/plain; charset=utf-8',
};

/** The JSON document of a result: `{ columns, rows, row_count, truncated, query_id }`. */
export function resultJson(r: AuditorResult): { columns: AuditorResult['columns']; rows: Array<Record<string, unknown>>; row_count: number; truncated: boolean; query_id: number } {
  const rows = r.json.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
  return { columns: r.columns, rows, row_count: rows.length, truncated: r.truncated, query_id: r.queryId };
}

function text(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Encodes a result in a format (Parquet through a private DuckDB instance). */
export async function encodeResult(r: AuditorResult, format: SqlFormat): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(JSON.stringify(resultJson(r), null, 2) + '\n');
    case 'csv': {
      // RFC 4180: one header row, CRLF, quoted only where needed; values as DuckDB writes them, text
      // (and the header, which a PIVOT takes from values) neutralised against spreadsheet formulas
      const isText = r.types.map((type) => type.typeId === DuckDBTypeId.VARCHAR);
      const lines = [r.columns.map((c) => csvField(c.name, true)).join(','), ...r.json.map((row) => row.map((v, i) => (v === null || v === undefined ? '' : csvField(text(v), isText[i]))).join(','))];
      return Buffer.from(lines.join('\r\n') + '\r\n');
    }
    case 'arrow':
      return Buffer.from(tableToIPC(arrowTable(r), 'stream'));
    case 'parquet':
      return parquet(r);
    case 'table':
      return Buffer.from(textTable(r));
  }
}

function textTable(r: AuditorResult): string {
  const cells = [r.columns.map((c) => c.name), ...r.json.map((row) => row.map((v) => (v === null ? 'NULL' : text(v))))];
  const widths = r.columns.map((_, i) => Math.min(60, Math.max(...cells.map((row) => row[i]!.length))));
  const line = (row: string[]) => row.map((v, i) => (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!))).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const tail = `(${r.json.length} rows${r.truncated ? ', truncated at the row limit' : ''})`;
  return [line(cells[0]!), sep, ...cells.slice(1).map(line), tail].join('\n') + '\n';
}

/** A fixed-width Arrow column built from DuckDB values (exact 64-bit integers and microseconds). */
function fixed<T extends DataType>(type: T, values: DuckDBValue[], Ctor: BigInt64ArrayConstructor | BigUint64ArrayConstructor | Int32ArrayConstructor, get: (v: DuckDBValue) => bigint | number): Vector<T> {
  const n = values.length;
  const data = new Ctor(n);
  const nullBitmap = new Uint8Array(Math.ceil(n / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) {
      nullCount++;
      return;
    }
    (data as unknown as Array<bigint | number>)[i] = get(v);
    nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return makeVector(makeData({ type, length: n, nullCount, nullBitmap, data } as never)) as Vector<T>;
}

function micros(v: DuckDBValue): bigint {
  return (v as { micros: bigint }).micros;
}

/** One Arrow column for a DuckDB column; types without an Arrow twin here become UTF-8 text (JSON for nested values). */
function arrowColumn(type: DuckDBType, values: DuckDBValue[], json: unknown[]): Vector {
  const t = type.toString();
  const ints: Record<string, DataType> = { TINYINT: new Int8(), SMALLINT: new Int16(), INTEGER: new Int32(), UTINYINT: new Uint8(), USMALLINT: new Uint16(), UINTEGER: new Uint32() };
  if (t === 'BOOLEAN') return vectorFromArray(json as Array<boolean | null>, new Bool());
  if (ints[t]) return vectorFromArray(json as Array<number | null>, ints[t]);
  if (t === 'BIGINT') return fixed(new Int64(), values, BigInt64Array, (v) => v as bigint);
  if (t === 'UBIGINT') return fixed(new Uint64(), values, BigUint64Array, (v) => v as bigint);
  if (t === 'FLOAT') return vectorFromArray(values as Array<number | null>, new Float32());
  if (t === 'DOUBLE') return vectorFromArray(values as Array<number | null>, new Float64());
  if (t.startsWith('DECIMAL')) return vectorFromArray(json.map((v) => (v === null ? null : Number(v))), new Float64());
  if (t === 'DATE') return fixed(new DateDay(), values, Int32Array, (v) => (v as { days: number }).days);
  if (t === 'TIMESTAMP WITH TIME ZONE') return fixed(new TimestampMicrosecond('UTC'), values, BigInt64Array, micros);
  if (t === 'TIMESTAMP') return fixed(new TimestampMicrosecond(), values, BigInt64Array, micros);
  if (t === 'TIME') return fixed(new TimeMicrosecond(), values, BigInt64Array, micros);
  if (t === 'BLOB') return vectorFromArray(values.map((v) => (v === null ? null : (v as { bytes: Uint8Array }).bytes)), new Binary());
  return vectorFromArray(json.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))), new Utf8());
}

function arrowTable(r: AuditorResult): Table {
  const columns: Record<string, Vector> = {};
  r.columns.forEach((c, i) => {
    columns[c.name] = arrowColumn(r.types[i]!, r.values.map((row) => row[i]!), r.json.map((row) => row[i]));
  });
  return new Table(columns);
}

/**
 * Parquet: the sandbox may not write files, so the result is appended, with its DuckDB types,
 * to a table of a private in-memory instance of the engine (no auditor SQL ever runs there),
 * which writes it to a temporary file.
 */
async function parquet(r: AuditorResult): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'sla-parquet-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    await conn.run(`create table result (${r.columns.map((c, i) => `${ident(c.name)} ${r.types[i]!.toString()}`).join(', ')})`);
    const appender = await conn.createAppender('result');
    for (const row of r.values) {
      row.forEach((v, i) => appender.appendValue(v, r.types[i]));
      appender.endRow();
    }
    appender.closeSync();
    const file = join(dir, 'result.parquet');
    await conn.run(`copy result to '${file.replaceAll("'", "''")}' (format parquet)`);
    return readFileSync(file);
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
