/**
 * The lake and the roll-up at scale (issue #27 §3; `npm run bench -- --only lake [--offices N[,N…]
 * --office-events E --lake-requests R --lake-keep DIR --lake-reexport]`; the full size is
 * `--offices 1,5,20 --office-events 500000`):
 *
 *  1. N generated offices, each its own database: the generator's events of one office
 *     (pekanbaru's calendar and catalogue, seed i), renamed o01 … oNN in its lake (the office is
 *     the partition path only, so the files stay as written); per office the load (`sla ingest`:
 *     validate, insert, full SLA refresh, commit) against the export of its lake (`sla export lake`).
 *  2. The size of the lakes against the raw CSV of the same events.
 *  3. The roll-up (`sla serve --lake` over the N folders, read cache off): the time to open it
 *     (views, dashboard summaries from the Parquet), then p50 / p95 per dashboard page, for all
 *     offices and for one, each request a fresh computation (target p95 < 200 ms per page).
 *
 * `--offices 1,5,20` builds the largest number of lakes once and measures the roll-up over the
 * first 1, 5 and 20 of them (the growth with the number of offices, same offices throughout).
 * With `--lake-keep DIR` the lakes and the office databases stay in DIR (o01.duckdb …, with each
 * load's time in DIR/loads.json): a later run with the same DIR measures the roll-up again, or,
 * with `--lake-reexport`, exports every office again from its kept database first (a change of
 * the export measured without generating and loading 10M events again).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { generateEventsFile } from '../src/generate/index.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';
import { exportLake, MANIFEST, type Manifest } from '../src/lake/export.js';
import { openRollup } from '../src/lake/rollup.js';
import { openDatabase } from '../src/store/open.js';

const SOURCE_OFFICE = 'pekanbaru';
const PAGES = ['ringkasan', 'tahapan', 'petugas', 'tren', 'pengaduan', 'skm', 'perbandingan'] as const;

const n = (x: number) => x.toLocaleString('en');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

function du(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((a, e) => a + du(join(path, e)), 0);
}

/** One office's events: the generator's, of SOURCE_OFFICE only, about `events` of them. */
async function officeEvents(
  dir: string,
  i: number,
  events: number,
  share: number,
): Promise<{ file: string; events: number }> {
  const all = join(dir, `gen-${i}.csv`);
  await generateEventsFile({
    seed: 100 + i,
    events: Math.ceil(events / share),
    out: all,
    catalogue: 'sample-data/catalogue.yaml',
    holidays: 'sample-data/holidays-id-2024-2026.csv',
    from: '2024-01',
  });
  const file = join(dir, `office-${i}.csv`);
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  await c.run(
    `copy (select * from read_csv('${all}', all_varchar = true) where office = '${SOURCE_OFFICE}') to '${file}' (header, format csv)`,
  );
  const r = await c.runAndReadAll(`select count(*) from read_csv('${file}', all_varchar = true)`);
  c.closeSync();
  inst.closeSync();
  rmSync(all, { force: true });
  return { file, events: Number(r.getRows()[0]![0]) };
}

/** The share of SOURCE_OFFICE in the generator's events (a small run). */
async function sourceShare(dir: string): Promise<number> {
  const probe = join(dir, 'probe.csv');
  const g = await generateEventsFile({
    seed: 99,
    events: 50_000,
    out: probe,
    catalogue: 'sample-data/catalogue.yaml',
    holidays: 'sample-data/holidays-id-2024-2026.csv',
    from: '2024-01',
  });
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const r = await c.runAndReadAll(
    `select count(*) from read_csv('${probe}', all_varchar = true) where office = '${SOURCE_OFFICE}'`,
  );
  c.closeSync();
  inst.closeSync();
  rmSync(probe, { force: true });
  return Number(r.getRows()[0]![0]) / g.events;
}

async function officeDb(path: string): Promise<Database> {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const db = await openDatabase(path);
  await loadConfigFile(db, 'catalogue', 'sample-data/catalogue.yaml');
  await loadConfigFile(db, 'catalogue', 'sample-data/officers.yaml');
  await loadConfigFile(db, 'calendar', 'sample-data/calendar.yaml');
  await loadConfigFile(db, 'calendar', 'sample-data/holidays-id-2024-2026.csv');
  return db;
}

/**
 * The lake of `dir` as the lake of office `code`: its partition folders office=SOURCE_OFFICE
 * renamed, the manifest's paths with them (the files, which do not hold the key, stay as written).
 * The catalogue's other offices, configured in every database but without events, are left out
 * (else a roll-up of N lakes lists each of them N times).
 */
