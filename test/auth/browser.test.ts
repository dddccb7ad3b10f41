import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { launchChromium, listen, watchedPage } from '../browser.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * Sign-in in a real browser (Debian chromium, headless): with users configured, the dashboard
 * sends an anonymous visitor to /login; a user and password give a session cookie; the dashboard
 * then loads without console errors; logout (with the CSRF token from /api/session) ends it.
 */

let db: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  await addUser(db, {
    id: 'kadis',
    roles: ['kepala_dinas'],
    offices: ['pekanbaru'],
    password: 'rahasia-panjang-sekali',
  });
  app = await buildApp({ db });
  base = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.close();
});

describe('browser sign-in', () => {
  it("signs in with user and password, shows the dashboard of the user's office, and signs out", async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${base}/tahapan`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name="user"]', 'kadis');
    await page.fill('input[name="password"]', 'salah-sekali-ini');
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.searchParams.get('failed') === '1');
    expect(await page.locator('[role="alert"]').count()).toBe(1);
    await page.fill('input[name="user"]', 'kadis');
    await page.fill('input[name="password"]', 'rahasia-panjang-sekali');
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname === '/tahapan');
    // the session cookie is HTTP-only: not readable by page script
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'sla_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // the page draws for the user's own office
    await page.waitForSelector('h2, .page-title');
    expect(page.url()).toContain('office=pekanbaru');
    // the page's script has finished (its data fetched and drawn) before the session ends under it
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    const session = (await page.evaluate(async () => (await fetch('/api/session')).json())) as { csrf_token: string };
    expect(session).toMatchObject({ mode: 'enforced', user: 'kadis', offices: ['pekanbaru'] });
    // logout needs the CSRF token
    const refused = await page.evaluate(async () => (await fetch('/logout', { method: 'POST' })).status);
    expect(refused).toBe(403);
    const out = await page.evaluate(
      async (csrf: string) => (await fetch('/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } })).status,
      session.csrf_token,
    );
    expect(out).toBe(200);
    expect(await page.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
    expect(problems.filter((p) => !p.includes('403') && !p.includes('401'))).toEqual([]);
  });
});
