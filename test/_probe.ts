import { openTestDb } from './helpers.js';
import { loadFile } from '../src/ingest/load.js';
const db = await openTestDb();
for (const [kind, p] of [['complaints','c.csv'],['events','ml.csv'],['events','empty.csv'],['events','bom.csv'],['events','blank.jsonl'],['events','blank.csv']] as const) {
  try { const r = await loadFile(db, { kind, path: '/tmp/pr/' + p, dryRun: true }); console.log(p, r); }
  catch (e) { console.log(p, (e as Error).message, JSON.stringify((e as any).issues)); }
}
