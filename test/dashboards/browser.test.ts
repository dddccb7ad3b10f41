/**
 * The dashboards in a real headless Chromium (Debian `chromium`, driven by playwright-core) over
 * the demo database built from sample-data/: every page loads with no console error, failed
 * request or CSP violation, every chart draws marks, a filter change changes the numbers shown
 * (checked against the API), the case timeline opens from the list. Screenshots of every page go
 * to test-artifacts/dashboards/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { monthAsOf } from '../../src/complaints/complaints.js';
import { complaintMonthAsOf } from '../../src/read/figures.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/store/open.js';
import { CSP } from '../../src/routes/csp.js';
import { launchChromium, listen, watchedPage } from '../browser.js';
import { demoDb, repoPath, writeDatabase } from '../helpers.js';

const artifacts = repoPath('test-artifacts/dashboards');
const pages = ['/', '/tahapan', '/petugas', '/tren', '/berkas', '/pengaduan', '/skm', '/perbandingan'];

let dir: string;
let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;

/** A page that records every console error or warning, uncaught error, failed request, HTTP error and CSP violation. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  return watchedPage(browser, { viewport: { width: 1280, height: 900 } }, { warnings: true });
}

/** Waits for the page script to finish; returns the CSP violations seen. */
async function ready(page: Page): Promise<string[]> {
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
  expect(await page.getAttribute('body', 'data-ready')).toBe('true');
  return page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);
}

/** Mark items drawn per chart (Vega scenegraph), keyed by section id. */
function drawnMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    interface Node {
      marktype?: string;
      role?: string;
      items?: Node[];
    }
    const views = (globalThis as unknown as { __dash: { views: Record<string, { scenegraph(): { root: Node } }> } })
      .__dash.views;
    const out: Record<string, number> = {};
    for (const [id, view] of Object.entries(views)) {
      let n = 0;
      const walk = (node: Node) => {
        for (const item of node.items ?? []) {
          if (node.role === 'mark' && node.marktype !== 'group') n += 1;
          walk(item);
        }
      };
      walk(view.scenegraph().root);
      out[id] = n;
    }
    return out;
  });
}

