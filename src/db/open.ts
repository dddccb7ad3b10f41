import { Database } from './database.js';
import { migrate } from './migrations.js';
import { installDefinitions } from './views.js';
import { ensureNationalCalendar } from '../calendar/coverage.js';

/**
 * Opens (creating if needed) a database, brings its schema up to date, installs the metric
 * definitions and, in a database without any calendar, the national default one.
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
