import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { Database } from '../src/db/database.js';
import { openDatabase, prepareDatabase } from '../src/store/open.js';
import { loadConfigFile } from '../src/ingest/batches.js';
import { loadFile } from '../src/ingest/load.js';
import { loadSampleConfig, repoPath } from './sample.js';

export { repoPath } from './sample.js';

/** Absolute path of a fixture under test/fixtures/. */
export function fixture(rel: string): string {
  return fileURLToPath(new URL(`./fixtures/${rel}`, import.meta.url));
}

/**
 * An in-memory database, migrated and with the metric definitions installed, with the shipped catalogue, calendar and national holiday list
 * loaded the way an operator loads them (`loadConfigFile`, one batch each).
 */
export async function openTestDb(): Promise<Database> {
  return (await copyOfTemplate('base')) ?? buildTestDb();
}

/**
 * `openTestDb()` with the shipped officers and the demo events (sample-data/events.csv, ~22 600
 * transitions) loaded by `loadFile`, one batch each, SLA tables computed.
 */
export async function openDemoEventsDb(): Promise<Database> {
  return (await copyOfTemplate('demoEvents')) ?? buildDemoEventsDb();
}

/** An in-memory database with the shipped catalogue, calendar and officers and the demo events, complaints and surveys (as `sla demo` loads them). */
export function demoDb(): Promise<Database> {
  return sharedDb('demo', async () => {
    const db = await openDemoEventsDb();
    await loadFile(db, { kind: 'complaints', path: repoPath('sample-data/complaints.csv') });
    await loadFile(db, { kind: 'surveys', path: repoPath('sample-data/surveys.csv') });
    return db;
  });
}

/**
 * A database that several files of a run start from, built once: the first call of `key` in the
 * run (in whichever worker) builds it with `build` and leaves a copy in the run's template folder;
 * every later call copies that file (~0.3 s instead of the loads, ~1–10 s). The builder holds
 * `key.lock` (created exclusively) while it builds: a worker that asks meanwhile waits for the file
 * instead of building it too (two builds of the same database beside each other took both cores),
 * and builds it itself when the builder failed (the lock gone, no file). `key` names one recipe:
 * the same key must always be built the same way. Outside a vitest run: `build()`.
 */
export async function sharedDb(key: string, build: () => Promise<Database>): Promise<Database> {
  const dir = inject('testDbTemplates')?.dir;
  if (!dir) return build();
  const file = join(dir, `${key}.duckdb`);
  const lock = join(dir, `${key}.lock`);
  for (;;) {
    if (existsSync(file)) return copyOfFile(file);
    if (takeLock(lock)) break;
    await builtOrFailed(file, lock);
  }
  try {
    const db = await build();
    const part = join(dir, `${key}.${randomUUID()}.part`);
    try {
      await writeDatabase(db, part);
      renameSync(part, file);
    } catch (err) {
      rmSync(part, { force: true });
      db.close();
      throw err;
    }
    return db;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Creates `lock` if no one holds it (O_EXCL: one of several workers wins); false when it exists. */
function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Resolves when the builder holding `lock` is done: `file` is there, or the lock is gone (its build
 * failed). A look every 50 ms (the builds take seconds; node:timers, which fake timers leave alone); no bound
 * of its own, the hook's timeout is the one.
 */
async function builtOrFailed(file: string, lock: string): Promise<void> {
  while (!existsSync(file) && existsSync(lock)) await sleep(50);
}

/**
 * A database file holding what `openTestDb()` holds (`template: 'base'`) or a new database
 * (`'empty'`: migrated, definitions and the national calendar installed, as `openDatabase` makes
 * one), for a test that hands a file to the real command; a file copy (ms) instead of building it.
 */
export async function testDbFile(path: string, template: 'base' | 'empty'): Promise<string> {
  const file = inject('testDbTemplates')?.[template];
  if (file) copyFileSync(file, path);
  else {
    const db = await openDatabase(path);
    try {
      if (template === 'base') await loadSampleConfig(db);
    } finally {
      db.close();
    }
  }
  return path;
}

/** A copy of the whole database in a file (the database is left as it is). */
export function writeDatabase(db: Database, file: string): Promise<void> {
  return db.write((w) =>
    w.exec(
      `attach '${file.replaceAll("'", "''")}' as template; copy from database memory to template; detach template;`,
    ),
  );
}

/** The run's copy of a template database, made once by test/global-setup.ts (undefined outside a vitest run). */
async function copyOfTemplate(name: 'base' | 'demoEvents'): Promise<Database | undefined> {
  const file = inject('testDbTemplates')?.[name];
  return file ? copyOfFile(file) : undefined;
}

/** An in-memory copy of an open database (through a file, removed after; the database is left as it is). */
export async function copyOfDb(db: Database): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'sla-test-copy-'));
  try {
    const file = join(dir, 'copy.duckdb');
    await writeDatabase(db, file);
    return await copyOfFile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An in-memory copy of a database file, opened as any database is. */
async function copyOfFile(file: string): Promise<Database> {
  const db = await Database.open(':memory:');
  try {
    await db.write((w) =>
      w.exec(
        `attach '${file.replaceAll("'", "''")}' as template (read_only); copy from database template to memory; detach template;`,
      ),
    );
  } catch (err) {
    db.close();
    throw err;
  }
  // a no-op on the copy (same migrations and definitions), kept so that the copy is opened as any database is
  return prepareDatabase(db);
}

/** The template databases of a run: what each `open…Db()` above returns a copy of, and the folder of `sharedDb`'s files. */
export interface TestTemplates {
  dir: string;
  /** A new database (`openDatabase`, nothing loaded). */
  empty: string;
  base: string;
  demoEvents: string;
}

export async function buildDemoEventsDb(): Promise<Database> {
  const db = await buildTestDb();
  await addDemoEvents(db);
  return db;
}

/** What `openDemoEventsDb()` holds beyond `openTestDb()`: the shipped officers, then the demo events. */
export async function addDemoEvents(db: Database): Promise<void> {
  await loadConfigFile(db, 'catalogue', repoPath('sample-data/officers.yaml'));
  await loadFile(db, { kind: 'events', path: repoPath('sample-data/events.csv') });
}

/** What `openTestDb()` holds, made step by step (the template of a run, or without one). */
export async function buildTestDb(): Promise<Database> {
  const db = await openDatabase(':memory:');
  await loadSampleConfig(db);
  return db;
}

/** Number of rows of a table. */
export async function count(db: Database, table: string, where = 'true'): Promise<number> {
  const row = await db.one<{ n: number }>(`select count(*) as n from ${table} where ${where}`);
  return row!.n;
}
