import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';
import type { IkmSummaryRow, IkmUnsurRow } from '../../src/read/ikm.js';

/*
 * SKM / IKM (SPEC §2.5, §3 ikm_by_unsur and ikm_summary; reference/regulations.md §2 and §3).
 *
 * Arithmetic used throughout (exact, weight 1/9, no rounding before the sum):
 *   nrr(u)        = score_sum(u) / respondents(u)            (respondents who answered u)
 *   ikm           = Σ nrr / 9                                 (1–4 scale)
 *   ikm_converted = ikm × 25 = 25·Σnrr/9                      (25–100 scale)
 *   rounded       = half-up to 2 decimals; grade of the rounded value:
 *                   A ≥ 88.31 (Sangat Baik), B ≥ 76.61 (Baik), C ≥ 65.00 (Kurang Baik), else D (Tidak Baik)
 *   element grade = the same bands on nrr × 25 rounded half-up to 2 decimals
 *   Krejcie–Morgan s = 3.841·N·0.25 / (0.0025·(N−1) + 3.841·0.25), rounded to the nearest integer
 * Periods: the local date of submitted_at in Asia/Jakarta (+07:00); month 'YYYY-MM',
 * quarter 'YYYY-Qn', semester 'YYYY-Sn', year 'YYYY'. service NULL = office-wide (all services pooled).
 */

/** The rows of ikm_summary and ikm_by_unsur as the read model types them. */
type Summary = IkmSummaryRow;
type Unsur = IkmUnsurRow;

const ikmFixture = (name: string): string => fixture(`ikm/${name}`);

/** Numbers as JS numbers (DECIMAL/BIGINT columns may come back otherwise), lists as plain arrays. */
function norm<T>(row: Record<string, unknown>): T {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint') o[k] = Number(v);
    else if (Array.isArray(v)) o[k] = v.map((x) => (typeof x === 'bigint' ? Number(x) : x));
    else if (
      [
        'ikm_converted_rounded',
        'ci_low',
        'ci_high',
        'nrr',
        'nrr_weighted',
        'ikm',
        'ikm_converted',
        'ikm_converted_w0111',
      ].includes(k) &&
      v != null
    )
      o[k] = Number(v);
    else o[k] = v;
  }
  return o as T;
}

const svcCond = (service: string | null): string => (service === null ? 'service is null' : 'service = $service');
const svcParams = (service: string | null): Record<string, string> => (service === null ? {} : { service });

async function summaries(
  db: Database,
  office: string,
  service: string | null,
  periodType?: string,
): Promise<Summary[]> {
  const pt = periodType ? 'and period_type = $pt' : '';
  const rows = await db.all(
    `select * from ikm_summary where office = $office and ${svcCond(service)} ${pt} order by period_type, period`,
    { office, ...svcParams(service), ...(periodType ? { pt: periodType } : {}) },
  );
  return rows.map((r) => norm<Summary>(r));
}

async function summary(
  db: Database,
  office: string,
  service: string | null,
  periodType: string,
  period: string,
): Promise<Summary> {
  const rows = (await summaries(db, office, service, periodType)).filter((r) => r.period === period);
  expect(rows, `ikm_summary ${office}/${service}/${periodType}/${period}`).toHaveLength(1);
  return rows[0]!;
}

async function unsurRows(
  db: Database,
  office: string,
  service: string | null,
  periodType: string,
  period: string,
): Promise<Unsur[]> {
  const rows = await db.all(
    `select * from ikm_by_unsur where office = $office and ${svcCond(service)} and period_type = $pt and period = $period order by unsur`,
    { office, ...svcParams(service), pt: periodType, period },
  );
  return rows.map((r) => norm<Unsur>(r));
}

/** The (unsur, respondents, score_sum, grade, follow_up) of the nine elements: the exact parts. */
const exactParts = (rows: Unsur[]) => rows.map((r) => [r.unsur, r.respondents, r.score_sum, r.grade, r.follow_up]);

// ---------------------------------------------------------------------------------------------
// 1. The 29-respondent worked example (regulations.md §2e item 4, GASPUL_BACKEND)
// ---------------------------------------------------------------------------------------------

/*
 * test/fixtures/ikm/gaspul-29.csv: 29 responses, pekanbaru SIKTG, every element answered, scores
 * 3 or 4 only. For element j with published total T_j, the first T_j − 87 responses (G-01…) score 4
 * and the rest 3, so the column sum is 4(T−87) + 3(29 − (T−87)) = 87 + (T−87) = T:
 *   totals 105 101 100 116 102 105 106 105 115 → fours 18 14 13 29 15 18 19 18 28.   Σ = 955.
 * Row totals (9 scores each): G-01..G-13 = 36; G-14 35; G-15 34; G-16..G-18 33; G-19 30;
 *   G-20..G-28 29; G-29 28   (13·36 + 35 + 34 + 3·33 + 30 + 9·29 + 28 = 955).
 * Submission times: G-01 2026-02-28T17:30Z = 1 Mar 00:30 WIB, G-29 2026-03-31T16:30Z = 31 Mar
 * 23:30 WIB, the rest on March days at +07:00 → all in month 2026-03 (office time).
 * Groups: gender P = G-01..G-05 (all 4s), L = the other 24; education S2 = G-16..G-18,
 * SMA = G-20..G-25, S1 = the other 20.
 */
