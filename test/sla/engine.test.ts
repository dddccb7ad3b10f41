import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database, Session } from '../../src/db/database.js';
import { undoBatch } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { computeAsOf, refreshAll } from '../../src/sla/refresh.js';
import { caseOf, scenarioDb, slaFixture, utc, visit, visitsOf } from './helpers.js';

/**
 * The SLA engine (SPEC §2.1–2.3, §3; queries/*.sql) on small hand-made event logs.
 *
 * Every figure below is computed by hand from the shipped calendar (sample-data/calendar.yaml and
 * holidays-id-2024-2026.csv). Default hours: Mon–Thu 07:30–12:00, 13:00–16:00; Fri 07:30–11:30,
 * 13:00–16:30 (450 min a day). Ramadan 1447 H (2026-02-19..2026-03-20): Mon–Thu 08:00–12:00,
 * 12:30–15:00; Fri 08:00–11:30, 12:30–15:30 (390 min a day). Holidays used: 2026-05-14 (Kenaikan
 * Yesus Kristus), 2026-05-15 (cuti bersama), 2026-06-01 (Hari Lahir Pancasila), 2026-06-16
 * (1 Muharam). SIKTG: quota 2 hari kerja = 900; step quotas S1 5 (applicant), S2 20, S3–S6 10,
 * S7 1 hari kerja = 450, S8 3, S9 2 (applicant); ready at S7. IPTG: 7 hari kerja = 3150, no step
 * quotas; S1–S4 applicant, S5 office, S6 external, S7 office (ready), S8 office (SMS).
 *
 * Times in comments are the office's local wall clock (WIB, +07:00, unless said otherwise); the
 * readers return them in the same form ('YYYY-MM-DD HH:MM'). "as-of" is the office's latest
 * transition unless an explicit one is given (SPEC §2.3 point 8).
 */

describe('1. SPEC §2.3 worked example (SIKTG S2 across a weekend and Hari Lahir Pancasila)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['worked-example.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits: S2 handling 80, quota 20, excess 60', async () => {
    expect(await visitsOf(db, 'WE-1')).toEqual([
      // S1 (applicant): arrives at the case's first transition 15:30, start 15:30 → queue 0;
      // 15:30–15:40 = 10 (measured as is); within/excess null for applicant steps
      visit(
        'S1',
        1,
        null,
        '2026-05-29 15:30',
        '2026-05-29 15:30',
        '2026-05-29 15:40',
        'completed',
        0,
        10,
        10,
        5,
        null,
        null,
      ),
      // S2: arrived at S1's complete 15:40; queue 15:40–15:50 = 10;
      // handling: Fri 15:50–16:30 = 40, Sat–Sun none, Mon 1 Jun holiday, Tue 07:30–08:10 = 40 → 80;
      // elapsed 10 + 80 = 90; 80 > 20 → within false, excess 60
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-05-29 15:40',
        '2026-05-29 15:50',
        '2026-06-02 08:10',
        'completed',
        10,
        80,
        90,
        20,
        false,
        60,
      ),
    ]);
  });

  it('case_sla: an open case measured to the as-of (the last event, Tue 08:10)', async () => {
    expect(await caseOf(db, 'WE-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-05-29 15:30', // first transition
      ready: null,
      collected: null,
      status: 'in_progress',
      // working time Fri 15:30–16:30 = 60 + Tue 07:30–08:10 = 40 → 100, minus paused 10 → 90
      elapsed: 90,
      paused: 10, // the S1 applicant visit 15:30–15:40
      external: 0,
      quota: 900,
      // 900 unpaused minutes: Fri 15:40–16:30 = 50; Mon 1 Jun holiday; Tue 450 → 500;
      // Wed 3 Jun 07:30–12:00 = 270 → 770; 130 more from 13:00 → 15:10
      due: '2026-06-03 15:10',
      within: null, // open and under its quota (90 ≤ 900)
      excess: 0, // max(0, 90 − 900)
      bottleneck: 'S2', // the only office step; excess 60
      returned: 0,
      rework: 0,
      conformant: true,
    });
  });
});

describe('2. a full SIKTG case across a holiday and a weekend, ready, handed over and collected', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['full-case.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits', async () => {
    expect(await visitsOf(db, 'FULL-1')).toEqual([
      // S1 applicant: Wed 13 May 10:00–10:05 = 5
      visit(
        'S1',
        1,
        null,
        '2026-05-13 10:00',
        '2026-05-13 10:00',
        '2026-05-13 10:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      // S2: queue 10:05–10:10 = 5; handling 10:10–10:40 = 30 > 20 → excess 10; elapsed 35
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-05-13 10:05',
        '2026-05-13 10:10',
        '2026-05-13 10:40',
        'completed',
        5,
        30,
        35,
        20,
        false,
        10,
      ),
      // S3: queue 10:40–11:00 = 20; handling 11:00–11:10 = 10 = quota → within
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-05-13 10:40',
        '2026-05-13 11:00',
        '2026-05-13 11:10',
        'completed',
        20,
        10,
        30,
        10,
        true,
        0,
      ),
      // S4: queue 11:10–12:00 = 50 + 13:00–13:30 = 30 → 80 (the break is not counted); handling 15 → excess 5
      visit(
        'S4',
        1,
        'PKU-JFM-01',
        '2026-05-13 11:10',
        '2026-05-13 13:30',
        '2026-05-13 13:45',
        'completed',
        80,
        15,
        95,
        10,
        false,
        5,
      ),
      // S5: queue 13:45–15:50 = 125; handling Wed 15:50–16:00 = 10, Thu 14 May (Kenaikan) and
      // Fri 15 May (cuti bersama) closed, Sat–Sun, Mon 18 May 07:30–08:00 = 30 → 40 → excess 30
      visit(
        'S5',
        1,
        'PKU-JFD-01',
        '2026-05-13 13:45',
        '2026-05-13 15:50',
        '2026-05-18 08:00',
        'completed',
        125,
        40,
        165,
        10,
        false,
        30,
      ),
      // S6: queue 08:00–08:30 = 30; handling 10
      visit(
        'S6',
        1,
        'PKU-SEK-01',
        '2026-05-18 08:00',
        '2026-05-18 08:30',
        '2026-05-18 08:40',
        'completed',
        30,
        10,
        40,
        10,
        true,
        0,
      ),
      // S7 (ready step): queue 08:40–12:00 = 200; handling Mon 13:00–16:00 = 180, Tue 07:30–12:00 = 270,
      // 13:00–13:20 = 20 → 470 > 450 → excess 20
      visit(
        'S7',
        1,
        'PKU-KADIS',
        '2026-05-18 08:40',
        '2026-05-18 13:00',
        '2026-05-19 13:20',
        'completed',
        200,
        470,
        670,
        450,
        false,
        20,
      ),
      // S8: arrived at ready (Tue 13:20); the wait until the applicant comes back (S8 start Wed 10:00)
      // is paused, the SMS notify at Tue 14:00 does not end it → queue 0; handling 10:00–10:02 = 2 ≤ 3
      visit(
        'S8',
        1,
        'PKU-FO-01',
        '2026-05-19 13:20',
        '2026-05-20 10:00',
        '2026-05-20 10:02',
        'completed',
        0,
        2,
        2,
        3,
        true,
        0,
      ),
      // S9 applicant, as is: queue 10:02–10:03 = 1, handling 10:03–10:06 = 3, elapsed 4
      visit(
        'S9',
        1,
        null,
        '2026-05-20 10:02',
        '2026-05-20 10:03',
        '2026-05-20 10:06',
        'completed',
        1,
        3,
        4,
        2,
        null,
        null,
      ),
    ]);
  });

  it('case_sla', async () => {
    expect(await caseOf(db, 'FULL-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-05-13 10:00',
      ready: '2026-05-19 13:20', // S7 complete
      collected: '2026-05-20 10:06', // S9 (last step, applicant, after the ready step) complete
      status: 'collected',
      // submitted → ready: Wed 10:00–12:00 = 120 + 13:00–16:00 = 180 → 300; Thu 14 (holiday), Fri 15
      // (cuti bersama), Sat–Sun closed; Mon 18 = 450; Tue 19 07:30–12:00 = 270 + 13:00–13:20 = 20
      // → 1040 working minutes, minus paused 5 → 1035 (= S2..S7 elapsed 35+30+95+165+40+670)
      elapsed: 1035,
      // paused time between submitted_at and ready_at: the S1 visit 10:00–10:05 = 5 (the wait after
      // ready and the S9 visit fall after ready_at, where the office's clock has already stopped)
      paused: 5,
      external: 0,
      quota: 900,
      // 900 unpaused minutes: Wed 10:05–16:00 = 295; Mon 450 → 745; Tue 155 more from 07:30 → 10:05
      due: '2026-05-19 10:05',
      within: false, // 1035 > 900
      excess: 135,
      // bottleneck (SPEC §2.3.9, revised): over_min = queue + handling − step quota: S2 5+30−20 = 15,
      // S3 20+10−10 = 20, S4 80+15−10 = 85, S5 125+40−10 = 155, S6 30+10−10 = 30, S7 200+470−450 =
      // 220, S8 0 → S7: the 200 minutes the file waited for the Kadis are the Kadis's desk's (by
      // handling excess alone it was S5: 30 > S7's 20)
      bottleneck: 'S7',
      returned: 0,
      rework: 0,
      conformant: true,
    });
  });

  it('due_at is an absolute instant (10:05 WIB = 03:05Z)', async () => {
    const [r] = await db.all<{ due: string }>(`select ${utc('due_at')} as due from case_sla where case_id = 'FULL-1'`);
    expect(r!.due).toBe('2026-05-19T03:05:00Z');
  });
});

