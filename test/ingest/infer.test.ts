import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferCatalogue, usualOrder, type InferredCatalogue } from '../../src/ingest/infer.js';
import { validateCatalogue } from '../../src/catalogue/catalogue.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/store/open.js';
import { InputError } from '../../src/errors.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { slaCommand } from '../command.js';
import { count, fixture, openTestDb } from '../helpers.js';

/*
 * `sla catalogue infer` on the public logs of test/fixtures/logs (README there gives source and
 * licence; counts: running example 6 cases, 42 events; receipt 1,434 cases, 8,577 events): a draft
 * whose steps follow the usual order, with officers from the resources, every quota null and the
 * observed p80 handling time as a SARAN comment, loadable as it is.
 */

const logs = (f: string) => fixture(`logs/${f}`);
const dir = mkdtempSync(join(tmpdir(), 'sla-infer-'));

/**
 * The receipt log as pm4py exports it to CSV (its `receipt.csv`): one row per event, pm4py's
 * column names, times as `2011-10-11 13:45:40.276000+02:00`. Written from the XES so that the
 * 2.3 MB CSV need not be stored beside it.
 */
function receiptCsv(xesGz: string, out: string): string {
  const cols = [
    'case:concept:name',
    'concept:instance',
    'concept:name',
    'lifecycle:transition',
    'org:group',
    'org:resource',
    'time:timestamp',
  ] as const;
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const rows: string[] = [cols.join(',')];
  let caseId = '';
  let event: Record<string, string> | null = null;
  let depth = 0;
  let traceDepth = -1;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    depth++;
    const key = String(tag.attributes['key'] ?? '');
    const value = String(tag.attributes['value'] ?? '');
    if (tag.name === 'trace') traceDepth = depth;
    else if (tag.name === 'event') event = {};
    else if (event && depth === traceDepth + 2)
      event[key] = tag.name === 'date' ? value.replace('T', ' ').replace(/\.(\d{3})/, '.$1000') : value;
    else if (traceDepth > 0 && depth === traceDepth + 1 && key === 'concept:name') caseId = value;
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (tag.name === 'event' && event) {
      const e: Record<string, string> = { ...event, 'case:concept:name': caseId };
      rows.push(cols.map((c) => quote(e[c] ?? '')).join(','));
      event = null;
    } else if (tag.name === 'trace') traceDepth = -1;
  });
  parser.write(gunzipSync(readFileSync(xesGz)).toString('utf8')).close();
  writeFileSync(out, rows.join('\n') + '\n');
  return out;
}
let scratch: Database;
let running: InferredCatalogue;
let receipt: InferredCatalogue;

