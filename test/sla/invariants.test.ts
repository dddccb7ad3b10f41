import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile, undoBatch } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { refreshAll } from '../../src/sla/refresh.js';
import { copyOfDb, openDemoEventsDb, openTestDb, repoPath } from '../helpers.js';

/**
 * Properties of the SLA engine over the committed demo data (sample-data/events.csv, ~22 600
 * transitions of three offices), and the incremental refresh (src/sla/refresh.ts: only the cases a
 * load touched plus the open cases) against a full recomputation.
 */

const EPS = 1e-6;

async function demoDb(eventFiles: string[]): Promise<{ db: Database; batches: number[] }> {
  // the whole demo as one batch: the run's copy (test/helpers.ts), loaded the same way
  if (eventFiles.length === 1 && eventFiles[0] === repoPath('sample-data/events.csv')) {
    const db = await openDemoEventsDb();
    return {
      db,
      batches: [
        (await db.one<{ b: number }>("select max(batch_id) as b from ingest_batches where kind = 'events'"))!.b,
      ],
    };
  }
  const db = await openTestDb();
  await loadConfigFile(db, 'catalogue', repoPath('sample-data/officers.yaml'));
  const batches: number[] = [];
  for (const f of eventFiles) batches.push((await loadFile(db, { kind: 'events', path: f })).batchId!);
  return { db, batches };
}

/**
 * The whole demo loaded at once, then recomputed whole (a first load of few cases takes the
 * incremental path too: recompute whole explicitly): what the incremental databases below are
 * compared with. Made once for the file (the blocks only read it), closed after the last block.
 */
let wholeDemo: Promise<Database> | undefined;
function fullDemo(): Promise<Database> {
  wholeDemo ??= demoDb([repoPath('sample-data/events.csv')]).then(async ({ db }) => {
    await db.transaction((tx) => refreshAll(tx));
    return db;
  });
  return wholeDemo;
}
afterAll(async () => (await wholeDemo)?.close());

