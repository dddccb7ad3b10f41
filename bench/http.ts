/**
 * HTTP load run of the dashboard data endpoints (`npm run bench -- --only http --cases N`): a
 * database of about N cases is generated and loaded, the app listens on loopback, and autocannon
 * sends a bounded number of requests to each page's endpoint; p50/p95/p99 come from every
 * response time (target p95 < 50 ms at 1M cases).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { addUser } from '../src/auth/users.js';
import { SESSION_COOKIE } from '../src/auth/plugin.js';
import { buildSummaries } from '../src/read/summaries.js';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/store/open.js';
import { generateEventsFile } from '../src/generate/index.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';

export interface HttpBenchOptions {
  dir: string;
  /** About this many cases. */
  cases: number;
  /** Requests per endpoint. */
  requests: number;
  connections: number;
  /** More connection counts for the pass without the cache (the morning when every head of division opens the dashboard; #26 §4). */
  concurrent?: number[];
  /** An existing database to measure instead of a generated one (opened as is). */
  db?: string | undefined;
  /** The section under load: connections (default 200) and requests per endpoint. */
  loadConnections?: number;
  loadRequests?: number;
  /** Only the section under load (`--only load`). */
  loadOnly?: boolean;
}

const EVENTS_PER_CASE = 16.5; // measured: the generator makes ~16.5 events per case

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

async function buildDb(o: HttpBenchOptions): Promise<Database> {
  const path = join(o.dir, 'http.duckdb');
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const file = join(o.dir, `http-${o.cases}.csv`);
  const t0 = performance.now();
  const g = await generateEventsFile({
    seed: 5,
    events: Math.round(o.cases * EVENTS_PER_CASE),
    out: file,
    catalogue: 'sample-data/catalogue.yaml',
    holidays: 'sample-data/holidays-id-2024-2026.csv',
    from: '2024-01',
  });
  const t1 = performance.now();
  const db = await openDatabase(path);
  await loadConfigFile(db, 'catalogue', 'sample-data/catalogue.yaml');
  await loadConfigFile(db, 'catalogue', 'sample-data/officers.yaml');
  await loadConfigFile(db, 'calendar', 'sample-data/calendar.yaml');
  await loadConfigFile(db, 'calendar', 'sample-data/holidays-id-2024-2026.csv');
  await loadFile(db, { kind: 'events', path: file });
  await loadFile(db, { kind: 'complaints', path: 'sample-data/complaints.csv' });
  await loadFile(db, { kind: 'surveys', path: 'sample-data/surveys.csv' });
  rmSync(file, { force: true });
  const c = await db.one<{ n: number; v: number }>(
    'select (select count(*) from case_sla) as n, (select count(*) from step_visits) as v',
  );
  console.log(
    `generated ${g.events.toLocaleString('en')} events in ${((t1 - t0) / 1000).toFixed(1)} s; loaded with the SLA refresh in ${((performance.now() - t1) / 1000).toFixed(1)} s: ` +
      `${c!.n.toLocaleString('en')} cases, ${c!.v.toLocaleString('en')} visits`,
  );
  return db;
}

export async function runHttpBench(o: HttpBenchOptions): Promise<void> {
  const db = o.db ? await openDatabase(o.db) : await buildDb(o);
  if (o.db) {
    const c = await db.one<{ n: number; v: number; e: number }>(
      'select (select count(*) from case_sla) as n, (select count(*) from step_visits) as v, (select count(*) from events) as e',
    );
    console.log(
      `${o.db}: ${c!.e.toLocaleString('en')} events, ${c!.n.toLocaleString('en')} cases, ${c!.v.toLocaleString('en')} visits`,
    );
  }
  // the dashboard summaries, as `sla serve` builds them in the background when it starts (until
  // they are, the pages read the live queries: never stale, only slower)
  const built = await buildSummaries(db);
  if (built) console.log(`dashboard summaries built from ${built.from} in ${(built.ms / 1000).toFixed(1)} s`);
  try {
    if (!o.loadOnly) {
      // without the cache one at a time, then 8 and 32 at once (target p95 < 100 ms at 8, no
      // non-2xx at 32); with it, one at a time
      for (const connections of [o.connections, ...(o.concurrent ?? [8, 32]).filter((c) => c !== o.connections)])
        await measure(db, { ...o, connections }, false);
      await measure(db, o, true);
    }
    await measureLoad(db, o);
  } finally {
    db.close();
  }
}

