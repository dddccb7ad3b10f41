/**
 * Builds a large database once, to measure the dashboards and the report on it repeatedly
 * (`npm run bench -- --only http --db PATH`, `--only report --db PATH`):
 *
 *   npx tsx bench/build-db.ts --cases 1000000 --out /tmp/sla-1m.duckdb [--memory 12GB]
 *
 * About `cases` cases (~16.5 generated events each, 2024-01 to 2026-10) for the four sample
 * offices, with the sample complaints and surveys; the events are loaded with the full SLA
 * refresh, as `sla ingest` does. Prints the time of each phase.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/store/open.js';
import { generateEventsFile } from '../src/generate/index.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    memory: { type: 'string' },
  },
});
if (!values.out) throw new Error('--out PATH is required');
const cases = Number(values.cases);
const out = values.out;
const EVENTS_PER_CASE = 16.5; // measured: the generator makes ~16.5 events per case

const t0 = performance.now();
const s = (a: number, b: number) => `${((b - a) / 1000).toFixed(1)} s`;
const csv = `${out}.events.csv`;
const g = await generateEventsFile({
  seed: 5,
  events: Math.round(cases * EVENTS_PER_CASE),
  out: csv,
  catalogue: 'sample-data/catalogue.yaml',
  holidays: 'sample-data/holidays-id-2024-2026.csv',
  from: '2024-01',
});
const t1 = performance.now();
console.log(`generated ${g.events.toLocaleString('en')} events, ${g.cases.toLocaleString('en')} cases in ${s(t0, t1)}`);
rmSync(out, { force: true });
rmSync(`${out}.wal`, { force: true });
const db = await openDatabase(out);
if (values.memory) await db.write((w) => w.run(`set memory_limit = '${values.memory!.replace(/[^0-9A-Za-z.]/g, '')}'`));
await loadConfigFile(db, 'catalogue', 'sample-data/catalogue.yaml');
await loadConfigFile(db, 'catalogue', 'sample-data/officers.yaml');
await loadConfigFile(db, 'calendar', 'sample-data/calendar.yaml');
await loadConfigFile(db, 'calendar', 'sample-data/holidays-id-2024-2026.csv');
let refreshAt = 0;
await loadFile(db, {
  kind: 'events',
  path: csv,
  onProgress: (phase, pct) => {
    if (phase === 'refresh' && pct === 0) refreshAt = performance.now();
  },
});
const t2 = performance.now();
console.log(
  `loaded the events in ${s(t1, t2)} (of which the SLA refresh and commit ${refreshAt ? s(refreshAt, t2) : '?'})`,
);
await loadFile(db, { kind: 'complaints', path: 'sample-data/complaints.csv' });
await loadFile(db, { kind: 'surveys', path: 'sample-data/surveys.csv' });
rmSync(csv, { force: true });
await db.write((w) => w.run('checkpoint'));
const c = await db.one<{ n: number; v: number; e: number }>(
  'select (select count(*) from case_sla) as n, (select count(*) from step_visits) as v, (select count(*) from events) as e',
);
console.log(
  `${out}: ${c!.e.toLocaleString('en')} events, ${c!.n.toLocaleString('en')} cases, ${c!.v.toLocaleString('en')} visits; built in ${s(t0, performance.now())}`,
);
db.close();