describe('3. return and resubmission at S2', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['return-resubmit.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits: the returned visit, then visit 2 (rework) arriving at the resubmission', async () => {
    expect(await visitsOf(db, 'RET-1')).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-06-03 09:00',
        '2026-06-03 09:00',
        '2026-06-03 09:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      // returned visit: completed_at = the return 09:30; queue 09:05–09:10 = 5; handling 09:10–09:30 = 20 = quota → within
      visit(
        'S2',
        1,
        'PKU-FO-02',
        '2026-06-03 09:05',
        '2026-06-03 09:10',
        '2026-06-03 09:30',
        'returned',
        5,
        20,
        25,
        20,
        true,
        0,
      ),
      // rework: arrived_at = resubmit Mon 8 Jun 10:00; queue 10:00–10:05 = 5; handling 10:05–10:20 = 15
      visit(
        'S2',
        2,
        'PKU-FO-02',
        '2026-06-08 10:00',
        '2026-06-08 10:05',
        '2026-06-08 10:20',
        'completed',
        5,
        15,
        20,
        20,
        true,
        0,
      ),
      // S3: queue 10:20–10:30 = 10; handling 10
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-06-08 10:20',
        '2026-06-08 10:30',
        '2026-06-08 10:40',
        'completed',
        10,
        10,
        20,
        10,
        true,
        0,
      ),
    ]);
  });

  it('case_sla: the return→resubmit span is paused', async () => {
    expect(await caseOf(db, 'RET-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-06-03 09:00',
      ready: null,
      collected: null,
      status: 'in_progress',
      // submitted → as-of (Mon 8 Jun 10:40): Wed 3 Jun 09:00–12:00 = 180 + 180 → 360; Thu 4 = 450;
      // Fri 5 = 450; Mon 8 07:30–10:40 = 190 → 1450. Paused: S1 09:00–09:05 = 5; return Wed 09:30 →
      // resubmit Mon 10:00: Wed 150 + 180 = 330, Thu 450, Fri 450, Mon 07:30–10:00 = 150 → 1380 → 1385.
      // elapsed 1450 − 1385 = 65 (= Wed 09:05–09:30 = 25 + Mon 10:00–10:40 = 40)
      elapsed: 65,
      paused: 1385,
      external: 0,
      quota: 900,
      // 900 unpaused: Wed 25; Mon 10:00–16:00 = 300 → 325; Tue 9 Jun 450 → 775; Wed 10 Jun 125 more → 09:35
      due: '2026-06-10 09:35',
      within: null, // open, 65 ≤ 900
      excess: 0,
      // over_min: S2 visit 1 5+20−20 = 5, visit 2 5+15−20 = 0 → 5; S3 10+10−10 = 10 → S3 (by
      // handling alone it was S2: no excess, 20 + 15 = 35 > 10)
      bottleneck: 'S3',
      returned: 1,
      rework: 1,
      conformant: true, // going back to S2 after a return is allowed
    });
  });
});

describe('4. rework without a return, and a skipped office step', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['rework.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits: S5 and S6 visited twice', async () => {
    expect(await visitsOf(db, 'RW-1')).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-06-11 08:00',
        '2026-06-11 08:00',
        '2026-06-11 08:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-06-11 08:05',
        '2026-06-11 08:10',
        '2026-06-11 08:25',
        'completed',
        5,
        15,
        20,
        20,
        true,
        0,
      ),
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-06-11 08:25',
        '2026-06-11 08:30',
        '2026-06-11 08:40',
        'completed',
        5,
        10,
        15,
        10,
        true,
        0,
      ),
      visit(
        'S4',
        1,
        'PKU-JFM-01',
        '2026-06-11 08:40',
        '2026-06-11 08:45',
        '2026-06-11 08:55',
        'completed',
        5,
        10,
        15,
        10,
        true,
        0,
      ),
      visit(
        'S5',
        1,
        'PKU-JFD-01',
        '2026-06-11 08:55',
        '2026-06-11 09:00',
        '2026-06-11 09:10',
        'completed',
        5,
        10,
        15,
        10,
        true,
        0,
      ),
      visit(
        'S6',
        1,
        'PKU-SEK-01',
        '2026-06-11 09:10',
        '2026-06-11 09:15',
        '2026-06-11 09:25',
        'completed',
        5,
        10,
        15,
        10,
        true,
        0,
      ),
      // S5 again: arrived at S6's complete 09:25; queue 5; handling 09:30–09:45 = 15 → excess 5
      visit(
        'S5',
        2,
        'PKU-JFD-01',
        '2026-06-11 09:25',
        '2026-06-11 09:30',
        '2026-06-11 09:45',
        'completed',
        5,
        15,
        20,
        10,
        false,
        5,
      ),
      visit(
        'S6',
        2,
        'PKU-SEK-01',
        '2026-06-11 09:45',
        '2026-06-11 09:50',
        '2026-06-11 10:00',
        'completed',
        5,
        10,
        15,
        10,
        true,
        0,
      ),
    ]);
  });

  it('case_sla: conformant false, rework_count 2', async () => {
    expect(await caseOf(db, 'RW-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-06-11 08:00',
      ready: null,
      collected: null,
      status: 'in_progress',
      elapsed: 115, // 08:00–10:00 (as-of) = 120, minus paused 5 (S1)
      paused: 5,
      external: 0,
      quota: 900,
      // 900 unpaused: Thu 11 Jun 08:05–12:00 = 235 + 180 → 415; Fri 12 = 450 → 865; Mon 15 Jun 35 → 08:05
      due: '2026-06-15 08:05',
      within: null,
      excess: 0,
      bottleneck: 'S5', // the only step with excess (5)
      returned: 0,
      rework: 2, // S5 visit 2, S6 visit 2
      conformant: false, // back from S6 to S5 with no return or resubmission
    });
  });

  it('a case that skips S3 (a non-optional office step) is not conformant', async () => {
    const c = await caseOf(db, 'RW-2');
    expect(c).toMatchObject({ conformant: false, rework: 0, returned: 0 });
  });
});

