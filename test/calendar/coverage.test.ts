import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarCoverage, coverageWarnings, provisionalYears } from '../../src/calendar/coverage.js';
import { workingMinutes } from '../../src/calendar/calendar.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/store/open.js';
import { InputError } from '../../src/errors.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { readReportData } from '../../src/report/data.js';
import { fixture, repoPath } from '../helpers.js';

/*
 * SPEC §2.1: a database is never silently without a working calendar. A new database starts with
 * the national default (sample-data/calendar.yaml and holidays-id-2024-2026.csv), and every
 * surface says which years the data reach without a holiday list or Ramadan hours.
 */

describe('a new database starts with the national default calendar', () => {
  let db: Database;
  beforeAll(async () => {
    // no calendar loaded: only the catalogue, as in the README's XES flow
    db = await openDatabase(':memory:');
    await loadConfigFile(db, 'catalogue', repoPath('sample-data/catalogue.yaml'));
  });
  afterAll(() => db?.close());

  it('holds the Perpres 21/2023 hours, the Ramadan hours and the national holidays with sources', async () => {
    const h = await db.one<{ n: number; ramadan: number }>(
      "select count(distinct schedule) as n, count(distinct schedule) filter (where schedule like 'ramadan%') as ramadan from office_hours where office = '*'",
    );
    expect(h).toEqual({ n: 4, ramadan: 3 }); // normal + ramadan-1445, -1446, -1447
    const d = await db.one<{ n: number; unsourced: number }>(
      "select count(*) as n, count(*) filter (where source is null) as unsourced from holidays where office = '*'",
    );
    expect(d!.n).toBeGreaterThan(60); // 2024–2026: 82 rows in the shipped list
    expect(d!.unsourced).toBe(0);
  });

  it('measures the SPEC worked example without any calendar load: Fri 15:50 → Tue 08:10 = 80', async () => {
    // Fri 29 May 15:50–16:30 = 40; Sat, Sun; Mon 1 Jun Hari Lahir Pancasila; Tue 07:30–08:10 = 40
    expect(await workingMinutes(db, 'pekanbaru', '2026-05-29T15:50:00+07:00', '2026-06-02T08:10:00+07:00')).toBe(80);
    // Ramadan 1447 H (Mon 23 Feb 2026): 08:00–12:00, 12:30–15:00 = 390
    expect(await workingMinutes(db, 'pekanbaru', '2026-02-23T00:00:00+07:00', '2026-02-24T00:00:00+07:00')).toBe(390);
  });

  it('an office calendar loaded later overrides the default, and a reopened database is not reset', async () => {
    const path = `/tmp/sla-coverage-${process.pid}.duckdb`;
    const { rmSync } = await import('node:fs');
    rmSync(path, { force: true });
    let file = await openDatabase(path);
    try {
      await loadConfigFile(file, 'catalogue', repoPath('sample-data/catalogue.yaml'));
      await loadConfigFile(file, 'calendar', fixture('calendar/local-calendar.yaml'));
      const before = await file.one<{ n: number }>('select count(*) as n from holidays');
      file.close();
      file = await openDatabase(path);
      expect(await file.one<{ n: number }>('select count(*) as n from holidays')).toEqual(before);
    } finally {
      file.close();
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
  });
});

describe('coverage: the years the data reach without a holiday list or Ramadan hours', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    await loadConfigFile(db, 'catalogue', repoPath('sample-data/catalogue.yaml'));
    // one case of Pekanbaru from 30 Dec 2026 to 5 Jan 2027: the shipped lists end with 2026
    await loadFile(db, { kind: 'events', path: fixture('calendar/events-2027.csv') });
  });
  afterAll(() => db?.close());

  it('names 2027 as missing for Pekanbaru only, both lists', async () => {
    const cov = await calendarCoverage(db);
    const pku = cov.find((c) => c.office === 'pekanbaru')!;
    expect(pku).toEqual({
      office: 'pekanbaru',
      data_years: [2026, 2027],
      holiday_years: [2024, 2025, 2026],
      ramadan_years: [2024, 2025, 2026],
      missing_holidays: [2027],
      missing_ramadan: [2027],
    });
    expect(provisionalYears(pku)).toEqual([2027]);
    // offices without events miss nothing
    expect(cov.filter((c) => c.office !== 'pekanbaru').every((c) => provisionalYears(c).length === 0)).toBe(true);
  });

  it('says so in both languages', async () => {
    const pku = (await calendarCoverage(db, 'pekanbaru'))[0]!;
    expect(coverageWarnings(pku, 'id')[0]).toMatch(
      /^Daftar hari libur 2027 belum dimuat untuk pekanbaru: .*sementara\.$/,
    );
    expect(coverageWarnings(pku, 'en')[1]).toMatch(
      /^The Ramadan hours of 2027 are not loaded for pekanbaru: .*provisional\.$/,
    );
  });

  it('the figures are computed nevertheless: 2027 counts only weekly hours (1 Jan 2027, a Friday, would be Tahun Baru)', async () => {
    // S2 Wed 30 Dec 2026 09:05 → Tue 5 Jan 2027 09:05: Wed 09:05–16:00 = 355 − 60 break = 295
    // (09:05–12:00 = 175, 13:00–16:00 = 180 → 355); Thu 31 Dec 450; Fri 1 Jan 2027 450 (no list:
    // counted as a working day); Mon 4 Jan 450; Tue 07:30–09:05 = 95 → 1800
    const v = await db.one<{ h: number }>(
      "select handling_min as h from step_visits where case_id = 'Y27-1' and step = 'S2'",
    );
    expect(v!.h).toBe(1800);
  });

  it('the report of a month of 2027 is marked provisional; one of 2026 is not', async () => {
    const jan = await readReportData(db, 'pekanbaru', '2027-01');
    expect(jan.provisional).toHaveLength(2);
    expect(jan.provisional[0]).toContain('2027');
    const dec = await readReportData(db, 'pekanbaru', '2026-12');
    expect(dec.provisional).toEqual([]);
  });

  it('loading the 2027 list clears the holiday warning', async () => {
    const { writeFileSync, rmSync } = await import('node:fs');
    const path = `/tmp/holidays-2027-${process.pid}.csv`;
    writeFileSync(path, 'date,kind,name_id,source\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi,uji\n');
    try {
      await loadConfigFile(db, 'calendar', path);
    } finally {
      rmSync(path, { force: true });
    }
    const pku = (await calendarCoverage(db, 'pekanbaru'))[0]!;
    expect(pku.missing_holidays).toEqual([]);
    expect(pku.missing_ramadan).toEqual([2027]);
    // and Fri 1 Jan 2027 is now closed: 1800 − 450
    const v = await db.one<{ h: number }>(
      "select handling_min as h from step_visits where case_id = 'Y27-1' and step = 'S2'",
    );
    expect(v!.h).toBe(1350);
  });
});

