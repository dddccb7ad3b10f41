import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { lakeTable } from '../../src/lake/contract.js';
import { exportLake, MANIFEST, type Manifest } from '../../src/lake/export.js';
import { openDatabase } from '../../src/store/open.js';
import { fixture } from '../helpers.js';
import { LAKE_TABLES, loadSecond, openLakeDb, sha256, sharedColumns, tableSource, tempDir } from './helpers.js';

/** Every file under a folder, relative, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/** table → "office/year/month: rows" of its files, as the manifest lists them. */
function layout(m: Manifest): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(m.tables).map(([n, t]) => [
      n,
      t.files.map((f) => `${f.office}/${f.year ?? '-'}/${f.month ?? '-'}: ${f.rows}`),
    ]),
  );
}

/** What two exports of the same data share: the files, their rows, bytes and digests. */
const contents = (m: Manifest) => Object.fromEntries(Object.entries(m.tables).map(([n, t]) => [n, t.files]));

describe('sla export lake', () => {
  let db: Database;
  const tmp = tempDir();
  beforeAll(async () => {
    db = await openLakeDb();
  });
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  test('writes every table Hive-partitioned, with the rows of the database and a manifest of counts and sha256', async () => {
    const dir = join(tmp.dir, 'full');
    const r = await exportLake(db, dir, { now: new Date('2026-07-01T00:00:00Z') });
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    expect(m).toEqual(r.manifest);
    expect(m.schema_version).toBe(1);
    expect(m.generated_at).toBe('2026-07-01T00:00:00.000Z');
    // 4 loads before: catalogue, calendar, holidays (openTestDb), officers, then events, complaints, surveys
    expect(m.source.loads).toBe(7);
    const l = layout(m);
    // a.csv: L-L1 8 transitions in May, L-P1 9 in May, L-P2 9 in June (office time)
    expect(l.events).toEqual([
      'lampung-selatan/2026/2026-05-01: 8',
      'pekanbaru/2026/2026-05-01: 9',
      'pekanbaru/2026/2026-06-01: 9',
    ]);
    // one case each, by submission month
    expect(l.case_sla).toEqual([
      'lampung-selatan/2026/2026-05-01: 1',
      'pekanbaru/2026/2026-05-01: 1',
      'pekanbaru/2026/2026-06-01: 1',
    ]);
    // complete-only: one visit per step, all in the case's day
    expect(l.step_visits).toEqual([
      'lampung-selatan/2026/2026-05-01: 8',
      'pekanbaru/2026/2026-05-01: 9',
      'pekanbaru/2026/2026-06-01: 9',
    ]);
    expect(l.step_performance).toEqual([
      'lampung-selatan/2026/2026-05-01: 8',
      'pekanbaru/2026/2026-05-01: 9',
      'pekanbaru/2026/2026-06-01: 9',
    ]);
    // LSL-BO-01 in May; PKU-FO-01 in May and June (every month from the first visit to the as-of month)
    expect(l.officer_performance).toEqual([
      'lampung-selatan/2026/2026-05-01: 1',
      'pekanbaru/2026/2026-05-01: 1',
      'pekanbaru/2026/2026-06-01: 1',
    ]);
    // 17 rows a month (overall, 13 channels, 3 categories) from January of the first year with data:
    // pekanbaru 2025-01 … 2026-06 (complaints of 2025, events to June 2026), lampung-selatan 2026-01 … 2026-05
    expect(l.complaint_resolution).toHaveLength(18 + 5);
    expect(m.tables.complaint_resolution!.rows).toBe(23 * 17);
    expect(l.offices).toEqual(['lampung-selatan/-/-: 1', 'pekanbaru/-/-: 1', 'rokan-hilir/-/-: 1']);
    // SIKTG and SIPOT; IPTG; RBPAPS — and their 9 + 9, 8, 12 steps
    expect(l.services).toEqual(['lampung-selatan/-/-: 1', 'pekanbaru/-/-: 2', 'rokan-hilir/-/-: 1']);
    expect(l.sop_steps).toEqual(['lampung-selatan/-/-: 8', 'pekanbaru/-/-: 18', 'rokan-hilir/-/-: 12']);
    expect(l.ikm_summary!.map((x) => x.split(':')[0])).toEqual(['lampung-selatan/2026/-', 'pekanbaru/2026/-']);
    // each file: where the manifest says, its sha256, nothing else in the lake
    const listed = Object.values(m.tables).flatMap((t) => t.files);
    for (const f of listed) expect(sha256(join(dir, f.path)), f.path).toBe(f.sha256);
    expect(filesUnder(dir)).toEqual([MANIFEST, ...listed.map((f) => f.path)].sort());
    expect(
      listed.every((f) =>
        /^[a-z_]+\/office=[a-z-]+(\/year=\d{4}(\/month=\d{4}-\d\d-01)?)?\/part-[0-9a-f]{16}\.parquet$/.test(f.path),
      ),
    ).toBe(true);
  });

  test('read back with read_parquet(hive_partitioning), each table holds exactly the rows of the database', async () => {
    const dir = join(tmp.dir, 'roundtrip');
    const { manifest: m } = await exportLake(db, dir);
    for (const t of LAKE_TABLES) {
      const source = tableSource(dir, m, t)!;
      const cols = (await sharedColumns(db, t)).map((c) => `"${c}"`).join(', ');
      const n = await db.one<{ db: number; lake: number; missing: number; extra: number }>(`select
        (select count(*) from ${t.name}) as db,
        (select count(*) from ${source}) as lake,
        (select count(*) from (select ${cols} from ${t.name} except all select ${cols} from ${source})) as missing,
        (select count(*) from (select ${cols} from ${source} except all select ${cols} from ${t.name})) as extra`);
      expect({ table: t.name, ...n }).toEqual({
        table: t.name,
        db: m.tables[t.name]!.rows,
        lake: m.tables[t.name]!.rows,
        missing: 0,
        extra: 0,
      });
    }
    // the partition keys the lake adds agree with the rows' own columns
    const events = lakeTable('events');
    const off = await db.one<{ n: number }>(
      `select count(*) as n from ${tableSource(dir, m, events)} where month <> cast(date_trunc('month', timezone('Asia/Jakarta', "at")) as date) or year <> year(month)`,
    );
    expect(off!.n).toBe(0);
    const visits = await db.one<{ n: number }>(
      `select count(*) as n from ${tableSource(dir, m, lakeTable('step_visits'))} where month <> started_month`,
    );
    expect(visits!.n).toBe(0);
  });

  test('no column of any file holds a complainant name or contact of the fixture', async () => {
    const dir = join(tmp.dir, 'personal');
    const { manifest: m } = await exportLake(db, dir);
    // the names and contacts of test/fixtures/complaints/year-2025.csv (columns complainant_name, complainant_contact)
    const [head, ...lines] = readFileSync(fixture('complaints/year-2025.csv'), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    const secrets = [
      ...new Set(
        lines
          .flatMap((l) => [
            l.split(',')[cols.indexOf('complainant_name')]!,
            l.split(',')[cols.indexOf('complainant_contact')]!,
          ])
          .filter((v) => v !== ''),
      ),
    ];
    expect(secrets).toContain('Budi Santoso');
    const params = Object.fromEntries(secrets.map((v, i) => [`s${i}`, v]));
    // they are in the database (complainants, and a note of a.csv), so the check below could find them
    expect(
      (await db.one<{ n: number }>(`select count(*) as n from events where contains(note, 'Budi Santoso')`))!.n,
    ).toBe(1);
    expect(
      (await db.one<{ n: number }>(
        `select count(*) as n from complainants where name in (${secrets.map((_, i) => `$s${i}`).join(', ')})`,
        params,
      ))!.n,
    ).toBeGreaterThan(0);
    let rows = 0;
    for (const t of LAKE_TABLES) {
      const source = tableSource(dir, m, t);
      if (!source) continue;
      // the whole row as text (every column, every value)
      const r = await db.one<{ rows: number; hits: number }>(
        `select count(*) as rows, count(*) filter (where ${secrets.map((_, i) => `contains(cast(x as varchar), $s${i})`).join(' or ')}) as hits from ${source} as x`,
        params,
      );
      rows += r!.rows;
      expect({ table: t.name, hits: r!.hits }).toEqual({ table: t.name, hits: 0 });
    }
    expect(rows).toBe(Object.values(m.tables).reduce((a, x) => a + x.rows, 0));
  });

  test('a second load rewrites only the partitions it changed, and the lake equals a fresh full export', async () => {
    const dir = join(tmp.dir, 'incremental');
    const first = await exportLake(db, dir);
    const before = new Map(
      Object.values(first.manifest.tables).flatMap((t) =>
        t.files.map((f) => [f.path, { sha: f.sha256, mtime: statSync(join(dir, f.path)).mtimeMs }] as const),
      ),
    );
    await loadSecond(db);
    const second = await exportLake(db, dir);
    const changed = Object.entries(second.manifest.tables).flatMap(([n, t]) =>
      t.files.filter((f) => !before.has(f.path)).map((f) => `${n}/${f.office}/${f.year ?? '-'}/${f.month ?? '-'}`),
    );
    // b.csv: one more closed lampung-selatan case in May 2026: its events, case, visits, the May
    // step figures and LSL-BO-01's May; the office's 2026 IKM population (cases ready in May: 1 → 2).
    // The complaint months of lampung-selatan stay (nothing received), pekanbaru is untouched.
    expect(changed.sort()).toEqual([
      'case_sla/lampung-selatan/2026/2026-05-01',
      'events/lampung-selatan/2026/2026-05-01',
      'ikm_summary/lampung-selatan/2026/-',
      'officer_performance/lampung-selatan/2026/2026-05-01',
      'step_performance/lampung-selatan/2026/2026-05-01',
      'step_visits/lampung-selatan/2026/2026-05-01',
    ]);
    expect(second.written).toBe(6);
    // the six earlier files of those partitions are gone; every other file is the same one, not rewritten
    expect(second.removed).toBe(6);
    for (const t of Object.values(second.manifest.tables)) {
      for (const f of t.files) {
        const was = before.get(f.path);
        if (!was) continue;
        expect(sha256(join(dir, f.path))).toBe(was.sha);
        expect(statSync(join(dir, f.path)).mtimeMs).toBe(was.mtime);
      }
    }
    expect(second.manifest.tables.events!.rows).toBe(26 + 8);
    const fresh = await exportLake(db, join(tmp.dir, 'fresh'));
    expect(contents(second.manifest)).toEqual(contents(fresh.manifest));
    expect(filesUnder(dir)).toEqual(filesUnder(join(tmp.dir, 'fresh')));
  });

  test('an export failing midway leaves the previous manifest and its files as they were', async () => {
    const dir = join(tmp.dir, 'atomic');
    const db2 = await openLakeDb();
    try {
      await exportLake(db2, dir);
      const kept = readFileSync(join(dir, MANIFEST), 'utf8');
      const m = JSON.parse(kept) as Manifest;
      await loadSecond(db2);
      let files = 0;
      const failing = exportLake(db2, dir, {
        afterFile: () => {
          if (++files === 2) throw new Error('injected failure');
        },
      });
      await expect(failing).rejects.toThrow('injected failure');
      expect(files).toBe(2);
      expect(readFileSync(join(dir, MANIFEST), 'utf8')).toBe(kept);
      for (const f of Object.values(m.tables).flatMap((t) => t.files)) expect(sha256(join(dir, f.path))).toBe(f.sha256);
      // what a reader of the manifest reads: the first export's events
      const source = tableSource(dir, m, lakeTable('events'))!;
      expect((await db2.one<{ n: number }>(`select count(*) as n from ${source}`))!.n).toBe(26);
      // the next export completes, and leaves no file of the failed one behind
      const next = await exportLake(db2, dir);
      expect(next.manifest.tables.events!.rows).toBe(34);
      expect(filesUnder(dir)).toEqual(
        [MANIFEST, ...Object.values(next.manifest.tables).flatMap((t) => t.files.map((f) => f.path))].sort(),
      );
      expect(existsSync(join(dir, `${MANIFEST}.tmp-${process.pid}`))).toBe(false);
    } finally {
      db2.close();
    }
  });

  test('a database before any load gives a lake of empty tables', async () => {
    const empty = await openDatabase(':memory:');
    try {
      const r = await exportLake(empty, join(tmp.dir, 'empty'));
      expect(Object.keys(r.manifest.tables)).toEqual(LAKE_TABLES.map((t) => t.name));
      expect(Object.values(r.manifest.tables).map((t) => t.rows)).toEqual(LAKE_TABLES.map(() => 0));
      expect(r.manifest.source).toMatchObject({ loads: 0, last_batch_id: 0 });
      expect(filesUnder(join(tmp.dir, 'empty'))).toEqual([MANIFEST]);
    } finally {
      empty.close();
    }
  });
});
