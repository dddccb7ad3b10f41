import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { BadRequestError, InputError, NotFoundError } from '../../src/errors.js';
import { listBatches, undoBatch } from '../../src/ingest/batches.js';
import { loadFile, type LoadOptions } from '../../src/ingest/load.js';
import { count, fixture, openTestDb } from '../helpers.js';

/**
 * Loading row data (SPEC §2.3–2.5, §4 Inputs): events, complaints and surveys as CSV and JSON
 * Lines; all or nothing, idempotent, errors located by file, line and field.
 *
 * All offices of the seed are WIB (UTC+7): a local time without offset is 7 hours ahead of UTC,
 * so 2026-05-29 15:50 in pekanbaru is 2026-05-29T08:50:00Z, and a bare date is local midnight
 * (2026-05-05 → 2026-05-04T17:00:00Z). Each fixture uses its own case/response/complaint ids so
 * tests can share one database and compare counts before and after.
 */

let db: Database;

beforeAll(async () => {
  db = await openTestDb();
});

afterAll(() => db?.close());

const path = (name: string) => fixture(`ingest/${name}`);
const load = (kind: LoadOptions['kind'], name: string, opts: Partial<LoadOptions> = {}) =>
  loadFile(db, { kind, path: path(name), ...opts });

/** Loads a file expected to be refused; checks nothing was added to `table`; returns the error. */
async function refuse(
  kind: LoadOptions['kind'],
  name: string,
  table: string,
  opts: Partial<LoadOptions> = {},
): Promise<InputError> {
  const before = await count(db, table);
  const err = await load(kind, name, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  expect(await count(db, table)).toBe(before);
  return err as InputError;
}

interface EventRow {
  case_id: string;
  office: string;
  service: string;
  step: string;
  event: string;
  at: string;
  officer: string | null;
  note: string | null;
}

const events = (where: string, target: Database = db) =>
  target.all<EventRow>(
    `select case_id, office, service, step, event, strftime("at", '%Y-%m-%dT%H:%M:%S.%gZ') as "at", officer, note
     from events where ${where} order by case_id, "at", step, event`,
  );

describe('events: good files', () => {
  it('a CSV with and without offsets, step by number, quoted commas lands with the right instants', async () => {
    const r = await load('events', 'events-good.csv');
    expect(r).toMatchObject({ status: 'committed', rowsRead: 6, accepted: 6, duplicates: 0 });
    expect(await events("case_id like 'E-GOOD-%'")).toEqual([
      // line 2: "2026-05-29 15:40" local WIB → 08:40Z
      {
        case_id: 'E-GOOD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S1',
        event: 'start',
        at: '2026-05-29T08:40:00.000Z',
        officer: null,
        note: null,
      },
      // line 3: "15:45:00+07:00" absolute → 08:45Z
      {
        case_id: 'E-GOOD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S1',
        event: 'complete',
        at: '2026-05-29T08:45:00.000Z',
        officer: null,
        note: null,
      },
      // line 4: step "2" → S2 (2nd step of SIKTG); "2026-05-29 15:50" local → 08:50Z (the SPEC example)
      {
        case_id: 'E-GOOD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S2',
        event: 'start',
        at: '2026-05-29T08:50:00.000Z',
        officer: 'FO-01',
        note: 'diterima, lengkap',
      },
      // line 5: "2026-06-02T08:10:00+07:00" → 01:10Z
      {
        case_id: 'E-GOOD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S2',
        event: 'complete',
        at: '2026-06-02T01:10:00.000Z',
        officer: 'FO-01',
        note: null,
      },
      // line 6: step "3" → S3; "…01:15:00Z" is already UTC
      {
        case_id: 'E-GOOD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S3',
        event: 'start',
        at: '2026-06-02T01:15:00.000Z',
        officer: 'BO-01',
        note: null,
      },
      // line 7: lampung-selatan (WIB), "2026-06-03T09:00" without offset → 02:00Z
      {
        case_id: 'E-GOOD-2',
        office: 'lampung-selatan',
        service: 'IPTG',
        step: 'S5',
        event: 'start',
        at: '2026-06-03T02:00:00.000Z',
        officer: 'BO-LS',
        note: null,
      },
    ]);
  });

  it('a CSV with a UTF-8 BOM and CRLF line ends', async () => {
    const r = await load('events', 'events-bom.csv');
    expect(r).toMatchObject({ status: 'committed', accepted: 2 });
    // The BOM does not hide the first column "case_id". 07:45 WIB → 00:45Z; 08:20 → 01:20Z.
    expect(await events("case_id = 'E-BOM-1'")).toEqual([
      {
        case_id: 'E-BOM-1',
        office: 'pekanbaru',
        service: 'SIPOT',
        step: 'S2',
        event: 'start',
        at: '2026-06-04T00:45:00.000Z',
        officer: 'FO-02',
        note: null,
      },
      {
        case_id: 'E-BOM-1',
        office: 'pekanbaru',
        service: 'SIPOT',
        step: 'S2',
        event: 'complete',
        at: '2026-06-04T01:20:00.000Z',
        officer: 'FO-02',
        note: null,
      },
    ]);
  });

  it('spaces around values are dropped; a value of spaces only is empty; spaces inside are kept', async () => {
    const r = await load('events', 'events-padded.csv');
    expect(r).toMatchObject({ status: 'committed', accepted: 2 });
    expect(await events("case_id = 'E-PAD-1'")).toEqual([
      // line 2: " pekanbaru ", "SIKTG ", " S2", "start ", "  2026-05-29 15:50  " (WIB → 08:50Z), "  FO-01 ", note "   " → null
      {
        case_id: 'E-PAD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S2',
        event: 'start',
        at: '2026-05-29T08:50:00.000Z',
        officer: 'FO-01',
        note: null,
      },
      // line 3: 16:00 WIB → 09:00Z; the note keeps its inner spaces, loses the outer ones
      {
        case_id: 'E-PAD-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        step: 'S2',
        event: 'complete',
        at: '2026-05-29T09:00:00.000Z',
        officer: 'FO-01',
        note: 'ada spasi di tengah',
      },
    ]);
  });

  it("a ';'-delimited CSV (a comma inside a value is just text)", async () => {
    const r = await load('events', 'events-semicolon.csv');
    expect(r).toMatchObject({ status: 'committed', accepted: 3 });
    expect(await events("case_id = 'E-SEMI-1'")).toEqual([
      // 08:00 WIB → 01:00Z
      {
        case_id: 'E-SEMI-1',
        office: 'rokan-hilir',
        service: 'RBPAPS',
        step: 'S4',
        event: 'start',
        at: '2026-06-04T01:00:00.000Z',
        officer: 'BO-RH',
        note: 'catatan, dengan koma',
      },
      // step "4" → S4; 10:30:15 WIB → 03:30:15Z
      {
        case_id: 'E-SEMI-1',
        office: 'rokan-hilir',
        service: 'RBPAPS',
        step: 'S4',
        event: 'complete',
        at: '2026-06-04T03:30:15.000Z',
        officer: 'BO-RH',
        note: null,
      },
      // 10:31+07:00 → 03:31Z
      {
        case_id: 'E-SEMI-1',
        office: 'rokan-hilir',
        service: 'RBPAPS',
        step: 'S5',
        event: 'start',
        at: '2026-06-04T03:31:00.000Z',
        officer: null,
        note: null,
      },
    ]);
  });

  it('JSON Lines load the same rows as the equivalent CSV', async () => {
    // A second database: the same rows in one database would be duplicates.
    const other = await openTestDb();
    try {
      const r = await loadFile(other, { kind: 'events', path: path('events-good.jsonl') });
      expect(r).toMatchObject({ status: 'committed', rowsRead: 6, accepted: 6, duplicates: 0 });
      // Same office, case, service, step (by code or number), event, instant, officer and note.
      expect(await events("case_id like 'E-GOOD-%'", other)).toEqual(await events("case_id like 'E-GOOD-%'"));
    } finally {
      other.close();
    }
  });

  it('the JSON Lines file loaded where the CSV was loaded adds nothing (all 6 are duplicates)', async () => {
    const before = await count(db, 'events');
    const r = await load('events', 'events-good.jsonl');
    // Every (office, case_id, step, event, at) is already there → 0 accepted, 6 duplicates.
    expect(r).toMatchObject({ status: 'committed', accepted: 0, duplicates: 6 });
    expect(await count(db, 'events')).toBe(before);
  });
});

describe('events: idempotence', () => {
  it('loading the same file twice adds nothing the second time', async () => {
    const first = await load('events', 'events-idem.csv');
    expect(first).toMatchObject({ status: 'committed', accepted: 3, duplicates: 0 });
    const n = await count(db, 'events');
    const second = await load('events', 'events-idem.csv');
    expect(second).toMatchObject({ status: 'already_loaded', batchId: first.batchId, accepted: 0 });
    expect(second.message).toContain(`batch ${first.batchId}`);
    expect(await count(db, 'events')).toBe(n);
  });

  it('a file loaded before is recognised by its sha256 before anything is read into the database (issue 23)', async () => {
    // The second load of a file reports no phase at all: not the read, not the insert (before
    // the fix the whole insert, and the removal of every row as a repeat, ran first).
    const phases: string[] = [];
    const onProgress = (p: string) => void (phases.includes(p) || phases.push(p));
    const first = await load('events', 'events-digest.csv', { onProgress });
    expect(first.status).toBe('committed');
    expect(phases).toContain('insert');
    phases.length = 0;
    const again = await load('events', 'events-digest.csv', { onProgress });
    expect(again).toMatchObject({ status: 'already_loaded', batchId: first.batchId });
    expect(phases).toEqual([]);
    // and an undone batch is not "loaded": undo, then the same file loads again
    await undoBatch(db, first.batchId!);
    expect((await load('events', 'events-digest.csv')).status).toBe('committed');
  });

  it('an overlapping file adds only its new rows and counts the duplicates', async () => {
    const n = await count(db, 'events', "case_id = 'E-IDEM-1'");
    expect(n).toBe(3);
    const r = await load('events', 'events-idem-overlap.csv');
    // Line 2 "2026-06-08T01:04:00Z" is the instant of "2026-06-08 08:04" WIB (S1 complete) and line 3
    // repeats S2 start 08:10: 2 duplicates; S2 complete 08:25 and S3 start 08:30 are new: 2 accepted.
    expect(r).toMatchObject({ status: 'committed', rowsRead: 4, accepted: 2, duplicates: 2 });
    expect(await count(db, 'events', "case_id = 'E-IDEM-1'")).toBe(5);
    const batch = (await listBatches(db)).find((b) => b.batch_id === r.batchId)!;
    expect(batch).toMatchObject({ status: 'committed', rows_read: 4, rows_accepted: 2, rows_duplicate: 2 });
  });
});

describe('events: all or nothing, located errors', () => {
  it('one bad row among good ones loads nothing; the issue names file, line, field and reason', async () => {
    const err = await refuse('events', 'events-bad-row.csv', 'events');
    // Line 4 (header = line 1) has event "selesai".
    expect(err.total).toBe(1);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'events-bad-row.csv', line: 4, field: 'event' });
    expect(err.issues[0]!.reason).toContain('"selesai"');
    expect(err.code).toBe('INVALID_INPUT');
    expect(await count(db, 'events', "case_id = 'E-BAD-1'")).toBe(0);
  });

  it('messages are Indonesian by default', async () => {
    const err = await refuse('events', 'events-bad-row.csv', 'events');
    expect(err.message).toContain('1 kesalahan; tidak ada data yang dimuat');
    expect(err.message).toContain('events-bad-row.csv, baris 4, kolom event: jenis kejadian "selesai" tidak dikenal');
  });

  it("messages are English with lang 'en'", async () => {
    const err = await refuse('events', 'events-bad-row.csv', 'events', { lang: 'en' });
    expect(err.message).toContain('1 error(s); nothing was loaded');
    expect(err.message).toContain('events-bad-row.csv, line 4, field event: unknown event "selesai"');
  });

  it('unknown office, service and step values are grouped by value with their lines', async () => {
    const err = await refuse('events', 'events-unknown-values.csv', 'events');
    // Rows with errors: lines 2–8 (line 9 is good) → total 7, reported as 4 groups in order of first line.
    expect(err.total).toBe(7);
    expect(err.issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'office'], // "dumai" at lines 2, 4
      [3, 'service'], // "SIUP" at lines 3, 6
      [5, 'step'], // "S99" at lines 5, 7
      [8, 'step'], // "10" at line 8 (SIKTG has 9 steps)
    ]);
    expect(err.issues[0]!.reason).toContain('"dumai"');
    expect(err.issues[0]!.reason).toContain('2× pada baris 2, 4');
    expect(err.issues[1]!.reason).toContain('"SIUP"');
    expect(err.issues[1]!.reason).toContain('2× pada baris 3, 6');
    expect(err.issues[2]!.reason).toContain('"S99"');
    expect(err.issues[2]!.reason).toContain('2× pada baris 5, 7');
    expect(err.issues[3]!.reason).toContain('"10"');
    expect(err.issues[3]!.reason).toContain('1× pada baris 8');
  });

  it('the message does not claim errors were left out when the groups cover every row', async () => {
    const err = await refuse('events', 'events-unknown-values.csv', 'events');
    // 7 rows in error, all of them listed by the 4 groups above (2 + 2 + 2 + 1 = 7): nothing is
    // left out, so no "… dan N lainnya" line.
    expect(err.message.startsWith('7 kesalahan; tidak ada data yang dimuat')).toBe(true);
    expect(err.message).not.toContain('lainnya');
  });

  it('a missing required column is named', async () => {
    const err = await refuse('events', 'events-missing-column.csv', 'events');
    expect(err.issues).toEqual([
      expect.objectContaining({
        file: 'events-missing-column.csv',
        line: 1,
        field: 'event',
        reason: expect.stringContaining('"event"'),
      }),
    ]);
  });

  it('a file with a header and no rows is refused as empty', async () => {
    const err = await refuse('events', 'events-header-only.csv', 'events');
    expect(err.issues).toEqual([{ file: 'events-header-only.csv', reason: 'berkas kosong: tidak ada baris data' }]);
  });

  it('a zero-byte file is refused as empty', async () => {
    const err = await refuse('events', 'events-zero-bytes.csv', 'events');
    // Nothing at all in the file: one "empty file" issue (not six "missing column" issues).
    expect(err.issues).toEqual([{ file: 'events-zero-bytes.csv', reason: 'berkas kosong: tidak ada baris data' }]);
  });

  it('bad and implausible timestamps are located', async () => {
    const err = await refuse('events', 'events-bad-time.csv', 'events', { lang: 'en' });
    expect(err.total).toBe(4);
    expect(err.issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'at'], // "29/05/2026 15:50": not ISO 8601
      [3, 'at'], // "2026-05-29": a date without a time is not an event instant
      [4, 'at'], // "1999-12-31 10:00": outside 2000–2099
      [5, 'at'], // "2026-02-30 10:00": no such day
    ]);
    expect(err.issues[0]!.reason).toBe('cannot read time "29/05/2026 15:50" (ISO 8601: YYYY-MM-DD HH:MM[:SS][±HH:MM])');
    expect(err.issues[1]!.reason).toContain('cannot read time "2026-05-29"');
    expect(err.issues[2]!.reason).toBe('implausible time "1999-12-31 10:00" (outside 2000–2099)');
    expect(err.issues[3]!.reason).toContain('cannot read time "2026-02-30 10:00"');
  });

  it('rejected loads are recorded in ingest_batches as rejected', async () => {
    await refuse('events', 'events-bad-row.csv', 'events');
    const last = (await listBatches(db)).at(-1)!;
    // The file has 5 data rows, 1 of them bad; nothing accepted.
    expect(last).toMatchObject({
      kind: 'events',
      status: 'rejected',
      rows_read: 5,
      rows_accepted: 0,
      rows_rejected: 1,
    });
    expect(last.file_name.endsWith('events-bad-row.csv')).toBe(true);
    const msg = await db.one<{ message: string }>('select message from ingest_batches where batch_id = $id', {
      id: last.batch_id,
    });
    expect(msg!.message).toContain('events-bad-row.csv, baris 4, kolom event');
  });
});

