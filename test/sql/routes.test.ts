import { tableFromIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture } from '../helpers.js';
import { auditorDb, auditRows } from './helpers.js';

/* POST /api/sql in every format, read back; GET /api/sql/schema; the SLA tables as of an instant. */

let db: Database;
let app: FastifyInstance;
const tmp = mkdtempSync(join(tmpdir(), 'sla-sql-routes-'));
beforeAll(async () => {
  db = await auditorDb();
  await loadFile(db, { kind: 'events', path: fixture('api/sla-cases.csv') });
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/sql', payload });

// one value of each kind: 64-bit integer beyond 2^53, double, text, date, instant with microseconds, null, list, boolean, decimal
const TYPED = `select 9007199254740993::bigint as big, 1.5::double as d, 'x,"y"' as s, date '2026-01-02' as day,
  timestamptz '2026-07-06 01:00:00.123456+00' as ts, null::integer as n, [1, 2] as l, true as b, 12.34::decimal(18, 2) as fee`;
const TS_MICROS = BigInt(Date.UTC(2026, 6, 6, 1, 0, 0, 123)) * 1000n + 456n;

describe('POST /api/sql', () => {
  it('json: columns with types, rows, row_count, truncated, query_id', async () => {
    const res = await post({ sql: TYPED });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.columns).toEqual([
      { name: 'big', type: 'BIGINT' },
      { name: 'd', type: 'DOUBLE' },
      { name: 's', type: 'VARCHAR' },
      { name: 'day', type: 'DATE' },
      { name: 'ts', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'n', type: 'INTEGER' },
      { name: 'l', type: 'INTEGER[]' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 'fee', type: 'DECIMAL(18,2)' },
    ]);
    // a 64-bit integer that is not exact as a JS number stays a string
    expect(body.rows).toEqual([
      {
        big: '9007199254740993',
        d: 1.5,
        s: 'x,"y"',
        day: '2026-01-02',
        ts: '2026-07-06 01:00:00.123456+00',
        n: null,
        l: [1, 2],
        b: true,
        fee: '12.34',
      },
    ]);
    expect(body).toMatchObject({ row_count: 1, truncated: false });
    const [row] = await auditRows(db, 'local@127.0.0.1');
    expect(body.query_id).toBe(row!.query_id);
  });

  it('csv: RFC 4180, one header row, CRLF', async () => {
    const res = await post({ sql: "select 1 as a, 'x,\"y\"' as b, date '2026-01-02' as d, null as n", format: 'csv' });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body).toBe('a,b,d,n\r\n1,"x,""y""",2026-01-02,\r\n');
    expect(res.headers['x-row-count']).toBe('1');
  });

  it('csv: text that a spreadsheet would run as a formula gets a leading quote; numbers stay as they are (issue 23 part 4)', async () => {
    const sql =
      "select '=HYPERLINK(\"http://x\")' as s, -5 as n, '-x' as t, '@a;b' as u, 'biasa' as v, subject from complaints where complaint_id = 'PGD-1'";
    const res = await post({ sql, format: 'csv' });
    expect(res.body).toBe(
      's,n,t,u,v,subject\r\n"\'=HYPERLINK(""http://x"")",-5,"\'-x","\'@a;b",biasa,Antrian lama\r\n',
    );
  });

  it('arrow: an IPC stream with the DuckDB types mapped, exact to the microsecond', async () => {
    const res = await post({ sql: TYPED, format: 'arrow' });
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(1);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      big: 'Int64',
      d: 'Float64',
      s: 'Utf8',
      day: 'Date32<DAY>',
      ts: 'Timestamp<MICROSECOND, UTC>',
      n: 'Int32',
      l: 'Utf8',
      b: 'Bool',
      fee: 'Float64',
    });
    const row = table.get(0)!.toJSON();
    expect(row.big).toBe(9007199254740993n);
    expect(row.d).toBe(1.5);
    expect(row.s).toBe('x,"y"');
    expect(row.n).toBeNull();
    expect(row.l).toBe('[1,2]');
    expect(row.b).toBe(true);
    expect(row.fee).toBe(12.34);
    expect((table.getChild('ts')!.data[0]!.values as BigInt64Array)[0]).toBe(TS_MICROS);
    expect((table.getChild('day')!.data[0]!.values as Int32Array)[0]).toBe(Date.UTC(2026, 0, 2) / 86_400_000);
  });

  it('parquet: read back by DuckDB with the same types and values', async () => {
    const res = await post({ sql: TYPED, format: 'parquet' });
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    const file = join(tmp, 'r.parquet');
    writeFileSync(file, res.rawPayload);
    const types = await db.all<{ column_name: string; column_type: string }>(
      `describe select * from read_parquet('${file}')`,
    );
    expect(types.map((t) => `${t.column_name} ${t.column_type}`)).toEqual([
      'big BIGINT',
      'd DOUBLE',
      's VARCHAR',
      'day DATE',
      'ts TIMESTAMP WITH TIME ZONE',
      'n INTEGER',
      'l INTEGER[]',
      'b BOOLEAN',
      'fee DECIMAL(18,2)',
    ]);
    const [row] = await db.all<Record<string, unknown>>(
      `select big::varchar as big, d, s, day::varchar as day, epoch_us(ts) as ts, n, l, b, fee::varchar as fee from read_parquet('${file}')`,
    );
    expect(row).toEqual({
      big: '9007199254740993',
      d: 1.5,
      s: 'x,"y"',
      day: '2026-01-02',
      ts: Number(TS_MICROS),
      n: null,
      l: [1, 2],
      b: true,
      fee: '12.34',
    });
  });

  it('a real table in every format gives the same rows', async () => {
    const sql = 'select case_id, office, status, elapsed_min, ready_at from case_sla order by case_id';
    const json = (await post({ sql })).json();
    expect(json.row_count).toBeGreaterThan(3);
    const arrow = tableFromIPC((await post({ sql, format: 'arrow' })).rawPayload);
    expect(arrow.getChild('case_id')!.toArray()).toEqual(json.rows.map((r: { case_id: string }) => r.case_id));
    expect(Array.from(arrow.getChild('elapsed_min')!.toArray() as Float64Array)).toEqual(
      json.rows.map((r: { elapsed_min: number }) => r.elapsed_min),
    );
    const csv = (await post({ sql, format: 'csv' })).body.trimEnd().split('\r\n');
    expect(csv).toHaveLength(json.row_count + 1);
    expect(csv[0]).toBe('case_id,office,status,elapsed_min,ready_at');
  });

  it('as_of: the SLA tables as of an instant, the stored ones untouched', async () => {
    // as of Thu 9 Jul 12:00 WIB the signature (S7, started Tue 7 Jul 10:30) of API-LATE is open:
    // Tue 10:30–12:00 = 90 + 13:00–16:00 = 180; Wed 450; Thu 07:30–12:00 = 270 → 990 handling
    const sql =
      "select status, (select handling_min from step_visits where case_id = 'API-LATE' and step = 'S7') as s7 from case_sla where case_id = 'API-LATE'";
    expect((await post({ sql, as_of: '2026-07-09T12:00:00+07:00' })).json().rows).toEqual([
      { status: 'in_progress', s7: 990 },
    ]);
    expect((await post({ sql, as_of: '2026-07-09 12:00', office: 'pekanbaru' })).json().rows).toEqual([
      { status: 'in_progress', s7: 990 },
    ]);
    const noOffset = await post({ sql, as_of: '2026-07-09 12:00' });
    expect(noOffset.statusCode).toBe(400);
    expect(noOffset.json().error.message).toMatch(/no UTC offset/);
    expect((await post({ sql })).json().rows).toEqual([{ status: 'ready', s7: expect.any(Number) }]);
  });

  it('refusals have the error shape and a code', async () => {
    const res = await post({ sql: "select * from read_csv('/etc/passwd')" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'SQL_REFUSED', message: expect.stringMatching(/^ditolak oleh sandbox: Permission Error/) },
    });
    const two = await post({ sql: 'select 1; select 2' });
    expect(two.json().error).toEqual({
      code: 'SQL_REFUSED',
      message: 'hanya satu pernyataan SQL per permintaan (ada 2)',
    });
    const bad = await post({ sql: 'selec 1' });
    expect(bad.json().error.code).toBe('SQL_FAILED');
    expect((await post({ sql: '' })).statusCode).toBe(400);
    expect((await post({ sql: 'select 1', format: 'xml' })).statusCode).toBe(400);
  });
});

describe('GET /api/sql/schema', () => {
  it('lists the relations with column types and descriptions, and the metric SQL as saved queries', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/sql/schema' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const names = body.relations.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['events', 'complaints', 'case_sla', 'step_visits', 'ikm_summary', 'query_audit_log']),
    );
    expect(names).not.toContain('complainants');
    const caseSla = body.relations.find((r: { name: string }) => r.name === 'case_sla');
    expect(caseSla).toMatchObject({ kind: 'derived view', grain: 'case' });
    expect(caseSla.columns).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'elapsed_min', type: 'DOUBLE' }),
        expect.objectContaining({ name: 'due_at', type: 'TIMESTAMP WITH TIME ZONE' }),
      ]),
    );
    const saved = body.saved_queries.find((q: { name: string }) => q.name === 'case_sla');
    expect(saved.kind).toBe('view');
    expect(saved.description).toMatch(/^case_sla: one row per case/);
    expect(saved.sql).toContain('select');
    expect(body.saved_queries.map((q: { name: string }) => q.name)).toContain('ikm_summary');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/sql', '/api/sql/schema']));
  });
});
