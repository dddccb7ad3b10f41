/**
 * One memory-bound operation in a process of its own, for test/memory/*.test.ts: prints, as the
 * last line of stdout, JSON with the process's peak resident set in MB
 * (`process.resourceUsage().maxRSS`, which the kernel keeps: no sampling) once set up (`before`)
 * and after the operation (`peak`), and what the operation answered.
 *
 *   node --import tsx test/memory/child.ts load <kind> <path> [office service]
 *   node --import tsx test/memory/child.ts scan <path> <record>…
 *   node --import tsx test/memory/child.ts sql <format> <maxBytes> <sql>
 *     (POST /api/sql on a listening service, the body read and dropped as it comes)
 */
import { buildApp } from '../../src/app.js';
import { scanFile } from '../../src/ingest/lines.js';
import { loadFile } from '../../src/ingest/load.js';
import type { RowKind } from '../../src/ingest/kinds.js';
import { openDatabase } from '../../src/store/open.js';
import { loadSampleConfig } from '../sample.js';

/** What test/helpers.ts' openTestDb holds, built here (that module imports vitest). */
async function openTestDb() {
  const db = await openDatabase(':memory:');
  await loadSampleConfig(db);
  return db;
}

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(op: string | undefined, args: string[]): Promise<{ before: number; answer: unknown }> {
  if (op === 'load') {
    const [kind, path, office, service] = args;
    const db = await openTestDb();
    const before = peakMb();
    try {
      const r = await loadFile(db, { kind: kind as RowKind, path: path!, office, service, lang: 'en' });
      return { before, answer: { ok: true, status: r.status, rowsRead: r.rowsRead } };
    } catch (err) {
      const batches = await db.all<{ status: string }>(
        'select status from ingest_batches where kind = $kind order by batch_id',
        { kind: kind! },
      );
      return { before, answer: { ok: false, message: (err as Error).message, batches: batches.map((b) => b.status) } };
    } finally {
      db.close();
    }
  }
  if (op === 'scan') {
    const [path, ...records] = args;
    const before = peakMb();
    const scan = await scanFile(path!, true, undefined, false);
    // (the line map of before #23 had lineOf on the scan: kept so that the test can be run against it)
    const legacy = scan as unknown as { lineOf?: (r: number) => number | undefined };
    const lineOf = legacy.lineOf ?? (await scan.places(records.map(Number), undefined as never)).lineOf;
    return { before, answer: { records: scan.records, lines: records.map((r) => lineOf(Number(r)) ?? null) } };
  }
  if (op === 'sql') {
    const [format, maxBytes, sql] = args;
    const db = await openTestDb();
    const app = await buildApp({ db, sql: { maxRows: 100_000_000, maxBytes: Number(maxBytes), timeoutMs: 600_000 } });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const before = peakMb();
      const res = await fetch(`${url}/api/sql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sql, format }),
      });
      let bytes = 0;
      for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
      const h = (k: string) => res.headers.get(k);
      // (select *: the columns of before #23 had no bytes_returned, truncated)
      const audit = (await db.all<Record<string, unknown>>('select * from query_audit_log order by query_id')).map(
        (r) => ({
          outcome: r.outcome,
          rows_returned: r.rows_returned,
          bytes_returned: r.bytes_returned,
          truncated: r.truncated,
        }),
      );
      return {
        before,
        answer: {
          status: res.status,
          bytes,
          rowCount: h('x-row-count'),
          truncated: h('x-truncated'),
          truncatedBy: h('x-truncated-by'),
          audit,
        },
      };
    } finally {
      await app.close();
      db.close();
    }
  }
  throw new Error(`unknown operation ${op}`);
}

const [op, ...args] = process.argv.slice(2);
const { before, answer } = await main(op, args);
console.log(JSON.stringify({ before, peak: peakMb(), answer }));
