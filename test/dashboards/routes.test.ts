/**
 * /api/dash/{page} over a small hand-made log, with figures computed by hand, the page cache
 * following every load, and clear errors for bad filters.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { addUser } from '../../src/auth/users.js';
import { loadFile } from '../../src/ingest/load.js';
import { openTestDb } from '../helpers.js';

const HEADER = 'case_id,office,service,step,event,at,officer,note\n';
let dir: string;
let db: Database;
let app: FastifyInstance;

async function load(name: string, rows: string) {
  const path = join(dir, name);
  writeFileSync(path, HEADER + rows);
  await loadFile(db, { kind: 'events', path });
}

async function get(url: string) {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
}

const section = (body: { sections: { id: string; rows: Record<string, unknown>[] }[] }, id: string) =>
  body.sections.find((s) => s.id === id)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sla-dash-routes-'));
  db = await openTestDb();
  app = await buildApp({ db });
  // SPEC §2.3 worked example: S2 from Friday 2026-05-29 15:50 to Tuesday 2026-06-02 08:10 WIB is
  // 40 + 0 (weekend) + 0 (1 June, Hari Lahir Pancasila) + 40 = 80 working minutes; quota 20 → excess 60.
  await load(
    'c1.csv',
    `C1,pekanbaru,SIKTG,S1,complete,2026-05-29T15:45:00+07:00,,
C1,pekanbaru,SIKTG,S2,start,2026-05-29T15:50:00+07:00,PKU-FO-01,
C1,pekanbaru,SIKTG,S2,complete,2026-06-02T08:10:00+07:00,PKU-FO-01,
`,
  );
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('/api/dash/{page}', () => {
  it('Tahapan: the worked example, and the cache follows a new load', async () => {
    const url = '/api/dash/tahapan?office=pekanbaru&service=SIKTG&period=month&month=2026-06';
    const first = await get(url);
    expect(first.status).toBe(200);
    const s2 = section(first.body, 'step_time').rows.find((r) => r.step === 'S2')!;
    expect(s2).toMatchObject({
      visits: 1,
      median_handling_min: 80,
      p90_handling_min: 80,
      quota_min: 20,
      excess_min_total: 60,
      within_quota_pct: 0,
    });
    // queue: S1 handed over 15:45, S2 started 15:50 → 5 working minutes
    expect(section(first.body, 'queue_handling').rows.find((r) => r.step === 'S2')).toMatchObject({
      visits_with_start: 1,
      median_queue_min: 5,
    });
    expect(first.body.sections[0].notes[0]).toContain('SIKTG S2');
    // the bottleneck (SPEC §2.3.9) by over_min = queue 5 + handling 80 − quota 20 = 65
    expect(first.body.sections[0].notes[0]).toContain('65 menit kerja');
    expect(s2).toMatchObject({ over_min_total: 65, bottleneck: true });
    // S1 is the applicant's step: not on the office's chart
    expect(section(first.body, 'step_time').rows.some((r) => r.step === 'S1')).toBe(false);

    // a second case: S2 08:00 → 08:10 on Wednesday 3 June, 10 minutes, within its quota
    await load(
      'c2.csv',
      `C2,pekanbaru,SIKTG,S1,complete,2026-06-03T07:55:00+07:00,,
C2,pekanbaru,SIKTG,S2,start,2026-06-03T08:00:00+07:00,PKU-FO-01,
C2,pekanbaru,SIKTG,S2,complete,2026-06-03T08:10:00+07:00,PKU-FO-01,
`,
    );
    const second = await get(url);
    const s2b = section(second.body, 'step_time').rows.find((r) => r.step === 'S2')!;
    // median of (10, 80) = 45; p90 = 10 + 0.9 × 70 = 73; half within quota; the excess stays 60
    expect(s2b).toMatchObject({
      visits: 2,
      median_handling_min: 45,
      quota_min: 20,
      excess_min_total: 60,
      within_quota_pct: 50,
    });
    expect(s2b.p90_handling_min as number).toBeCloseTo(73, 9);
  });

  it('Petugas: visits handed on in the month and work open now', async () => {
    const { body } = await get('/api/dash/petugas?office=pekanbaru&period=month&month=2026-06');
    const fo = section(body, 'officers').rows.find((r) => r.officer === 'PKU-FO-01')!;
    expect(fo).toMatchObject({ visits: 2, breaches: 1, within_quota_pct: 50, open_now: 0 });
  });

  it('Berkas: both cases are open; the kartu kendali carries the quota band of S2', async () => {
    const { body } = await get('/api/dash/berkas?office=pekanbaru&case=C1');
    expect(
      section(body, 'open_cases')
        .rows.map((r) => r.case_id)
        .sort(),
    ).toEqual(['C1', 'C2']);
    const s2 = section(body, 'timeline').rows.find((r) => r.step === 'S2')!;
    // 20 working minutes from the start at 15:50 Friday: 16:10 WIB the same day
    expect(s2.quota_end_at).toBe('2026-05-29T09:10:00.000Z');
    expect(s2.handling_min).toBe(80);
    expect(body.sections[0].spec).not.toBeNull();
  });

  it('Tren: twelve months to the end of the period; arrivals by local weekday and hour', async () => {
    const { body } = await get('/api/dash/tren?office=pekanbaru&period=month&month=2026-06');
    const months = section(body, 'trend').rows;
    expect(months.map((r) => r.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${i < 6 ? 2025 : 2026}-${String(((i + 6) % 12) + 1).padStart(2, '0')}-01`),
    );
    // C1 submitted Friday 29 May 15:45 WIB, C2 Wednesday 3 June 07:55 WIB; neither is ready
    expect(months.filter((r) => r.submitted).map((r) => [r.month, r.submitted])).toEqual([
      ['2026-05-01', 1],
      ['2026-06-01', 1],
    ]);
    expect(months.every((r) => r.ready === 0 && r.within_quota_pct === null)).toBe(true);
    expect(section(body, 'arrivals').rows.map((r) => [r.weekday, r.hour, r.arrivals])).toEqual([
      [3, 7, 1],
      [5, 15, 1],
    ]);
  });

  it('Pengaduan and SKM without data say so instead of failing', async () => {
    const p = await get('/api/dash/pengaduan?office=pekanbaru');
    expect(p.status).toBe(200);
    expect(p.body.sections.every((s: { empty: string | null; spec: unknown }) => s.empty && s.spec === null)).toBe(
      true,
    );
    const s = await get('/api/dash/skm?office=pekanbaru');
    expect(s.status).toBe(200);
    expect(s.body.sections[0].empty).toBe('Belum ada survei untuk periode ini.');
  });

  it('the period defaults to the month of the latest transition; quarters and ranges resolve to local dates', async () => {
    const m = await get('/api/dash/ringkasan?office=pekanbaru');
    expect(m.body.period).toMatchObject({
      kind: 'month',
      from: '2026-06-01',
      to: '2026-07-01',
      label: 'Juni 2026',
      previous_label: 'Mei 2026',
    });
    const q = await get('/api/dash/ringkasan?office=pekanbaru&period=quarter&quarter=2026-Q1&lang=en');
    expect(q.body.period).toMatchObject({
      from: '2026-01-01',
      to: '2026-04-01',
      label: 'Q1 2026',
      previous_label: 'Q4 2025',
    });
    const r = await get('/api/dash/ringkasan?office=pekanbaru&period=range&from=2026-05-25&to=2026-06-07');
    expect(r.body.period).toMatchObject({
      from: '2026-05-25',
      to: '2026-06-08',
      label: '25 Mei 2026 – 7 Juni 2026',
      previous_label: '11 Mei 2026 – 24 Mei 2026',
    });
  });

  it.each([
    ['/api/dash/ringkasan?office=nowhere', 'nowhere'],
    ['/api/dash/ringkasan?office=pekanbaru&service=IPTG', 'IPTG'],
    ['/api/dash/ringkasan?period=range&from=2026-06-10&to=2026-06-01', 'before'],
    ['/api/dash/ringkasan?period=week', 'period'],
    ['/api/dash/ringkasan?month=2026-13', 'month'],
    ['/api/dash/nope', 'page'],
    ['/tahapan?lang=fr', 'lang'],
  ])('%s → 400 naming %s', async (url, word) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBeTruthy();
    expect(r.body.error.message).toContain(word);
  });
});

describe('dashboards under access control (SPEC §4)', () => {
  let adb: Database;
  let aapp: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (who: string | null, url: string, accept = 'application/json') =>
    aapp.inject({
      method: 'GET',
      url,
      headers: { accept, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
    });

  beforeAll(async () => {
    adb = await openTestDb();
    const path = join(dir, 'c1-access.csv');
    writeFileSync(path, `${HEADER}C1,pekanbaru,SIKTG,S1,complete,2026-05-29T15:45:00+07:00,,\n`);
    await loadFile(adb, { kind: 'events', path });
    for (const [id, roles, offices] of [
      ['kadis', ['kepala_dinas'], ['pekanbaru']],
      ['kadis2', ['kepala_dinas'], ['pekanbaru', 'rokan-hilir']],
      ['aud', ['auditor'], undefined],
    ] as const) {
      tokens[id] = (
        await addUser(adb, { id, roles: [...roles], offices: offices ? [...offices] : undefined, token: true })
      ).token!;
    }
    aapp = await buildApp({ db: adb });
  });

  afterAll(async () => {
    await aapp?.close();
    adb?.close();
  });

  it('page data: viewers of their own offices only; the bundle is public', async () => {
    expect((await as(null, '/api/dash/ringkasan?office=pekanbaru')).statusCode).toBe(401);
    expect((await as('aud', '/api/dash/ringkasan?office=pekanbaru')).statusCode).toBe(403);
    expect((await as('kadis', '/api/dash/ringkasan?office=pekanbaru')).statusCode).toBe(200);
    expect((await as('kadis', '/api/dash/ringkasan?office=lampung-selatan')).statusCode).toBe(403);
    expect((await as('kadis2', '/api/dash/ringkasan?office=all')).statusCode).toBe(403);
    // a single office is filled in
    expect((await as('kadis', '/api/dash/ringkasan')).json().office).toBe('pekanbaru');
    const asset = await as(null, '/assets/vendor/vega.min.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('pages: the office always in the URL, only the caller’s offices offered', async () => {
    const r = await as('kadis2', '/tahapan?period=year&year=2026', 'text/html');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/tahapan?period=year&year=2026&office=pekanbaru');
    const page = await as('kadis2', '/tahapan?period=year&year=2026&office=pekanbaru', 'text/html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="rokan-hilir"');
    expect(page.body).not.toContain('value="lampung-selatan"');
    expect(page.body).not.toContain('value="all"');
    expect((await as('kadis2', '/tahapan?office=lampung-selatan', 'text/html')).statusCode).toBe(403);
    expect((await as('aud', '/tahapan?office=pekanbaru', 'text/html')).statusCode).toBe(403);
  });
});

describe('CSV downloads are neutralised against formulas (OWASP CSV injection, issue 23 part 4)', () => {
  // [value, field written]: text starting with = + - @ tab CR gets a leading ' (and quotes); text
  // with ; or a tab is quoted; numbers, booleans and other text are written as they are
  const table: Array<[unknown, string]> = [
    ['=HYPERLINK("http://x","klik")', `"'=HYPERLINK(""http://x"",""klik"")"`],
    ['+62 812 0000', `"'+62 812 0000"`],
    ['-', `"'-"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+2', `"'\t=1+2"`],
    ['\r=1+2', `"'\r=1+2"`],
    ['antre;=1+2', '"antre;=1+2"'],
    ['a,b', '"a,b"'],
    ['Antrian lama', 'Antrian lama'],
    ['2026-06-01T01:00:00.000Z', '2026-06-01T01:00:00.000Z'],
    [-5, '-5'],
    [12.5, '12.5'],
    [true, 'true'],
    [null, ''],
  ];

  it('the browser module and src/csv.ts write every value the same way', async () => {
    const { csvValue } = await import('../../src/dashboards/public/csv.js');
    const { csvField } = await import('../../src/csv.js');
    for (const [v, expected] of table) {
      expect(csvValue(v), JSON.stringify(v)).toBe(expected);
      if (typeof v === 'string') expect(csvField(v, true), JSON.stringify(v)).toBe(expected);
    }
    // csvField without `text` (numbers and dates as DuckDB writes them) is unchanged
    expect(csvField('-5')).toBe('-5');
  });

  it('the Pengaduan CSV of an open complaint with a formula for an id, and the module is served with the bundle', async () => {
    const cdb = await openTestDb();
    const capp = await buildApp({ db: cdb });
    try {
      const path = join(dir, 'complaints-formula.csv');
      writeFileSync(
        path,
        'complaint_id,office,received_at,channel,category,subject\n"=HYPERLINK(""http://x"")",pekanbaru,2026-06-01 09:00,loket,ringan,=1+2\n',
      );
      await loadFile(cdb, { kind: 'complaints', path });
      const r = await capp.inject({ method: 'GET', url: '/api/dash/pengaduan?office=pekanbaru&month=2026-06' });
      expect(r.statusCode, r.body).toBe(200);
      const open = r.json().sections.find((s: { id: string }) => s.id === 'open_complaints');
      expect(open.rows.map((x: { complaint_id: string }) => x.complaint_id)).toEqual(['=HYPERLINK("http://x")']); // the table shows the value as it is
      const { csvOf } = await import('../../src/dashboards/public/csv.js');
      const lines = csvOf(open.columns, open.rows).split('\r\n');
      expect(lines[1]!.startsWith(`"'=HYPERLINK(""http://x"")",`)).toBe(true);
      const mod = await capp.inject({ method: 'GET', url: '/assets/dash/csv.js' });
      expect(mod.statusCode).toBe(200);
      expect(mod.headers['content-type']).toMatch(/javascript/);
      expect((await capp.inject({ method: 'GET', url: '/assets/dash/main.js' })).body).toContain(
        "import { csvOf } from './csv.js';",
      );
    } finally {
      await capp.close();
      cdb.close();
    }
  });
});