describe('5. a complete-only log (XES style)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['complete-only.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits: start unknown, handling = arrived → completed, queue null', async () => {
    expect(await visitsOf(db, 'XES-1')).toEqual([
      // first transition: arrived = completed = 08:00 → 0
      visit('S1', 1, null, '2026-06-15 08:00', null, '2026-06-15 08:00', 'completed', null, 0, 0, 5, null, null),
      // 08:00–08:25 = 25 > 20 → excess 5
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-06-15 08:00',
        null,
        '2026-06-15 08:25',
        'completed',
        null,
        25,
        25,
        20,
        false,
        5,
      ),
      // 08:25–08:40 = 15 > 10 → excess 5
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-06-15 08:25',
        null,
        '2026-06-15 08:40',
        'completed',
        null,
        15,
        15,
        10,
        false,
        5,
      ),
      // 08:40–09:00 = 20 > 10 → excess 10
      visit(
        'S4',
        1,
        'PKU-JFM-01',
        '2026-06-15 08:40',
        null,
        '2026-06-15 09:00',
        'completed',
        null,
        20,
        20,
        10,
        false,
        10,
      ),
    ]);
  });

  it('case_sla', async () => {
    expect(await caseOf(db, 'XES-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-06-15 08:00',
      ready: null,
      collected: null,
      status: 'in_progress',
      elapsed: 60, // 08:00–09:00, nothing paused (the S1 visit has zero length)
      paused: 0,
      external: 0,
      quota: 900,
      // 900: Mon 15 Jun 08:00–12:00 = 240 + 180 → 420; Tue 16 Jun (1 Muharam) closed; Wed 17 = 450 → 870;
      // Thu 18 Jun 30 more from 07:30 → 08:00
      due: '2026-06-18 08:00',
      within: null,
      excess: 0,
      bottleneck: 'S4', // excess S2 5, S3 5, S4 10
      returned: 0,
      rework: 0,
      conformant: true,
    });
  });
});

describe('6. an external step (IPTG S6, Dinas Kesehatan, lampung-selatan)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['external.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits: no step quotas; the external visit measured like an office one', async () => {
    expect(await visitsOf(db, 'EXT-1', 'lampung-selatan')).toEqual([
      // S1–S4 applicant, complete-only, measured as is: 0, 08:00–08:10 = 10, 08:10–08:40 = 30, 08:40–09:00 = 20
      visit('S1', 1, null, '2026-06-02 08:00', null, '2026-06-02 08:00', 'completed', null, 0, 0, null, null, null),
      visit('S2', 1, null, '2026-06-02 08:00', null, '2026-06-02 08:10', 'completed', null, 10, 10, null, null, null),
      visit('S3', 1, null, '2026-06-02 08:10', null, '2026-06-02 08:40', 'completed', null, 30, 30, null, null, null),
      visit('S4', 1, null, '2026-06-02 08:40', null, '2026-06-02 09:00', 'completed', null, 20, 20, null, null, null),
      // S5 office: queue 09:00–09:30 = 30, handling 30
      visit(
        'S5',
        1,
        'LSL-BO-01',
        '2026-06-02 09:00',
        '2026-06-02 09:30',
        '2026-06-02 10:00',
        'completed',
        30,
        30,
        60,
        null,
        null,
        null,
      ),
      // S6 external: queue Tue 10:00–12:00 = 120 + 180 → 300, Wed 07:30–08:00 = 30 → 330;
      // handling Wed 08:00–12:00 = 240 + 180 → 420, Thu 450, Fri 07:30–10:00 = 150 → 1020; elapsed 1350
      visit(
        'S6',
        1,
        'LSL-DINKES',
        '2026-06-02 10:00',
        '2026-06-03 08:00',
        '2026-06-05 10:00',
        'completed',
        330,
        1020,
        1350,
        null,
        null,
        null,
      ),
      // S7 office (ready): queue Fri 10:00–11:30 = 90; handling Fri 13:00–16:30 = 210 + Mon 07:30–09:00 = 90 → 300
      visit(
        'S7',
        1,
        'LSL-KADIS',
        '2026-06-05 10:00',
        '2026-06-05 13:00',
        '2026-06-08 09:00',
        'completed',
        90,
        300,
        390,
        null,
        null,
        null,
      ),
      // S8: after ready 09:00 the clock waits for the next start (09:10) → queue 0; handling 5
      visit(
        'S8',
        1,
        'LSL-BO-01',
        '2026-06-08 09:00',
        '2026-06-08 09:10',
        '2026-06-08 09:15',
        'completed',
        0,
        5,
        5,
        null,
        null,
        null,
      ),
    ]);
  });

  it('case_sla: external_min = the external visit elapsed, included in elapsed_min; 7 hari kerja quota', async () => {
    expect(await caseOf(db, 'EXT-1', 'lampung-selatan')).toEqual({
      service: 'IPTG',
      submitted: '2026-06-02 08:00',
      ready: '2026-06-08 09:00',
      collected: null, // the last step (S8) is an office step and there is no collect
      status: 'ready',
      // submitted → ready: Tue 2 Jun 08:00–12:00 = 240 + 180 → 420; Wed 450; Thu 450; Fri 450;
      // Mon 8 Jun 07:30–09:00 = 90 → 1860; paused 08:00–09:00 (S1–S4) = 60 → 1800
      // (= S5 60 + S6 1350 + S7 390)
      elapsed: 1800,
      paused: 60,
      external: 1350, // S6 elapsed
      quota: 3150, // 7 × 450
      // 3150 unpaused: Tue 09:00–16:00 = 360; Wed → 810; Thu → 1260; Fri → 1710; Mon 8 → 2160
      // (the wait after ready, Mon 09:00–09:10, begins when the clock has stopped and does not move
      // due_at: case_sla.sql header); Tue 9 → 2610; Wed 10 → 3060; Thu 11 Jun 90 more from 07:30 → 09:00
      due: '2026-06-11 09:00',
      within: true, // 1800 ≤ 3150
      excess: 0,
      bottleneck: 'S6', // no step quotas → largest handling: S5 30, S6 1020, S7 300, S8 5
      returned: 0,
      rework: 0,
      conformant: true,
    });
  });

  it('an electronic (IPTG) ready case is not an uncollected product', async () => {
    expect(await db.all("select * from uncollected_products where case_id = 'EXT-1'")).toEqual([]);
  });
});

describe('7. Ramadan hours (2026-03-05..09, 390 minutes a day)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['ramadan.csv']);
  });
  afterAll(() => db?.close());

  it('step_visits', async () => {
    expect(await visitsOf(db, 'RMD-1')).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-03-05 08:00',
        '2026-03-05 08:00',
        '2026-03-05 08:10',
        'completed',
        0,
        10,
        10,
        5,
        null,
        null,
      ),
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-03-05 08:10',
        '2026-03-05 08:15',
        '2026-03-05 08:30',
        'completed',
        5,
        15,
        20,
        20,
        true,
        0,
      ),
      // queue 08:30–11:50 = 200; handling 11:50–12:00 = 10 + 12:30–12:40 = 10 → 20 (Ramadan break 12:00–12:30;
      // default hours would give 10)
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-03-05 08:30',
        '2026-03-05 11:50',
        '2026-03-05 12:40',
        'completed',
        200,
        20,
        220,
        10,
        false,
        10,
      ),
      // queue 12:40–14:50 = 130; handling Thu 14:50–15:00 = 10 + Fri 08:00–08:10 = 10 → 20
      // (default hours would give 70 + 40 = 110)
      visit(
        'S4',
        1,
        'PKU-JFM-01',
        '2026-03-05 12:40',
        '2026-03-05 14:50',
        '2026-03-06 08:10',
        'completed',
        130,
        20,
        150,
        10,
        false,
        10,
      ),
      // queue Fri 08:10–11:20 = 190; handling 11:20–11:30 = 10 + 12:30–12:40 = 10 → 20
      visit(
        'S5',
        1,
        'PKU-JFD-01',
        '2026-03-06 08:10',
        '2026-03-06 11:20',
        '2026-03-06 12:40',
        'completed',
        190,
        20,
        210,
        10,
        false,
        10,
      ),
      // queue 12:40–15:20 = 160; handling Fri 15:20–15:30 = 10 + Mon 08:00–08:05 = 5 → 15
      visit(
        'S6',
        1,
        'PKU-SEK-01',
        '2026-03-06 12:40',
        '2026-03-06 15:20',
        '2026-03-09 08:05',
        'completed',
        160,
        15,
        175,
        10,
        false,
        5,
      ),
    ]);
  });

  it('case_sla', async () => {
    expect(await caseOf(db, 'RMD-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-03-05 08:00',
      ready: null,
      collected: null,
      status: 'in_progress',
      // Thu 08:00–12:00 = 240 + 12:30–15:00 = 150 → 390; Fri 390; Mon 08:00–08:05 = 5 → 785; paused 10 → 775
      elapsed: 775,
      paused: 10,
      external: 0,
      quota: 900, // 2 hari kerja at the nominal 450, not at the Ramadan 390
      // 900 unpaused: Thu 08:10–15:00 = 380; Fri 390 → 770; Mon 9 Mar 130 more from 08:00 → 10:10
      due: '2026-03-09 10:10',
      within: null,
      excess: 0,
      bottleneck: 'S3', // excess S3 10, S4 10, S5 10, S6 5: a tie goes to the earlier step
      returned: 0,
      rework: 0,
      conformant: true,
    });
  });
});

