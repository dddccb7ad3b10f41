import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/database.js';
import { schemaVersion } from '../src/db/migrations.js';
import { openDatabase } from '../src/store/open.js';
import { loadFile } from '../src/ingest/load.js';
import { fixture, openDemoEventsDb, repoPath } from './helpers.js';

/*
 * The app as a whole (app.inject, no port) over the shipped sample data: catalogue, calendar,
 * holidays, officers and sample-data/events.csv (22 593 transitions). Expected volumes are read
 * from the CSV itself, independently of the database.
 */

let db: Database;
let app: FastifyInstance;

/** Per office: number of events, distinct cases and the latest instant, from sample-data/events.csv. */
function sampleVolumes(): Map<string, { events: number; cases: Set<string>; latest: number }> {
  const lines = readFileSync(repoPath('sample-data/events.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  expect(lines[0]).toBe('case_id,office,service,step,event,at,officer,note');
  const out = new Map<string, { events: number; cases: Set<string>; latest: number }>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    // only the note (last column) is ever quoted, so the first six fields split safely
    expect(f.slice(0, 6).join(',')).not.toContain('"');
    const [caseId, office, , , , at] = f as [string, string, string, string, string, string];
    const t = Date.parse(at);
    expect(Number.isNaN(t)).toBe(false);
    const o = out.get(office) ?? { events: 0, cases: new Set<string>(), latest: -Infinity };
    o.events += 1;
    o.cases.add(caseId);
    o.latest = Math.max(o.latest, t);
    out.set(office, o);
  }
  return out;
}

const volumes = sampleVolumes();

beforeAll(async () => {
  db = await openDemoEventsDb(); // officers and sample-data/events.csv loaded (test/helpers.ts)
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  db?.close();
});

describe('GET /api/health', () => {
  it('status, schema version, latest transition per office, last load', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = r.json();
    expect(body.status).toBe('ok');
    expect(body.schema_version).toBe(schemaVersion);
    expect(Number.isInteger(body.schema_version) && body.schema_version >= 1).toBe(true);
    expect(volumes.size).toBe(3);
    expect(body.offices).toEqual(
      [...volumes.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([office, v]) => ({ office, latest_event_at: new Date(v.latest).toISOString(), events: v.events })),
    );
    expect(body.offices.reduce((n: number, o: { events: number }) => n + o.events, 0)).toBe(22593);
    // the last load is the last committed batch (the events file)
    expect(body.last_load_at).not.toBeNull();
    const batches = (await app.inject({ method: 'GET', url: '/api/batches' })).json().batches;
    const lastCommitted = batches.filter((b: { status: string }) => b.status === 'committed').at(-1);
    expect(lastCommitted.kind).toBe('events');
    expect(body.last_load_at).toBe(lastCommitted.finished_at);
  });

  it('an empty database: no offices, no load yet', async () => {
    const empty = await openDatabase(':memory:');
    const a = await buildApp({ db: empty });
    try {
      const body = (await a.inject({ method: 'GET', url: '/api/health' })).json();
      expect(body).toEqual({ status: 'ok', schema_version: schemaVersion, last_load_at: null, offices: [] });
    } finally {
      await a.close();
      empty.close();
    }
  });
});