/** The demo events split by date: before 2026-06-01 00:00 WIB, and the rest (header kept in both). */
function splitDemo(dir: string): { first: string; second: string } {
  const [header, ...rows] = readFileSync(repoPath('sample-data/events.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const cut = Date.parse('2026-06-01T00:00:00+07:00');
  // the first six fields (case_id … at) are never quoted in the demo file
  const before = (line: string) => Date.parse(line.split(',')[5]!) < cut;
  const first = join(dir, 'events-before-2026-06.csv');
  const second = join(dir, 'events-from-2026-06.csv');
  writeFileSync(first, [header, ...rows.filter(before)].join('\n') + '\n');
  writeFileSync(second, [header, ...rows.filter((l) => !before(l))].join('\n') + '\n');
  return { first, second };
}

/** The derived tables of SPEC §3 (SLA part), each with the key that orders its rows. */
const DERIVED: Record<string, string> = {
  step_visits: 'office, case_id, step, visit_no',
  case_sla: 'office, case_id',
  step_performance: 'office, service, step, month',
  officer_performance: 'office, officer, month',
  uncollected_products: 'office, case_id',
  sla_pauses: 'office, case_id, island',
};

type Snapshot = Map<string, Record<string, string | null>>;

/**
 * Rows of a derived table by key, every column as text: doubles rounded to 1e-6, instants and
 * dates as text (a version from '-infinity' cannot become a JS Date). `except` drops columns,
 * `where` filters rows.
 */
async function snapshot(
  db: Database,
  table: string,
  opts: { except?: string[]; where?: string } = {},
): Promise<Snapshot> {
  const cols = await db.all<{ column_name: string; column_type: string }>(`describe select * from ${table}`);
  const select = cols
    .filter((c) => !(opts.except ?? []).includes(c.column_name))
    .map(({ column_name: c, column_type: t }) => {
      const q = `"${c}"`;
      return t === 'DOUBLE' ? `cast(round(${q}, 6) as varchar) as ${q}` : `cast(${q} as varchar) as ${q}`;
    })
    .join(', ');
  const key = DERIVED[table]!.split(', ');
  const rows = await db.all<Record<string, string | null>>(
    `select ${select} from ${table} where ${opts.where ?? 'true'}`,
  );
  return new Map(rows.map((r) => [key.map((k) => r[k]).join(' / '), r]));
}

/** Differences between two snapshots (first 10, and how many in all), empty when identical. */
function differences(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = [];
  for (const [k, ra] of a) {
    const rb = b.get(k);
    if (!rb) out.push(`${k}: only in the first`);
    else for (const c of Object.keys(ra)) if (ra[c] !== rb[c]) out.push(`${k}: ${c} ${ra[c]} ≠ ${rb[c]}`);
  }
  for (const k of b.keys()) if (!a.has(k)) out.push(`${k}: only in the second`);
  return out.length > 10 ? [...out.slice(0, 10), `… ${out.length} differences in all`] : out;
}

describe('invariants over the demo data', () => {
  let db: Database;
  beforeAll(async () => {
    ({ db } = await demoDb([repoPath('sample-data/events.csv')]));
  });
  afterAll(() => db?.close());

  it('the demo data loads and every office has cases', async () => {
    const rows = await db.all<{ office: string; n: number }>(
      'select office, count(*) as n from case_sla group by office order by office',
    );
    expect(rows.map((r) => r.office)).toEqual(['lampung-selatan', 'pekanbaru', 'rokan-hilir']);
    for (const r of rows) expect(r.n).toBeGreaterThan(0);
  });

  it('case durations are never negative', async () => {
    const bad = await db.all(
      `select case_id, elapsed_min, paused_min, external_min, excess_min from case_sla
       where elapsed_min < -${EPS} or paused_min < -${EPS} or external_min < -${EPS} or excess_min < -${EPS}
          or elapsed_min is null or paused_min is null`,
    );
    expect(bad).toEqual([]);
  });

  it('visit durations are never negative', async () => {
    const bad = await db.all(
      `select case_id, step, visit_no, queue_min, handling_min, elapsed_min from step_visits
       where queue_min < -${EPS} or handling_min < -${EPS} or elapsed_min < -${EPS} or excess_min < -${EPS}
          or handling_min is null or elapsed_min is null
          or (started_at is not null and queue_min is null)`,
    );
    expect(bad).toEqual([]);
  });

  it('queue + handling = elapsed for visits with a known start', async () => {
    const bad = await db.all(
      `select case_id, step, visit_no, queue_min, handling_min, elapsed_min from step_visits
       where started_at is not null and abs(queue_min + handling_min - elapsed_min) > ${3 * EPS}`,
    );
    expect(bad).toEqual([]);
  });

  it('ready and collected cases: office/external handling fits in the case clock (elapsed + paused)', async () => {
    const bad = await db.all(
      `select c.case_id, c.elapsed_min, c.paused_min, sum(v.handling_min) as handling
       from case_sla c
       join step_visits v on v.office = c.office and v.case_id = c.case_id
       where c.status in ('ready', 'collected') and v.clock in ('office', 'external')
         and v.handling_min is not null
       group by c.office, c.case_id, c.elapsed_min, c.paused_min
       having sum(v.handling_min) > c.elapsed_min + c.paused_min + ${EPS}`,
    );
    expect(bad).toEqual([]);
  });

  it('external_min ≤ elapsed_min; excess_min = max(0, elapsed − quota)', async () => {
    const bad = await db.all(
      `select case_id from case_sla
       where external_min > elapsed_min + ${EPS}
          or (quota_min is not null and abs(excess_min - greatest(0, elapsed_min - quota_min)) > ${EPS})`,
    );
    expect(bad).toEqual([]);
  });

  it('due_at ≥ submitted_at wherever there is a quota', async () => {
    const rows = await db.all<{ n: number; missing: number; early: number }>(
      `select count(*) as n, count(*) filter (where due_at is null) as missing, count(*) filter (where due_at < submitted_at) as early
       from case_sla where quota_min is not null`,
    );
    expect(rows[0]).toMatchObject({ missing: 0, early: 0 });
  });

  it('ready cases within quota are ready by due_at, and late ones after it', async () => {
    const bad = await db.all(
      `select case_id, ready_at, due_at, within_quota from case_sla
       where ready_at is not null and quota_min is not null and status <> 'cancelled'
         and (within_quota <> (ready_at <= due_at))`,
    );
    expect(bad).toEqual([]);
  });

  it('every case in case_sla has at least one visit, and every visit a case', async () => {
    const noVisit = await db.all(
      'select c.case_id from case_sla c where not exists (select 1 from step_visits v where v.office = c.office and v.case_id = c.case_id)',
    );
    expect(noVisit).toEqual([]);
    const orphan = await db.all(
      'select v.case_id from step_visits v where not exists (select 1 from case_sla c where c.office = v.office and c.case_id = v.case_id)',
    );
    expect(orphan).toEqual([]);
  });

  it('every case of the events is in case_sla', async () => {
    const rows = await db.all<{ events: number; cases: number }>(
      'select (select count(*) from (select distinct office, case_id from events)) as events, (select count(*) from case_sla) as cases',
    );
    expect(rows[0]!.cases).toBe(rows[0]!.events);
  });

  it('within_quota_pct is within 0–100', async () => {
    for (const table of ['step_performance', 'officer_performance']) {
      const bad = await db.all(`select * from ${table} where within_quota_pct < 0 or within_quota_pct > 100`);
      expect(bad, table).toEqual([]);
    }
  });

  it('step_performance visits sum to the completed (closed) visits', async () => {
    const rows = await db.all<{ perf: number; closed: number }>(
      `select (select sum(visits) from step_performance) as perf,
              (select count(*) from step_visits where completed_at is not null) as closed`,
    );
    expect(rows[0]!.perf).toBe(rows[0]!.closed);
  });

  it('officer_performance visits sum to the closed office/external visits with an officer', async () => {
    const rows = await db.all<{ perf: number; closed: number }>(
      `select (select sum(visits) from officer_performance) as perf,
              (select count(*) from step_visits where completed_at is not null and officer is not null and clock <> 'applicant') as closed`,
    );
    expect(rows[0]!.perf).toBe(rows[0]!.closed);
  });

  it('median ≤ p90 in the monthly tables', async () => {
    for (const table of ['step_performance', 'officer_performance']) {
      const bad = await db.all(`select * from ${table} where median_handling_min > p90_handling_min + ${EPS}`);
      expect(bad, table).toEqual([]);
    }
  });
});

describe('incremental refresh equals a full one', () => {
  let dir: string;
  let incremental: Database;
  let full: Database;
  let firstOnly: Database;
  let secondBatch: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sla-split-'));
    const { first, second } = splitDemo(dir);
    ({ db: incremental } = await demoDb([first]));
    // only the first file loaded: the incremental database as it is now, copied (not loaded again)
    firstOnly = await copyOfDb(incremental);
    secondBatch = (await loadFile(incremental, { kind: 'events', path: second })).batchId!;
    full = await fullDemo();
  });
  afterAll(() => {
    incremental?.close();
    firstOnly?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the split keeps every row', async () => {
    const n = async (db: Database) => (await db.one<{ n: number }>('select count(*) as n from events'))!.n;
    expect(await n(incremental)).toBe(await n(full));
    expect(await n(firstOnly)).toBeLessThan(await n(full));
    expect(await n(firstOnly)).toBeGreaterThan(0);
  });

  // as_of (an extra column: the instant the row was measured to) is compared apart
  for (const table of Object.keys(DERIVED)) {
    it(`${table}: loaded in two batches = loaded at once`, async () => {
      const a = await snapshot(incremental, table, { except: ['as_of'] });
      const b = await snapshot(full, table, { except: ['as_of'] });
      expect(a.size).toBe(b.size);
      expect(differences(a, b)).toEqual([]);
    });
  }

  it('as_of of step_visits and case_sla: loaded in two batches = loaded at once', async () => {
    for (const table of ['step_visits', 'case_sla']) {
      const cols = `${DERIVED[table]}, as_of`.split(', ');
      const a = await snapshot(incremental, table, { except: [] });
      const b = await snapshot(full, table, { except: [] });
      const pick = (m: Snapshot) =>
        new Map([...m].map(([k, r]) => [k, Object.fromEntries(cols.map((c) => [c, r[c]!]))]));
      expect(differences(pick(a), pick(b)), table).toEqual([]);
    }
  });

  describe('undoing the second batch', () => {
    beforeAll(async () => {
      await undoBatch(incremental, secondBatch);
    });

    for (const table of Object.keys(DERIVED)) {
      it(`${table}: = only the first file loaded`, async () => {
        const a = await snapshot(incremental, table);
        const b = await snapshot(firstOnly, table);
        expect(differences(a, b)).toEqual([]);
        expect(a.size).toBe(b.size);
      });
    }

    it('the monthly tables agree up to the as-of month of the first file (May 2026)', async () => {
      for (const table of ['step_performance', 'officer_performance']) {
        const where = "month <= date '2026-05-01'";
        expect(
          differences(await snapshot(incremental, table, { where }), await snapshot(firstOnly, table, { where })),
          table,
        ).toEqual([]);
      }
    });
  });
});

