import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { periodParams, ROLLUP_PERIOD_SQL } from '../../src/read/index.js';
import { resolvePeriod, type DashFilters } from '../../src/dashboards/period.js';
import { LAKE_TABLES, type LakeTable } from '../../src/lake/contract.js';
import { exportLake } from '../../src/lake/export.js';
import { openRollup } from '../../src/lake/rollup.js';
import { repoPath } from '../helpers.js';
import { openAll, tempDir } from './helpers.js';

/**
 * Issue #27 §2: the roll-up queries of queries/rollup/ are portable SQL. They run, unchanged, on
 * DuckDB over the Parquet lake and on PostgreSQL 15 (Debian's postgresql-15, started here on a
 * Unix socket in a temporary folder, no TCP) loaded from the same lake, and give the same rows.
 * PostgreSQL missing is a failure, not a skip: .ci/run installs it.
 */

const PG_BIN = '/usr/lib/postgresql/15/bin';
const QUERIES = repoPath('queries/rollup');

/** The contract's DuckDB types as PostgreSQL's (docs/lake.md). */
function pgType(t: string): string {
  const map: Record<string, string> = {
    VARCHAR: 'text',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    DOUBLE: 'double precision',
    'DECIMAL(18,2)': 'numeric(18,2)',
    DATE: 'date',
    'TIMESTAMP WITH TIME ZONE': 'timestamptz',
    BOOLEAN: 'boolean',
    'INTEGER[]': 'integer[]',
    'VARCHAR[]': 'text[]',
  };
  const pg = map[t];
  if (!pg) throw new Error(`no PostgreSQL type for ${t}`);
  return pg;
}

/** A DuckDB expression writing column `c` as PostgreSQL's COPY reads it (lists as array literals). */
function csvExpr(name: string, type: string): string {
  const q = `"${name}"`;
  if (type === 'INTEGER[]')
    return `case when ${q} is null then null else '{' || array_to_string(${q}, ',') || '}' end as ${q}`;
  if (type === 'VARCHAR[]')
    return `case when ${q} is null then null else '{' || array_to_string(list_transform(${q}, x -> '"' || replace(replace(x, '\\', '\\\\'), '"', '\\"') || '"'), ',') || '}' end as ${q}`;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `strftime(${q}, '%Y-%m-%d %H:%M:%S.%f+00') as ${q}`;
  return q;
}

/** Minimal RFC 4180 reader: rows of fields, an unquoted empty field is null. */
function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let field: string | null;
    if (text[i] === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (text[j] === '"' && text[j + 1] === '"') {
          s += '"';
          j += 2;
        } else if (text[j] === '"') break;
        else s += text[j++];
      }
      field = s;
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n') j++;
      field = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') i++;
    else {
      rows.push(row);
      row = [];
      i++;
    }
  }
  return rows;
}

/** A value as compared: numbers to 6 decimals (the figures shown have 1 or 2), booleans and text as text. */
function canon(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'boolean') return String(v);
  // instants: DuckDB gives a Date, PostgreSQL's CSV '2026-10-09 00:38:56+00' (UTC session)
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/.test(v))
    return new Date(`${v.replace(' ', 'T').slice(0, -3)}Z`).toISOString();
  if (v === 't' || v === 'f') return v === 't' ? 'true' : 'false';
  const n =
    typeof v === 'number' || typeof v === 'bigint'
      ? Number(v)
      : /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(String(v))
        ? Number(v)
        : NaN;
  if (!Number.isNaN(n)) return (Math.round(n * 1e6) / 1e6).toString();
  return String(v);
}

