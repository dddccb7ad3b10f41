import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/app.js';
import { runClient, type ClientEnv } from '../../src/cli/client.js';
import { loadConfig } from '../../src/config.js';
import { serve } from '../../src/server.js';
import type { Database } from '../../src/db/database.js';
import { exportLake, MANIFEST, type Manifest } from '../../src/lake/export.js';
import { openRollup } from '../../src/lake/rollup.js';
import { fixture } from '../helpers.js';
import { OFFICES, openAll, openOne, tempDir } from './helpers.js';

/**
 * Issue #27 §2 and §3: three offices exported separately (three databases of one office each,
 * three lakes) and served with `--lake` over the three folders give the dashboards the same
 * figures as the office service over one database holding all three.
 */

const PAGES = ['ringkasan', 'tahapan', 'petugas', 'tren', 'pengaduan', 'skm', 'perbandingan'] as const;

describe('sla serve --lake over three offices exported apart', () => {
  const tmp = tempDir();
  let db: Database;
  let office: FastifyInstance;
  let rollup: FastifyInstance;
  let lakeDb: Database;
  beforeAll(async () => {
    db = await openAll();
    for (const o of OFFICES) {
      const one = await openOne(o);
      try {
        await exportLake(one, join(tmp.dir, o));
      } finally {
        one.close();
      }
    }
    office = await buildApp({ db });
    lakeDb = (await openRollup(OFFICES.map((o) => join(tmp.dir, o)))).db;
    rollup = await buildApp({ db: lakeDb, closeDb: true, readOnly: true });
  }, 600_000);
  afterAll(async () => {
    await rollup?.close();
    await office?.close();
    db?.close();
    tmp.remove();
  });

  const get = async (app: FastifyInstance, url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() as unknown };
  };

  test.each(PAGES)('%s: the same JSON for every office and for all', async (page) => {
    for (const o of [...OFFICES, 'all', '']) {
      for (const q of [
        '',
        '&period=year&year=2025',
        '&period=quarter&quarter=2025-Q3',
        '&period=range&from=2025-03-10&to=2025-08-20',
        '&lang=en',
      ]) {
        const url = `/api/dash/${page}?${[o && `office=${o}`, q.slice(1)].filter(Boolean).join('&')}`;
        const a = await get(office, url);
        const b = await get(rollup, url);
        expect(a.status, url).toBe(200);
        // the lists of open complaints read the complaint register, which stays in the office
        // (complainants, subjects): empty on the roll-up; every other figure is the same
        for (const sec of registerSections(b.body)) expect(sec.rows, `${url} ${sec.id}`).toEqual([]);
        expect(comparable(b), url).toEqual(comparable(a));
      }
    }
  });

  test('the fixture is what the comparison covers: three offices, complaints, IKM, officers by name', async () => {
    const ringkasan = (await get(rollup, '/api/dash/ringkasan?office=all&period=year&year=2025')).body as {
      sections: { id: string; rows: { name?: string }[] }[];
    };
    const desks = ringkasan.sections.find((x) => x.id === 'top_desks')!.rows;
    // the three desks with the most time over quota in 2025 (names from the lake's officers table)
    expect(desks.map((d) => d.name)).toEqual([
      'Dr. Marlina Siregar, S.E., M.M.',
      'Hendra Saputra, S.STP., M.Si.',
      'Rizky Syahputra, S.H., M.AP.',
    ]);
    const offices = await lakeDb.all<{ office: string; cases: number }>(
      'select office, count(*) as cases from case_sla group by office order by office',
    );
    const direct = await db.all<{ office: string; cases: number }>(
      'select office, count(*) as cases from case_sla group by office order by office',
    );
    expect(offices).toEqual(direct);
    expect(offices.map((x) => x.office)).toEqual(OFFICES);
    const complaints = await lakeDb.one<{ n: number }>(
      'select count(*) as n from complaint_resolution where received > 0',
    );
    expect(complaints!.n).toBeGreaterThan(0);
  });

  test('the roll-up reads the growing tables in place and holds the small ones, and the cases ever overdue, in memory', async () => {
    const kinds = await lakeDb.all<{ name: string; kind: string }>(
      `select view_name as name, 'view' as kind from duckdb_views() where view_name in ('events', 'case_sla', 'step_visits')
       union all
       select table_name, 'table' from duckdb_tables() where table_name in ('offices', 'officers', 'services', 'sop_steps', 'step_performance',
         'officer_performance', 'complaint_resolution', 'ikm_summary', 'ikm_by_unsur', 'case_overdue')
       order by kind, name`,
    );
    expect(kinds.filter((k) => k.kind === 'view').map((k) => k.name)).toEqual(['case_sla', 'events', 'step_visits']);
    expect(kinds.filter((k) => k.kind === 'table')).toHaveLength(10);
    // case_overdue: the cases overdue at some instant X (submitted < X, due < X, neither ready nor
    // cancelled before X), counted on the office database by the same condition put another way:
    // the latest of submission and due instant comes before the earliest of ready and cancel
    const expected = await db.all<{ office: string; n: number }>(
      `select office, count(*) as n from case_sla
       where greatest(submitted_at, due_at) < least(coalesce(ready_at, 'infinity'::timestamptz), coalesce(cancelled_at, 'infinity'::timestamptz))
       group by office order by office`,
    );
    const held = await lakeDb.all<{ office: string; n: number }>(
      'select office, count(*) as n from case_overdue group by office order by office',
    );
    expect(held).toEqual(expected);
    expect(held.map((x) => x.office)).toEqual(OFFICES);
    const all = await lakeDb.one<{ n: number }>('select count(*) as n from case_sla');
    const ever = held.reduce((a, x) => a + Number(x.n), 0);
    expect(ever).toBeGreaterThan(0);
    expect(ever).toBeLessThan(Number(all!.n));
  });

  test('the league gives each office the figures of its Ringkasan tiles', async () => {
    for (const q of ['period=year&year=2025', 'period=quarter&quarter=2025-Q3']) {
      const league = (
        (await get(rollup, `/api/dash/perbandingan?office=all&${q}`)).body as {
          sections: { rows: Record<string, unknown>[] }[];
        }
      ).sections[0]!.rows;
      expect(league.map((r) => r.office).sort()).toEqual(OFFICES);
      for (const o of OFFICES) {
        const tiles = (
          (await get(rollup, `/api/dash/ringkasan?office=${o}&${q}`)).body as {
            tiles: { id: string; value: number | null }[];
          }
        ).tiles;
        const tile = (id: string) => tiles.find((x) => x.id === id)?.value ?? null;
        const row = league.find((r) => r.office === o)!;
        const r6 = (v: unknown) => (v == null ? null : Math.round(Number(v) * 1e6) / 1e6);
        expect([r6(row.within_quota_pct), r6(row.median_elapsed_days)], `${o} ${q}`).toEqual([
          r6(tile('within_quota_pct')),
          r6(tile('median_elapsed_days')),
        ]);
        expect(row.ready, `${o} ${q}`).toBeGreaterThan(0);
      }
    }
  });

  test('auditor SQL runs over the lake, and stays read-only', async () => {
    const n = (await db.one<{ n: number }>('select count(*) as n from case_sla'))!.n;
    const r = await rollup.inject({
      method: 'POST',
      url: '/api/sql',
      payload: { sql: 'select count(*) as n from case_sla' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as { rows: { n: number }[] }).rows).toEqual([{ n }]);
    const w = await rollup.inject({ method: 'POST', url: '/api/sql', payload: { sql: 'delete from case_sla' } });
    expect(w.statusCode).toBe(400);
    expect((await lakeDb.one<{ n: number }>('select count(*) as n from case_sla'))!.n).toBe(n);
  });

  test('writes answer 405 READ_ONLY', async () => {
    for (const [method, url] of [
      ['POST', '/api/ingest/events'],
      ['POST', '/api/batches/1/undo'],
      ['POST', '/api/reports/pekanbaru/2025-06/approve'],
      ['POST', '/api/users'],
    ] as const) {
      const r = await rollup.inject({ method, url, payload: {} });
      expect(r.statusCode, url).toBe(405);
      expect((r.json() as { error: { code: string } }).error.code).toBe('READ_ONLY');
    }
    // the office service itself is not read-only
    expect((await office.inject({ method: 'POST', url: '/api/batches/999/undo', payload: {} })).statusCode).not.toBe(
      405,
    );
  });

  test('sla serve --lake: serves the lakes (loopback without users; with a users file, roles and office scope); refuses a folder that is no lake', async () => {
    const lines: string[] = [];
    const served = await serve(
      { ...loadConfig({}), host: '127.0.0.1', port: 0, lakes: OFFICES.map((o) => join(tmp.dir, o)) },
      (l) => lines.push(l),
    );
    try {
      // the log in the configured language (SLA_LANG, Indonesian by default): each lake, then the mode, then the address
      expect(lines).toHaveLength(5);
      for (const [i, o] of OFFICES.entries())
        expect(lines[i]).toMatch(new RegExp(`^lake: ${join(tmp.dir, o)}: \\d+ berkas, diekspor \\d{4}-\\d{2}-\\d{2}T`));
      expect(lines[3]).toBe('belum ada pengguna: mode lokal, hanya mendengarkan di 127.0.0.1');
      expect(lines[4]).toMatch(/^sla-dpmptsp roll-up \(3 lake\): http:\/\/127\.0\.0\.1:\d+\/$/);
      const r = await served.inject({ method: 'GET', url: '/api/dash/perbandingan?office=all&period=year&year=2025' });
      expect(r.statusCode).toBe(200);
      expect((await served.inject({ method: 'POST', url: '/api/ingest/events', payload: {} })).statusCode).toBe(405);
    } finally {
      await served.close();
    }
    // with users (test/fixtures/auth/users.yaml: kadis.pku, Kepala Dinas of pekanbaru only, whose
    // token is sla_fileToken001_ and 43 × "x"): roles and office scope as on an office's service
    const enLines: string[] = [];
    const scoped = await serve(
      {
        ...loadConfig({}),
        host: '127.0.0.1',
        port: 0,
        usersFile: fixture('auth/users.yaml'),
        lakes: OFFICES.map((o) => join(tmp.dir, o)),
        lang: 'en',
      },
      (l) => enLines.push(l),
    );
    try {
      // SLA_LANG=en: the same lines in English; the users file has one user with one token, so no local mode
      expect(enLines.slice(0, 3).every((l) => /^lake: .*: \d+ files, exported \d{4}-/.test(l))).toBe(true);
      expect(enLines.slice(3)).toEqual([
        `${fixture('auth/users.yaml')}: 1 users, 1 tokens`,
        expect.stringMatching(/^sla-dpmptsp roll-up \(3 lakes\): http:/),
      ]);
      const bearer = { authorization: `Bearer sla_fileToken001_${'x'.repeat(43)}` };
      expect((await scoped.inject({ method: 'GET', url: '/api/dash/ringkasan?office=pekanbaru' })).statusCode).toBe(
        401,
      );
      expect(
        (await scoped.inject({ method: 'GET', url: '/api/dash/ringkasan?office=pekanbaru', headers: bearer }))
          .statusCode,
      ).toBe(200);
      expect(
        (await scoped.inject({ method: 'GET', url: '/api/dash/ringkasan?office=lampung-selatan', headers: bearer }))
          .statusCode,
      ).toBe(403);
    } finally {
      await scoped.close();
    }
    let stderr = '';
    const env: ClientEnv = {
      out: () => undefined,
      err: (c) => (stderr += String(c)),
      cwd: tmp.dir,
      stdin: async () => Buffer.alloc(0),
      progressStream: process.stderr,
      config: loadConfig({}),
    };
    expect(await runClient(['serve', '--lake', join(tmp.dir, 'nowhere'), '--port', '0'], env)).not.toBe(0);
    // in the command's language, Indonesian by default (issue #24 §3)
    expect(stderr).toMatch(/tidak ada _manifest\.json \(bukan folder lake dari `sla export lake`\)/);
  });

  test('a lake of another schema version, or no lake, is refused with a clear message', async () => {
    const other = join(tmp.dir, 'v999');
    mkdirSync(other);
    const m = JSON.parse(readFileSync(join(tmp.dir, OFFICES[0]!, MANIFEST), 'utf8')) as Manifest;
    writeFileSync(join(other, MANIFEST), JSON.stringify({ ...m, schema_version: 999 }));
    await expect(openRollup([join(tmp.dir, OFFICES[0]!), other])).rejects.toThrow(
      /lake schema version 999, this build reads version 1/,
    );
    await expect(openRollup([join(tmp.dir, 'nowhere')])).rejects.toThrow(/no _manifest\.json/);
  });
});

interface Section {
  id: string;
  rows: unknown[];
  empty: string | null;
  notes: string[];
}

const REGISTER_SECTIONS = new Set(['overdue_complaints', 'open_complaints']);
const registerSections = (body: unknown): Section[] =>
  ((body as { sections?: Section[] }).sections ?? []).filter((x) => REGISTER_SECTIONS.has(x.id));

/**
 * A page's JSON as compared: the sections read from the complaint register left out; doubles to
 * 10⁻⁶ (sums of minutes depend on the order DuckDB adds them in, docs/lake.md).
 */
function comparable(r: { status: number; body: unknown }): unknown {
  const round = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v * 1e6) / 1e6;
    if (Array.isArray(v)) return v.map(round);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
    return v;
  };
  const body = r.body as { sections?: Section[] };
  const sections = body.sections?.filter((x) => !REGISTER_SECTIONS.has(x.id));
  return round({ status: r.status, body: { ...body, sections } });
}
