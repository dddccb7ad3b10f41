import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parseCsv } from '../../src/csv.js';
import type { Database } from '../../src/db/database.js';
import { demoDb } from '../helpers.js';

/**
 * The lists behind the figures (issue #25 §2) over the demo's events and complaints, May 2026 at
 * Pekanbaru (Asia/Jakarta, +07:00 all year): each drill-down filter of the Berkas and Pengaduan
 * pages returns exactly the rows picked here in JavaScript from the plain rows of step_visits,
 * case_sla, complaint_register and complaints (local month = the instant + 7 h), and as many as
 * the figure it stands behind (the Tahapan bar, the Petugas row, the Tren month, the channel and
 * category rows); its pages put together are all its rows, and its CSV holds all of them.
 */
let db: Database;
let app: FastifyInstance;
const MONTH = '2026-05';
const Q = `office=pekanbaru&period=month&month=${MONTH}`;
const localMonth = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 7);

interface Section {
  id: string;
  title: string;
  rows: Record<string, unknown>[];
  columns: { field: string; label: string; link?: string }[];
  empty: string | null;
  notes: string[];
  more?: { href: string; text: string } | null;
  pager?: {
    page: number;
    pages: number;
    total: number;
    page_size: number;
    text: string;
    prev: string | null;
    next: string | null;
  } | null;
  csv?: string | null;
}
/** The data URL of a page's URL (`/berkas?…#x` → `/api/dash/berkas?…`). */
const api = (href: string) =>
  (href.startsWith('/api/') ? href : `/api/dash${href.startsWith('/?') ? '/ringkasan' : ''}${href}`).replace(
    /#.*$/,
    '',
  );
