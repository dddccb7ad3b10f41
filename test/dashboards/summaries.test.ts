/**
 * Dashboard summaries (src/dashboards/summaries.ts) over the demo data: the pages' figures read
 * from them equal the live queries over the SLA tables for every standard period kind and scope;
 * a load marks them out of date from its first changed month (late rows of old cases too), periods after it are answered live
 * meanwhile, and the partial rebuild gives the same tables as a rebuild of everything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../src/read/figures.js';
import { previousPeriod, resolvePeriod, trendWindow, type Period } from '../../src/dashboards/period.js';
import { buildSummaries, dirtyFrom, SUMMARY_TABLES } from '../../src/read/summaries.js';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { openTestDb, repoPath } from '../helpers.js';

let dir: string;
let db: Database;
let second: string;
let late: string;
let heldFrom: string;

/** Numbers rounded to 1e-9 (sums in another order), bottleneck_step dropped (a mode: ties are arbitrary). */
function normal(x: unknown): unknown {
  if (typeof x === 'number') return Math.round(x * 1e9) / 1e9;
  if (typeof x === 'bigint') return Number(x);
  if (Array.isArray(x)) return x.map(normal);
  if (x && typeof x === 'object' && !(x instanceof Date)) {
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k]) => k !== 'bottleneck_step')
        .map(([k, v]) => [k, normal(v)]),
    );
  }
  return x;
}

const period = (kind: 'month' | 'quarter' | 'year', v: string): Period =>
  resolvePeriod({ period: kind, month: v, quarter: v, year: v }, '2026-10');

/** Every figure the summaries serve, for a scope and a period. */
async function figures(s: data.Scope, p: Period) {
  const prev = previousPeriod(p);
  return normal({
    overview: await data.overview(db, s, p, prev),
    steps: await data.steps(db, s, p),
    officers: await data.officers(db, s, p),
    trend: await data.trend(db, s, trendWindow(p)),
    lists: await data.caseLists(db, s, p),
    desks: await data.desksOverQuota(db, s, p, 10),
  });
}

/** The same figures from the live queries: a mark from the beginning makes every reader skip the summaries. */
async function liveFigures(s: data.Scope, p: Period) {
  await db.transaction((tx) => tx.run("insert into dash_dirty values (date '0001-01-01')"));
  try {
    return await figures(s, p);
  } finally {
    await db.transaction((tx) => tx.run("delete from dash_dirty where from_month = date '0001-01-01'"));
  }
}

const SCOPES: data.Scope[] = [
  { office: 'pekanbaru', service: null, timezone: 'Asia/Jakarta' },
  { office: 'pekanbaru', service: 'SIKTG', timezone: 'Asia/Jakarta' },
  { office: null, service: null, timezone: 'Asia/Jakarta' },
  { office: null, service: 'IPTG', timezone: 'Asia/Jakarta' },
  { office: 'rokan-hilir', service: null, timezone: 'Asia/Jakarta' },
];
const PERIODS: Period[] = [
  period('month', '2026-03'),
  period('month', '2025-12'),
  period('quarter', '2026-Q1'),
  period('year', '2025'),
  period('year', '2026'),
];

