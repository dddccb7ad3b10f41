/**
 * Every page on any screen (issue #25 §3), in a real headless Chromium over the demo's events,
 * complaints and surveys: at a phone's 390 × 844 and a laptop's 1366 × 768 no page scrolls
 * sideways (document width ≤ viewport width), every chart follows its card and stays readable
 * (its drawing at least 250 px wide on the phone, never wider than its box's visible part unless
 * the box scrolls on its own), wide tables scroll inside a labelled, focusable box, and nothing
 * breaks the Content-Security-Policy or logs an error. Then the print stylesheet: a page printed
 * to A4 keeps its title, charts and tables and drops the navigation and the filter bar (the PDF
 * read back with poppler's pdftotext).
 * One browser, one context (and one page) per viewport, reused across the pages.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { pageIds } from '../../src/dashboards/texts.js';
import { launchChromium, listen, pageWidth, watchedPage } from '../browser.js';
import { demoDb, repoPath } from '../helpers.js';
import { dashboards } from '../../src/i18n/index.js';

const artifacts = repoPath('test-artifacts/dashboards');
const slug = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, '-');
let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let caseId: string;
const q = 'office=pekanbaru&period=month&month=2026-10';

interface Watched {
  page: Page;
  problems: string[];
  csp: () => Promise<string[]>;
}
const viewports = { 390: 844, 1366: 768 } as const;
const tabs: Partial<Record<keyof typeof viewports, Watched>> = {};

beforeAll(async () => {
  db = await demoDb();
  await buildSummaries(db);
  app = await buildApp({ db });
  base = await listen(app);
  // a case of the Berkas page's list of open cases: its kartu kendali is the widest thing shown
  const berkas = (await app.inject({ method: 'GET', url: `/api/dash/berkas?${q}` })).json() as {
    sections: { id: string; rows: { case_id: string }[] }[];
  };
  caseId = berkas.sections.find((s) => s.id === 'open_cases')!.rows[0]!.case_id;
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  for (const [w, h] of Object.entries(viewports)) {
    tabs[Number(w) as keyof typeof viewports] = await watchedPage(
      browser,
      { viewport: { width: Number(w), height: h } },
      { warnings: true },
    );
  }
});

afterAll(async () => {
  for (const t of Object.values(tabs)) await t?.page.close();
  await browser?.close();
  await app?.close();
  db?.close();
});

/** The pages with the query that shows them with data; `charts`: whether the page draws Vega charts. */
const pages: [string, string, boolean][] = [
  ['Ringkasan', `/?${q}`, false],
  ['Tahapan', `/tahapan?${q}`, true],
  ['Petugas', `/petugas?${q}`, true],
  ['Tren', `/tren?${q}`, true],
  ['Berkas', `/berkas?${q}`, false],
  ['Berkas with a kartu kendali', `/berkas?${q}&case=CASE`, true],
  ['Pengaduan', `/pengaduan?${q}`, true],
  ['SKM', `/skm?${q}`, true],
  ['Laporan', '/laporan?office=pekanbaru', false],
  ['Verifikasi', '/verifikasi', false],
  ['Muat data', '/muat', false],
  ['Pengguna', '/pengguna', false],
];

interface Layout {
  inner: number;
  charts: { id: string; svg: number; box: number; right: number; scrolls: boolean }[];
  filters: { right: number; fields: number; rows: number } | null;
  wraps: { id: string; inWrap: boolean; tabindex: string | null; role: string | null; label: string | null }[];
}

/** What the page's layout is: viewport width, each chart's drawing and box, each table's box. */
function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    // runs in the page (no DOM types in this project's tsconfig)
    interface El {
      getAttribute(n: string): string | null;
      getBoundingClientRect(): { width: number; right: number; bottom: number };
      querySelectorAll(s: string): El[];
      querySelector(s: string): El | null;
      closest(s: string): El | null;
      textContent: string | null;
    }
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { querySelectorAll(s: string): El[] };
      getComputedStyle(e: El): { overflowX: string };
    };
    const charts = [...w.document.querySelectorAll('[data-chart]')].map((c) => {
      const svg = c.querySelector('svg');
      return {
        id: c.getAttribute('data-chart')!,
        svg: svg ? svg.getBoundingClientRect().width : 0,
        box: c.getBoundingClientRect().width,
        right: c.getBoundingClientRect().right,
        scrolls: w.getComputedStyle(c).overflowX === 'auto',
      };
    });
    // each table of the main area and the box it scrolls in (its nearest)
    const wraps = [...w.document.querySelectorAll('main table')].map((t) => {
      const d = t.closest('.table-wrap');
      return {
        id: t.getAttribute('data-table') ?? t.querySelector('caption')?.textContent ?? '',
        inWrap: !!d,
        tabindex: d?.getAttribute('tabindex') ?? null,
        role: d?.getAttribute('role') ?? null,
        label: d?.getAttribute('aria-label') ?? null,
      };
    });
    // the filter bar's visible fields and how many rows they take
    const form = w.document.querySelectorAll('form#filters')[0];
    const fields = form
      ? [...form.querySelectorAll(':scope > label, :scope > .pf:not([hidden]), :scope > button')]
      : [];
    const filters = form
      ? {
          right: form.getBoundingClientRect().right,
          fields: fields.length,
          rows: new Set(fields.map((f) => Math.round(f.getBoundingClientRect().bottom))).size,
        }
      : null;
    return { inner: w.innerWidth, charts, wraps, filters };
  });
}