describe('events: exact line numbers', () => {
  it('counts physical lines after a quoted value spanning two lines', async () => {
    const err = await refuse('events', 'events-multiline-note.csv', 'events');
    // Line 1 header; lines 2–3 one record (the note holds a line break); the bad record
    // (event "selesai") starts on line 4.
    expect(err.issues).toEqual([expect.objectContaining({ line: 4, field: 'event' })]);
  });

  it('counts physical lines after a blank line', async () => {
    const err = await refuse('events', 'events-blank-line.csv', 'events');
    // Line 1 header, line 2 good, line 3 blank, line 4 bad (event "selesai").
    expect(err.issues).toEqual([expect.objectContaining({ line: 4, field: 'event' })]);
  });
});

describe('events: malformed rows and repeated rows', () => {
  it('a row with more fields than the header is reported at its line', async () => {
    const err = await refuse('events', 'events-ragged-row.csv', 'events');
    // Header of 6 columns; line 3 has 8 fields. The header is still the header: no column is
    // reported missing, and the one issue is on line 3.
    expect(err.issues).toEqual([expect.objectContaining({ file: 'events-ragged-row.csv' })]);
  });

  it('a quoted note spanning two lines is one row (rows read 2, no duplicates)', async () => {
    const r = await load('events', 'events-multiline-good.csv');
    // 4 physical lines: header, one record on lines 2–3, one on line 4 → 2 rows, both new.
    expect(r).toMatchObject({ status: 'committed', rowsRead: 2, accepted: 2, duplicates: 0 });
    const rows = await events("case_id = 'E-MLG-1'");
    // 08:00 WIB → 01:00Z with the note's line break kept; 08:15 WIB → 01:15Z.
    expect(rows.map((e) => [e.event, e.at, e.note])).toEqual([
      ['start', '2026-06-09T01:00:00.000Z', 'berkas diterima\nlengkap, asli diperlihatkan'],
      ['complete', '2026-06-09T01:15:00.000Z', null],
    ]);
  });

  it('identical rows within one file are one transition (the repeat counted as a duplicate)', async () => {
    const r = await load('events', 'events-identical-rows.csv');
    // Lines 2 and 3 are the same (office, case, step, event, at) → 2 accepted, 1 duplicate.
    expect(r).toMatchObject({ status: 'committed', rowsRead: 3, accepted: 2, duplicates: 1 });
    expect((await events("case_id = 'E-SAME-1'")).map((e) => [e.event, e.at])).toEqual([
      ['start', '2026-06-05T02:00:00.000Z'], // lines 2–3: 09:00 WIB
      ['complete', '2026-06-05T02:30:00.000Z'], // line 4: 09:30 WIB
    ]);
  });
  it('rows with the same key and other values are one transition: the whole row with the least other values stays', async () => {
    const before = await count(db, 'events');
    // Lines 2–4 share (office, case, step, event, at) = E-KEY-1 S2 start 09:00: of (FO-02, a),
    // (FO-01, b), (FO-02, a) the row (FO-01, b) stays whole (not FO-01 with the least note "a",
    // a row nobody wrote). Lines 5–6: S2 complete 09:20 by FO-02 or FO-01 → FO-01 (an empty note
    // is null; nulls sort last). Line 7 repeats the key of E-SAME-1's complete 09:30, loaded by
    // the test above (FO-01, no note): the row loaded first stays. Line 8 is new.
    // 7 rows read, 3 accepted (S2 start, S2 complete, S3 start), 4 duplicates.
    const dry = await load('events', 'events-same-key-other-values.csv', { dryRun: true });
    expect(dry).toMatchObject({ status: 'dry_run', rowsRead: 7, accepted: 3, duplicates: 4 });
    expect(await count(db, 'events')).toBe(before);
    const r = await load('events', 'events-same-key-other-values.csv');
    expect(r).toMatchObject({ status: 'committed', rowsRead: 7, accepted: 3, duplicates: 4 });
    expect(await count(db, 'events')).toBe(before + 3);
    expect((await events("case_id = 'E-KEY-1'")).map((e) => [e.step, e.event, e.at, e.officer, e.note])).toEqual([
      ['S2', 'start', '2026-06-08T02:00:00.000Z', 'FO-01', 'b'], // 09:00 WIB
      ['S2', 'complete', '2026-06-08T02:20:00.000Z', 'FO-01', null], // 09:20 WIB
      ['S3', 'start', '2026-06-08T02:25:00.000Z', 'BO-01', null], // 09:25 WIB
    ]);
    expect((await events("case_id = 'E-SAME-1' and event = 'complete'")).map((e) => [e.officer, e.note])).toEqual([
      ['FO-01', null],
    ]);
  });
});

