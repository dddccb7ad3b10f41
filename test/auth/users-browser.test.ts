import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { launchChromium, listen, pageWidth, watchedPage } from '../browser.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * Who is signed in, and user administration (issue #22 part 4), in a real browser (Debian
 * chromium, headless) over test/fixtures/auth/two-offices.csv: an admin creates a user on the
 * *Pengguna* page, sees its token once, revokes it; a sekretaris sees her name, role and office
 * in the header and signs out with *Keluar*; other roles get 403 and no *Pengguna* link.
 */

let db: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let sekToken: string;
let admToken: string;
let opToken: string;

beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  admToken = (
    await addUser(db, {
      id: 'adm',
      name: 'Andi Admin',
      roles: ['admin'],
      password: 'rahasia-admin-panjang',
      token: true,
    })
  ).token!;
  sekToken = (
    await addUser(db, {
      id: 'sek',
      name: 'Siti Rahma',
      roles: ['sekretaris'],
      offices: ['pekanbaru'],
      password: 'rahasia-sekretaris-1',
      token: true,
    })
  ).token!;
  opToken = (await addUser(db, { id: 'op', roles: ['operator'], token: true })).token!;
  app = await buildApp({ db });
  base = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  db?.close();
});

/** A new page (phone width when asked) that records console errors and failed requests. */
async function newPage(width = 1280): Promise<{ page: Page; problems: string[] }> {
  return watchedPage(browser, { viewport: { width, height: 800 } }, { httpErrors: false });
}

async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="user"]', user);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type="submit"]')]);
}

const bearer = (token: string, path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });

describe('the Pengguna page (admin)', () => {
  it('an admin creates a user and sees its token once, revokes it, and the token then gets 401', async () => {
    const { page, problems } = await newPage(375); // a phone
    await signIn(page, 'adm', 'rahasia-admin-panjang');
    // an admin without a dashboard role lands on the page it may open
    expect(new URL(page.url()).pathname).toBe('/pengguna');
    expect(await page.textContent('.who .who-name')).toBe('Andi Admin (adm)');
    expect(await page.textContent('.who .who-roles')).toBe('Admin');
    expect(await page.textContent('.who .who-offices')).toBe('semua kantor');
    // the users so far: adm and sek, never a secret
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user')))).toEqual([
      'adm',
      'op',
      'sek',
    ]);
    const listed = await page.content();
    expect(listed).not.toContain(sekToken.slice(17)); // the secret part of a token
    expect(listed).not.toContain('scrypt$');

    await page.fill('input[name="id"]', 'budi');
    await page.fill('input[name="name"]', 'Budi Operator');
    await page.check('input[name="roles"][value="operator"]');
    await page.selectOption('select[name="offices"]', ['pekanbaru']);
    await page.fill('input[name="label"]', 'laptop loket');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/pengguna'),
      page.click('form.create button[type="submit"]'),
    ]);
    const token = (await page.textContent('#new-token'))!;
    expect(token).toMatch(/^sla_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const tokenId = token.slice(4, 16);
    const row = page.locator('tr[data-user="budi"]');
    expect(await row.locator('td').allTextContents()).toEqual([
      'budi',
      'Budi Operator',
      'Operator',
      'pekanbaru',
      'tidak',
      expect.stringContaining(tokenId),
    ]);
    // the token works, for what an operator may do, in its office
    expect((await bearer(token, '/api/batches')).status).toBe(200);
    expect((await bearer(token, '/api/sla/summary?office=pekanbaru')).status).toBe(403);
    // shown once: the page again has the token id, not the token
    await page.goto(`${base}/pengguna`);
    expect(await page.locator('#new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    expect(await row.textContent()).toContain(tokenId);
    // usable on a phone: nothing wider than the screen
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);

    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('revoked') === tokenId),
      row.locator('form.revoke button').click(),
    ]);
    expect(await page.textContent('[role="status"]')).toBe(`Token ${tokenId} dicabut.`);
    expect(await page.locator('tr[data-user="budi"] td').nth(5).textContent()).toBe('tidak ada');
    expect((await bearer(token, '/api/batches')).status).toBe(401);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('who is signed in (every page header)', () => {
  it('a sekretaris sees her name, role, office and Keluar, no Pengguna link; Keluar signs her out', async () => {
    const { page, problems } = await newPage();
    await signIn(page, 'sek', 'rahasia-sekretaris-1');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(page.url()).toContain('office=pekanbaru');
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    expect(await page.textContent('.who .who-name')).toBe('Siti Rahma (sek)');
    expect(await page.textContent('.who .who-roles')).toBe('Sekretaris');
    expect(await page.textContent('.who .who-offices')).toBe('pekanbaru');
    const keluar = page.getByRole('button', { name: 'Keluar' });
    expect(await keluar.count()).toBe(1);
    expect(await page.locator('a[href^="/pengguna"]').count()).toBe(0);
    // Keluar: the form posts the session's CSRF token to /logout, which ends the session
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), keluar.click()]);
    expect(await page.evaluate(async () => (await fetch('/api/session')).status)).toBe(401);
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    await page.close();
  });

  it('in local mode (no users) the header says "mode lokal" and has no Keluar', async () => {
    const local = await openTestDb();
    const localApp = await buildApp({ db: local });
    try {
      const res = await localApp.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(
        '<p class="who" aria-label="Pengguna yang masuk">mode lokal (tanpa pengguna, hanya 127.0.0.1)</p>',
      );
      expect(res.body).not.toContain('action="/logout"');
    } finally {
      await localApp.close();
      local.close();
    }
  });
});

