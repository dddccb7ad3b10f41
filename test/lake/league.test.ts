import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadSecond, openLakeDb } from './helpers.js';

/**
 * The league of offices (queries/rollup/league.sql, the Perbandingan kantor page) on the lake
 * fixture (test/lake/helpers.ts) with b.csv: every case is complete-only, S1…S9 five minutes
 * apart from 08:05 local time (the completion of S1 is the submission), ready at the completion of
 * S7 (08:35), 30 minutes later:
 *   pekanbaru SIKTG: L-P1 (2026-05-13), L-P2 (2026-06-10); S2…S7 on the office clock: elapsed
 *     30 working minutes = 30 / 450 = 0.0667 working days; quota 2 days: within.
 *   lampung-selatan IPTG: L-L1 (2026-05-12), L-L2 (2026-05-20); S2…S4 are the applicant's
 *     (08:05–08:20, paused): elapsed 15 minutes = 15 / 450 = 0.0333 days; quota 7 days: within.
 *   rokan-hilir: no case.
 * Complaints (pekanbaru, test/fixtures/complaints/year-2025.csv): 4 received in 2025, 3 resolved
 * by December (75%, meets the 75% target exactly); 1 received in January 2026, none resolved
 * by May (0%). IKM (test/fixtures/ikm/periods.csv): pekanbaru 2026-Q1: 4 respondents, 75.00, C.
 */
describe('league of offices', () => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openLakeDb();
    await loadSecond(db);
    app = await buildApp({ db });
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  const page = async (q: string) => {
    const r = await app.inject({ method: 'GET', url: `/api/dash/perbandingan?${q}` });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as {
      sections: { id: string; rows: Record<string, unknown>[]; columns: { field: string; link?: string }[] }[];
    };
    return body.sections.find((x) => x.id === 'league')!;
  };
  const pick = (rows: Record<string, unknown>[], keys: string[]) =>
    rows.map((r) =>
      Object.fromEntries(
        keys.map((k) => [k, typeof r[k] === 'number' ? Math.round((r[k] as number) * 1e4) / 1e4 : r[k]]),
      ),
    );

  test('May 2026: cases ready, share within quota, median working days, complaints year to date', async () => {
    const league = await page('office=all&period=month&month=2026-05');
    // the best share within quota first (ties by office code), offices without cases last
    expect(
      pick(league.rows, [
        'office',
        'ready',
        'within_quota_pct',
        'median_elapsed_days',
        'complaint_ytd_rate',
        'complaint_target',
        'complaints_meet_target',
        'ikm_grade',
      ]),
    ).toEqual([
      {
        office: 'lampung-selatan',
        ready: 2,
        within_quota_pct: 100,
        median_elapsed_days: 0.0333,
        complaint_ytd_rate: null,
        complaint_target: 0.75,
        complaints_meet_target: null,
        ikm_grade: null,
      },
      {
        office: 'pekanbaru',
        ready: 1,
        within_quota_pct: 100,
        median_elapsed_days: 0.0667,
        complaint_ytd_rate: 0,
        complaint_target: 0.75,
        complaints_meet_target: false,
        ikm_grade: null,
      },
      {
        office: 'rokan-hilir',
        ready: 0,
        within_quota_pct: null,
        median_elapsed_days: null,
        complaint_ytd_rate: null,
        complaint_target: 0.75,
        complaints_meet_target: null,
        ikm_grade: null,
      },
    ]);
    // each office's name links to its Ringkasan, with the period kept
    expect(league.columns.find((c) => c.field === 'name')!.link).toBe('href');
    expect(league.rows.map((r) => r.href)).toEqual([
      '/?office=lampung-selatan&period=month&month=2026-05',
      '/?office=pekanbaru&period=month&month=2026-05',
      '/?office=rokan-hilir&period=month&month=2026-05',
    ]);
  });

  test('2025: the complaint rate against 75%; 2026-Q1: the IKM and its grade', async () => {
    const y = await page('office=all&period=year&year=2025');
    expect(
      pick(
        y.rows.filter((r) => r.office === 'pekanbaru'),
        ['complaints_received', 'complaints_resolved', 'complaint_ytd_rate', 'complaints_meet_target'],
      ),
    ).toEqual([
      { complaints_received: 4, complaints_resolved: 3, complaint_ytd_rate: 0.75, complaints_meet_target: true },
    ]);
    const q = await page('office=all&period=quarter&quarter=2026-Q1');
    expect(
      pick(
        q.rows.filter((r) => r.ikm_grade != null),
        ['office', 'ikm_converted', 'ikm_grade', 'ikm_respondents'],
      ),
    ).toEqual([{ office: 'pekanbaru', ikm_converted: 75, ikm_grade: 'C', ikm_respondents: 4 }]);
  });

  test('one office chosen: its row only; the page is in the navigation', async () => {
    const one = await page('office=pekanbaru&period=month&month=2026-06');
    expect(pick(one.rows, ['office', 'ready', 'within_quota_pct', 'median_elapsed_days'])).toEqual([
      { office: 'pekanbaru', ready: 1, within_quota_pct: 100, median_elapsed_days: 0.0667 },
    ]);
    const html = await app.inject({ method: 'GET', url: '/perbandingan?lang=en' });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Office comparison');
    expect(html.body).toMatch(/<a href="\/perbandingan[^"]*" aria-current="page">/);
  });
});
