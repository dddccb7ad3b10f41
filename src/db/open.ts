import { Database } from './database.js';
import { migrate } from './migrations.js';
import { installDefinitions } from './views.js';

/** Opens (creating if needed) a database, brings its schema up to date and installs the metric definitions. */
export async function openDatabase(path: string): Promise<Database> {
  const db = await Database.open(path);
  try {
    await migrate(db);
    await installDefinitions(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
