import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ACCESS } from '../../src/auth/access.js';
import { ROLES } from '../../src/auth/principal.js';
import { addUser, loadUsersFile, revokeToken, TokenCache } from '../../src/auth/users.js';
import { loadConfig } from '../../src/config.js';
import { InputError } from '../../src/errors.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/store/open.js';
import { loadFile } from '../../src/ingest/load.js';
import { serve } from '../../src/server.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * Access control (SPEC §4, issue #11) over test/fixtures/auth/two-offices.csv: one case in
 * pekanbaru (PKU-1), one in lampung-selatan (LSL-1).
 */

let db: Database;
let app: FastifyInstance;
const logs: string[] = [];
const tokens: Record<string, string> = {};
const FILE_TOKEN = `sla_fileToken001_${'x'.repeat(43)}`;

beforeAll(async () => {
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('auth/two-offices.csv') });
  for (const [id, roles, offices] of [
    ['kadis', ['kepala_dinas'], undefined],
    ['sek', ['sekretaris'], undefined],
    ['aud', ['auditor'], undefined],
    ['op', ['operator'], undefined],
    ['two', ['kepala_dinas'], ['pekanbaru', 'lampung-selatan']],
    ['multi', ['auditor', 'operator'], undefined],
    ['aud.pku', ['auditor'], ['pekanbaru']],
    ['adm', ['admin'], undefined],
  ] as const) {
    tokens[id] = (
      await addUser(db, { id, roles: [...roles], offices: offices ? [...offices] : undefined, token: true })
    ).token!;
  }
  await addUser(db, { id: 'pwd', roles: ['sekretaris'], password: 'rahasia-panjang-sekali', token: false });
  await loadUsersFile(db, fixture('auth/users.yaml'));
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ db, logLevel: 'trace', logStream });
});

afterAll(async () => {
  await app.close();
  db.close();
});

const as = (who: string | null, opts: InjectOptions & { url: string }) =>
  app.inject({
    ...opts,
    headers: {
      ...(opts.headers ?? {}),
      ...(who ? { authorization: `Bearer ${who === 'file' ? FILE_TOKEN : tokens[who]}` } : {}),
    },
  });
const get = (who: string | null, url: string) => as(who, { method: 'GET', url });

describe('every route declares who may call it', () => {
  it('has a rule for every route of the app, and no rule for a route that does not exist', () => {
    const served = new Set(app.auth.routes.map((r) => r.route.replace(/^HEAD /, 'GET ')));
    // the routes served are exactly those of the table: no stale rule, no route without one
    expect([...served].sort()).toEqual(Object.keys(ACCESS).sort());
    for (const r of app.auth.routes) {
      // each route carries its own rule, and every rule names callers that exist
      expect(r.access, r.route).toBe(ACCESS[r.route.replace(/^HEAD /, 'GET ')]);
      const roles = r.access.roles;
      if (roles !== 'public' && roles !== 'any') {
        expect(roles.length, r.route).toBeGreaterThan(0);
        for (const role of roles) expect(ROLES, r.route).toContain(role);
      }
    }
  });

  it('refuses to add a route without a rule', async () => {
    const other = await buildApp({ db });
    try {
      expect(() => other.get('/api/unruled', async () => ({}))).toThrow(/no access rule/);
    } finally {
      await other.close();
    }
  });
});