describe('8. an office in Asia/Jayapura (+09:00)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['worked-example.csv', 'jayapura-events.csv'], ['jayapura-catalogue.yaml']);
  });
  afterAll(() => db?.close());

  it('the same wall-clock pattern gives the same minutes as in Jakarta', async () => {
    const jayapura = await visitsOf(db, 'JP-1', 'jayapura-uji');
    expect(jayapura).toEqual([
      // same as scenario 1, in WIT wall clock
      visit(
        'S1',
        1,
        null,
        '2026-05-29 15:30',
        '2026-05-29 15:30',
        '2026-05-29 15:40',
        'completed',
        0,
        10,
        10,
        5,
        null,
        null,
      ),
      // Fri 15:50–16:30 = 40, Mon 1 Jun holiday, Tue 07:30–08:10 = 40 → 80
      visit(
        'S2',
        1,
        'JPR-FO-01',
        '2026-05-29 15:40',
        '2026-05-29 15:50',
        '2026-06-02 08:10',
        'completed',
        10,
        80,
        90,
        20,
        false,
        60,
      ),
    ]);
    const jakarta = await visitsOf(db, 'WE-1', 'pekanbaru');
    expect(jayapura.map(({ officer: _o, ...v }) => v)).toEqual(jakarta.map(({ officer: _o, ...v }) => v));
  });

  it('case_sla: same minutes; due_at 15:10 WIT = 06:10Z (WIB 15:10 = 08:10Z)', async () => {
    const jp = await caseOf(db, 'JP-1', 'jayapura-uji');
    expect(jp).toEqual(await caseOf(db, 'WE-1', 'pekanbaru'));
    expect(jp).toMatchObject({ elapsed: 90, paused: 10, due: '2026-06-03 15:10' });
    const rows = await db.all<{ office: string; due: string; submitted: string }>(
      `select office, ${utc('due_at')} as due, ${utc('submitted_at')} as submitted from case_sla order by office`,
    );
    expect(rows).toEqual([
      { office: 'jayapura-uji', due: '2026-06-03T06:10:00Z', submitted: '2026-05-29T06:30:00Z' },
      { office: 'pekanbaru', due: '2026-06-03T08:10:00Z', submitted: '2026-05-29T08:30:00Z' },
    ]);
  });
});

describe('9. open cases and open visits, at the default as-of and an explicit one', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['open-case.csv']);
  });
  afterAll(() => db?.close());

  it('default as-of (latest transition of the office, Thu 9 Jul 10:25): an open visit over its quota', async () => {
    const visits = await visitsOf(db, 'OPN-A');
    expect(visits).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-07-06 08:00',
        '2026-07-06 08:00',
        '2026-07-06 08:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-07-06 08:05',
        '2026-07-06 08:10',
        '2026-07-06 08:30',
        'completed',
        5,
        20,
        25,
        20,
        true,
        0,
      ),
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-07-06 08:30',
        '2026-07-06 08:35',
        '2026-07-06 08:45',
        'completed',
        5,
        10,
        15,
        10,
        true,
        0,
      ),
      // open: queue 08:45–09:00 = 15; handling to the as-of: Mon 09:00–12:00 = 180 + 180 → 360; Tue 450;
      // Wed 450; Thu 07:30–10:25 = 175 → 1435 > 10 → within false, excess 1425; elapsed 1450
      visit(
        'S4',
        1,
        'PKU-JFM-01',
        '2026-07-06 08:45',
        '2026-07-06 09:00',
        null,
        'open',
        15,
        1435,
        1450,
        10,
        false,
        1425,
      ),
    ]);
    expect(await caseOf(db, 'OPN-A')).toEqual({
      service: 'SIKTG',
      submitted: '2026-07-06 08:00',
      ready: null,
      collected: null,
      status: 'in_progress',
      // Mon 08:00–12:00 = 240 + 180 → 420; Tue 450; Wed 450; Thu 175 → 1495; paused 5 → 1490
      elapsed: 1490,
      paused: 5,
      external: 0,
      quota: 900,
      // 900 unpaused: Mon 08:05–16:00 = 415; Tue → 865; Wed 8 Jul 35 more from 07:30 → 08:05
      due: '2026-07-08 08:05',
      within: false, // open and already over its quota
      excess: 590,
      bottleneck: 'S4',
      returned: 0,
      rework: 0,
      conformant: true,
    });
    // the other case: Thu 10:00–10:25 = 25 − paused 5 = 20 ≤ 900 → within null
    expect(await caseOf(db, 'OPN-B')).toMatchObject({
      status: 'in_progress',
      elapsed: 20,
      paused: 5,
      within: null,
      excess: 0,
    });
  });

  describe('explicit as-of (computeAsOf: session temp tables, later events ignored)', () => {
    let s: Session;
    beforeAll(async () => {
      s = await db.connect();
    });
    afterAll(() => s?.conn.closeSync());

    it('as-of Mon 6 Jul 08:20: S2 still open (its 08:30 complete is ignored), under quota → null', async () => {
      await computeAsOf(s, '2026-07-06T08:20:00+07:00');
      expect(await visitsOf(s, 'OPN-A')).toEqual([
        visit(
          'S1',
          1,
          null,
          '2026-07-06 08:00',
          '2026-07-06 08:00',
          '2026-07-06 08:05',
          'completed',
          0,
          5,
          5,
          5,
          null,
          null,
        ),
        // 08:10–08:20 = 10 ≤ 20 → within null for an open visit; excess 0
        visit('S2', 1, 'PKU-FO-01', '2026-07-06 08:05', '2026-07-06 08:10', null, 'open', 5, 10, 15, 20, null, 0),
      ]);
      // 08:00–08:20 = 20 − paused 5 = 15
      expect(await caseOf(s, 'OPN-A')).toMatchObject({
        status: 'in_progress',
        elapsed: 15,
        paused: 5,
        within: null,
        excess: 0,
        due: '2026-07-08 08:05',
      });
      expect(await caseOf(s, 'OPN-B')).toBeUndefined(); // no transition at or before the as-of
    });

    it('as-of Mon 6 Jul 09:30: S4 open over its quota → false; the case under quota → null', async () => {
      await computeAsOf(s, '2026-07-06T09:30:00+07:00');
      const visits = await visitsOf(s, 'OPN-A');
      // queue 08:45–09:00 = 15; handling 09:00–09:30 = 30 > 10 → false, excess 20; elapsed 45
      expect(visits[3]).toEqual(
        visit('S4', 1, 'PKU-JFM-01', '2026-07-06 08:45', '2026-07-06 09:00', null, 'open', 15, 30, 45, 10, false, 20),
      );
      // 08:00–09:30 = 90 − paused 5 = 85 ≤ 900
      expect(await caseOf(s, 'OPN-A')).toMatchObject({
        status: 'in_progress',
        elapsed: 85,
        paused: 5,
        within: null,
        excess: 0,
      });
      // the officer's visit at the desk at the as-of (July 2026)
      const op = await s.all<{ officer: string; open_visits: number; visits: number }>(
        "select officer, open_visits, visits from officer_performance where office = 'pekanbaru' and month = date '2026-07-01' order by officer",
      );
      expect(op).toEqual([
        { officer: 'PKU-BO-01', open_visits: 0, visits: 1 }, // S3 completed 08:45
        { officer: 'PKU-FO-01', open_visits: 0, visits: 1 }, // S2 completed 08:30
        { officer: 'PKU-JFM-01', open_visits: 1, visits: 0 }, // S4 open since 09:00
      ]);
    });

    it('the stored tables (other connections) keep the default as-of', async () => {
      expect(await caseOf(db, 'OPN-A')).toMatchObject({ elapsed: 1490, within: false });
    });
  });
});

