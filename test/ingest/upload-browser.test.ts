/**
 * The Muat data page in a real headless Chromium (Debian `chromium`, playwright-core), issue #22:
 * an operator signs in, uploads a CSV with one bad line, sees the error with its line while
 * nothing is loaded; fixes it, loads it, sees the dashboard's figure change (the number of
 * transitions of the office in the header), undoes the load after confirming; an XLSX export
 * loads. No console error, failed request or CSP violation; usable at phone width.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { launchChromium, listen, pageWidth, watchedPage } from '../browser.js';
import { count, fixture, openTestDb } from '../helpers.js';

let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let uploads: string;

beforeAll(async () => {
  db = await openTestDb();
  // test/fixtures/auth/two-offices.csv: one pekanbaru case (PKU-1) with 2 transitions
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  await addUser(db, { id: 'ops', roles: ['operator', 'kepala_dinas'], password: 'rahasia-panjang-sekali' });
  uploads = mkdtempSync(join(tmpdir(), 'sla-upload-browser-'));
  app = await buildApp({ db, upload: { dir: uploads } });
  base = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.close();
  if (uploads) rmSync(uploads, { recursive: true, force: true });
});

const HEADER = 'case_id,office,service,step,event,at,officer,note';
// 3 data lines (lines 2–4); line 3 has an unknown event
const BAD = `${HEADER}\nB-1,pekanbaru,SIKTG,S1,start,2026-06-01 08:00,,\nB-1,pekanbaru,SIKTG,S1,selesai,2026-06-01 08:10,,\nB-1,pekanbaru,SIKTG,S2,start,2026-06-01 08:20,FO-01,\n`;
const GOOD = BAD.replace('selesai', 'complete');

interface UploadState {
  runs: number;
  histories: number;
  checked: boolean;
}
const uploadState = (page: Page) => page.evaluate(() => (globalThis as unknown as { __upload: UploadState }).__upload);
/** Runs `act`, then waits until the page script has finished one more upload (dry run or load). */
async function afterRun(page: Page, act: () => Promise<void>): Promise<void> {
  const { runs } = await uploadState(page);
  await act();
  await page.waitForFunction(
    (n) => ((globalThis as unknown as { __upload?: UploadState }).__upload?.runs ?? -1) > n,
    runs,
  );
}
async function afterHistory(page: Page, act: () => Promise<void>): Promise<void> {
  const { histories } = await uploadState(page);
  await act();
  await page.waitForFunction(
    (n) => ((globalThis as unknown as { __upload?: UploadState }).__upload?.histories ?? -1) > n,
    histories,
  );
}
/** The number of transitions of pekanbaru the dashboard's header shows. */
async function transitions(page: Page): Promise<string> {
  await page.goto(`${base}/?office=pekanbaru`);
  // the page's script has drawn (its data fetched) before the test moves on
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
  expect(await page.getAttribute('body', 'data-ready')).toBe('true');
  return page.locator('.freshness li[data-office="pekanbaru"] .n').innerText();
}

