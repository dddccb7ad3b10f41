import { DuckDBInstance, DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import {
  Binary,
  Bool,
  DateDay,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  TimeMicrosecond,
  TimestampMicrosecond,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField } from '../csv.js';
import { ident } from './relations.js';

import type { SqlFormat } from '../vocabulary.js';
import type { AuditorResult } from './result.js';

export const CONTENT_TYPES: Record<SqlFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  arrow: 'application/vnd.apache.arrow.stream',
  parquet: 'application/vnd.apache.parquet',
  table: 'text/plain; charset=utf-8',
};

/** The JSON document of a result: `{ columns, rows, row_count, truncated, query_id }`. */
export function resultJson(r: AuditorResult): {
  columns: AuditorResult['columns'];
  rows: Array<Record<string, unknown>>;
  row_count: number;
  truncated: boolean;
  query_id: number;
} {
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
      const lines = [
        r.columns.map((c) => csvField(c.name, true)).join(','),
        ...r.json.map((row) =>
          row.map((v, i) => (v === null || v === undefined ? '' : csvField(text(v), isText[i]))).join(','),
        ),
      ];
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
  const line = (row: string[]) =>
    row.map((v, i) => (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!))).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const tail = `(${r.json.length} rows${r.truncated ? ', truncated at the row limit' : ''})`;
  return [line(cells[0]!), sep, ...cells.slice(1).map(line), tail].join('\n') + '\n';
}

/** A fixed-width Arrow column built from DuckDB values (exact 64-bit integers and microseconds). */
function fixed<T extends DataType>(
  type: T,
  values: DuckDBValue[],
  Ctor: BigInt64ArrayConstructor | BigUint64ArrayConstructor | Int32ArrayConstructor,
  get: (v: DuckDBValue) => bigint | number,
): Vector<T> {
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

/**
 * One Arrow column for a DuckDB column; types without an Arrow twin here become UTF-8 text (JSON for nested values).
 */
function arrowColumn(type: DuckDBType, values: DuckDBValue[], json: unknown[]): Vector {
  const t = type.toString();
  const ints: Record<string, DataType> = {
    TINYINT: new Int8(),
    SMALLINT: new Int16(),
    INTEGER: new Int32(),
    UTINYINT: new Uint8(),
    USMALLINT: new Uint16(),
    UINTEGER: new Uint32(),
  };
  if (t === 'BOOLEAN') return vectorFromArray(json as Array<boolean | null>, new Bool());
  if (ints[t]) return vectorFromArray(json as Array<number | null>, ints[t]);
  if (t === 'BIGINT') return fixed(new Int64(), values, BigInt64Array, (v) => v as bigint);
  if (t === 'UBIGINT') return fixed(new Uint64(), values, BigUint64Array, (v) => v as bigint);
  if (t === 'FLOAT') return vectorFromArray(values as Array<number | null>, new Float32());
  if (t === 'DOUBLE') return vectorFromArray(values as Array<number | null>, new Float64());
  if (t.startsWith('DECIMAL'))
    return vectorFromArray(
      json.map((v) => (v === null ? null : Number(v))),
      new Float64(),
    );
  if (t === 'DATE') return fixed(new DateDay(), values, Int32Array, (v) => (v as { days: number }).days);
  if (t === 'TIMESTAMP WITH TIME ZONE') return fixed(new TimestampMicrosecond('UTC'), values, BigInt64Array, micros);
  if (t === 'TIMESTAMP') return fixed(new TimestampMicrosecond(), values, BigInt64Array, micros);
  if (t === 'TIME') return fixed(new TimeMicrosecond(), values, BigInt64Array, micros);
  if (t === 'BLOB')
    return vectorFromArray(
      values.map((v) => (v === null ? null : (v as { bytes: Uint8Array }).bytes)),
      new Binary(),
    );
  return vectorFromArray(
    json.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))),
    new Utf8(),
  );
}

