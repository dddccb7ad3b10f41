import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/db/database.js';
import {
  contractMarkdown,
  fileColumns,
  HIVE_TYPES,
  LAKE_TABLES,
  SCHEMA_VERSION,
  withContract,
} from '../../src/lake/contract.js';
import { exportLake, type Manifest } from '../../src/lake/export.js';
import { EXPOSED } from '../../src/sandbox/relations.js';
import { repoPath } from '../helpers.js';
import { openLakeDb, tableSource, tempDir } from './helpers.js';

/** Columns the database has and the lake leaves out on purpose (docs/lake.md "No personal data"). */
const LEFT_OUT: Record<string, string[]> = {
  events: ['batch_id', 'note'],
  offices: ['government', 'dinas_name', 'place', 'address', 'phone', 'email', 'website', 'logo_path'],
  // the signatories of the monthly report: an official's civil-servant number (NIP) and posting
  officers: ['nip', 'position', 'posted_from', 'posted_to'],
};

describe('lake schema contract (docs/lake.md, version 1)', () => {
  let db: Database;
  let m: Manifest;
  const tmp = tempDir();
  beforeAll(async () => {
    db = await openLakeDb();
    m = (await exportLake(db, tmp.dir)).manifest;
  });
  afterAll(() => {
    db.close();
    tmp.remove();
  });

  test('the Parquet files hold the contract’s columns and types, the partition keys read back as documented', async () => {
    expect(SCHEMA_VERSION).toBe(1);
    for (const t of LAKE_TABLES) {
      const files = m.tables[t.name]!.files.map((f) => join(tmp.dir, f.path));
      expect(files.length, `${t.name}: the fixture gives every table rows`).toBeGreaterThan(0);
      // each file alone: its columns in the contract's order, without the partition keys
      for (const f of files) {
        const cols = await db.all<{ column_name: string; column_type: string }>(
          `describe select * from read_parquet('${f}', hive_partitioning = false)`,
        );
        expect(
          cols.map((c) => `${c.column_name} ${c.column_type}`),
          f,
        ).toEqual(fileColumns(t).map((c) => `${c.name} ${c.type}`));
      }
      // as a reader gets the table: every column of the contract with its type
      const read = await db.all<{ column_name: string; column_type: string }>(
        `describe select * from ${tableSource(tmp.dir, m, t)}`,
      );
      const byName = (xs: { n: string; ty: string }[]) => Object.fromEntries(xs.map((x) => [x.n, x.ty]));
      expect(byName(read.map((c) => ({ n: c.column_name, ty: c.column_type }))), t.name).toEqual(
        byName(t.columns.map((c) => ({ n: c.name, ty: c.type }))),
      );
      for (const k of t.partitionBy) expect(t.columns.find((c) => c.name === k)?.type).toBe(HIVE_TYPES[k]);
    }
  });

  test('the contract follows the database: every column of each table but those left out on purpose', async () => {
    for (const t of LAKE_TABLES) {
      const dbCols = (
        await db.all<{ name: string }>(
          `select column_name as name from information_schema.columns where table_name = $t and table_schema = 'main' order by ordinal_position`,
          { t: t.name },
        )
      ).map((r) => r.name);
      const keysAdded = t.partitionBy.filter((k) => !dbCols.includes(k));
      expect(
        t.columns.map((c) => c.name).filter((c) => !keysAdded.includes(c as never)),
        t.name,
      ).toEqual(dbCols.filter((c) => !(LEFT_OUT[t.name] ?? []).includes(c)));
    }
  });

  test('only relations and columns the auditor sandbox exposes (complainant identity stays home)', () => {
    for (const t of LAKE_TABLES) {
      const rel = EXPOSED.find((r) => r.name === t.name);
      expect(rel, t.name).toBeDefined();
      if (rel!.columns) for (const c of fileColumns(t)) expect(rel!.columns).toContain(c.name);
    }
    expect(LAKE_TABLES.map((t) => t.name)).not.toContain('complaints');
  });

  test('docs/lake.md carries the contract as generated from src/lake/contract.ts', () => {
    const doc = readFileSync(repoPath('docs/lake.md'), 'utf8');
    const block = /<!-- contract:begin -->\n([\s\S]*)<!-- contract:end -->/.exec(doc)?.[1];
    expect(block, 'docs/lake.md is out of date: run `npm run docs`').toBe(contractMarkdown());
    expect(withContract(doc)).toBe(doc);
    for (const t of LAKE_TABLES) expect(doc).toContain(`### ${t.name}\n`);
  });
});
