import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { AuditorSql } from '../../src/sandbox/engine.js';
import { EXPOSED } from '../../src/sandbox/relations.js';
import { fixture } from '../helpers.js';
import { auditorDb } from './helpers.js';

/*
 * What the sandbox shows: the allow-listed relations without personal data, every committed load
 * as soon as it has committed, and for an auditor limited to some offices only those offices'
 * rows (plus national rows, office '*', of the calendar tables) in every relation.
 */

let db: Database;
let engine: AuditorSql;
const tmp = mkdtempSync(join(tmpdir(), 'sla-sql-scope-'));
beforeAll(async () => {
  db = await auditorDb();
  engine = new AuditorSql(db);
});
afterAll(async () => {
  await engine?.close();
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function rows(sql: string, offices?: string[], who = 'test:scope'): Promise<unknown[][]> {
  return (await engine.run({ sql, who, offices })).json;
}

describe('personal data', () => {
  it('complaints keep every column but the complainant identity', async () => {
    const described = await engine.describe({ who: 'test' });
    const complaints = described.find((r) => r.name === 'complaints')!;
    const names = complaints.columns.map((c) => c.name);
    expect(names).not.toContain('complainant_name');
    expect(names).not.toContain('complainant_contact');
    expect(names).toEqual(
      expect.arrayContaining([
        'office',
        'complaint_id',
        'received_at',
        'channel',
        'category',
        'subject',
        'resolved_at',
      ]),
    );
    expect(await rows('select complaint_id, subject from complaints order by complaint_id')).toEqual([
      ['PGD-1', 'Antrian lama'],
      ['PGD-2', 'Berkas hilang'],
      ['PGD-3', 'Pungutan liar'],
    ]);
  });

  it('no relation of the sandbox holds a name or contact of the complaints file', async () => {
    const relations = (
      await rows('select table_name from duckdb_tables() union select view_name from duckdb_views() where not internal')
    ).map((r) => r[0] as string);
    expect(relations).toContain('complaints');
    expect(relations).not.toContain('complainants');
    for (const rel of relations) {
      // (the audit log holds this test's own queries, which name what they look for)
      const own = rel === 'query_audit_log' ? "and who <> 'test:scope'" : '';
      const hits = await rows(
        `select count(*) from "${rel}" as t where t::varchar similar to '.*(Siti Aminah|Budi Santoso|Rahmat Hidayat|0812-1111-2222|budi@example.id).*' ${own}`,
      );
      expect(hits, rel).toEqual([[0]]);
    }
    // while the service's own database does hold them (the test would pass for nothing otherwise)
    expect((await db.one<{ n: number }>("select count(*) as n from complainants where name = 'Siti Aminah'"))!.n).toBe(
      1,
    );
  });

  it('exposes exactly the allow-list, in its order, skipping what the database lacks', async () => {
    const described = (await engine.describe({ who: 'test' })).map((r) => r.name);
    const present = new Set(
      (
        await db.all<{ t: string }>(
          'select table_name as t from duckdb_tables() union select view_name from duckdb_views()',
        )
      ).map((r) => r.t),
    );
    expect(described).toEqual(EXPOSED.map((r) => r.name).filter((n) => present.has(n)));
    expect(described).toEqual(expect.arrayContaining(['complaint_register', 'complaint_resolution']));
    for (const hidden of [
      'complainants',
      'sla_scope',
      'sla_scope_months',
      'sla_definitions',
      'sla_pauses',
      'schema_migrations',
    ])
      expect(described).not.toContain(hidden);
  });
});

describe('definitions', () => {
  it('has the metric macros of queries/_macros.sql', async () => {
    // work_pos: a working position 90 minutes into an interval that starts at cumulative minute 1000
    expect(
      await rows(
        "select work_pos(timestamptz '2026-07-06 02:00:00+00', timestamptz '2026-07-06 00:30:00+00', 240, 1000) as p",
      ),
    ).toEqual([[1090]]);
  });
});

describe('freshness', () => {
  it('shows a load as soon as it has committed', async () => {
    expect(await rows("select count(*) from events where case_id = 'PKU-3'")).toEqual([[0]]);
    await loadFile(db, { kind: 'events', path: fixture('sql/events-more.csv') });
    expect(await rows("select count(*) from events where case_id = 'PKU-3'")).toEqual([[2]]);
    // the derived tables of that load too
    expect(await rows("select office, service from case_sla where case_id = 'PKU-3'")).toEqual([
      ['pekanbaru', 'SIKTG'],
    ]);
  });
});

describe('office scope', () => {
  const LS = ['lampung-selatan'];

  it('an auditor limited to an office sees only its rows in every relation', async () => {
    const described = await engine.describe({ who: 'test:ls', offices: LS });
    let seen = 0;
    for (const rel of described) {
      if (!rel.columns.some((c) => c.name === 'office')) continue;
      const [[n, foreign]] = (await rows(
        `select count(*), count(*) filter (where office not in ('lampung-selatan', '*')) from "${rel.name}"`,
        LS,
        'test:ls',
      )) as [[number, number]];
      expect(foreign, rel.name).toBe(0);
      seen += n;
    }
    expect(seen).toBeGreaterThan(0);
    expect(await rows('select case_id, count(*) from events group by all', LS, 'test:ls')).toEqual([['LS-1', 2]]);
    expect(await rows('select complaint_id from complaints', LS, 'test:ls')).toEqual([['PGD-3']]);
    expect(await rows('select office, count(*) from case_sla group by all', LS, 'test:ls')).toEqual([
      ['lampung-selatan', 1],
    ]);
    // national holidays apply to every office, so they are shown, with the office's own local ones;
    // another office's local holiday is not
    await db.transaction(async (tx) => {
      await tx.run(
        "insert into holidays values ('lampung-selatan', '2026-06-04', 'libur_lokal', 'Libur lokal (uji)', null)",
      );
      await tx.run("insert into holidays values ('pekanbaru', '2026-06-05', 'libur_lokal', 'Libur lokal (uji)', null)");
    });
    const national = (await db.one<{ n: number }>("select count(*) as n from holidays where office = '*'"))!.n;
    expect(national).toBeGreaterThan(0);
    expect(await rows('select office, count(*) from holidays group by office order by office', LS, 'test:ls')).toEqual([
      ['*', national],
      ['lampung-selatan', 1],
    ]);
  });

  it('sees the loads that brought its rows, and only its own audit rows', async () => {
    const batches = (await rows('select batch_id from ingest_batches order by batch_id', LS, 'test:ls')).map(
      (r) => r[0],
    );
    const expected = (
      await db.all<{ b: number }>(
        "select distinct batch_id as b from events where office = 'lampung-selatan' union select batch_id from complaints where office = 'lampung-selatan' order by 1",
      )
    ).map((r) => r.b);
    expect(batches).toEqual(expected);
    const all = (await db.one<{ n: number }>('select count(*) as n from ingest_batches'))!.n;
    expect(batches.length).toBeLessThan(all); // the pekanbaru-only load and the catalogue/calendar loads are not shown
    const who = (await rows('select distinct who from query_audit_log', LS, 'test:ls')).map((r) => r[0]);
    expect(who).toEqual(['test:ls']);
    // an auditor without a limit sees everything
    expect((await rows('select count(distinct who) from query_audit_log'))[0]![0]).toBeGreaterThan(1);
    expect(await rows('select count(distinct office) from events')).toEqual([[2]]);
  });

  it('an office the auditor may not see is simply absent, even by the catalog', async () => {
    // the relations are the copy itself, in the sandbox's own memory: no other catalog holds rows
    expect(await rows('select distinct database_name from duckdb_tables()', LS, 'test:ls')).toEqual([['memory']]);
    expect(await rows("select count(*) from memory.main.events where office = 'pekanbaru'", LS, 'test:ls')).toEqual([
      [0],
    ]);
  });

  it('ingest_batches: a load with rows of other offices too shows its own rows only (issue 23 §3)', async () => {
    // a load of lampung-selatan's rows only is shown whole
    const file = join(tmp, 'events-ls.csv');
    writeFileSync(
      file,
      'case_id,office,service,step,event,at\nLS-2,lampung-selatan,IPTG,S1,start,2026-07-08T08:00:00+07:00\nLS-2,lampung-selatan,IPTG,S1,complete,2026-07-08T08:20:00+07:00\n',
    );
    const own = (await loadFile(db, { kind: 'events', path: file })).batchId;
    const batchOf = async (name: string) =>
      (await db.one<{ b: number }>('select batch_id as b from ingest_batches where file_name = $f', {
        f: fixture(name),
      }))!.b;
    const [events, complaints] = [await batchOf('sql/events.csv'), await batchOf('sql/complaints.csv')];
    const cols = 'batch_id, kind, rows_read, rows_accepted, rows_duplicate, rows_rejected';
    const seen = await rows(`select ${cols} from ingest_batches order by batch_id`, LS, 'test:ls');
    // events.csv: 3 rows of pekanbaru, 2 of lampung-selatan; complaints.csv: 2 complaints of pekanbaru, 1 of lampung-selatan.
    // Of a load that brought other offices' rows, the auditor sees the rows it added in theirs; the
    // file's counts (read, duplicate, rejected) would tell another office's volume: null
    expect(seen).toEqual([
      [events, 'events', null, 2, null, null],
      [complaints, 'complaints', null, 1, null, null],
      [own, 'events', 2, 2, 0, 0],
    ]);
    // an auditor without a limit sees every load with the file's counts
    expect(
      await rows(`select ${cols} from ingest_batches where batch_id in (${events}, ${own}) order by batch_id`),
    ).toEqual([
      [events, 'events', 5, 5, 0, 0],
      [own, 'events', 2, 2, 0, 0],
    ]);
  });

  it('ingest_batches: the name of a file, never where it lay on the server (issue 23 §3)', async () => {
    // a rejected load whose message quotes the path, as DuckDB's reader errors do
    await db.transaction((tx) =>
      tx.run(
        `insert into ingest_batches (batch_id, kind, file_name, file_sha256, format, options, status, rows_read, rows_rejected, message, started_at, finished_at)
         values (nextval('ingest_batch_seq'), 'events', '/srv/unggah/2026/rusak.csv', 'x', 'csv', '{}', 'rejected', 0, 1,
                 'rusak.csv: berkas tidak dapat dibaca: Invalid unicode in "/srv/unggah/2026/rusak.csv"', now(), now())`,
      ),
    );
    const stored = await db.all<{ batch_id: number; file_name: string }>(
      'select batch_id, file_name from ingest_batches order by batch_id',
    );
    expect(stored.filter((b) => b.file_name.startsWith('/'))).toHaveLength(stored.length); // the service keeps the paths
    for (const [offices, who] of [
      [undefined, 'test:scope'],
      [LS, 'test:ls'],
    ] as const) {
      const seen = (await rows(
        'select batch_id, file_name, message from ingest_batches order by batch_id',
        offices ? [...offices] : undefined,
        who,
      )) as Array<[number, string, string | null]>;
      expect(seen.length).toBeGreaterThan(0);
      for (const [id, name, message] of seen) {
        expect(name).toBe(basename(stored.find((b) => b.batch_id === id)!.file_name));
        expect(message ?? '').not.toMatch(/\/srv\/|\/work\/|\/tmp\//);
      }
    }
    expect(await rows("select file_name, message from ingest_batches where status = 'rejected'")).toEqual([
      ['rusak.csv', 'rusak.csv: berkas tidak dapat dibaca: Invalid unicode in "rusak.csv"'],
    ]);
  });
});

describe('snapshot files', () => {
  it('keeps one sandbox per scope, drops those of every scope after a commit, and leaves no file behind', async () => {
    const create = vi.spyOn(DuckDBInstance, 'create');
    const closed = vi.spyOn(DuckDBInstance.prototype, 'closeSync');
    const own = new AuditorSql(db);
    const open = async () =>
      (await Promise.all(create.mock.results.map((r) => r.value as Promise<DuckDBInstance>))).filter(
        (i) => !closed.mock.contexts.includes(i),
      ).length;
    const files = () => readdirSync(own.dir);
    try {
      await own.run({ sql: 'select 1', who: 'test:files' });
      await own.run({ sql: 'select 1', who: 'test:files', offices: ['pekanbaru'] });
      await own.run({ sql: 'select 2', who: 'test:files' });
      expect(await open()).toBe(2);
      expect(files()).toEqual([]); // the copy is in the sandbox's memory; the file it came from is gone
      await db.transaction((tx) =>
        tx.run("insert into officers (office, officer, name, role) values ('pekanbaru', 'T-2', 'Test', 'tester')"),
      );
      await own.run({ sql: 'select 3', who: 'test:files' });
      expect(await open()).toBe(1); // the new one; the pekanbaru scope's old sandbox is closed too
      expect(files()).toEqual([]);
    } finally {
      await own.close();
      create.mockRestore();
      closed.mockRestore();
    }
    expect(existsSync(own.dir)).toBe(false);
  });
});