describe('--office / --service defaults', () => {
  it('a CSV without office and service columns loads with opts.office and opts.service', async () => {
    const r = await load('events', 'events-no-office-service.csv', { office: 'rokan-hilir', service: 'RBPAPS' });
    expect(r).toMatchObject({ status: 'committed', accepted: 2 });
    expect(await events("case_id = 'E-DFLT-1'")).toEqual([
      // 08:00 WIB (rokan-hilir's zone) → 01:00Z; 09:30 → 02:30Z.
      {
        case_id: 'E-DFLT-1',
        office: 'rokan-hilir',
        service: 'RBPAPS',
        step: 'S4',
        event: 'start',
        at: '2026-06-04T01:00:00.000Z',
        officer: 'BO-RH',
        note: null,
      },
      {
        case_id: 'E-DFLT-1',
        office: 'rokan-hilir',
        service: 'RBPAPS',
        step: 'S4',
        event: 'complete',
        at: '2026-06-04T02:30:00.000Z',
        officer: 'BO-RH',
        note: null,
      },
    ]);
  });

  it('without the defaults the same file lacks the office and service columns', async () => {
    // A load with other options is another load (not "already loaded"), and it is refused.
    const err = await refuse('events', 'events-no-office-service.csv', 'events');
    expect(err.issues.map((i) => i.field)).toEqual(['office', 'service']);
  });
});

