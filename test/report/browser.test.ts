/**
 * The report pages in a real headless Chromium (Debian `chromium`, playwright-core), issue #22
 * part 3, on the demo data of sample-data/ (pekanbaru: events 2025-01 … 2026-10): the Sekretaris
 * opens *Laporan*, checks the draft of October 2026 (no digest typed: the page sends the one of
 * the copy it shows), returns September's draft — refused in the page without a note, then with
 * one; the Kepala Dinas sees *Setujui* only on the checked month and approves it; the PDFs
 * downloaded through the page's link read back with pdftotext (the approved copy has its
 * verification line and no DRAF, the draft has DRAF); an auditor's *Verifikasi* says approved for
 * the approved file, not approved for the draft, unknown for a changed file (dropped). Every page
 * at phone width (390×844): no element wider than the viewport outside a table's scroll box; no
 * console error, failed request or CSP violation.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { currentReport } from '../../src/report/archive.js';
import { demoDb, lines, pdfPages } from './helpers.js';

const DRAF_LINE = 'DRAF — belum disetujui Kepala Dinas, bukan salinan resmi';
const PASSWORD = { sek: 'rahasia-sekretaris-1', kadis: 'rahasia-kepala-dinas', audit: 'rahasia-auditor-123' };

let db: Database;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let draftId: number;

beforeAll(async () => {
  db = await demoDb();
  // October 2026 has a recorded draft (as the automatic drafts make one); September has none yet
  draftId = (await currentReport(db, { office: 'pekanbaru', month: '2026-10', lang: 'id' })).record.report_id;
  await addUser(db, {
    id: 'sek',
    name: 'Hendra Saputra',
    roles: ['sekretaris'],
    offices: ['pekanbaru'],
    password: PASSWORD.sek,
  });
  await addUser(db, {
    id: 'kadis',
    name: 'Marlina Siregar',
    roles: ['kepala_dinas'],
    offices: ['pekanbaru'],
    password: PASSWORD.kadis,
  });
  await addUser(db, { id: 'audit', roles: ['auditor'], password: PASSWORD.audit });
  app = await buildApp({ db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    timeout: 0, // the hook's timeout is the one bound
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.close();
});

interface Counters {
  lists: number;
  shown: number;
  acted: number;
  refused: number;
  verified: number;
  sha256: string | null;
  status: string | null;
}
const counters = (page: Page) => page.evaluate(() => (globalThis as unknown as { __reports: Counters }).__reports);
/** Runs `act`, then waits until the page's counter `key` has moved on by one. */
async function after(page: Page, key: keyof Counters, act: () => Promise<unknown>): Promise<void> {
  const before = (await counters(page))[key] as number;
  await act();
  await page.waitForFunction(
    ([k, n]) =>
      ((globalThis as unknown as { __reports?: Record<string, number> }).__reports?.[k as string] ?? -1) >
      (n as number),
    [key, before] as const,
  );
}