describe('10. out-of-order rows, an exact duplicate, a case whose first events are missing', () => {
  let db: Database;
  let loaded: { accepted: number; duplicates: number };
  beforeAll(async () => {
    db = await scenarioDb([]);
    loaded = await loadFile(db, { kind: 'events', path: slaFixture('disorder.csv') });
  });
  afterAll(() => db?.close());

  it('loads: the duplicate row is one transition', () => {
    // 11 rows: 6 + 1 identical repetition of "DIS-1 S2 start 08:10" + 4
    expect(loaded).toMatchObject({ accepted: 10, duplicates: 1 });
  });

  it('rows in any order give the visits of the SLA order', async () => {
    expect(await visitsOf(db, 'DIS-1')).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-06-10 08:00',
        '2026-06-10 08:00',
        '2026-06-10 08:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-06-10 08:05',
        '2026-06-10 08:10',
        '2026-06-10 08:30',
        'completed',
        5,
        20,
        25,
        20,
        true,
        0,
      ),
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-06-10 08:30',
        '2026-06-10 08:40',
        '2026-06-10 08:50',
        'completed',
        10,
        10,
        20,
        10,
        true,
        0,
      ),
    ]);
    // open, measured to the office's as-of Thu 11 Jun 09:30 (DIS-2's last event):
    // Wed 08:00–12:00 = 240 + 180 → 420; Thu 07:30–09:30 = 120 → 540; paused 5 → 535
    expect(await caseOf(db, 'DIS-1')).toMatchObject({
      submitted: '2026-06-10 08:00',
      status: 'in_progress',
      elapsed: 535,
      paused: 5,
      conformant: true,
      rework: 0,
    });
  });

  it('a case starting at S5: arrived_at of its first visit = its first transition', async () => {
    expect(await visitsOf(db, 'DIS-2')).toEqual([
      // first transition 09:00 → arrived 09:00, queue 0, handling 10 = quota
      visit(
        'S5',
        1,
        'PKU-JFD-01',
        '2026-06-11 09:00',
        '2026-06-11 09:00',
        '2026-06-11 09:10',
        'completed',
        0,
        10,
        10,
        10,
        true,
        0,
      ),
      visit(
        'S6',
        1,
        'PKU-SEK-01',
        '2026-06-11 09:10',
        '2026-06-11 09:20',
        '2026-06-11 09:30',
        'completed',
        10,
        10,
        20,
        10,
        true,
        0,
      ),
    ]);
    expect(await caseOf(db, 'DIS-2')).toEqual({
      service: 'SIKTG',
      submitted: '2026-06-11 09:00',
      ready: null,
      collected: null,
      status: 'in_progress',
      elapsed: 30, // 09:00–09:30, nothing paused (no applicant visit)
      paused: 0,
      external: 0,
      quota: 900,
      // 900: Thu 09:00–12:00 = 180 + 180 → 360; Fri 12 Jun 450 → 810; Mon 15 Jun 90 more → 09:00
      due: '2026-06-15 09:00',
      within: null,
      excess: 0,
      // over_min: S5 0+10−10 = 0, S6 10+10−10 = 10 → S6 (no handling excess anywhere)
      bottleneck: 'S6',
      returned: 0,
      rework: 0,
      conformant: false, // its visits begin at S5: S2–S4 (required office steps) were skipped
    });
  });
});

describe('11. a cancelled case', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['cancel.csv']);
  });
  afterAll(() => db?.close());

  it("status 'cancelled', within_quota null, the clock stops at the cancellation", async () => {
    expect(await caseOf(db, 'CAN-1')).toEqual({
      service: 'SIKTG',
      submitted: '2026-06-09 08:00',
      ready: null,
      collected: null,
      status: 'cancelled',
      // 08:00–08:40 (cancel) = 40 − paused 5 = 35, not running on to the office's as-of (Fri 12 Jun)
      elapsed: 35,
      paused: 5,
      external: 0,
      quota: 900,
      // 900 unpaused: Tue 9 Jun 08:05–16:00 = 415; Wed 10 → 865; Thu 11 Jun 35 more → 08:05
      due: '2026-06-11 08:05',
      within: null,
      excess: 0,
      bottleneck: 'S2',
      returned: 0,
      rework: 0,
      conformant: true,
    });
    const [r] = await db.all<{ cancelled: string }>(
      `select ${utc('cancelled_at')} as cancelled from case_sla where case_id = 'CAN-1'`,
    );
    expect(r!.cancelled).toBe('2026-06-09T01:40:00Z');
  });
});

describe('12. uncollected products (Jaminan Pelayanan letter)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['uncollected.csv']);
  });
  afterAll(() => db?.close());

  it('ready and not collected one month after: listed with days_waiting and letter_due', async () => {
    const rows = await db.all<{
      case_id: string;
      office: string;
      service: string;
      ready: string;
      days_waiting: number;
      letter_due: string;
    }>(
      `select case_id, office, service, ${utc('ready_at')} as ready, days_waiting, strftime(letter_due, '%Y-%m-%d') as letter_due
       from uncollected_products order by case_id`,
    );
    expect(rows).toEqual([
      // ready Mon 2 Mar 10:00 WIB (03:00Z); as-of = pekanbaru's latest transition, UNC-5 on Fri 10 Apr:
      // 2 Mar → 2 Apr = 31 days, + 8 → 39; letter due 2 Mar + 1 month = 2 Apr
      {
        case_id: 'UNC-1',
        office: 'pekanbaru',
        service: 'SIKTG',
        ready: '2026-03-02T03:00:00Z',
        days_waiting: 39,
        letter_due: '2026-04-02',
      },
      // ready 10 Mar: letter due 10 Apr = the as-of date (documented: listed from letter_due on); 31 days
      {
        case_id: 'UNC-2',
        office: 'pekanbaru',
        service: 'SIKTG',
        ready: '2026-03-10T03:00:00Z',
        days_waiting: 31,
        letter_due: '2026-04-10',
      },
      // not listed: UNC-3 (ready 12 Mar, letter due 12 Apr > 10 Apr), UNC-4 (collected: S9 complete
      // 3 Mar), UNC-6 (collected: `collect` 4 Mar), UNC-5 (in progress), IPT-1 (IPTG: electronic
      // product, last step an office step)
    ]);
  });

  it('the cases behind it', async () => {
    expect(await caseOf(db, 'UNC-1')).toMatchObject({ status: 'ready', ready: '2026-03-02 10:00', collected: null });
    expect(await caseOf(db, 'UNC-4')).toMatchObject({ status: 'collected', collected: '2026-03-03 09:04' });
    expect(await caseOf(db, 'IPT-1', 'lampung-selatan')).toMatchObject({
      status: 'ready',
      ready: '2026-03-02 10:00',
      collected: null,
    });
    // collected by a `collect` transition (no S8/S9 visits): collected_at = the collect
    expect(await caseOf(db, 'UNC-6')).toMatchObject({
      status: 'collected',
      ready: '2026-03-03 10:00',
      collected: '2026-03-04 09:00',
    });
  });
});

