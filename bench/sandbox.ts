/**
 * npm run bench:sql [-- --events N]
 * The cost of the auditor sandbox on a database of N generated events (default 1,000,000),
 * against baselines measured in the same run:
 *  1. the first auditor query after a load (a new snapshot of the allowed data, then the query)
 *     vs the same query on the service's own connection;
 *  2. a later auditor query (snapshot current) vs the same query on the service's connection.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/store/open.js';
import { generateEventsFile } from '../src/generate/index.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';
import { AuditorSql } from '../src/sandbox/engine.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const N = Number(values.events);
const dir = join(tmpdir(), 'sla-bench-sql');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

const file = join(dir, 'events.csv');
await generateEventsFile({
  seed: 5,
  events: N,
  out: file,
  catalogue: 'sample-data/catalogue.yaml',
  holidays: 'sample-data/holidays-id-2024-2026.csv',
  from: '2024-01',
});
const db = await openDatabase(join(dir, 'sla.duckdb'));
await loadConfigFile(db, 'catalogue', 'sample-data/catalogue.yaml');
await loadConfigFile(db, 'calendar', 'sample-data/calendar.yaml');
await loadConfigFile(db, 'calendar', 'sample-data/holidays-id-2024-2026.csv');
const [tLoad, loaded] = await time(() => loadFile(db, { kind: 'events', path: file }));
console.log(`loaded ${loaded.accepted.toLocaleString('en')} events in ${fmt(tLoad)}`);

const engine = new AuditorSql(db);
const queries = {
  count: 'select count(*) from events',
  'group-by': 'select office, service, status, count(*), median(elapsed_min) from case_sla group by all',
  window:
    'select office, step, quantile_cont(gap, 0.9) from (select office, step, epoch("at") - epoch(lag("at") over (partition by office, case_id order by "at")) as gap from events) group by all',
};
for (const [name, sql] of Object.entries(queries)) {
  const [tBase] = await time(() => db.all(sql));
  // a load commits: the next auditor query makes a new snapshot
  await db.write((w) => w.run('checkpoint'));
  const [tCold] = await time(() => engine.run({ sql, who: 'bench' }));
  const [tWarm] = await time(() => engine.run({ sql, who: 'bench' }));
  const [tBase2] = await time(() => db.all(sql));
  console.log(`\n${name}: ${sql}`);
  console.log(`   service connection          ${fmt(Math.min(tBase, tBase2))}`);
  console.log(`   auditor, first after a load ${fmt(tCold)}  (new snapshot + query)`);
  console.log(
    `   auditor, snapshot current   ${fmt(tWarm)}  (ratio ${(tWarm / Math.min(tBase, tBase2)).toFixed(2)}; the sandbox runs on SLA_SQL_THREADS = 1 thread)`,
  );
}
await engine.close();
db.close();
rmSync(dir, { recursive: true, force: true });