describe('dry run', () => {
  it('validates and reports counts, adds nothing and records no committed batch', async () => {
    const before = await count(db, 'events');
    const batches = await count(db, 'ingest_batches');
    const r = await load('events', 'events-dry-run.csv', { dryRun: true });
    expect(r).toMatchObject({ status: 'dry_run', batchId: null, rowsRead: 3, accepted: 3, duplicates: 0 });
    expect(await count(db, 'events')).toBe(before);
    expect(await count(db, 'ingest_batches')).toBe(batches);
    // The real load afterwards is not "already loaded".
    const real = await load('events', 'events-dry-run.csv');
    expect(real).toMatchObject({ status: 'committed', accepted: 3 });
  });

  it('a dry run of a bad file still reports the errors', async () => {
    const err = await refuse('events', 'events-bad-row.csv', 'events', { dryRun: true });
    expect(err.issues[0]).toMatchObject({ line: 4, field: 'event' });
  });
});

describe('undo', () => {
  it("undoBatch removes exactly that batch's rows and marks it undone", async () => {
    const a = await load('events', 'events-undo-a.csv');
    const b = await load('events', 'events-undo-b.csv');
    expect([a.accepted, b.accepted]).toEqual([3, 2]);
    const total = await count(db, 'events');
    const { removed } = await undoBatch(db, a.batchId!);
    expect(removed).toBe(3);
    expect(await count(db, 'events')).toBe(total - 3);
    expect(await count(db, 'events', "case_id = 'E-UNDO-A'")).toBe(0);
    expect(await count(db, 'events', "case_id = 'E-UNDO-B'")).toBe(2);
    const row = (await listBatches(db)).find((x) => x.batch_id === a.batchId)!;
    expect(row.status).toBe('undone');
    // Undone twice: refused.
    await expect(undoBatch(db, a.batchId!)).rejects.toBeInstanceOf(BadRequestError);
    // After an undo the file may be loaded again.
    expect(await load('events', 'events-undo-a.csv')).toMatchObject({ status: 'committed', accepted: 3 });
  });

  it('undo of a catalogue batch is refused and changes nothing', async () => {
    const cat = (await listBatches(db)).find((x) => x.kind === 'catalogue')!;
    const services = await count(db, 'services');
    await expect(undoBatch(db, cat.batch_id)).rejects.toBeInstanceOf(BadRequestError);
    expect(await count(db, 'services')).toBe(services);
    expect((await listBatches(db)).find((x) => x.batch_id === cat.batch_id)!.status).toBe('committed');
  });

  it('undo of an unknown batch is "not found"', async () => {
    await expect(undoBatch(db, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('surveys', () => {
  it('a good survey file loads scores, blanks and local dates', async () => {
    const r = await load('surveys', 'surveys-good.csv');
    expect(r).toMatchObject({ status: 'committed', accepted: 2 });
    const rows = await db.all(
      `select response_id, strftime(submitted_at, '%Y-%m-%dT%H:%M:%SZ') as submitted_at, u1, u8, u9, age
       from survey_responses where response_id in ('SKM-001', 'SKM-002') order by response_id`,
    );
    expect(rows).toEqual([
      // 2026-05-10 10:00 WIB → 03:00Z; u8 blank → null.
      { response_id: 'SKM-001', submitted_at: '2026-05-10T03:00:00Z', u1: 4, u8: null, u9: 3, age: 34 },
      // A bare date 2026-05-11 is local midnight → 2026-05-10T17:00Z; age blank → null.
      { response_id: 'SKM-002', submitted_at: '2026-05-10T17:00:00Z', u1: 3, u8: 3, u9: 3, age: null },
    ]);
  });

  it('a score 5 and a score "x" are refused with their lines and columns', async () => {
    const err = await refuse('surveys', 'surveys-bad-scores.csv', 'survey_responses');
    expect(err.issues).toEqual([
      {
        file: 'surveys-bad-scores.csv',
        line: 2,
        field: 'u3',
        reason: 'nilai "5" harus bilangan bulat 1–4 atau kosong',
      },
      {
        file: 'surveys-bad-scores.csv',
        line: 3,
        field: 'u7',
        reason: 'nilai "x" harus bilangan bulat 1–4 atau kosong',
      },
    ]);
  });

  it('a response_id twice with different content in one file is an error', async () => {
    const err = await refuse('surveys', 'surveys-dup-in-file.csv', 'survey_responses');
    // SKM-101 on lines 2 and 4, u2 4 vs 2.
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'surveys-dup-in-file.csv', line: 4, field: 'response_id' });
    expect(err.issues[0]!.reason).toContain('SKM-101');
    expect(err.issues[0]!.reason).toContain('baris 2');
  });

  it('a response loaded again with different content is a conflict naming the earlier batch', async () => {
    const good = (await listBatches(db)).find(
      (b) => b.file_name.endsWith('surveys-good.csv') && b.status === 'committed',
    )!;
    const err = await refuse('surveys', 'surveys-conflict.csv', 'survey_responses', { lang: 'en' });
    // SKM-001 (line 3) has u1 = 2, loaded before with u1 = 4 in the batch of surveys-good.csv.
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'surveys-conflict.csv', line: 3, field: 'response_id' });
    expect(err.issues[0]!.reason).toContain('SKM-001');
    expect(err.issues[0]!.reason).toContain(`batch ${good.batch_id}`);
    // The new response on line 2 was not loaded either.
    expect(await count(db, 'survey_responses', "response_id = 'SKM-003'")).toBe(0);
  });
});

describe('complaints', () => {
  it('a register without stage columns: resolved rows are selesai, the rest diterima; channel aliases map', async () => {
    const r = await load('complaints', 'complaints-register.csv');
    expect(r).toMatchObject({ status: 'committed', accepted: 4 });
    const rows = await db.all(
      `select complaint_id, channel, category, stage,
              strftime(received_at, '%Y-%m-%dT%H:%M:%SZ') as received_at,
              strftime(stage_at, '%Y-%m-%dT%H:%M:%SZ') as stage_at,
              strftime(resolved_at, '%Y-%m-%dT%H:%M:%SZ') as resolved_at
       from complaints where complaint_id like 'PGD-00%' order by complaint_id`,
    );
    expect(rows).toEqual([
      // "Kotak Saran" → kotak_saran; 09:15 WIB → 02:15Z; resolved 2026-05-06 10:00 WIB → 03:00Z → selesai at that time.
      {
        complaint_id: 'PGD-001',
        channel: 'kotak_saran',
        category: 'ringan',
        stage: 'selesai',
        received_at: '2026-05-04T02:15:00Z',
        stage_at: '2026-05-06T03:00:00Z',
        resolved_at: '2026-05-06T03:00:00Z',
      },
      // "WA" → whatsapp; bare date 2026-05-05 → local midnight 2026-05-04T17:00Z; no resolved_at → diterima at received_at.
      {
        complaint_id: 'PGD-002',
        channel: 'whatsapp',
        category: 'sedang',
        stage: 'diterima',
        received_at: '2026-05-04T17:00:00Z',
        stage_at: '2026-05-04T17:00:00Z',
        resolved_at: null,
      },
      // "LAPOR!" → sp4n_lapor; 10:00+07:00 → 03:00Z; resolved bare date 2026-05-20 → 2026-05-19T17:00Z.
      {
        complaint_id: 'PGD-003',
        channel: 'sp4n_lapor',
        category: 'berat',
        stage: 'selesai',
        received_at: '2026-05-07T03:00:00Z',
        stage_at: '2026-05-19T17:00:00Z',
        resolved_at: '2026-05-19T17:00:00Z',
      },
      // "email" as is; category "Ringan" → ringan; 08:00 WIB → 01:00Z.
      {
        complaint_id: 'PGD-004',
        channel: 'email',
        category: 'ringan',
        stage: 'diterima',
        received_at: '2026-05-08T01:00:00Z',
        stage_at: '2026-05-08T01:00:00Z',
        resolved_at: null,
      },
    ]);
  });

  it('resolved_at before received_at is refused', async () => {
    const err = await refuse('complaints', 'complaints-resolved-before.csv', 'complaints');
    // Line 3: received 2026-05-10 10:00, resolved 2026-05-09 09:00.
    expect(err.issues).toEqual([
      {
        file: 'complaints-resolved-before.csv',
        line: 3,
        field: 'resolved_at',
        reason: 'waktu lebih awal dari received_at',
      },
    ]);
  });

  it('an unknown channel is an error listing the allowed values', async () => {
    const err = await refuse('complaints', 'complaints-bad-channel.csv', 'complaints', { lang: 'en' });
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'complaints-bad-channel.csv', line: 3, field: 'channel' });
    const reason = err.issues[0]!.reason;
    expect(reason).toContain('"merpati pos"');
    // SPEC §2.4: the thirteen channels.
    for (const c of [
      'surat',
      'kotak_saran',
      'loket',
      'email',
      'website',
      'telepon',
      'sms',
      'whatsapp',
      'tatap_muka',
      'sp4n_lapor',
      'media_sosial',
      'fax',
      'formulir',
    ]) {
      expect(reason).toContain(c);
    }
    expect(reason).not.toContain('{allowed}');
  });
});
