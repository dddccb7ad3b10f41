import { ensureNationalCalendar } from '../calendar/index.js';
import { Database, migrate } from '../db/index.js';
import { installDefinitions } from '../sla/index.js';

/**
 * The product's database as every entry point opens it: created if needed, its schema brought up
 * to date (db/), the metric definitions installed (sla/) and, in a database without any
 * calendar, the national default one (calendar/). Above those rooms, so `db/` knows none of them.
 */
export async function openDatabase(path: string): Promise<Database> {
  return prepareDatabase(await Database.open(path));
}

/** Brings an open database up to date as `openDatabase` does (closes it when that fails). */
export async function prepareDatabase(db: Database): Promise<Database> {
  try {
    await migrate(db);
    await installDefinitions(db);
    // a database is never without a working calendar (SPEC §2.1)
    await ensureNationalCalendar(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
