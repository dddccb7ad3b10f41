import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * Malformed input in URLs is a 400 with a message, never a 500 (issue 23 part 4): dates that are
 * not in the calendar (2026-02-30), the month 0000-01, and a `next` page after sign-in holding
 * control characters (which, put into a Location header, made Node throw), refused rather than
 * followed.
 */

let db: Database;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  token = (await addUser(db, { id: 'sek', roles: ['sekretaris', 'kepala_dinas', 'operator'], token: true })).token!;
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  db?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('dates that do not exist are 400 with a message', () => {
  const urls = [
    '/api/sla/summary?office=pekanbaru&from=2026-02-30',
    '/api/sla/steps?office=pekanbaru&to=2026-13-01',
    '/api/sla/officers?office=pekanbaru&from=2026-04-31&to=2026-05-01',
    '/api/sla/summary?office=pekanbaru&month=0000-01',
    '/api/cases?office=pekanbaru&month=0000-01',
    '/api/complaints?office=pekanbaru&month=0000-01',
    '/api/complaints/monthly?office=pekanbaru&month=0000-01',
    '/api/reports/pekanbaru/0000-01.pdf',
    '/api/reports?office=pekanbaru&month=0000-01',
    '/api/dash/ringkasan?office=pekanbaru&period=range&from=2026-02-30&to=2026-03-10',
    '/api/dash/ringkasan?office=pekanbaru&month=0000-01',
  ];
  for (const url of urls) {
    it(url, async () => {
      const r = await get(url);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.code).toBe('BAD_REQUEST');
      expect(r.json().error.message).toMatch(/tanggal|bulan|date|month/i);
    });
  }

  it('real dates still answer (2024-02-29, a leap day)', async () => {
    expect((await get('/api/sla/summary?office=pekanbaru&from=2024-02-29&to=2026-12-31')).statusCode).toBe(200);
  });
});

describe('next= with control characters is refused, not a 500 or a redirect', () => {
  const bad = ['/\r\nSet-Cookie: x=1', '/tahapan\n', '/\u0000', '/%0d%0a'.replace('%0d%0a', '\t'), '/\u007f'];
  for (const next of bad) {
    it(`POST /login with next=${JSON.stringify(next)}`, async () => {
      const r = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, next }).toString(),
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers.location).toBeUndefined();
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.json().error.code).toBe('BAD_REQUEST');
    });
    it(`GET /login?next=${JSON.stringify(next)}`, async () => {
      const r = await app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent(next)}` });
      expect(r.statusCode, r.body).toBe(400);
    });
  }

  it('a plain path is still followed after sign-in', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, next: '/tahapan?office=pekanbaru' }).toString(),
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/tahapan?office=pekanbaru');
  });
});