/** A phone-sized page of a new browser context (its own cookies), signed in as `user`; it records every problem. */
async function signedIn(user: keyof typeof PASSWORD, path: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(0); // no clock of playwright's own: the test's timeout is the one bound
  const problems: string[] = [];
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !/^chrome(-extension)?:\/\//.test(m.location().url))
      problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // the PDF viewer's frame, cut off when the page moves on (the frame is replaced after an action), is no failure
    // (and the viewer's own files); the page's own requests are all counted
    const viewer =
      /^chrome(-extension)?:\/\//.test(r.url()) ||
      (r.frame() !== page.mainFrame() && r.failure()?.errorText === 'net::ERR_ABORTED');
    if (!viewer) problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.addInitScript(() => {
    const w = globalThis as unknown as {
      __csp: string[];
      document: {
        addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
    };
    w.__csp = [];
    w.document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  // straight to the page: the sign-in page sends the user back to it
  await page.goto(`${base}${path}`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('input[name="user"]', user);
  await page.fill('input[name="password"]', PASSWORD[user]);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type="submit"]')]);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return { page, problems };
}

/** Opens a page of the app and waits for its script to be done. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
}

/** What must hold on every page before leaving it: no CSP violation, nothing wider than a phone (tables scroll in their box). */
async function checkPage(page: Page): Promise<void> {
  expect(await page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)).toEqual([]);
  // (the browser's code as text: this project's TypeScript has no DOM types)
  const wide = await page.evaluate(`(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
      .filter((e) => e.getBoundingClientRect().right > w + 0.5)
      .map((e) => e.tagName + '#' + e.id + '.' + e.className);
  })()`);
  expect(wide).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  // every form field has its label
  const unlabelled = await page.evaluate(
    `[...document.querySelectorAll('input:not([type="hidden"]), select, textarea')].filter((e) => !e.closest('label')).map((e) => e.id)`,
  );
  expect(unlabelled).toEqual([]);
}

/** The cells of the months table's row of a month. */
const monthRow = (page: Page, month: string) => page.locator(`#months tr[data-month="${month}"] td`).allInnerTexts();

/** The day, month and year of an instant in Pekanbaru (WIB), as the page writes them: 7 Desember 2026. */
const dayWib = (d: Date) =>
  new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' }).format(
    d,
  );

async function download(page: Page): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#report a.download')]);
  expect(d.suggestedFilename()).toMatch(/^laporan-pekanbaru-2026-(09|10)\.pdf$/);
  return readFileSync((await d.path())!);
}

const record = (month: string) =>
  db.all<{
    report_id: number;
    status: string;
    sha256: string;
    checked_by: string | null;
    note: string | null;
    approved_by: string | null;
    checked_at: Date | null;
    approved_at: Date | null;
    report_no: string | null;
  }>(
    "select report_id, status, sha256, checked_by, note, approved_by, checked_at, approved_at, report_no from reports where office = 'pekanbaru' and month = $month order by report_id",
    { month },
  );