function arrowTable(r: Pick<AuditorResult, 'columns' | 'types' | 'values' | 'json'>): Table {
  const columns: Record<string, Vector> = {};
  r.columns.forEach((c, i) => {
    columns[c.name] = arrowColumn(
      r.types[i]!,
      r.values.map((row) => row[i]!),
      r.json.map((row) => row[i]),
    );
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
    await conn.run(
      `create table result (${r.columns.map((c, i) => `${ident(c.name)} ${r.types[i]!.toString()}`).join(', ')})`,
    );
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

/** Why a written result stopped short: the row limit, the byte limit, or null (complete). */
export type Truncation = 'rows' | 'bytes' | null;

/** One chunk of a result as DuckDB hands it (≤ 2048 rows), in both value forms. */
export interface ResultChunk {
  values: DuckDBValue[][];
  json: unknown[][];
}

export interface ResultHead {
  queryId: number;
  columns: AuditorResult['columns'];
  types: DuckDBType[];
}

interface End {
  rows: number;
  truncated: Truncation;
}

/**
 * A format written a chunk at a time. `rowByRow`: `encode` is called for one row at a time (text
 * formats), so that the byte limit cuts between rows; else for a run of rows, halved until it fits.
 */
interface Encoder {
  rowByRow: boolean;
  /** Called once, with the first chunk (empty for an empty result). */
  head(first: ResultChunk): string | Uint8Array;
  encode(c: ResultChunk, from: number, to: number, first: boolean): string | Uint8Array;
  tail(end: End): string | Uint8Array;
}

const bytesOf = (b: string | Uint8Array) => (typeof b === 'string' ? Buffer.byteLength(b) : b.length);
const TRUNCATED_TEXT: Record<Exclude<Truncation, null>, string> = {
  rows: 'truncated at the row limit',
  bytes: 'truncated at the byte limit',
};

function encoder(format: Exclude<SqlFormat, 'parquet'>, h: ResultHead): Encoder {
  const isText = h.types.map((type) => type.typeId === DuckDBTypeId.VARCHAR);
  switch (format) {
    case 'json':
      // the document of resultJson(), its rows one per line
      return {
        rowByRow: true,
        head: () => `{"columns":${JSON.stringify(h.columns)},"rows":[`,
        encode: (c, i, _to, first) =>
          `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(h.columns.map((col, k) => [col.name, c.json[i]![k]])))}`,
        tail: (e) =>
          `\n],"row_count":${e.rows},"truncated":${e.truncated !== null},"truncated_by":${JSON.stringify(e.truncated)},"query_id":${h.queryId}}\n`,
      };
    case 'csv':
      return {
        rowByRow: true,
        head: () => h.columns.map((c) => csvField(c.name, true)).join(',') + '\r\n',
        encode: (c, i) =>
          c.json[i]!.map((v, k) => (v === null || v === undefined ? '' : csvField(text(v), isText[k]))).join(',') +
          '\r\n',
        tail: () => '',
      };
    case 'table': {
      // column widths from the first chunk (the whole result is never held)
      let widths: number[] = [];
      const line = (row: string[]) =>
        row
          .map((v, i) => (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!)))
          .join(' │ ');
      const cells = (row: unknown[]) => row.map((v) => (v === null ? 'NULL' : text(v)));
      return {
        rowByRow: true,
        head: (first) => {
          const names = h.columns.map((c) => c.name);
          widths = names.map((n, i) =>
            Math.min(60, Math.max(n.length, ...first.json.map((row) => cells(row)[i]!.length))),
          );
          return `${line(names)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`;
        },
        encode: (c, i) => `${line(cells(c.json[i]!))}\n`,
        tail: (e) => `(${e.rows} rows${e.truncated ? `, ${TRUNCATED_TEXT[e.truncated]}` : ''})\n`,
      };
    }
    case 'arrow':
      // an IPC stream: the schema message once, a record batch per chunk, the end-of-stream marker
      return {
        rowByRow: false,
        head: () => new Uint8Array(0),
        encode: (c, from, to, first) => {
          const ipc = tableToIPC(
            arrowTable({
              columns: h.columns,
              types: h.types,
              values: c.values.slice(from, to),
              json: c.json.slice(from, to),
            }),
            'stream',
          );
          // each encoding is a whole stream: schema message (continuation marker, metadata length,
          // metadata), batch, end marker; the schema only once, the end marker by the tail
          const schema = 8 + new DataView(ipc.buffer, ipc.byteOffset).getInt32(4, true);
          return ipc.subarray(first ? 0 : schema, ipc.length - 8);
        },
        tail: () => Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0),
      };
  }
}

/**
 * Writes a result to `path` as it comes, a chunk at a time, up to `maxRows` rows and `maxBytes`
 * bytes (the text formats stop between rows, Arrow between record batches; the JSON document
 * and the text table end with the count and why they stopped). Memory holds one chunk, whatever
 * the result. Parquet is written by a private DuckDB instance, from a database file beside
 * `path` (so that it spills to disk), and refused by `tooLarge` past `maxBytes` (a Parquet file
 * cannot be cut). Returns what was written.
 */
export async function writeResult(
  format: SqlFormat,
  h: ResultHead,
  chunks: AsyncIterable<ResultChunk>,
  limits: { maxRows: number; maxBytes: number },
  path: string,
  tooLarge: (bytes: number) => Error,
): Promise<{ rows: number; bytes: number; truncated: Truncation }> {
  if (format === 'parquet') return writeParquet(h, chunks, limits.maxRows, path, limits.maxBytes, tooLarge);
  const enc = encoder(format, h);
  const out = await open(path, 'w');
  try {
    let bytes = 0;
    let rows = 0;
    let truncated: Truncation = null;
    let started = false;
    const reserve = bytesOf(enc.tail({ rows: limits.maxRows, truncated: 'bytes' }));
    const write = async (parts: Array<string | Uint8Array>) => {
      const buf = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
      await out.write(buf);
      bytes += buf.length;
    };
    const begin = async (first: ResultChunk) => {
      started = true;
      await write([enc.head(first)]);
    };
    for await (const c of chunks) {
      if (!started) await begin(c);
      const n = c.values.length;
      if (n === 0) continue;
      if (rows === limits.maxRows) {
        truncated = 'rows';
        break;
      }
      const take = Math.min(n, limits.maxRows - rows);
      const room = limits.maxBytes - bytes - reserve;
      const parts: Array<string | Uint8Array> = [];
      let used = 0;
      let taken = 0;
      if (enc.rowByRow) {
        for (; taken < take; taken++) {
          const p = enc.encode(c, taken, taken + 1, rows + taken === 0);
          const b = bytesOf(p);
          if (used + b > room) break;
          parts.push(p);
          used += b;
        }
      } else {
        for (let k = take; k > 0; k = Math.floor(k / 2)) {
          const p = enc.encode(c, 0, k, rows === 0);
          if (bytesOf(p) <= room) {
            parts.push(p);
            taken = k;
            break;
          }
        }
      }
      await write(parts);
      rows += taken;
      if (taken < take) {
        truncated = 'bytes';
        break;
      }
      if (take < n) {
        truncated = 'rows';
        break;
      }
    }
    if (!started) await begin({ values: [], json: [] });
    // Arrow: a stream holds its schema even without rows
    if (format === 'arrow' && rows === 0) await write([enc.encode({ values: [], json: [] }, 0, 0, true)]);
    await write([enc.tail({ rows, truncated })]);
    return { rows, bytes, truncated };
  } finally {
    await out.close();
  }
}

async function writeParquet(
  h: ResultHead,
  chunks: AsyncIterable<ResultChunk>,
  maxRows: number,
  path: string,
  maxBytes: number,
  tooLarge: (bytes: number) => Error,
): Promise<{ rows: number; bytes: number; truncated: Truncation }> {
  const db = `${path}.duckdb`;
  const instance = await DuckDBInstance.create(db, { threads: '1', memory_limit: '256MB' });
  const conn = await instance.connect();
  try {
    await conn.run(
      `create table result (${h.columns.map((c, i) => `${ident(c.name)} ${h.types[i]!.toString()}`).join(', ')})`,
    );
    const appender = await conn.createAppender('result');
    let rows = 0;
    let truncated: Truncation = null;
    for await (const c of chunks) {
      if (c.values.length === 0) continue;
      const take = Math.min(c.values.length, maxRows - rows);
      for (const row of c.values.slice(0, take)) {
        row.forEach((v, i) => appender.appendValue(v, h.types[i]));
        appender.endRow();
      }
      rows += take;
      if (take < c.values.length) {
        truncated = 'rows';
        break;
      }
    }
    appender.closeSync();
    await conn.run(`copy result to '${path.replaceAll("'", "''")}' (format parquet)`);
    const bytes = statSync(path).size;
    if (bytes > maxBytes) throw tooLarge(bytes);
    return { rows, bytes, truncated };
  } finally {
    conn.closeSync();
    instance.closeSync();
    for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  }
}