describe('roles against route families (401 without sign-in, 403 with the wrong role)', () => {
  const families: Array<[string, string, string[]]> = [
    ['SLA figures', '/api/sla/summary?office=pekanbaru', ['kadis', 'sek']],
    ['cases', '/api/cases?office=pekanbaru', ['kadis', 'sek']],
    ['IKM', '/api/ikm?office=pekanbaru', ['kadis', 'sek']],
    ['complaint figures', '/api/complaints/resolution?office=pekanbaru', ['kadis', 'sek']],
    ['complaint register', '/api/complaints?office=pekanbaru', ['kadis', 'sek', 'op', 'multi']],
    ['load history', '/api/batches', ['sek', 'op', 'multi']],
    ['service health', '/api/health', ['kadis', 'sek', 'aud', 'op', 'multi', 'adm']],
    ['dashboard data', '/api/dash/tahapan?office=pekanbaru', ['kadis', 'sek']],
    ['report records', '/api/reports?office=pekanbaru', ['kadis', 'sek', 'aud', 'multi']],
    // the admin role administers users only: no office data (issue #22)
    ['user administration', '/api/users', ['adm']],
  ];
  for (const [family, url, allowed] of families) {
    it(`${family}: ${allowed.join(', ')}`, async () => {
      expect((await get(null, url)).statusCode).toBe(401);
      for (const who of ['kadis', 'sek', 'aud', 'op', 'multi', 'adm']) {
        const res = await get(who, url);
        expect(res.statusCode, `${who} ${url}`).toBe(allowed.includes(who) ? 200 : 403);
        if (res.statusCode === 403) expect(res.json().error.code).toBe('FORBIDDEN');
      }
    });
  }

  it('auditor SQL: auditor only, and the audit log names the user', async () => {
    const sql = (who: string | null) =>
      as(who, { method: 'POST', url: '/api/sql', payload: { sql: 'select count(*) as n from events' } });
    expect((await sql(null)).statusCode).toBe(401);
    for (const who of ['kadis', 'sek', 'op']) expect((await sql(who)).statusCode, who).toBe(403);
    const ok = await sql('aud');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().rows).toEqual([{ n: 4 }]);
    const audit = await db.one<{ who: string }>('select who from query_audit_log where query_id = $id', {
      id: ok.json().query_id,
    });
    expect(audit!.who).toBe('aud');
    expect((await get('aud', '/api/sql/schema')).statusCode).toBe(200);
    expect((await get('kadis', '/api/sql/schema')).statusCode).toBe(403);
  });

  it('sends a browser without a session to the login page, and refuses an unknown or revoked token', async () => {
    const page = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2F');
    const login = await app.inject({ method: 'GET', url: '/login' });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('href="/assets/dash/dash.css"');
    expect((await app.inject({ method: 'GET', url: '/assets/dash/dash.css' })).statusCode).toBe(200); // public, no data
    const bogus = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { authorization: `Bearer sla_AAAAAAAAAAAA_${'y'.repeat(43)}` },
    });
    expect(bogus.statusCode).toBe(401);
    const t = await addUser(db, { id: 'temp', roles: ['kepala_dinas'], token: true });
    expect(
      (await app.inject({ method: 'GET', url: '/api/health', headers: { authorization: `Bearer ${t.token}` } }))
        .statusCode,
    ).toBe(200);
    expect(await revokeToken(db, t.tokenId!)).toBe(true);
    expect(
      (await app.inject({ method: 'GET', url: '/api/health', headers: { authorization: `Bearer ${t.token}` } }))
        .statusCode,
    ).toBe(401);
  });

  it('verifies bearer tokens from memory until the next committed write: revocation, role change and expiry apply at the next use', async () => {
    let reads = 0;
    const counted = {
      get generation() {
        return db.generation;
      },
      all: ((sql: string) => (reads++, db.all(sql))) as Database['all'],
    };
    const cache = new TokenCache(counted);
    const t = await addUser(db, { id: 'cached', roles: ['sekretaris'], offices: ['pekanbaru'], token: true });
    expect(await cache.principal(t.token!)).toEqual({ id: 'cached', roles: ['sekretaris'], offices: ['pekanbaru'] });
    for (let i = 0; i < 50; i++) expect((await cache.principal(t.token!))?.id).toBe('cached');
    expect(await cache.principal(`sla_AAAAAAAAAAAA_${'y'.repeat(43)}`)).toBeNull(); // unknown id
    const last = t.token!.at(-1) === 'a' ? 'b' : 'a';
    expect(await cache.principal(`${t.token!.slice(0, -1)}${last}`)).toBeNull(); // known id, wrong secret
    expect(reads).toBe(1);
    // a committed write (here: the user's roles) is seen at the next use; concurrent uses share one read
    await addUser(db, { id: 'cached', roles: ['kepala_dinas'], token: false });
    const after = await Promise.all(Array.from({ length: 20 }, () => cache.principal(t.token!)));
    expect(after.map((p) => p?.roles.join())).toEqual(Array(20).fill('kepala_dinas'));
    expect(reads).toBe(2);
    // expiry is checked at each use, against the caller's clock
    await db.transaction((tx) =>
      tx.run(`update auth_tokens set expires_at = timestamptz '2030-01-01 00:00:00+00' where token_id = $id`, {
        id: t.tokenId!,
      }),
    );
    expect(await cache.principal(t.token!, Date.UTC(2029, 11, 31, 23, 59))).not.toBeNull();
    expect(await cache.principal(t.token!, Date.UTC(2030, 0, 1))).toBeNull();
    expect(await revokeToken(db, t.tokenId!)).toBe(true);
    expect(await cache.principal(t.token!, Date.UTC(2029, 0, 1))).toBeNull();
    expect(reads).toBe(4);
  });
});