async function page(url: string): Promise<{ sections: Section[] }> {
  const r = await app.inject({ method: 'GET', url: api(url) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
async function sec(url: string, id: string): Promise<Section> {
  const s = (await page(url)).sections.find((x) => x.id === id);
  expect(s, `${id} of ${url}`).toBeDefined();
  return s!;
}
/** Every row of a list, page after page by its next links. */
async function allPages(url: string, id: string): Promise<{ rows: Record<string, unknown>[]; pages: Section[] }> {
  const pages: Section[] = [];
  let next: string | null = url;
  while (next) {
    const s = await sec(next, id);
    pages.push(s);
    next = s.pager?.next ?? null;
  }
  return { rows: pages.flatMap((p) => p.rows), pages };
}
async function csvRows(s: Section): Promise<string[][]> {
  const r = await app.inject({ method: 'GET', url: s.csv! });
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/csv/);
  return parseCsv(r.body);
}

beforeAll(async () => {
  db = await demoDb();
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

describe('Berkas: the rows behind a step, a desk and a month', () => {
  it("a Tahapan step's bar leads to its visits over quota: exactly those, as many and as much as the bar", async () => {
    const tahapan = await sec(`/api/dash/tahapan?${Q}`, 'step_time');
    // the step with the most time over quota (the bottleneck of its service)
    const step = [...tahapan.rows].sort((a, b) => Number(b.over_min_total ?? 0) - Number(a.over_min_total ?? 0))[0]!;
    expect(Number(step.over_min_total)).toBeGreaterThan(0);
    const href = String(step.href);
    expect(href).toBe(
      `/berkas?office=pekanbaru&service=${step.service}&period=month&month=${MONTH}&step=${step.step}#step_visits`,
    );
    const raw = (
      await db.all<{ case_id: string; visit_no: number; over_min: number | null; clock: string; c: number | null }>(
        `select case_id, visit_no, over_min, clock, epoch_ms(completed_at) as c from step_visits where office = 'pekanbaru' and service = $s and step = $st`,
        { s: String(step.service), st: String(step.step) },
      )
    ).filter(
      (v) => v.c != null && localMonth(Number(v.c)) === MONTH && v.clock !== 'applicant' && (v.over_min ?? 0) > 0,
    );
    const expected = raw.map((v) => `${v.case_id}#${v.visit_no}`).sort();
    expect(expected.length).toBeGreaterThan(3);
    const url = `${href.replace(/#.*$/, '')}&page_size=3`;
    const { rows, pages } = await allPages(url, 'step_visits');
    expect(pages.length).toBe(Math.ceil(expected.length / 3));
    expect(pages[0]!.pager!.text).toBe(`Halaman 1 dari ${pages.length} · ${expected.length} baris`);
    expect(pages[0]!.pager!.prev).toBeNull();
    expect(pages[1]!.pager!.prev).toBe(`${url}#step_visits`);
    expect(pages[1]!.pager!.next).toBe(
      pages.length > 2 ? `${href.replace(/#.*$/, '')}&page_size=3&page=3#step_visits` : null,
    );
    expect(rows.map((r) => `${r.case_id}#${r.visit_no}`).sort()).toEqual(expected);
    // the largest first; their sum is the bar's total over quota
    const over = rows.map((r) => Number(r.over_min));
    expect(over).toEqual([...over].sort((a, b) => b - a));
    expect(over.reduce((a, b) => a + b, 0)).toBeCloseTo(Number(step.over_min_total), 6);
    // each row opens its case's card with the filters of the page
    expect(rows[0]!.href).toBe(
      `/berkas?office=pekanbaru&service=${step.service}&period=month&month=${MONTH}&case=${rows[0]!.case_id}#timeline`,
    );
    // the CSV holds every row, headed by the labels
    const csv = await csvRows(pages[0]!);
    expect(csv[0]).toEqual(pages[0]!.columns.map((c) => c.label));
    expect(csv.length - 1).toBe(expected.length);
    expect(
      csv
        .slice(1)
        .map((r) => `${r[0]}#${r[4]}`)
        .sort(),
    ).toEqual(expected);
  });

  it('a Petugas desk leads to the visits it handed on in the period: as many as its row counts', async () => {
    const officers = await sec(`/api/dash/petugas?${Q}`, 'officers');
    const desk = [...officers.rows].sort((a, b) => Number(b.visits) - Number(a.visits))[0]!;
    expect(String(desk.href)).toBe(
      `/berkas?office=pekanbaru&period=month&month=${MONTH}&officer=${desk.officer}#officer_visits`,
    );
    const raw = (
      await db.all<{ case_id: string; visit_no: number; clock: string; c: number | null }>(
        `select case_id, visit_no, clock, epoch_ms(completed_at) as c from step_visits where office = 'pekanbaru' and officer = $o`,
        { o: String(desk.officer) },
      )
    ).filter((v) => v.c != null && localMonth(Number(v.c)) === MONTH && v.clock !== 'applicant');
    expect(raw.length).toBe(Number(desk.visits));
    const { rows } = await allPages(`${String(desk.href).replace(/#.*$/, '')}&page_size=500`, 'officer_visits');
    expect(rows.map((r) => `${r.case_id}#${r.visit_no}`).sort()).toEqual(
      raw.map((v) => `${v.case_id}#${v.visit_no}`).sort(),
    );
  });

  it('a Tren month leads to the cases submitted in it, that month as the period', async () => {
    const trend = await sec(`/api/dash/tren?${Q}`, 'trend');
    const row = trend.rows.find((r) => String(r.month).startsWith(MONTH))!;
    expect(String(row.href)).toBe(
      `/berkas?office=pekanbaru&period=month&month=${MONTH}&list=submitted#submitted_cases`,
    );
    const raw = (
      await db.all<{ case_id: string; s: number }>(
        `select case_id, epoch_ms(submitted_at) as s from case_sla where office = 'pekanbaru'`,
      )
    ).filter((c) => localMonth(Number(c.s)) === MONTH);
    expect(raw.length).toBe(Number(row.submitted));
    const first = await sec(String(row.href).replace(/#.*$/, ''), 'submitted_cases');
    expect(first.pager!.total).toBe(raw.length);
    expect(first.rows.length).toBe(Math.min(50, raw.length));
    const { rows } = await allPages(String(row.href).replace(/#.*$/, ''), 'submitted_cases');
    expect(rows.map((r) => String(r.case_id)).sort()).toEqual(raw.map((c) => c.case_id).sort());
    const csv = await csvRows(first);
    expect(csv.length - 1).toBe(raw.length);
  });

  it('the open and late lists page through all their rows (no "100 of 114" dead end)', async () => {
    const berkas = await page(`/api/dash/berkas?office=all&period=year&year=2026`);
    const open = berkas.sections.find((s) => s.id === 'open_cases')!;
    const total = (await db.one<{ n: number }>(`select count(*) as n from case_sla where status = 'in_progress'`))!.n;
    expect(open.rows.length).toBe(Math.min(100, Number(total)));
    if (Number(total) > 100)
      expect(open.more!.href).toBe('/berkas?office=all&period=year&year=2026&list=open#open_cases');
    const { rows } = await allPages('/berkas?office=all&period=year&year=2026&list=open&page_size=100', 'open_cases');
    expect(rows.length).toBe(Number(total));
    expect(new Set(rows.map((r) => `${r.office}/${r.case_id}`)).size).toBe(Number(total));
  });
});

describe("Pengaduan: the complaints behind a channel or a category, and a complaint's history", () => {
  interface Raw {
    complaint_id: string;
    channel: string;
    category: string;
    r: number;
  }
  let raw: Raw[];
  beforeAll(async () => {
    raw = (
      await db.all<Raw>(
        `select complaint_id, channel, category, epoch_ms(received_at) as r from complaint_register where office = 'pekanbaru'`,
      )
    ).filter((c) => localMonth(Number(c.r)) >= '2026-01' && localMonth(Number(c.r)) <= MONTH);
  });

  it('a channel row leads to the complaints it counts, by its label', async () => {
    const channels = await sec(`/api/dash/pengaduan?${Q}`, 'channels');
    const row = channels.rows[0]!;
    const code = String(row.code);
    expect(row.key).not.toBe(code.includes('_') ? code : '');
    expect(String(row.href)).toBe(
      `/pengaduan?office=pekanbaru&period=month&month=${MONTH}&channel=${code}#complaint_list`,
    );
    const expected = raw
      .filter((c) => c.channel === code)
      .map((c) => c.complaint_id)
      .sort();
    expect(expected.length).toBe(Number(row.ytd_received));
    const { rows, pages } = await allPages(`${String(row.href).replace(/#.*$/, '')}&page_size=4`, 'complaint_list');
    expect(rows.map((r) => String(r.complaint_id)).sort()).toEqual(expected);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set([row.key]));
    expect((await csvRows(pages[0]!)).length - 1).toBe(expected.length);
  });

  it('a month of the resolution chart leads to the complaints received in it', async () => {
    const months = await sec(`/api/dash/pengaduan?${Q}`, 'complaints');
    const row = months.rows.find((r) => String(r.month).startsWith('2026-03'))!;
    expect(String(row.href)).toBe(
      '/pengaduan?office=pekanbaru&period=month&month=2026-03&list=received#complaint_list',
    );
    const expected = raw
      .filter((c) => localMonth(Number(c.r)) === '2026-03')
      .map((c) => c.complaint_id)
      .sort();
    expect(expected.length).toBe(Number(row.received));
    const { rows } = await allPages(`${String(row.href).replace(/#.*$/, '')}&page_size=5`, 'complaint_list');
    expect(rows.map((r) => String(r.complaint_id)).sort()).toEqual(expected);
  });

  it('the categories read ringan, sedang, berat, each leading to its complaints', async () => {
    const cats = await sec(`/api/dash/pengaduan?${Q}`, 'categories');
    const codes = cats.rows.map((r) => String(r.code));
    expect(codes).toEqual(['ringan', 'sedang', 'berat'].filter((c) => codes.includes(c)));
    expect(cats.rows.map((r) => r.key)).toEqual(codes.map((c) => c[0]!.toUpperCase() + c.slice(1)));
    for (const r of cats.rows) {
      const s = await sec(`/api/dash/pengaduan?${Q}&category=${r.code}&page_size=500`, 'complaint_list');
      expect(s.pager!.total).toBe(Number(r.ytd_received));
      expect(s.rows.map((x) => String(x.complaint_id)).sort()).toEqual(
        raw
          .filter((c) => c.category === r.code)
          .map((c) => c.complaint_id)
          .sort(),
      );
    }
  });

  it('a complaint leads to its stage history, in the order of the register, by stage labels', async () => {
    const list = await sec(`/api/dash/pengaduan?${Q}&category=berat&page_size=500`, 'complaint_list');
    // a complaint with the most stage rows
    const counts = await db.all<{ id: string; n: number }>(
      `select complaint_id as id, count(*) as n from complaints where office = 'pekanbaru' group by 1`,
    );
    const many = new Map(counts.map((c) => [c.id, Number(c.n)]));
    const c = [...list.rows].sort(
      (a, b) => (many.get(String(b.complaint_id)) ?? 0) - (many.get(String(a.complaint_id)) ?? 0),
    )[0]!;
    expect(String(c.href)).toBe(
      `/pengaduan?office=pekanbaru&period=month&month=${MONTH}&complaint=${c.complaint_id}#complaint_history`,
    );
    const stages = (
      await db.all<{ stage: string; t: number }>(
        `select stage, epoch_ms(stage_at) as t from complaints where office = 'pekanbaru' and complaint_id = $id`,
        { id: String(c.complaint_id) },
      )
    ).map((s) => ({ ...s, t: Number(s.t) }));
    const order = [
      'diterima',
      'cek_administrasi',
      'survei_lapangan',
      'koordinasi_internal',
      'koordinasi_instansi',
      'selesai',
    ];
    const label: Record<string, string> = {
      diterima: 'Diterima',
      cek_administrasi: 'Cek administrasi',
      survei_lapangan: 'Survei lapangan',
      koordinasi_internal: 'Koordinasi internal',
      koordinasi_instansi: 'Koordinasi antarinstansi',
      selesai: 'Selesai',
    };
    stages.sort((a, b) => a.t - b.t || order.indexOf(a.stage) - order.indexOf(b.stage));
    expect(stages.length).toBeGreaterThan(1);
    const h = await sec(String(c.href).replace(/#.*$/, ''), 'complaint_history');
    expect(h.rows.map((r) => r.stage)).toEqual(stages.map((s) => label[s.stage]));
    expect(h.rows.map((r) => Date.parse(String(r.stage_at)))).toEqual(stages.map((s) => s.t));
    // no complainant on the page
    expect(JSON.stringify(h)).not.toMatch(/complainant/);
    const none = await sec(`/api/dash/pengaduan?${Q}&complaint=NOPE-1`, 'complaint_history');
    expect(none.empty).toBe('Pengaduan NOPE-1 tidak ditemukan.');
  });
});

describe('Ringkasan: each tile leads to the rows behind it', () => {
  it('late cases, the trend, overdue cases, complaints, the survey; the overdue list as long as the tile', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/dash/ringkasan?${Q}` });
    const tiles = r.json().tiles as { id: string; value: number | null; href: string }[];
    expect(Object.fromEntries(tiles.map((t) => [t.id, t.href]))).toEqual({
      within_quota_pct: `/berkas?${Q}&list=late#late_cases`,
      median_elapsed_days: `/tren?${Q}#trend`,
      overdue_now: `/berkas?${Q}&list=overdue#overdue_cases`,
      complaint_ytd_rate: `/pengaduan?${Q}#complaints`,
      ikm: `/skm?${Q}#ikm_unsur`,
    });
    const overdue = tiles.find((t) => t.id === 'overdue_now')!;
    const list = await sec(overdue.href, 'overdue_cases');
    expect(list.pager!.total).toBe(overdue.value);
  });
});

describe('Berkas: the first rows and the whole lists agree', () => {
  it('the late cases of the period: the list is as long as the count beside the first rows, and a desk of the Ringkasan leads to its visits', async () => {
    const q = 'office=pekanbaru&period=year&year=2026';
    const first = await sec(`/api/dash/berkas?${q}`, 'late_cases');
    const total = Number(/dari ([\d.]+)/.exec(first.notes[0]!)![1]!.replace(/\./g, ''));
    const raw = (
      await db.all<{ case_id: string; r: number | null; w: boolean | null }>(
        `select case_id, epoch_ms(ready_at) as r, within_quota as w from case_sla where office = 'pekanbaru'`,
      )
    ).filter((c) => c.w === false && c.r != null && localMonth(Number(c.r)).startsWith('2026'));
    expect(total).toBe(raw.length);
    const { rows } = await allPages(`/berkas?${q}&list=late&page_size=200`, 'late_cases');
    expect(rows.map((r) => String(r.case_id)).sort()).toEqual(raw.map((c) => c.case_id).sort());
    // the first rows are the whole list's first rows (largest excess first)
    expect(first.rows.map((r) => r.case_id)).toEqual(rows.slice(0, first.rows.length).map((r) => r.case_id));
    const desks = await sec(`/api/dash/ringkasan?${Q}`, 'top_desks');
    for (const d of desks.rows)
      expect(d.href).toBe(`/berkas?office=pekanbaru&period=month&month=${MONTH}&officer=${d.officer}#officer_visits`);
  });

  it('a page past the last has no rows and links back to the last; the chart data of the queue chart carry the links too', async () => {
    const s = await sec(`/api/dash/berkas?${Q}&list=submitted&page=999`, 'submitted_cases');
    expect(s.rows).toEqual([]);
    expect(s.pager!.next).toBeNull();
    const last = s.pager!.pages;
    expect(s.pager!.prev).toBe(`/berkas?${Q}&list=submitted${last > 1 ? `&page=${last}` : ''}#submitted_cases`);
    const queue = await sec(`/api/dash/tahapan?${Q}`, 'queue_handling');
    const values = (queue as unknown as { spec: { data: { values: { href?: string }[] } } }).spec.data.values;
    expect(values.length).toBeGreaterThan(0);
    expect(
      values.every((v) => typeof v.href === 'string' && v.href.startsWith('/berkas?') && v.href.includes('&step=')),
    ).toBe(true);
  });
});
