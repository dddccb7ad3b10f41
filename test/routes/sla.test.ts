import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb, repoPath } from '../helpers.js';

/*
 * HTTP API of the SLA figures over a hand-made fixture: test/fixtures/api/sla-cases.csv, three
 * SIKTG cases at Pekanbaru (Asia/Jakarta, +07:00; default hours Mon–Thu 07:30–12:00 and
 * 13:00–16:00, Fri 07:30–11:30 and 13:00–16:30 = 450 min/day). No holiday falls between
 * 2026-07-06 and 2026-08-11 (the next one is 17 Agustus). Quotas (sample-data/catalogue.yaml):
 * case 2 hari kerja = 900 min; S1 5 (applicant), S2 20, S3..S6 10, S7 1 hari kerja = 450,
 * S8 3, S9 2 (applicant); ready step S7. All times below are WIB (+07:00).
 *
 * API-OK (Mon 6 Jul): collected, within quota, one return.
 *   S1 08:00–08:05 (applicant, pause 5)
 *   S2 v1 start 08:10 (FO-01), return 08:20 → handling 10, queue 5 (arrived S1 done 08:05), returned
 *      return pause 08:20 → resubmit 09:00 = 40
 *   S2 v2 arrived 09:00 (resubmit), start 09:05, complete 09:15 → queue 5, handling 10
 *   S3 09:20–09:30 BO-01, S4 09:35–09:45 AKMU-01, S5 09:50–10:00 AKMA-01, S6 10:05–10:15 SEK-01:
 *      queue 5, handling 10 each
 *   S7 10:30–11:00 KADIS-01 → queue 15, handling 30 (≤ 450) → ready_at 11:00 (04:00Z)
 *   notify 11:10 (does not end the wait); S8 start 13:00 → after-ready pause 11:00→13:00 = 60 working
 *      min (12–13 is the break); S8 13:00–13:02 FO-01, handling 2, queue 0 (all paused)
 *   S9 complete 13:05 (start unknown): arrived 13:02, handling 3; collected_at 13:05 (06:05Z)
 *   elapsed = (08:00→11:00 = 180) − paused (5 + 40) = 135; paused 45; within; excess 0
 *   due_at = 08:00 Mon + 900 + 45 paused = 945 working min: Mon 420, Tue 450, Wed 75 → Wed 08:45 (01:45Z)
 *   bottleneck (SPEC §2.3.9, over_min = queue + handling − step quota): S2 5+10−20 → 0 and
 *      5+10−20 → 0; S3..S6 5+10−10 = 5 each; S7 15+30−450 → 0 → tie of S3..S6 → the earlier S3;
 *      returned 1, rework 1
 *
 * API-LATE (Tue 7 Jul): ready late, not collected.
 *   S1 08:00–08:05; S2 08:10–08:40 FO-02 → handling 30 > 20, excess 10
 *   S3 09:00–09:10 BO-01, S4 09:20–09:30, S5 09:40–09:50, S6 10:00–10:10: handling 10, queue 20/10/10/10
 *   S7 start Tue 10:30, complete Fri 10 Jul 10:30: Tue 90+180 + Wed 450 + Thu 450 + Fri 180 = 1350,
 *      excess 900
 *   elapsed = Tue 08:00→Fri 10:30 = 420 + 450 + 450 + 180 = 1500 − 5 (S1) = 1495; excess 595
 *   due_at = 905 min from Tue 08:00: Tue 420, Wed 450, Thu 35 → Thu 08:05 (01:05Z); bottleneck S7
 *
 * API-OPEN (Wed 8 Jul): open, far over quota.
 *   S1 08:00–08:05; S2 08:10–08:25 FO-01 (15)
 *   S3 start Wed 08:30 BO-02, complete Tue 11 Aug 09:00:
 *      Jul 8: 210+180 = 390; Jul 9..Aug 10 = 23 working days = 10350; Aug 11 07:30–09:00 = 90 → 10830
 *   S4 start Tue 11 Aug 09:30 AKMU-01 (open; the office's latest transition: as-of 02:30Z)
 *   elapsed = Jul 8 08:00→Aug 11 09:30 = 420 + 2×450 + 20×450 + 450 + 120 = 10890 − 5 = 10885;
 *   excess 9985; open and over quota → within_quota false; due_at Fri 10 Jul 08:05 (01:05Z)
 *
 * As-of (default) Tue 11 Aug 09:30: API-LATE ready Fri 10 Jul, letter due 10 Aug (ready date + 1
 * month) ≤ 11 Aug → uncollected, days_waiting 32.
 */

