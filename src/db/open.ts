import { Database } from './database.js';
import { migrate } from './migrations.js';

/** Opens (creating if needed) a database and brings its schema up to date. */
export async function openDatabase(path: string): Promise<Database> {
  const db = await Database.open(path);
  try {
    await migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
