/**
 * The lake and the roll-up at scale (issue #27 §3; `npm run bench -- --only lake [--offices N
 * --office-events E --lake-requests R]`, defaults 20 × 500,000 and 30 requests per page):
 *
 *  1. N generated offices, each its own database: the generator's events of one office
 *     (pekanbaru's calendar and catalogue, seed i), renamed o01 … oNN in its lake (the office is
 *     the partition path only, so the files stay as written); per office the load (`sla ingest`:
 *     validate, insert, full SLA refresh, commit) against the export of its lake (`sla export lake`).
 *  2. The size of the lakes against the raw CSV of the same events.
 *  3. The roll-up (`sla serve --lake` over the N folders, read cache off): the time to open it
 *     (views, dashboard summaries from the Parquet), then p50 / p95 per dashboard page, for all
 *     offices and for one, each request a fresh computation (target p95 < 200 ms per page).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 */
function renameOffice(dir: string, code: string): void {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  for (const [table, t] of Object.entries(m.tables)) {
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

export async function benchLake(opts: {
  dir: string;
  offices: number;
  events: number;
  requests: number;
  keep?: string | undefined;
}): Promise<void> {
  // --lake-keep DIR: the lakes are kept there, and a later run with the same DIR measures the roll-up over them again
  const root = opts.keep ?? join(opts.dir, 'lake-bench');
  const reuse = opts.keep !== undefined && existsSync(join(root, 'o01', MANIFEST));
  if (!reuse) rmSync(root, { recursive: true, force: true });
  const lakes: string[] = [];
  if (reuse) {
    for (let i = 1; i <= opts.offices; i++) lakes.push(join(root, `o${String(i).padStart(2, '0')}`));
    console.log(`\nL. the roll-up over the ${lakes.length} lakes kept in ${root}`);
  } else await buildLakes(opts, root, lakes);
  await measureRollup(lakes, opts.requests);
  if (!opts.keep) rmSync(root, { recursive: true, force: true });
}

async function buildLakes(
  opts: { dir: string; offices: number; events: number },
  root: string,
  lakes: string[],
): Promise<void> {
  const share = await sourceShare(opts.dir);
  console.log(
    `\nL. the lake and the roll-up: ${opts.offices} offices × ~${n(opts.events)} events (${SOURCE_OFFICE}'s share of the generator's events: ${(share * 100).toFixed(1)}%)`,
  );
  let csvBytes = 0;
  let totalEvents = 0;
  const rows: { code: string; events: number; load: number; exp: number; lake: number; csv: number }[] = [];
  for (let i = 1; i <= opts.offices; i++) {
    const code = `o${String(i).padStart(2, '0')}`;
    const ev = await officeEvents(opts.dir, i, opts.events, share);
    const csv = statSync(ev.file).size;
    const db = await officeDb(join(opts.dir, `${code}.duckdb`));
    const t0 = performance.now();
    await loadFile(db, { kind: 'events', path: ev.file });
    const t1 = performance.now();
    const lake = join(root, code);
    await exportLake(db, lake);
    const t2 = performance.now();
    db.close();
    rmSync(join(opts.dir, `${code}.duckdb`), { force: true });
    rmSync(join(opts.dir, `${code}.duckdb.wal`), { force: true });
    rmSync(ev.file, { force: true });
    renameOffice(lake, code);
    lakes.push(lake);
    csvBytes += csv;
    totalEvents += ev.events;
    const r = { code, events: ev.events, load: t1 - t0, exp: t2 - t1, lake: du(lake), csv };
    rows.push(r);
    console.log(
      `   ${code}: ${n(r.events)} events; load ${s(r.load)}, export ${s(r.exp)} (${(r.exp / r.load).toFixed(2)} of the load); lake ${mb(r.lake)} / CSV ${mb(r.csv)}`,
    );
  }
  const lakeBytes = lakes.reduce((a, l) => a + du(l), 0);
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  console.log(
    `   export / load, all offices: ${s(sum((r) => r.exp))} / ${s(sum((r) => r.load))} = ${(sum((r) => r.exp) / sum((r) => r.load)).toFixed(2)}`,
  );
  console.log(
    `   lake ${mb(lakeBytes)} against the raw CSV ${mb(csvBytes)} (${((lakeBytes / csvBytes) * 100).toFixed(0)}%), ${n(totalEvents)} events`,
  );
}

async function measureRollup(lakes: string[], requests: number): Promise<void> {
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
