/**
 * Issue #25 §5, access. (1) An automated accessibility check — axe-core (from the npm registry, run inside
 * the page in a real headless Chromium) — reports no serious or critical violation on any page,
 * with its data drawn (charts, tables, tiles), in both languages, at a laptop's and a phone's
 * width. axe is put into the page through the DevTools protocol (the page's CSP allows no other
 * script), after the page script has rendered. (2) The keyboard: a filter list changes its value
 * on an arrow key without reloading the page, and applies with Enter (or Terapkan). (3) Each
 * chart saves as SVG and PNG (vega-embed's export, from the keyboard too) and each table as XLSX.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { launchChromium, listen, watchedPage } from '../browser.js';
import { demoDb } from '../helpers.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const q = 'office=pekanbaru&period=month&month=2026-10';

let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let caseId: string;
const tabs = new Map<number, Page>();

beforeAll(async () => {
  db = await demoDb();
  await buildSummaries(db);
  app = await buildApp({ db });
  base = await listen(app);
  const berkas = (await app.inject({ method: 'GET', url: `/api/dash/berkas?${q}` })).json() as {
    sections: { id: string; rows: { case_id: string }[] }[];
  };
  caseId = berkas.sections.find((s) => s.id === 'open_cases')!.rows[0]!.case_id;
  browser = await launchChromium();
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ])
    tabs.set(width!, (await watchedPage(browser, { viewport: { width: width!, height: height! } })).page);
});

afterAll(async () => {
  for (const p of tabs.values()) await p.close();
  await browser?.close();
  await app?.close();
  db?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** axe-core's violations of the page as it stands (WCAG 2.1 A and AA, and axe's best practices). */
async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }
    ).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

const pages: [string, string][] = [
  ['Ringkasan', `/?${q}`],
  ['Tahapan', `/tahapan?${q}`],
  ['Petugas', `/petugas?${q}`],
  ['Tren', `/tren?${q}`],
  ['Berkas', `/berkas?${q}`],
  ['Berkas with a kartu kendali', `/berkas?${q}&case=CASE`],
  ['Pengaduan', `/pengaduan?${q}`],
  ['SKM', `/skm?${q}`],
  ['Laporan', '/laporan?office=pekanbaru'],
  ['Verifikasi', '/verifikasi'],
  ['Muat data', '/muat'],
  ['Pengguna', '/pengguna'],
  ['Ringkasan in English', `/?${q}&lang=en`],
  ['an error page (a month that does not exist)', `/tahapan?office=pekanbaru&month=2026-13`],
];
/** at a phone's width: the pages whose layout changes most (tiles in one column, charts redrawn, the kartu's table) */
const phone = new Set(['Ringkasan', 'Tahapan', 'Berkas with a kartu kendali']);

describe('axe-core finds no serious or critical violation', () => {
  for (const width of [1366, 390]) {
    it.each(pages.filter(([name]) => width === 1366 || phone.has(name)))(`${width} px: %s`, async (_name, path) => {
      const page = tabs.get(width)!;
      await page.goto(`${base}${path.replace('CASE', encodeURIComponent(caseId))}`);
      await page.waitForLoadState('load');
      // a dashboard page is checked once its script has drawn the data
      if (await page.locator('body[data-page]').count()) {
        const dash = await page.getAttribute('body', 'data-page');
        if (dash && !['muat', 'pengguna'].includes(dash))
          await page.waitForSelector('body[data-ready]', { state: 'attached' });
      }
      const found = await violations(page);
      const grave = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(grave, JSON.stringify(grave, null, 1)).toEqual([]);
      // the check ran on the page with its content (not on an empty or an error page)
      expect(await page.locator('main').count()).toBe(1);
    });
  }

  it('sees a violation when there is one (a picture without a text, a field without a label)', async () => {
    const page = tabs.get(1366)!;
    await page.goto(`${base}/?${q}`);
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    await page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: {
            createElement(t: string): { setAttribute(k: string, v: string): void };
            querySelector(s: string): { append(e: unknown): void };
          };
        }
      ).document;
      const img = d.createElement('img');
      img.setAttribute('src', '/assets/dash/none.png');
      const input = d.createElement('input');
      input.setAttribute('type', 'text');
      d.querySelector('main').append(img);
      d.querySelector('main').append(input);
    });
    const ids = (await violations(page)).filter((v) => v.impact === 'critical').map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'label']));
  });
});

describe('the keyboard and the downloads', () => {
  it('an arrow key on the month list changes it without a reload; Enter applies it, as a new URL', async () => {
    const { page, problems } = await watchedPage(browser, { viewport: { width: 1366, height: 768 } });
    try {
      await page.goto(`${base}/tahapan?${q}`);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      const navigations: string[] = [];
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) navigations.push(f.url());
      });
      const months = await page
        .locator('select[name="month"] option')
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      // two months on in the list, whichever way it has room (its order is the shell's)
      const at = months.indexOf('2026-10');
      const [key, target] = at >= 2 ? ['ArrowUp', months[at - 2]!] : ['ArrowDown', months[at + 2]!];
      expect(target).toMatch(/^\d{4}-\d{2}$/);
      await page.focus('select[name="month"]');
      await page.keyboard.press(key);
      await page.keyboard.press(key);
      expect(await page.inputValue('select[name="month"]')).toBe(target);
      await Promise.all([page.waitForURL(new RegExp(`month=${target}`)), page.keyboard.press('Enter')]);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      // one page load: the Enter's (the arrows changed the list only)
      expect(navigations).toHaveLength(1);
      expect(navigations[0]).toContain(`month=${target}`);
      expect(navigations[0]).toContain('office=pekanbaru');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a chart saves as SVG from the keyboard and as PNG with the mouse; its table as XLSX', async () => {
    const { page, problems } = await watchedPage(browser, {
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
    });
    try {
      await page.goto(`${base}/tahapan?${q}`);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      const line = page.locator('#step_time .downloads');
      expect(await line.innerText()).toBe(
        'Unduh CSV (tahapan-step_time-2026-10-01_2026-11-01.csv) · Unduh XLSX · Simpan grafik sebagai SVG · Simpan grafik sebagai PNG',
      );
      // nothing to press inside the chart's image
      expect(await page.locator('#step_time [data-chart] a, #step_time [data-chart] button').count()).toBe(0);
      const svgLink = line.locator('[data-image="svg"] a');
      await svgLink.focus();
      // its file is made as it gets the focus
      await page.waitForFunction(
        () =>
          (
            globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string } } }
          ).document
            .querySelector('#step_time .downloads [data-image="svg"] a')
            .getAttribute('href') !== '#',
      );
      const [svg] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(svg.suggestedFilename()).toBe('tahapan-step_time-2026-10-01_2026-11-01.svg');
      const svgText = await readFile((await svg.path())!, 'utf8');
      expect(svgText).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svgText).toContain('Menit kerja');
      const [png] = await Promise.all([page.waitForEvent('download'), line.locator('[data-image="png"] a').click()]);
      expect(png.suggestedFilename()).toBe('tahapan-step_time-2026-10-01_2026-11-01.png');
      const bytes = await readFile((await png.path())!);
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), line.locator('[data-xlsx]').click()]);
      expect(xlsx.suggestedFilename()).toBe('tahapan-step_time-2026-10-01_2026-11-01.xlsx');
      // a zip (the workbook) with the page's filters
      expect([...(await readFile((await xlsx.path())!)).subarray(0, 2)]).toEqual([0x50, 0x4b]);
      expect(xlsx.url()).toContain('office=pekanbaru');
      expect(xlsx.url()).toContain('section=step_time');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
