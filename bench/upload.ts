/**
 * Section 6 of `npm run bench` (alone: `--only upload`): loading through HTTP (issue #22).
 *  a. an events CSV of N events (`--upload-events`, default 1,000,000) uploaded to
 *     POST /api/ingest/events on loopback and loaded, versus what `sla ingest` does with the
 *     same file (loadFile, then the dashboard summaries), each into a fresh database (target ≤ 1.3);
 *  b. an XLSX of R rows (`--xlsx-rows`, default 100,000) versus the same rows as CSV, each
 *     through the loader into a fresh database (target ≤ 3).
 * Three alternating runs of each pair; the medians (this shared machine's speed varies).
 */
import ExcelJS from 'exceljs';
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { buildSummaries } from '../src/read/summaries.js';
import { loadFile } from '../src/ingest/load.js';
import { parseCsv } from '../src/csv.js';
import { createInterface } from 'node:readline';

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const n = (x: number) => x.toLocaleString('en');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** Streams `path` as one multipart file part to the app; resolves with status and body. */
function postFile(port: number, path: string, name: string): Promise<{ status: number; body: string }> {
  const boundary = 'sla-bench-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/ingest/events',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + statSync(path).size + tail.length,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    file.on('error', reject);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

/** The rows of a CSV written as the first sheet of an XLSX (exceljs' streaming writer; text cells, as exports write them). */
async function csvToXlsx(csv: string, out: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true });
  const ws = wb.addWorksheet('Sheet1');
  const lines = createInterface({ input: createReadStream(csv), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    ws.addRow(parseCsv(line, ',')[0] ?? []).commit();
  }
  ws.commit();
  await wb.commit();
}

export interface UploadBenchDeps {
  dir: string;
  freshDb(name: string): Promise<Database>;
  eventsFile(name: string, events: number, seed: number, from: string): Promise<string>;
}

export async function benchUpload(events: number, rows: number, deps: UploadBenchDeps): Promise<void> {
  const { dir, freshDb, eventsFile } = deps;

  // a. HTTP upload and load vs sla ingest's own path
  const file = await eventsFile(`upload-${events}`, events, 3, '2024-01');
  const cli: number[] = [];
  const http: number[] = [];
  for (let i = 0; i < 3; i++) {
    const db1 = await freshDb('upload-cli');
    cli.push(
      (
        await time(async () => {
          await loadFile(db1, { kind: 'events', path: file });
          await buildSummaries(db1);
        })
      )[0],
    );
    db1.close();
    const db2 = await freshDb('upload-http');
    const app = await buildApp({ db: db2, upload: { dir: join(dir, 'uploads') } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const [t, r] = await time(() => postFile(port, file, 'events.csv'));
    if (r.status !== 200) throw new Error(`upload: HTTP ${r.status}: ${r.body.slice(0, 500)}`);
    http.push(t);
    await app.close();
    db2.close();
  }
  const tCli = median(cli);
  const tHttp = median(http);
  console.log(
    `\n6a. ${n(events)} events (${(statSync(file).size / 1e6).toFixed(0)} MB CSV) through HTTP vs sla ingest (medians of 3 alternating runs)`,
  );
  console.log(`   sla ingest (loadFile + summaries)   ${fmt(tCli)}  (${cli.map(fmt).join(', ')})`);
  console.log(
    `   POST /api/ingest/events (loopback)  ${fmt(tHttp)}  (${http.map(fmt).join(', ')}; upload streamed to disk, load, summaries)`,
  );
  console.log(`   ratio                               ${(tHttp / tCli).toFixed(2)}  (target ≤ 1.3)`);

  // b. XLSX vs the same rows as CSV
  const csv = await eventsFile(`xlsx-${rows}`, rows, 4, '2024-01');
  const xlsx = csv.replace(/\.csv$/, '.xlsx');
  const [tConv] = await time(() => csvToXlsx(csv, xlsx));
  console.log(
    `\n6b. ${n(rows)} events as XLSX (${(statSync(xlsx).size / 1e6).toFixed(1)} MB, written in ${fmt(tConv)}) vs the same rows as CSV (${(statSync(csv).size / 1e6).toFixed(1)} MB)`,
  );
  const tCsv: number[] = [];
  const tXlsx: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = await freshDb('xlsx-csv');
    const [t1, r1] = await time(() => loadFile(a, { kind: 'events', path: csv }));
    tCsv.push(t1);
    a.close();
    const b = await freshDb('xlsx-xlsx');
    const [t2, r2] = await time(() => loadFile(b, { kind: 'events', path: xlsx }));
    tXlsx.push(t2);
    b.close();
    if (r1.accepted !== r2.accepted) throw new Error(`XLSX loaded ${r2.accepted} rows, the CSV ${r1.accepted}`);
  }
  console.log(`   CSV   ${fmt(median(tCsv))}  (${tCsv.map(fmt).join(', ')})`);
  console.log(`   XLSX  ${fmt(median(tXlsx))}  (${tXlsx.map(fmt).join(', ')})`);
  console.log(`   ratio ${(median(tXlsx) / median(tCsv)).toFixed(2)}  (target ≤ 3)`);
}