describe('office scope', () => {
  it('gives an office-limited token its own office only, through every route', async () => {
    // a token from the users file, limited to pekanbaru: the office is filled in
    const summary = await get('file', '/api/sla/summary');
    expect(summary.statusCode).toBe(200);
    expect(summary.json().rows.map((r: { office: string }) => r.office)).toEqual(['pekanbaru']);
    expect((await get('file', '/api/sla/summary?office=lampung-selatan')).statusCode).toBe(403);
    expect((await get('file', '/api/cases?office=lampung-selatan')).statusCode).toBe(403);
    expect((await get('file', '/api/complaints/resolution?office=lampung-selatan')).statusCode).toBe(403);
    expect((await get('file', '/api/complaints/lampung-selatan/X')).statusCode).toBe(403);
    // a case of another office is not found within its own office
    expect((await get('file', '/api/cases/LSL-1')).statusCode).toBe(404);
    expect((await get('file', '/api/cases/PKU-1')).statusCode).toBe(200);
    const cases = await get('file', '/api/cases');
    expect(cases.json().rows.map((r: { case_id: string }) => r.case_id)).toEqual(['PKU-1']);
    // dashboards data and the monthly report of another office: refused
    expect((await get('file', '/api/dash/ringkasan?office=lampung-selatan')).statusCode).toBe(403);
    expect((await get('file', '/api/reports/lampung-selatan/2026-05.pdf')).statusCode).toBe(403);
    expect((await get('file', '/api/reports?office=lampung-selatan')).statusCode).toBe(403);
    // health lists its own office only
    expect((await get('file', '/api/health')).json().offices.map((o: { office: string }) => o.office)).toEqual([
      'pekanbaru',
    ]);
    // the unlimited kepala dinas sees both
    const all = await get('kadis', '/api/cases');
    expect(
      all
        .json()
        .rows.map((r: { case_id: string }) => r.case_id)
        .sort(),
    ).toEqual(['LSL-1', 'PKU-1']);
  });

  it("limits auditor SQL to the auditor's offices in every relation", async () => {
    const q = (sql: string) => as('aud.pku', { method: 'POST', url: '/api/sql', payload: { sql } });
    expect((await q('select distinct office from events')).json().rows).toEqual([{ office: 'pekanbaru' }]);
    expect((await q('select distinct office from case_sla')).json().rows).toEqual([{ office: 'pekanbaru' }]);
    expect((await q("select count(*) as n from events where office = 'lampung-selatan'")).json().rows).toEqual([
      { n: 0 },
    ]);
  });

  it('asks a token limited to several offices to name one', async () => {
    const res = await get('two', '/api/cases');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('office=');
    expect(
      (await get('two', '/api/cases?office=lampung-selatan')).json().rows.map((r: { case_id: string }) => r.case_id),
    ).toEqual(['LSL-1']);
    expect((await get('two', '/api/cases?office=rokan-hilir')).statusCode).toBe(403);
  });
});

function cookieOf(setCookie: string | string[] | undefined): string {
  const c = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return c.split(';')[0]!;
}

