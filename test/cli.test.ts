import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';
import { fixture, repoPath } from './helpers.js';

/*
 * The `sla` command line as a user runs it: `node --import tsx src/cli.ts …` in a child process,
 * from the repository root, without SLA_* variables, on a fresh database file per test.
 * Spawns cost about a second each, so independent tests run concurrently and one test walks the
 * load history through (catalogue → calendar → events → again → batches → undo).
 */

const root = repoPath('');
const tmp = mkdtempSync(join(tmpdir(), 'sla-cli-test-'));
let dbNo = 0;
const newDbPath = () => join(tmp, `t${++dbNo}.duckdb`);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLA_'))) as NodeJS.ProcessEnv;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sla(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const good = fixture('api/cli-events-good.csv'); // 4 rows of case CLI-1
const bad = fixture('api/cli-events-bad.csv'); // line 3: event "selesai"

describe.concurrent('sla CLI', () => {
  it('--help and ingest --help exit 0 and list the commands and options', async () => {
    const [top, ingest] = await Promise.all([sla('--help'), sla('ingest', '--help')]);
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'demo', 'ingest', 'batches', 'sql', 'generate']) expect(top.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    for (const opt of ['--db', '--lang']) expect(top.stdout).toContain(opt);
    expect(ingest.code).toBe(0);
    for (const kind of ['events', 'complaints', 'surveys', 'catalogue', 'calendar']) expect(ingest.stdout).toContain(`"${kind}"`);
    for (const opt of ['--office', '--service', '--dry-run']) expect(ingest.stdout).toContain(opt);
  });

  it('ingest catalogue, calendar and events; again: already loaded; batches; batches undo', async () => {
    const db = newDbPath();
    const cat = await sla('--db', db, 'ingest', 'catalogue', 'sample-data/catalogue.yaml');
    expect(cat, cat.stderr).toMatchObject({ code: 0 });
    expect(cat.stdout).toMatch(/catalogue\.yaml: 3 offices, 4 services/);

    const cal = await sla('--db', db, 'ingest', 'calendar', 'sample-data/calendar.yaml', 'sample-data/holidays-id-2024-2026.csv');
    expect(cal, cal.stderr).toMatchObject({ code: 0 });
    expect(cal.stdout).toContain('calendar.yaml');
    expect(cal.stdout).toContain('holidays-id-2024-2026.csv');

    const ev = await sla('--db', db, 'ingest', 'events', good);
    expect(ev, ev.stderr).toMatchObject({ code: 0 });
    expect(ev.stdout).toMatch(/cli-events-good\.csv: 4 baris dimuat, 0 duplikat dilewati \(batch \d+\)/);
    const batchId = /\(batch (\d+)\)/.exec(ev.stdout)![1]!;

    const again = await sla('--db', db, 'ingest', 'events', good);
    expect(again, again.stderr).toMatchObject({ code: 0 });
    expect(again.stdout).toContain(`sudah dimuat sebagai batch ${batchId}`);
    expect(again.stdout).not.toContain('baris dimuat');

    const list = await sla('--db', db, 'batches');
    expect(list, list.stderr).toMatchObject({ code: 0 });
    const rows = list.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map((r) => [r[1], r[2], r.at(-1)])).toEqual([
      ['catalogue', 'committed', 'sample-data/catalogue.yaml'],
      ['calendar', 'committed', 'sample-data/calendar.yaml'],
      ['calendar', 'committed', 'sample-data/holidays-id-2024-2026.csv'],
      ['events', 'committed', good],
    ]);
    expect(rows.at(-1)![0]).toBe(batchId);
    expect(rows.at(-1)).toContain('accepted 4');

    const undo = await sla('--db', db, 'batches', 'undo', batchId);
    expect(undo, undo.stderr).toMatchObject({ code: 0 });
    expect(undo.stdout).toMatch(new RegExp(`batch ${batchId}: 4 baris dihapus`)); // Indonesian by default

    // after the undo: no events left (and --format json parses to { columns, rows })
    const n = await sla('--db', db, 'sql', 'select count(*) as n, max(case_id) as last_case from events', '--format', 'json');
    expect(n, n.stderr).toMatchObject({ code: 0 });
    const json = JSON.parse(n.stdout);
    expect(Object.keys(json)).toEqual(['columns', 'rows', 'row_count', 'truncated', 'query_id']);
    expect(json.columns.map((c: { name: string }) => c.name)).toEqual(['n', 'last_case']);
    expect(json.rows).toHaveLength(1);
    expect(Number(json.rows[0].n)).toBe(0);
    expect(json.rows[0].last_case).toBeNull();
  });

  it('a bad events file is rejected whole, naming file, line and field, in Indonesian or English', async () => {
    const db = newDbPath();
    {
      // set up in-process: the shipped catalogue and calendar, then the good file (4 rows)
      const d = await openDatabase(db);
      try {
        await loadConfigFile(d, 'catalogue', repoPath('sample-data/catalogue.yaml'));
        await loadConfigFile(d, 'calendar', repoPath('sample-data/calendar.yaml'));
        await loadConfigFile(d, 'calendar', repoPath('sample-data/holidays-id-2024-2026.csv'));
        await loadFile(d, { kind: 'events', path: good });
      } finally {
        d.close();
      }
    }
    const id = await sla('--db', db, 'ingest', 'events', bad);
    expect(id.code).not.toBe(0);
    expect(id.stdout).toBe('');
    expect(id.stderr).toContain('cli-events-bad.csv');
    expect(id.stderr).toMatch(/baris 3\b/);
    expect(id.stderr).toContain('kolom event');
    expect(id.stderr).toContain('"selesai"');
    expect(id.stderr).toContain('tidak ada data yang dimuat');

    const en = await sla('--db', db, '--lang', 'en', 'ingest', 'events', bad);
    expect(en.code).not.toBe(0);
    expect(en.stderr).toContain('cli-events-bad.csv');
    expect(en.stderr).toMatch(/line 3\b/);
    expect(en.stderr).toContain('field event');
    expect(en.stderr).toContain('nothing was loaded');
    expect(en.stderr).not.toContain('baris');

    // nothing of the bad file was loaded: still the 4 rows of the good file
    const n = await sla('--db', db, 'sql', 'select count(*) from events', '--format', 'csv');
    expect(n, n.stderr).toMatchObject({ code: 0 });
    expect(n.stdout).toBe('count_star()\r\n4\r\n');
  });

  it('sql --format csv is RFC 4180', async () => {
    const r = await sla('--db', newDbPath(), 'sql', "select 1 as a, 'x,y' as b", '--format', 'csv');
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('sql --format parquet --out writes a file DuckDB reads back, and every query is in query_audit_log', async () => {
    const db = newDbPath();
    const out = join(tmp, 'r.parquet');
    const r = await sla('--db', db, 'sql', "select 42::bigint as n, 'x' as s", '--format', 'parquet', '--out', out);
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: '' });
    const refused = await sla('--db', db, 'sql', "select * from read_csv('/etc/passwd')");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/ditolak oleh sandbox/);
    const d = await openDatabase(db);
    try {
      expect(await d.all(`select * from read_parquet('${out}')`)).toEqual([{ n: 42, s: 'x' }]);
      const log = await d.all<{ who: string; outcome: string }>('select who, outcome from query_audit_log order by query_id');
      expect(log.map((l) => l.outcome)).toEqual(['ok', 'refused']);
      expect(log[0]!.who).toMatch(/^cli:/);
    } finally {
      d.close();
    }
  });

  it('sql with two statements exits non-zero with a one-line reason', async () => {
    const r = await sla('--db', newDbPath(), 'sql', 'select 1; select 2');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('sla: hanya satu pernyataan SQL per permintaan (ada 2)');
  });

  it('ingest of an invalid kind exits non-zero', async () => {
    const r = await sla('--db', newDbPath(), 'ingest', 'bogus', 'x');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('bogus');
    expect(r.stdout).toBe('');
  });
});
