import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { SqlBusyError, SqlTimeoutError } from '../../src/errors.js';
import { AuditorSql } from '../../src/sandbox/engine.js';
import { auditorDb, auditRows, sandboxClock } from './helpers.js';

/*
 * Limits: a runaway query is interrupted at the time limit while other requests are answered;
 * a huge result is cut at the row limit and flagged; more concurrent queries than allowed are
 * refused as busy. Each is logged. The limits run on the test's clock (sandboxClock): a query
 * ends when the test moves the clock past its limit, not when a busy machine gets round to it.
 */

const RUNAWAY = 'select count(*) from range(100000000) as a, range(100000000) as b';

let db: Database;
let app: FastifyInstance;
beforeAll(async () => {
  db = await auditorDb();
  app = await buildApp({ db, sql: { timeoutMs: 1000 } });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

describe('time limit', () => {
  it('stops a runaway cross join at the limit while another query and another route are served', async () => {
    const clock = sandboxClock();
    try {
      let runawayDone = false;
      const runaway = app.inject({ method: 'POST', url: '/api/sql', payload: { sql: RUNAWAY } }).then((res) => {
        runawayDone = true;
        return res;
      });
      await clock.started(1);
      // meanwhile (the clock stands still, so the runaway cannot end yet): another auditor query and a dashboard route
      const other = await app.inject({
        method: 'POST',
        url: '/api/sql',
        payload: { sql: 'select count(*) as n from events' },
      });
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(other.statusCode).toBe(200);
      expect(other.json().rows).toEqual([{ n: 5 }]);
      expect(health.statusCode).toBe(200);
      expect(runawayDone).toBe(false); // both answered while the runaway was still running

      // interrupted at the limit, not before, and not when the cross join (10^16 rows) would end
      expect(await clock.advance(999)).toBe(0);
      expect(await clock.advance(1)).toBe(1);
      const res = await runaway;
      expect(res.statusCode).toBe(408);
      expect(res.json().error.code).toBe('SQL_TIMEOUT');
      expect(res.json().error.message).toMatch(/batas waktu 1 detik/);

      const [row] = await db.all<{
        outcome: string;
        duration_ms: number;
        queried_at: Date;
        finished_at: Date;
        who: string;
        error: string;
      }>('select * from query_audit_log where sql = $sql', { sql: RUNAWAY });
      expect(row).toMatchObject({ outcome: 'timeout', who: 'local@127.0.0.1' });
      expect(row!.error).toMatch(/batas waktu/);
      // logged with its end time: when the interrupt stopped it (the clock moved by exactly 1000 ms)
      expect(row!.duration_ms).toBe(1000);
      expect(row!.finished_at.getTime() - row!.queried_at.getTime()).toBe(1000);
    } finally {
      clock.restore();
    }

    // and the sandbox still answers afterwards
    const after = await app.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'select 1 as one' } });
    expect(after.json().rows).toEqual([{ one: 1 }]);
  });
});

describe('row limit', () => {
  it('cuts a huge result at 100.000 rows by default and flags it', async () => {
    const engine = new AuditorSql(db);
    try {
      const r = await engine.run({ sql: 'select range as i from range(250000)', who: 'test:huge' });
      expect(r.truncated).toBe(true);
      expect(r.json).toHaveLength(100_000);
      expect(r.json[99_999]).toEqual([99_999]);
      const [row] = await auditRows(db, 'test:huge');
      expect(row).toMatchObject({ outcome: 'ok', rows_returned: 100_000 });
    } finally {
      await engine.close();
    }
  });

  it('takes a smaller limit from the request, never a larger one, and flags only a real cut', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sql',
      payload: { sql: 'select range as i from range(10)', limit: 4 },
    });
    expect(res.json()).toMatchObject({ row_count: 4, truncated: true, rows: [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }] });
    const exact = await app.inject({
      method: 'POST',
      url: '/api/sql',
      payload: { sql: 'select range as i from range(10)', limit: 10 },
    });
    expect(exact.json()).toMatchObject({ row_count: 10, truncated: false });
    const engine = new AuditorSql(db, { maxRows: 5 });
    try {
      const r = await engine.run({ sql: 'select range as i from range(10)', who: 'test:cap', limit: 1000 });
      expect(r.json).toHaveLength(5);
      expect(r.truncated).toBe(true);
    } finally {
      await engine.close();
    }
  });
});

describe('concurrency bound', () => {
  it('refuses a query over the bound as busy (503) after a short wait, and logs it', async () => {
    const engine = new AuditorSql(db, { concurrency: 1, queueMs: 150, timeoutMs: 700 });
    const clock = sandboxClock();
    try {
      const runaway = engine.run({ sql: RUNAWAY, who: 'test:first' }).catch((e: unknown) => e);
      await clock.started(1);
      const second = engine.run({ sql: 'select 1', who: 'test:second' }).catch((e: unknown) => e);
      await clock.timers(2); // the runaway's time limit and the second query's wait for a slot
      expect(await clock.advance(149)).toBe(0);
      expect(vi.getTimerCount()).toBe(2); // still waiting
      expect(await clock.advance(1)).toBe(0);
      const err = await second;
      expect(err).toBeInstanceOf(SqlBusyError);
      expect((err as SqlBusyError).statusCode).toBe(503);
      expect(await auditRows(db, 'test:second')).toMatchObject([
        { outcome: 'refused', error: expect.stringMatching(/maksimum 1/) },
      ]);
      expect(await clock.advance(550)).toBe(1);
      expect(await runaway).toBeInstanceOf(SqlTimeoutError);
      // the slot is free again
      expect((await engine.run({ sql: 'select 2 as two', who: 'test:third' })).json).toEqual([[2]]);
    } finally {
      clock.restore();
      await engine.close();
    }
  });
});

describe('the audit log as auditors read it', () => {
  it('holds every finished query, also one that ended after later ones and across a new snapshot', async () => {
    const engine = new AuditorSql(db, { concurrency: 3, timeoutMs: 1500 });
    const clock = sandboxClock();
    const log = "select who, outcome from query_audit_log where who like 'test:order-%' order by query_id";
    try {
      const a = engine.run({ sql: RUNAWAY, who: 'test:order-a' }).catch((e: unknown) => e); // logged last, with the lowest id
      await clock.started(1);
      await engine.run({ sql: 'select 1', who: 'test:order-b' });
      // a change commits while A runs: the next query reads a new snapshot
      await db.transaction((tx) =>
        tx.run("insert into officers (office, officer, name, role) values ('pekanbaru', 'T-1', 'Test', 'tester')"),
      );
      expect(
        (await engine.run({ sql: "select count(*) from officers where officer = 'T-1'", who: 'test:fresh' })).json,
      ).toEqual([[1]]);
      expect((await engine.run({ sql: log, who: 'test:order-c' })).json).toEqual([['test:order-b', 'ok']]);
      // A still runs (the clock has not moved) until its limit
      expect(await clock.advance(1500)).toBe(1);
      expect(await a).toBeInstanceOf(SqlTimeoutError);
      expect((await engine.run({ sql: log, who: 'test:order-d' })).json).toEqual([
        ['test:order-a', 'timeout'],
        ['test:order-b', 'ok'],
        ['test:order-c', 'ok'],
      ]);
    } finally {
      clock.restore();
      await engine.close();
    }
  });
});
