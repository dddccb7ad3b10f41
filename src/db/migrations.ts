import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.js';

/**
 * Versioned schema migrations. A database made by an older version is upgraded in order, each
 * migration in its own transaction; a database made by a newer version is refused, never
 * recreated. Never edit a released migration: add the next file to migrations/.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FOLDER = new URL('../../migrations/', import.meta.url);
const FILE = /^(\d{4})-[a-z0-9-]+\.sql$/;

/**
 * The migrations of migrations/: `NNNN-slug.sql`, numbered from 0001 without gaps, the first
 * line `-- name` (recorded in schema_migrations), the rest the statements.
 */
function readMigrations(): Migration[] {
  const files = readdirSync(FOLDER)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file, i) => {
    const m = FILE.exec(file);
    if (!m || Number(m[1]) !== i + 1)
      throw new Error(`migrations/${file}: expected ${String(i + 1).padStart(4, '0')}-name.sql`);
    const text = readFileSync(new URL(file, FOLDER), 'utf8');
    const nl = text.indexOf('\n');
    const head = /^-- (.+)$/.exec(text.slice(0, nl < 0 ? undefined : nl));
    if (!head) throw new Error(`migrations/${file}: the first line names the migration (-- name)`);
    return { version: i + 1, name: head[1]!.trim(), sql: text.slice(nl + 1) };
  });
}

export const migrations: Migration[] = readMigrations();

export const schemaVersion = migrations[migrations.length - 1]!.version;

export async function migrate(db: Database): Promise<{ from: number; to: number }> {
  await db.write((w) =>
    w.run(
      'create table if not exists schema_migrations (version integer primary key, name varchar, applied_at timestamptz)',
    ),
  );
  const row = await db.one<{ v: number | null }>('select max(version) as v from schema_migrations');
  const from = row?.v ?? 0;
  if (from > schemaVersion) {
    throw new Error(
      `database schema version ${from} is newer than this program (${schemaVersion}); upgrade the program`,
    );
  }
  for (const m of migrations.filter((x) => x.version > from)) {
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.run('insert into schema_migrations values ($v, $n, now())', { v: m.version, n: m.name });
    });
  }
  return { from, to: schemaVersion };
}