function renameOffice(dir: string, code: string): void {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  for (const [table, t] of Object.entries(m.tables)) {
    for (const f of t.files.filter((x) => x.office !== SOURCE_OFFICE)) rmSync(join(dir, f.path));
    for (const e of existsSync(join(dir, table)) ? readdirSync(join(dir, table)) : [])
      if (e !== `office=${SOURCE_OFFICE}`) rmSync(join(dir, table, e), { recursive: true, force: true });
    t.files = t.files.filter((x) => x.office === SOURCE_OFFICE);
    t.rows = t.files.reduce((a, f) => a + f.rows, 0);
    const from = join(dir, table, `office=${SOURCE_OFFICE}`);
    if (existsSync(from)) renameSync(from, join(dir, table, `office=${code}`));
    for (const f of t.files) {
      f.path = f.path.replace(`/office=${SOURCE_OFFICE}/`, `/office=${code}/`);
      f.office = code;
    }
  }
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

const quantile = (xs: number[], q: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil(q * a.length) - 1)]!;
};

const code = (i: number) => `o${String(i).padStart(2, '0')}`;

interface OfficeRow {
  code: string;
  events: number;
  load: number;
  exp: number;
  lake: number;
  csv: number;
}

export interface LakeBenchOptions {
  dir: string;
  /** numbers of offices to roll up (the largest is built) */
  offices: number[];
  events: number;
  requests: number;
  keep?: string | undefined;
  reexport?: boolean | undefined;
}

export async function benchLake(opts: LakeBenchOptions): Promise<void> {
  const most = Math.max(...opts.offices);
  if (!opts.offices.length || opts.offices.some((k) => !Number.isInteger(k) || k < 1))
    throw new Error(`--offices: numbers ≥ 1, e.g. 1,5,20`);
  // --lake-keep DIR: the lakes (and office databases) are kept there, and a later run with the same DIR measures the roll-up over them again
  const root = opts.keep ?? join(opts.dir, 'lake-bench');
  const reuse = opts.keep !== undefined && existsSync(join(root, code(most), MANIFEST));
  if (!reuse) rmSync(root, { recursive: true, force: true });
  const lakes: string[] = [];
  if (reuse) {
    for (let i = 1; i <= most; i++) lakes.push(join(root, code(i)));
    if (opts.reexport) await reexportLakes(root, lakes);
    else console.log(`\nL. the roll-up over the ${lakes.length} lakes kept in ${root}`);
  } else await buildLakes({ ...opts, offices: most, keepDbs: opts.keep !== undefined }, root, lakes);
  for (const k of [...new Set(opts.offices)].sort((a, b) => a - b))
    await measureRollup(lakes.slice(0, k), opts.requests);
  if (!opts.keep) rmSync(root, { recursive: true, force: true });
}

