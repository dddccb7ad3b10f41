import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuota, quotaMinutes } from '../../src/catalogue/quota.js';
import type { Database } from '../../src/db/database.js';
import { InputError } from '../../src/errors.js';
import { listBatches, loadConfigFile } from '../../src/ingest/batches.js';
import { count, fixture, openTestDb, repoPath } from '../helpers.js';

/**
 * The SOP catalogue (SPEC §2, §2.2): the shipped sample-data/catalogue.yaml, quota parsing, whole-file
 * validation with located messages, and versioned reloads.
 */

let db: Database;

beforeAll(async () => {
  db = await openTestDb();
});

afterAll(() => db?.close());

interface StepRow {
  step: string;
  seq: number;
  clock: string;
  quota_min: number | null;
  optional: boolean;
}

const steps = (office: string, service: string) =>
  db.all<StepRow>(
    `select step, seq, clock, quota_min, optional from sop_steps
     where office = $office and service = $service order by seq`,
    { office, service },
  );

describe('the shipped catalogue', () => {
  it('has the three seed offices, all in Asia/Jakarta', async () => {
    const rows = await db.all('select office, timezone, day_minutes from offices order by office');
    // SPEC §2.2 table: all three offices are WIB; nominal day 450 (default).
    expect(rows).toEqual([
      { office: 'lampung-selatan', timezone: 'Asia/Jakarta', day_minutes: 450 },
      { office: 'pekanbaru', timezone: 'Asia/Jakarta', day_minutes: 450 },
      { office: 'rokan-hilir', timezone: 'Asia/Jakarta', day_minutes: 450 },
    ]);
  });

  it('has exactly the four seed services with their ready steps and total quotas', async () => {
    const rows = await db.all(
      `select office, service, ready_step, quota_text, quota_min, cast(fee as double) as fee,
              cast(effective_from as varchar) as effective_from
       from services order by office, service`,
    );
    // SPEC §2.2: SIKTG and SIPOT 2 hari kerja = 2 × 450 = 900; IPTG and RBPAPS 7 hari kerja =
    // 7 × 450 = 3150. Ready: SIKTG S7, SIPOT S8, IPTG S7, RBPAPS S10. SIKTG effective 10 Mei 2023
    // (seed 002), RBPAPS ditetapkan 18 Maret 2024 (seed 004); the others give no date ('-infinity').
    // Fees: Rp 0 where the seed says so (000 GRATIS, 003 tidak dipungut biaya, 004 Rp 0); seed
    // 001 (SIPOT) gives none → null, never invented.
    expect(rows).toEqual([
      {
        office: 'lampung-selatan',
        service: 'IPTG',
        ready_step: 'S7',
        quota_text: '7 hari kerja',
        quota_min: 3150,
        fee: 0,
        effective_from: '-infinity',
      },
      {
        office: 'pekanbaru',
        service: 'SIKTG',
        ready_step: 'S7',
        quota_text: '2 hari kerja',
        quota_min: 900,
        fee: 0,
        effective_from: '2023-05-10',
      },
      {
        office: 'pekanbaru',
        service: 'SIPOT',
        ready_step: 'S8',
        quota_text: '2 hari kerja',
        quota_min: 900,
        fee: null,
        effective_from: '-infinity',
      },
      {
        office: 'rokan-hilir',
        service: 'RBPAPS',
        ready_step: 'S10',
        quota_text: '7 hari kerja',
        quota_min: 3150,
        fee: 0,
        effective_from: '2024-03-18',
      },
    ]);
  });

  it('has the step counts 9, 9, 8, 12 with codes S1…Sn in SOP order', async () => {
    const rows = await db.all<{ service: string; n: number; codes: string }>(
      `select service, count(*) as n, string_agg(step, ',' order by seq) as codes from sop_steps group by service order by service`,
    );
    const codes = (n: number) => Array.from({ length: n }, (_, i) => `S${i + 1}`).join(',');
    expect(rows).toEqual([
      { service: 'IPTG', n: 8, codes: codes(8) },
      { service: 'RBPAPS', n: 12, codes: codes(12) },
      { service: 'SIKTG', n: 9, codes: codes(9) },
      { service: 'SIPOT', n: 9, codes: codes(9) },
    ]);
  });

  it('SIKTG: S1 and S9 applicant, the rest office; quotas 5,20,10,10,10,10,450,3,2', async () => {
    const rows = await steps('pekanbaru', 'SIKTG');
    // SPEC §2.2: quotas 5, 20, 10, 10, 10, 10 menit, 1 hari kerja (= 450), 3, 2 menit.
    expect(rows.map((r) => r.quota_min)).toEqual([5, 20, 10, 10, 10, 10, 450, 3, 2]);
    expect(rows.map((r) => r.clock)).toEqual([
      'applicant',
      'office',
      'office',
      'office',
      'office',
      'office',
      'office',
      'office',
      'applicant',
    ]);
    expect(rows.find((r) => r.step === 'S2')!.quota_min).toBe(20);
    expect(rows.find((r) => r.step === 'S7')!.quota_min).toBe(450);
  });

  it('SIPOT: quotas 3,35,3,5,10,10,450,3,1; S1 and S9 applicant', async () => {
    const rows = await steps('pekanbaru', 'SIPOT');
    expect(rows.map((r) => r.quota_min)).toEqual([3, 35, 3, 5, 10, 10, 450, 3, 1]);
    expect(rows.map((r) => r.clock)).toEqual([
      'applicant',
      'office',
      'office',
      'office',
      'office',
      'office',
      'office',
      'office',
      'applicant',
    ]);
  });

  it('IPTG: no step quotas; S1–S4 applicant, S5 office, S6 external, S7–S8 office', async () => {
    const rows = await steps('lampung-selatan', 'IPTG');
    expect(rows.map((r) => r.quota_min)).toEqual([null, null, null, null, null, null, null, null]);
    expect(rows.map((r) => r.clock)).toEqual([
      'applicant',
      'applicant',
      'applicant',
      'applicant',
      'office',
      'external',
      'office',
      'office',
    ]);
  });

  it('RBPAPS: S5 external, S2 optional, S1–S3 and S11–S12 applicant, no step quotas', async () => {
    const rows = await steps('rokan-hilir', 'RBPAPS');
    expect(rows.map((r) => r.clock)).toEqual([
      'applicant',
      'applicant',
      'applicant',
      'office',
      'external',
      'office',
      'office',
      'office',
      'office',
      'office',
      'applicant',
      'applicant',
    ]);
    // Only S2 (AKTIVASI AKUN) is optional.
    expect(rows.filter((r) => r.optional).map((r) => r.step)).toEqual(['S2']);
    expect(rows.every((r) => r.quota_min === null)).toBe(true);
  });
});