describe('GET /', () => {
  it('is the Ringkasan dashboard page, Indonesian by default, numbers and dates formatted id-ID', async () => {
    const r = await app.inject({ method: 'GET', url: '/?office=all' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    const html = r.body;
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="id"');
    expect(html).toContain('<title>Ringkasan — Dasbor Kinerja Pelayanan DPMPTSP</title>');
    expect(html).toContain('DPMPTSP Kota Pekanbaru');
    // events per office from the CSV (freshness block): pekanbaru 15 066, rokan-hilir 3 894, lampung-selatan 3 633
    expect(volumes.get('pekanbaru')!.events).toBe(15066);
    expect(html).toContain('>15.066<');
    expect(html).toContain('>3.894<');
    expect(html).toContain('>3.633<');
    expect(html).not.toContain('15,066');
    // latest pekanbaru transition 2026-10-30 16:46:41 WIB, in Indonesian
    expect(html).toContain('30 Oktober 2026');
    expect(html).toContain('href="/?office=all&#38;lang=en"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script (CSP)
  });

  it('?lang=en is English', async () => {
    const r = await app.inject({ method: 'GET', url: '/?lang=en&office=all' });
    expect(r.statusCode).toBe(200);
    const html = r.body;
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<title>Summary — DPMPTSP Service Performance Dashboard</title>');
    expect(html).toContain('>15,066<');
    expect(html).not.toContain('15.066');
    expect(html).toContain('30 October 2026');
    expect(html).not.toContain('Oktober');
  });
});

describe('GET /api/openapi.json', () => {
  /** The routes the app serves, read from fastify's own route tree (printRoutes). */
  function servedRoutes(): string[] {
    const tree = app.printRoutes({ commonPrefix: false, includeMeta: false, method: 'GET' });
    const stack: Array<{ depth: number; path: string }> = [];
    const out: string[] = [];
    for (const line of tree.split('\n')) {
      const m = /^(.*?)[└├]── (\S+)/.exec(line);
      if (!m) continue;
      const depth = m[1]!.length;
      while (stack.length && stack.at(-1)!.depth >= depth) stack.pop();
      const parent = stack.at(-1)?.path ?? '';
      const path =
        parent === '' ? m[2]! : parent.endsWith('/') || m[2]!.startsWith('/') ? parent + m[2] : `${parent}/${m[2]}`;
      stack.push({ depth, path });
      out.push(path);
    }
    return out;
  }

  const expected: Record<string, string[]> = {
    '/api/health': [],
    '/api/batches': [],
    '/api/sla/summary': ['office', 'service', 'month', 'from', 'to', 'as_of'],
    '/api/sla/steps': ['office', 'service', 'month', 'from', 'to', 'as_of'],
    '/api/sla/officers': ['office', 'service', 'month', 'from', 'to', 'as_of'],
    '/api/cases': ['office', 'service', 'status', 'overdue', 'month', 'sort', 'page', 'page_size', 'as_of'],
    '/api/cases/{case_id}': ['office', 'as_of'],
    '/api/uncollected': ['office', 'service', 'as_of'],
    '/api/ikm': ['office', 'service', 'period_type', 'period'],
    '/api/ikm/unsur': ['office', 'service', 'period_type', 'period'],
    '/api/ikm/groups': ['office', 'service', 'period_type', 'period', 'by'],
    '/api/dash/{page}': [
      'office',
      'service',
      'period',
      'month',
      'quarter',
      'year',
      'from',
      'to',
      'lang',
      'case',
      'list',
      'step',
      'officer',
      'q',
      'channel',
      'category',
      'complaint',
      'page',
      'page_size',
    ],
    '/api/dash/{page}/csv': [
      'office',
      'service',
      'period',
      'month',
      'quarter',
      'year',
      'from',
      'to',
      'lang',
      'case',
      'list',
      'step',
      'officer',
      'q',
      'channel',
      'category',
      'complaint',
      'page',
      'page_size',
      'section',
    ],
    '/api/complaints': [
      'office',
      'status',
      'channel',
      'category',
      'stage',
      'service',
      'case_id',
      'month',
      'page',
      'page_size',
      'lang',
    ],
    '/api/complaints/open': ['office', 'as_of', 'lang'],
    '/api/complaints/resolution': ['office', 'year', 'channel', 'category', 'by'],
    '/api/complaints/monthly': ['office', 'month', 'lang'],
    '/api/complaints/{office}/{complaint_id}': ['lang'],
    '/api/sql/schema': [],
    '/api/reports': ['office', 'month', 'status', 'sha256'],
    '/api/reports/{office}/{file}': ['lang'],
  };
  /** POST routes (not in the GET route tree), checked apart. */
  const posts: Record<string, string | null> = {
    '/api/sql': 'application/json',
    '/api/reports/{office}/{month}/check': 'application/json',
    '/api/reports/{office}/{month}/approve': 'application/json',
    '/api/reports/verify': 'application/pdf',
    '/api/users': 'application/json',
    '/api/users/revoke': 'application/json',
    '/api/ingest/{kind}': 'multipart/form-data',
    '/api/batches/{id}/undo': null,
  };

  it('is an OpenAPI 3 document of every /api route with its parameters', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(typeof doc.paths).toBe('object');

    // the routes fastify serves under /api (OpenAPI templates instead of :params), less the document itself
    const served = servedRoutes()
      .filter((p) => p.startsWith('/api/') && p !== '/api/openapi.json')
      .map((p) => p.replace(/:([A-Za-z_]+)/g, '{$1}'))
      .sort();
    // every route is documented; the ones listed here with exactly these query parameters
    expect(served).toEqual(expect.arrayContaining(Object.keys(expected)));
    expect(
      Object.keys(doc.paths)
        .filter((k) => k.startsWith('/api/'))
        .sort(),
    ).toEqual([...new Set([...served, ...Object.keys(posts)])].sort());
    for (const [path, type] of Object.entries(posts)) {
      expect(Object.keys(doc.paths[path]), path).toContain('post');
      if (type) expect(Object.keys(doc.paths[path].post.requestBody.content), path).toEqual([type]);
      else expect(doc.paths[path].post.requestBody, path).toBeUndefined();
    }

    for (const [path, query] of Object.entries(expected)) {
      const ops = doc.paths[path];
      expect(Object.keys(ops), path).toEqual(['get']);
      const op = ops.get;
      expect(typeof op.summary, path).toBe('string');
      expect(op.responses['200'], path).toBeDefined();
      expect(op.responses['200'].content['application/json'].schema, path).toBeDefined();
      const params: Array<{ name: string; in: string; required?: boolean; schema?: unknown }> = op.parameters ?? [];
      for (const p of params) {
        expect(['query', 'path', 'header', 'cookie'], `${path} ${p.name}`).toContain(p.in);
        expect(p.schema, `${path} ${p.name}`).toBeDefined();
      }
      expect(
        params
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
          .sort(),
        path,
      ).toEqual([...query].sort());
      // every {template} of the path is a required path parameter, and nothing else is
      const templates = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = params.filter((p) => p.in === 'path');
      expect(
        pathParams.map((p) => p.name),
        path,
      ).toEqual(templates);
      for (const p of pathParams) expect(p.required, `${path} ${p.name}`).toBe(true);
    }

    // enumerations and defaults of /api/cases are documented
    const cq = Object.fromEntries(
      doc.paths['/api/cases'].get.parameters.map((p: { name: string; schema: unknown }) => [p.name, p.schema]),
    );
    expect(cq.status.enum).toEqual(['in_progress', 'ready', 'collected', 'cancelled']);
    expect(cq.sort.enum).toEqual(['excess', 'submitted', 'elapsed']);

    // every local $ref resolves
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of refs) {
      const target = ref.slice(8, -1);
      expect(target.startsWith('#/'), target).toBe(true);
      const resolved = target
        .slice(2)
        .split('/')
        .reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect(resolved, target).toBeDefined();
    }
  });
});

describe('errors', () => {
  const envelope = { error: { code: expect.any(String), message: expect.any(String) } };

  it.each([
    ['GET', '/api/nope', 404, 'NOT_FOUND'],
    ['GET', '/nope', 404, 'NOT_FOUND'],
    ['POST', '/api/batches', 404, 'NOT_FOUND'],
    ['DELETE', '/api/health', 404, 'NOT_FOUND'],
    ['GET', '/api/cases/NO-SUCH-CASE', 404, 'NOT_FOUND'],
  ])('%s %s → %i %s', async (method, url, status, code) => {
    const r = await app.inject({ method: method as 'GET', url });
    expect(r.statusCode).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json()).toStrictEqual(envelope);
    expect(r.json().error.code).toBe(code);
    expect(r.json().error.message.length).toBeGreaterThan(0);
  });

  it.each([
    ['/api/sla/summary?month=2026-13', 'month'],
    ['/api/sla/steps?month=2026-7', 'month'],
    ['/api/sla/officers?from=2026-7-1', 'from'],
    ['/api/cases?page=0', 'page'],
    ['/api/cases?page=1.5', 'page'],
    ['/api/cases?page_size=501', 'page_size'],
    ['/api/cases?status=bogus', 'status'],
    ['/api/cases?overdue=yes', 'overdue'],
    ['/api/cases?sort=oldest', 'sort'],
    ['/api/cases?month=2026-02&month=2026-03', 'month'],
    ['/api/sla/summary?office=', 'office'],
    ['/api/uncollected?as_of=not-a-time', 'as_of'],
    ['/?lang=fr', 'lang'],
  ])('GET %s → 400 naming %s', async (url, param) => {
    const r = await app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = r.json();
    expect(body).toStrictEqual(envelope);
    expect(body.error.code.length).toBeGreaterThan(0);
    expect(body.error.message).toContain(param);
  });

  it('a malformed URL is 400 with the same envelope', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/cases/%E0%A4%A' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toStrictEqual(envelope);
  });
});

