/**
 * Issue #25 §4: an error in the browser (a bad filter, another office's page, a role without
 * access, an address that does not exist) is an HTML page in the user's language with a way
 * back, not raw JSON; API errors are in the caller's language (?lang in the address, else
 * Accept-Language; both
 * languages when the caller states neither, as before).
 * Over test/fixtures/auth/two-offices.csv (one case in pekanbaru, one in lampung-selatan).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { callerLang, messageIn } from '../../src/i18n/index.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';

let db: Database;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
const html = 'text/html,application/xhtml+xml';

beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  tokens.pku = (
    await addUser(db, { id: 'kadis.pku', roles: ['kepala_dinas'], offices: ['pekanbaru'], token: true })
  ).token!;
  tokens.op = (await addUser(db, { id: 'op', roles: ['operator'], token: true })).token!;
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

const get = (url: string, headers: Record<string, string>, who?: string) =>
  app.inject({
    method: 'GET',
    url,
    headers: { ...headers, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
  });

describe('the language of a caller, and of a message made in both', () => {
  it('?lang first, then the first language of Accept-Language; none stated: null', () => {
    expect(callerLang({ url: '/tahapan?lang=en', headers: { 'accept-language': 'id-ID,id;q=0.9' } })).toBe('en');
    expect(callerLang({ url: '/tahapan', headers: { 'accept-language': 'en-US,en;q=0.9' } })).toBe('en');
    expect(callerLang({ url: '/tahapan?lang=xx', headers: { 'accept-language': 'id-ID,en;q=0.5' } })).toBe('id');
    expect(callerLang({ url: '/', headers: { 'accept-language': 'in' } })).toBe('id');
    expect(callerLang({ url: '/', headers: { 'accept-language': 'fr-FR' } })).toBeNull();
    expect(callerLang({ url: '/', headers: {} })).toBeNull();
  });
  it('"Indonesian / English": the part of the language; no language, or no separator: as it is', () => {
    expect(messageIn('akses ditolak / access denied', 'id')).toBe('akses ditolak');
    expect(messageIn('akses ditolak / access denied', 'en')).toBe('access denied');
    expect(messageIn('akses ditolak / access denied', null)).toBe('akses ditolak / access denied');
    expect(messageIn('GET /api/x', 'en')).toBe('GET /api/x');
  });
});

describe('a page that cannot be shown is an HTML page with a way back', () => {
  it('a bad filter: 400, the reason in Indonesian by default, a link back to where the user was and to Ringkasan', async () => {
    const res = await get('/tahapan?office=pekanbaru&month=2026-13', {
      accept: html,
      referer: 'http://localhost:80/tahapan?office=pekanbaru',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('<html lang="id">');
    expect(res.body).toContain('<h2>Permintaan tidak dapat diproses</h2>');
    expect(res.body).toContain(
      '<p class="error" role="alert">nilai tidak sah — querystring/month: YYYY-MM; querystring/month: bulan tidak ada di kalender</p>',
    );
    expect(res.body).not.toContain('invalid value');
    expect(res.body).toContain(
      '<a href="http://localhost:80/tahapan?office=pekanbaru">Kembali ke halaman sebelumnya</a>',
    );
    expect(res.body).toContain('<a href="/?lang=id">Ke Ringkasan</a>');
    expect(res.body).not.toContain('<script');
  });

  it("in English with ?lang=en (a page's language is its address's, as the pages': an English browser still gets Indonesian); no way back to another site", async () => {
    const browserEn = await get('/tahapan?office=pekanbaru&month=2026-13', {
      accept: html,
      'accept-language': 'en-GB,en;q=0.8',
    });
    expect(browserEn.body).toContain('<h2>Permintaan tidak dapat diproses</h2>');
    for (const [url, headers] of [
      ['/tahapan?office=pekanbaru&month=2026-13&lang=en', { accept: html }],
      [
        '/tahapan?office=pekanbaru&month=2026-13&lang=en',
        { accept: html, 'accept-language': 'id-ID', referer: 'https://elsewhere.example/x' },
      ],
    ] as const) {
      const res = await get(url, headers);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('<html lang="en">');
      expect(res.body).toContain('<h2>The request cannot be processed</h2>');
      expect(res.body).toContain(
        'role="alert">invalid value — querystring/month: YYYY-MM; querystring/month: not a calendar month (YYYY-MM, e.g. 2026-10)</p>',
      );
      expect(res.body).not.toContain('Back to the previous page');
      expect(res.body).toContain('<a href="/?lang=en">Go to the Summary</a>');
    }
  });

  it("another office's page: 403 in the user's language, naming the offices they may see", async () => {
    const res = await get('/tahapan?office=lampung-selatan', { accept: html, 'accept-language': 'id-ID' }, 'pku');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h2>Akses ditolak</h2>');
    expect(res.body).toContain('role="alert">akses terbatas pada kantor pekanbaru</p>');
    expect(res.body).toContain('Status 403 · Kode FORBIDDEN');
  });

  it('a role without access (an operator on the dashboards): 403 page', async () => {
    const res = await get('/tahapan?office=pekanbaru', { accept: html }, 'op');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h2>Akses ditolak</h2>');
    expect(res.body).toMatch(/role="alert">peran operator tidak diizinkan; perlu kepala_dinas atau sekretaris<\/p>/);
  });

  it('an address that does not exist: 404 page; the same under /api/ is JSON', async () => {
    const page = await get('/tidak-ada', { accept: html });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('<h2>Halaman tidak ditemukan</h2>');
    const api = await get('/api/tidak-ada', { accept: html });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'GET /api/tidak-ada tidak ada / GET /api/tidak-ada not found' },
    });
  });
});

describe("API errors in the caller's language", () => {
  it('Accept-Language or ?lang picks one language; a caller stating neither gets both', async () => {
    const url = '/api/dash/tahapan/xlsx?office=pekanbaru&section=nope';
    expect((await get(url, { 'accept-language': 'en-US' }, 'pku')).json().error.message).toBe(
      'table nope is not on page tahapan',
    );
    expect((await get(url, { 'accept-language': 'id-ID' }, 'pku')).json().error.message).toBe(
      'tabel nope tidak ada di halaman tahapan',
    );
    expect((await get(`${url}&lang=en`, {}, 'pku')).json().error.message).toBe('table nope is not on page tahapan');
    expect((await get(url, {}, 'pku')).json().error.message).toBe(
      'tabel nope tidak ada di halaman tahapan / table nope is not on page tahapan',
    );
    // a page asked for by a script (no text/html in Accept) answers JSON too
    const scripted = await get('/tahapan?office=lampung-selatan', { 'accept-language': 'en' }, 'pku');
    expect(scripted.statusCode).toBe(403);
    expect(scripted.json().error).toEqual({ code: 'FORBIDDEN', message: 'access is limited to offices pekanbaru' });
  });
});