let db: Database;
let app: FastifyInstance;

async function get(url: string): Promise<{ status: number; body: any }> {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
}

beforeAll(async () => {
  db = await openTestDb();
  await loadConfigFile(db, 'catalogue', repoPath('sample-data/officers.yaml'));
  await loadFile(db, { kind: 'events', path: fixture('api/sla-cases.csv') });
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  db?.close();
});

describe('GET /api/sla/summary', () => {
  it('counts the month of the fixture (hand-computed)', async () => {
    const { status, body } = await get('/api/sla/summary?office=pekanbaru&month=2026-07');
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({
      office: 'pekanbaru',
      service: 'SIKTG',
      submitted: 3, // API-OK, API-LATE, API-OPEN all submitted in July
      ready: 2, // API-OK (6 Jul), API-LATE (10 Jul)
      within_quota: 1, // API-OK 135 ≤ 900; API-LATE 1495 > 900
      within_quota_pct: 50,
      median_elapsed_min: 815, // (135 + 1495) / 2
      p90_elapsed_min: 1359, // 135 + 0.9 × 1360
      quota_min: 900,
      in_progress: 1, // API-OPEN
      overdue_now: 1, // API-OPEN: 10885 > 900
      returned_cases: 1, // API-OK
      uncollected: 1, // API-LATE
    });
    expect(body.rows[0].median_elapsed_days).toBeCloseTo(815 / 450, 9);
  });

  it('a month without submissions or ready cases has zero counts and null ratios', async () => {
    const { status, body } = await get('/api/sla/summary?office=pekanbaru&month=2026-06');
    expect(status).toBe(200);
    for (const r of body.rows) {
      expect(r).toMatchObject({
        submitted: 0,
        ready: 0,
        within_quota: 0,
        within_quota_pct: null,
        median_elapsed_min: null,
      });
    }
  });
});

describe('GET /api/sla/steps', () => {
  it('per step: visits, median handling, quota, share within quota, excess (all months)', async () => {
    const { status, body } = await get('/api/sla/steps?office=pekanbaru&service=SIKTG');
    expect(status).toBe(200);
    const pick = (r: any) => ({
      step: r.step,
      clock: r.clock,
      visits: r.visits,
      median: r.median_handling_min,
      quota: r.quota_min,
      pct: r.within_quota_pct === null ? null : Math.round(r.within_quota_pct * 1e6) / 1e6,
      excess: r.excess_min_total,
    });
    expect(body.rows.map(pick)).toEqual([
      // applicant steps: within_quota null, so no share and no excess
      { step: 'S1', clock: 'applicant', visits: 3, median: 5, quota: 5, pct: null, excess: null },
      // 10 (returned), 10, 30, 15 → median 12.5; 3 of 4 ≤ 20; excess 10 (API-LATE)
      { step: 'S2', clock: 'office', visits: 4, median: 12.5, quota: 20, pct: 75, excess: 10 },
      // 10, 10, 10830 → median 10; 2 of 3; excess 10820 (API-OPEN)
      { step: 'S3', clock: 'office', visits: 3, median: 10, quota: 10, pct: 66.666667, excess: 10820 },
      // completed visits only: API-OPEN's S4 is still open
      { step: 'S4', clock: 'office', visits: 2, median: 10, quota: 10, pct: 100, excess: 0 },
      { step: 'S5', clock: 'office', visits: 2, median: 10, quota: 10, pct: 100, excess: 0 },
      { step: 'S6', clock: 'office', visits: 2, median: 10, quota: 10, pct: 100, excess: 0 },
      // 30 and 1350 → median 690; excess 900
      { step: 'S7', clock: 'office', visits: 2, median: 690, quota: 450, pct: 50, excess: 900 },
      { step: 'S8', clock: 'office', visits: 1, median: 2, quota: 3, pct: 100, excess: 0 },
      { step: 'S9', clock: 'applicant', visits: 1, median: 3, quota: 2, pct: null, excess: null },
    ]);
    const s4 = body.rows.find((r: any) => r.step === 'S4');
    expect(s4.median_queue_min).toBe(7.5); // queues 5 (API-OK) and 10 (API-LATE)
    const s3 = body.rows.find((r: any) => r.step === 'S3');
    expect(s3.p90_handling_min).toBeCloseTo(10 + 0.8 * 10820, 6); // quantile_cont at 0.9 × 2 = 1.8
  });

  it('a visit belongs to the month of its completion', async () => {
    const jul = (await get('/api/sla/steps?office=pekanbaru&month=2026-07')).body.rows;
    expect(jul.find((r: any) => r.step === 'S3')).toMatchObject({
      visits: 2,
      median_handling_min: 10,
      within_quota_pct: 100,
      excess_min_total: 0,
    });
    const aug = (await get('/api/sla/steps?office=pekanbaru&month=2026-08')).body.rows;
    expect(aug.map((r: any) => [r.step, r.visits, r.excess_min_total])).toEqual([['S3', 1, 10820]]);
  });
});

