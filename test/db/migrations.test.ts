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
      await w.run("insert into offices (office, name, timezone) values ('pekanbaru', 'DPMPTSP Kota Pekanbaru', 'Asia/Jakarta')");
    });
    db.close();

    db = await Database.open(path);
    expect(await migrate(db)).toEqual({ from: 1, to: schemaVersion });
    expect(schemaVersion).toBeGreaterThanOrEqual(2);
    // the office is still there, and the column of migration 2 exists
    expect(await db.all('select office, utc_offset_min from offices')).toEqual([{ office: 'pekanbaru', utc_offset_min: null }]);
    expect((await db.all('select version from schema_migrations order by version')).map((r) => r.version)).toEqual(
      migrations.map((m) => m.version),
    );
    // migrating again changes nothing
    expect(await migrate(db)).toEqual({ from: schemaVersion, to: schemaVersion });
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