async function api(path: string) {
  const r = await app.inject({ method: 'GET', url: path });
  expect(r.statusCode, `${path}: ${r.body}`).toBe(200);
  return r.json();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sla-dash-'));
  // the demo database in a file: the run's copy of it (test/helpers.ts, the same files loaded the
  // same way as buildDemo loads them, which test/demo.test.ts runs) written out, not loaded again
  const path = join(dir, 'demo.duckdb');
  const demo = await demoDb();
  try {
    await writeDatabase(demo, path);
  } finally {
    demo.close();
  }
  db = await openDatabase(path);
  app = await buildApp({ db });
  base = await listen(app);
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dashboards in Chromium', () => {
  // the eight pages load one after another in one tab: a navigation in a tab keeps its renderer
  // process, a new tab starts one (~2 s of a page load on a busy machine); each test starts with
  // an empty list of problems, and the CSP list is the new page's own (browser.ts)
  let tab: Awaited<ReturnType<typeof openPage>> | undefined;
  afterAll(() => tab?.page.close());

  it.each(pages)('%s loads under the CSP with no error, every chart draws marks, one table per chart', async (path) => {
    tab ??= await openPage();
    const { page, problems } = tab;
    problems.length = 0;
    const res = await page.goto(`${base}${path}`);
    expect(res!.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toBe(CSP);
    const violations = await ready(page);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.getAttribute('html', 'lang')).toBe('id');

    const name = path === '/' ? 'ringkasan' : path.slice(1);
    const data = await api(`/api/dash/${name}`);
    const charts = data.sections.filter((s: { spec: unknown }) => s.spec) as { id: string; rows: unknown[] }[];
    const marks = await drawnMarks(page);
    expect(Object.keys(marks).sort()).toEqual(charts.map((c) => c.id).sort());
    for (const c of charts) {
      expect(marks[c.id], `marks of ${c.id}`).toBeGreaterThan(0);
      expect(await page.locator(`[data-chart="${c.id}"] svg`).count()).toBe(1);
      // the text equivalent: one body row per data row
      expect(await page.locator(`table[data-table="${c.id}"] tbody tr`).count()).toBe(c.rows.length);
      expect(await page.locator(`a[data-csv="${c.id}"]`).count()).toBe(1);
    }
    // freshness is on every page: the latest transition of the office, in Indonesian
    expect(await page.locator('.freshness').innerText()).toMatch(/transisi terakhir \d{1,2} \w+ 20\d\d/);
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  });

  it('Ringkasan: a filter change changes the tiles, and they match the API', async () => {
    const { page, problems } = await openPage();
    try {
      await page.goto(`${base}/?office=pekanbaru&service=SIKTG&period=month&month=2026-10`);
      await ready(page);
      const tile = page.locator('[data-tile="within_quota_pct"]');
      const before = Number(await tile.getAttribute('data-value'));
      const october = await api('/api/sla/summary?office=pekanbaru&service=SIKTG&month=2026-10');
      expect(before).toBeCloseTo(october.rows[0].within_quota_pct, 9);
      // the per-service table holds the one service, with the same share
      const svc = page.locator('table[data-table="services"] tbody tr');
      expect(await svc.count()).toBe(1);
      expect(await svc.locator('td:nth-child(6)').innerText()).toBe(await tile.locator('.value').innerText());

      await page.selectOption('select[name="month"]', '2026-06');
      await Promise.all([page.waitForURL(/month=2026-06/), page.click('#filters button[type="submit"]')]);
      await ready(page);
      expect(page.url()).toContain('office=pekanbaru');
      expect(page.url()).toContain('service=SIKTG');
      const after = Number(await tile.getAttribute('data-value'));
      const june = await api('/api/sla/summary?office=pekanbaru&service=SIKTG&month=2026-06');
      expect(after).toBeCloseTo(june.rows[0].within_quota_pct, 9);
      expect(after).not.toBeCloseTo(before, 6);
      // shown id-ID: one decimal, comma, percent sign
      const shown = new Intl.NumberFormat('id-ID', {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(after / 100);
      expect(await tile.locator('.value').innerText()).toBe(shown);
      expect(shown).toContain(',');
      // the change is against May 2026, and is the difference of the two numbers as shown
      const delta = await tile.locator('.delta').innerText();
      expect(delta).toContain('Mei 2026');
      const num = (text: string) =>
        Number(
          text
            .replace(/[^\d,+−-]/g, '')
            .replace(',', '.')
            .replace('−', '-'),
        );
      const [, change, prev] = /^[▲▼■] (\S+) poin .*\(([^)]*)\)$/.exec(delta) ?? [];
      expect(change, delta).toBeDefined();
      expect(num(change!)).toBeCloseTo(num(shown) - num(prev!), 9);
      // the verdict, in words and with its mark, beside the value
      expect(await tile.locator('.verdict').innerText()).toMatch(/^(✓ tercapai|✗ belum tercapai)/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('Tahapan: changing the service changes the steps shown', async () => {
    const { page, problems } = await openPage();
    try {
      await page.goto(`${base}/tahapan?office=pekanbaru&service=SIKTG&period=year&year=2026`);
      await ready(page);
      const steps = async () =>
        (await page.locator('table[data-table="step_time"] tbody tr td:nth-child(1)').allTextContents()).sort();
      expect(new Set(await steps())).toEqual(new Set(['SIKTG']));
      await page.selectOption('select[name="service"]', 'SIPOT');
      await Promise.all([page.waitForURL(/service=SIPOT/), page.click('#filters button[type="submit"]')]);
      await ready(page);
      expect(new Set(await steps())).toEqual(new Set(['SIPOT']));
      const api2026 = await api('/api/sla/steps?office=pekanbaru&service=SIPOT&from=2026-01-01&to=2026-12-31');
      const shown = await page.locator('table[data-table="step_time"] tbody tr td:nth-child(4)').allTextContents();
      const office = api2026.rows.filter((r: { clock: string }) => r.clock !== 'applicant');
      expect(shown).toEqual(office.map((r: { visits: number }) => new Intl.NumberFormat('id-ID').format(r.visits)));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('Berkas: the kartu kendali opens from the list and draws every visit', async () => {
    const { page, problems } = await openPage();
    try {
      await page.goto(`${base}/berkas?office=pekanbaru`);
      await ready(page);
      const link = page.locator('table[data-table="open_cases"] a[data-case]').first();
      const caseId = (await link.getAttribute('data-case'))!;
      await Promise.all([page.waitForURL(/case=/), link.click()]);
      await ready(page);
      expect(page.url()).toContain(`case=${encodeURIComponent(caseId)}`);
      const card = await api(`/api/cases/${encodeURIComponent(caseId)}?office=pekanbaru`);
      expect(await page.locator('table[data-table="timeline"] tbody tr').count()).toBe(card.visits.length);
      const marks = await drawnMarks(page);
      // at least one bar per visit that has a start or an arrival
      expect(marks.timeline).toBeGreaterThanOrEqual(
        card.visits.filter(
          (v: { arrived_at: string | null; started_at: string | null }) => v.started_at ?? v.arrived_at,
        ).length,
      );
      expect(await page.locator('#timeline h3').innerText()).toContain(caseId);
      await page.screenshot({ path: join(artifacts, 'berkas-kartu-kendali.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('Pengaduan and Ringkasan: the year-to-date resolution against 75% matches the complaint API', async () => {
    const { page, problems } = await openPage();
    try {
      const api2025 = await api('/api/complaints/resolution?office=rokan-hilir&year=2025');
      const overall = api2025.rows.filter(
        (r: { channel: string | null; category: string | null }) => r.channel === null && r.category === null,
      );
      const dec = overall.find((r: { month: string }) => r.month === '2025-12-01');
      expect(dec.ytd_rate).toBeLessThan(0.75); // sample data: Rokan Hilir misses the target in 2025

      await page.goto(`${base}/?office=rokan-hilir&period=month&month=2025-12`);
      await ready(page);
      const tile = page.locator('[data-tile="complaint_ytd_rate"]');
      expect(Number(await tile.getAttribute('data-value'))).toBeCloseTo(dec.ytd_rate, 12);
      expect(await tile.locator('.note').innerText()).toBe('target 75%');

      await page.goto(`${base}/pengaduan?office=rokan-hilir&period=month&month=2025-12`);
      await ready(page);
      const rows = page.locator('table[data-table="complaints"] tbody tr');
      expect(await rows.count()).toBe(12);
      const pct = (x: number) =>
        new Intl.NumberFormat('id-ID', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
          x,
        );
      expect(await rows.nth(11).locator('td:nth-child(5)').textContent()).toBe(pct(dec.ytd_rate));
      expect((await drawnMarks(page)).complaints).toBeGreaterThan(12); // bars, line, points, the target rule
      expect(await page.locator('[data-chart="complaints"] svg').innerHTML()).toContain('Target 75%');
      expect(await page.locator('#open_complaints').count()).toBe(1);
      // the open list is as of the same instant as the complaints module's own monthAsOf
      for (const [office, month] of [
        ['rokan-hilir', '2025-12'],
        ['rokan-hilir', '2026-10'],
        ['pekanbaru', '2026-11'],
      ] as const) {
        expect(await complaintMonthAsOf(db, office, month), `${office} ${month}`).toBe(
          await monthAsOf(db, office, month),
        );
      }
      await page.screenshot({ path: join(artifacts, 'pengaduan-rokan-hilir-2025.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('English switch keeps the filters; CSV download holds the table rows', async () => {
    const { page, problems } = await openPage();
    try {
      await page.goto(`${base}/petugas?office=pekanbaru&period=quarter&quarter=2026-Q3`);
      await ready(page);
      await Promise.all([page.waitForURL(/lang=en/), page.click('.lang a')]);
      await ready(page);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(page.url()).toContain('quarter=2026-Q3');
      expect(await page.locator('nav a[aria-current="page"]').innerText()).toBe('Officers');
      expect(await page.locator('#period-label').innerText()).toBe('Q3 2026');
      const rows = await page.locator('table[data-table="officers"] tbody tr').count();
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-csv="officers"]')]);
      const text = await (
        await download.createReadStream()
      )
        .toArray()
        .then((chunks) => Buffer.concat(chunks).toString('utf8'));
      const lines = text
        .replace(/^\ufeff/, '')
        .trimEnd()
        .split('\r\n');
      // headed by the labels the table shows (issue #25 §4), not the field codes
      expect(lines[0]).toBe(
        'Officer,Name,Role,Visits,Median (min),P90 (min),Within quota (%),Over quota,Open,Oldest (working days),Median open age (working days)',
      );
      expect(lines.length - 1).toBe(rows);
      // sortable: sorting by visits puts the largest first on the second click
      const visits = page.locator('table[data-table="officers"] thead th:nth-child(4) button');
      await visits.click();
      await visits.click();
      expect(await page.getAttribute('table[data-table="officers"] thead th:nth-child(4)', 'aria-sort')).toBe(
        'descending',
      );
      const col = (await page.locator('table[data-table="officers"] tbody tr td:nth-child(4)').allInnerTexts()).map(
        (s) => Number(s.replace(/,/g, '')),
      );
      expect(col).toEqual([...col].sort((a, b) => b - a));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
