import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/store/open.js';
import { argvLang, runCli, type CliIo } from '../src/cli/program.js';
import { loadConfig } from '../src/config.js';
import { cliHelp, t } from '../src/i18n/index.js';
import { listBatches, loadConfigFile, undoBatch } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';
import { AuditorSql } from '../src/sandbox/engine.js';
import { encodeResult } from '../src/sandbox/formats.js';
import { slaCommand } from './command.js';
import { fixture, repoPath, testDbFile } from './helpers.js';

/*
 * The `sla` command line. What the commands do is tested in-process, on the modules they call
 * (`sla ingest` → loadConfigFile/loadFile, `sla batches [undo]` → listBatches/undoBatch, `sla sql`
 * → AuditorSql + encodeResult); a few runs of the real command, `node bin/sla.js …` (the compiled
 * CLI, test/command.ts) in a child process from the repository root without SLA_* variables, test
 * what only the command line does: help, exit status, messages on stderr, output formats, the batch
 * listing. A run costs a second or so of CPU, so they are few and one at a time. The same commands beside a running service:
 * test/cli-service.test.ts.
 */

const tmp = mkdtempSync(join(tmpdir(), 'sla-cli-test-'));
let dbNo = 0;
const newDbPath = () => join(tmp, `t${++dbNo}.duckdb`);
/** A new, empty database file (a read-only command refuses a missing one): a copy of the run's (test/helpers.ts). */
const newDb = () => testDbFile(newDbPath(), 'empty');

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sla = slaCommand;

const good = fixture('api/cli-events-good.csv'); // 4 rows of case CLI-1
const bad = fixture('api/cli-events-bad.csv'); // line 3: event "selesai"

describe('what the commands call: the load history a user walks through', () => {
  it('ingest catalogue, calendar and events; again: already loaded; batches; batches undo; sql --format json', async () => {
    const db: Database = await openDatabase(':memory:');
    try {
      const cat = await loadConfigFile(db, 'catalogue', repoPath('sample-data/catalogue.yaml'));
      expect(cat.message).toMatch(/^catalogue\.yaml: 3 kantor, 4 layanan, \d+ langkah, \d+ petugas \(batch \d+\)$/);
      const cal = await loadConfigFile(db, 'calendar', repoPath('sample-data/calendar.yaml'));
      expect(cal.message).toMatch(/^calendar\.yaml: /);
      const hol = await loadConfigFile(db, 'calendar', repoPath('sample-data/holidays-id-2024-2026.csv'));
      expect(hol.message).toMatch(/^holidays-id-2024-2026\.csv: /);

      const ev = await loadFile(db, { kind: 'events', path: good, lang: 'id' });
      expect(ev).toMatchObject({ status: 'committed', rowsRead: 4, accepted: 4, duplicates: 0 });
      expect(ev.message).toBe(`cli-events-good.csv: 4 baris dimuat, 0 duplikat dilewati (batch ${ev.batchId})`);

      const again = await loadFile(db, { kind: 'events', path: good, lang: 'id' });
      expect(again).toMatchObject({ status: 'already_loaded', accepted: 0 });
      expect(again.message).toContain(`sudah dimuat sebagai batch ${ev.batchId}`);
      expect(again.message).not.toContain('baris dimuat');

      const list = await listBatches(db);
      expect(list.map((b) => [b.batch_id, b.kind, b.status, b.rows_accepted])).toEqual([
        [cat.batchId, 'catalogue', 'committed', expect.any(Number)],
        [cal.batchId, 'calendar', 'committed', expect.any(Number)],
        [hol.batchId, 'calendar', 'committed', expect.any(Number)],
        [ev.batchId, 'events', 'committed', 4],
      ]);
      expect(list.map((b) => b.file_name)).toEqual([
        repoPath('sample-data/catalogue.yaml'),
        repoPath('sample-data/calendar.yaml'),
        repoPath('sample-data/holidays-id-2024-2026.csv'),
        good,
      ]);

      const undo = await undoBatch(db, ev.batchId!);
      expect(undo).toEqual({ removed: 4 });
      expect(t('id', 'batch_undone', { batch: String(ev.batchId), removed: undo.removed })).toBe(
        `batch ${ev.batchId}: 4 baris dihapus`,
      ); // Indonesian by default
      expect((await listBatches(db)).at(-1)).toMatchObject({ batch_id: ev.batchId, status: 'undone' });

      // after the undo: no events left (and --format json parses to { columns, rows })
      const engine = new AuditorSql(db);
      try {
        const r = await engine.run({
          sql: 'select count(*) as n, max(case_id) as last_case from events',
          who: 'cli:test',
        });
        const json = JSON.parse((await encodeResult(r, 'json')).toString('utf8'));
        expect(Object.keys(json)).toEqual(['columns', 'rows', 'row_count', 'truncated', 'query_id']);
        expect(json.columns.map((c: { name: string }) => c.name)).toEqual(['n', 'last_case']);
        expect(json.rows).toEqual([{ n: 0, last_case: null }]);
      } finally {
        await engine.close();
      }
    } finally {
      db.close();
    }
  });
});