describe('13. step_performance and officer_performance over two months', () => {
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['monthly.csv']);
  });
  afterAll(() => db?.close());

  /*
   * S2 visits (quota 20), handling:
   *   M-1 FO-01 Mon 4 May 08:05–08:15 = 10      M-2 FO-01 Tue 5 May 09:05–09:20 = 15
   *   M-3 FO-01 Wed 6 May 10:05–10:35 = 30      M-4 FO-02 Thu 7 May 11:40–12:00 + 13:00–13:20 = 40
   *   M-5 FO-02 Fri 29 May 16:20 → Tue 2 Jun 07:45: 16:20–16:30 = 10, Mon 1 Jun holiday, 07:30–07:45 = 15 → 25
   *   M-6 FO-02 Fri 29 May 16:25 → Mon 1 Jun 06:00 WIB (= 31 May 23:00Z, a June visit in the office's
   *       zone): 16:25–16:30 = 5
   *   M-7 FO-01 Mon 8 Jun 08:10–08:30 = 20      M-8 FO-01 starts Wed 10 Jun 10:00, never completed
   * The as-of is M-9's S1 complete, Fri 12 Jun 09:00. S1 visits are complete-only: handling 0.
   */
  it('step_performance', async () => {
    const rows = await db.all(
      `select step, strftime(month, '%Y-%m-%d') as month, visits, round(median_handling_min, 6) as median,
         round(p90_handling_min, 6) as p90, round(within_quota_pct, 6) as pct, round(excess_min_total, 6) as excess
       from step_performance where office = 'pekanbaru' and service = 'SIKTG' order by step, month`,
    );
    expect(rows).toEqual([
      // S1 (applicant): May M-1..M-6, June M-7..M-9; handling 0; within_quota/excess null for applicant steps
      { step: 'S1', month: '2026-05-01', visits: 6, median: 0, p90: 0, pct: null, excess: null },
      { step: 'S1', month: '2026-06-01', visits: 3, median: 0, p90: 0, pct: null, excess: null },
      // May [10, 15, 30, 40]: median 15 + 0.5 × 15 = 22.5; p90 at 0.9 × 3 = 2.7 → 30 + 0.7 × 10 = 37;
      // within 10, 15 → 2/4 = 50 %; excess 10 + 20 = 30
      { step: 'S2', month: '2026-05-01', visits: 4, median: 22.5, p90: 37, pct: 50, excess: 30 },
      // June [5, 20, 25] (M-8 open: not counted): median 20; p90 at 1.8 → 20 + 0.8 × 5 = 24;
      // within 5, 20 → 2/3 = 66.666667 %; excess 5
      { step: 'S2', month: '2026-06-01', visits: 3, median: 20, p90: 24, pct: 66.666667, excess: 5 },
    ]);
  });

  it('officer_performance', async () => {
    const rows = await db.all(
      `select officer, strftime(month, '%Y-%m-%d') as month, visits, round(median_handling_min, 6) as median,
         round(p90_handling_min, 6) as p90, round(within_quota_pct, 6) as pct, breaches, open_visits
       from officer_performance where office = 'pekanbaru' order by officer, month`,
    );
    expect(rows).toEqual([
      // May [10, 15, 30]: median 15; p90 at 1.8 → 15 + 0.8 × 15 = 27; within 2/3; breach: 30
      {
        officer: 'PKU-FO-01',
        month: '2026-05-01',
        visits: 3,
        median: 15,
        p90: 27,
        pct: 66.666667,
        breaches: 1,
        open_visits: 0,
      },
      // June [20]; open at the as-of (Fri 12 Jun 09:00): M-8 (since Wed 10 Jun)
      {
        officer: 'PKU-FO-01',
        month: '2026-06-01',
        visits: 1,
        median: 20,
        p90: 20,
        pct: 100,
        breaches: 0,
        open_visits: 1,
      },
      // May [40]: breach; open at the end of May (1 Jun 00:00 WIB): M-5 and M-6
      {
        officer: 'PKU-FO-02',
        month: '2026-05-01',
        visits: 1,
        median: 40,
        p90: 40,
        pct: 0,
        breaches: 1,
        open_visits: 2,
      },
      // June [25, 5]: median 15; p90 at 0.9 → 5 + 0.9 × 20 = 23; within 1/2; breach: 25
      {
        officer: 'PKU-FO-02',
        month: '2026-06-01',
        visits: 2,
        median: 15,
        p90: 23,
        pct: 50,
        breaches: 1,
        open_visits: 0,
      },
    ]);
  });
});

describe('14. incremental refresh: an open visit of a collected case follows the as-of like a full refresh', () => {
  /*
   * INC-1 (complete-only S1–S7 on Mon 6 Jul, ready 10:00): S8 starts 10:30 and never completes; S9
   * (applicant) 10:35–10:40 → collected 10:40. Paused: the wait after ready 10:00–10:30 and the S9
   * visit from its arrival (S7's complete 10:00, S8 never completed) to 10:40 → one island 10:00–10:40.
   * A second file then only adds INC-2 (Tue 7 Jul 08:00), which moves pekanbaru's as-of.
   */
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['incremental-a.csv']);
  });
  afterAll(() => db?.close());

  const s8 = async () => (await visitsOf(db, 'INC-1')).find((v) => v.step === 'S8');

  it('as-of Mon 10:40: the open S8 visit lies wholly in paused time → 0', async () => {
    expect(await s8()).toEqual(
      visit('S8', 1, 'PKU-FO-01', '2026-07-06 10:00', '2026-07-06 10:30', null, 'open', 0, 0, 0, 3, null, 0),
    );
    // excess S3–S6 10 each (20 min against 10): a tie to the earliest
    expect(await caseOf(db, 'INC-1')).toMatchObject({ status: 'collected', elapsed: 120, paused: 0, bottleneck: 'S3' });
  });

  // S8 measured to the new as-of Tue 08:00: Mon 10:00–12:00 = 120 + 13:00–16:00 = 180, Tue
  // 07:30–08:00 = 30 → 330, minus the paused 10:00–10:40 = 40 → 290; open and over 3 → false, excess 287
  const expected = visit(
    'S8',
    1,
    'PKU-FO-01',
    '2026-07-06 10:00',
    '2026-07-06 10:30',
    null,
    'open',
    0,
    290,
    290,
    3,
    false,
    287,
  );

  it('after loading a later file (incremental refresh)', async () => {
    await loadFile(db, { kind: 'events', path: slaFixture('incremental-b.csv') });
    expect(await s8()).toEqual(expected);
    expect(await caseOf(db, 'INC-1')).toMatchObject({ status: 'collected', elapsed: 120, bottleneck: 'S8' });
  });

  it('after a full refresh', async () => {
    await db.transaction((tx) => refreshAll(tx));
    expect(await s8()).toEqual(expected);
    expect(await caseOf(db, 'INC-1')).toMatchObject({ status: 'collected', elapsed: 120, bottleneck: 'S8' });
  });
});