describe('parseQuota / quotaMinutes', () => {
  it('"5 menit" → 5', () => {
    const q = parseQuota('5 menit');
    expect(q).toEqual({ text: '5 menit', value: 5, unit: 'menit' });
    expect(quotaMinutes(q, 450)).toBe(5);
  });

  it('"2 jam" → 2 × 60 = 120', () => {
    expect(quotaMinutes(parseQuota('2 jam'), 450)).toBe(120);
    // jam does not depend on the working day: still 120 at 390.
    expect(quotaMinutes(parseQuota('2 jam'), 390)).toBe(120);
  });

  it('"2 hari kerja" → 2 × 450 = 900 at the default day, 2 × 390 = 780 at a 390-minute day', () => {
    expect(quotaMinutes(parseQuota('2 hari kerja'), 450)).toBe(900);
    expect(quotaMinutes(parseQuota('2 hari kerja'), 390)).toBe(780);
  });

  it('case and surrounding spaces do not matter; a decimal comma is read', () => {
    // "2 Hari Kerja" → 2 × 450 = 900; "1,5 jam" → 1.5 × 60 = 90.
    expect(quotaMinutes(parseQuota('  2 Hari Kerja '), 450)).toBe(900);
    expect(quotaMinutes(parseQuota('1,5 jam'), 450)).toBe(90);
  });

  it('null, undefined and blank are no quota', () => {
    expect(parseQuota(null)).toBeNull();
    expect(parseQuota(undefined)).toBeNull();
    expect(parseQuota('  ')).toBeNull();
    expect(quotaMinutes(null, 450)).toBeNull();
  });

  it('"2 hari", "abc" and a bare number are refused', () => {
    // "hari" (calendar days) is not a unit of the SPEC: only menit, jam and hari kerja.
    expect(() => parseQuota('2 hari')).toThrow(/2 hari/);
    expect(() => parseQuota('abc')).toThrow(/abc/);
    expect(() => parseQuota(5)).toThrow();
  });

  it('a catalogue office with day_minutes 390 converts 2 hari kerja to 780', async () => {
    await loadConfigFile(db, 'catalogue', fixture('catalogue/ramadan-day-office.yaml'));
    const svc = await db.one('select quota_min from services where office = $o and service = $s', {
      o: 'uji-390',
      s: 'UJI390',
    });
    // 2 × 390 = 780.
    expect(svc).toEqual({ quota_min: 780 });
    // Step S2 "1 hari kerja" → 390; S1 null stays null.
    expect((await steps('uji-390', 'UJI390')).map((r) => r.quota_min)).toEqual([null, 390]);
  });
});

