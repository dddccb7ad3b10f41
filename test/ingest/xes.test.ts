import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferCatalogue } from '../../src/ingest/infer.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/store/open.js';
import { InputError } from '../../src/errors.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { dropXesStaging, stageXesFile } from '../../src/ingest/xes.js';
import { count, fixture, openTestDb } from '../helpers.js';

/*
 * XES import end to end on the public logs of test/fixtures/logs (its README gives source, licence
 * and attribution; running example 6 cases, 42 events; receipt 1,434 cases, 8,577 events): the flow a user follows — `sla catalogue infer` → `sla ingest catalogue` → `sla ingest
 * events … --office --service` — then hand checks of a few visits against the XML. The inferred
 * offices get the placeholder time zone Asia/Jakarta (the logs are Dutch, +01:00/+02:00), so local
 * working time below is WIB (UTC+7) with the default office hours of sample-data/calendar.yaml
 * (Mon–Thu 07:30–12:00, 13:00–16:00; Fri 07:30–11:30, 13:00–16:30); no holiday list covers 2010–2012.
 */

const logs = (f: string) => fixture(`logs/${f}`);
const RUNNING = logs('running-example.xes');
const RECEIPT = logs('08_receipt.xes.gz');
const dir = mkdtempSync(join(tmpdir(), 'sla-xes-'));
let db: Database;

async function draft(path: string, office: string, service: string): Promise<void> {
  const scratch = await openDatabase(':memory:');
  try {
    const r = await inferCatalogue(scratch, { path, office, service });
    const out = join(dir, `${office}.yaml`);
    writeFileSync(out, r.yaml);
    await loadConfigFile(db, 'catalogue', out);
  } finally {
    scratch.close();
  }
}

const iso = (d: unknown) => (d as Date).toISOString();