describe('15. a product waiting for collection: its running pause follows the as-of without recomputing its case', () => {
  /*
   * WAIT-1 (complete-only S1–S7 on Wed 8 Jul, ready at S7's complete 10:00, the office's latest
   * transition): the wait for collection (SPEC §2.3 point 5c) begins at the as-of instant — kept
   * as a running pause of 0 minutes. The case's clock stopped at ready (08:00–10:00 = 120), so its
   * figures no longer move: runs_to_as_of is false and a later load does not recompute it. A second
   * file adds only WAIT-2 (Thu 9 Jul 08:00), which moves pekanbaru's as-of; the refresh extends the
   * running pause to it: Wed 10:00–12:00 = 120 + 13:00–16:00 = 180 + Thu 07:30–08:00 = 30 → 330.
   */
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['waiting-a.csv']);
  });
  afterAll(() => db?.close());

  const pauses = () =>
    db.all<{ s: string; e: string; running: boolean; paused: number }>(
      `select strftime(timezone(o.timezone, p.s), '%Y-%m-%d %H:%M') as s, strftime(timezone(o.timezone, p.e), '%Y-%m-%d %H:%M') as e,
         p.running, round(p.paused_min, 6) as paused
       from sla_pauses p join offices o on o.office = p.office where p.case_id = 'WAIT-1' order by p.s`,
    );
  const flags = () => db.one<{ runs: boolean }>("select runs_to_as_of as runs from case_sla where case_id = 'WAIT-1'");
  const figures = { status: 'ready', ready: '2026-07-08 10:00', elapsed: 120, paused: 0, within: true };

  it('as-of Wed 10:00 (its own ready): a running pause of 0 minutes; the case does not run to the as-of', async () => {
    expect(await pauses()).toEqual([{ s: '2026-07-08 10:00', e: '2026-07-08 10:00', running: true, paused: 0 }]);
    expect(await flags()).toEqual({ runs: false });
    expect(await caseOf(db, 'WAIT-1')).toMatchObject(figures);
  });

  const extended = [{ s: '2026-07-08 10:00', e: '2026-07-09 08:00', running: true, paused: 330 }];

  it('after loading a later file: the pause runs to the new as-of (Thu 08:00), the case figures stay', async () => {
    await loadFile(db, { kind: 'events', path: slaFixture('waiting-b.csv') });
    expect(await pauses()).toEqual(extended);
    expect(await caseOf(db, 'WAIT-1')).toMatchObject(figures);
  });

  it('a full refresh gives the same', async () => {
    await db.transaction((tx) => refreshAll(tx));
    expect(await pauses()).toEqual(extended);
    expect(await caseOf(db, 'WAIT-1')).toMatchObject(figures);
  });

  it('office_extent follows loads and undo: first and latest transition, number of events', async () => {
    const extent = () =>
      db.one<{ first: string; last: string; events: number }>(
        "select strftime(first_at, '%Y-%m-%dT%H:%MZ') as first, strftime(last_at, '%Y-%m-%dT%H:%MZ') as last, events from office_extent where office = 'pekanbaru'",
      );
    // 7 + 1 events, Wed 08:00 WIB (01:00Z) to Thu 08:00 WIB (01:00Z)
    expect(await extent()).toEqual({ first: '2026-07-08T01:00Z', last: '2026-07-09T01:00Z', events: 8 });
    const batch = (await db.one<{ b: number }>(
      "select max(batch_id) as b from ingest_batches where file_name like '%waiting-b.csv' and status = 'committed'",
    ))!.b;
    await undoBatch(db, batch);
    // back to the first file: as-of Wed 10:00 (03:00Z), and the pause back to 0 minutes
    expect(await extent()).toEqual({ first: '2026-07-08T01:00Z', last: '2026-07-08T03:00Z', events: 7 });
    expect(await pauses()).toEqual([{ s: '2026-07-08 10:00', e: '2026-07-08 10:00', running: true, paused: 0 }]);
  });
});

describe('16. found by the differential test (oracle.test.ts): a parallel desk, events after a cancellation, a wait across ready_at', () => {
  // Wed 24 and Thu 25 Jun 2026: ordinary days (07:30–12:00, 13:00–16:00); Fri 26 Jun 07:30–11:30,
  // 13:00–16:30
  it('a desk that starts before the previous one hands on arrives at the submission, not at that later hand-over', async () => {
    const db = await scenarioDb(['parallel-desk.csv']);
    try {
      expect(await visitsOf(db, 'PAR-1')).toEqual([
        // S1 (applicant) 08:00–08:10 as is: the case's only pause
        visit(
          'S1',
          1,
          null,
          '2026-06-24 08:00',
          '2026-06-24 08:00',
          '2026-06-24 08:10',
          'completed',
          0,
          10,
          10,
          5,
          null,
          null,
        ),
        // S2's first transition (start 08:00) has no hand-over before it: arrived = the submission
        // 08:00 (not S1's complete 08:10, which precedes only its second start); the first start
        // counts (08:00, PKU-FO-01); handling 08:00–08:30 = 30 − 10 paused = 20 ≤ 20 → within
        visit(
          'S2',
          1,
          'PKU-FO-01',
          '2026-06-24 08:00',
          '2026-06-24 08:00',
          '2026-06-24 08:30',
          'completed',
          0,
          20,
          20,
          20,
          true,
          0,
        ),
      ]);
      // in progress to the as-of 08:30: 30 − 10 = 20; due: 900 + the 10 paused from Wed 08:00:
      // Wed 420, Thu 450 → 870, Fri 40 from 07:30 → 08:10
      expect(await caseOf(db, 'PAR-1')).toMatchObject({
        status: 'in_progress',
        elapsed: 20,
        paused: 10,
        due: '2026-06-26 08:10',
        bottleneck: 'S2',
        conformant: true,
      });
    } finally {
      db.close();
    }
  });

  it('a visit closed by the cancellation and then by a later complete of another file: one visit, completed, as a full recompute', async () => {
    const db = await scenarioDb(['cancel-later-a.csv']);
    try {
      // first file: S2 open at the cancellation 08:40 → closed by it; handling 08:10–08:40 = 30;
      // within_quota null as for a cancelled case (the excess stays: the time was spent)
      expect((await visitsOf(db, 'CNL-1'))[1]).toEqual(
        visit(
          'S2',
          1,
          'PKU-FO-01',
          '2026-06-25 08:05',
          '2026-06-25 08:10',
          '2026-06-25 08:40',
          'cancelled',
          5,
          30,
          35,
          20,
          null,
          10,
        ),
      );
      await loadFile(db, { kind: 'events', path: slaFixture('cancel-later-b.csv') });
      const after = [
        visit(
          'S1',
          1,
          null,
          '2026-06-25 08:00',
          '2026-06-25 08:00',
          '2026-06-25 08:05',
          'completed',
          0,
          5,
          5,
          5,
          null,
          null,
        ),
        // the second start 09:00 is the same visit; completed 09:30: handling 08:10–09:30 = 80,
        // quota 20 → excess 60 (the stored 'cancelled' row is replaced, not kept beside it)
        visit(
          'S2',
          1,
          'PKU-FO-01',
          '2026-06-25 08:05',
          '2026-06-25 08:10',
          '2026-06-25 09:30',
          'completed',
          5,
          80,
          85,
          20,
          false,
          60,
        ),
      ];
      expect(await visitsOf(db, 'CNL-1')).toEqual(after);
      // the case's clock stops at the cancellation: 08:00–08:40 = 40 − 5 paused = 35
      const figures = { status: 'cancelled', elapsed: 35, paused: 5, within: null, excess: 0, bottleneck: 'S2' };
      expect(await caseOf(db, 'CNL-1')).toMatchObject(figures);
      await db.transaction((tx) => refreshAll(tx));
      expect(await visitsOf(db, 'CNL-1')).toEqual(after);
      expect(await caseOf(db, 'CNL-1')).toMatchObject(figures);
    } finally {
      db.close();
    }
  });

  it('due_at counts an applicant wait that runs on past ready_at only up to ready_at (it does not move with the as-of)', async () => {
    const db = await scenarioDb(['due-straddle.csv']);
    try {
      // pauses: S1 08:00–08:05; S9 (applicant) arrived at S2's hand-over 08:25 and still open,
      // merged with the wait after ready (S7 complete 09:00) into one island to the as-of (DUE-2's
      // transition, Thu 25 Jun 10:00)
      const visits = await visitsOf(db, 'DUE-1');
      // S9 as is: queue 08:25–08:40 = 15; handling 08:40 → Thu 10:00 = 200 + 180 + 150 = 530
      expect(visits[3]).toEqual(
        visit('S9', 1, null, '2026-06-24 08:25', '2026-06-24 08:40', null, 'open', 15, 530, 545, 2, null, null),
      );
      expect(await caseOf(db, 'DUE-1')).toMatchObject({
        status: 'ready',
        ready: '2026-06-24 09:00',
        // 08:00–09:00 = 60, paused 5 + (08:25–09:00) 35 = 40 → 20
        elapsed: 20,
        paused: 40,
        within: true,
        // 900 + the pauses up to ready_at (40) from Wed 08:00: Wed 420, Thu 450 → 870, Fri 70
        // from 07:30 → 08:40 (counting the island to the as-of would give Mon 29 Jun 09:40)
        due: '2026-06-26 08:40',
        bottleneck: 'S2', // handling 19 (08:06–08:25); S7's 08:30–09:00 lies in the pause
        conformant: false, // S3–S6 skipped
      });
    } finally {
      db.close();
    }
  });
});

