import { readdirSync, readFileSync } from 'node:fs';
import { EXPOSED } from './relations.js';

/** A metric definition of queries/, offered to auditors as a starting point. */
export interface SavedQuery {
  name: string;
  /** `view`: defines a relation auditors can read; `macros`: the helper macros (installed in the sandbox). */
  kind: 'view' | 'macros';
  description: string;
  sql: string;
}

const QUERIES = new URL('../../queries/', import.meta.url);

/** The header comment of a definition (its grain, units and inputs). */
function header(sql: string): string {
  const lines: string[] = [];
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) {
      if (lines.length > 0 || line.trim() !== '') break;
      continue;
    }
    lines.push(line.replace(/^--\s?/, ''));
  }
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * The metric SQL of queries/ that auditors are offered: the macros and the definitions of the
 * relations the sandbox exposes (the dashboards and reports read those relations). The internal
 * stages of the SLA refresh (`sla_*`, and relations whose header says "(internal", such as
 * office_extent) are not offered. The definitions read those stages, which the sandbox does not
 * expose, so they are shown to be read and re-derived from, not run as they are.
 */
export function savedQueries(): SavedQuery[] {
  const exposed = new Set(EXPOSED.map((r) => r.name));
  return readdirSync(QUERIES)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f): SavedQuery[] => {
      const name = f.slice(0, -4);
      const sql = readFileSync(new URL(f, QUERIES), 'utf8');
      const description = header(sql);
      if (name.startsWith('_')) return [{ name, kind: 'macros', description, sql }];
      if (!exposed.has(name) || /^\w+ \(internal\b/.test(description)) return [];
      return [{ name, kind: 'view', description, sql }];
    });
}
