import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runClient, type ClientEnv } from '../../src/cli/client.js';
import { loadConfig } from '../../src/config.js';
import { loadFile } from '../../src/ingest/load.js';
import { MANIFEST, type Manifest } from '../../src/lake/export.js';
import { startLakeExporter } from '../../src/lake/exporter.js';
import { serve } from '../../src/server.js';
import { fixture, openTestDb, testDbFile } from '../helpers.js';
import { tempDir } from './helpers.js';

/*
 * `sla export lake DIR` on a database, and through a running service (the command runs inside
 * it, the folder is the caller's); the service's export after each load (SLA_LAKE_EVERY).
 */

const tmp = tempDir('sla-lake-cli-');
const cwd = join(tmp.dir, 'work');
mkdirSync(cwd);
copyFileSync(fixture('lake/a.csv'), join(cwd, 'a.csv'));
const served = join(tmp.dir, 'served.duckdb');
const direct = join(tmp.dir, 'direct.duckdb');
const everyDir = join(tmp.dir, 'every');
const config = loadConfig({});

async function sla(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env: ClientEnv = {
    out: (c) => (stdout += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')),
    err: (c) => (stderr += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')),
    cwd,
    stdin: async () => Buffer.alloc(0),
    progressStream: process.stderr,
    config,
  };
  const code = await runClient(args, env);
  return { code, stdout, stderr };
}

/** The shipped catalogue, calendar and holidays (batches 1–3) and a.csv (batch 4). */
async function prepare(path: string): Promise<void> {
  // a copy of the run's template file (what openTestDb() holds), not the three loads again
  await testDbFile(path, 'base');
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
const files = (m: Manifest) =>
  Object.fromEntries(
    Object.entries(m.tables).map(([n, t]) => [n, t.files.map((f) => `${f.path} ${f.rows} ${f.sha256}`)]),
  );

let app: FastifyInstance | undefined;

beforeAll(async () => {
  await prepare(served);
  await prepare(direct);
  app = await serve(
    { ...config, dbPath: served, host: '127.0.0.1', port: 0, logLevel: 'silent', lakeDir: everyDir, lakeEvery: true },
    () => undefined,
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  tmp.remove();
});

describe('sla export lake', () => {
  test('through the running service and on the database alone: the same output and the same files, in the caller’s folder', async () => {
    expect((await sla(['--db', served, 'ingest', 'events', 'a.csv'])).code).toBe(0);
    expect((await sla(['--db', direct, 'ingest', 'events', 'a.csv'])).code).toBe(0);
    const viaService = await sla(['--db', served, 'export', 'lake', 'lake']);
    const alone = await sla(['--db', direct, 'export', 'lake', 'lake-direct']);
    expect(viaService.code, viaService.stderr).toBe(0);
    expect(alone.code, alone.stderr).toBe(0);
    const lines = viaService.stdout.trim().split('\n');
    // a line per table, then the manifest: a.csv's 26 transitions in 3 partitions
    expect(lines[0]).toBe('events\t26 baris\t3 partisi');
    expect(lines.at(-1)).toMatch(
      new RegExp(`^${join(cwd, 'lake', MANIFEST)}: \\d+ berkas ditulis, 0 tidak berubah, 0 dihapus$`),
    );
    expect(viaService.stdout.replace(join(cwd, 'lake'), '<dir>')).toBe(
      alone.stdout.replace(join(cwd, 'lake-direct'), '<dir>'),
    );
    expect(files(manifest(join(cwd, 'lake')))).toEqual(files(manifest(join(cwd, 'lake-direct'))));
    // a second export: nothing changed, nothing written
    const again = await sla(['--lang', 'en', '--db', direct, 'export', 'lake', 'lake-direct']);
    expect(again.stdout.trim().split('\n').at(-1)).toMatch(/: 0 files written, \d+ unchanged, 0 removed$/);
    // no folder named and no SLA_LAKE_DIR: refused
    expect(await sla(['--db', direct, 'export', 'lake'])).toMatchObject({
      code: 1,
      stderr: 'sla: sebutkan folder lake (DIR) atau SLA_LAKE_DIR\n',
    });
  });

  test('the service with SLA_LAKE_EVERY has exported after the load, and finishes its export before it stops', async () => {
    await app!.close();
    app = undefined;
    const m = manifest(everyDir);
    // the catalogue, calendar and holidays, then a.csv
    expect(m.source).toMatchObject({ loads: 4, last_batch_id: 4 });
    expect(m.tables.events!.rows).toBe(26);
    expect(files(m)).toEqual(files(manifest(join(cwd, 'lake'))));
  });
});

describe('startLakeExporter', () => {
  test('exports at start and after each load, not after other writes', async () => {
    const db = await openTestDb();
    const dir = join(tmp.dir, 'exporter');
    const exports: number[] = [];
    const lake = startLakeExporter(db, {
      dir,
      log: () => undefined,
      onExport: (r) => exports.push(r.manifest.source.loads),
    });
    try {
      await lake.idle();
      expect(exports).toEqual([3]);
      await loadFile(db, { kind: 'events', path: fixture('lake/a.csv') });
      await lake.idle();
      expect(exports).toEqual([3, 4]);
      expect(manifest(dir).tables.events!.rows).toBe(26);
      // a write that is no load (a user, say): looked at, not exported
      await db.transaction((tx) => tx.run("insert into dash_dirty values (date '2026-05-01')"));
      await lake.idle();
      expect(exports).toEqual([3, 4]);
      lake.stop();
      await loadFile(db, { kind: 'events', path: fixture('lake/b.csv') });
      await lake.idle();
      expect(exports).toEqual([3, 4]);
    } finally {
      lake.stop();
      db.close();
    }
  });

  test('a commit listener that throws does not fail the transaction it follows', async () => {
    const db = await openTestDb();
    try {
      let calls = 0;
      const off = db.onCommit(() => {
        calls++;
        throw new Error('listener');
      });
      await expect(db.transaction((tx) => tx.run("insert into dash_dirty values (date '2026-05-01')"))).resolves.toBe(
        1,
      );
      off();
      await db.transaction((tx) => tx.run("insert into dash_dirty values (date '2026-06-01')"));
      expect(calls).toBe(1);
    } finally {
      db.close();
    }
  });
});