describe('the report pages in the browser', () => {
  let approvedPdf: Buffer;
  let draftPdf: Buffer;

  it('the Sekretaris checks the draft of October 2026 and returns September, whose note is required', async () => {
    // (the dashboards' link to the page: test/report/pages.test.ts)
    const { page, problems } = await signedIn('sek', '/laporan');
    expect(await page.locator('nav a[aria-current="page"]').innerText()).toBe('Laporan');
    // her scope: pekanbaru only
    expect(await page.locator('#office option').allInnerTexts()).toEqual(['DPMPTSP Kota Pekanbaru']);
    // 2026-10 … 2025-01, newest first: 22 months; October has its draft, September none yet
    expect(await page.locator('#months tbody tr').count()).toBe(22);
    const oct = await monthRow(page, '2026-10');
    expect(oct.slice(0, 2)).toEqual(['Oktober 2026', 'draf']);
    expect((await monthRow(page, '2026-09')).slice(0, 3)).toEqual(['September 2026', 'belum dibuat', '']);

    // October: the draft shown, its digest the one recorded (same data, same bytes); Periksa, no Setujui
    await after(page, 'shown', () => page.click('#months tr[data-month="2026-10"] button'));
    const shown = await counters(page);
    const [draft] = await record('2026-10');
    expect(shown).toMatchObject({ status: 'draft', sha256: draft!.sha256 });
    expect(await page.locator('#report-title').innerText()).toBe('Laporan Oktober 2026');
    expect(new URL(page.url()).searchParams.get('month')).toBe('2026-10');
    expect(await page.locator('#report iframe.pdf').getAttribute('src')).toBe(
      '/api/reports/pekanbaru/2026-10.pdf?lang=id',
    );
    expect(await page.locator('#setujui').count()).toBe(0);
    expect(await page.locator('#report .history tbody tr').count()).toBe(1);
    await checkPage(page);
    await after(page, 'acted', () => page.click('#periksa'));
    expect(await page.locator('#status').innerText()).toBe('Laporan Oktober 2026 diperiksa.');
    const [checked] = await record('2026-10');
    // the recorded draft itself is what she checked (its digest was sent)
    expect(checked).toMatchObject({ report_id: draftId, status: 'checked', checked_by: 'sek', sha256: draft!.sha256 });
    const octNow = await monthRow(page, '2026-10');
    expect(octNow.slice(0, 3)).toEqual(['Oktober 2026', 'diperiksa', 'sek']);
    expect(octNow[3]).toContain(dayWib(checked!.checked_at!));
    // a checked report: nothing more for the Sekretaris
    expect(await page.locator('#periksa, #kembalikan, #setujui').count()).toBe(0);
    expect(await page.locator('#report .actions').innerText()).toBe(
      'Tidak ada tindakan untuk peran Anda pada keadaan ini.',
    );

    // September: Kembalikan without a note is refused in the page (nothing sent, nothing recorded)
    await after(page, 'shown', () => page.click('#months tr[data-month="2026-09"] button'));
    await after(page, 'refused', () => page.click('#kembalikan'));
    expect(await page.locator('#action-error').innerText()).toBe(
      'Tulis catatan: apa yang harus diperbaiki sebelum laporan dikembalikan.',
    );
    expect(await page.evaluate('document.activeElement.id')).toBe('note');
    expect(await record('2026-09')).toEqual([]);
    await page.fill('#note', 'Tabel pengaduan belum memuat bulan September.');
    await after(page, 'acted', () => page.click('#kembalikan'));
    const [returned] = await record('2026-09');
    expect(returned).toMatchObject({
      status: 'returned',
      checked_by: 'sek',
      note: 'Tabel pengaduan belum memuat bulan September.',
    });
    expect((await monthRow(page, '2026-09')).slice(0, 3)).toEqual(['September 2026', 'dikembalikan', 'sek']);
    expect((await monthRow(page, '2026-09'))[4]).toBe('Tabel pengaduan belum memuat bulan September.');
    // the history of the month: the returned copy with who and the note
    const hist = await page.locator('#report .history tbody tr td').allInnerTexts();
    expect(hist[0]).toBe(String(returned!.report_id));
    expect(hist[1]).toBe('dikembalikan');
    expect(hist[3]).toContain('sek, ');
    expect(hist[4]).toBe('Tabel pengaduan belum memuat bulan September.');
    // a returned report is rendered again: the draft shown may be checked or returned once more
    expect(await page.locator('#periksa').count()).toBe(1);
    draftPdf = await download(page);
    await checkPage(page);
    expect(problems).toEqual([]);
  });

  it('the Kepala Dinas sees Setujui only on the checked report and approves it; the PDFs read back', async () => {
    const { page, problems } = await signedIn('kadis', '/laporan?office=pekanbaru&month=2026-09');
    // September is returned: nothing for her
    expect(await counters(page)).toMatchObject({ status: 'draft' });
    expect(await page.locator('#periksa, #kembalikan, #setujui').count()).toBe(0);
    await after(page, 'shown', () => page.click('#months tr[data-month="2026-10"] button'));
    expect(await page.locator('#periksa, #kembalikan').count()).toBe(0);
    expect(await page.locator('#setujui').count()).toBe(1);
    const [checked] = await record('2026-10');
    expect(await counters(page)).toMatchObject({ status: 'checked', sha256: checked!.sha256 });
    await checkPage(page);
    await after(page, 'acted', () => page.click('#setujui'));
    expect(await page.locator('#status').innerText()).toBe('Laporan Oktober 2026 disetujui.');
    const [approved] = await record('2026-10');
    expect(approved).toMatchObject({
      report_id: draftId,
      status: 'approved',
      approved_by: 'kadis',
      report_no: `${draftId}/LAP-SLA/PEKANBARU/X/2026`,
    });
    const row = await monthRow(page, '2026-10');
    expect(row.slice(0, 3)).toEqual(['Oktober 2026', 'disetujui', 'kadis']);
    expect(row[3]).toContain(dayWib(approved!.approved_at!));
    expect(await page.locator('#setujui').count()).toBe(0);
    expect(await page.locator('#report .verify-line').innerText()).toBe(
      `Nomor ${draftId}/LAP-SLA/PEKANBARU/X/2026; laporan #${draftId}, sidik ${checked!.sha256.slice(0, 16)}. Periksa keaslian salinan dengan sla reports verify BERKAS atau di halaman Verifikasi.`,
    );
    expect(await counters(page)).toMatchObject({ status: 'approved', sha256: approved!.sha256 });

    // the approved copy through the page's link: no DRAF, the approval and its verification line
    approvedPdf = await download(page);
    const ap = pdfPages(approvedPdf);
    for (const [i, p] of ap.entries()) expect(p, `approved page ${i + 1}`).not.toContain('DRAF');
    const text = lines(ap).join(' ');
    expect(text).toContain(`Nomor: ${draftId}/LAP-SLA/PEKANBARU/X/2026`);
    expect(text).toContain(
      `Verifikasi: laporan #${draftId}, sidik ${checked!.sha256.slice(0, 16)} (SHA-256 salinan yang diperiksa Sekretaris).`,
    );
    // the returned month's draft, downloaded by the Sekretaris: DRAF at the top of every page
    const dp = pdfPages(draftPdf);
    expect(dp.length).toBeGreaterThan(0);
    dp.forEach((p, i) => expect(p.split('\n')[0]!.trim(), `draft page ${i + 1}`).toBe(DRAF_LINE));
    await checkPage(page);

    // in English
    await open(page, '/laporan?office=pekanbaru&lang=en');
    expect(await page.locator('h2.page-title').innerText()).toBe('Reports');
    // the English report is a report of its own (records per language): none made yet
    expect((await monthRow(page, '2026-10')).slice(0, 2)).toEqual(['October 2026', 'not yet made']);
    await checkPage(page);
    expect(problems).toEqual([]);
  });

  it('an auditor verifies: the approved file, the draft, a changed file dropped on the page', async () => {
    const { page, problems } = await signedIn('audit', '/verifikasi');
    // an auditor does not read reports: no Laporan link, Verifikasi is there
    expect(await page.locator('nav a').allInnerTexts()).toEqual(['Verifikasi']);
    const verify = async (name: string, buffer: Buffer) => {
      await page.setInputFiles('#pdf', { name, mimeType: 'application/pdf', buffer });
      await after(page, 'verified', () => page.click('#verify-button'));
      return {
        verdict: await page.locator('#verdict-body .verdict').getAttribute('data-verdict'),
        text: await page.locator('#verdict-body .verdict').innerText(),
      };
    };
    const [approved] = await record('2026-10');
    const ok = await verify('laporan-oktober.pdf', approvedPdf);
    expect(ok.verdict).toBe('approved');
    expect(ok.text).toBe(
      `Salinan resmi yang disetujui: laporan DPMPTSP Kota Pekanbaru Oktober 2026, nomor ${draftId}/LAP-SLA/PEKANBARU/X/2026, disetujui oleh kadis pada ${new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Jakarta' }).format(approved!.approved_at!)}.`,
    );
    const [returned] = await record('2026-09');
    const draft = await verify('laporan-september.pdf', draftPdf);
    expect(draft.verdict).toBe('not_approved');
    expect(draft.text).toBe(
      `Bukan salinan yang disetujui: berkas ini adalah salinan berstatus dikembalikan dari laporan DPMPTSP Kota Pekanbaru September 2026 (laporan #${returned!.report_id}).`,
    );
    // a changed copy, dropped on the page
    const changed = Buffer.concat([approvedPdf, Buffer.from('\n% changed\n')]);
    const before = (await counters(page)).verified;
    const dt = await page.evaluateHandle(
      `(() => { const d = new DataTransfer(); d.items.add(new File([new Uint8Array(${JSON.stringify([...changed])})], 'diubah.pdf', { type: 'application/pdf' })); return d; })()`,
    );
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
    await page.waitForFunction(
      (n) => ((globalThis as unknown as { __reports?: Counters }).__reports?.verified ?? -1) > n,
      before,
    );
    expect(await page.locator('#verdict-body .verdict').getAttribute('data-verdict')).toBe('unknown');
    expect(await page.locator('#verdict-body .verdict').innerText()).toBe(
      'Tidak dikenal: berkas ini bukan salinan laporan yang tercatat di sini, atau telah diubah.',
    );
    await checkPage(page);
    expect(problems).toEqual([]);
  });
});