describe('browser sign-in', () => {
  it('exchanges a token for an HTTP-only, SameSite=Strict session cookie; CSRF guards logout', async () => {
    const login = await app.inject({ method: 'POST', url: '/login', payload: { token: tokens.kadis } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP to a loopback address (inject's host is localhost)
    const cookie = cookieOf(login.headers['set-cookie']);
    const { csrf_token } = login.json();
    const session = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(session.json()).toMatchObject({ mode: 'enforced', user: 'kadis', roles: ['kepala_dinas'], csrf_token });
    expect(
      (await app.inject({ method: 'GET', url: '/api/sla/summary?office=pekanbaru', headers: { cookie } })).statusCode,
    ).toBe(200);
    // no CSRF token, a wrong one, another origin: refused; the session survives
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { cookie } })).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': 'wrong' } })).statusCode,
    ).toBe(403);
    const cross = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie, 'x-csrf-token': csrf_token, origin: 'https://evil.example' },
    });
    expect(cross.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'x-csrf-token': csrf_token } });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('signs in with a user and password (scrypt) from the login form, and refuses a wrong one', async () => {
    const form = (body: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
    const ok = await form('user=pwd&password=rahasia-panjang-sekali&next=%2F%3Flang%3Den');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/?lang=en');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/session',
          headers: { cookie: cookieOf(ok.headers['set-cookie']) },
        })
      ).json().user,
    ).toBe('pwd');
    const bad = await form('user=pwd&password=salah-sekali-ini&next=https%3A%2F%2Fevil.example');
    expect(bad.statusCode).toBe(303);
    expect(bad.headers.location).toBe('/login?failed=1&lang=id&next=%2F'); // never to another site
    expect(bad.headers['set-cookie']).toBeUndefined();
  });

  it('marks the cookie Secure beyond loopback', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { host: 'sla.pekanbaru.go.id' },
      payload: { token: tokens.sek },
    });
    expect(String(login.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('ends a session when it expires', async () => {
    const short = await buildApp({ db, auth: { sessionMinutes: 2 } });
    // the session's clock is the test's: it expires exactly 2 minutes after sign-in, however slow the machine
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const signedIn = Date.now();
      const login = await short.inject({ method: 'POST', url: '/login', payload: { token: tokens.kadis } });
      const cookie = cookieOf(login.headers['set-cookie']);
      expect(String(login.headers['set-cookie'])).toMatch(/Max-Age=120\b/);
      const session = () => short.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
      expect((await session()).statusCode).toBe(200);
      vi.advanceTimersByTime(120_000 - 1);
      expect((await session()).statusCode).toBe(200); // a millisecond before the end
      vi.advanceTimersByTime(1);
      expect((await session()).statusCode).toBe(401);
      vi.setSystemTime(signedIn); // gone for good: not back when the clock is set back
      expect((await session()).statusCode).toBe(401);
    } finally {
      vi.useRealTimers();
      await short.close();
    }
  });

  it('rate-limits auditor SQL per user', async () => {
    const fresh = await buildApp({ db });
    vi.useFakeTimers({ toFake: ['Date'] }); // one window of a minute however long the 61 queries take
    try {
      const codes: number[] = [];
      for (let i = 0; i < 61; i++) {
        codes.push(
          (
            await fresh.inject({
              method: 'POST',
              url: '/api/sql',
              headers: { authorization: `Bearer ${tokens.multi}` },
              payload: { sql: `select ${i + 1}` },
            })
          ).statusCode,
        );
      }
      expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true);
      expect(codes[60]).toBe(429);
      // the refused one is in the audit log too (issue #23 §4), with what it asked and why it was refused
      const audit = await db.all<{ who: string; sql: string; outcome: string; error: string; rows_returned: number }>(
        "select who, sql, outcome, error, rows_returned from query_audit_log where sql in ('select 60', 'select 61') order by query_id",
      );
      expect(audit).toEqual([
        { who: 'multi', sql: 'select 60', outcome: 'ok', error: null, rows_returned: 1 },
        {
          who: 'multi',
          sql: 'select 61',
          outcome: 'refused',
          error: expect.stringMatching(/^terlalu banyak permintaan; coba lagi dalam \d+ detik/),
          rows_returned: 0,
        },
      ]);
      // another auditor is not held up by the first one's limit
      expect(
        (
          await fresh.inject({
            method: 'POST',
            url: '/api/sql',
            headers: { authorization: `Bearer ${tokens.aud}` },
            payload: { sql: 'select 1' },
          })
        ).statusCode,
      ).toBe(200);
      // a minute later the first one may query again
      vi.advanceTimersByTime(60_000);
      expect(
        (
          await fresh.inject({
            method: 'POST',
            url: '/api/sql',
            headers: { authorization: `Bearer ${tokens.multi}` },
            payload: { sql: 'select 1' },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      vi.useRealTimers();
      await fresh.close();
    }
  });

  it('rate-limits sign-in attempts (brute force)', async () => {
    const fresh = await buildApp({ db });
    vi.useFakeTimers({ toFake: ['Date'] }); // one window of a minute however long the attempts take
    try {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        codes.push(
          (
            await fresh.inject({
              method: 'POST',
              url: '/login',
              payload: { token: `sla_AAAAAAAAAAAA_${String(i).padStart(43, 'z')}` },
            })
          ).statusCode,
        );
      }
      expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(codes.slice(10)).toEqual([429, 429]);
      // the right token is refused too while the limit lasts
      expect((await fresh.inject({ method: 'POST', url: '/login', payload: { token: tokens.kadis } })).statusCode).toBe(
        429,
      );
      vi.advanceTimersByTime(60_000);
      expect((await fresh.inject({ method: 'POST', url: '/login', payload: { token: tokens.kadis } })).statusCode).toBe(
        200,
      );
    } finally {
      vi.useRealTimers();
      await fresh.close();
    }
  });
});

describe('secure defaults', () => {
  it('sends security headers with every response (strict CSP, no framing, no sniffing)', async () => {
    const res = await get('kadis', '/api/health');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never writes tokens, passwords or session cookies to the log', async () => {
    await get('kadis', '/api/health');
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      payload: { user: 'pwd', password: 'rahasia-panjang-sekali' },
    });
    await app.inject({ method: 'GET', url: '/api/health', headers: { cookie: cookieOf(login.headers['set-cookie']) } });
    const text = logs.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const t of Object.values(tokens)) expect(text).not.toContain(t.slice(17));
    expect(text).not.toContain('rahasia-panjang-sekali');
    expect(text).not.toContain(cookieOf(login.headers['set-cookie']).split('=')[1]!);
  });

  it('without users, lets every local caller in, and refuses to listen beyond loopback', async () => {
    const local = await openTestDb();
    const localApp = await buildApp({ db: local });
    try {
      expect((await localApp.inject({ method: 'GET', url: '/api/session' })).json()).toMatchObject({
        mode: 'local',
        user: 'local',
      });
    } finally {
      await localApp.close();
      local.close();
    }
    const path = join(tmpdir(), `sla-auth-${process.pid}.duckdb`);
    (await openDatabase(path)).close();
    try {
      await expect(
        serve({ ...loadConfig({}), dbPath: path, host: '0.0.0.0', port: 0 }, () => undefined),
      ).rejects.toThrow(/127\.0\.0\.1/);
    } finally {
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
  });
});

