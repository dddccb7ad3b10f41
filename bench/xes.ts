/**
 * XES import throughput (issue #4): events per second of `sla ingest events log.xes` against the
 * CSV loader on the same events, both measured in the same run.
 *
 * The generator's events (src/generate.ts) are written once as XES and once as CSV. An XES log
 * carries neither office nor service, so every case is given to one service (rokan-hilir/RBPAPS,
 * whose steps S1…S12 include those of the other services) in both files: the same rows, the same
 * validation, the same SQL refresh; only the reader differs.
 */
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../src/db/database.js';
import { generateEventsFile } from '../src/generate/index.js';

export interface XesBenchDeps {
  dir: string;
  freshDb: (name: string) => Promise<Database>;
  timedLoad: (
    db: Database,
    path: string,
    more?: { office?: string; service?: string },
  ) => Promise<{ total: number; refresh: number; accepted: number }>;
}

const OFFICE = 'rokan-hilir';
const SERVICE = 'RBPAPS';
const esc = (v: string) => v.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

async function put(w: WriteStream, text: string): Promise<void> {
  if (!w.write(text)) await once(w, 'drain');
}

/** The generated CSV (grouped by case) → an XES log and a CSV of the same events for one service. */
export async function convert(
  source: string,
  xesPath: string,
  csvPath: string,
): Promise<{ events: number; cases: number }> {
  const xes = createWriteStream(xesPath);
  const csv = createWriteStream(csvPath);
  await put(
    xes,
    '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n',
  );
  await put(csv, 'case_id,office,service,step,event,at,officer\n');
  let current = '';
  let events = 0;
  let cases = 0;
  let xesChunk = '';
  let csvChunk = '';
  let header = true;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      continue;
    }
    // case_id,office,service,step,event,at,officer,note — only the note may be quoted
    const f = line.split(',', 7);
    const [caseId, , , step, event, at, officer] = f as [string, string, string, string, string, string, string];
    if (caseId !== current) {
      if (current) xesChunk += '  </trace>\n';
      xesChunk += `  <trace>\n    <string key="concept:name" value="${esc(caseId)}"/>\n`;
      current = caseId;
      cases++;
    }
    xesChunk +=
      `    <event>\n      <string key="concept:name" value="${step}"/>\n` +
      (officer ? `      <string key="org:resource" value="${esc(officer)}"/>\n` : '') +
      `      <date key="time:timestamp" value="${at}"/>\n      <string key="lifecycle:transition" value="${event}"/>\n    </event>\n`;
    csvChunk += `${caseId},${OFFICE},${SERVICE},${step},${event},${at},${officer}\n`;
    events++;
    if (xesChunk.length > 1 << 20) {
      await put(xes, xesChunk);
      await put(csv, csvChunk);
      xesChunk = '';
      csvChunk = '';
    }
  }
  if (current) xesChunk += '  </trace>\n';
  await put(xes, xesChunk + '</log>\n');
  await put(csv, csvChunk);
  xes.end();
  csv.end();
  await Promise.all([once(xes, 'finish'), once(csv, 'finish')]);
  return { events, cases };
}

export async function benchXes(events: number, deps: XesBenchDeps): Promise<void> {
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const source = join(deps.dir, `xes-source-${events}.csv`);
  await generateEventsFile({
    seed: 5,
    events,
    out: source,
    catalogue: 'sample-data/catalogue.yaml',
    holidays: 'sample-data/holidays-id-2024-2026.csv',
    from: '2024-01',
  });
  const xesPath = join(deps.dir, `events-${events}.xes`);
  const csvPath = join(deps.dir, `events-${events}-one-service.csv`);
  const t0 = performance.now();
  const g = await convert(source, xesPath, csvPath);
  console.log(
    `\nXES. ${n(g.events)} events, ${n(g.cases)} cases written as XES (${(statSync(xesPath).size / 1e6).toFixed(0)} MB) and as CSV (${(statSync(csvPath).size / 1e6).toFixed(0)} MB) in ${fmt(performance.now() - t0)}`,
  );
  const one = { office: OFFICE, service: SERVICE };
  const dbCsv = await deps.freshDb('xes-baseline-csv');
  const rCsv = await deps.timedLoad(dbCsv, csvPath);
  dbCsv.close();
  const dbXes = await deps.freshDb('xes');
  const rXes = await deps.timedLoad(dbXes, xesPath, one);
  dbXes.close();
  if (rXes.accepted !== rCsv.accepted) throw new Error(`XES loaded ${rXes.accepted} rows, CSV ${rCsv.accepted}`);
  const tCsv = rCsv.total - rCsv.refresh;
  const tXes = rXes.total - rXes.refresh;
  console.log(
    `   CSV loader (baseline)       ${fmt(tCsv)}  ${n((1000 * rCsv.accepted) / tCsv)} events/s  (${n(rCsv.accepted)} rows)`,
  );
  console.log(
    `   XES import                  ${fmt(tXes)}  ${n((1000 * rXes.accepted) / tXes)} events/s  (streamed scan, packed rows, the same validation)`,
  );
  console.log(`   ratio XES / CSV             ${(tXes / tCsv).toFixed(2)}`);
  console.log(`   (+ SLA refresh in the same transaction: CSV ${fmt(rCsv.refresh)}, XES ${fmt(rXes.refresh)})`);
}