describe('GET /api/sla/officers', () => {
  const counts = (rows: any[]) =>
    Object.fromEntries(rows.map((r) => [r.officer, [r.visits, r.breaches, r.open_visits]]));

  it('per officer: visits, breaches, open visits, with names and roles from the catalogue', async () => {
    const { status, body } = await get('/api/sla/officers?office=pekanbaru');
    expect(status).toBe(200);
    // [completed visits, visits over quota, visits open at the as-of instant]
    expect(counts(body.rows)).toEqual({
      'PKU-AKMA-01': [2, 0, 0], // S5 of API-OK and API-LATE
      'PKU-AKMU-01': [2, 0, 1], // S4 of API-OK and API-LATE; API-OPEN's S4 open
      'PKU-BO-01': [2, 0, 0], // S3 of API-OK and API-LATE
      'PKU-BO-02': [1, 1, 0], // S3 of API-OPEN: 10830 > 10
      'PKU-FO-01': [4, 0, 0], // S2 ×2 and S8 of API-OK, S2 of API-OPEN (notify is not a visit)
      'PKU-FO-02': [1, 1, 0], // S2 of API-LATE: 30 > 20 (its notify is not a visit)
      'PKU-KADIS-01': [2, 1, 0], // S7: 30 and 1350 > 450
      'PKU-SEK-01': [2, 0, 0],
    });
    expect(body.rows.find((r: any) => r.officer === 'PKU-KADIS-01')).toMatchObject({
      name: 'Dr. Marlina Siregar, S.E., M.M.',
      role: 'Kepala Dinas',
      median_handling_min: 690,
      within_quota_pct: 50,
    });
  });

  it('open_visits counts the visits open at the end of the month (SPEC §3)', async () => {
    // July: API-OPEN's S3 (PKU-BO-02, started 8 Jul, completed 11 Aug) is at the desk on 31 July;
    // API-OPEN's S4 (PKU-AKMU-01) starts only in August.
    const jul = await get('/api/sla/officers?office=pekanbaru&month=2026-07');
    expect(jul.status).toBe(200);
    expect(counts(jul.body.rows)).toMatchObject({
      'PKU-AKMU-01': [2, 0, 0],
      'PKU-BO-02': [0, 0, 1],
      'PKU-KADIS-01': [2, 1, 0],
    });
    const aug = await get('/api/sla/officers?office=pekanbaru&month=2026-08');
    expect(counts(aug.body.rows)).toMatchObject({ 'PKU-AKMU-01': [0, 0, 1], 'PKU-BO-02': [1, 1, 0] });
  });
});