/** A text as commander prints it, wrapped and indented: its words separated by one space. */
const words = (s: string) => s.replace(/\s+/g, ' ');

describe('the language of the help, known before commander parses', () => {
  it('argvLang: --lang en or --lang=en (the last one), else the configured language; nothing after --', () => {
    expect(argvLang(['--lang', 'en', '--help'], 'id')).toBe('en');
    expect(argvLang(['ingest', '--lang=en', '--help'], 'id')).toBe('en');
    expect(argvLang(['--lang', 'en', 'sql', '--lang', 'id', 'x'], 'en')).toBe('id');
    expect(argvLang(['--help'], 'en')).toBe('en');
    expect(argvLang(['--lang', 'fr', '--help'], 'id')).toBe('id');
    expect(argvLang(['sql', '--', '--lang', 'en'], 'id')).toBe('id');
  });
  it('SLA_LANG=en (config.lang) gives the English help when the command line names no --lang', async () => {
    let out = '';
    const io: CliIo = {
      standalone: true,
      out: (c) => (out += String(c)),
      err: () => undefined,
      cwd: process.cwd(),
      stdin: async () => Buffer.alloc(0),
      progress: () => ({ onProgress: undefined, stop: () => undefined }),
      open: () => Promise.reject(new Error('no database for --help')),
      release: () => undefined,
    };
    expect(await runCli(['sql', '--help'], io, loadConfig({ SLA_LANG: 'en' }))).toBe(0);
    expect(words(out)).toContain(words(cliHelp.en.sql.about));
    expect(out).toMatch(/^Usage: sla sql \[options\] <query>/);
    expect(words(out)).toContain('(choices: "json", "csv", "arrow", "parquet", "table", default: "table")');
    out = '';
    expect(await runCli(['sql', '--help'], io, loadConfig({}))).toBe(0);
    expect(words(out)).toContain(words(cliHelp.id.sql.about));
    expect(out).toMatch(/^Penggunaan: sla sql/);
    expect(words(out)).toContain('(pilihan: "json", "csv", "arrow", "parquet", "table", bawaan: "table")');
  });
});