/** The innermost elements that reach past the viewport's right edge (what a failure names). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    interface El {
      tagName: string;
      id: string;
      className: unknown;
      children: { length: number };
      getBoundingClientRect(): { right: number };
      querySelectorAll(s: string): El[];
    }
    const w = globalThis as unknown as { innerWidth: number; document: { body: El } };
    const out = [...w.document.body.querySelectorAll('*')].filter(
      (e) => e.getBoundingClientRect().right > w.innerWidth + 0.5,
    );
    return out
      .filter((e) => ![...e.querySelectorAll('*')].some((c) => out.includes(c)))
      .slice(0, 8)
      .map((e) => `${e.tagName}#${e.id}.${String(e.className)} ${Math.round(e.getBoundingClientRect().right)}`);
  });
}

describe('every page at a phone and a laptop width', () => {
  for (const [w] of Object.entries(viewports)) {
    const width = Number(w) as keyof typeof viewports;
    it.each(pages)(
      `${width} px: %s does not scroll sideways, its charts follow their cards, its tables scroll in their box`,
      async (_name, path, charts) => {
        const { page, problems, csp } = tabs[width]!;
        problems.length = 0;
        await page.goto(`${base}${path.replace('CASE', encodeURIComponent(caseId))}`);
        await page.waitForLoadState('load');
        if (
          await page
            .locator('body')
            .evaluate(
              (b) =>
                (b as unknown as { dataset: Record<string, string> }).dataset.page !== undefined &&
                !['muat', 'pengguna'].includes((b as unknown as { dataset: Record<string, string> }).dataset.page!),
            )
        ) {
          await page.waitForSelector('body[data-ready]', { state: 'attached' });
          expect(await page.getAttribute('body', 'data-ready')).toBe('true');
        }
        if (path.includes('case=')) expect(await page.locator('#timeline h3').innerText()).toContain(caseId);
        const l = await layout(page);
        expect(l.inner).toBe(width);
        expect(await pageWidth(page), `${path}: ${JSON.stringify(await overflowing(page))}`).toBeLessThanOrEqual(width);
        // the filter bar (dashboard pages): inside the screen, its fields on several rows on the phone, one row on the laptop
        // (rows counted by the fields' bottom edges: the bar aligns them at the end)
        // (office, service, period kind, month and the button: 5 fields of ~150–320 px each)
        if (l.filters) {
          expect(l.filters.right).toBeLessThanOrEqual(width + 0.5);
          expect(l.filters.fields).toBe(5);
          if (width === 390) expect(l.filters.rows).toBeGreaterThan(1);
          else expect(l.filters.rows).toBe(1);
        }
        if (charts) expect(l.charts.length).toBeGreaterThan(0);
        for (const c of l.charts) {
          // readable: not shrunk to a sliver on the phone
          expect(c.svg, c.id).toBeGreaterThanOrEqual(width === 390 ? 250 : 300);
          // inside the viewport; wider than its box only when the box scrolls by itself
          expect(c.right, c.id).toBeLessThanOrEqual(width + 0.5);
          if (!c.scrolls) expect(c.svg, c.id).toBeLessThanOrEqual(c.box + 0.5);
        }
        // every table of the main area in a box of its own that scrolls, labelled and reachable by keyboard
        for (const d of l.wraps) {
          expect(d.inWrap, d.id).toBe(true);
          expect(d.tabindex, d.id).toBe('0');
          expect(d.role, d.id).toBe('region');
          expect(d.label, d.id).toBeTruthy();
        }
        await page.screenshot({ path: join(artifacts, `screens-${slug(_name)}-${width}.png`), fullPage: true });
        expect(await csp()).toEqual([]);
        expect(problems).toEqual([]);
      },
    );
  }
});

describe('a page drawn wide, then narrowed (a window made smaller, a phone turned)', () => {
  it.each([
    ['Tren', `/tren?${q}`],
    ['Petugas', `/petugas?${q}`],
    ['Berkas with a kartu kendali', `/berkas?${q}&case=CASE`],
  ])('%s: its charts are drawn again at the new width, the page does not scroll sideways', async (_name, path) => {
    // a page of its own (the shared ones keep their viewport)
    const { page, problems, csp } = await watchedPage(
      browser,
      { viewport: { width: 1366, height: 768 } },
      { warnings: true },
    );
    try {
      await page.goto(`${base}${path.replace('CASE', encodeURIComponent(caseId))}`);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      const wide = Math.min(...(await layout(page)).charts.map((c) => c.svg));
      // drawn for the laptop: more than the phone's whole width
      expect(wide).toBeGreaterThan(390);
      await page.setViewportSize({ width: 390, height: 844 });
      // redrawn: every chart's drawing inside the viewport (a DOM condition, no clock)
      await page.waitForFunction(() => {
        const w = globalThis as unknown as {
          innerWidth: number;
          document: { querySelectorAll(s: string): { getBoundingClientRect(): { right: number } }[] };
        };
        const svgs = [...w.document.querySelectorAll('[data-chart] svg')];
        return svgs.length > 0 && svgs.every((e) => e.getBoundingClientRect().right <= w.innerWidth + 0.5);
      });
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      for (const c of (await layout(page)).charts) expect(c.svg, c.id).toBeGreaterThanOrEqual(250);
      expect(await csp()).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

interface ApiSection {
  id: string;
  title: string;
  columns: { label: string }[];
  rows: unknown[];
}

describe('print: A4 with the title, charts and tables, without the navigation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sla-print-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['tahapan', 'step_time'],
    ['berkas', 'timeline'],
  ])(
    '%s prints to A4: its title, the %s chart and its table (folded on screen), no nav, filters or buttons',
    async (id, chartId) => {
      const { page, problems, csp } = tabs[1366]!;
      problems.length = 0;
      const query = id === 'berkas' ? `${q}&case=${encodeURIComponent(caseId)}` : q;
      const data = (await app.inject({ method: 'GET', url: `/api/dash/${id}?${query}` })).json() as {
        sections: ApiSection[];
      };
      await page.goto(`${base}/${id}?${query}`);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      expect(await page.getAttribute('body', 'data-ready')).toBe('true');
      // the table under the chart is folded on screen, printed open
      const section = data.sections.find((x) => x.id === chartId)!;
      expect(section.rows.length).toBeGreaterThan(0);
      expect(await page.locator(`section#${chartId} details`).getAttribute('open')).toBeNull();
      // a word the chart draws (an axis title): printed with the chart
      const chartWords = await page
        .locator(`[data-chart="${chartId}"] svg .role-axis-title text`)
        .evaluateAll((ts) => ts.map((x) => (x as unknown as { textContent: string }).textContent));
      expect(chartWords.length).toBeGreaterThan(0);

      const file = join(dir, `${id}.pdf`);
      await page.pdf({ path: file, format: 'A4', printBackground: true });
      // poppler names the size: A4 is 210 × 297 mm, 595 × 842 pt (Chromium's rounding to its pixels gives 595.92 × 842.88)
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+59[56](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

      const t = dashboards.id;
      // the page's title with its period, the chart's words, the table's caption and its header
      // (October 2026, the month of `q`)
      const title = `${t.pages[id as (typeof pageIds)[number]]} · Oktober 2026`;
      expect(await page.locator('h2.page-title').innerText()).toBe(title);
      expect(text).toContain(title);
      for (const w of chartWords) expect(text).toContain(w);
      expect(text).toContain(section.title);
      for (const c of section.columns) expect(text, c.label).toContain(c.label);
      // none of the navigation's other labels, the filter bar's button or the CSV links
      const pageJson = JSON.stringify(data);
      const navOnly = pageIds
        .filter((p) => p !== id)
        .map((p) => t.pages[p])
        .concat(['Laporan', 'Verifikasi', 'Pengguna'])
        .filter((w) => !pageJson.includes(w));
      expect(navOnly.length).toBeGreaterThanOrEqual(6);
      for (const w of navOnly) expect(text, w).not.toContain(w);
      expect(text).not.toContain(t.apply);
      expect(text).not.toContain('Unduh CSV');
      expect(await csp()).toEqual([]);
      expect(problems).toEqual([]);
    },
  );
});