describe('the Muat data page', () => {
  it('shows who is signed in too, without a Pengguna link for an operator', async () => {
    const html = await (await bearer(opToken, '/muat')).text();
    expect(html).toContain(
      '<span class="who-name">op</span> · <span class="who-roles">Operator</span> · <span class="who-offices">semua kantor</span>',
    );
    expect(html).not.toContain('href="/pengguna');
  });
});

describe('/api/users', () => {
  it('403 and no Pengguna link for a non-admin; an admin lists, creates (token once) and revokes; with a session, writes need the CSRF token', async () => {
    expect((await bearer(sekToken, '/api/users')).status).toBe(403);
    expect((await bearer(sekToken, '/pengguna')).status).toBe(403);
    expect(
      (
        await bearer(sekToken, '/api/users', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'x1', roles: ['admin'] }),
        })
      ).status,
    ).toBe(403);
    const dash = await (await bearer(sekToken, '/?office=pekanbaru')).text();
    expect(dash).not.toContain('href="/pengguna');
    // a bearer token has no session: the header names the user, without Keluar
    expect(dash).toContain('<span class="who-name">Siti Rahma (sek)</span>');
    expect(dash).not.toContain('action="/logout"');

    const created = await bearer(admToken, '/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'rini', name: 'Rini', roles: ['auditor'], token_label: 'api' }),
    });
    expect(created.status).toBe(201);
    const c = (await created.json()) as { user_id: string; token: string; token_id: string };
    expect(c.user_id).toBe('rini');
    expect(c.token.startsWith(`sla_${c.token_id}_`)).toBe(true);
    const list = (await (await bearer(admToken, '/api/users')).json()) as {
      users: Array<{
        user_id: string;
        roles: string[];
        offices: string[] | null;
        tokens: Array<{ token_id: string; label: string | null }>;
      }>;
    };
    expect(list.users.find((u) => u.user_id === 'rini')).toMatchObject({
      roles: ['auditor'],
      offices: null,
      tokens: [{ token_id: c.token_id, label: 'api' }],
    });
    expect(JSON.stringify(list)).not.toContain(c.token.slice(17));
    expect((await bearer(c.token, '/api/sql/schema')).status).toBe(200);
    const revoke = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token_id: c.token_id }),
    };
    const revoked = await bearer(admToken, '/api/users/revoke', revoke);
    expect(await revoked.json()).toEqual({ token_id: c.token_id, revoked: true });
    expect((await bearer(c.token, '/api/sql/schema')).status).toBe(401);
    expect((await bearer(admToken, '/api/users/revoke', revoke)).status).toBe(404);

    // with a session cookie: refused without the CSRF token, accepted with it
    const login = await app.inject({ method: 'POST', url: '/login', payload: { token: admToken } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const csrf = login.json().csrf_token as string;
    const body = { id: 'dewi', roles: ['operator'] };
    expect(
      (await app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: body })).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie, 'x-csrf-token': csrf },
          payload: body,
        })
      ).statusCode,
    ).toBe(201);
    // a role that does not exist: 400
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie, 'x-csrf-token': csrf },
          payload: { id: 'eko', roles: ['raja'] },
        })
      ).statusCode,
    ).toBe(400);

    // documented: the three operations, with their schemas
    const doc = (
      await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { authorization: `Bearer ${admToken}` } })
    ).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/users']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/users/revoke']!)).toEqual(['post']);
    expect(doc.paths['/pengguna']).toBeUndefined();
  });
});