describe('an office outside Indonesia’s three time zones needs an explicit flag', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
  });
  afterAll(() => db?.close());

  it('Europe/Amsterdam without foreign_timezone is refused, naming office and field', async () => {
    const err = await loadConfigFile(db, 'catalogue', fixture('calendar/foreign-zone.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({ file: 'foreign-zone.yaml', field: 'timezone' });
    expect((err as InputError).issues[0]!.reason).toBe(
      'kantor receipt: "Europe/Amsterdam" bukan zona waktu Indonesia (Asia/Jakarta, Asia/Makassar, Asia/Jayapura); tulis foreign_timezone: true di blok kantornya untuk menerimanya',
    );
    expect(await db.one('select count(*) as n from offices')).toEqual({ n: 0 });
  });

  it('the same refusal in English for a reader who asked for it', async () => {
    const err = await loadConfigFile(db, 'catalogue', fixture('calendar/foreign-zone.yaml'), { lang: 'en' }).catch(
      (e: unknown) => e,
    );
    expect((err as InputError).issues[0]!.reason).toBe(
      'office receipt: "Europe/Amsterdam" is not an Indonesian time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura); write foreign_timezone: true in its office block to accept it',
    );
    // the whole message too: its heading and locations are the reader's language
    expect((err as InputError).message.split('\n')[0]).toBe('1 error(s); nothing was loaded');
  });

  it('with foreign_timezone: true it is accepted, with a warning in the load message', async () => {
    const r = await loadConfigFile(db, 'catalogue', fixture('calendar/foreign-zone-accepted.yaml'));
    expect(r.message).toContain(
      '; peringatan: kantor receipt berada di Europe/Amsterdam, bukan zona waktu Indonesia (diterima karena foreign_timezone: true)',
    );
    // in English, as a dry run: counted and warned, then rolled back
    const en = await loadConfigFile(db, 'catalogue', fixture('calendar/foreign-zone-accepted.yaml'), {
      lang: 'en',
      dryRun: true,
    });
    expect(en).toEqual({
      batchId: null,
      message:
        'foreign-zone-accepted.yaml: 1 offices, 0 services, 0 steps, 0 officers; warning: office receipt is in Europe/Amsterdam, not an Indonesian time zone (accepted by foreign_timezone: true); dry run, nothing saved',
    });
    expect(await db.one("select timezone from offices where office = 'receipt'")).toEqual({
      timezone: 'Europe/Amsterdam',
    });
  });
});