beforeAll(async () => {
  db = await openTestDb();
  await draft(RUNNING, 'nitro', 'CLAIM');
  await draft(RECEIPT, 'wabo', 'RECEIPT');
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const load = (path: string, more: Partial<Parameters<typeof loadFile>[1]> = {}) =>
  loadFile(db, { kind: 'events', path, office: 'nitro', service: 'CLAIM', ...more });
const fail = (path: string, more: Partial<Parameters<typeof loadFile>[1]> = {}) =>
  load(path, more).then(
    () => expect.unreachable('loaded'),
    (e: unknown) => e as InputError,
  );

describe('real logs: infer a catalogue, load it, import the XES', () => {
  it('running-example.xes: 6 cases, 42 events (no lifecycle → complete), 8 activities as steps', async () => {
    const r = await load(RUNNING);
    expect(r).toMatchObject({ status: 'committed', rowsRead: 42, accepted: 42, duplicates: 0 });
    const c = await db.one<{ n: number; cases: number; steps: number; completes: number }>(
      "select count(*) as n, count(distinct case_id) as cases, count(distinct step) as steps, count(*) filter (where event = 'complete') as completes from events where office = 'nitro'",
    );
    expect(c).toEqual({ n: 42, cases: 6, steps: 8, completes: 42 });
    expect(await count(db, 'case_sla', "office = 'nitro'")).toBe(6);
    // every completion without a start is a visit whose start is unknown (SPEC §2.3 rule 2)
    expect(await count(db, 'step_visits', "office = 'nitro' and started_at is null")).toBe(42);
  });

  it('case 1 by hand: register request Thu 30 Dec 2010 11:02+01:00, examine thoroughly Fri 31 Dec 10:06+01:00 (Sue)', async () => {
    const v = await db.all<{
      name: string;
      visit_no: number;
      officer: string;
      arrived_at: Date;
      completed_at: Date;
      handling_min: number;
      outcome: string;
    }>(
      `select s.name, v.visit_no, v.officer, v.arrived_at, v.completed_at, v.handling_min, v.outcome
       from step_visits v join sop_steps s using (office, service, step) where v.office = 'nitro' and v.case_id = '1' order by v.completed_at`,
    );
    expect(v.map((x) => x.name)).toEqual([
      'register request',
      'examine thoroughly',
      'check ticket',
      'decide',
      'reject request',
    ]);
    expect(v.map((x) => x.officer)).toEqual(['Pete', 'Sue', 'Mike', 'Sara', 'Pete']);
    const et = v[1]!;
    // the offsets are kept: 10:06+01:00 is 09:06Z; the file arrived with the previous hand-over (11:02+01:00 = 10:02Z)
    expect(iso(et.arrived_at)).toBe('2010-12-30T10:02:00.000Z');
    expect(iso(et.completed_at)).toBe('2010-12-31T09:06:00.000Z');
    expect(et.outcome).toBe('completed');
    // 10:02Z = Thu 17:02 WIB (closed) → 09:06Z = Fri 16:06 WIB: Fri 07:30–11:30 (240) + 13:00–16:06 (186) = 426
    expect(et.handling_min).toBe(426);
  });

  it('08_receipt.xes.gz: 1,434 cases, 8,577 complete-only events, 27 activities, 48 resources, +01:00/+02:00 kept absolute', async () => {
    const r = await load(RECEIPT, { office: 'wabo', service: 'RECEIPT' });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 8577, accepted: 8577 });
    const c = await db.one<{ n: number; cases: number; steps: number; officers: number; first: Date; last: Date }>(
      `select count(*) as n, count(distinct case_id) as cases, count(distinct step) as steps, count(distinct officer) as officers,
         min("at") as first, max("at") as last from events where office = 'wabo'`,
    );
    // README of the logs: from 2010-10-02T09:20:39.266+02:00 (07:20:39.266Z) to 2012-01-23T15:42:54.644+01:00 (14:42:54.644Z)
    expect(c).toEqual({
      n: 8577,
      cases: 1434,
      steps: 27,
      officers: 48,
      first: new Date('2010-10-02T07:20:39.266Z'),
      last: new Date('2012-01-23T14:42:54.644Z'),
    });
    expect(await count(db, 'case_sla', "office = 'wabo'")).toBe(1434);
    expect(await count(db, 'step_visits', "office = 'wabo'")).toBe(8577);
    const perStep = await db.all<{ name: string; n: number }>(
      `select s.name, count(*) as n from events e join sop_steps s using (office, service, step) where e.office = 'wabo' group by all order by n desc, s.name limit 3`,
    );
    expect(perStep).toEqual([
      { name: 'Confirmation of receipt', n: 1434 },
      { name: 'T06 Determine necessity of stop advice', n: 1416 },
      { name: 'T02 Check confirmation of receipt', n: 1368 },
    ]);
  });

  it('case-10011 by hand: T02 checked, adjusted (T03) six weeks later, checked again (rework)', async () => {
    const v = await db.all<{
      name: string;
      visit_no: number;
      officer: string;
      arrived_at: Date;
      completed_at: Date;
      handling_min: number;
    }>(
      `select s.name, v.visit_no, v.officer, v.arrived_at, v.completed_at, v.handling_min
       from step_visits v join sop_steps s using (office, service, step) where v.office = 'wabo' and v.case_id = 'case-10011' order by v.completed_at`,
    );
    expect(v.map((x) => [x.name, x.visit_no, x.officer])).toEqual([
      ['Confirmation of receipt', 1, 'Resource21'],
      ['T02 Check confirmation of receipt', 1, 'Resource10'],
      ['T03 Adjust confirmation of receipt', 1, 'Resource21'],
      ['T02 Check confirmation of receipt', 2, 'Resource21'],
    ]);
    // 2011-10-11T13:45:40.276+02:00 → 2011-10-12T08:26:25.398+02:00
    expect(iso(v[1]!.arrived_at)).toBe('2011-10-11T11:45:40.276Z');
    expect(iso(v[1]!.completed_at)).toBe('2011-10-12T06:26:25.398Z');
    // Tue 18:45 WIB (closed) → Wed 13:26:25.398 WIB: 07:30–12:00 (270) + 13:00–13:26:25.398 (26.4233) = 296.4233
    expect(v[1]!.handling_min).toBeCloseTo(296.4233, 6);
    // in winter time (+01:00): 2011-11-24T15:36:51.302+01:00 → 15:37:16.553+01:00, Thu 21:36 WIB: no working time
    expect(iso(v[3]!.arrived_at)).toBe('2011-11-24T14:36:51.302Z');
    expect(iso(v[3]!.completed_at)).toBe('2011-11-24T14:37:16.553Z');
    expect(v[3]!.handling_min).toBe(0);
    const cs = await db.one<{ rework_count: number }>(
      "select rework_count from case_sla where office = 'wabo' and case_id = 'case-10011'",
    );
    expect(cs!.rework_count).toBe(1);
  });

  it('loading the same file again adds nothing (idempotent)', async () => {
    const before = await count(db, 'events');
    const batches = await count(db, 'ingest_batches');
    const r = await load(RUNNING);
    expect(r.status).toBe('already_loaded');
    expect(await count(db, 'events')).toBe(before);
    expect(await count(db, 'ingest_batches')).toBe(batches);
  });

  it('gzip is recognised by its magic bytes and XES by its content, whatever the name; its events are duplicates', async () => {
    const odd = join(dir, 'export.dat');
    writeFileSync(odd, gzipSync(readFileSync(RUNNING)));
    const before = await count(db, 'events');
    const r = await load(odd);
    expect(r).toMatchObject({ status: 'committed', rowsRead: 42, accepted: 0, duplicates: 42 });
    expect(await count(db, 'events')).toBe(before);
    // a plain .xml file is read as XES too (a comment added: another file, the same events)
    const xml = join(dir, 'export.xml');
    writeFileSync(xml, readFileSync(RUNNING, 'utf8').replace('<log>', '<log><!-- salinan -->'));
    expect(await load(xml)).toMatchObject({ rowsRead: 42, accepted: 0 });
  });

  it('a dry run counts without saving; an XES batch is undone like any other', async () => {
    const dry = await load(join(dir, 'export.xml'), { dryRun: true });
    expect(dry).toMatchObject({ status: 'already_loaded' });
    const fresh = join(dir, 'fresh.xes');
    writeFileSync(
      fresh,
      readFileSync(RUNNING, 'utf8')
        .replaceAll('value="register request"', 'value="REGISTER REQUEST"')
        .replace('<log>', '<log><!-- x -->'),
    );
    expect(await load(fresh, { dryRun: true })).toMatchObject({
      status: 'dry_run',
      rowsRead: 42,
      accepted: 0,
      duplicates: 42,
    });
    const first = await db.one<{ batch_id: number }>(
      "select min(batch_id) as batch_id from ingest_batches where file_name like '%running-example.xes' and status = 'committed'",
    );
    const { undoBatch } = await import('../../src/ingest/batches.js');
    expect((await undoBatch(db, first!.batch_id)).removed).toBe(42);
    expect(await count(db, 'events', "office = 'nitro'")).toBe(0);
    expect(await count(db, 'case_sla', "office = 'nitro'")).toBe(0);
  });
});

