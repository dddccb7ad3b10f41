import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { loadFile } from '../src/ingest/load.js';
import { formatResult, runSql } from '../src/sql.js';
import { fixture, openTestDb } from './helpers.js';

let db: Database;
beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('api/sla-cases.csv') });
});
afterAll(() => db?.close());

describe('runSql', () => {
  it('reads the stored SLA tables', async () => {
    const r = await runSql(db, "select status from case_sla where case_id = 'API-LATE'");
    // API-LATE: S7 (ready step) completed Fri 10 Jul 2026 10:30 WIB, never collected
    expect(r.rows).toEqual([['ready']]);
  });

  it('with asOf, reads the SLA tables as of that instant (later events ignored)', async () => {
    // as of Thu 9 Jul 12:00 WIB the signature (S7, started Tue 7 Jul 10:30) is still open:
    // Tue 10:30–12:00 = 90 + 13:00–16:00 = 180; Wed 450; Thu 07:30–12:00 = 270 → 990 handling
    const r = await runSql(db, "select status, (select handling_min from step_visits where case_id = 'API-LATE' and step = 'S7') as s7 from case_sla where case_id = 'API-LATE'", {
      asOf: '2026-07-09T12:00:00+07:00',
    });
    expect(r.rows).toEqual([['in_progress', 990]]);
    // a local time without an offset is the office's, and needs the office
    const local = await runSql(db, "select status from case_sla where case_id = 'API-LATE'", { asOf: '2026-07-09 12:00', office: 'pekanbaru' });
    expect(local.rows).toEqual([['in_progress']]);
    await expect(runSql(db, 'select 1', { asOf: '2026-07-09 12:00' })).rejects.toThrow(/no UTC offset/);
    // the stored tables are untouched
    expect((await runSql(db, "select status from case_sla where case_id = 'API-LATE'")).rows).toEqual([['ready']]);
  });

  it('refuses anything but one statement, and writes', async () => {
    await expect(runSql(db, 'select 1; select 2')).rejects.toThrow(/exactly one statement/);
    await expect(runSql(db, "delete from events")).rejects.toThrow(/read-only/i);
  });

  it('formats CSV as RFC 4180 with DuckDB text for values', async () => {
    const r = await runSql(db, "select 1 as a, 'x,\"y\"' as b, date '2026-01-02' as d, null as n");
    expect(formatResult(r, 'csv')).toBe('a,b,d,n\r\n1,"x,""y""",2026-01-02,\r\n');
  });
});
