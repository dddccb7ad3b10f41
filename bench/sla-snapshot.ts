/**
 * Identical-output check for changes to the SLA engine (queries/, src/sla/refresh.ts).
 *
 *   npx tsx bench/sla-snapshot.ts export DIR [--events N]
 *   npx tsx bench/sla-snapshot.ts compare DIR_A DIR_B
 *
 * `export` builds three databases and writes their derived tables to Parquet under DIR:
 *  - sample: sample-data/ (catalogue, officers, calendar, holidays, events.csv — the `sla
 *    generate` output, ~22k events), full recompute;
 *  - generated: N generated events (default 200,000; seed 5), full recompute;
 *  - incremental: the same N events, then ~10,000 events of the following month loaded on top
 *    (the incremental refresh path), three times.
 *  - incremental-full: the same database after a full recompute (`selfcheck DIR` compares it with
 *    incremental: three day loads must give what one full recompute gives);
 *  - split / split-full: N + 30,000 generated events (seed 7) loaded as daily exports are: all but
 *    the last 30,000 and some middle events of one case in 40, then three files of the last
 *    30,000 cut by time, then the held-back rows as a late file; and after a full recompute
 *    (`selfcheck` compares them too).
 * `compare` checks, table by table, that DIR_A and DIR_B hold the same rows (EXCEPT ALL both ways)
 * (DOUBLE columns rounded to 10⁻⁶) and exits 1 when any differs. Run `export` before and after a change, then `compare`.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase } from '../src/store/open.js';
import type { Database } from '../src/db/database.js';
import { sampleFiles } from '../src/demo.js';
import { generateEventsFile } from '../src/generate/index.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';
import { refreshAll } from '../src/sla/refresh.js';

const TABLES = [
  'step_visits',
  'case_sla',
  'sla_pauses',
  'uncollected_products',
  'step_performance',
  'officer_performance',
  'ikm_by_unsur',
  'ikm_summary',
  'complaint_register',
  'complaint_resolution',
];
const DATASETS = ['sample', 'generated', 'incremental', 'incremental-full', 'split', 'split-full'];

async function freshDb(path: string): Promise<Database> {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const db = await openDatabase(path);
  for (const [kind, file] of sampleFiles('sample-data').config) await loadConfigFile(db, kind, file);
  return db;
}

async function exportTables(db: Database, out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  for (const t of TABLES)
    await db.write((w) => w.run(`copy (select * from ${t}) to '${join(out, `${t}.parquet`)}' (format parquet)`));
}

async function exportAll(dir: string, events: number): Promise<void> {
  const work = join(tmpdir(), 'sla-snapshot');
  mkdirSync(work, { recursive: true });
  const gen = { catalogue: 'sample-data/catalogue.yaml', holidays: 'sample-data/holidays-id-2024-2026.csv' };

  const sample = await freshDb(join(work, 'sample.duckdb'));
  for (const [kind, path] of sampleFiles('sample-data').rows) await loadFile(sample, { kind, path });
  await exportTables(sample, join(dir, 'sample'));
  sample.close();

  const file = join(work, 'generated.csv');
  await generateEventsFile({ seed: 5, events, out: file, ...gen, from: '2024-01' });
  const db = await freshDb(join(work, 'generated.duckdb'));
  await loadFile(db, { kind: 'events', path: file });
  // the sample's complaints and survey responses too, so that the IKM populations (from case_sla)
  // and the complaint months (which span the events) are exercised
  for (const [kind, path] of sampleFiles('sample-data').rows.filter(([k]) => k !== 'events'))
    await loadFile(db, { kind, path });
  await exportTables(db, join(dir, 'generated'));
  // three days of new work in a row (each load moves the as-of instant), then a full recompute of
  // the same events: the incremental path must give what the full one gives
  for (let d = 0; d < 3; d++) {
    const next = await db.one<{ m: string }>(`select strftime(max("at") + interval 1 month, '%Y-%m') as m from events`);
    const day = join(work, `day${d}.csv`);
    await generateEventsFile({ seed: 6 + d, events: 10_000, out: day, ...gen, from: next!.m });
    await loadFile(db, { kind: 'events', path: day });
  }
  await exportTables(db, join(dir, 'incremental'));
  await db.transaction((tx) => refreshAll(tx));
  await exportTables(db, join(dir, 'incremental-full'));
  db.close();

  // split: one generated log cut as daily exports are, then late rows. The database holds all but
  // the last 30,000 events and all but some middle events of one case in 40; the last 30,000 come
  // as three daily files cut by time (cases run on from one into the next), then the held-back
  // rows as a late file (old cases change, months back). Then a full recompute (split-full).
  const log = join(work, 'split.csv');
  await generateEventsFile({ seed: 7, events: events + 30_000, out: log, ...gen, from: '2024-01' });
  const files = await splitLog(log, work);
  const sdb = await freshDb(join(work, 'split.duckdb'));
  for (const f of files) await loadFile(sdb, { kind: 'events', path: f });
  await exportTables(sdb, join(dir, 'split'));
  await sdb.transaction((tx) => refreshAll(tx));
  await exportTables(sdb, join(dir, 'split-full'));
  sdb.close();
  rmSync(work, { recursive: true, force: true });
}

/** `pairs`: [dataset of A, dataset of B] to compare (default: each dataset with itself). */
/** The files of the split dataset, in load order: head, three days, late rows. */
async function splitLog(log: string, work: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`create table t as select *, cast("at" as timestamptz) as ts,
      row_number() over (partition by office, case_id order by cast("at" as timestamptz)) as k,
      count(*) over (partition by office, case_id) as n
    from read_csv('${log}', all_varchar = true)`);
  await c.run(`create table starts as
    select part, min(ts) as from_ts from (select ts, ntile(3) over (order by ts) as part from (select ts from t order by ts desc limit 30000)) group by part`);
  const start = (p: number) => `(select from_ts from starts where part = ${p})`;
  const late = `(hash(case_id) % 40 = 0 and k between 3 and n - 2)`;
  const parts: Array<[string, string]> = [
    ['head', `ts < ${start(1)} and not ${late}`],
    ['day1', `ts >= ${start(1)} and ts < ${start(2)} and not ${late}`],
    ['day2', `ts >= ${start(2)} and ts < ${start(3)} and not ${late}`],
    ['day3', `ts >= ${start(3)} and not ${late}`],
    ['late', late],
  ];
  const out: string[] = [];
  for (const [name, where] of parts) {
    const path = join(work, `split-${name}.csv`);
    await c.run(`copy (select * exclude (ts, k, n) from t where ${where}) to '${path}' (header, delimiter ',')`);
    out.push(path);
  }
  c.closeSync();
  instance.closeSync();
  return out;
}