/** A small XES log for pekanbaru/SIKTG (S1 Pengajuan berkas … S9); `events` are <event> bodies per trace. */
function xes(name: string, traces: Array<[string | null, string[]]>): string {
  const ev = (body: string) => `    <event>${body}</event>`;
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">',
    '  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>',
    ...traces.flatMap(([id, events]) => [
      '  <trace>',
      ...(id === null ? [] : [`    <string key="concept:name" value="${id}"/>`]),
      ...events.map(ev),
      '  </trace>',
    ]),
    '</log>',
  ].join('\n');
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const e = (step: string, at: string, transition?: string, officer = 'PKU-FO-01') =>
  `<string key="concept:name" value="${step}"/><string key="org:resource" value="${officer}"/><date key="time:timestamp" value="${at}"/>` +
  (transition ? `<string key="lifecycle:transition" value="${transition}"/>` : '');

describe('lifecycle and step mapping', () => {
  it('start/complete pairs make visits; schedule/assign/suspend/resume are skipped and counted; steps by code or by name', async () => {
    const path = xes('mapped.xes', [
      [
        'M-1',
        [
          e('S2', '2026-05-29T15:40:00+07:00', 'schedule'),
          e('S2', '2026-05-29T15:45:00+07:00', 'assign'),
          e('S2', '2026-05-29T15:50:00+07:00', 'start'),
          e(' penerimaan DAN pemeriksaan berkas ', '2026-06-01T10:00:00+07:00', 'suspend'),
          e('S2', '2026-06-02T07:30:00+07:00', 'resume'),
          e('Penerimaan dan pemeriksaan berkas', '2026-06-02T08:10:00+07:00', 'complete'),
        ],
      ],
      [
        'M-2',
        [
          e('S2', '2026-06-03T09:00:00+07:00', 'START'),
          e('S2', '2026-06-03T09:30:00+07:00', 'return'),
          e('S1', '2026-06-04T09:00:00+07:00', 'resubmit'),
          e('S2', '2026-06-04T10:00:00+07:00', 'pi_abort'),
        ],
      ],
    ]);
    const r = await load(path, { office: 'pekanbaru', service: 'SIKTG' });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 6, accepted: 6 });
    expect(r.message).toContain('4 kejadian XES dilewati (schedule 1, assign 1, suspend 1, resume 1)');
    // SPEC §2.3 worked example: Fri 15:50 → Tue 08:10 WIB = 80 working minutes (suspension not deducted)
    const v = await db.one<{ started_at: Date; handling_min: number }>(
      "select started_at, handling_min from step_visits where case_id = 'M-1' and step = 'S2'",
    );
    expect(iso(v!.started_at)).toBe('2026-05-29T08:50:00.000Z');
    expect(v!.handling_min).toBe(80);
    const kinds = await db.all<{ event: string }>('select event from events where case_id = \'M-2\' order by "at"');
    expect(kinds.map((k) => k.event)).toEqual(['start', 'return', 'resubmit', 'cancel']);
    expect((await db.one<{ status: string }>("select status from case_sla where case_id = 'M-2'"))!.status).toBe(
      'cancelled',
    );
  });
});

