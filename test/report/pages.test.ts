import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * The report pages on the server (issue #22 part 3), over test/fixtures/auth/two-offices.csv (one
 * case in pekanbaru, May 2026; one in lampung-selatan): who may open *Laporan* and *Verifikasi*,
 * which buttons the page is told it may show, the offices of the caller's scope, the links in the
 * dashboards' navigation, and the frame rules (the page may frame its own origin's PDF; the PDF
 * may be framed by its own origin only; every other answer stays DENY). The pages' behaviour in a
 * browser: test/report/browser.test.ts.
 */

let db: Database;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  for (const [id, roles, offices] of [
    ['sek', ['sekretaris'], ['pekanbaru']],
    ['kadis', ['kepala_dinas'], undefined],
    ['aud', ['auditor'], undefined],
  ] as const) {
    tokens[id] = (
      await addUser(db, { id, roles: [...roles], offices: offices ? [...offices] : undefined, token: true })
    ).token!;
  }
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  db?.close();
});

const get = (who: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}`, accept: 'text/html' } });

describe('the Laporan and Verifikasi pages', () => {
  it('Laporan: the Sekretaris may check (not approve) within her office; the Kepala Dinas may approve, every office; an auditor is refused', async () => {
    const sek = await get('sek', '/laporan');
    expect(sek.statusCode, sek.body).toBe(200);
    expect(sek.body).toContain('data-can-check="true" data-can-approve="false" data-local="false"');
    expect(sek.body).toContain('<option value="pekanbaru" data-tz="Asia/Jakarta" selected>');
    expect(sek.body).not.toContain('value="lampung-selatan"');
    expect(sek.body).toContain(
      '<li><a href="/laporan?lang=id" aria-current="page">Laporan</a></li><li><a href="/verifikasi?lang=id">Verifikasi</a></li>',
    );
    // a same-origin frame for the PDF, nothing else: the dashboards' policy otherwise
    expect(sek.headers['content-security-policy']).toContain("frame-src 'self'; frame-ancestors 'none'");
    expect(sek.headers['content-security-policy']).toContain("script-src 'self'");
    expect(sek.headers['x-frame-options']).toBe('DENY');

    const kadis = await get('kadis', '/laporan?office=lampung-selatan&month=2026-05&lang=en');
    expect(kadis.statusCode).toBe(200);
    expect(kadis.body).toContain('data-month="2026-05" data-can-check="false" data-can-approve="true"');
    expect(kadis.body).toContain('<option value="lampung-selatan" data-tz="Asia/Jakarta" selected>');
    expect(kadis.body).toContain('<option value="pekanbaru" data-tz="Asia/Jakarta">');
    expect(kadis.body).toContain('<h2 class="page-title">Reports</h2>');

    expect((await get('aud', '/laporan')).statusCode).toBe(403);
  });

  it('Verifikasi: anyone signed in, with the office names of their scope; the auditor sees only its link', async () => {
    const aud = await get('aud', '/verifikasi');
    expect(aud.statusCode, aud.body).toBe(200);
    expect(aud.body).toContain(
      '<nav aria-label="Dasbor Kinerja Pelayanan DPMPTSP"><ul><li><a href="/verifikasi?lang=id" aria-current="page">Verifikasi</a></li></ul></nav>',
    );
    expect(aud.body).toContain(
      '<label>Berkas PDF <input type="file" id="pdf" name="pdf" accept="application/pdf,.pdf" required></label>',
    );
    const sek = await get('sek', '/verifikasi');
    expect(sek.body).toContain('data-offices="{&#34;pekanbaru&#34;:{&#34;name&#34;:');
    expect(sek.body).not.toContain('lampung-selatan');
    expect(
      (await app.inject({ method: 'GET', url: '/verifikasi', headers: { accept: 'text/html' } })).headers.location,
    ).toBe('/login?next=%2Fverifikasi');
  });

  it('the dashboards link both pages for those who read reports', async () => {
    const dash = await get('kadis', '/?office=pekanbaru');
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain(
      '<li><a href="/laporan?lang=id">Laporan</a></li><li><a href="/verifikasi?lang=id">Verifikasi</a></li>',
    );
  });

  it('in local mode (no users) the page may check and approve, and asks who signs', async () => {
    const local = await openTestDb();
    const a = await buildApp({ db: local });
    try {
      const res = await a.inject({ method: 'GET', url: '/laporan' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('data-can-check="true" data-can-approve="true" data-local="true"');
    } finally {
      await a.close();
      local.close();
    }
  });

  it('the Muat data and Pengguna pages link them too', async () => {
    const ops = await openTestDb();
    await addUser(ops, { id: 'op', roles: ['operator', 'admin'], token: true }).then((r) => (tokens.op = r.token!));
    const a = await buildApp({ db: ops });
    try {
      for (const url of ['/muat', '/pengguna']) {
        const res = await a.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens.op}` } });
        expect(res.statusCode, url).toBe(200);
        // an operator and admin reads no report: Verifikasi only
        expect(res.body, url).toContain('<li><a href="/verifikasi?lang=id">Verifikasi</a></li>');
        expect(res.body, url).not.toContain('href="/laporan');
      }
    } finally {
      await a.close();
      ops.close();
    }
  });

  it('the PDF may be framed by its own origin only', async () => {
    const pdf = await get('sek', '/api/reports/pekanbaru/2026-05.pdf');
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(pdf.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(pdf.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    // every other answer keeps DENY
    expect((await get('sek', '/api/reports/states?office=pekanbaru')).headers['x-frame-options']).toBe('DENY');
  });
});