describe('invalid catalogue files are rejected whole, with located messages', () => {
  const tables = ['offices', 'services', 'sop_steps', 'officers', 'working_intervals'];
  const snapshot = async () =>
    Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(db, t)] as const)));

  /** Loads a bad fixture; returns its InputError after checking that nothing changed. */
  async function reject(name: string): Promise<InputError> {
    const before = await snapshot();
    const err = await loadConfigFile(db, 'catalogue', fixture(`catalogue/${name}`)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect(await snapshot()).toEqual(before);
    // The good parts of the file (office uji-baru, service UJIOK) were not loaded either.
    expect(await count(db, 'offices', "office in ('uji-baru', 'batam')")).toBe(0);
    expect(await count(db, 'services', "service like 'UJI%' and office <> 'uji-390'")).toBe(0);
    return err as InputError;
  }

  it('a bad quota on one step names service, step and field', async () => {
    const err = await reject('bad-quota.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'bad-quota.yaml', field: 'quota' });
    expect(err.message).toContain('UJIQ');
    expect(err.message).toContain('S2');
    expect(err.message).toContain('quota');
    expect(err.message).toContain('20 menitan');
  });

  it('an unknown ready_step names service, the step code and field', async () => {
    const err = await reject('unknown-ready-step.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'unknown-ready-step.yaml', field: 'ready_step' });
    expect(err.message).toContain('UJIR');
    expect(err.message).toContain('S9');
    expect(err.message).toContain('ready_step');
  });

  it('a duplicate step code names service, step and field', async () => {
    const err = await reject('duplicate-step.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'duplicate-step.yaml', field: 'step' });
    expect(err.message).toContain('UJID');
    expect(err.message).toContain('S2');
  });

  it('an unknown clock names service, step and field', async () => {
    const err = await reject('unknown-clock.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'unknown-clock.yaml', field: 'clock' });
    expect(err.message).toContain('UJIC');
    expect(err.message).toContain('S2');
    expect(err.message).toContain('clock');
  });

  it('an unknown office names the service, the office and field', async () => {
    const err = await reject('unknown-office.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'unknown-office.yaml', field: 'office' });
    expect(err.message).toContain('UJIO');
    expect(err.message).toContain('dumai');
  });

  it('an invalid time zone names the office and field', async () => {
    const err = await reject('bad-timezone.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'bad-timezone.yaml', field: 'timezone' });
    expect(err.message).toContain('batam');
    expect(err.message).toContain('timezone');
  });

  it('a rejected catalogue load is recorded as a rejected batch', async () => {
    await reject('unknown-clock.yaml');
    const last = (await listBatches(db)).at(-1)!;
    expect(last).toMatchObject({ kind: 'catalogue', status: 'rejected', rows_accepted: 0, rows_rejected: 1 });
    expect(last.file_name.endsWith('unknown-clock.yaml')).toBe(true);
  });
});

describe('reloads and versions', () => {
  it('reloading the shipped catalogue replaces it (no duplicate rows)', async () => {
    const before = {
      services: await count(db, 'services'),
      steps: await count(db, 'sop_steps'),
      offices: await count(db, 'offices'),
    };
    await loadConfigFile(db, 'catalogue', repoPath('sample-data/catalogue.yaml'));
    // Same offices (3 + uji-390), same services (4 + UJI390), same steps (38 + 2).
    expect(before).toEqual({ services: 5, steps: 40, offices: 4 });
    expect({
      services: await count(db, 'services'),
      steps: await count(db, 'sop_steps'),
      offices: await count(db, 'offices'),
    }).toEqual(before);
  });

  it('a second version with a later effective_from is kept beside the first', async () => {
    await loadConfigFile(db, 'catalogue', fixture('catalogue/siktg-v2.yaml'));
    const versions = await db.all(
      `select cast(effective_from as varchar) as eff, quota_min, ready_step,
              (select count(*) from sop_steps p where p.office = s.office and p.service = s.service and p.effective_from = s.effective_from) as steps
       from services s where office = 'pekanbaru' and service = 'SIKTG' order by effective_from`,
    );
    // v1 (2023-05-10): 900, S7, 9 steps; v2 (2026-01-01): 1 hari kerja = 450, S6, 8 steps.
    expect(versions).toEqual([
      { eff: '2023-05-10', quota_min: 900, ready_step: 'S7', steps: 9 },
      { eff: '2026-01-01', quota_min: 450, ready_step: 'S6', steps: 8 },
    ]);
  });

  it('reloading the same version (same office, service, effective_from) replaces it whole', async () => {
    await loadConfigFile(db, 'catalogue', fixture('catalogue/siktg-v2-corrected.yaml'));
    const v2 = await db.one(
      `select quota_text, quota_min, ready_step from services
       where office = 'pekanbaru' and service = 'SIKTG' and effective_from = date '2026-01-01'`,
    );
    // "2 jam" = 120, ready at S5.
    expect(v2).toEqual({ quota_text: '2 jam', quota_min: 120, ready_step: 'S5' });
    const rows = await db.all<{ step: string; quota_min: number }>(
      `select step, quota_min from sop_steps where office = 'pekanbaru' and service = 'SIKTG' and effective_from = date '2026-01-01' order by seq`,
    );
    // 7 steps now (no leftover S8 from the 8-step version): 5, 15, 20, 10, 60, 3, 2.
    expect(rows.map((r) => r.step)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7']);
    expect(rows.map((r) => r.quota_min)).toEqual([5, 15, 20, 10, 60, 3, 2]);
    // v1 untouched: 9 steps.
    expect(await count(db, 'sop_steps', "service = 'SIKTG' and effective_from = date '2023-05-10'")).toBe(9);
    expect(await count(db, 'services', "service = 'SIKTG'")).toBe(2);
  });
});