describe('values arrive as written (rows are packed with U+001D/U+001F on their way to DuckDB)', () => {
  it('separators of other formats, entities, non-ASCII text, a missing resource and an empty one', async () => {
    const path = xes('values.xes', [
      [
        'V-1, &quot;a&amp;b&quot;; é',
        [
          e('S1', '2026-06-03T09:00:00+07:00', 'complete', 'Siti &lt;FO&gt;\tNur'),
          '<string key="concept:name" value="S2"/><date key="time:timestamp" value="2026-06-03T10:00:00+07:00"/>',
        ],
      ],
      ['V-2', [e('S1', '2026-06-03T11:00:00+07:00', 'complete', '')]],
    ]);
    const r = await load(path, { office: 'pekanbaru', service: 'SIKTG' });
    expect(r).toMatchObject({ status: 'committed', accepted: 3 });
    const rows = await db.all<{ case_id: string; step: string; officer: string | null }>(
      "select case_id, step, officer from events where office = 'pekanbaru' and (case_id like 'V-1%' or case_id = 'V-2') order by \"at\"",
    );
    // the attribute value's tab is normalised to a space (XML attribute-value normalisation); '' is no officer
    expect(rows).toEqual([
      { case_id: 'V-1, "a&b"; é', step: 'S1', officer: 'Siti <FO> Nur' },
      { case_id: 'V-1, "a&b"; é', step: 'S2', officer: null },
      { case_id: 'V-2', step: 'S1', officer: null },
    ]);
  });

  it('a construct the fast scanner does not read (a processing instruction) past the first 4,096 rows: saxes reads the file again, no row twice', async () => {
    // 4,500 traces of one event each: the scanner has sent one pack of 4,096 rows when it meets the
    // instruction before </log>, gives up, and the rows it gave are forgotten before saxes' reading
    const path = xes(
      'late-pi.xes',
      Array.from(
        { length: 4500 },
        (_, i) => [`P-${i + 1}`, [e('S1', '2026-06-03T09:00:00+07:00')]] as [string, string[]],
      ),
    );
    writeFileSync(path, readFileSync(path, 'utf8').replace('</log>', '<?sla catatan?>\n</log>'));
    // the staging itself (the loader would drop a repeated row of one file silently)
    const staged = await stageXesFile(db, path, 'id');
    try {
      const rows = await db.write((w) =>
        w.one<{ n: number; lines: number; cases: number }>(
          `select count(*) as n, count(distinct line) as lines, count(distinct case_id) as cases from temp.${staged.table}`,
        ),
      );
      expect(rows).toEqual({ n: 4500, lines: 4500, cases: 4500 });
      expect(
        await db.write((w) => w.one<{ n: number }>(`select count(*) as n from temp.${staged.table}_traces`)),
      ).toEqual({ n: 4500 });
    } finally {
      await dropXesStaging(db, staged.table);
    }
    const r = await load(path, { office: 'pekanbaru', service: 'SIKTG' });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 4500, accepted: 4500, duplicates: 0 });
  });

  it('an XML 1.1 log may write control characters as references: one in a value is refused as malformed', async () => {
    const path = xes('controls.xes', [['C-1', [e('S1&#x1F;S2', '2026-06-03T09:00:00+07:00')]]]);
    writeFileSync(path, readFileSync(path, 'utf8').replace('version="1.0"', 'version="1.1"'));
    const before = await count(db, 'events');
    const err = await fail(path, { office: 'pekanbaru', service: 'SIKTG', lang: 'en' });
    // line 6: declaration, <log>, <global>, <trace>, the trace's name, then the event
    expect(err.message).toMatch(
      /controls\.xes: trace 1 \("C-1"\), event 1: malformed XML \(line 6, column \d+\): U\+001F in concept:name/,
    );
    expect(await count(db, 'events')).toBe(before);
  });
});