/**
 * Late rows: the demo events less the middle events (not a case's first two or last two) of the
 * 2025 cases whose number ends in 7, then those held-back rows as a second file — old cases change,
 * months back (the monthly tables must be recomputed from the months of the visits that changed).
 */
function holdBack(dir: string): { first: string; late: string } {
  const [header, ...rows] = readFileSync(repoPath('sample-data/events.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const byCase = new Map<string, number[]>();
  rows.forEach((l, i) => {
    const [caseId, office] = l.split(',');
    const key = `${office}/${caseId}`;
    byCase.set(key, [...(byCase.get(key) ?? []), i]);
  });
  const late = new Set<number>();
  for (const [key, idx] of byCase) {
    if (!/-2025-\d*7$/.test(key)) continue;
    const ordered = [...idx].sort((a, b) => Date.parse(rows[a]!.split(',')[5]!) - Date.parse(rows[b]!.split(',')[5]!));
    for (const i of ordered.slice(2, -2)) late.add(i);
  }
  const first = join(dir, 'events-less-late.csv');
  const lateFile = join(dir, 'events-late.csv');
  writeFileSync(first, [header, ...rows.filter((_, i) => !late.has(i))].join('\n') + '\n');
  writeFileSync(lateFile, [header, ...rows.filter((_, i) => late.has(i))].join('\n') + '\n');
  return { first, late: lateFile };
}

describe('late rows of old cases: incremental refresh equals a full one', () => {
  let dir: string;
  let incremental: Database;
  let full: Database;
  let lateRows = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sla-late-'));
    const { first, late } = holdBack(dir);
    lateRows =
      readFileSync(late, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0).length - 1;
    ({ db: incremental } = await demoDb([first, late]));
    full = await fullDemo();
  });
  afterAll(() => {
    incremental?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('some rows were held back, and the late file took the incremental path (a small scope)', async () => {
    expect(lateRows).toBeGreaterThan(100);
    const cases = await incremental.one<{ n: number }>(
      "select count(distinct case_id) as n from events where batch_id = (select max(batch_id) from ingest_batches where kind = 'events')",
    );
    expect(cases!.n).toBeGreaterThan(10);
    expect(cases!.n).toBeLessThan(0.25 * 1381);
  });

  for (const table of Object.keys(DERIVED)) {
    it(`${table}: with late rows = loaded at once`, async () => {
      const a = await snapshot(incremental, table, { except: ['as_of'] });
      const b = await snapshot(full, table, { except: ['as_of'] });
      expect(a.size).toBe(b.size);
      expect(differences(a, b)).toEqual([]);
    });
  }
});

/**
 * Two event files (rows without header, in the demo format) loaded one after the other (the second
 * takes the incremental path: a few cases), and at once with a full recompute; `afterFirst` reads
 * the incremental database between the two loads.
 */
function loadedInTwo<T>(name: string, first: string[], second: string[], afterFirst: (db: Database) => Promise<T>) {
  const header = 'case_id,office,service,step,event,at,officer,note';
  const ctx = {} as { incremental: Database; full: Database; between: T };
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `sla-${name}-`));
    const write = (file: string, rows: string[]) => {
      writeFileSync(join(dir, file), [header, ...rows].join('\n') + '\n');
      return join(dir, file);
    };
    ({ db: ctx.incremental } = await demoDb([write('first.csv', first)]));
    ctx.between = await afterFirst(ctx.incremental);
    await loadFile(ctx.incremental, { kind: 'events', path: write('second.csv', second) });
    ({ db: ctx.full } = await demoDb([write('all.csv', [...first, ...second])]));
    await ctx.full.transaction((tx) => refreshAll(tx));
  });
  afterAll(() => {
    ctx.incremental?.close();
    ctx.full?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  for (const table of Object.keys(DERIVED)) {
    it(`${table}: loaded in two batches = loaded at once`, async () => {
      const a = await snapshot(ctx.incremental, table, { except: ['as_of'] });
      const b = await snapshot(ctx.full, table, { except: ['as_of'] });
      expect(a.size).toBe(b.size);
      expect(differences(a, b)).toEqual([]);
    });
  }
  return ctx;
}

/**
 * A ready case made ready again by a later load (rework after ready_at): the wait for collection
 * that began at the first completion of the ready step disappears (ready_at is the last one), and
 * a visit it overlapped, handed on months before the later load, grows by it. Its month must be
 * recomputed too (it is neither a month of the load's transitions nor the previous as-of month).
 *
 * pekanbaru, SIPOT (ready step S8), WIB, office hours Mon–Thu 07:30–12:00 and 13:00–16:00 (every
 * instant below lies in a morning; Ramadan hours from 2026-02-19 start at 08:00):
 *   first file, Monday 2026-01-26: S2 08:05–08:30; S8 started 09:00; S7 started 09:10; S8
 *   complete 09:20 (ready_at; waiting for the applicant: paused until the next start, complete or
 *   collect, the S7 complete at 10:00). S7's handling 09:10–10:00 = 50 minutes less the pause
 *   09:20–10:00 (40) = 10 minutes. Another case on Monday 2026-03-02 puts the office's as-of in
 *   March.
 *   second file, Wednesday 2026-03-04: S8 08:00–08:30 (the last completion: ready_at moves here),
 *   collected 09:00 (S9). The pause of 2026-01-26 is gone: S7's handling = 50 minutes, in the
 *   January 2026 rows of step_performance and officer_performance.
 */
describe('a case made ready again: the visits of the first wait for collection, a month back', () => {
  const s7 = (db: Database) =>
    db.one<{ handling_min: number; completed_month: string }>(
      "select handling_min, strftime(completed_month, '%Y-%m-%d') as completed_month from step_visits where case_id = 'X-READY-1' and step = 'S7'",
    );
  const ctx = loadedInTwo(
    'ready-again',
    [
      'X-READY-1,pekanbaru,SIPOT,S2,start,2026-01-26 08:05,FO-1,',
      'X-READY-1,pekanbaru,SIPOT,S2,complete,2026-01-26 08:30,FO-1,',
      'X-READY-1,pekanbaru,SIPOT,S8,start,2026-01-26 09:00,BO-1,',
      'X-READY-1,pekanbaru,SIPOT,S7,start,2026-01-26 09:10,KADIS-1,',
      'X-READY-1,pekanbaru,SIPOT,S8,complete,2026-01-26 09:20,BO-1,',
      'X-READY-1,pekanbaru,SIPOT,S7,complete,2026-01-26 10:00,KADIS-1,',
      'X-OTHER-1,pekanbaru,SIPOT,S2,start,2026-03-02 08:05,FO-1,',
      'X-OTHER-1,pekanbaru,SIPOT,S2,complete,2026-03-02 08:20,FO-1,',
    ],
    [
      'X-READY-1,pekanbaru,SIPOT,S8,start,2026-03-04 08:00,BO-1,',
      'X-READY-1,pekanbaru,SIPOT,S8,complete,2026-03-04 08:30,BO-1,',
      'X-READY-1,pekanbaru,SIPOT,S9,collect,2026-03-04 09:00,,',
    ],
    s7,
  );

  it('S7 is handled 10 minutes after the first file, 50 after the second (the pause is gone)', async () => {
    expect(ctx.between).toEqual({ handling_min: 10, completed_month: '2026-01-01' });
    expect(await s7(ctx.incremental)).toEqual({ handling_min: 50, completed_month: '2026-01-01' });
    expect(await s7(ctx.full)).toEqual({ handling_min: 50, completed_month: '2026-01-01' });
  });
});

/**
 * Late applicant steps: a wait of the applicant grows back to a hand-over made before the load's
 * earliest transition (a new visit arrives at the latest earlier hand-over).
 *
 * lampung-selatan, IPTG (S1–S4 applicant steps), WIB, Wednesday 2026-01-07, office hours from 07:30:
 *   first file: S1 complete 08:00, S2 complete 08:07, S5 08:30–09:20. Paused: S1 and S2, 08:00–08:07
 *   (one island, 7 minutes); S5 arrives 08:07 (S2's hand-over): queue 23 minutes.
 *   late file: S3 complete 08:14, S4 complete 08:17 (earliest transition 08:14). S3 arrives at 08:07:
 *   one island 08:00–08:17 (17 minutes); S5 arrives 08:17: queue 13 minutes, handling 50.
 */
describe('late applicant steps: a pause island over before the load grows', () => {
  const card = (db: Database) =>
    db.all<{ island: number; paused_min: number; queue_min: number }>(
      `select p.island, p.paused_min, v.queue_min from sla_pauses p join step_visits v on v.office = p.office and v.case_id = p.case_id and v.step = 'S5'
       where p.case_id = 'X-LATE-1' order by p.island`,
    );
  const ctx = loadedInTwo(
    'late-applicant',
    [
      'X-LATE-1,lampung-selatan,IPTG,S1,complete,2026-01-07 08:00,,',
      'X-LATE-1,lampung-selatan,IPTG,S2,complete,2026-01-07 08:07,,',
      'X-LATE-1,lampung-selatan,IPTG,S5,start,2026-01-07 08:30,BO-1,',
      'X-LATE-1,lampung-selatan,IPTG,S5,complete,2026-01-07 09:20,BO-1,',
    ],
    [
      'X-LATE-1,lampung-selatan,IPTG,S3,complete,2026-01-07 08:14,,',
      'X-LATE-1,lampung-selatan,IPTG,S4,complete,2026-01-07 08:17,,',
    ],
    card,
  );

  it('one island of 7 minutes, then of 17; S5 queued 23 minutes, then 13', async () => {
    expect(ctx.between).toEqual([{ island: 1, paused_min: 7, queue_min: 23 }]);
    expect(await card(ctx.incremental)).toEqual([{ island: 1, paused_min: 17, queue_min: 13 }]);
    expect(await card(ctx.full)).toEqual([{ island: 1, paused_min: 17, queue_min: 13 }]);
  });
});