describe('GET /api/cases', () => {
  it('overdue=true&sort=excess: the cases over quota, largest excess first', async () => {
    const { status, body } = await get('/api/cases?overdue=true&sort=excess');
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.rows.map((r: any) => [r.case_id, r.status, r.excess_min, r.within_quota])).toEqual([
      ['API-OPEN', 'in_progress', 9985, false],
      ['API-LATE', 'ready', 595, false],
    ]);
    expect(body.rows[1]).toEqual({
      case_id: 'API-LATE',
      office: 'pekanbaru',
      service: 'SIKTG',
      status: 'ready',
      submitted_at: '2026-07-07T01:00:00.000Z',
      ready_at: '2026-07-10T03:30:00.000Z',
      collected_at: null,
      due_at: '2026-07-09T01:05:00.000Z',
      elapsed_min: 1495,
      paused_min: 5,
      external_min: 0,
      quota_min: 900,
      within_quota: false,
      excess_min: 595,
      bottleneck_step: 'S7',
      returned_count: 0,
      rework_count: 0,
      conformant: true,
    });
    const notOverdue = await get('/api/cases?overdue=false');
    expect(notOverdue.body.rows.map((r: any) => r.case_id)).toEqual(['API-OK']);
  });

  it('paginates: total, page 2 of page_size 1', async () => {
    const p1 = await get('/api/cases?office=pekanbaru&page_size=1');
    expect(p1.body).toMatchObject({ total: 3, page: 1, page_size: 1 });
    expect(p1.body.rows.map((r: any) => r.case_id)).toEqual(['API-OPEN']);
    const p2 = await get('/api/cases?office=pekanbaru&page_size=1&page=2');
    expect(p2.body).toMatchObject({ total: 3, page: 2, page_size: 1 });
    expect(p2.body.rows.map((r: any) => r.case_id)).toEqual(['API-LATE']);
    const p4 = await get('/api/cases?office=pekanbaru&page_size=1&page=4');
    expect(p4.body).toMatchObject({ total: 3, page: 4, rows: [] });
  });

  it('filters by status and by month of submission', async () => {
    const ids = async (q: string) => (await get(`/api/cases?${q}`)).body.rows.map((r: any) => r.case_id);
    expect(await ids('status=collected')).toEqual(['API-OK']);
    expect(await ids('status=ready')).toEqual(['API-LATE']);
    expect(await ids('status=in_progress')).toEqual(['API-OPEN']);
    expect(await ids('status=cancelled')).toEqual([]);
    expect(await ids('month=2026-07&sort=submitted')).toEqual(['API-OPEN', 'API-LATE', 'API-OK']);
    expect(await ids('month=2026-08')).toEqual([]);
    expect(await ids('office=lampung-selatan')).toEqual([]);
  });
});

