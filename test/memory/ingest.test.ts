/**
 * Memory of the loader is bounded by configuration, not by the input (#23): a file that is small
 * on disk but large in what the loader would keep per trace or per line is read in a child process
 * (test/memory/child.ts) whose peak resident set is asserted under a bound. The bounds are the
 * growth over the child's own peak once set up (DuckDB, the catalogue), measured on this code and
 * on the code before #23:
 *   XES, 3.000.000 empty <trace/> (24 MB of XML, ~40 KB gzipped): before +~100 MB (an index of
 *   every trace), now +~20 MB;
 *   CSV, 6.666.666 one-byte records between blank lines (20 MB): before +~600 MB (a break per
 *   record in the line map), now +~25 MB.
 * And the XES limits refuse a file past them, naming the setting, with a `rejected` batch.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadFile } from '../../src/ingest/load.js';
import { openTestDb } from '../helpers.js';
import { child } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'sla-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('XES: memory does not grow with the number of traces', () => {
  it('3.000.000 empty traces: read within +60 MB, refused as empty, with a rejected batch', async () => {
    const path = join(dir, 'empty-traces.xes.gz');
    const gz = createGzip();
    const done = finished(gz.pipe(createWriteStream(path)));
    gz.write('<?xml version="1.0"?>\n<log xes.version="1.0">\n');
    const block = '<trace/>'.repeat(10_000);
    for (let i = 0; i < 300; i++) if (!gz.write(block)) await new Promise((r) => gz.once('drain', r));
    gz.end('</log>\n');
    await done;
    const r = await child('load', 'events', path, 'pekanbaru', 'SIKTG');
    // no trace holds an event: nothing to load
    expect(r.answer).toMatchObject({ ok: false, batches: ['rejected'] });
    expect(r.answer.message).toMatch(/empty/i);
    expect(r.peak - r.before).toBeLessThan(60);
  });
});

describe('XES: past SLA_XES_MAX_TRACES or SLA_XES_MAX_EVENTS the file is refused', () => {
  // 3 traces of 2 events each: 3 traces, 6 events
  const ev = (i: number) =>
    `<event><string key="concept:name" value="S1"/><string key="lifecycle:transition" value="${i % 2 ? 'complete' : 'start'}"/><date key="time:timestamp" value="2026-07-06T08:0${i}:00+07:00"/></event>`;
  const trace = (k: number) => `<trace><string key="concept:name" value="L-${k}"/>${ev(0)}${ev(1)}</trace>`;
  const path = join(dir, 'three.xes');
  writeFileSync(path, `<?xml version="1.0"?>\n<log xes.version="1.0">\n${[1, 2, 3].map(trace).join('\n')}\n</log>\n`);

  const refusal = async (xesLimits: { maxTraces: number; maxEvents: number }) => {
    const db = await openTestDb();
    try {
      const err = await loadFile(db, {
        kind: 'events',
        path,
        office: 'pekanbaru',
        service: 'SIKTG',
        lang: 'en',
        xesLimits,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      const batches = await db.all<{ status: string; message: string }>(
        "select status, message from ingest_batches where kind = 'events'",
      );
      return { err, batches };
    } finally {
      db.close();
    }
  };

  it('3 traces over a limit of 2', async () => {
    const { err, batches } = await refusal({ maxTraces: 2, maxEvents: 100 });
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues).toEqual([
      {
        file: 'three.xes',
        reason:
          'the XES file holds more than 2 <trace> elements (SLA_XES_MAX_TRACES); split the file or raise the limit',
      },
    ]);
    expect(batches).toMatchObject([{ status: 'rejected', message: expect.stringContaining('SLA_XES_MAX_TRACES') }]);
  });

  it('6 events over a limit of 5; at the limits exactly the file loads', async () => {
    const { err } = await refusal({ maxTraces: 100, maxEvents: 5 });
    expect((err as InputError).issues[0]!.reason).toBe(
      'the XES file holds more than 5 <event> elements (SLA_XES_MAX_EVENTS); split the file or raise the limit',
    );
    const { err: none, batches } = await refusal({ maxTraces: 3, maxEvents: 6 });
    expect(none).toBeUndefined();
    expect(batches).toMatchObject([{ status: 'committed' }]);
  });
});

describe('CSV: the line map does not grow with the number of lines', () => {
  it('6.666.666 records between blank lines (20 MB): scanned within +80 MB, lines still exact', async () => {
    // line 1 the header, line 2 blank, then record k ("x") on line 2k + 1 and a blank line after it
    const path = join(dir, 'blank-lines.csv');
    writeFileSync(path, `case_id,note\n\n${'x\n\n'.repeat(6_666_666)}`);
    const r = await child('scan', path, '1', '2', '5000000', '6666666', '6666667');
    expect(r.answer).toEqual({ records: 6_666_666, lines: [3, 5, 10_000_001, 13_333_333, null] });
    expect(r.peak - r.before).toBeLessThan(80);
  });
});