describe('steps by name as the seed spells it, or by an alias (SPEC §2.2)', () => {
  it('rokan-hilir/RBPAPS S8 is PENONOMORAN in seed 004; a log writing PENOMORAN matches it by its alias', async () => {
    const path = xes('rbpaps.xes', [
      [
        'RH-1',
        [
          e('PROSES BACK OFFICE', '2026-06-03T09:00:00+07:00', 'complete'),
          e('PENONOMORAN', '2026-06-03T10:00:00+07:00', 'complete'),
        ],
      ],
      [
        'RH-2',
        [
          e('PROSES BACK OFFICE', '2026-06-03T09:00:00+07:00', 'complete'),
          e('penomoran', '2026-06-03T11:00:00+07:00', 'complete'),
        ],
      ],
    ]);
    const r = await load(path, { office: 'rokan-hilir', service: 'RBPAPS' });
    expect(r).toMatchObject({ status: 'committed', accepted: 4 });
    const steps = await db.all<{ case_id: string; step: string }>(
      "select case_id, step from events where office = 'rokan-hilir' and case_id in ('RH-1', 'RH-2') order by case_id, \"at\"",
    );
    expect(steps).toEqual([
      { case_id: 'RH-1', step: 'S4' },
      { case_id: 'RH-1', step: 'S8' },
      { case_id: 'RH-2', step: 'S4' },
      { case_id: 'RH-2', step: 'S8' },
    ]);
    expect(await db.one("select name, aliases from sop_steps where office = 'rokan-hilir' and step = 'S8'")).toEqual({
      name: 'PENONOMORAN',
      aliases: ['PENOMORAN'],
    });
  });
});