describe('GET /api/cases/{case_id}: the kartu kendali', () => {
  it('visits in order with step names, actors and officer names; pauses; transitions', async () => {
    const { status, body } = await get('/api/cases/API-OK');
    expect(status).toBe(200);
    expect(body.case).toMatchObject({
      case_id: 'API-OK',
      status: 'collected',
      submitted_at: '2026-07-06T01:00:00.000Z',
      ready_at: '2026-07-06T04:00:00.000Z',
      collected_at: '2026-07-06T06:05:00.000Z',
      due_at: '2026-07-08T01:45:00.000Z',
      elapsed_min: 135,
      paused_min: 45,
      within_quota: true,
      excess_min: 0,
      bottleneck_step: 'S3',
      returned_count: 1,
      rework_count: 1,
      conformant: true,
    });
    const row = (v: any) => [
      v.step,
      v.visit_no,
      v.step_name,
      v.actor,
      v.officer_name,
      v.outcome,
      v.queue_min,
      v.handling_min,
      v.within_quota,
    ];
    expect(body.visits.map(row)).toEqual([
      ['S1', 1, 'Pengajuan berkas di loket penerimaan', 'Pemohon', null, 'completed', 0, 5, null],
      ['S2', 1, 'Penerimaan dan pemeriksaan berkas', 'Front Office', 'Yanti Setiawan, S.IP.', 'returned', 5, 10, true],
      ['S2', 2, 'Penerimaan dan pemeriksaan berkas', 'Front Office', 'Yanti Setiawan, S.IP.', 'completed', 5, 10, true],
      ['S3', 1, 'Pengecekan kelengkapan di SIMPLE', 'Back Office', 'Doni Wijaya, S.H.', 'completed', 5, 10, true],
      [
        'S4',
        1,
        'Verifikasi dan validasi data',
        'JF Analis Kebijakan Ahli Muda',
        'Rizky Syahputra, S.H., M.AP.',
        'completed',
        5,
        10,
        true,
      ],
      [
        'S5',
        1,
        'Verifikasi dan validasi data',
        'JF Analis Kebijakan Ahli Madya',
        'Rahmat Firmansyah, S.AP., M.AP.',
        'completed',
        5,
        10,
        true,
      ],
      [
        'S6',
        1,
        'Verifikasi dan validasi data',
        'Sekretaris',
        'Hendra Saputra, S.STP., M.Si.',
        'completed',
        5,
        10,
        true,
      ],
      [
        'S7',
        1,
        'Validasi dan tanda tangan elektronik',
        'Kepala Dinas',
        'Dr. Marlina Siregar, S.E., M.M.',
        'completed',
        15,
        30,
        true,
      ],
      ['S8', 1, 'Penyerahan surat izin', 'Front Office', 'Yanti Setiawan, S.IP.', 'completed', 0, 2, true],
      ['S9', 1, 'Penerimaan surat izin oleh pemohon', 'Pemohon', null, 'completed', null, 3, null],
    ]);
    // the returned visit and the resubmission (instants in UTC: WIB − 7 h)
    expect(body.visits[1]).toMatchObject({
      officer: 'PKU-FO-01',
      arrived_at: '2026-07-06T01:05:00.000Z',
      started_at: '2026-07-06T01:10:00.000Z',
      completed_at: '2026-07-06T01:20:00.000Z',
    });
    expect(body.visits[2]).toMatchObject({
      arrived_at: '2026-07-06T02:00:00.000Z',
      started_at: '2026-07-06T02:05:00.000Z',
      completed_at: '2026-07-06T02:15:00.000Z',
    });
    expect(body.visits[9]).toMatchObject({
      started_at: null,
      arrived_at: '2026-07-06T06:02:00.000Z',
      completed_at: '2026-07-06T06:05:00.000Z',
    });
    expect(body.pauses).toEqual([
      { from: '2026-07-06T01:00:00.000Z', to: '2026-07-06T01:05:00.000Z', paused_min: 5 }, // S1 (applicant)
      { from: '2026-07-06T01:20:00.000Z', to: '2026-07-06T02:00:00.000Z', paused_min: 40 }, // return → resubmit
      { from: '2026-07-06T04:00:00.000Z', to: '2026-07-06T06:00:00.000Z', paused_min: 60 }, // ready → S8 start (break 12–13)
      { from: '2026-07-06T06:02:00.000Z', to: '2026-07-06T06:05:00.000Z', paused_min: 3 }, // S9 (applicant)
    ]);
    expect(body.transitions.map((t: any) => `${t.step} ${t.event}`)).toEqual([
      'S1 start',
      'S1 complete',
      'S2 start',
      'S2 return',
      'S2 resubmit',
      'S2 start',
      'S2 complete',
      'S3 start',
      'S3 complete',
      'S4 start',
      'S4 complete',
      'S5 start',
      'S5 complete',
      'S6 start',
      'S6 complete',
      'S7 start',
      'S7 complete',
      'S8 notify',
      'S8 start',
      'S8 complete',
      'S9 complete',
    ]);
    expect(body.transitions[3]).toEqual({
      at: '2026-07-06T01:20:00.000Z',
      step: 'S2',
      event: 'return',
      officer: 'PKU-FO-01',
      note: 'berkas kurang: STR',
    });
    expect(body.transitions[17]).toMatchObject({
      at: '2026-07-06T04:10:00.000Z',
      event: 'notify',
      note: 'SMS: izin siap diambil',
    });
  });

  it('the office filter; an unknown case or office is 404', async () => {
    expect((await get('/api/cases/API-OK?office=pekanbaru')).status).toBe(200);
    for (const url of ['/api/cases/NO-SUCH-CASE', '/api/cases/API-OK?office=rokan-hilir']) {
      const r = await get(url);
      expect(r.status).toBe(404);
      expect(r.body).toStrictEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('officer names are null when no officers are loaded (ids are kept)', async () => {
    const bare = await openTestDb();
    await loadFile(bare, { kind: 'events', path: fixture('api/sla-cases.csv') });
    const a = await buildApp({ db: bare });
    try {
      const body = (await a.inject({ method: 'GET', url: '/api/cases/API-LATE' })).json();
      expect(body.visits[1]).toMatchObject({
        step: 'S2',
        officer: 'PKU-FO-02',
        officer_name: null,
        step_name: 'Penerimaan dan pemeriksaan berkas',
      });
    } finally {
      await a.close();
      bare.close();
    }
  });
});

describe('as_of', () => {
  it('measures the open case to an earlier instant; without as_of the stored figures', async () => {
    // 2026-07-08 09:00 WIB: API-OPEN has done S1 and S2 and is at S3 since 08:30.
    const at = await get(`/api/cases/API-OPEN?as_of=${encodeURIComponent('2026-07-08T09:00:00+07:00')}`);
    expect(at.status).toBe(200);
    expect(at.body.case).toMatchObject({
      status: 'in_progress',
      ready_at: null,
      elapsed_min: 55, // 08:00→09:00 = 60 − 5 (S1)
      paused_min: 5,
      within_quota: null, // open and not over quota yet
      excess_min: 0,
      bottleneck_step: 'S3',
    });
    expect(at.body.visits.map((v: any) => [v.step, v.outcome, v.completed_at, v.handling_min, v.within_quota])).toEqual(
      [
        ['S1', 'completed', '2026-07-08T01:05:00.000Z', 5, null],
        ['S2', 'completed', '2026-07-08T01:25:00.000Z', 15, true],
        ['S3', 'open', null, 30, false], // 08:30→09:00 = 30 > 10
      ],
    );
    expect(at.body.transitions).toHaveLength(5); // later events ignored
    expect(at.body.pauses).toEqual([
      { from: '2026-07-08T01:00:00.000Z', to: '2026-07-08T01:05:00.000Z', paused_min: 5 },
    ]);

    const stored = await get('/api/cases/API-OPEN');
    expect(stored.body.case).toMatchObject({
      status: 'in_progress',
      elapsed_min: 10885,
      paused_min: 5,
      within_quota: false,
      excess_min: 9985,
      due_at: '2026-07-10T01:05:00.000Z',
    });
    expect(stored.body.visits.map((v: any) => [v.step, v.outcome, v.handling_min])).toEqual([
      ['S1', 'completed', 5],
      ['S2', 'completed', 15],
      ['S3', 'completed', 10830],
      ['S4', 'open', 0], // started at the as-of instant
    ]);
    expect(stored.body.transitions).toHaveLength(7);
  });

  it('a ready case seen before it was ready is open, and already over quota', async () => {
    // 2026-07-09 12:00 WIB: API-LATE at S7 since Tue 10:30: 90+180 + 450 + 270 = 990.
    const r = await get(`/api/cases/API-LATE?as_of=${encodeURIComponent('2026-07-09T12:00:00+07:00')}`);
    expect(r.body.case).toMatchObject({
      status: 'in_progress',
      ready_at: null,
      elapsed_min: 1135,
      within_quota: false,
      excess_min: 235,
    });
    expect(r.body.visits.at(-1)).toMatchObject({ step: 'S7', outcome: 'open', handling_min: 990, excess_min: 540 });
    // the lists follow the same instant
    const list = await get(`/api/cases?as_of=${encodeURIComponent('2026-07-09T12:00:00+07:00')}`);
    expect(list.body.rows.map((c: any) => [c.case_id, c.status])).toEqual([
      ['API-LATE', 'in_progress'],
      ['API-OK', 'collected'],
      ['API-OPEN', 'in_progress'],
    ]);
    const summary = await get(
      `/api/sla/summary?office=pekanbaru&as_of=${encodeURIComponent('2026-07-09T12:00:00+07:00')}`,
    );
    expect(summary.body.rows[0]).toMatchObject({
      submitted: 3,
      ready: 1,
      in_progress: 2,
      overdue_now: 1,
      uncollected: 0,
    });
  });

  it.each(['garbage', '2026-13-01T00:00:00Z', '1', 'July 8, 2026'])(
    'as_of=%s is 400 with the error envelope',
    async (bad) => {
      for (const url of [
        `/api/cases/API-OPEN?as_of=${encodeURIComponent(bad)}`,
        `/api/sla/summary?as_of=${encodeURIComponent(bad)}`,
      ]) {
        const r = await get(url);
        expect({ url, status: r.status }).toEqual({ url, status: 400 });
        expect(r.body).toStrictEqual({
          error: { code: expect.any(String), message: expect.stringContaining('as_of') },
        });
      }
    },
  );
});

describe('GET /api/uncollected', () => {
  it('lists the ready SIKTG product waiting more than a month', async () => {
    const { status, body } = await get('/api/uncollected');
    expect(status).toBe(200);
    // ready Fri 10 Jul, as-of Tue 11 Aug: 32 days; letter due 10 Aug
    expect(body.rows).toEqual([
      {
        case_id: 'API-LATE',
        office: 'pekanbaru',
        service: 'SIKTG',
        ready_at: '2026-07-10T03:30:00.000Z',
        days_waiting: 32,
        letter_due: '2026-08-10',
      },
    ]);
    expect((await get('/api/uncollected?office=pekanbaru&service=SIKTG')).body.rows).toHaveLength(1);
    expect((await get('/api/uncollected?service=SIPOT')).body.rows).toEqual([]);
    expect((await get('/api/uncollected?office=lampung-selatan')).body.rows).toEqual([]);
  });

  it('follows as_of: due on the day a month after ready, not before', async () => {
    const on = await get(`/api/uncollected?as_of=${encodeURIComponent('2026-08-10T08:00:00+07:00')}`);
    expect(on.body.rows).toEqual([
      expect.objectContaining({ case_id: 'API-LATE', days_waiting: 31, letter_due: '2026-08-10' }),
    ]);
    const before = await get(`/api/uncollected?as_of=${encodeURIComponent('2026-08-09T12:00:00+07:00')}`);
    expect(before.body.rows).toEqual([]);
  });
});