describe('29-respondent example (GASPUL totals)', () => {
  let db: Database;
  let app: FastifyInstance;
  const TOTALS = [105, 101, 100, 116, 102, 105, 106, 105, 115];

  beforeAll(async () => {
    db = await openTestDb();
    await loadFile(db, { kind: 'surveys', path: ikmFixture('gaspul-29.csv') });
    app = await buildApp({ db });
  });
  afterAll(async () => {
    await app?.close();
    db?.close();
  });

  it('summary: IKM 91.48 (exact 1/9), grade A Sangat Baik; the 0.111 variant 91.38 apart', async () => {
    for (const service of ['SIKTG', null]) {
      const s = await summary(db, 'pekanbaru', service, 'month', '2026-03');
      expect(s.respondents).toBe(29);
      // ikm = 955 / (29·9) = 955/261 = 3.658998…
      expect(s.ikm).toBeCloseTo(955 / 261, 10);
      // converted = 955/261 · 25 = 23875/261 = 91.4750957…  (not 90.56 with 0.11, not 91.38 with 0.111)
      expect(s.ikm_converted).toBeCloseTo(91.47509578544, 9);
      expect(s.ikm_converted_rounded).toBe(91.48);
      expect(s.grade).toBe('A');
      expect(s.label).toBe('Sangat Baik');
      // printed-weight variant: Σnrr · 0.111 · 25 = (955/29) · 2.775 = 32.931034… · 2.775 = 91.383620…
      expect(s.ikm_converted_w0111).toBeCloseTo(91.38362069, 6);
      expect(Math.round(s.ikm_converted_w0111 * 100) / 100).toBe(91.38);
      expect(s.follow_up).toBe(false);
      // lowest nrr: u3 100/29, u2 101/29, u5 102/29 (lowest first)
      expect(s.weakest_unsur).toEqual([3, 2, 5]);
    }
  });

  it('the same figures in the quarter, semester and year rows (all 29 responses are in March)', async () => {
    for (const [pt, p] of [
      ['quarter', '2026-Q1'],
      ['semester', '2026-S1'],
      ['year', '2026'],
    ] as const) {
      const s = await summary(db, 'pekanbaru', 'SIKTG', pt, p);
      expect(s.respondents).toBe(29);
      expect(s.ikm_converted).toBeCloseTo(91.47509578544, 9);
      expect(s.grade).toBe('A');
    }
    // only March has responses: no February or April month row (G-01 is 28 Feb in UTC, 1 Mar in WIB;
    // G-29 is 31 Mar 23:30 WIB, not April)
    expect((await summaries(db, 'pekanbaru', 'SIKTG', 'month')).map((r) => r.period)).toEqual(['2026-03']);
  });

  it('elements: respondents 29 each, score_sum = published totals, nrr exact, grades', async () => {
    const rows = await unsurRows(db, 'pekanbaru', 'SIKTG', 'month', '2026-03');
    expect(rows.map((r) => r.unsur)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.map((r) => r.respondents)).toEqual(Array(9).fill(29));
    expect(rows.map((r) => r.score_sum)).toEqual(TOTALS);
    rows.forEach((r, i) => {
      expect(r.nrr).toBeCloseTo(TOTALS[i]! / 29, 10);
      expect(r.nrr_weighted).toBeCloseTo(TOTALS[i]! / 29 / 9, 10);
    });
    // u1 105/29 = 3.6207 → ×25 = 90.52 → A; u3 100/29 = 3.4483 → 86.21 → B
    expect(rows[0]!.nrr).toBeCloseTo(3.6207, 4);
    expect(rows[2]!.nrr).toBeCloseTo(3.4483, 4);
    // ×25: 90.52 A, 87.07 B, 86.21 B, 100.00 A, 87.93 B, 90.52 A, 91.38 A, 90.52 A, 99.14 A
    expect(rows.map((r) => r.grade)).toEqual(['A', 'B', 'B', 'A', 'B', 'A', 'A', 'A', 'A']);
    expect(rows.every((r) => r.follow_up === false)).toBe(true);
    // unsur names in the PermenPANRB 14/2017 order of SPEC §2.5 (not Tubaba's U8/U9 swap)
    expect(rows[0]!.unsur_name).toMatch(/persyaratan/i);
    expect(rows[2]!.unsur_name).toMatch(/waktu/i);
    expect(rows[7]!.unsur_name).toMatch(/pengaduan/i);
    expect(rows[8]!.unsur_name).toMatch(/sarana/i);
    // office-wide rows of the month: the same (only SIKTG responses)
    expect(exactParts(await unsurRows(db, 'pekanbaru', null, 'month', '2026-03'))).toEqual(exactParts(rows));
  });

  it('95% interval on respondent-level converted scores (sample sd)', async () => {
    // respondent converted score = row total / 9 · 25. Totals t: 13×36, 35, 34, 3×33, 30, 9×29, 28.
    // Σt = 955, Σt² = 13·1296 + 1225 + 1156 + 3·1089 + 900 + 9·841 + 784 = 31749
    // var_samp(t) = (31749 − 955²/29) / 28 = (31749 − 31449.13793) / 28 = 10.709360
    // sd(t) = 3.272516; sd(converted) = 3.272516 · 25/9 = 9.090322
    // half-width = 1.96 · 9.090322 / √29 = 1.96 · 1.688031 = 3.308539
    // ci = 91.475096 ∓ 3.308539 = [88.166556, 94.783635]
    const s = await summary(db, 'pekanbaru', 'SIKTG', 'month', '2026-03');
    expect(s.ci_low).toBeCloseTo(88.166556, 5);
    expect(s.ci_high).toBeCloseTo(94.783635, 5);
  });

  describe('API', () => {
    async function get(url: string): Promise<{ status: number; body: any }> {
      const r = await app.inject({ method: 'GET', url });
      return { status: r.statusCode, body: r.json() };
    }

    it('GET /api/ikm returns the summary rows of the filters', async () => {
      const all = await get('/api/ikm?office=pekanbaru&period_type=month&period=2026-03');
      expect(all.status).toBe(200);
      // no service filter: the office-wide row
      expect(all.body.rows).toHaveLength(1);
      expect(all.body.rows[0]).toMatchObject({
        office: 'pekanbaru',
        service: null,
        period_type: 'month',
        period: '2026-03',
        respondents: 29,
        ikm_converted_rounded: 91.48,
        grade: 'A',
        label: 'Sangat Baik',
      });
      expect(all.body.rows[0].ikm_converted).toBeCloseTo(91.47509578544, 9);
      const one = await get('/api/ikm?office=pekanbaru&service=SIKTG&period_type=month&period=2026-03');
      expect(one.status).toBe(200);
      expect(one.body.rows).toHaveLength(1);
      expect(one.body.rows[0]).toMatchObject({
        service: 'SIKTG',
        respondents: 29,
        grade: 'A',
        weakest_unsur: [3, 2, 5],
      });
      // another month: nothing
      expect((await get('/api/ikm?office=pekanbaru&period_type=month&period=2026-04')).body.rows).toEqual([]);
    });

    it('GET /api/ikm/unsur returns the nine elements', async () => {
      const r = await get('/api/ikm/unsur?office=pekanbaru&period_type=month&period=2026-03');
      expect(r.status).toBe(200);
      expect(r.body.rows.map((x: Unsur) => x.unsur)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(r.body.rows.map((x: Unsur) => x.score_sum)).toEqual(TOTALS);
      expect(r.body.rows.map((x: Unsur) => x.respondents)).toEqual(Array(9).fill(29));
      expect(r.body.rows.map((x: Unsur) => x.grade)).toEqual(['A', 'B', 'B', 'A', 'B', 'A', 'A', 'A', 'A']);
    });

    /** The rows of a groups answer keyed by group label (whatever the key column is called). */
    function byGroup(rows: Record<string, unknown>[], labels: string[]): Map<string, Record<string, unknown>> {
      const m = new Map<string, Record<string, unknown>>();
      for (const row of rows) {
        const label = Object.values(row).find((v) => typeof v === 'string' && labels.includes(v));
        if (typeof label === 'string') m.set(label, row);
      }
      return m;
    }

    it('GET /api/ikm/groups by gender: both groups shown (P has exactly 5)', async () => {
      const r = await get('/api/ikm/groups?office=pekanbaru&period_type=year&period=2026&by=gender');
      expect(r.status).toBe(200);
      const g = byGroup(r.body.rows, ['L', 'P']);
      // P: G-01..G-05, all 4 → 100.00; 5 respondents is not "fewer than 5"
      expect(g.get('P')).toMatchObject({ respondents: 5 });
      expect(g.get('P')!.ikm_converted as number).toBeCloseTo(100, 9);
      // L: 24 responses, Σ = 955 − 5·36 = 775, no blanks → Σnrr = 775/24 → ×25/9 = 775·25/216 = 89.699074…
      expect(g.get('L')).toMatchObject({ respondents: 24 });
      expect(g.get('L')!.ikm_converted as number).toBeCloseTo(89.69907407, 6);
    });

    it('GET /api/ikm/groups by education: a group under 5 respondents is hidden', async () => {
      const r = await get('/api/ikm/groups?office=pekanbaru&period_type=year&period=2026&by=education');
      expect(r.status).toBe(200);
      const g = byGroup(r.body.rows, ['S1', 'SMA', 'S2']);
      // S1: 20 responses: 13·36 + 35 + 34 + 30 + 3·29 + 28 = 682 → 682·25/(20·9) = 94.722222…
      expect(g.get('S1')).toMatchObject({ respondents: 20 });
      expect(g.get('S1')!.ikm_converted as number).toBeCloseTo(94.72222222, 6);
      // SMA: G-20..G-25, 6 × 29 = 174 → 174·25/54 = 80.555555…
      expect(g.get('SMA')).toMatchObject({ respondents: 6 });
      expect(g.get('SMA')!.ikm_converted as number).toBeCloseTo(80.55555556, 6);
      // S2: 3 respondents → hidden: row absent, or no IKM (and no grade) for it
      const s2 = g.get('S2');
      if (s2) {
        expect(s2.ikm_converted ?? null).toBeNull();
        expect(s2.grade ?? null).toBeNull();
        expect([null, 3]).toContain(s2.respondents ?? null);
      }
    });

    it('rejects an unknown period type with the error shape', async () => {
      const r = await get('/api/ikm?office=pekanbaru&period_type=week&period=2026-03');
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 2 and 6. Blanks; follow-up flags and the weakest elements
// ---------------------------------------------------------------------------------------------

/*
 * test/fixtures/ikm/blanks-followup.csv
 * pekanbaru SIPOT, March 2026 (blank = not answered):
 *        u1 u2 u3 u4 u5 u6 u7 u8 u9
 *   B-1   4  4  4  4  4  4  4  4  4
 *   B-2   3  .  3  3  3  3  3  3  3
 *   B-3   2  .  .  2  2  2  2  2  2
 *   B-4   .  3  3  3  3  3  3  3  .
 *   u1: 3 answered, 9 → 3.0 → 75.00 C      u2: 2 answered, 7 → 3.5 → 87.50 B
 *   u3: 3 answered, 10 → 3.3333 → 83.33 B  u4..u8: 4 answered, 12 → 3.0 → 75.00 C
 *   u9: 3 answered, 9 → 3.0 → 75.00 C
 *   Σnrr = 3 + 3.5 + 10/3 + 5·3 + 3 = 167/6; ikm = 167/54 = 3.0925926; converted = 4175/54 = 77.314815
 *   → 77.31 → B Baik; respondents (responses) 4. Weakest: nrr 3.0 on u1, u4..u9 → ties to the lower
 *   numbers → [1, 4, 5].
 * lampung-selatan IPTG, March 2026:
 *   F-1   4  4  3  4  2  4  4  3  4
 *   F-2   4  3  3  4  3  4  4  3  4
 *   nrr 4, 3.5, 3, 4, 2.5, 4, 4, 3, 4 → ×25: 100 A, 87.5 B, 75 C, 100 A, 62.5 D, 100 A, 100 A, 75 C, 100 A
 *   follow-up on u3 (C), u5 (D), u8 (C). Σnrr = 32 → ikm 32/9 = 3.5556 → 88.888889 → 88.89 A (no
 *   follow-up for the service itself). Weakest: u5 2.5, then u3 and u8 at 3.0 → [5, 3, 8].
 */
describe('blanks, follow-up and weakest elements', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDb();
    await loadFile(db, { kind: 'surveys', path: ikmFixture('blanks-followup.csv') });
  });
  afterAll(() => db?.close());

  it('per-element respondents count only those who answered', async () => {
    const rows = await unsurRows(db, 'pekanbaru', 'SIPOT', 'month', '2026-03');
    expect(rows.map((r) => r.respondents)).toEqual([3, 2, 3, 4, 4, 4, 4, 4, 3]);
    expect(rows.map((r) => r.score_sum)).toEqual([9, 7, 10, 12, 12, 12, 12, 12, 9]);
    const nrr = [3, 3.5, 10 / 3, 3, 3, 3, 3, 3, 3];
    rows.forEach((r, i) => expect(r.nrr).toBeCloseTo(nrr[i]!, 10));
    expect(rows.map((r) => r.grade)).toEqual(['C', 'B', 'B', 'C', 'C', 'C', 'C', 'C', 'C']);
    expect(rows.map((r) => r.follow_up)).toEqual([true, false, false, true, true, true, true, true, true]);
  });

  it('summary: respondents = responses; IKM from the per-element NRR', async () => {
    for (const service of ['SIPOT', null]) {
      const s = await summary(db, 'pekanbaru', service, 'month', '2026-03');
      expect(s.respondents).toBe(4);
      expect(s.ikm).toBeCloseTo(167 / 54, 10);
      expect(s.ikm_converted).toBeCloseTo(4175 / 54, 9); // 77.3148148…
      expect(s.ikm_converted_rounded).toBe(77.31);
      expect(s.grade).toBe('B');
      expect(s.label).toBe('Baik');
      expect(s.follow_up).toBe(false);
      // printed-weight variant: Σnrr · 0.111 · 25 = 167/6 · 2.775 = 463.425/6 = 77.2375
      expect(s.ikm_converted_w0111).toBeCloseTo(77.2375, 9);
      expect(s.weakest_unsur).toEqual([1, 4, 5]);
    }
  });

  it('flags the elements graded C or D, not the service graded A; weakest = three lowest', async () => {
    const rows = await unsurRows(db, 'lampung-selatan', 'IPTG', 'month', '2026-03');
    expect(rows.map((r) => r.grade)).toEqual(['A', 'B', 'C', 'A', 'D', 'A', 'A', 'C', 'A']);
    expect(rows.filter((r) => r.follow_up).map((r) => r.unsur)).toEqual([3, 5, 8]);
    const s = await summary(db, 'lampung-selatan', 'IPTG', 'month', '2026-03');
    expect(s.respondents).toBe(2);
    expect(s.ikm_converted).toBeCloseTo(800 / 9, 9); // 32/9·25 = 88.888…
    expect(s.ikm_converted_rounded).toBe(88.89);
    expect(s.grade).toBe('A');
    expect(s.follow_up).toBe(false);
    expect(s.weakest_unsur).toEqual([5, 3, 8]);
    // 95% interval: respondent scores F-1 32/9·25 = 88.8889, F-2 32/9·25 = 88.8889 → sd 0 → [88.8889, 88.8889]
    expect(s.ci_low).toBeCloseTo(800 / 9, 6);
    expect(s.ci_high).toBeCloseTo(800 / 9, 6);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Grade boundaries: half-up rounding of the converted value, exactly at the band edges
// ---------------------------------------------------------------------------------------------

/*
 * A converted value exactly at x.xx5 needs Σnrr = x.xx5 · 9/25 with a denominator 5000 = 2³·5⁴, so
 * no fixture with a handful of respondents can hit it: the construction uses elements u1..u8
 * answered by all n responses (sum A over 8n answers) and u9 answered by only m of them (sum B),
 * so Σnrr = A/n + B/m, and solves A/n + B/m = target for integers. The CSV is generated at test
 * time from these counts (written to a temp dir; every block below lists its counts).
 *
 * Each block is one (office, service, month) so its month row is independent of the others.
 *   blk  office/service            month    n    m   u1..u8 sums               u9 (m answers)     Σnrr          converted   rounded  grade
 *   S-A  pekanbaru/SIKTG           2026-03  625  8   7×2200 + 2203 = 17603     4,4,4,4,4,4,3,2=29  17603/625+29/8 = 28.1648+3.625 = 31.7898 → ×25/9 = 88.305 → 88.31 A
 *   S-B  pekanbaru/SIKTG           2026-04  125  2   8×442 = 3536              4,3 = 7            28.288+3.5 = 31.788   → 88.30  → 88.30 B
 *   S-C  pekanbaru/SIPOT           2026-03  125  125 447 + 7×375 = 3072       375 (all 3)        (3447)/125 = 27.576   → 76.60  → 76.60 C
 *   S-D  pekanbaru/SIPOT           2026-04  625  8   5×1910 + 3×1911 = 15283   4,4,4,4,3,2,2,2=25  24.4528+3.125 = 27.5778 → 76.605 → 76.61 B
 *   S-E  lampung-selatan/IPTG      2026-03  625  4   6×1901 + 2×1900 = 15206   4,3,3,3 = 13       24.3296+3.25 = 27.5796 → 76.61 → 76.61 B
 *   S-F  lampung-selatan/IPTG      2026-04  5    5   5×15 + 12 + 2×10 = 107    10 (all 2)         117/5 = 23.4          → 65.00  → 65.00 C
 *   S-G  lampung-selatan/IPTG      2026-05  625  4   8×1613 = 12904            3,3,3,2 = 11       20.6464+2.75 = 23.3964 → 64.99 → 64.99 D
 *   S-H  lampung-selatan/IPTG      2026-06  625  8   5×1603 + 3×1604 = 12827   4,3,3,3,3,3,2,2=23  20.5232+2.875 = 23.3982 → 64.995 → 65.00 C
 * (converted = Σnrr·25/9: 31.7898·25 = 794.745, /9 = 88.305; 31.788·25/9 = 88.30; 27.576·25/9 = 76.60;
 *  27.5778·25/9 = 76.605; 27.5796·25/9 = 76.61; 23.4·25/9 = 65; 23.3964·25/9 = 64.99; 23.3982·25/9 = 64.995.)
 * An element sum s over n answers with only 3s and 4s has s − 3n fours; with 2s and 3s, s − 2n threes.
 *
 * Element boundaries, rokan-hilir/RBPAPS 2026-03, 5000 responses (nrr·25 exactly at the edge needs
 * up to 5000 answers: 3.5322 = 17661/5000):
 *   u1: 5000 answers, 17661 (2661×4, 2339×3) → 3.5322 → 88.305 → 88.31 A   (3.5322 lies in the gap
 *       between the NI table's 3.532 and 3.5324: the grade goes by the rounded converted value)
 *   u2: 125 answers, 383 (8×4, 117×3)        → 3.064  → 76.60 C
 *   u3: 2500 answers, 7661 (161×4, 2339×3)   → 3.0644 → 76.61 B
 *   u4: 5 answers, 13 (3,3,3,2,2)            → 2.6    → 65.00 C
 *   u5: 250 answers, 883 (133×4, 117×3)      → 3.532  → 88.30 B
 *   u6: 2500 answers, 6499 (1499×3, 1001×2)  → 2.5996 → 64.99 D
 *   u7: 5000 answers, 12999 (2999×3, 2001×2) → 2.5998 → 64.995 → 65.00 C
 *   u8: 5000 answers, 15321 (321×4, 4679×3)  → 3.0642 → 76.605 → 76.61 B
 *   u9: 5000 answers, 17659 (2659×4, 2341×3) → 3.5318 → 88.295 → 88.30 B
 */
type Counts = Array<[score: number, count: number]>;
const fill = (n: number, counts: Counts): string[] => {
  const out: string[] = [];
  for (const [score, c] of counts) for (let i = 0; i < c; i++) out.push(String(score));
  if (out.length > n) throw new Error('more answers than responses');
  while (out.length < n) out.push('');
  return out;
};
/** n answers summing to s, with 4s and 3s (s − 3n fours) or, when s < 3n, 3s and 2s (s − 2n threes). */
const sumOf = (n: number, s: number): Counts =>
  s >= 3 * n
    ? [
        [4, s - 3 * n],
        [3, 4 * n - s],
      ]
    : [
        [3, s - 2 * n],
        [2, 3 * n - s],
      ];
const list = (...scores: number[]): Counts => scores.map((x) => [x, 1]);

function block(id: string, office: string, service: string, at: string, n: number, cols: Counts[]): string[] {
  const columns = cols.map((c) => fill(n, c));
  return Array.from({ length: n }, (_, i) =>
    [`${id}-${i + 1}`, office, service, at, ...columns.map((c) => c[i]!)].join(','),
  );
}

function boundaryCsv(): string {
  const rows = [
    ...block('S-A', 'pekanbaru', 'SIKTG', '2026-03-10T09:00:00+07:00', 625, [
      ...Array(7).fill(sumOf(625, 2200)),
      sumOf(625, 2203),
      list(4, 4, 4, 4, 4, 4, 3, 2),
    ]),
    ...block('S-B', 'pekanbaru', 'SIKTG', '2026-04-10T09:00:00+07:00', 125, [
      ...Array(8).fill(sumOf(125, 442)),
      list(4, 3),
    ]),
    ...block('S-C', 'pekanbaru', 'SIPOT', '2026-03-10T09:00:00+07:00', 125, [
      sumOf(125, 447),
      ...Array(8).fill(sumOf(125, 375)),
    ]),
    ...block('S-D', 'pekanbaru', 'SIPOT', '2026-04-10T09:00:00+07:00', 625, [
      ...Array(5).fill(sumOf(625, 1910)),
      ...Array(3).fill(sumOf(625, 1911)),
      list(4, 4, 4, 4, 3, 2, 2, 2),
    ]),
    ...block('S-E', 'lampung-selatan', 'IPTG', '2026-03-10T09:00:00+07:00', 625, [
      ...Array(6).fill(sumOf(625, 1901)),
      ...Array(2).fill(sumOf(625, 1900)),
      list(4, 3, 3, 3),
    ]),
    ...block('S-F', 'lampung-selatan', 'IPTG', '2026-04-10T09:00:00+07:00', 5, [
      ...Array(5).fill(sumOf(5, 15)),
      sumOf(5, 12),
      sumOf(5, 10),
      sumOf(5, 10),
      sumOf(5, 10),
    ]),
    ...block('S-G', 'lampung-selatan', 'IPTG', '2026-05-11T09:00:00+07:00', 625, [
      ...Array(8).fill(sumOf(625, 1613)),
      list(3, 3, 3, 2),
    ]),
    ...block('S-H', 'lampung-selatan', 'IPTG', '2026-06-10T09:00:00+07:00', 625, [
      ...Array(5).fill(sumOf(625, 1603)),
      ...Array(3).fill(sumOf(625, 1604)),
      list(4, 3, 3, 3, 3, 3, 2, 2),
    ]),
    ...block('E', 'rokan-hilir', 'RBPAPS', '2026-03-10T09:00:00+07:00', 5000, [
      sumOf(5000, 17661),
      sumOf(125, 383),
      sumOf(2500, 7661),
      list(3, 3, 3, 2, 2),
      sumOf(250, 883),
      sumOf(2500, 6499),
      sumOf(5000, 12999),
      sumOf(5000, 15321),
      sumOf(5000, 17659),
    ]),
  ];
  return ['response_id,office,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9', ...rows].join('\n') + '\n';
}

describe('grade boundaries (half-up at 2 decimals)', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ikm-boundaries-'));
    const path = join(dir, 'boundaries.csv');
    writeFileSync(path, boundaryCsv());
    db = await openTestDb();
    await loadFile(db, { kind: 'surveys', path });
  });
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    // block, office, service, month, responses, exact converted, rounded, grade, label
    ['S-A', 'pekanbaru', 'SIKTG', '2026-03', 625, 88.305, 88.31, 'A', 'Sangat Baik'],
    ['S-B', 'pekanbaru', 'SIKTG', '2026-04', 125, 88.3, 88.3, 'B', 'Baik'],
    ['S-C', 'pekanbaru', 'SIPOT', '2026-03', 125, 76.6, 76.6, 'C', 'Kurang Baik'],
    ['S-D', 'pekanbaru', 'SIPOT', '2026-04', 625, 76.605, 76.61, 'B', 'Baik'],
    ['S-E', 'lampung-selatan', 'IPTG', '2026-03', 625, 76.61, 76.61, 'B', 'Baik'],
    ['S-F', 'lampung-selatan', 'IPTG', '2026-04', 5, 65, 65, 'C', 'Kurang Baik'],
    ['S-G', 'lampung-selatan', 'IPTG', '2026-05', 625, 64.99, 64.99, 'D', 'Tidak Baik'],
    ['S-H', 'lampung-selatan', 'IPTG', '2026-06', 625, 64.995, 65, 'C', 'Kurang Baik'],
  ] as const)(
    '%s: %s %s %s → converted %s, rounded %s, grade %s',
    async (_b, office, service, month, n, exact, rounded, grade, label) => {
      const s = await summary(db, office, service, 'month', month);
      expect(s.respondents).toBe(n);
      expect(s.ikm_converted).toBeCloseTo(exact, 9);
      expect(s.ikm_converted_rounded).toBe(rounded);
      expect(s.grade).toBe(grade);
      expect(s.label).toBe(label);
      expect(s.follow_up).toBe(grade === 'C' || grade === 'D');
    },
  );

  it('the blocks have the intended element sums (guards the construction)', async () => {
    const a = await unsurRows(db, 'pekanbaru', 'SIKTG', 'month', '2026-03');
    expect(a.map((r) => [r.respondents, r.score_sum])).toEqual([...Array(7).fill([625, 2200]), [625, 2203], [8, 29]]);
    const h = await unsurRows(db, 'lampung-selatan', 'IPTG', 'month', '2026-06');
    expect(h.map((r) => [r.respondents, r.score_sum])).toEqual([
      ...Array(5).fill([625, 1603]),
      ...Array(3).fill([625, 1604]),
      [8, 23],
    ]);
  });

  it('element grades at the edges of the bands', async () => {
    const rows = await unsurRows(db, 'rokan-hilir', 'RBPAPS', 'month', '2026-03');
    expect(rows.map((r) => [r.unsur, r.respondents, r.score_sum])).toEqual([
      [1, 5000, 17661],
      [2, 125, 383],
      [3, 2500, 7661],
      [4, 5, 13],
      [5, 250, 883],
      [6, 2500, 6499],
      [7, 5000, 12999],
      [8, 5000, 15321],
      [9, 5000, 17659],
    ]);
    const nrr = [3.5322, 3.064, 3.0644, 2.6, 3.532, 2.5996, 2.5998, 3.0642, 3.5318];
    rows.forEach((r, i) => expect(r.nrr).toBeCloseTo(nrr[i]!, 12));
    // ×25: 88.305→88.31 A, 76.60 C, 76.61 B, 65.00 C, 88.30 B, 64.99 D, 64.995→65.00 C, 76.605→76.61 B, 88.295→88.30 B
    expect(rows.map((r) => r.grade)).toEqual(['A', 'C', 'B', 'C', 'B', 'D', 'C', 'B', 'B']);
    expect(rows.map((r) => r.follow_up)).toEqual([false, true, false, true, false, true, true, false, false]);
    // and the office's summary counts every response once
    expect((await summary(db, 'rokan-hilir', 'RBPAPS', 'month', '2026-03')).respondents).toBe(5000);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Periods (office time) and office-wide pooling
// ---------------------------------------------------------------------------------------------

/*
 * test/fixtures/ikm/periods.csv (every response answers all nine elements with one score):
 *   P-1 pekanbaru SIKTG 2026-01-15 10:00 WIB             all 4 → month 2026-01
 *   P-2 pekanbaru SIKTG 2026-01-31T17:30Z = 1 Feb 00:30 WIB   all 3 → month 2026-02 (January in UTC)
 *   P-3 pekanbaru SIPOT 2026-02-10 09:00 WIB             all 2 → month 2026-02
 *   P-4 pekanbaru SIPOT 2026-01-31T16:59Z = 31 Jan 23:59 WIB  all 3 → month 2026-01
 *   L-1 lampung-selatan IPTG 2026-06-30T16:59:59Z = 30 Jun 23:59:59 WIB  all 4 → 2026-06, Q2, S1
 *   L-2 lampung-selatan IPTG 2026-06-30T17:00:00Z = 1 Jul 00:00 WIB      all 1 → 2026-07, Q3, S2
 * With one score per response, nrr of every element = the mean score; converted = mean·25.
 *   SIKTG 2026-01: 4 → 100 A; 2026-02: 3 → 75 C; Q1/S1/2026: (4+3)/2 = 3.5 → 87.5 B (n 2)
 *   SIPOT 2026-01: 3 → 75 C; 2026-02: 2 → 50 D; Q1/S1/2026: 2.5 → 62.5 D
 *   office-wide 2026-01: P-1, P-4 → 3.5 → 87.5 B; 2026-02: P-2, P-3 → 2.5 → 62.5 D;
 *     Q1/S1/2026: (4+3+2+3)/4 = 3 → 75 C (n 4)
 *   lampung-selatan: 2026-06 100 A; 2026-07 25 D; Q2 100; Q3 25; S1 100; S2 25; 2026: 2.5 → 62.5 D
 */
describe('periods and office-wide rows', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDb();
    await loadFile(db, { kind: 'surveys', path: ikmFixture('periods.csv') });
  });
  afterAll(() => db?.close());

  const brief = (rows: Summary[]) =>
    rows.map((r) => [r.period_type, r.period, r.respondents, Math.round(r.ikm_converted * 1e6) / 1e6, r.grade]);

  it('per service: one row per month with responses, one quarter, semester and year row', async () => {
    expect(brief(await summaries(db, 'pekanbaru', 'SIKTG'))).toEqual([
      ['month', '2026-01', 1, 100, 'A'],
      ['month', '2026-02', 1, 75, 'C'],
      ['quarter', '2026-Q1', 2, 87.5, 'B'],
      ['semester', '2026-S1', 2, 87.5, 'B'],
      ['year', '2026', 2, 87.5, 'B'],
    ]);
    expect(brief(await summaries(db, 'pekanbaru', 'SIPOT'))).toEqual([
      ['month', '2026-01', 1, 75, 'C'],
      ['month', '2026-02', 1, 50, 'D'],
      ['quarter', '2026-Q1', 2, 62.5, 'D'],
      ['semester', '2026-S1', 2, 62.5, 'D'],
      ['year', '2026', 2, 62.5, 'D'],
    ]);
  });

  it('office-wide rows (service NULL) pool SIKTG and SIPOT', async () => {
    expect(brief(await summaries(db, 'pekanbaru', null))).toEqual([
      ['month', '2026-01', 2, 87.5, 'B'],
      ['month', '2026-02', 2, 62.5, 'D'],
      ['quarter', '2026-Q1', 4, 75, 'C'],
      ['semester', '2026-S1', 4, 75, 'C'],
      ['year', '2026', 4, 75, 'C'],
    ]);
    // elements of the office-wide quarter: 4 answers each, sum 4+3+2+3 = 12, nrr 3 → 75.00 C
    const els = await unsurRows(db, 'pekanbaru', null, 'quarter', '2026-Q1');
    expect(exactParts(els)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((u) => [u, 4, 12, 'C', true]));
    // 9 elements × 5 periods office-wide
    const n = await db.one<{ n: number }>(
      "select count(*)::integer as n from ikm_by_unsur where office = 'pekanbaru' and service is null",
    );
    expect(n!.n).toBe(45);
  });

  it('follow-up on the summary rows graded C or D', async () => {
    const rows = await summaries(db, 'pekanbaru', null);
    expect(rows.map((r) => [r.period, r.follow_up])).toEqual([
      ['2026-01', false],
      ['2026-02', true],
      ['2026-Q1', true],
      ['2026-S1', true],
      ['2026', true],
    ]);
  });

  it('labels Qn and Sn by the local date (30 Jun 23:59:59 vs 1 Jul 00:00 WIB)', async () => {
    expect(brief(await summaries(db, 'lampung-selatan', 'IPTG'))).toEqual([
      ['month', '2026-06', 1, 100, 'A'],
      ['month', '2026-07', 1, 25, 'D'],
      ['quarter', '2026-Q2', 1, 100, 'A'],
      ['quarter', '2026-Q3', 1, 25, 'D'],
      ['semester', '2026-S1', 1, 100, 'A'],
      ['semester', '2026-S2', 1, 25, 'D'],
      ['year', '2026', 2, 62.5, 'D'],
    ]);
  });

  it('interval: null with one respondent', async () => {
    const s = await summary(db, 'pekanbaru', 'SIKTG', 'month', '2026-01');
    expect(s.ci_low).toBeNull();
    expect(s.ci_high).toBeNull();
  });
});

/*
 * A second load into the same periods, then the same file again. test/fixtures/ikm/periods-more.csv:
 *   M-1 pekanbaru SIKTG '2026-03-31 23:30:00' (no offset: office time, WIB → March; read as UTC it
 *       would be 1 Apr 06:30 WIB)  all 4
 *   M-2 pekanbaru, service blank, '2026-03-15' (a date: local midnight)  all 2 → office-wide rows only
 * After periods.csv + periods-more.csv:
 *   SIKTG months 2026-01 (100), 2026-02 (75), 2026-03 (M-1: 100 A); SIKTG Q1: P-1 4, P-2 3, M-1 4 →
 *     nrr 11/3 → 11/3·25 = 91.666667 A (n 3); no 2026-04 row
 *   office-wide 2026-03: M-1 4, M-2 2 → nrr 3 → 75 C (n 2); Q1: 4+3+2+3+4+2 = 18 over 6 → 75 C (n 6)
 *   SIPOT unchanged (Q1 62.5 D, n 2). Loading periods-more.csv again adds nothing.
 */
describe('a later load updates the periods it touches', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDb();
    await loadFile(db, { kind: 'surveys', path: ikmFixture('periods.csv') });
    await loadFile(db, { kind: 'surveys', path: ikmFixture('periods-more.csv') });
  });
  afterAll(() => db?.close());

  const brief = (rows: Summary[]) =>
    rows.map((r) => [r.period_type, r.period, r.respondents, Math.round(r.ikm_converted * 1e6) / 1e6, r.grade]);
  const expected = {
    siktg: [
      ['month', '2026-01', 1, 100, 'A'],
      ['month', '2026-02', 1, 75, 'C'],
      ['month', '2026-03', 1, 100, 'A'],
      ['quarter', '2026-Q1', 3, 91.666667, 'A'],
      ['semester', '2026-S1', 3, 91.666667, 'A'],
      ['year', '2026', 3, 91.666667, 'A'],
    ],
    office: [
      ['month', '2026-01', 2, 87.5, 'B'],
      ['month', '2026-02', 2, 62.5, 'D'],
      ['month', '2026-03', 2, 75, 'C'],
      ['quarter', '2026-Q1', 6, 75, 'C'],
      ['semester', '2026-S1', 6, 75, 'C'],
      ['year', '2026', 6, 75, 'C'],
    ],
  };

  it('local times without an offset, blank service, and the refresh of touched periods', async () => {
    expect(brief(await summaries(db, 'pekanbaru', 'SIKTG'))).toEqual(expected.siktg);
    expect(brief(await summaries(db, 'pekanbaru', null))).toEqual(expected.office);
    expect((await summary(db, 'pekanbaru', 'SIPOT', 'quarter', '2026-Q1')).respondents).toBe(2);
    const m3 = await unsurRows(db, 'pekanbaru', null, 'month', '2026-03');
    expect(exactParts(m3)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((u) => [u, 2, 6, 'C', true]));
  });

  it('loading the same file again changes nothing', async () => {
    const r = await loadFile(db, { kind: 'surveys', path: ikmFixture('periods-more.csv') });
    expect(r.accepted).toBe(0);
    expect(brief(await summaries(db, 'pekanbaru', 'SIKTG'))).toEqual(expected.siktg);
    expect(brief(await summaries(db, 'pekanbaru', null))).toEqual(expected.office);
  });
});

/*
 * An element nobody answered in the period (test/fixtures/ikm/unanswered-element.csv: rokan-hilir
 * RBPAPS, March 2026, two responses with u1..u8 = 4 and u9 blank). Its NRR does not exist; it must
 * not enter Σnrr as 0: Σnrr/9 = 32/9 = 3.5556 → 88.89 would rate eight perfect elements below 100
 * (and one answered element alone, 4/9·25 = 11.1, would fall below the 25–100 scale). Accepted:
 * the mean over the answered elements (100) or no IKM (null).
 */
describe('an element nobody answered', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDb();
    await loadFile(db, { kind: 'surveys', path: ikmFixture('unanswered-element.csv') });
  });
  afterAll(() => db?.close());

  it('has no element row and does not count as 0 in the IKM', async () => {
    const rows = await unsurRows(db, 'rokan-hilir', 'RBPAPS', 'month', '2026-03');
    expect(rows.filter((r) => r.respondents > 0).map((r) => r.unsur)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const s = await summary(db, 'rokan-hilir', 'RBPAPS', 'month', '2026-03');
    expect(s.respondents).toBe(2);
    if (s.ikm_converted !== null) expect(s.ikm_converted).toBeCloseTo(100, 9);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Krejcie–Morgan sample size and population from case_sla
// ---------------------------------------------------------------------------------------------

describe('Krejcie–Morgan', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(() => db?.close());

  it.each([
    // s = 3.841·N·0.25 / (0.0025(N−1) + 0.96025), rounded to the nearest integer
    [0, 0], // population 0 → 0
    [1, 1], // 0.96025 / 0.96025 = 1
    [2, 2], // 1.9205 / 0.96275 = 1.9948
    [3, 3], // 2.88075 / 0.96525 = 2.9845
    [4, 4], // 3.841 / 0.96775 = 3.9690
    [5, 5], // 4.80125 / 0.97025 = 4.9485
    [50, 44], // 48.0125 / 1.08275 = 44.343 (rounded, not up)
    [100, 80], // 96.025 / 1.20775 = 79.507
    [150, 108], // 144.0375 / 1.33275 = 108.075
    [500, 217], // 480.125 / 2.20775 = 217.473
    [1000, 278], // 960.25 / 3.45775 = 277.709
    [2000, 322], // 1920.5 / 5.95775 = 322.353
    [5000, 357], // 4801.25 / 13.45775 = 356.765
    [9000, 368], // 8642.25 / 23.45775 = 368.418 (the article's example)
    [10000, 370], // 9602.5 / 25.95775 = 369.928
    [1000000, 384], // 960250 / 2500.95775 = 383.953
  ])('krejcie_morgan(%i) = %i', async (n, s) => {
    const r = await db.one<{ s: unknown }>(`select krejcie_morgan(${n}) as s`);
    expect(Number(r!.s)).toBe(s);
  });
});

/*
 * Population end to end. test/fixtures/ikm/population-events.csv (all times WIB):
 *   E-1, E-2, E-3 SIKTG: S1..S7 start/complete on 9, 10, 11 Mar 2026 → ready_at (S7) in March
 *   E-4 SIKTG: S1..S6 on 31 Mar, S7 complete 2026-04-01 06:30 WIB (= 31 Mar 23:30 UTC) → ready in April
 *   E-5 SIPOT: S1..S8 on 12 Mar (ready step S8) → ready in March
 * test/fixtures/ikm/population-surveys.csv: K-1, K-2 pekanbaru SIKTG (March), K-3 pekanbaru SIPOT
 *   (March), K-4 lampung-selatan IPTG (March; that office has no cases).
 *   row                              respondents population required (s)              adequate
 *   SIKTG    2026-03                  2           3 (E-1..3)  2.9845 → 3               false
 *   SIPOT    2026-03                  1           1 (E-5)     1                        true
 *   office   2026-03                  3           4 (E-1..3, E-5)  3.9690 → 4          false
 *   SIKTG    2026-Q1                  2           3 (E-4 is April)  3                  false
 *   SIKTG    2026                     2           4           3.9690 → 4               false
 *   office   2026                     3           5           4.9485 → 5               false
 *   lampung-selatan IPTG 2026-03      1           0           0                        true (1 ≥ 0)
 * Run with the surveys loaded before and after the events: an events load must refresh the
 * population of the survey rows already there.
 */
describe.each([
  ['events first', ['events', 'surveys']],
  ['surveys first', ['surveys', 'events']],
] as const)('population from case_sla (%s)', (_name, order) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDb();
    for (const kind of order)
      await loadFile(db, {
        kind,
        path: ikmFixture(kind === 'events' ? 'population-events.csv' : 'population-surveys.csv'),
      });
  });
  afterAll(() => db?.close());

  it('the cases are ready where the fixture says', async () => {
    const rows = await db.all<{ case_id: string; m: string }>(
      "select case_id, strftime(timezone('Asia/Jakarta', ready_at), '%Y-%m') as m from case_sla where office = 'pekanbaru' order by case_id",
    );
    expect(rows).toEqual([
      { case_id: 'E-1', m: '2026-03' },
      { case_id: 'E-2', m: '2026-03' },
      { case_id: 'E-3', m: '2026-03' },
      { case_id: 'E-4', m: '2026-04' },
      { case_id: 'E-5', m: '2026-03' },
    ]);
  });

  it.each([
    ['pekanbaru', 'SIKTG', 'month', '2026-03', 2, 3, 3, false],
    ['pekanbaru', 'SIPOT', 'month', '2026-03', 1, 1, 1, true],
    ['pekanbaru', null, 'month', '2026-03', 3, 4, 4, false],
    ['pekanbaru', 'SIKTG', 'quarter', '2026-Q1', 2, 3, 3, false],
    ['pekanbaru', 'SIKTG', 'year', '2026', 2, 4, 4, false],
    ['pekanbaru', null, 'year', '2026', 3, 5, 5, false],
    ['lampung-selatan', 'IPTG', 'month', '2026-03', 1, 0, 0, true],
  ] as const)(
    '%s %s %s %s: respondents %i, population %i, required %i, adequate %s',
    async (office, service, pt, p, n, population, required, adequate) => {
      const s = await summary(db, office, service, pt, p);
      expect([s.respondents, s.population, s.required_sample, s.sample_adequate]).toEqual([
        n,
        population,
        required,
        adequate,
      ]);
    },
  );
});