describe('bad XES: an error names trace, event and attribute, and nothing is loaded', () => {
  const ok = (id: string) => [id, [e('S1', '2026-06-03T09:00:00+07:00')]] as [string, string[]];

  async function rejected(path: string, more: Partial<Parameters<typeof loadFile>[1]> = {}): Promise<InputError> {
    const before = await count(db, 'events');
    const err = await fail(path, { office: 'pekanbaru', service: 'SIKTG', ...more });
    expect(err).toBeInstanceOf(InputError);
    expect(await count(db, 'events')).toBe(before);
    return err;
  }

  it('malformed XML', async () => {
    const path = xes('malformed.xes', [ok('B-1'), ['B-2', ['<string key="concept:name" value="S1"></event']]]);
    const err = await rejected(path);
    expect(err.message).toMatch(/malformed\.xes: trace 2 \("B-2"\), event 1: XML tidak valid \(baris \d+, kolom \d+\)/);
    const b = await db.one<{ status: string; file_sha256: string }>(
      "select status, file_sha256 from ingest_batches where file_name like '%malformed.xes'",
    );
    expect(b!.status).toBe('rejected');
    expect(b!.file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a bad timestamp', async () => {
    const err = await rejected(
      xes('badtime.xes', [
        ok('B-1'),
        ['B-2', [e('S1', '2026-06-03T09:00:00+07:00'), e('S2', '2026-06-31T09:00:00+07:00')]],
      ]),
    );
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({
      file: 'badtime.xes',
      location: 'trace 2 ("B-2"), event 2, atribut time:timestamp',
    });
    expect(err.issues[0]!.reason).toContain('"2026-06-31T09:00:00+07:00" tidak dapat dibaca');
  });

  it('an unknown lifecycle transition (ate_abort has no equivalent)', async () => {
    const err = await rejected(xes('ate.xes', [['B-1', [e('S1', '2026-06-03T09:00:00+07:00', 'ate_abort')]]]), {
      lang: 'en',
    });
    expect(err.issues[0]).toMatchObject({ location: 'trace 1 ("B-1"), event 1, attribute lifecycle:transition' });
    expect(err.issues[0]!.reason).toMatch(/^lifecycle:transition "ate_abort" cannot be mapped/);
  });

  it('an unknown activity, grouped by value with its places', async () => {
    const err = await rejected(
      xes('unknown.xes', [
        ['B-1', [e('S1', '2026-06-03T09:00:00+07:00'), e('Terbang', '2026-06-03T10:00:00+07:00')]],
        ['B-2', [e('Terbang', '2026-06-03T11:00:00+07:00')]],
      ]),
    );
    expect(err.issues[0]!.location).toBe('trace 1 ("B-1"), event 2, atribut concept:name');
    expect(err.issues[0]!.reason).toBe(
      'tahap "Terbang" tidak ada di SOP layanan pekanbaru/SIKTG (2× di trace 1 ("B-1"), event 2; trace 2 ("B-2"), event 1)',
    );
  });

  it('a trace without a name, an event without a time', async () => {
    const err = await rejected(
      xes('noname.xes', [
        [null, [e('S1', '2026-06-03T09:00:00+07:00')]],
        ['B-2', ['<string key="concept:name" value="S1"/>']],
      ]),
    );
    expect(err.issues.map((i) => [i.location, i.reason])).toEqual([
      ['trace 1, atribut concept:name (trace)', 'wajib diisi'],
      ['trace 2 ("B-2"), event 1, atribut time:timestamp', 'wajib diisi'],
    ]);
  });

  it('without --office / --service, and an XML file that is not XES', async () => {
    const err = await rejected(RUNNING, { office: undefined, service: undefined });
    expect(err.issues.map((i) => i.reason)).toEqual([
      'XES tidak memuat office: berikan --office',
      'XES tidak memuat service: berikan --service',
    ]);
    const html = join(dir, 'page.xml');
    writeFileSync(html, '<html><body/></html>');
    expect((await rejected(html)).message).toContain('bukan log XES (elemen akar <html>');
  });
});