describe('17. transitions in the same minute (SPEC §2.3.1 revised: at, then SOP order, then kind; cancel last)', () => {
  // Minute-precision export, Tue 7 Jul 2026 (no holiday), rows of SM-1 in no particular order. The
  // office's as-of is the latest transition of the file: 11:10.
  let db: Database;
  beforeAll(async () => {
    db = await scenarioDb(['same-minute.csv']);
  });
  afterAll(() => db?.close());

  it('a forward hand-over in the same minute: queue 0; a visit opened and closed in the same minute', async () => {
    expect(await visitsOf(db, 'SM-1')).toEqual([
      // S1 (applicant) 08:00–08:05
      visit(
        'S1',
        1,
        null,
        '2026-07-07 08:00',
        '2026-07-07 08:00',
        '2026-07-07 08:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      // 08:05: S1 complete (seq 1) before S2 start (seq 2) → arrived 08:05, queue 0; 08:05–08:20 = 15 ≤ 20
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-07-07 08:05',
        '2026-07-07 08:05',
        '2026-07-07 08:20',
        'completed',
        0,
        15,
        15,
        20,
        true,
        0,
      ),
      // 08:20: S2 complete, S3 start, S3 complete, S4 start (SOP order, and a desk's own start before
      // its own hand-over) → S3 arrived 08:20, queue 0, handling 0. (The old rule — start before
      // complete at one instant — gave S3 an arrival at S1's hand-over 08:05 and a queue of 15 that
      // was S2's handling.)
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-07-07 08:20',
        '2026-07-07 08:20',
        '2026-07-07 08:20',
        'completed',
        0,
        0,
        0,
        10,
        true,
        0,
      ),
      // S4 arrived at S3's hand-over 08:20, queue 0; 08:20–08:30 = 10 = quota
      visit(
        'S4',
        1,
        'PKU-JFM-01',
        '2026-07-07 08:20',
        '2026-07-07 08:20',
        '2026-07-07 08:30',
        'completed',
        0,
        10,
        10,
        10,
        true,
        0,
      ),
    ]);
    // no step skipped, none passed out of order; elapsed 08:00 → as-of 11:10 = 190 − S1's 5 paused
    expect(await caseOf(db, 'SM-1')).toMatchObject({
      status: 'in_progress',
      elapsed: 185,
      paused: 5,
      conformant: true,
      rework: 0,
      bottleneck: 'S2',
    });
  });

  it('the kartu kendali lists the transitions in the same order (at 08:20: S2 complete, S3 start, S3 complete, S4 start)', async () => {
    const app = await buildApp({ db });
    try {
      const card = (await app.inject({ url: '/api/cases/SM-1?office=pekanbaru' })).json();
      expect(card.transitions.map((t: { step: string; event: string }) => `${t.step} ${t.event}`)).toEqual([
        'S1 start',
        'S1 complete',
        'S2 start',
        'S2 complete',
        'S3 start',
        'S3 complete',
        'S4 start',
        'S4 complete',
      ]);
      // a cancellation after everything else of its instant
      const cancelled = (await app.inject({ url: '/api/cases/SM-4?office=pekanbaru' })).json();
      expect(cancelled.transitions.map((t: { step: string; event: string }) => `${t.step} ${t.event}`).at(-1)).toBe(
        'S2 cancel',
      );
    } finally {
      await app.close();
    }
  });

  it('a return and a resubmission in the same minute: the resubmission sorts first, so the case is paused from the return to its next transition', async () => {
    expect(await visitsOf(db, 'SM-2')).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-07-07 09:00',
        '2026-07-07 09:00',
        '2026-07-07 09:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      // returned at 09:30: handling 09:05–09:30 = 25 > 20 → excess 5
      visit(
        'S2',
        1,
        'PKU-FO-02',
        '2026-07-07 09:05',
        '2026-07-07 09:05',
        '2026-07-07 09:30',
        'returned',
        0,
        25,
        25,
        20,
        false,
        5,
      ),
      // 09:30: same step, kind order → resubmit, then return. The latest hand-over before the start
      // 09:40 is the return (arrived 09:30); the pause runs from the return to the next transition,
      // the start 09:40 (10 minutes): queue 10 − 10 paused = 0; handling 09:40–09:50 = 10
      visit(
        'S2',
        2,
        'PKU-FO-02',
        '2026-07-07 09:30',
        '2026-07-07 09:40',
        '2026-07-07 09:50',
        'completed',
        0,
        10,
        10,
        20,
        true,
        0,
      ),
    ]);
    // 09:00 → as-of 11:10 = 130; paused: S1 5 + return 09:30 → 09:40 = 10 → 15; elapsed 115
    expect(await caseOf(db, 'SM-2')).toMatchObject({
      elapsed: 115,
      paused: 15,
      returned: 1,
      rework: 1,
      conformant: true,
      bottleneck: 'S2',
    });
  });

  it('a move back to an earlier step in the same minute as the later desk hands on: the earlier step sorts first', async () => {
    expect(await visitsOf(db, 'SM-3')).toEqual([
      visit(
        'S1',
        1,
        null,
        '2026-07-07 10:00',
        '2026-07-07 10:00',
        '2026-07-07 10:05',
        'completed',
        0,
        5,
        5,
        5,
        null,
        null,
      ),
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-07-07 10:05',
        '2026-07-07 10:05',
        '2026-07-07 10:20',
        'completed',
        0,
        15,
        15,
        20,
        true,
        0,
      ),
      // S3 10:20–10:40 = 20 > 10 → excess 10
      visit(
        'S3',
        1,
        'PKU-BO-01',
        '2026-07-07 10:20',
        '2026-07-07 10:20',
        '2026-07-07 10:40',
        'completed',
        0,
        20,
        20,
        10,
        false,
        10,
      ),
      // 10:40: S2 start (seq 2) before S3 complete (seq 3), so the latest hand-over before S2's
      // start is S2's own at 10:20: arrived 10:20, queue 20 (the time S3 held the file), handling 10
      visit(
        'S2',
        2,
        'PKU-FO-01',
        '2026-07-07 10:20',
        '2026-07-07 10:40',
        '2026-07-07 10:50',
        'completed',
        20,
        10,
        30,
        20,
        true,
        0,
      ),
      // 10:50: S2 complete before S3 start → arrived 10:50, queue 0, handling 10
      visit(
        'S3',
        2,
        'PKU-BO-01',
        '2026-07-07 10:50',
        '2026-07-07 10:50',
        '2026-07-07 11:00',
        'completed',
        0,
        10,
        10,
        10,
        true,
        0,
      ),
    ]);
    // back to S2 not after a return or resubmission → not conformant (as with the old rule);
    // over_min: S2 0 + (20 + 10 − 20) = 10, S3 (0 + 20 − 10) + 0 = 10 → tie → the earlier step S2
    expect(await caseOf(db, 'SM-3')).toMatchObject({ rework: 2, conformant: false, bottleneck: 'S2' });
  });

  it('a cancellation in the same minute as a hand-over sorts after it: the visit is completed, not cancelled', async () => {
    const visits = await visitsOf(db, 'SM-4');
    // 11:10: S2 complete before the cancel (cancel after every other transition of its instant)
    expect(visits[1]).toEqual(
      visit(
        'S2',
        1,
        'PKU-FO-01',
        '2026-07-07 11:05',
        '2026-07-07 11:05',
        '2026-07-07 11:10',
        'completed',
        0,
        5,
        5,
        20,
        true,
        0,
      ),
    );
    expect(await caseOf(db, 'SM-4')).toMatchObject({ status: 'cancelled', within: null });
  });
});