async function tables(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of SUMMARY_TABLES) {
    out[t] = normal(await db.all(`select * from ${t} order by all`));
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sla-summaries-'));
  // the demo events cut at 2026-06-15 00:00 WIB: the second part is a later load
  const [header, ...rows] = readFileSync(repoPath('sample-data/events.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const cut = Date.parse('2026-06-15T00:00:00+07:00');
  const before = (line: string) => Date.parse(line.split(',')[5]!) < cut;
  const first = join(dir, 'first.csv');
  second = join(dir, 'second.csv');
  late = join(dir, 'late.csv');
  // every row of 30 cases submitted in March 2025 is held back, then loaded last (a late export)
  const march = new Set<string>();
  for (const l of rows) if (l.split(',')[5]!.startsWith('2025-03-1') && march.size < 30) march.add(l.split(',')[0]!);
  const held = (line: string) => march.has(line.split(',')[0]!);
  writeFileSync(late, [header, ...rows.filter(held)].join('\n') + '\n');
  heldFrom = `${
    rows
      .filter(held)
      .map((l) => l.split(',')[5]!.slice(0, 7))
      .sort()[0]
  }-01`;
  writeFileSync(first, [header, ...rows.filter((l) => before(l) && !held(l))].join('\n') + '\n');
  writeFileSync(second, [header, ...rows.filter((l) => !before(l) && !held(l))].join('\n') + '\n');
  db = await openTestDb();
  await loadConfigFile(db, 'catalogue', repoPath('sample-data/officers.yaml'));
  await loadFile(db, { kind: 'events', path: first });
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dashboard summaries', () => {
  it('a new database has everything to build; the build clears the marks', async () => {
    expect(await dirtyFrom(db)).toBe('0001-01-01');
    const live = await figures(SCOPES[0]!, PERIODS[0]!);
    const r = await buildSummaries(db);
    expect(r?.from).toBe('all');
    expect(await dirtyFrom(db)).toBeNull();
    expect(await buildSummaries(db)).toBeNull();
    // the build held real figures: the month has cases and steps
    const figs = (await figures(SCOPES[0]!, PERIODS[0]!)) as {
      overview: { current: { submitted: number } };
      steps: unknown[];
    };
    expect(figs.overview.current.submitted).toBeGreaterThan(0);
    expect(figs.steps.length).toBeGreaterThan(0);
    expect(figs).toEqual(live);
  });

  it('every page figure read from the summaries equals the live query, for months, quarters and years of every scope', async () => {
    expect(await dirtyFrom(db)).toBeNull();
    let compared = 0;
    for (const s of SCOPES) {
      for (const p of PERIODS) {
        const fromSummaries = await figures(s, p);
        expect(fromSummaries, `${s.office ?? 'all'}/${s.service ?? 'all'} ${p.kind} ${p.from}`).toEqual(
          await liveFigures(s, p),
        );
        compared++;
      }
    }
    expect(compared).toBe(SCOPES.length * PERIODS.length);
    // the desks over quota (dash_officer_periods.over_min_total) are there to compare: the ten of 2025, largest first
    const desks = await data.desksOverQuota(db, SCOPES[2]!, period('year', '2025'), 10);
    expect(desks).toHaveLength(10);
    expect(
      desks.every((d, i) => d.over_min_total > 0 && (i === 0 || d.over_min_total <= desks[i - 1]!.over_min_total)),
    ).toBe(true);
    // the late list (the 100th largest excess first, then the rows from it) is the plain top 100
    const year = period('year', '2025');
    const lists = await data.caseLists(db, SCOPES[2]!, year);
    const plain = await db.all<{ case_id: string }>(
      `select t.case_id from case_sla t join offices o on o.office = t.office
       where t.within_quota = false and t.ready_at >= timezone(o.timezone, timestamp '2025-01-01') and t.ready_at < timezone(o.timezone, timestamp '2026-01-01')
       order by t.excess_min desc, t.case_id limit 100`,
    );
    expect(plain).toHaveLength(100);
    expect(lists.late.map((r) => r.case_id)).toEqual(plain.map((r) => r.case_id));
    expect(lists.lateTotal).toBeGreaterThan(100);
    // the pooled row of all offices is not the sum of the offices' medians: it has its own row
    const pooled = await db.one<{ n: number }>(
      "select count(*) as n from dash_case_periods where office is null and service is null and period_kind = 'year'",
    );
    expect(pooled!.n).toBeGreaterThan(0);
  });

  it('a later load marks its first changed month; earlier periods are still read from the summaries, later ones live, and the partial rebuild equals a full one', async () => {
    const before = await tables();
    const r = await loadFile(db, { kind: 'events', path: second });
    expect(r.accepted).toBeGreaterThan(0);
    const dirty = await dirtyFrom(db);
    expect(dirty).not.toBeNull();
    // the cut is mid-June 2026: nothing before the months of the cases then still open is marked
    expect(dirty! > '2025-06-01').toBe(true);
    expect(dirty! <= '2026-06-01').toBe(true);
    // a period ending before the mark: the summaries, unchanged, still equal the live figures
    const old = period('month', '2025-12');
    expect(old.to <= dirty!).toBe(true);
    expect(await figures(SCOPES[0]!, old)).toEqual(await liveFigures(SCOPES[0]!, old));
    // a period after the mark is answered live: the new months' figures appear before the rebuild
    const later = period('month', '2026-08');
    const liveLater = (await figures(SCOPES[0]!, later)) as { overview: { current: { submitted: number } } };
    expect(liveLater.overview.current.submitted).toBeGreaterThan(0);
    const partial = await buildSummaries(db);
    expect(partial?.from).toBe(dirty);
    expect(await dirtyFrom(db)).toBeNull();
    const afterPartial = await tables();
    expect(afterPartial).not.toEqual(before);
    expect(await figures(SCOPES[0]!, later)).toEqual(liveLater);
    for (const s of SCOPES)
      expect(await figures(s, period('year', '2026'))).toEqual(await liveFigures(s, period('year', '2026')));
    // everything rebuilt from scratch gives the same tables
    await db.transaction((tx) => tx.run("insert into dash_dirty values (date '0001-01-01')"));
    expect((await buildSummaries(db))?.from).toBe('all');
    expect(await tables()).toEqual(afterPartial);

    // late rows of old cases mark their months: March 2025 is rebuilt, and again equals a full rebuild
    expect((await loadFile(db, { kind: 'events', path: late })).accepted).toBeGreaterThan(0);
    // (the earliest local month of the held rows: some of those cases began in February)
    expect(await dirtyFrom(db)).toBe(heldFrom);
    expect(await figures(SCOPES[0]!, period('month', '2025-03'))).toEqual(
      await liveFigures(SCOPES[0]!, period('month', '2025-03')),
    );
    await buildSummaries(db);
    const afterLate = await tables();
    expect(afterLate).not.toEqual(afterPartial);
    expect(await figures(SCOPES[2]!, period('year', '2025'))).toEqual(
      await liveFigures(SCOPES[2]!, period('year', '2025')),
    );
    await db.transaction((tx) => tx.run("insert into dash_dirty values (date '0001-01-01')"));
    await buildSummaries(db);
    expect(await tables()).toEqual(afterLate);
  });
});
