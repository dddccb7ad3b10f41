/**
 * npm run bench [-- --events N --existing M]
 * Prints times and ratios against baselines measured in the same run, on generated data:
 *  1. validated ingest of an events CSV into an empty database vs a plain DuckDB read_csv of the
 *     same file into a table (target ratio ≤ 1.5);
 *  2. the same validated ingest into a database already holding M events.
 * Defaults: N = 1,000,000, M = 1,000,000 (use --existing 10000000 for the 10M figure).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/open.js';
import { generateEventsFile } from '../src/generate.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, existing: { type: 'string', default: '1000000' } } });
const N = Number(values.events);
const M = Number(values.existing);
const dir = join(tmpdir(), 'sla-bench');
mkdirSync(dir, { recursive: true });

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function freshDb(name: string): Promise<Database> {
  const path = join(dir, `${name}.duckdb`);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const db = await openDatabase(path);
  for (const [kind, file] of [
    ['catalogue', 'sample-data/catalogue.yaml'],
    ['calendar', 'sample-data/calendar.yaml'],
    ['calendar', 'sample-data/holidays-id-2024-2026.csv'],
  ] as const) {
    await loadConfigFile(db, kind, file);
  }
  return db;
}

const gen = { catalogue: 'sample-data/catalogue.yaml', holidays: 'sample-data/holidays-id-2024-2026.csv' };
const file = join(dir, `events-${N}.csv`);
const [tGen, g] = await time(() => generateEventsFile({ seed: 1, events: N, out: file, ...gen, from: '2024-01' }));
console.log(`generated ${g.events.toLocaleString('en')} events (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${fmt(tGen)}`);

// 1. empty database
const base = await freshDb('baseline');
const [tRaw] = await time(() => base.write((w) => w.run(`create table raw_events as select * from read_csv('${file}')`)));
base.close();
const db1 = await freshDb('empty');
const [tLoad, r1] = await time(() => loadFile(db1, { kind: 'events', path: file }));
db1.close();
console.log(`\ningest ${N.toLocaleString('en')} events into an empty database`);
console.log(`  baseline read_csv → table   ${fmt(tRaw)}`);
console.log(`  validated ingest            ${fmt(tLoad)}  (${r1.accepted.toLocaleString('en')} rows)`);
console.log(`  ratio                       ${(tLoad / tRaw).toFixed(2)}  (target ≤ 1.5)`);

// 2. database already holding M events
const existing = join(dir, `events-existing-${M}.csv`);
await generateEventsFile({ seed: 2, events: M, out: existing, ...gen, from: '2024-01' });
const db2 = await freshDb('existing');
await loadFile(db2, { kind: 'events', path: existing });
const base2 = await freshDb('baseline-existing');
await base2.write((w) => w.run(`create table raw_events as select * from read_csv('${existing}')`));
const [tRaw2] = await time(() => base2.write((w) => w.run(`insert into raw_events select * from read_csv('${file}')`)));
base2.close();
const [tLoad2, r2] = await time(() => loadFile(db2, { kind: 'events', path: file }));
db2.close();
console.log(`\ningest ${N.toLocaleString('en')} events into a database holding ${M.toLocaleString('en')}`);
console.log(`  baseline read_csv → insert  ${fmt(tRaw2)}`);
console.log(`  validated ingest            ${fmt(tLoad2)}  (${r2.accepted.toLocaleString('en')} new rows, ${r2.duplicates} duplicates)`);
console.log(`  ratio                       ${(tLoad2 / tRaw2).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