describe('Muat data in the browser', () => {
  it('dry run with an error, fix, load, the dashboard changes, undo; an XLSX export loads', async () => {
    const { page, problems, csp } = await watchedPage(
      browser,
      { viewport: { width: 390, height: 844 } },
      { warnings: true },
    ); // a phone

    // sign in, straight to the page
    await page.goto(`${base}/muat`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name="user"]', 'ops');
    await page.fill('input[name="password"]', 'rahasia-panjang-sekali');
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname === '/muat');
    await page.waitForFunction(
      () => ((globalThis as unknown as { __upload?: UploadState }).__upload?.histories ?? -1) > 0,
    );
    const before = await transitions(page);
    // the fixture's PKU-1 has 2 transitions
    expect(before).toBe('2');
    // the dashboards link the page for an operator
    await page.click('nav a[href^="/muat"]');
    await page.waitForFunction(
      () => ((globalThis as unknown as { __upload?: UploadState }).__upload?.histories ?? -1) > 0,
    );

    // every field has its label
    for (const id of ['kind', 'files', 'office', 'service', 'sheet'])
      expect(await page.locator(`label:has(#${id})`).count(), id).toBe(1);

    // 1. the bad file: its error with its line, nothing loaded, Muat stays disabled
    const events0 = await count(db, 'events');
    await page.selectOption('#kind', 'events');
    await page.setInputFiles('#files', { name: 'harian.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
    await afterRun(page, () => page.click('#check'));
    const errors = page.locator('#result-body table').nth(1).locator('tbody tr');
    expect(await errors.count()).toBe(1);
    expect(await errors.first().locator('td').allInnerTexts()).toEqual([
      'harian.csv',
      '3',
      'event',
      'jenis kejadian "selesai" tidak dikenal (start, complete, return, resubmit, notify, collect, cancel)',
    ]);
    expect(await page.locator('#result-body [role="alert"]').innerText()).toContain('tidak ada yang disimpan');
    expect(await page.isDisabled('#commit')).toBe(true);
    expect(await count(db, 'events')).toBe(events0);

    // 2. fixed: the dry run passes, Muat loads the same file
    await page.setInputFiles('#files', { name: 'harian.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD) });
    await afterRun(page, () => page.click('#check'));
    expect(await page.locator('#result-body table').first().locator('tbody tr td').allInnerTexts()).toEqual([
      'harian.csv',
      'uji coba: valid',
      '3',
      '3',
      '0',
      '0',
      'harian.csv: 3 baris valid, 0 duplikat; uji coba, tidak ada yang disimpan',
    ]);
    expect(await page.isDisabled('#commit')).toBe(false);
    await afterHistory(page, () => afterRun(page, () => page.click('#commit')));
    expect(await page.locator('#result-body [role="status"]').innerText()).toBe('Data dimuat.');
    expect(await count(db, 'events')).toBe(events0 + 3);
    expect(readdirSync(uploads)).toEqual([]);

    // 3. the dashboard's figure: 2 + 3 transitions
    expect(await transitions(page)).toBe('5');

    // 4. undo, after confirming, from the history
    await page.goto(`${base}/muat`);
    await page.waitForFunction(
      () => ((globalThis as unknown as { __upload?: UploadState }).__upload?.histories ?? -1) > 0,
    );
    const row = page.locator('#history tbody tr', { hasText: 'harian.csv' });
    expect(await row.locator('td').nth(3).innerText()).toBe('dimuat');
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await afterHistory(page, () => row.locator('button.undo').click());
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^Batalkan batch \d+ \(harian\.csv\)\?/);
    expect(await page.locator('#history tbody tr', { hasText: 'harian.csv' }).locator('td').nth(3).innerText()).toBe(
      'dibatalkan',
    );
    expect(await count(db, 'events')).toBe(events0);
    expect(await transitions(page)).toBe('2');

    // 5. an XLSX export (its first sheet) loads
    await page.goto(`${base}/muat`);
    await page.waitForFunction(
      () => ((globalThis as unknown as { __upload?: UploadState }).__upload?.histories ?? -1) > 0,
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ekspor');
    ws.addRow(HEADER.split(','));
    ws.addRow(['B-2', 'pekanbaru', 'SIKTG', 'S1', 'start', '2026-06-02 08:00']);
    ws.addRow(['B-2', 'pekanbaru', 'SIKTG', 'S1', 'complete', new Date(Date.UTC(2026, 5, 2, 8, 5))]);
    await page.setInputFiles('#files', {
      name: 'ekspor.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await afterRun(page, () => page.click('#check'));
    expect(await page.isDisabled('#commit')).toBe(false);
    await afterHistory(page, () => afterRun(page, () => page.click('#commit')));
    expect(await page.locator('#result-body [role="status"]').innerText()).toBe('Data dimuat.');
    expect(await count(db, 'events', "case_id = 'B-2'")).toBe(2);

    // phone width: nothing wider than the screen
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await csp()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