async function compare(
  a: string,
  b: string,
  pairs: Array<[string, string]> = DATASETS.map((d) => [d, d]),
): Promise<boolean> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  let same = true;
  for (const [da, db] of pairs) {
    const ds = da === db ? da : `${da} vs ${db}`;
    if (!existsSync(join(a, da)) || !existsSync(join(b, db))) {
      console.log(`skip  ${ds}: not in both exports`);
      continue;
    }
    for (const t of TABLES) {
      const pa = join(a, da, `${t}.parquet`);
      const pb = join(b, db, `${t}.parquet`);
      // DOUBLE columns are compared to 10⁻⁶ (the rounding of every duration): sums of doubles
      // (e.g. step_performance.excess_min_total) differ in their last bits from run to run with
      // the order in which parallel threads add them
      const cols = (
        await c.runAndReadAll(`select column_name, column_type from (describe select * from read_parquet('${pa}'))`)
      ).getRows();
      // a complainant's pseudonym is keyed by a secret generated per database: not comparable
      const list = cols
        .filter(([name]) => name !== 'complainant')
        .map(([name, type]) => (type === 'DOUBLE' ? `round("${name}", 6) as "${name}"` : `"${name}"`))
        .join(', ');
      const r = await c.runAndReadAll(`select
        (select count(*) from read_parquet('${pa}')) as rows,
        (select count(*) from (select ${list} from read_parquet('${pa}') except all select ${list} from read_parquet('${pb}'))) as only_a,
        (select count(*) from (select ${list} from read_parquet('${pb}') except all select ${list} from read_parquet('${pa}'))) as only_b`);
      const [rows, onlyA, onlyB] = r.getRows()[0]!.map(Number) as [number, number, number];
      const ok = onlyA === 0 && onlyB === 0;
      same &&= ok;
      console.log(`${ok ? 'same' : 'DIFF'}  ${ds}/${t}: ${rows} rows, ${onlyA} only in A, ${onlyB} only in B`);
    }
  }
  c.closeSync();
  instance.closeSync();
  return same;
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'export' && args[0]) {
  const i = args.indexOf('--events');
  await exportAll(resolve(args[0]), i >= 0 ? Number(args[i + 1]) : 200_000);
} else if (cmd === 'compare' && args[0] && args[1]) {
  if (!(await compare(resolve(args[0]), resolve(args[1])))) process.exit(1);
} else if (cmd === 'selfcheck' && args[0]) {
  // three incremental day loads = a full recompute of the same events
  if (
    !(await compare(resolve(args[0]), resolve(args[0]), [
      ['incremental', 'incremental-full'],
      ['split', 'split-full'],
    ]))
  )
    process.exit(1);
} else {
  console.error('usage: sla-snapshot export DIR [--events N] | compare DIR_A DIR_B | selfcheck DIR');
  process.exit(2);
}