/*
 * Satisfaction against service time: the responses of population-surveys.csv linked to a case
 * (K-1 → E-1, K-2 → E-2 SIKTG; K-3 → E-5 SIPOT) fall in the group of their case's within_quota;
 * with fewer than 5 respondents a group shows its count but no IKM.
 */
describe('IKM by service time (/api/ikm/groups?by=service_time)', () => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openTestDb();
    await loadFile(db, { kind: 'events', path: ikmFixture('population-events.csv') });
    await loadFile(db, { kind: 'surveys', path: ikmFixture('population-surveys.csv') });
    app = await buildApp({ db });
  });
  afterAll(async () => {
    await app?.close();
    db?.close();
  });

  it('groups the responses by their case being within or over its quota', async () => {
    const within = await db.all<{ case_id: string; within_quota: boolean | null }>(
      "select case_id, within_quota from case_sla where case_id in ('E-1', 'E-2', 'E-5') order by case_id",
    );
    const expected = new Map<string, number>();
    for (const c of within) {
      const g = c.within_quota ? 'dalam_baku_mutu' : c.within_quota === false ? 'melebihi_baku_mutu' : 'tanpa_berkas';
      expected.set(g, (expected.get(g) ?? 0) + 1);
    }
    const r = await app.inject({
      method: 'GET',
      url: '/api/ikm/groups?office=pekanbaru&period_type=month&period=2026-03&by=service_time',
    });
    expect(r.statusCode).toBe(200);
    const rows = (
      r.json() as {
        rows: Array<{ group: string; respondents: number; ikm_converted: number | null; grade: string | null }>;
      }
    ).rows;
    expect(new Map(rows.map((g) => [g.group, g.respondents]))).toEqual(expected);
    expect(rows.reduce((n, g) => n + g.respondents, 0)).toBe(3);
    // every group is under 5 respondents: counted, IKM hidden
    for (const g of rows) expect(g).toMatchObject({ ikm_converted: null, grade: null });
  });
});
