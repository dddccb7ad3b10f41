import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The metric definitions of queries/: `_macros.sql`, then one SQL file per derived table, named
 * as the table (SPEC §3 names plus the internal `sla_*` stages). The derived tables are
 * materialised and kept current by src/sla/refresh.ts; when the definitions of the program differ
 * from those that built a database (a new version), `installDefinitions` there rebuilds every
 * derived table at open.
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

/** The SQL macros every definition uses (queries/_macros.sql). */
export function macrosSql(): string {
  return read('_macros.sql');
}

export function viewSql(name: ViewName): string {
  return read(`${name}.sql`);
}

export function definitionsHash(): string {
  const h = createHash('sha256');
  for (const f of ['_macros.sql', ...VIEWS.map((v) => `${v}.sql`)]) h.update(read(f));
  return h.digest('hex');
}
