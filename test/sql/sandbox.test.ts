import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { SqlFailedError, SqlRefusedError } from '../../src/errors.js';
import { AuditorSql } from '../../src/sandbox/engine.js';
import { auditorDb, auditRows, sha256 } from './helpers.js';

/*
 * The list of things auditor SQL must refuse. Each query is refused (or fails, for
 * names the sandbox does not have) with a clear error, and each leaves its row in
 * query_audit_log. A second block checks the sandbox instance on its own, without the engine's
 * statement check, so that each protection is tested by itself: removing either one fails a test.
 */

let db: Database;
let engine: AuditorSql;
const tmp = mkdtempSync(join(tmpdir(), 'sla-sandbox-test-'));
const outFile = join(tmp, 'stolen.csv');
const attachFile = join(tmp, 'other.duckdb');

beforeAll(async () => {
  db = await auditorDb();
  engine = new AuditorSql(db, {}, 'en');
});
afterAll(async () => {
  await engine?.close();
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

type Case = [label: string, sql: string, outcome: 'refused' | 'failed', message: RegExp];
const cases: Case[] = [
  [
    'read_csv of a server file',
    "select * from read_csv('/etc/passwd')",
    'refused',
    /file system operations are disabled/,
  ],
  [
    'read_text of a server file',
    "select content from read_text('/etc/passwd')",
    'refused',
    /file system operations are disabled/,
  ],
  ['glob of the file system', "select * from glob('/**')", 'refused', /file system operations are disabled/],
  ['a file named as a table', "select * from '/etc/passwd'", 'failed', /does not exist/],
  [
    'an HTTP read',
    "select * from read_parquet('https://example.com/x.parquet')",
    'refused',
    /file system operations are disabled/,
  ],
  [
    'COPY … TO a file',
    `copy (select * from events) to '${outFile}'`,
    'refused',
    /only one read-only query \(SELECT\) is allowed, not COPY/,
  ],
  ['ATTACH another database', `attach '${attachFile}' as other`, 'refused', /not ATTACH/],
  ['INSTALL an extension', 'install httpfs', 'refused', /not INSTALL/],
  ['LOAD an extension', 'load httpfs', 'refused', /not LOAD/],
  ['SET a setting', 'set enable_external_access = true', 'refused', /not SET/],
  ['SET threads', 'set threads = 8', 'refused', /not SET/],
  ['PRAGMA', 'pragma threads = 8', 'refused', /not PRAGMA/],
  ['CREATE', 'create table x as select 1 as a', 'refused', /not CREATE/],
  [
    'INSERT into the audit log',
    "insert into query_audit_log (query_id, queried_at, sql, sql_sha256, outcome) values (999, now(), 'x', 'x', 'ok')",
    'refused',
    /not INSERT/,
  ],
  ['UPDATE', "update query_audit_log set outcome = 'ok'", 'refused', /not UPDATE/],
  ['DELETE', 'delete from query_audit_log', 'refused', /not DELETE/],
  ['DROP', 'drop table events', 'refused', /not DROP/],
  // DuckDB's parser has no data-modifying CTE: a syntax error, before anything is bound
  [
    'a write hidden in a CTE',
    'with d as (delete from query_audit_log returning *) select * from d',
    'failed',
    /Parser Error/,
  ],
  ['two statements', 'select 1; select 2', 'refused', /exactly one SQL statement per request \(got 2\)/],
  [
    'a second statement after a block comment',
    'select 1 /* harmless */; drop table events',
    'refused',
    /exactly one SQL statement/,
  ],
  [
    'a second statement after a line comment',
    'select 1 -- the rest is a comment, or is it?\n; delete from query_audit_log',
    'refused',
    /exactly one SQL statement/,
  ],
  ['the complainant table', 'select * from complainants', 'failed', /complainants does not exist/],
  ['the complainant table by its catalog', 'select * from snapshot.main.complainants', 'failed', /does not exist/],
  [
    'the complainant columns of complaints',
    'select complainant_name, complainant_contact from complaints',
    'failed',
    /complainant_name/,
  ],
  ['an internal table', 'select * from sla_scope', 'failed', /does not exist/],
];

describe('auditor SQL refuses, and logs', () => {
  it.each(cases)('%s', async (label, sql, outcome, message) => {
    const who = `test:${label}`;
    const before = Date.now();
    const t0 = performance.now();
    const err = await engine.run({ sql, who }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const elapsed = performance.now() - t0;
    const after = Date.now();
    expect(err).toBeInstanceOf(outcome === 'refused' ? SqlRefusedError : SqlFailedError);
    expect((err as Error).message).toMatch(message);
    const rows = await auditRows(db, who);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      who,
      sql,
      sql_sha256: sha256(sql),
      outcome,
      rows_returned: null,
      error: (err as Error).message,
    });
    // logged when it ran, for as long as it ran: within what the caller saw, start and end consistent
    const { duration_ms, queried_at, finished_at } = rows[0]!;
    expect(queried_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(finished_at.getTime()).toBeLessThanOrEqual(after);
    expect(duration_ms).toBeGreaterThan(0);
    expect(duration_ms).toBeLessThanOrEqual(elapsed);
    expect(Math.abs(finished_at.getTime() - queried_at.getTime() - duration_ms)).toBeLessThan(1); // instants to the millisecond
  });

  it('wrote no file and changed nothing', async () => {
    expect(existsSync(outFile)).toBe(false);
    expect(existsSync(attachFile)).toBe(false);
    expect((await db.one<{ n: number }>('select count(*) as n from events'))!.n).toBe(5);
    // every refused query above is still in the log: nothing deleted or rewritten it
    const log = await db.all<{ outcome: string }>("select outcome from query_audit_log where who like 'test:%'");
    expect(log).toHaveLength(cases.length);
    expect(log.every((r) => r.outcome !== 'ok')).toBe(true);
  });

  it('answers a plain query, and logs it as ok with its row count', async () => {
    const sql = 'select office, count(*) as n from events group by office order by office';
    const r = await engine.run({ sql, who: 'test:ok' });
    expect(r.json).toEqual([
      ['lampung-selatan', 2],
      ['pekanbaru', 3],
    ]);
    expect(r.columns).toEqual([
      { name: 'office', type: 'VARCHAR' },
      { name: 'n', type: 'BIGINT' },
    ]);
    const [row] = await auditRows(db, 'test:ok');
    expect(row).toMatchObject({
      query_id: r.queryId,
      outcome: 'ok',
      rows_returned: 2,
      error: null,
      sql_sha256: sha256(sql),
    });
  });

  it('lets auditors read the audit log themselves, up to the query before theirs', async () => {
    const r = await engine.run({
      sql: "select outcome, count(*) as n from query_audit_log where who like 'test:%' group by outcome order by outcome",
      who: 'test:reader',
    });
    const failed = cases.filter((c) => c[2] === 'failed').length;
    expect(r.json).toEqual([
      ['failed', failed],
      ['ok', 1],
      ['refused', cases.length - failed],
    ]);
  });
});

describe('the sandbox instance refuses on its own (without the statement check)', () => {
  let conn: Awaited<ReturnType<AuditorSql['rawSandboxConnection']>>;
  beforeAll(async () => {
    conn = await engine.rawSandboxConnection();
  });
  afterAll(() => conn?.done());

  const refuse = async (sql: string) => {
    const err = await conn.conn.run(sql).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, sql).toBeInstanceOf(Error);
    return err!.message;
  };

  it('has no file, network or extension access', async () => {
    for (const sql of [
      "select * from read_csv('/etc/passwd')",
      "select * from read_text('/etc/passwd')",
      "select * from glob('/**')",
      `copy (select 1) to '${outFile}'`,
      `attach '${attachFile}' as other`,
      "select * from read_parquet('https://example.com/x.parquet')",
    ]) {
      expect(await refuse(sql)).toMatch(/Permission Error/);
    }
    expect(await refuse('install httpfs')).toMatch(/Permission Error/);
    expect(await refuse('load httpfs')).toMatch(/Permission Error|disabled/);
    expect(existsSync(outFile)).toBe(false);
    expect(existsSync(attachFile)).toBe(false);
  });

  it('has its configuration locked', async () => {
    for (const sql of [
      'set enable_external_access = true',
      'set lock_configuration = false',
      'set threads = 8',
      'pragma threads = 8',
      "set memory_limit = '100GB'",
    ]) {
      expect(await refuse(sql)).toMatch(/configuration has been locked/);
    }
  });

  it('refuses writes in the read-only transaction every auditor query runs in', async () => {
    // the relations are the sandbox's own copy, in its memory (no file, so no path to show): the
    // engine appends the audit rows to it, so the instance itself would let a write through; the
    // read-only transaction (and before it the statement check) does not, and a write that got
    // through would change that copy only, never the service's database
    for (const sql of [
      'delete from events',
      'drop table events',
      'create table x (a int)',
      "update complaints set subject = 'x'",
      'delete from query_audit_log',
      'insert into ingest_batches (batch_id) values (99)',
    ]) {
      await conn.conn.run('begin transaction read only');
      try {
        expect(await refuse(sql)).toMatch(/read-only/);
      } finally {
        await conn.conn.run('rollback');
      }
    }
    expect((await conn.conn.runAndReadAll('select count(*) from events')).getRowsJson()).toEqual([['5']]);
  });

  it('shows no server path: databases, settings, messages (issue 23 §3)', async () => {
    const paths = [engine.dir, tmpdir(), process.cwd(), homedir()];
    const leaks = (rows: unknown[][]) => rows.filter((r) => r.some((v) => paths.some((p) => String(v).includes(p))));
    const read = async (sql: string) => (await conn.conn.runAndReadAll(sql)).getRowsJson();
    expect(await read('select database_name, path from duckdb_databases() where path is not null')).toEqual([]);
    expect(leaks(await read('select name, value from duckdb_settings()'))).toEqual([]);
    expect(
      leaks(
        await read(
          "select current_setting('temp_directory'), current_setting('home_directory'), current_setting('secret_directory'), current_setting('extension_directory')",
        ),
      ),
    ).toEqual([]);
    for (const sql of [
      'select * from duckdb_extensions()',
      'select * from duckdb_secrets()',
      'select * from duckdb_temporary_files()',
    ]) {
      const message = await conn.conn.run(sql).then(
        () => '',
        (e: Error) => e.message,
      );
      expect(
        paths.filter((p) => message.includes(p)),
        sql,
      ).toEqual([]);
    }
  });

  it('does not hold the personal data at all', async () => {
    const r = await conn.conn.runAndReadAll(
      "select table_name, column_name from duckdb_columns() where column_name in ('complainant_name', 'complainant_contact') or table_name ilike '%complainants%' or table_name ilike '%secret%' or table_name ilike 'auth_%'",
    );
    expect(r.getRowsJson()).toEqual([]);
  });
});
