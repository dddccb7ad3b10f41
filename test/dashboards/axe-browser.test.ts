/**
 * Issue #25 §5: an automated accessibility check — axe-core (from the npm registry, run inside
 * the page in a real headless Chromium) — reports no serious or critical violation on any page,
 * with its data drawn (charts, tables, tiles), in both languages, at a laptop's and a phone's
 * width. axe is put into the page through the DevTools protocol (the page's CSP allows no other
 * script), after the page script has rendered.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/dashboards/summaries.js';
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
  const berkas = (await app.inject({ method: 'GET', url: `/api/dash/berkas?${q}` })).json() as { sections: { id: string; rows: { case_id: string }[] }[] };
  caseId = berkas.sections.find((s) => s.id === 'open_cases')!.rows[0]!.case_id;
  browser = await launchChromium();
  for (const [width, height] of [[1366, 768], [390, 844]]) tabs.set(width!, (await watchedPage(browser, { viewport: { width: width!, height: height! } })).page);
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
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
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
        if (dash && !['muat', 'pengguna'].includes(dash)) await page.waitForSelector('body[data-ready]', { state: 'attached' });
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
      const d = (globalThis as unknown as { document: { createElement(t: string): { setAttribute(k: string, v: string): void }; querySelector(s: string): { append(e: unknown): void } } }).document;
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
