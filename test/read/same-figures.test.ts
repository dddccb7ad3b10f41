/**
 * One read model (src/read/): for an office-month of the demo data, the Kepala Dinas' tile, the
 * API and the monthly PDF print the same figures — cases submitted and completed, the share within
 * quota, the median working days — for the office and for each service, read live and read from
 * the dashboard summaries. The expectations are the tiles' own numbers; the PDF is read back with
 * pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { readReportData, type OfficerRow, type ReportData } from '../../src/report/data.js';
import { generateReport } from '../../src/report/generate.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { demoDb, id, lines, pdfPages } from '../report/helpers.js';

interface Figures {
  submitted: number;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
}
interface ServiceFigures extends Figures {
  office: string;
  service: string;
}
interface Page {
  sections: { id: string; rows: ServiceFigures[]; notes?: string[] | null }[];
}
interface Ringkasan {
  tiles: { id: string; value: number | null; previous: number | null }[];
  sections: { id: string; rows: ServiceFigures[] }[];
}

const OFFICE = 'pekanbaru';
const MONTH = '2026-10';
const PREV = '2026-09';
let db: Database;
let app: FastifyInstance;
let report: ReportData;
let pdfLines: string[];

beforeAll(async () => {
  db = await demoDb();
  app = await buildApp({ db, readCache: { maxBytes: 0 } });
  report = await readReportData(db, OFFICE, MONTH, 'id');
  pdfLines = lines(pdfPages((await generateReport(db, { office: OFFICE, month: MONTH, lang: 'id' })).pdf));
}, 300_000);
afterAll(async () => {
  await app?.close();
  db?.close();
});

const get = async <T>(url: string): Promise<T> => {
  const r = await app.inject({ method: 'GET', url });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as T;
};
const pct = (x: number | null) => (x == null ? '-' : `${id(x, 1)}%`);

async function tiles(month: string): Promise<{ tile: Record<string, number | null>; services: ServiceFigures[] }> {
  const r = await get<Ringkasan>(`/api/dash/ringkasan?office=${OFFICE}&period=month&month=${month}`);
  return {
    tile: Object.fromEntries(r.tiles.map((t) => [t.id, t.value])),
    services: r.sections.find((s) => s.id === 'services')!.rows,
  };
}

describe.each(['live', 'summaries'])('tile = API = PDF, %s', (how) => {
  beforeAll(async () => {
    if (how === 'summaries') await buildSummaries(db);
  });

  it('the office: completed, share within quota (tile, report totals, the PDF lines)', async () => {
    const cur = await tiles(MONTH);
    const prev = await tiles(PREV);
    expect(cur.services.length).toBeGreaterThan(0);
    const ready = cur.services.reduce((n, s) => n + s.ready, 0);
    expect(report.totals.ready).toBe(ready);
    expect(report.prevTotals.ready).toBe(prev.services.reduce((n, s) => n + s.ready, 0));
    expect(report.totals.within_pct).toBeCloseTo(cur.tile.within_quota_pct!, 9);
    expect(report.prevTotals.within_pct).toBeCloseTo(prev.tile.within_quota_pct!, 9);
    expect(report.submitted).toBe(cur.services.reduce((n, s) => n + s.submitted, 0));
    expect(pdfLines).toContain(`Berkas selesai ${id(report.totals.ready)} ${id(report.prevTotals.ready)} -`);
    expect(pdfLines).toContain(
      `Berkas selesai dalam kuota (%) ${pct(cur.tile.within_quota_pct!)} ${pct(prev.tile.within_quota_pct!)} setiap berkas dalam kuota`,
    );
  });

  it('each service: the Ringkasan row, GET /api/sla/summary and the report (its PDF median line)', async () => {
    const { services } = await tiles(MONTH);
    const prev = (await tiles(PREV)).services;
    const api = (
      await get<{ rows: (ServiceFigures & { median_elapsed_min: number | null })[] }>(
        `/api/sla/summary?office=${OFFICE}&month=${MONTH}`,
      )
    ).rows;
    expect(api.map((r) => r.service)).toEqual(services.map((r) => r.service));
    for (const tile of services) {
      const a = api.find((r) => r.service === tile.service)!;
      const p = report.services.find((r) => r.service === tile.service)!;
      expect([a.submitted, a.ready, p.ready]).toEqual([tile.submitted, tile.ready, tile.ready]);
      for (const x of [a.within_quota_pct, p.within_pct]) {
        if (tile.within_quota_pct == null) expect(x).toBeNull();
        else expect(x).toBeCloseTo(tile.within_quota_pct, 9);
      }
      expect(a.median_elapsed_days).toBeCloseTo(tile.median_elapsed_days!, 9);
      expect(p.median_min).toBe(a.median_elapsed_min);
      const before = prev.find((r) => r.service === tile.service)!.median_elapsed_days!;
      expect(
        pdfLines.some((l) =>
          l.startsWith(
            `Median waktu ${tile.service} (hari kerja) ${id(tile.median_elapsed_days!, 2)} ${id(before, 2)}`,
          ),
        ),
      ).toBe(true);
    }
  });

  it('the trend: the PDF chart data are the Tren page months', async () => {
    const tren = await get<{ sections: { id: string; rows: (Figures & { month: string })[] }[] }>(
      `/api/dash/tren?office=${OFFICE}&period=month&month=${MONTH}`,
    );
    const rows = tren.sections.flatMap((s) => s.rows).filter((r) => 'month' in r && 'within_quota_pct' in r);
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const t of report.trend) {
      const page = rows.find((r) => r.month.startsWith(t.month))!;
      expect(page, t.month).toBeDefined();
      expect([t.submitted, t.ready]).toEqual([page.submitted, page.ready]);
      if (page.within_quota_pct == null) expect(t.within_quota_pct).toBeNull();
      else expect(t.within_quota_pct).toBeCloseTo(page.within_quota_pct, 9);
    }
  });

  it('the officers: the report table is the API officers of the month and the Petugas page rows', async () => {
    const api = (
      await get<{ rows: { officer: string; role: string | null; visits: number; open_visits: number }[] }>(
        `/api/sla/officers?office=${OFFICE}&month=${MONTH}`,
      )
    ).rows;
    const page = (await get<Page>(`/api/dash/petugas?office=${OFFICE}&period=month&month=${MONTH}`)).sections.find(
      (s) => s.id === 'officers',
    )!.rows as unknown as (Omit<OfficerRow, 'role'> & { role: string | null; open_now: number })[];
    expect(report.officers.length).toBeGreaterThan(5);
    // by role (none: '-'), then officer
    const key = (x: { role: string | null; officer: string }) => `${x.role ?? '-'}\u0000${x.officer}`;
    expect(report.officers.map(key)).toEqual(report.officers.map(key).sort());
    expect(report.officers.map(key).sort()).toEqual(api.map(key).sort());
    for (const o of report.officers) {
      const a = api.find((x) => x.officer === o.officer)!;
      expect([a.visits, a.open_visits]).toEqual([o.visits, o.open_visits]);
      const p = page.find((x) => x.officer === o.officer)!;
      const fields = ['visits', 'median_handling_min', 'p90_handling_min', 'within_quota_pct', 'breaches'] as const;
      expect(
        fields.map((f) => o[f]),
        o.officer,
      ).toEqual(fields.map((f) => p[f]));
      // the month of the data's as-of: work open at its end is the work open now
      expect(o.open_visits, o.officer).toBe(p.open_now);
    }
  });

  it('the IKM: the report prints the SKM page figures', async () => {
    const skm = (await get<Page>(`/api/dash/skm?office=${OFFICE}&period=month&month=${MONTH}`)).sections.find(
      (s) => s.id === 'ikm_unsur',
    )!;
    const ikm = report.ikm!;
    expect(ikm.respondents).toBeGreaterThan(0);
    expect(skm.notes).toContain(
      `${ikm.respondents} responden; populasi ${ikm.population} berkas selesai; sampel minimal (Krejcie–Morgan) ${ikm.required_sample}: ${ikm.sample_adequate ? 'cukup' : 'belum cukup'}.`,
    );
    expect(
      skm.notes!.some((n) =>
        n.startsWith(`IKM ${id(ikm.ikm_converted_rounded, 2)} — mutu ${ikm.grade} (${ikm.label})`),
      ),
    ).toBe(true);
    const fields = ['unsur', 'unsur_name', 'respondents', 'nrr', 'grade', 'follow_up'] as const;
    const pick = (x: object) => fields.map((f) => (x as Record<string, unknown>)[f]);
    expect(report.unsur.map(pick)).toEqual(skm.rows.map(pick));
    expect(report.unsur).toHaveLength(9);
  });

  it('the waiting products: the report counts the Ringkasan letters due', async () => {
    const r = (await get<Page>(`/api/dash/ringkasan?office=${OFFICE}&period=month&month=${MONTH}`)).sections.find(
      (s) => s.id === 'letters_due',
    )!;
    const waiting = report.uncollectedByService.reduce((n, x) => n + x.waiting, 0);
    expect(waiting).toBeGreaterThan(10);
    expect(r.notes).toContain(`Menampilkan 10 dari ${id(waiting)}.`);
    // the month's letters are among them, each counted as due this month
    const due = report.uncollectedByService.reduce((n, x) => n + x.due_this_month, 0);
    expect(report.uncollected).toHaveLength(due);
    for (const u of report.uncollected) expect(u.letter_due.slice(0, 7)).toBe(MONTH);
    const longest = Math.max(...report.uncollectedByService.map((x) => x.max_days_waiting));
    expect(longest).toBe((r.rows[0] as unknown as { days_waiting: number }).days_waiting);
  });
});