describe('the users file', () => {
  it("names each fault of its schema in the caller's language, never in zod's English, and loads nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-users-file-'));
    const file = join(dir, 'users.yaml');
    writeFileSync(
      file,
      ['users:', '  - id: Budi', '    roles: []', '    tokens:', '      - { id: short, secret_sha256: abc }', ''].join(
        '\n',
      ),
    );
    try {
      const before = await db.all('select user_id, roles from auth_users order by user_id');
      const fault = (lang?: 'id' | 'en') =>
        (lang ? loadUsersFile(db, file, lang) : loadUsersFile(db, file)).then(
          () => expect.unreachable('the file loaded'),
          (err: unknown) => {
            expect(err).toBeInstanceOf(InputError);
            return err as InputError;
          },
        );
      const id = await fault();
      expect(id.issues.map((i) => [i.field, i.reason])).toEqual([
        ['users.0.id', 'id pengguna terdiri dari 2–64 huruf kecil, angka, ".", "_" atau "-"'],
        ['users.0.roles', 'paling sedikit 1 butir'],
        ['users.0.tokens.0.id', 'id token terdiri dari 12 huruf atau angka'],
        ['users.0.tokens.0.secret_sha256', 'SHA-256 rahasia token ditulis 64 digit heksadesimal huruf kecil'],
      ]);
      expect(id.message.split('\n')[0]).toBe('4 kesalahan; tidak ada data yang dimuat');
      expect(id.message).toContain(`${file}, kolom users.0.roles: paling sedikit 1 butir`);
      expect((await fault('id')).message).toBe(id.message);

      const en = await fault('en');
      expect(en.issues.map((i) => i.reason)).toEqual([
        'a user id is 2–64 lowercase letters, digits, ".", "_" or "-"',
        'at least 1 item(s)',
        'a token id is 12 letters or digits',
        "a token secret's SHA-256 is 64 lowercase hexadecimal digits",
      ]);
      expect(en.message).toContain(`${file}, field users.0.roles: at least 1 item(s)`);
      for (const m of [id.message, en.message]) expect(m).not.toMatch(/Invalid|Too small|expected array/);
      expect(await db.all('select user_id, roles from auth_users order by user_id')).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