/** One pass over the endpoints; without the page cache every request runs its queries (cold). */
async function measure(db: Database, o: HttpBenchOptions, cached: boolean): Promise<void> {
  const app = await buildApp({ db, readCache: cached ? {} : { maxBytes: 0 } });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${addr.port}`;
    // the latest month of the data, and one late case for the kartu kendali
    const month = (await db.one<{ m: string }>(
      "select strftime(max(completed_month), '%Y-%m') as m from step_visits where office = 'pekanbaru'",
    ))!.m;
    const late = await db.one<{ id: string }>(
      "select case_id as id from case_sla where office = 'pekanbaru' and within_quota = false order by excess_min desc limit 1",
    );
    const q = `office=pekanbaru&period=month&month=${month}`;
    // the last complete year of the data (the year of its latest month when that is all there is)
    const first = (await db.one<{ y: string }>("select strftime(min(completed_month), '%Y') as y from step_visits"))!.y;
    const year = String(Math.max(Number(first), Number(month.slice(0, 4)) - 1));
    const targets: [string, string][] = [
      ['ringkasan', `/api/dash/ringkasan?${q}`],
      ['tahapan', `/api/dash/tahapan?${q}`],
      ['petugas', `/api/dash/petugas?${q}`],
      ['tren', `/api/dash/tren?${q}`],
      ['berkas', `/api/dash/berkas?${q}`],
      ['berkas + kartu kendali', `/api/dash/berkas?${q}&case=${encodeURIComponent(late?.id ?? 'none')}`],
      ['pengaduan', `/api/dash/pengaduan?${q}`],
      ['skm', `/api/dash/skm?${q}`],
      ['ringkasan, a year, all offices', `/api/dash/ringkasan?office=all&period=year&year=${year}`],
      ['tahapan, a year, all offices', `/api/dash/tahapan?office=all&period=year&year=${year}`],
      ['petugas, a year, all offices', `/api/dash/petugas?office=all&period=year&year=${year}`],
      [
        'tren, a quarter, one service',
        `/api/dash/tren?office=pekanbaru&service=SIKTG&period=quarter&quarter=${year}-Q4`,
      ],
      ['berkas, a year, all offices', `/api/dash/berkas?office=all&period=year&year=${year}`],
      ['page HTML /', `/?${q}`],
    ];
    console.log(
      `\nHTTP ${cached ? 'with the page cache (repeated requests between loads)' : 'without the page cache (every request queries)'}: ` +
        `${o.requests} requests per endpoint, ${o.connections} connection(s), loopback (latency in ms)`,
    );
    console.log(`   ${'endpoint'.padEnd(30)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)}  non-2xx`);
    let worst = 0;
    let anyBad = 0;
    for (const [name, path] of targets) {
      const times: number[] = [];
      let bad = 0;
      const instance = autocannon({ url: base + path, amount: o.requests, connections: o.connections });
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
        times.push(ms);
        if (status < 200 || status >= 300) bad += 1;
      });
      await instance;
      times.sort((a, b) => a - b);
      // a request that got no answer at all (autocannon's timeout) counts as a failure
      bad += Math.max(0, o.requests - times.length);
      const [p50, p95, p99] = [0.5, 0.95, 0.99].map((x) =>
        times.length ? quantile(times, x) : Number.POSITIVE_INFINITY,
      ) as [number, number, number];
      if (path.startsWith('/api/')) worst = Math.max(worst, p95);
      anyBad += bad;
      console.log(
        `   ${name.padEnd(30)} ${p50.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)} ${p99.toFixed(1).padStart(7)}  ${bad}`,
      );
    }
    const target =
      cached || o.connections === 1
        ? 'target < 50 ms at 1M cases'
        : o.connections === 8
          ? `target without the cache at 8 connections < 100 ms: ${worst < 100 ? 'met' : 'MISSED'}`
          : `target: no non-2xx: ${anyBad === 0 ? 'met' : 'MISSED'}`;
    console.log(`   worst p95 of the data endpoints: ${worst.toFixed(1)} ms; non-2xx ${anyBad} (${target})`);
  } finally {
    await app.close();
  }
}

interface LoadFigures {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  bad: number;
}

/** `amount` requests over `connections` connections, cycling through `paths`. */
async function fire(
  base: string,
  paths: string[],
  headers: Record<string, string>,
  amount: number,
  connections: number,
): Promise<LoadFigures> {
  const times: number[] = [];
  let bad = 0;
  let next = 0;
  const t0 = performance.now();
  const instance = autocannon({
    url: base,
    amount,
    connections,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }) }],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status < 200 || status >= 300) bad += 1;
  });
  await instance;
  const s = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const [p50, p95, p99] = [0.5, 0.95, 0.99].map((x) => quantile(times, x)) as [number, number, number];
  return { p50, p95, p99, rps: times.length / s, bad };
}

/**
 * Under load (#23 §2): at `loadConnections` (200) connections, a cached page with a cookie session
 * and with a bearer token (a token verified from memory should cost about what a session does:
 * ratio target ≤ 1.5), then the kartu kendali over many real case ids, the case list in a few
 * filter variants and /api/sla/* (target p95 < 1 s and no non-2xx answer). A user with a token is
 * added to the database, so the app runs with access control as a served one does.
 */
async function measureLoad(db: Database, o: HttpBenchOptions): Promise<void> {
  const connections = o.loadConnections ?? 200;
  const amount = o.loadRequests ?? 2000;
  const { token } = await addUser(db, { id: 'bench-load', roles: ['kepala_dinas'], token: true });
  const app = await buildApp({ db });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${addr.port}`;
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const sid = /sla_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    if (!login.ok || !sid) throw new Error(`login: ${login.status}`);
    const cookie = { cookie: `${SESSION_COOKIE}=${sid}` };
    const bearer = { authorization: `Bearer ${token!}` };
    const month = (await db.one<{ m: string }>(
      "select strftime(max(completed_month), '%Y-%m') as m from step_visits where office = 'pekanbaru'",
    ))!.m;
    const q = `office=pekanbaru&period=month&month=${month}`;
    // 500 case ids asked four times each (a repeat is answered from the read cache), and as many
    // other ids as requests, each asked once: every one of those runs its queries
    const sample = (
      await db.all<{ id: string; office: string }>(
        `select case_id as id, office from case_sla using sample ${500 + amount} rows`,
      )
    ).map((r) => `/api/cases/${encodeURIComponent(r.id)}?office=${r.office}`);
    const ids = sample.slice(0, 500);
    const once = sample.slice(500);
    const page = `/api/dash/ringkasan?${q}`;
    await fetch(base + page, { headers: cookie }); // into the page cache
    const sections: [string, string[], Record<string, string>][] = [
      ['cached page, cookie', [page], cookie],
      ['cached page, bearer', [page], bearer],
      [`kartu kendali (${ids.length} ids)`, ids, bearer],
      [`kartu kendali, each id once`, once, bearer],
      [
        'case list (4 filters)',
        [
          '/api/cases?office=pekanbaru',
          '/api/cases?office=pekanbaru&overdue=true',
          `/api/cases?office=pekanbaru&month=${month}&sort=submitted`,
          '/api/cases?status=in_progress&sort=elapsed&page=2',
        ],
        bearer,
      ],
      ['sla/summary', [`/api/sla/summary?office=pekanbaru&month=${month}`, '/api/sla/summary'], bearer],
      ['sla/steps', [`/api/sla/steps?office=pekanbaru&month=${month}`, '/api/sla/steps'], bearer],
      ['sla/officers', [`/api/sla/officers?office=pekanbaru&month=${month}`, '/api/sla/officers'], bearer],
    ];
    console.log(
      `\nHTTP under load: ${amount} requests per endpoint, ${connections} connections, loopback (latency in ms; target p95 < 1,000 and 0 non-2xx for the data endpoints)`,
    );
    console.log(
      `   ${'endpoint'.padEnd(30)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'req/s'.padStart(8)}  non-2xx  target`,
    );
    const figures = new Map<string, LoadFigures>();
    for (const [name, paths, headers] of sections) {
      const f = await fire(base, paths, headers, amount, connections);
      figures.set(name, f);
      const data = !name.startsWith('cached');
      const met = data ? (f.p95 < 1000 && f.bad === 0 ? 'met' : 'MISSED') : '';
      console.log(
        `   ${name.padEnd(30)} ${f.p50.toFixed(1).padStart(7)} ${f.p95.toFixed(1).padStart(7)} ${f.p99.toFixed(1).padStart(7)} ${f.rps.toFixed(0).padStart(8)}  ${String(f.bad).padStart(7)}  ${data ? `p95 < 1000, 0 non-2xx: ${met}` : ''}`,
      );
    }
    const ratio = figures.get('cached page, cookie')!.rps / figures.get('cached page, bearer')!.rps;
    console.log(
      `   cookie / bearer throughput on the cached page: ${ratio.toFixed(2)} (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await app.close();
  }
}
