import type { Database } from './db/database.js';
import { csvField } from './csv.js';
import { BadRequestError } from './errors.js';
import { resolveInstant } from './sla/read.js';
import { computeAsOf } from './sla/refresh.js';

/**
 * Read-only SQL over the public schema, first version (the hardened auditor sandbox with time
 * and row limits, personal-data removal and the audit log is issue #10): exactly one statement,
 * run in a read-only transaction on its own connection.
 */
export type SqlFormat = 'table' | 'csv' | 'json';

export interface SqlResult {
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

/**
 * Runs one query. With `asOf`, the SLA tables the query reads are those as of that instant
 * (computed for this query only, for `office` when given; SPEC §2.3 point 8).
 */
export async function runSql(db: Database, sql: string, opts: { asOf?: string | undefined; office?: string | undefined } = {}): Promise<SqlResult> {
  const s = await db.connect();
  try {
    const extracted = await s.conn.extractStatements(sql).catch((err: Error) => {
      throw new BadRequestError(err.message.replace(/^Failed to extract statements: /, '').split('\n')[0]!);
    });
    if (extracted.count !== 1) throw new BadRequestError(`exactly one statement is allowed (got ${extracted.count})`);
    if (opts.asOf) await computeAsOf(s, await resolveInstant(s, opts.asOf, opts.office), opts.office);
    await s.run('begin transaction read only');
    try {
      const reader = await s.conn.runAndReadAll(sql).catch((err: Error) => {
        throw new BadRequestError(err.message.split('\n')[0]!);
      });
      const types = reader.columnTypes().map((t) => t.toString());
      const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
      const integer = columns.map((c) => /^(U?(BIG|HUGE|SMALL|TINY)?INT(EGER)?)$/.test(c.type));
      const rows = (reader.getRowsJson() as unknown[][]).map((row) => row.map((v, i) => (integer[i] ? exactNumber(v) : v)));
      return { columns, rows };
    } finally {
      await s.run('rollback').catch(() => undefined);
    }
  } finally {
    s.conn.closeSync();
  }
}

/** DuckDB's JSON text of an integer is a string (64-bit); a number when it is exact. */
function exactNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  return csvField(typeof v === 'object' ? JSON.stringify(v) : String(v));
}

export function formatResult(r: SqlResult, format: SqlFormat): string {
  if (format === 'json') {
    const rows = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
    return JSON.stringify({ columns: r.columns, rows }, null, 2) + '\n';
  }
  if (format === 'csv') {
    const lines = [r.columns.map((c) => csvField(c.name)).join(','), ...r.rows.map((row) => row.map(csvValue).join(','))];
    return lines.join('\r\n') + '\r\n';
  }
  const cells = [r.columns.map((c) => c.name), ...r.rows.map((row) => row.map((v) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v))))];
  const widths = r.columns.map((_, i) => Math.min(60, Math.max(...cells.map((row) => row[i]!.length))));
  const line = (row: string[]) => row.map((v, i) => (v.length > widths[i]! ? v.slice(0, widths[i]! - 1) + '…' : v.padEnd(widths[i]!))).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(cells[0]!), sep, ...cells.slice(1).map(line), `(${r.rows.length} rows)`].join('\n') + '\n';
}