describe('GET /api/batches', () => {
  it('lists the loads in order, with their counts', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/batches' });
    expect(r.statusCode).toBe(200);
    const { batches } = r.json();
    expect(
      batches.map((b: { kind: string; file_name: string; status: string }) => [
        b.kind,
        b.file_name.split('/').pop(),
        b.status,
      ]),
    ).toEqual([
      ['catalogue', 'catalogue.yaml', 'committed'],
      ['calendar', 'calendar.yaml', 'committed'],
      ['calendar', 'holidays-id-2024-2026.csv', 'committed'],
      ['catalogue', 'officers.yaml', 'committed'],
      ['events', 'events.csv', 'committed'],
    ]);
    const ids = batches.map((b: { batch_id: number }) => b.batch_id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(batches.at(-1)).toMatchObject({
      rows_read: 22593,
      rows_accepted: 22593,
      rows_duplicate: 0,
      rows_rejected: 0,
    });
    for (const b of batches) {
      expect(Number.isNaN(Date.parse(b.started_at))).toBe(false);
      expect(Date.parse(b.finished_at)).toBeGreaterThanOrEqual(Date.parse(b.started_at));
    }
  });

  it('a rejected load is listed as rejected, and health still reports the last committed load', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    await expect(loadFile(db, { kind: 'events', path: fixture('api/cli-events-bad.csv') })).rejects.toThrow(/selesai/);
    const { batches } = (await app.inject({ method: 'GET', url: '/api/batches' })).json();
    expect(batches.at(-1)).toMatchObject({ kind: 'events', status: 'rejected', rows_accepted: 0, rows_rejected: 1 });
    expect(batches.at(-1).file_name).toMatch(/cli-events-bad\.csv$/);
    const after = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(after).toEqual(before);
  });
});