beforeAll(async () => {
  scratch = await openDatabase(':memory:');
  running = await inferCatalogue(scratch, { path: logs('running-example.xes'), office: 'nitro', service: 'CLAIM' });
  receipt = await inferCatalogue(scratch, { path: logs('08_receipt.xes.gz'), office: 'wabo', service: 'RECEIPT' });
});
afterAll(() => {
  scratch?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('usual order', () => {
  it('is the order that disagrees with the fewest observed pairs', () => {
    // A<B 5×, B<C 5×, A<C 4×, C<A 1×: A B C disagrees once; the starting order C A B disagrees 14×
    const order = usualOrder(
      ['C', 'A', 'B'],
      [
        { a: 'A', b: 'B', n: 5 },
        { a: 'B', b: 'C', n: 5 },
        { a: 'A', b: 'C', n: 4 },
        { a: 'C', b: 'A', n: 1 },
      ],
    );
    expect([...order].sort((x, y) => x[1] - y[1]).map(([k]) => k)).toEqual(['A', 'B', 'C']);
  });
});

describe('running-example.xes', () => {
  it('steps in their usual order, optional when missing from more than 10% of cases', () => {
    expect(running).toMatchObject({ cases: 6, events: 42 });
    expect(running.steps.map((s) => [s.step, s.name, s.cases, s.optional])).toEqual([
      ['S1', 'register request', 6, false],
      ['S2', 'examine casually', 4, true],
      ['S3', 'check ticket', 6, false],
      ['S4', 'examine thoroughly', 3, true],
      ['S5', 'decide', 6, false],
      ['S6', 'reinitiate request', 2, true],
      ['S7', 'reject request', 3, true],
      ['S8', 'pay compensation', 3, true],
    ]);
  });

  it('p80 handling suggestion computed from the log (wall-clock minutes)', () => {
    // examine thoroughly, from the previous event of its case: case 3 12:18→13:06 = 48; case 1
    // 30 Dec 11:02→31 Dec 10:06 = 1384; case 4 7 Jan 12:06→8 Jan 14:43 = 1597.
    // quantile_cont 0.8 of (48, 1384, 1597) = 1384 + 0.6 × 213 = 1511.8
    const et = running.steps.find((s) => s.name === 'examine thoroughly')!;
    expect(et.p80Min).toBeCloseTo(1511.8, 9);
    expect(et.resources).toEqual([
      { officer: 'Sean', n: 2 },
      { officer: 'Sue', n: 1 },
    ]);
    expect(et.actor).toBe('Sean');
    // the first step of every case has no observable handling time
    expect(running.steps[0]!.p80Min).toBeNull();
    expect(running.yaml).toContain(
      '{ step: S4, name: "examine thoroughly", actor: "Sean", quota: null, clock: office, optional: true }   # SARAN kuota: p80 = 1.511,8 menit (≈ 1 hari)',
    );
  });

  it('ready step: the most frequent last activity (tie 3–3 → by name); officers from resources; placeholder zone marked EDIT', () => {
    expect(running.readyStep).toBe('S8');
    expect(running.officers.sort()).toEqual(['Ellen', 'Mike', 'Pete', 'Sara', 'Sean', 'Sue']);
    expect(running.timezone).toBe('Asia/Jakarta');
    expect(running.yaml).toContain('# EDIT: zona waktu pengganti; offset log (+01:00 42×) bukan zona Indonesia');
  });

  it('the draft is a valid catalogue with no quota at all', () => {
    const doc = parseYaml(running.yaml) as { services: Array<{ quota: unknown; steps: Array<{ quota: unknown }> }> };
    const cat = validateCatalogue(doc, 'draft.yaml', new Map());
    expect(cat.offices).toEqual([{ office: 'nitro', name: 'nitro', timezone: 'Asia/Jakarta' }]);
    expect(cat.services[0]).toMatchObject({
      office: 'nitro',
      service: 'CLAIM',
      quotaMin: null,
      fee: null,
      readyStep: 'S8',
      effectiveFrom: null,
    });
    expect(cat.services[0]!.steps.every((s) => s.quotaMin === null && s.clock === 'office')).toBe(true);
    expect(cat.officers).toHaveLength(6);
  });
});

describe('08_receipt.xes.gz', () => {
  it('27 activities, 48 resources, offsets counted, the main path in order', () => {
    expect(receipt).toMatchObject({ cases: 1434, events: 8577 });
    expect(receipt.steps).toHaveLength(27);
    expect(receipt.officers).toHaveLength(48);
    expect(receipt.offsets).toEqual([
      { offset: '+01:00', n: 4318 },
      { offset: '+02:00', n: 4259 },
    ]);
    const names = receipt.steps.map((s) => s.name);
    const main = [
      'Confirmation of receipt',
      'T02 Check confirmation of receipt',
      'T04 Determine confirmation of receipt',
      'T05 Print and send confirmation of receipt',
      'T06 Determine necessity of stop advice',
      'T10 Determine necessity to stop indication',
    ];
    expect(main.map((n) => names.indexOf(n))).toEqual([...main.map((n) => names.indexOf(n))].sort((a, b) => a - b));
    expect(names[0]).toBe('Confirmation of receipt');
    // document X: create, check, determine, print
    const x = [
      'T11 Create document X request unlicensed',
      'T12 Check document X request unlicensed',
      'T14 Determine document X request unlicensed',
      'T15 Print document X request unlicensed',
    ];
    expect(x.map((n) => names.indexOf(n))).toEqual([...x.map((n) => names.indexOf(n))].sort((a, b) => a - b));
    // T10 ends 828 cases (README of the logs)
    const t10 = receipt.steps.find((s) => s.name.startsWith('T10'))!;
    expect(receipt.readyStep).toBe(t10.step);
    expect(receipt.yaml).toContain('"T10 Determine necessity to stop indication", 828 kasus');
    const conf = receipt.steps[0]!;
    expect(conf).toMatchObject({ events: 1434, cases: 1434, optional: false });
  });

  it('the CSV export of the same log (pm4py column names) gives the same draft', async () => {
    const path = receiptCsv(logs('08_receipt.xes.gz'), join(dir, 'receipt.csv'));
    expect(readFileSync(path, 'utf8').split('\n', 2)[1]).toBe(
      'case-10011,task-42933,Confirmation of receipt,complete,Group 1,Resource21,2011-10-11 13:45:40.276000+02:00',
    );
    const csv = await inferCatalogue(scratch, { path, office: 'wabo', service: 'RECEIPT' });
    expect(csv).toMatchObject({ cases: 1434, events: 8577 });
    expect(csv.steps.map((s) => [s.name, s.events, s.cases, s.optional])).toEqual(
      receipt.steps.map((s) => [s.name, s.events, s.cases, s.optional]),
    );
    expect(csv.readyStep).toBe(receipt.readyStep);
    expect(csv.officers).toEqual(receipt.officers);
  });
});

describe('offices and time zones', () => {
  const log = (offset: string) => {
    const path = join(dir, `wib${offset.replace(':', '')}.xes`);
    const ev = (step: string, at: string) =>
      `<event><string key="concept:name" value="${step}"/><date key="time:timestamp" value="${at}${offset}"/></event>`;
    writeFileSync(
      path,
      `<log><trace><string key="concept:name" value="K-1"/>${ev('Loket', '2026-06-03T08:00:00')}${ev('Verifikasi', '2026-06-03T09:15:00')}</trace></log>`,
    );
    return path;
  };

  it('an Indonesian offset gives its zone', async () => {
    expect((await inferCatalogue(scratch, { path: log('+07:00'), office: 'x', service: 'Y' })).timezone).toBe(
      'Asia/Jakarta',
    );
    const wita = await inferCatalogue(scratch, { path: log('+08:00'), office: 'x', service: 'Y' });
    expect(wita.timezone).toBe('Asia/Makassar');
    expect(wita.yaml).toContain('# zona waktu Asia/Makassar dari offset log (+08:00 2×)');
    // no resources: actor unknown, no officers block; Verifikasi handled 75 minutes after Loket
    expect(wita.steps.map((s) => [s.name, s.actor, s.p80Min])).toEqual([
      ['Loket', 'Tidak diketahui', null],
      ['Verifikasi', 'Tidak diketahui', 75],
    ]);
    expect(wita.yaml).not.toContain('officers:');
  });

  it('an office already in the database is referenced, and the draft loads and the log imports with it', async () => {
    const db = await openTestDb();
    try {
      const r = await inferCatalogue(scratch, {
        path: log('+07:00'),
        office: 'pekanbaru',
        service: 'LOKET',
        officeExists: true,
      });
      expect(r.yaml).toContain('offices: []');
      const out = join(dir, 'pekanbaru-loket.yaml');
      writeFileSync(out, r.yaml);
      await loadConfigFile(db, 'catalogue', out);
      const loaded = await loadFile(db, { kind: 'events', path: log('+07:00'), office: 'pekanbaru', service: 'LOKET' });
      expect(loaded).toMatchObject({ status: 'committed', accepted: 2 });
      // 08:00 → 09:15 WIB on Wednesday 3 June 2026, within office hours: 75 working minutes
      const v = await db.one<{ handling_min: number }>(
        "select handling_min from step_visits where service = 'LOKET' and step = 'S2'",
      );
      expect(v!.handling_min).toBe(75);
      expect(await count(db, 'offices')).toBe(3);
    } finally {
      db.close();
    }
  });

  it('a bad office code or an empty log is refused', async () => {
    await expect(
      inferCatalogue(scratch, { path: log('+07:00'), office: 'Kota Pekanbaru', service: 'Y' }),
    ).rejects.toBeInstanceOf(InputError);
    const empty = join(dir, 'empty.xes');
    writeFileSync(empty, '<log><trace><string key="concept:name" value="K-1"/></trace></log>');
    await expect(inferCatalogue(scratch, { path: empty, office: 'x', service: 'Y' })).rejects.toThrow(/log kosong/);
  });
});

describe('sla catalogue infer (command line)', () => {
  it('writes the draft to stdout (the same YAML as the module); a missing option is an error', async () => {
    const run = (...args: string[]) => slaCommand('--db', join(dir, 'none.duckdb'), ...args);
    const out = await run('catalogue', 'infer', logs('running-example.xes'), '--office', 'nitro', '--service', 'CLAIM');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(running.yaml);
    const missing = await run('catalogue', 'infer', logs('running-example.xes'), '--office', 'nitro');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--service');
  });
});
