/**
 * POST /api/sql past the byte limit (#23): the result is written a chunk at a time and stops at
 * SLA_SQL_MAX_BYTES between rows (text) or record batches (Arrow), flagged in the headers and, in
 * JSON, in the document, which stays valid; Parquet past it is refused. The audit log records
 * the rows and bytes sent and why they stop short.
 */
import { tableFromIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { auditorDb } from './helpers.js';

let db: Database;
let app: FastifyInstance;
beforeAll(async () => {
  db = await auditorDb();
  app = await buildApp({ db, sql: { maxBytes: 1024 } });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/sql', payload });
const lastAudit = async () =>
  (
    await db.all<{
      outcome: string;
      rows_returned: number | null;
      bytes_returned: number | null;
      truncated: string | null;
      error: string | null;
    }>(
      'select outcome, rows_returned, bytes_returned, truncated, error from query_audit_log order by query_id desc limit 1',
    )
  )[0]!;

const THOUSAND = 'select i from range(1000) as t(i)';

describe('the byte limit (1024 bytes here)', () => {
  it('csv stops between rows: 226 rows in 1023 bytes', async () => {
    // "i\r\n" 3 bytes; rows 0–9 3 bytes each (30), 10–99 4 bytes (360): 393; then 5 bytes a row,
    // 126 rows (630 bytes) fit in the 631 left: 10 + 90 + 126 = 226 rows, 1023 bytes
    const res = await post({ sql: THOUSAND, format: 'csv' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(1023);
    expect(res.headers).toMatchObject({
      'x-row-count': '226',
      'x-truncated': 'true',
      'x-truncated-by': 'bytes',
      'content-length': '1023',
    });
    const lines = res.body.split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['i', '0']);
    expect(lines.at(-2)).toBe('225');
    expect(lines.at(-1)).toBe('');
    expect(await lastAudit()).toEqual({
      outcome: 'ok',
      rows_returned: 226,
      bytes_returned: 1023,
      truncated: 'bytes',
      error: null,
    });
  });

  it('json stays one valid document, with row_count, truncated and truncated_by', async () => {
    const res = await post({ sql: THOUSAND });
    expect(res.rawPayload.length).toBeLessThanOrEqual(1024);
    const doc = res.json();
    expect(Object.keys(doc)).toEqual(['columns', 'rows', 'row_count', 'truncated', 'truncated_by', 'query_id']);
    expect(doc).toMatchObject({ columns: [{ name: 'i', type: 'BIGINT' }], truncated: true, truncated_by: 'bytes' });
    // the first rows, in order, as many as the count says
    expect(doc.rows).toEqual(Array.from({ length: doc.row_count }, (_, i) => ({ i })));
    expect(doc.row_count).toBeGreaterThan(50);
    expect(res.headers['x-row-count']).toBe(String(doc.row_count));
    expect(await lastAudit()).toMatchObject({
      rows_returned: doc.row_count,
      bytes_returned: res.rawPayload.length,
      truncated: 'bytes',
    });
  });

  it('a complete result is flagged complete (truncated_by null), a row limit as rows', async () => {
    const small = (await post({ sql: 'select 1 as one' })).json();
    expect(small).toMatchObject({ rows: [{ one: 1 }], row_count: 1, truncated: false, truncated_by: null });
    expect(await lastAudit()).toMatchObject({ rows_returned: 1, truncated: null });
    const cut = await post({ sql: THOUSAND, limit: 3 });
    expect(cut.json()).toMatchObject({
      rows: [{ i: 0 }, { i: 1 }, { i: 2 }],
      row_count: 3,
      truncated: true,
      truncated_by: 'rows',
    });
    expect(cut.headers['x-truncated-by']).toBe('rows');
    expect(await lastAudit()).toMatchObject({ rows_returned: 3, truncated: 'rows' });
  });

  it('arrow stops between record batches and stays a readable IPC stream', async () => {
    const res = await post({ sql: THOUSAND, format: 'arrow' });
    expect(res.rawPayload.length).toBeLessThanOrEqual(1024);
    const table = tableFromIPC(res.rawPayload);
    const n = Number(res.headers['x-row-count']);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(1000);
    expect(table.numRows).toBe(n);
    expect(res.headers['x-truncated-by']).toBe('bytes');
    expect(Array.from(table.getChild('i')!.toArray() as BigInt64Array, Number)).toEqual(
      Array.from({ length: n }, (_, i) => i),
    );
  });

  it('arrow of several chunks (5000 rows = 3 DuckDB chunks) under a larger limit: one stream, every row', async () => {
    const big = await buildApp({ db, sql: { maxBytes: 1 << 20 } });
    try {
      const res = await big.inject({
        method: 'POST',
        url: '/api/sql',
        payload: { sql: 'select i, i % 3 = 0 as b, null::varchar as s from range(5000) as t(i)', format: 'arrow' },
      });
      const table = tableFromIPC(res.rawPayload);
      expect(table.numRows).toBe(5000);
      expect(table.batches.length).toBe(3); // 2048 + 2048 + 904
      expect(Number(table.getChild('i')!.get(4999))).toBe(4999);
      expect(table.getChild('b')!.get(3)).toBe(true);
      expect(res.headers['x-truncated']).toBe('false');
    } finally {
      await big.close();
    }
  });

  it('parquet cannot be cut: past the limit it is refused (413), logged as refused', async () => {
    const res = await post({ sql: 'select i, md5(i::varchar) as h from range(1000) as t(i)', format: 'parquet' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('SQL_TOO_LARGE');
    expect(res.json().error.message).toMatch(/^hasil Parquet [\d,]+ MB melewati batas 0 MB \(SLA_SQL_MAX_BYTES\)/);
    expect(await lastAudit()).toMatchObject({
      outcome: 'refused',
      rows_returned: null,
      bytes_returned: null,
      error: expect.stringContaining('SLA_SQL_MAX_BYTES'),
    });
    // a small one fits
    const ok = await post({ sql: 'select 1 as one', format: 'parquet' });
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
  });
});
