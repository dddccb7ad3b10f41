import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { migrate, migrations, schemaVersion } from '../../src/db/migrations.js';

const path = join(tmpdir(), `sla-migrate-${process.pid}.duckdb`);
afterEach(() => {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
});

describe('versioned migrations', () => {
  it('upgrades a database made by an older version in place, keeping its data', async () => {
    // a database as version 1 of the program left it, with one office
    let db = await Database.open(path);
    await db.write(async (w) => {
      await w.run('create table schema_migrations (version integer primary key, name varchar, applied_at timestamptz)');
      await w.exec(migrations[0]!.sql);
      await w.run("insert into schema_migrations values (1, 'base tables', now())");
      await w.run(
        "insert into offices (office, name, timezone) values ('pekanbaru', 'DPMPTSP Kota Pekanbaru', 'Asia/Jakarta')",
      );
    });
    db.close();

    db = await Database.open(path);
    expect(await migrate(db)).toEqual({ from: 1, to: schemaVersion });
    expect(schemaVersion).toBeGreaterThanOrEqual(2);
    // the office is still there, and the column of migration 2 exists
    expect(await db.all('select office, utc_offset_min from offices')).toEqual([
      { office: 'pekanbaru', utc_offset_min: null },
    ]);
    expect((await db.all('select version from schema_migrations order by version')).map((r) => r.version)).toEqual(
      migrations.map((m) => m.version),
    );
    // migrating again changes nothing
    expect(await migrate(db)).toEqual({ from: schemaVersion, to: schemaVersion });
    db.close();
  });

  it('moves complainant identity out of the register of a version 2 database (migration 3)', async () => {
    let db = await Database.open(path);
    await db.write(async (w) => {
      await w.run('create table schema_migrations (version integer primary key, name varchar, applied_at timestamptz)');
      for (const m of migrations.slice(0, 2)) {
        await w.exec(m.sql);
        await w.run('insert into schema_migrations values ($v, $n, now())', { v: m.version, n: m.name });
      }
      await w.exec(`
        insert into complaints (office, complaint_id, received_at, channel, category, complainant_name, complainant_contact, stage, stage_at, batch_id) values
          ('pekanbaru', 'P-1', '2025-01-06 02:00:00+00', 'surat', 'ringan', 'Budi', '0812', 'diterima', '2025-01-06 02:00:00+00', 1),
          ('pekanbaru', 'P-1', '2025-01-06 02:00:00+00', 'surat', 'ringan', 'Budi', '0812', 'selesai', '2025-01-07 02:00:00+00', 1),
          ('pekanbaru', 'P-2', '2025-01-08 02:00:00+00', 'loket', 'ringan', null, null, 'diterima', '2025-01-08 02:00:00+00', 1)`);
    });
    db.close();
    db = await Database.open(path);
    await migrate(db);
    expect(await db.all('select complaint_id, name, contact, batch_id from complainants')).toEqual([
      { complaint_id: 'P-1', name: 'Budi', contact: '0812', batch_id: 1 },
    ]);
    const rows = await db.all<{ complaint_id: string; complainant: string | null }>(
      'select complaint_id, complainant from complaints order by complaint_id, stage_at',
    );
    expect(rows.map((r) => r.complaint_id)).toEqual(['P-1', 'P-1', 'P-2']);
    expect(rows[0]!.complainant).toMatch(/^ANON-[0-9A-F]{10}$/);
    expect(rows[1]!.complainant).toBe(rows[0]!.complainant);
    expect(rows[2]!.complainant).toBeNull();
    const cols = (
      await db.all<{ c: string }>("select column_name as c from duckdb_columns() where table_name = 'complaints'")
    ).map((r) => r.c);
    expect(cols).not.toContain('complainant_name');
    db.close();
  });

  it('refuses a database made by a newer version instead of recreating it', async () => {
    const db = await Database.open(path);
    await migrate(db);
    await db.write((w) => w.run("insert into schema_migrations values (999, 'from the future', now())"));
    await expect(migrate(db)).rejects.toThrow(/newer than this program/);
    db.close();
  });
});
