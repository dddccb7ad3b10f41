import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { monthAsOf } from '../../src/complaints/complaints.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { loadFile } from '../../src/ingest/load.js';
import { demoDb, openTestDb } from '../helpers.js';

/**
 * The lists below the Ringkasan's tiles (issue #25 §1) over the demo's events and complaints:
 * the cases overdue as at the period, the complaints past their deadline and the products whose
 * letter is due, each row linked. The expected rows are made here in JavaScript from the instants
 * of case_sla / complaint_register and the rows of uncollected_products (the month's end at local
 * midnight, Asia/Jakarta +07:00), not through the page's SQL. The bottleneck and desk lists over
 * the hand-computed FULL-1 are in test/sla/bottleneck.test.ts.
 */
let db: Database;
let app: FastifyInstance;
interface CaseRow {
  case_id: string;
  submitted_at: number;
  due_at: number | null;
  ready_at: number | null;
  cancelled_at: number | null;
  as_of: number;
}
let cases: CaseRow[];
const ms = (x: unknown) => (x == null ? null : Number(x));

beforeAll(async () => {
  db = await demoDb();
  await buildSummaries(db);
  app = await buildApp({ db });
  cases = (
    await db.all<Record<string, unknown>>(
      `select case_id, epoch_ms(submitted_at) as s, epoch_ms(due_at) as d, epoch_ms(ready_at) as r, epoch_ms(cancelled_at) as c, epoch_ms(a.as_of) as a
       from case_sla join office_as_of() a using (office) where office = 'pekanbaru'`,
    )
  ).map((r) => ({
    case_id: String(r.case_id),
    submitted_at: ms(r.s)!,
    due_at: ms(r.d),
    ready_at: ms(r.r),
    cancelled_at: ms(r.c),
    as_of: ms(r.a)!,
  }));
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

interface Section {
  id: string;
  title: string;
  rows: Record<string, unknown>[];
  columns: { field: string; link?: string }[];
  empty: string | null;
  notes: string[];
  more?: { href: string; text: string } | null;
  pager?: { page: number; pages: number; total: number; prev: string | null; next: string | null; text: string } | null;
}
async function page(url: string): Promise<{ tiles: { id: string; value: number | null }[]; sections: Section[] }> {
  const r = await app.inject({ method: 'GET', url });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
const sec = (p: { sections: Section[] }, id: string) => {
  const s = p.sections.find((x) => x.id === id);
  expect(s, id).toBeDefined();
  return s!;
};

/** The cases overdue at the local midnight starting `day` (or at as-of if earlier), by due time then id. */
function overdueAt(day: string): CaseRow[] {
  const end = Date.parse(`${day}T00:00:00+07:00`);
  return cases
    .filter((r) => {
      const at = Math.min(end, r.as_of);
      return (
        r.submitted_at < at &&
        r.due_at != null &&
        r.due_at < at &&
        (r.ready_at == null || r.ready_at >= at) &&
        (r.cancelled_at == null || r.cancelled_at >= at)
      );
    })
    .sort((a, b) => a.due_at! - b.due_at! || (a.case_id < b.case_id ? -1 : 1));
}

describe('Ringkasan: the cases overdue as at the period', () => {
  it('May 2026 (demo): every overdue case by due time, linked to its kartu kendali; as many as the tile', async () => {
    const expected = overdueAt('2026-06-01');
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThanOrEqual(10);
    const q = 'office=pekanbaru&period=month&month=2026-05';
    const p = await page(`/api/dash/ringkasan?${q}`);
    expect(p.tiles.find((t) => t.id === 'overdue_now')!.value).toBe(expected.length);
    const s = sec(p, 'overdue_cases');
    expect(s.rows.map((r) => r.case_id)).toEqual(expected.map((r) => r.case_id));
    expect(s.rows.map((r) => r.href)).toEqual(
      expected.map((r) => `/berkas?${q}&case=${encodeURIComponent(r.case_id)}#timeline`),
    );
    expect(s.columns.find((c) => c.field === 'case_id')!.link).toBe('href');
    expect(s.notes).toEqual([`Menampilkan ${expected.length} dari ${expected.length}.`]);
    // all of them shown: no "semua N"
    expect(s.more).toBeNull();
  });

  it('a range (the live query) gives the same rows as the month (the summaries)', async () => {
    const expected = overdueAt('2026-06-01');
    const s = sec(
      await page('/api/dash/ringkasan?office=pekanbaru&period=range&from=2026-05-01&to=2026-05-31'),
      'overdue_cases',
    );
    expect(s.rows.map((r) => r.case_id)).toEqual(expected.map((r) => r.case_id));
  });
});

describe('Ringkasan: more than ten overdue cases', () => {
  /*
   * Hand-made: twelve SIKTG cases (quota 2 hari kerja) submitted on Tuesday 2 June 2026 from
   * 08:30, twenty minutes apart, each left at S2 (open); OD-13 submitted on 30 June 10:00 is the
   * latest transition (as-of). At June's end (as-of 30 June 10:05) OD-01 … OD-12 are past due
   * (about 4 June), OD-13 is not: twelve, the tile's count; the list shows OD-01 … OD-10 and
   * links "Semua 12 berkas terlambat" to the Berkas page, which lists all twelve. May: none.
   */
  let fdb: Database;
  let fapp: FastifyInstance;
  let dir: string;
  const ids = Array.from({ length: 12 }, (_, i) => `OD-${String(i + 1).padStart(2, '0')}`);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sla-overdue-'));
    const at = (day: string, min: number) =>
      `${day}T${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00+07:00`;
    const lines = ['case_id,office,service,step,event,at,officer,note'];
    ids.forEach((id, i) => {
      const t = 8 * 60 + 30 + 20 * i;
      lines.push(
        `${id},pekanbaru,SIKTG,S1,start,${at('2026-06-02', t)},,`,
        `${id},pekanbaru,SIKTG,S1,complete,${at('2026-06-02', t + 5)},,`,
        `${id},pekanbaru,SIKTG,S2,start,${at('2026-06-02', t + 10)},PKU-FO-01,`,
      );
    });
    lines.push(
      `OD-13,pekanbaru,SIKTG,S1,start,${at('2026-06-30', 600)},,`,
      `OD-13,pekanbaru,SIKTG,S1,complete,${at('2026-06-30', 605)},,`,
    );
    writeFileSync(join(dir, 'events.csv'), `${lines.join('\n')}\n`);
    fdb = await openTestDb();
    await loadFile(fdb, { kind: 'events', path: join(dir, 'events.csv') });
    fapp = await buildApp({ db: fdb });
  });
  afterAll(async () => {
    await fapp?.close();
    fdb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const fpage = async (url: string) => {
    const r = await fapp.inject({ method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { tiles: { id: string; value: number | null; previous: number | null }[]; sections: Section[] };
  };

  it('June 2026: the first ten, "Semua 12" to the Berkas page listing all twelve', async () => {
    const q = 'office=pekanbaru&period=month&month=2026-06';
    const p = await fpage(`/api/dash/ringkasan?${q}`);
    const tile = p.tiles.find((t) => t.id === 'overdue_now')!;
    expect([tile.value, tile.previous]).toEqual([12, 0]);
    const s = sec(p, 'overdue_cases');
    expect(s.rows.map((r) => r.case_id)).toEqual(ids.slice(0, 10));
    expect(s.rows[0]!.href).toBe(`/berkas?${q}&case=OD-01#timeline`);
    expect(s.notes).toEqual(['Menampilkan 10 dari 12.']);
    expect(s.more).toEqual({ href: `/berkas?${q}&list=overdue#overdue_cases`, text: 'Semua 12 berkas terlambat' });
    const all = sec(await fpage(`/api/dash/berkas?${q}&list=overdue`), 'overdue_cases');
    expect(all.rows.map((r) => r.case_id)).toEqual(ids);
    // a page at a time (issue #25 §2): one page of twelve
    expect(all.pager).toMatchObject({
      page: 1,
      pages: 1,
      total: 12,
      prev: null,
      next: null,
      text: 'Halaman 1 dari 1 · 12 baris',
    });
    // without list=overdue the Berkas page has no such section
    expect((await fpage(`/api/dash/berkas?${q}`)).sections.some((x) => x.id === 'overdue_cases')).toBe(false);
  });

  it('May 2026: none, said in words', async () => {
    const s = sec(await fpage('/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-05'), 'overdue_cases');
    expect([s.rows, s.empty, s.more]).toEqual([[], 'Tidak ada berkas yang terlambat.', null]);
  });
});

describe('Ringkasan: complaints past their deadline', () => {
  it('the complaints open at the end of the month and past their resolve deadline, oldest first, linked to the Pengaduan page', async () => {
    const month = '2025-10';
    const asOf = Date.parse(await monthAsOf(db, 'pekanbaru', month));
    const reg = await db.all<Record<string, unknown>>(
      `select complaint_id, epoch_ms(received_at) as rec, epoch_ms(resolved_at) as res, epoch_ms(resolve_due_at) as due from complaint_register where office = 'pekanbaru'`,
    );
    const expected = reg
      .filter((r) => ms(r.rec)! <= asOf && (r.res == null || ms(r.res)! > asOf) && r.due != null && asOf > ms(r.due)!)
      .sort((a, b) => ms(a.rec)! - ms(b.rec)! || (String(a.complaint_id) < String(b.complaint_id) ? -1 : 1))
      .map((r) => String(r.complaint_id));
    expect(expected.length).toBeGreaterThan(0);
    const q = `office=pekanbaru&period=month&month=${month}`;
    const s = sec(await page(`/api/dash/ringkasan?${q}`), 'overdue_complaints');
    expect(s.rows.map((r) => r.complaint_id)).toEqual(expected.slice(0, 10));
    // each leads to its stage history (issue #25 §2)
    expect(s.rows.map((r) => r.href)).toEqual(
      s.rows.map((r) => `/pengaduan?${q}&complaint=${r.complaint_id}#complaint_history`),
    );
    expect(s.rows.every((r) => r.deadline_status === 'overdue')).toBe(true);
  });
});

describe('Ringkasan: products waiting more than a month', () => {
  it('the products whose letter fell due by the end of the period, the longest waiting first, linked to their card', async () => {
    const u = await db.all<{ case_id: string; days_waiting: number; letter_due: string }>(
      "select case_id, days_waiting, strftime(letter_due, '%Y-%m-%d') as letter_due from uncollected_products where office = 'pekanbaru'",
    );
    const latest = await db.one<{ m: string }>(
      "select strftime(as_of at time zone 'Asia/Jakarta', '%Y-%m') as m from office_as_of() where office = 'pekanbaru'",
    );
    const [y, mo] = latest!.m.split('-').map(Number) as [number, number];
    const end = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
    const expected = u
      .filter((r) => r.letter_due < end)
      .sort((a, b) => Number(b.days_waiting) - Number(a.days_waiting) || (a.case_id < b.case_id ? -1 : 1))
      .map((r) => r.case_id);
    expect(expected.length).toBeGreaterThan(0);
    const q = `office=pekanbaru&period=month&month=${latest!.m}`;
    const s = sec(await page(`/api/dash/ringkasan?${q}`), 'letters_due');
    expect(s.rows.map((r) => r.case_id)).toEqual(expected.slice(0, 10));
    expect(s.rows.map((r) => r.href)).toEqual(
      expected.slice(0, 10).map((id) => `/berkas?${q}&case=${encodeURIComponent(id)}#timeline`),
    );
    expect(s.notes).toEqual([`Menampilkan ${Math.min(10, expected.length)} dari ${expected.length}.`]);
  });
});

describe('Ringkasan sparklines: twelve months, each as its month tile', () => {
  interface Tile {
    id: string;
    value: number | null;
    trend: { months: string[]; values: (number | null)[]; text: string; spec: Record<string, unknown> | null } | null;
  }
  const tilesOf = async (q: string) => (await page(`/api/dash/ringkasan?${q}`)).tiles as unknown as Tile[];
  const ids = ['within_quota_pct', 'median_elapsed_days', 'overdue_now', 'complaint_ytd_rate', 'ikm'];

  it("October 2026 at Pekanbaru: November 2025 … October 2026; the values of three months equal those months' tiles", async () => {
    const cur = await tilesOf('office=pekanbaru&period=month&month=2026-10');
    const months = [
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ].map((m) => `${m}-01`);
    for (const t of cur) {
      expect(t.trend, t.id).not.toBeNull();
      expect(t.trend!.months, t.id).toEqual(months);
      // the last month is the period itself
      expect(t.trend!.values[11], t.id).toBe(t.value);
    }
    const compared = new Map<string, (number | null)[]>(ids.map((id) => [id, []]));
    for (const m of ['2025-11', '2026-03', '2026-07']) {
      const then = await tilesOf(`office=pekanbaru&period=month&month=${m}`);
      const i = months.indexOf(`${m}-01`);
      for (const id of ids) {
        const value = then.find((t) => t.id === id)!.value;
        expect(cur.find((t) => t.id === id)!.trend!.values[i], `${id} ${m}`).toBe(value);
        compared.get(id)!.push(value);
      }
    }
    // every tile compared on a value, not only on "none" (the demo has complaints and surveys loaded)
    for (const [id, values] of compared)
      expect(
        values.some((v) => v != null),
        id,
      ).toBe(true);
    // the figures move over the year (a constant series could hide a wrong month)
    for (const id of ['within_quota_pct', 'median_elapsed_days', 'overdue_now'])
      expect(new Set(cur.find((t) => t.id === id)!.trend!.values).size, id).toBeGreaterThan(1);
  });

  it('a year ends its series with December, and the sentence names the first and the last value', async () => {
    const year = await tilesOf('office=pekanbaru&period=year&year=2025');
    const dec = await tilesOf('office=pekanbaru&period=month&month=2025-12');
    const within = year.find((t) => t.id === 'within_quota_pct')!.trend!;
    expect(within.months[0]).toBe('2025-01-01');
    expect(within.values[11]).toBe(dec.find((t) => t.id === 'within_quota_pct')!.value);
    const known = within.values.filter((v): v is number => v != null);
    const pct = (v: number) =>
      `${new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}%`;
    expect(within.text).toBe(
      `Tren 12 bulan (Januari 2025 – Desember 2025): dari ${pct(known[0]!)} ke ${pct(known[known.length - 1]!)}.`,
    );
    // the spec draws the twelve months, with the values of the series
    const spec = within.spec as { data: { values: { month: string; value: number | null }[] } };
    expect(spec.data.values.map((v) => v.value)).toEqual(within.values);
    const en = (await tilesOf('office=pekanbaru&period=year&year=2025&lang=en')).find(
      (t) => t.id === 'within_quota_pct',
    )!.trend!;
    expect(en.text).toMatch(/^12-month trend \(January 2025 – December 2025\): from \d+\.\d% to \d+\.\d%\.$/);
  });

  it('months before the data: no sparkline, the sentence says so', async () => {
    const t = (await tilesOf('office=pekanbaru&period=month&month=2020-01')).find((x) => x.id === 'within_quota_pct')!;
    expect(t.trend!.spec).toBeNull();
    expect(t.trend!.text).toBe('Tren 12 bulan (Februari 2019 – Januari 2020): belum ada data.');
  });
});

describe('Ringkasan lists: empty states and English', () => {
  it('a month before the data: every list says "Tidak ada …"; in English "No …"', async () => {
    const id = await page('/api/dash/ringkasan?office=pekanbaru&period=month&month=2020-01');
    const en = await page('/api/dash/ringkasan?office=pekanbaru&period=month&month=2020-01&lang=en');
    for (const s of ['bottlenecks', 'top_desks', 'overdue_cases', 'overdue_complaints', 'letters_due']) {
      expect(sec(id, s).rows, s).toEqual([]);
      expect(sec(id, s).empty, s).toMatch(/^Tidak ada /);
      expect(sec(en, s).empty, s).toMatch(/^No /);
    }
    expect(sec(en, 'overdue_cases').title).toBe('Overdue cases');
    expect(sec(en, 'letters_due').title).toBe('Products waiting more than a month (letters due)');
  });

  it('English links keep lang=en', async () => {
    const s = sec(
      await page('/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-05&lang=en'),
      'overdue_cases',
    );
    expect(String(s.rows[0]!.href)).toMatch(
      /^\/berkas\?office=pekanbaru&period=month&month=2026-05&lang=en&case=.+#timeline$/,
    );
    expect(s.notes[0]).toMatch(/^Showing \d+ of \d+\.$/);
  });
});