describe('queries/rollup/*.sql on DuckDB and on PostgreSQL 15, from the same lake', () => {
  const tmp = tempDir('sla-pg-');
  const data = join(tmp.dir, 'pg');
  const sock = join(tmp.dir, 'sock');
  let rollup: Database;
  let started = false;
  // initdb refuses to run as root: then as the postgres user (Debian's package creates it)
  const asUser = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const pgRun = (cmd: string, args: string[]) => {
    const [bin, ...rest] = [...asUser, join(PG_BIN, cmd), ...args];
    return execFileSync(bin!, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const psql = (sql: string, input?: string) =>
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', sock, '-U', 'sla', '-d', 'postgres', '-c', sql], {
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });

  beforeAll(async () => {
    if (!existsSync(join(PG_BIN, 'initdb')))
      throw new Error(
        `PostgreSQL 15 is not installed (${PG_BIN}/initdb): apt-get install postgresql-15 (.ci/run does)`,
      );
    mkdirSync(data);
    mkdirSync(sock);
    if (asUser.length) {
      const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      for (const d of [tmp.dir, data, sock]) chownSync(d, Number(ids), Number(gid));
    }
    pgRun('initdb', ['-D', data, '-U', 'sla', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    pgRun('pg_ctl', [
      '-D',
      data,
      '-l',
      join(tmp.dir, 'pg.log'),
      '-w',
      '-o',
      `-k ${sock} -c listen_addresses='' -c fsync=off`,
      'start',
    ]);
    started = true;
    // the lake: the demo's three offices, complaints and surveys; DuckDB reads it as the roll-up does
    const db = await openAll();
    try {
      await exportLake(db, join(tmp.dir, 'lake'));
    } finally {
      db.close();
    }
    rollup = (await openRollup([join(tmp.dir, 'lake')])).db;
    // PostgreSQL: every table of the contract, with the contract's columns, from the same files
    for (const t of LAKE_TABLES) await loadTable(t);
  }, 600_000);

  async function loadTable(t: LakeTable): Promise<void> {
    psql(`create table ${t.name} (${t.columns.map((c) => `"${c.name}" ${pgType(c.type)}`).join(', ')})`);
    const file = join(tmp.dir, `${t.name}.csv`);
    await rollup.all(
      `copy (select ${t.columns.map((c) => csvExpr(c.name, c.type)).join(', ')} from ${t.name}) to '${file}' (format csv, header)`,
    );
    psql(`copy ${t.name} from stdin with (format csv, header)`, readFileSync(file, 'utf8'));
  }

  afterAll(() => {
    rollup?.close();
    if (started) pgRun('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
    tmp.remove();
  });

  test('the lake is loaded: the same rows per table in PostgreSQL', async () => {
    for (const t of LAKE_TABLES) {
      const n = Number((await rollup.one<{ n: number }>(`select count(*) as n from ${t.name}`))!.n);
      expect(Number(psql(`copy (select count(*) from ${t.name}) to stdout`).trim()), t.name).toBe(n);
    }
  });

  const periods: [string, Partial<DashFilters>][] = [
    ['2025', { period: 'year', year: '2025' }],
    ['2025-Q3', { period: 'quarter', quarter: '2025-Q3' }],
    ['2026-01', { period: 'month', month: '2026-01' }],
  ];
  const files = readdirSync(QUERIES).filter((f) => f.endsWith('.sql'));

  test.each(files.flatMap((f) => periods.map(([label, p]) => [f, label, p] as const)))(
    '%s, %s: the same rows on both engines',
    async (file, _label, p) => {
      const sql = readFileSync(join(QUERIES, file), 'utf8').trim().replace(/;\s*$/, '');
      const period = resolvePeriod({ lang: 'id', ...p } as DashFilters, '2026-10');
      const params = periodParams({ office: null, service: null, timezone: 'Asia/Jakarta' }, period);
      // the period, one row per office, as a table on both engines (the queries read rollup_period)
      await rollup.all('drop table if exists rollup_period');
      await rollup.all(`create temp table rollup_period as ${ROLLUP_PERIOD_SQL}`, params);
      const periodCsv = join(tmp.dir, 'rollup_period.csv');
      await rollup.all(
        `copy (select office, strftime(from_at, '%Y-%m-%d %H:%M:%S+00') as from_at, strftime(to_at, '%Y-%m-%d %H:%M:%S+00') as to_at, last_month, ikm_period_type, ikm_period from rollup_period) to '${periodCsv}' (format csv, header)`,
      );
      psql(
        'drop table if exists rollup_period; create table rollup_period (office text, from_at timestamptz, to_at timestamptz, last_month date, ikm_period_type text, ikm_period text)',
      );
      psql('copy rollup_period from stdin with (format csv, header)', readFileSync(periodCsv, 'utf8'));

      const duck = await rollup.all<Record<string, unknown>>(sql);
      const [header, ...pgRows] = parseCsv(psql(`copy (${sql}) to stdout with (format csv, header)`));
      const cols = Object.keys(duck[0] ?? {});
      expect(header, file).toEqual(cols);
      const a = duck.map((r) => cols.map((c) => canon(r[c])));
      const b = pgRows.map((r) => r.map(canon));
      const sort = (rows: (string | null)[][]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sort(b), file).toEqual(sort(a));
      // something to compare: every office (league.sql: a row each), and figures in them
      expect(new Set(a.map((r) => r[cols.indexOf('office')])).size, file).toBe(3);
      if (file === 'league.sql') expect(a.length, file).toBe(3);
      expect(a.flat().filter((v) => v != null && v !== '0').length, file).toBeGreaterThan(9);
    },
  );
});