describe('sla CLI (the real command)', () => {
  it('--help and ingest --help exit 0 and list the commands and options', async () => {
    const [top, ingest] = await Promise.all([sla('--help'), sla('ingest', '--help')]);
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'demo', 'ingest', 'batches', 'sql', 'generate'])
      expect(top.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    for (const opt of ['--db', '--lang']) expect(top.stdout).toContain(opt);
    expect(ingest.code).toBe(0);
    for (const kind of ['events', 'complaints', 'surveys', 'catalogue', 'calendar'])
      expect(ingest.stdout).toContain(`"${kind}"`);
    for (const opt of ['--office', '--service', '--dry-run']) expect(ingest.stdout).toContain(opt);
  });

  it("--help and ingest --help in Indonesian by default, in English with --lang en / --lang=en (the catalogue's texts)", async () => {
    const [id, en, ingestId, ingestEn] = [
      await sla('--help'),
      await sla('--lang', 'en', '--help'),
      await sla('ingest', '--help'),
      await sla('--lang=en', 'ingest', '--help'),
    ];
    for (const r of [id, en, ingestId, ingestEn]) expect(r.code).toBe(0);
    const [h, e] = [cliHelp.id, cliHelp.en];
    for (const text of [h.program.about, h.program.db, h.serve.about, h.user.about, h.help_option, h.help_command])
      expect(words(id.stdout)).toContain(words(text));
    for (const text of [e.program.about, e.program.db, e.serve.about, e.user.about, e.help_option])
      expect(words(en.stdout)).toContain(words(text));
    expect(id.stdout).toMatch(/^Penggunaan: sla \[options\] \[command\]/);
    expect(id.stdout).toContain('Analitik SLA untuk Standar Pelayanan DPMPTSP');
    expect(id.stdout).toMatch(/^Opsi:$/m);
    expect(id.stdout).toMatch(/^Perintah:$/m);
    expect(id.stdout).not.toContain(e.program.about);
    expect(en.stdout).toMatch(/^Usage: sla \[options\] \[command\]/);
    expect(en.stdout).toContain('SLA analytics for DPMPTSP service standards');
    expect(en.stdout).not.toContain(h.program.about);

    for (const text of [h.ingest.about, h.ingest.kind, h.ingest.files, h.ingest.dry_run])
      expect(words(ingestId.stdout)).toContain(words(text));
    for (const text of [e.ingest.about, e.ingest.kind, e.ingest.files, e.ingest.dry_run])
      expect(words(ingestEn.stdout)).toContain(words(text));
    expect(ingestId.stdout).toMatch(/^Argumen:$/m);
    expect(ingestId.stdout).toContain('validasi dan hitung, tanpa menyimpan apa pun');
    expect(words(ingestId.stdout)).toContain('(pilihan: "events", "complaints", "surveys", "catalogue", "calendar")');
    expect(ingestEn.stdout).toContain('validate and count, save nothing');
    expect(words(ingestEn.stdout)).toContain('(choices: "events", "complaints", "surveys", "catalogue", "calendar")');
  });

  it('a bad events file is rejected whole, naming file, line and field, in Indonesian or English; batches lists the loads', async () => {
    // set up in-process: the shipped catalogue and calendar (the run's copy of them, batches 1–3, as
    // openTestDb() holds them), then the good file (4 rows)
    const db = await testDbFile(newDbPath(), 'base');
    let goodBatch: number;
    {
      const d = await openDatabase(db);
      try {
        goodBatch = (await loadFile(d, { kind: 'events', path: good })).batchId!;
      } finally {
        d.close();
      }
    }
    const id = await sla('--db', db, 'ingest', 'events', bad);
    expect(id.code).toBe(1);
    expect(id.stdout).toBe('');
    expect(id.stderr).toMatch(/^sla: /);
    expect(id.stderr).toContain('cli-events-bad.csv');
    expect(id.stderr).toMatch(/baris 3\b/);
    expect(id.stderr).toContain('kolom event');
    expect(id.stderr).toContain('"selesai"');
    expect(id.stderr).toContain('tidak ada data yang dimuat');

    const en = await sla('--db', db, '--lang', 'en', 'ingest', 'events', bad);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('cli-events-bad.csv');
    expect(en.stderr).toMatch(/line 3\b/);
    expect(en.stderr).toContain('field event');
    expect(en.stderr).toContain('nothing was loaded');
    expect(en.stderr).not.toContain('baris');

    // the listing: one line per load, tab-separated, the rejected loads too
    const list = await sla('--db', db, 'batches');
    expect(list, list.stderr).toMatchObject({ code: 0 });
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.map((r) => [r[1], r[2], r.at(-1)])).toEqual([
      ['catalogue', 'committed', repoPath('sample-data/catalogue.yaml')],
      ['calendar', 'committed', repoPath('sample-data/calendar.yaml')],
      ['calendar', 'committed', repoPath('sample-data/holidays-id-2024-2026.csv')],
      ['events', 'committed', good],
      ['events', 'rejected', bad],
      ['events', 'rejected', bad],
    ]);
    expect(rows[3]![0]).toBe(String(goodBatch));
    expect(rows[3]!.slice(3, 7)).toEqual(['dibaca 4', 'dimuat 4', 'duplikat 0', 'ditolak 0']);
    const listEn = await sla('--db', db, '--lang', 'en', 'batches');
    expect(listEn.stdout.trim().split('\n')[3]!.split('\t').slice(3, 7)).toEqual([
      'read 4',
      'accepted 4',
      'dup 0',
      'rejected 0',
    ]);
    expect(new Date(rows[3]![7]!).toISOString()).toBe(rows[3]![7]);

    // nothing of the bad file was loaded: still the 4 rows of the good file
    const d = await openDatabase(db);
    try {
      expect((await d.one<{ n: number }>('select count(*) as n from events'))!.n).toBe(4);
    } finally {
      d.close();
    }
  });

  it('sql --format csv is RFC 4180', async () => {
    const r = await sla('--db', await newDb(), 'sql', "select 1 as a, 'x,y' as b", '--format', 'csv');
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('sql --format parquet --out writes a file DuckDB reads back, and the query is in query_audit_log as the user', async () => {
    const db = await newDb();
    const out = join(tmp, 'r.parquet');
    const r = await sla('--db', db, 'sql', "select 42::bigint as n, 'x' as s", '--format', 'parquet', '--out', out);
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: '' });
    const d = await openDatabase(db);
    try {
      expect(await d.all(`select * from read_parquet('${out}')`)).toEqual([{ n: 42, s: 'x' }]);
      const log = await d.all<{ who: string; outcome: string }>(
        'select who, outcome from query_audit_log order by query_id',
      );
      expect(log).toEqual([{ who: `cli:${userInfo().username}`, outcome: 'ok' }]);
    } finally {
      d.close();
    }
  });

  it('a read-only command on a missing database says so and makes no file', async () => {
    const db = newDbPath();
    const r = await sla('--db', db, 'batches');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(
      `sla: basis data ${db} belum ada: muat data dulu (\`sla ingest …\`) atau buat contoh dengan \`sla demo\`\n`,
    );
    expect(existsSync(db)).toBe(false);
  });

  it('sql with two statements exits non-zero with a one-line reason', async () => {
    const r = await sla('--db', await newDb(), 'sql', 'select 1; select 2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('sla: hanya satu pernyataan SQL per permintaan (ada 2)');
  });

  it('ingest of an invalid kind exits non-zero', async () => {
    const r = await sla('--db', newDbPath(), 'ingest', 'bogus', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bogus');
    expect(r.stdout).toBe('');
  });
});
