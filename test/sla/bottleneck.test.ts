import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { generateReport } from '../../src/report/generate.js';
import { lines, pdfPages } from '../report/helpers.js';
import { caseOf, scenarioDb } from './helpers.js';

/*
 * One bottleneck (SPEC §2.3.9, revised), the same on the case row, the Tahapan page, the Ringkasan
 * service table and the monthly report, for the hand-computed FULL-1 of engine.test.ts section 2
 * (SIKTG, Wed 13 – Wed 20 May 2026). Per visit, over_min = queue + handling − step quota:
 *   S2 5+30−20 = 15, S3 20+10−10 = 20, S4 80+15−10 = 85, S5 125+40−10 = 155, S6 30+10−10 = 30,
 *   S7 200+470−450 = 220, S8 0+2−3 → 0 (S1, S9 applicant: none).
 * The case's bottleneck and May's bottleneck of SIKTG are S7 (Validasi dan tanda tangan
 * elektronik), 220 minutes over; by handling excess alone (the old rule) it was S5 (30 > S7's 20).
 */

let db: Database;
let app: FastifyInstance;
beforeAll(async () => {
  db = await scenarioDb(['full-case.csv']);
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

const get = async (url: string) => (await app.inject({ method: 'GET', url })).json();
const section = (body: { sections: { id: string; rows: Record<string, unknown>[]; notes?: string[] }[] }, id: string) =>
  body.sections.find((s) => s.id === id)!;

describe('the bottleneck is one step on every surface', () => {
  it('the case row: S7', async () => {
    expect((await caseOf(db, 'FULL-1'))!.bottleneck).toBe('S7');
    const v = await db.all<{ step: string; over: number }>(
      "select step, over_min as over from step_visits where case_id = 'FULL-1' and over_min is not null order by seq",
    );
    expect(v).toEqual([
      { step: 'S2', over: 15 },
      { step: 'S3', over: 20 },
      { step: 'S4', over: 85 },
      { step: 'S5', over: 155 },
      { step: 'S6', over: 30 },
      { step: 'S7', over: 220 },
      { step: 'S8', over: 0 },
    ]);
  });

  it('Tahapan: S7 marked, named in the sentence with 220 minutes', async () => {
    const body = await get('/api/dash/tahapan?office=pekanbaru&service=SIKTG&period=month&month=2026-05');
    const rows = section(body, 'step_time').rows;
    expect(rows.filter((r) => r.bottleneck).map((r) => r.step)).toEqual(['S7']);
    expect(rows.find((r) => r.step === 'S7')).toMatchObject({ over_min_total: 220, queue_handling_min_total: 670 });
    expect(section(body, 'step_time').notes![0]).toBe(
      'Hambatan: SIKTG S7 (Validasi dan tanda tangan elektronik) dengan 220 menit kerja di atas baku mutu (antre dan proses).',
    );
  });

  it('Ringkasan: the service row names S7 with its name', async () => {
    const body = await get('/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-05');
    const row = section(body, 'services').rows.find((r) => r.service === 'SIKTG')!;
    expect(row.bottleneck_step).toBe('S7 Validasi dan tanda tangan elektronik');
  });

  it('Ringkasan lists: the bottleneck of SIKTG named with its 220 minutes over quota, linked to its Tahapan page', async () => {
    const body = await get('/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-05');
    expect(section(body, 'bottlenecks').rows).toEqual([
      {
        office: 'pekanbaru',
        office_name: 'DPMPTSP Kota Pekanbaru',
        service: 'SIKTG',
        service_name: 'Surat Izin Kerja Teknisi Gigi',
        step: 'S7 Validasi dan tanda tangan elektronik',
        over_min_total: 220,
        href: '/tahapan?office=pekanbaru&service=SIKTG&period=month&month=2026-05#step_time',
      },
    ]);
  });

  it('Ringkasan lists: the three desks with the most time over quota (S7 220, S5 155, S4 85; the front office 15 + 0 is fourth)', async () => {
    const body = await get('/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-05&lang=en');
    const rows = section(body, 'top_desks').rows;
    expect(rows.map((r) => [r.officer, r.over_min_total, r.href])).toEqual([
      // each desk leads to the visits it handed on in the period (Berkas officer=)
      [
        'PKU-KADIS',
        220,
        '/berkas?office=pekanbaru&period=month&month=2026-05&lang=en&officer=PKU-KADIS#officer_visits',
      ],
      [
        'PKU-JFD-01',
        155,
        '/berkas?office=pekanbaru&period=month&month=2026-05&lang=en&officer=PKU-JFD-01#officer_visits',
      ],
      [
        'PKU-JFM-01',
        85,
        '/berkas?office=pekanbaru&period=month&month=2026-05&lang=en&officer=PKU-JFM-01#officer_visits',
      ],
    ]);
    // the case is collected, on time, with no complaint: the other lists say so
    for (const id of ['overdue_cases', 'letters_due', 'overdue_complaints'])
      expect(section(body, id).rows, id).toEqual([]);
  });

  it('the monthly report of May: the step table is followed by the line naming S7', async () => {
    const r = await generateReport(db, { office: 'pekanbaru', month: '2026-05', lang: 'id' });
    const text = lines(pdfPages(r.pdf)).join(' ');
    expect(text).toContain(
      'Hambatan SIKTG: S7 Validasi dan tanda tangan elektronik, 220 menit kerja di atas baku mutu',
    );
  });
});

describe('amounts are compared rounded to 10⁻⁶ minute before the tie-break', () => {
  it('47 s over quota at S3 and S5, one of them with floating-point noise: the earlier step', async () => {
    // 47/60 computed two ways differs in the last bit; unrounded, S5 (the larger double) would win
    const a = 47 / 60;
    const b = (47 * 1e6) / 60 / 1e6 + 1e-16;
    expect(b).not.toBe(a);
    const r = await db.one<{ step: string; raw: string }>(
      `select arg_min(step, bottleneck_rank(over, busy, seq, step)) as step, arg_max(step, over) as raw
       from (values ('S3', 3, ${a}, 10.0), ('S5', 5, ${b}, 10.0), ('S4', 4, 0.0, 90.0)) as t(step, seq, over, busy)`,
    );
    expect(r).toEqual({ step: 'S3', raw: 'S5' });
  });

  it('no step over its quota: the largest queue + handling; a step over its quota ranks on over alone', async () => {
    const r = await db.one<{ none: string; some: string }>(
      `select
         (select arg_min(step, bottleneck_rank(over, busy, seq, step)) from (values ('S3', 3, 0.0, 10.0), ('S5', 5, 0.0, 40.0)) as t(step, seq, over, busy)) as none,
         (select arg_min(step, bottleneck_rank(over, busy, seq, step)) from (values ('S3', 3, 0.5, 10.0), ('S5', 5, 0.0, 400.0)) as t(step, seq, over, busy)) as some`,
    );
    expect(r).toEqual({ none: 'S5', some: 'S3' });
  });
});
