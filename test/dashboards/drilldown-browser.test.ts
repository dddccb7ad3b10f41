import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { launchChromium, listen, watchedPage } from '../browser.js';
import { demoDb } from '../helpers.js';

/**
 * Following a figure down to the case in Chromium (issue #25 §2), over the demo, May 2026 at
 * Pekanbaru: Ringkasan's bottleneck → Tahapan, a click on that step's bar → its visits over quota
 * on Berkas → a case's kartu kendali; Pengaduan's channel → its complaints → by keyboard (Tab to
 * a row's link, Enter) a complaint's stage history. Every page keeps the filters of the first
 * (office, period) and has no console error and no CSP violation.
 */
let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;
const Q = 'office=pekanbaru&period=month&month=2026-05';

beforeAll(async () => {
  db = await demoDb();
  app = await buildApp({ db });
  base = await listen(app);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.close();
});

/** Waits until the page script has drawn the page (body[data-ready] set by main.js). */
async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
  expect(await page.getAttribute('body', 'data-ready')).toBe('true');
}
const keeps = (url: string) => {
  const u = new URL(url);
  return {
    office: u.searchParams.get('office'),
    period: u.searchParams.get('period'),
    month: u.searchParams.get('month'),
  };
};
const FILTERS = { office: 'pekanbaru', period: 'month', month: '2026-05' };

describe('drill-down journeys', () => {
  it("Ringkasan bottleneck → Tahapan, click the step's bar → its visits over quota → kartu kendali", async () => {
    const { page, problems, csp } = await watchedPage(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${base}/?${Q}`);
      await ready(page);
      // the bottleneck of the first service, by name, links to the Tahapan page of that service
      const link = page.locator('table[data-table="bottlenecks"] tbody tr:first-child a').first();
      const stepText = await page
        .locator('table[data-table="bottlenecks"] tbody tr:first-child td:nth-child(4)')
        .innerText();
      const code = stepText.split(' ')[0]!;
      await Promise.all([page.waitForURL((u) => u.pathname === '/tahapan'), link.click()]);
      await ready(page);
      expect(keeps(page.url())).toEqual(FILTERS);
      const service = new URL(page.url()).searchParams.get('service');
      expect(service).toBeTruthy();
      // the step's bar: its datum carries the URL of its visits; a click opens it
      const bar = await page.evaluate((step) => {
        interface Item {
          datum?: { step?: string; href?: string };
          bounds?: { x1: number; y1: number; x2: number; y2: number };
          items?: Item[];
          marktype?: string;
        }
        const view = (globalThis as unknown as { __dash: { views: Record<string, { scenegraph(): { root: Item } }> } })
          .__dash.views.step_time!;
        const found: Item[] = [];
        const walk = (n: Item, inRect: boolean) => {
          if (inRect && n.datum?.step === step && n.bounds) found.push(n);
          for (const c of n.items ?? []) walk(c, inRect || n.marktype === 'rect');
        };
        walk(view.scenegraph().root, false);
        const b = found[0]!;
        return { href: b.datum!.href!, x: (b.bounds!.x1 + b.bounds!.x2) / 2, y: (b.bounds!.y1 + b.bounds!.y2) / 2 };
      }, code);
      expect(bar.href).toBe(
        `/berkas?office=pekanbaru&service=${service}&period=month&month=2026-05&step=${code}#step_visits`,
      );
      // the view's coordinates are within its svg, after the view's padding and origin
      const box = (await page.locator('[data-chart="step_time"] svg').boundingBox())!;
      const origin = await page.evaluate(() =>
        (
          globalThis as unknown as { __dash: { views: Record<string, { origin(): [number, number] }> } }
        ).__dash.views.step_time!.origin(),
      );
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/berkas' && u.searchParams.get('step') === code),
        page.mouse.click(box.x + origin[0] + bar.x, box.y + origin[1] + bar.y),
      ]);
      await ready(page);
      expect(keeps(page.url())).toEqual(FILTERS);
      const rows = page.locator('table[data-table="step_visits"] tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      expect(await page.locator('[data-pager="step_visits"] .page-of').innerText()).toMatch(
        /^Halaman 1 dari \d+ · \d+ baris$/,
      );
      expect(await page.getAttribute('a[data-csv="step_visits"]', 'href')).toMatch(
        /^\/api\/dash\/berkas\/csv\?.*section=step_visits/,
      );
      // a case of the list → its kartu kendali, where that step's visit is over its quota
      const caseLink = rows.first().locator('a[data-case]');
      const caseId = (await caseLink.getAttribute('data-case'))!;
      await Promise.all([page.waitForURL((u) => u.searchParams.get('case') === caseId), caseLink.click()]);
      await ready(page);
      expect(keeps(page.url())).toEqual(FILTERS);
      expect(await page.locator('#timeline-title').innerText()).toContain(caseId);
      // (the table is in a closed <details> beside the chart: its text, not its rendering)
      const steps = await page.locator('table[data-table="timeline"] tbody tr td:first-child').allTextContents();
      expect(steps).toContain(code);
      expect(await page.locator('[data-chart="timeline"] svg').count()).toBe(1);
      expect(await csp()).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("Pengaduan channel → its complaints → by keyboard, a complaint's stage history", async () => {
    const { page, problems, csp } = await watchedPage(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${base}/pengaduan?${Q}`);
      await ready(page);
      const channel = page.locator('table[data-table="channels"] tbody tr:first-child a');
      const label = await channel.innerText();
      const received = Number(
        (await page.locator('table[data-table="channels"] tbody tr:first-child td:nth-child(2)').innerText()).replace(
          /\./g,
          '',
        ),
      );
      await Promise.all([page.waitForURL((u) => u.searchParams.has('channel')), channel.click()]);
      await ready(page);
      expect(keeps(page.url())).toEqual(FILTERS);
      expect(await page.locator('#complaint_list-title').innerText()).toContain(label);
      expect(await page.locator('[data-pager="complaint_list"] .page-of').innerText()).toContain(`${received} baris`);
      // keyboard: from the table's first column header, Tab to the first row's link, then Enter
      await page.focus('table[data-table="complaint_list"] thead th:first-child button');
      const onRowLink = () =>
        page.evaluate(() => {
          const d = (
            globalThis as unknown as {
              document: { activeElement: { matches(s: string): boolean; textContent: string } | null };
            }
          ).document;
          return d.activeElement?.matches('table[data-table="complaint_list"] tbody a')
            ? d.activeElement.textContent
            : null;
        });
      let id: string | null = null;
      for (let i = 0; i < 20 && !id; i++) {
        await page.keyboard.press('Tab');
        id = await onRowLink();
      }
      expect(id).toBeTruthy();
      await Promise.all([page.waitForURL((u) => u.searchParams.get('complaint') === id), page.keyboard.press('Enter')]);
      await ready(page);
      expect(keeps(page.url())).toEqual(FILTERS);
      expect(await page.locator('#complaint_history-title').innerText()).toContain(id!);
      const n = await db.one<{ n: number }>(
        `select count(*) as n from complaints where office = 'pekanbaru' and complaint_id = $id`,
        { id: id! },
      );
      expect(await page.locator('table[data-table="complaint_history"] tbody tr').count()).toBe(Number(n!.n));
      expect(
        (await page.locator('table[data-table="complaint_history"] tbody tr:first-child td:first-child').innerText())
          .length,
      ).toBeGreaterThan(0);
      expect(await csp()).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