function printTotals(rows: OfficeRow[], lakes: string[]): void {
  const lakeBytes = lakes.reduce((a, l) => a + du(l), 0);
  const sum = (f: (r: OfficeRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const ratios = rows.map((r) => r.exp / r.load);
  console.log(
    `   export / load, all offices: ${s(sum((r) => r.exp))} / ${s(sum((r) => r.load))} = ${(sum((r) => r.exp) / sum((r) => r.load)).toFixed(2)} (per office ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
  );
  console.log(
    `   lake ${mb(lakeBytes)} against the raw CSV ${mb(sum((r) => r.csv))} (${((lakeBytes / sum((r) => r.csv)) * 100).toFixed(0)}%), ${n(sum((r) => r.events))} events, ${n(lakes.reduce((a, l) => a + filesOf(l), 0))} files`,
  );
}

/** Parquet files a lake's manifest lists. */
function filesOf(lake: string): number {
  const m = JSON.parse(readFileSync(join(lake, MANIFEST), 'utf8')) as Manifest;
  return Object.values(m.tables).reduce((a, t) => a + t.files.length, 0);
}

/** The kept office databases exported again (fresh lakes), against the load times kept with them. */
async function reexportLakes(root: string, lakes: string[]): Promise<void> {
  const kept = JSON.parse(readFileSync(join(root, 'loads.json'), 'utf8')) as OfficeRow[];
  console.log(`\nL. the ${lakes.length} office databases kept in ${root} exported again`);
  const rows: OfficeRow[] = [];
  for (let i = 1; i <= lakes.length; i++) {
    const row = kept.find((r) => r.code === code(i));
    if (!row) throw new Error(`${root}/loads.json: no ${code(i)}`);
    const lake = lakes[i - 1]!;
    const db = await openDatabase(join(root, `${code(i)}.duckdb`));
    rmSync(lake, { recursive: true, force: true });
    const t0 = performance.now();
    await exportLake(db, lake);
    const exp = performance.now() - t0;
    db.close();
    renameOffice(lake, code(i));
    const r = { ...row, exp, lake: du(lake) };
    rows.push(r);
    console.log(
      `   ${r.code}: ${n(r.events)} events; load ${s(r.load)} (kept), export ${s(r.exp)} (${(r.exp / r.load).toFixed(2)} of the load); lake ${mb(r.lake)} / CSV ${mb(r.csv)}`,
    );
  }
  printTotals(rows, lakes);
}

async function buildLakes(
  opts: { dir: string; offices: number; events: number; keepDbs: boolean },
  root: string,
  lakes: string[],
): Promise<void> {
  const share = await sourceShare(opts.dir);
  console.log(
    `\nL. the lake and the roll-up: ${opts.offices} offices × ~${n(opts.events)} events (${SOURCE_OFFICE}'s share of the generator's events: ${(share * 100).toFixed(1)}%)`,
  );
  const rows: OfficeRow[] = [];
  mkdirSync(root, { recursive: true });
  for (let i = 1; i <= opts.offices; i++) {
    const ev = await officeEvents(opts.dir, i, opts.events, share);
    const csv = statSync(ev.file).size;
    const dbPath = join(opts.keepDbs ? root : opts.dir, `${code(i)}.duckdb`);
    const db = await officeDb(dbPath);
    const t0 = performance.now();
    await loadFile(db, { kind: 'events', path: ev.file });
    const t1 = performance.now();
    const lake = join(root, code(i));
    await exportLake(db, lake);
    const t2 = performance.now();
    db.close();
    if (!opts.keepDbs) {
      rmSync(dbPath, { force: true });
      rmSync(`${dbPath}.wal`, { force: true });
    }
    rmSync(ev.file, { force: true });
    renameOffice(lake, code(i));
    lakes.push(lake);
    const r = { code: code(i), events: ev.events, load: t1 - t0, exp: t2 - t1, lake: du(lake), csv };
    rows.push(r);
    if (opts.keepDbs) writeFileSync(join(root, 'loads.json'), `${JSON.stringify(rows, null, 2)}\n`);
    console.log(
      `   ${r.code}: ${n(r.events)} events; load ${s(r.load)}, export ${s(r.exp)} (${(r.exp / r.load).toFixed(2)} of the load); lake ${mb(r.lake)} / CSV ${mb(r.csv)}`,
    );
  }
  printTotals(rows, lakes);
}

async function measureRollup(lakes: string[], requests: number): Promise<void> {
  console.log(`\n   roll-up of ${lakes.length} office${lakes.length > 1 ? 's' : ''}:`);
  const t0 = performance.now();
  const { db } = await openRollup(lakes);
  const tOpen = performance.now() - t0;
  const cases = (await db.one<{ n: number; v: number }>(
    'select (select count(*) from case_sla) as n, (select count(*) from step_visits) as v',
  ))!;
  console.log(
    `   roll-up opened over ${lakes.length} lakes in ${s(tOpen)} (views, and the dashboard summaries from the Parquet): ${n(cases.n)} cases, ${n(cases.v)} visits`,
  );
  const app = await buildApp({ db, closeDb: true, readOnly: true, readCache: { maxBytes: 0 } });
  try {
    console.log(`   per page, ${requests} requests each, read cache off (target p95 < 200 ms):`);
    for (const office of ['all', 'o01']) {
      for (const page of PAGES) {
        const url = `/api/dash/${page}?office=${office}`;
        const first = await app.inject({ method: 'GET', url });
        if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 200)}`);
        const ms: number[] = [];
        for (let k = 0; k < requests; k++) {
          const a = performance.now();
          const r = await app.inject({ method: 'GET', url });
          ms.push(performance.now() - a);
          if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
        }
        console.log(
          `     ${`${page} office=${office}`.padEnd(30)} p50 ${quantile(ms, 0.5).toFixed(0).padStart(5)} ms  p95 ${quantile(ms, 0.95).toFixed(0).padStart(5)} ms`,
        );
      }
    }
  } finally {
    await app.close();
  }
}