describe('a rate-limited request (issue 23 part 4)', () => {
  it('is 429 with code RATE_LIMITED, a message and Retry-After', async () => {
    // an app of its own: the sign-in limit (10 a minute per address) is counted per app
    const limited = await buildApp({ db });
    try {
      const attempt = () => limited.inject({ method: 'POST', url: '/login', payload: { token: 'sla_nope_nope' } });
      for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).not.toBe(429);
      const r = await attempt();
      expect(r.statusCode).toBe(429);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.json()).toStrictEqual({
        error: {
          code: 'RATE_LIMITED',
          message: expect.stringMatching(/terlalu banyak permintaan.*\d+ detik.*too many requests/),
        },
      });
      const retry = Number(r.headers['retry-after']);
      expect(Number.isInteger(retry) && retry > 0 && retry <= 60).toBe(true);
    } finally {
      await limited.close();
    }
  });
});

describe('caching and transport headers (issue 23 part 4)', () => {
  it('Cache-Control: no-store on every response that may carry personal data; the public bundle keeps its own', async () => {
    for (const url of [
      '/api/session',
      '/api/health',
      '/api/sla/summary',
      '/api/cases',
      '/api/complaints?office=pekanbaru',
      '/api/complaints/pekanbaru/NOPE',
      '/api/batches',
      '/',
      '/login',
      '/api/nope',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['cache-control'], `${url} (${r.statusCode})`).toBe('no-store');
    }
    expect((await app.inject({ method: 'GET', url: '/assets/dash/dash.css' })).headers['cache-control']).toBe(
      'no-cache',
    );
    expect((await app.inject({ method: 'GET', url: '/assets/vendor/vega.min.js' })).headers['cache-control']).toBe(
      'public, max-age=86400',
    );
  });

  it('Strict-Transport-Security when served over HTTPS (here: behind a proxy saying so), never over plain HTTP', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
