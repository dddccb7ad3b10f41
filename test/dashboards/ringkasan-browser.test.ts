/**
 * The Ringkasan in a real headless Chromium (issue #25 §1 and §3) over the demo's events,
 * complaints and surveys: at a phone's 390 × 844 and a laptop's 1366 × 768 the page does not
 * scroll sideways, every judged tile shows its verdict in words, every tile with a trend draws
 * its sparkline (an SVG inside the tile, labelled by its sentence), the lists below the tiles are
 * there with the links the API names, and nothing breaks the Content-Security-Policy. One browser
 * and one page for the file; screenshots go to test-artifacts/dashboards/ringkasan-{width}.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { launchChromium, listen, pageWidth, watchedPage } from '../browser.js';
import { demoDb, repoPath } from '../helpers.js';

const artifacts = repoPath('test-artifacts/dashboards');
let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
let problems: string[];
let csp: () => Promise<string[]>;

beforeAll(async () => {
  db = await demoDb();
  await buildSummaries(db);
  app = await buildApp({ db });
  base = await listen(app);
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  ({ page, problems, csp } = await watchedPage(browser, { viewport: { width: 390, height: 844 } }, { warnings: true }));
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await app?.close();
  db?.close();
});

interface ApiTile {
  id: string;
  missing: string | null;
  verdict: { met: boolean; text: string } | null;
  trend: { text: string; spec: unknown } | null;
}
interface ApiSection {
  id: string;
  columns: { field: string; link?: string }[];
  rows: Record<string, unknown>[];
  empty: string | null;
  more?: { href: string; text: string } | null;
}

const lists = ['bottlenecks', 'top_desks', 'overdue_cases', 'overdue_complaints', 'letters_due'];

describe('Ringkasan in Chromium at a phone and a laptop width', () => {
  it.each([
    [390, 844],
    [1366, 768],
  ])(
    '%i × %i: no sideways scrolling, verdicts in words, sparklines, the lists with their links, no CSP error',
    async (width, height) => {
      const q = 'office=pekanbaru&period=month&month=2026-10';
      const data = (await app.inject({ method: 'GET', url: `/api/dash/ringkasan?${q}` })).json() as {
        tiles: ApiTile[];
        sections: ApiSection[];
      };
      await page.setViewportSize({ width, height });
      await page.goto(`${base}/?${q}`);
      await page.waitForSelector('body[data-ready]', { state: 'attached' });
      expect(await page.getAttribute('body', 'data-ready')).toBe('true');

      // no sideways scrolling
      const inner = await page.evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth);
      expect(inner).toBe(width);
      expect(await pageWidth(page)).toBeLessThanOrEqual(inner);

      // every judged tile: its verdict in words, visible
      const judged = data.tiles.filter((t) => !t.missing && t.verdict);
      // October 2026 at Pekanbaru: both verdicts shown (the share within quota and overdue missed, complaints and IKM met)
      expect(new Set(judged.map((t) => t.verdict!.met))).toEqual(new Set([true, false]));
      for (const t of judged) {
        const v = page.locator(`[data-tile="${t.id}"] .verdict`);
        expect(await v.isVisible(), t.id).toBe(true);
        expect(await v.innerText()).toBe(`${t.verdict!.met ? '✓' : '✗'} ${t.verdict!.text}`);
        // and its colour: the tile's border and the words in the met or missed colour
        const cls = t.verdict!.met ? 'met' : 'missed';
        expect(await page.locator(`[data-tile="${t.id}"]`).getAttribute('class')).toBe(`tile ${cls}`);
        expect(
          await v.evaluate(
            (e) =>
              (globalThis as unknown as { getComputedStyle(x: unknown): { color: string } }).getComputedStyle(e).color,
          ),
        ).toBe(cls === 'met' ? 'rgb(27, 94, 32)' : 'rgb(183, 28, 28)');
      }

      // every tile with a trend: an SVG sparkline inside the tile, labelled by its sentence, drawn
      const withSpark = data.tiles.filter((t) => t.trend?.spec);
      expect(withSpark.map((t) => t.id).sort()).toEqual([
        'complaint_ytd_rate',
        'ikm',
        'median_elapsed_days',
        'overdue_now',
        'within_quota_pct',
      ]);
      for (const t of withSpark) {
        const host = page.locator(`[data-tile="${t.id}"] [data-spark="${t.id}"]`);
        expect(await host.locator('svg').count(), t.id).toBe(1);
        expect(await host.getAttribute('role')).toBe('img');
        expect(await host.getAttribute('aria-label')).toBe(t.trend!.text);
        expect(await page.locator(`[data-tile="${t.id}"] .trend`).innerText()).toBe(t.trend!.text);
        const box = await host.boundingBox();
        expect(box!.width, t.id).toBeGreaterThan(50);
        // inside its tile
        const tile = await page.locator(`[data-tile="${t.id}"]`).boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(tile!.x + tile!.width + 0.5);
      }
      const drawn = await page.evaluate(() =>
        Object.keys((globalThis as unknown as { __dash: { sparks: Record<string, unknown> } }).__dash.sparks).sort(),
      );
      expect(drawn).toEqual(withSpark.map((t) => t.id).sort());

      // the lists: each section on the page, its links those of the API, or its sentence when empty
      let linked = 0;
      for (const id of lists) {
        const s = data.sections.find((x) => x.id === id)!;
        expect(await page.locator(`section#${id}`).count(), id).toBe(1);
        if (s.empty) {
          expect(await page.locator(`section#${id} .empty`).innerText()).toBe(s.empty);
          continue;
        }
        const hrefs = await page
          .locator(`section#${id} tbody a`)
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        const perRow = s.columns.filter((c) => c.link).length;
        expect(hrefs, id).toEqual(s.rows.flatMap((r) => Array.from({ length: perRow }, () => String(r.href))));
        linked += 1;
      }
      // the demo's October 2026 has rows in most lists
      expect(linked).toBeGreaterThanOrEqual(3);

      await page.screenshot({ path: join(artifacts, `ringkasan-${width}.png`), fullPage: true });
      expect(await csp()).toEqual([]);
      expect(problems).toEqual([]);
    },
  );

  it('a case link of the overdue list opens its kartu kendali', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/?office=pekanbaru&period=month&month=2026-05`);
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    const link = page.locator('section#overdue_cases tbody a').first();
    const id = await link.innerText();
    await Promise.all([page.waitForURL(/\/berkas\?/), link.click()]);
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    expect(await page.locator('#timeline h3').innerText()).toContain(id);
    expect(await csp()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
