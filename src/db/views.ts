import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from './database.js';
import { ensureCaseIndexes, refreshAll } from '../sla/refresh.js';

/**
 * The metric definitions of queries/: `_macros.sql`, then one SQL file per derived table, named
 * as the table (SPEC §3 names plus the internal `sla_*` stages). The derived tables are
 * materialised and kept current by src/sla/refresh.ts; when the definitions of the program differ
 * from those that built a database (a new version), every derived table is rebuilt at open.
 */
const QUERIES = new URL('../../queries/', import.meta.url);

/** Derived tables in dependency order (internal `sla_*` stages first). */
export const VIEWS = [
  'office_extent',
  'sla_cases',
  'sla_transitions',
  'sla_visits',
  'sla_pauses',
  'step_visits',
  'case_sla',
  'uncollected_products',
  'step_performance',
  'officer_performance',
  'ikm_by_unsur',
  'ikm_summary',
  'complaint_register',
  'complaint_resolution',
] as const;

export type ViewName = (typeof VIEWS)[number];

const cache = new Map<string, string>();
function read(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(file, QUERIES), 'utf8');
    cache.set(file, text);
  }
  return text;
}

export function viewSql(name: ViewName): string {
  return read(`${name}.sql`);
}

export function definitionsHash(): string {
  const h = createHash('sha256');
  for (const f of ['_macros.sql', ...VIEWS.map((v) => `${v}.sql`)]) h.update(read(f));
  return h.digest('hex');
}

/** Installs the macros and rebuilds the derived tables when their definitions changed. */
export async function installDefinitions(db: Database): Promise<void> {
  await db.write(async (w) => {
    await w.exec(read('_macros.sql'));
    await w.run('set global asof_loop_join_threshold = 0');
  });
  const hash = definitionsHash();
  const stored = await db.one<{ hash: string }>('select hash from sla_definitions');
  if (stored?.hash === hash) {
    await db.write((w) => ensureCaseIndexes(w));
    return;
  }
  await db.transaction(async (tx) => {
    await refreshAll(tx);
    await tx.run('delete from sla_definitions');
    await tx.run('insert into sla_definitions values ($hash, now())', { hash });
  });
}
