import { readdirSync, readFileSync } from 'node:fs';
import { EXPOSED } from './relations.js';

/** A metric definition of queries/, offered to auditors as a starting point. */
export interface SavedQuery {
  name: string;
  /** `view`: defines a relation auditors can read; `stage`: an internal step of the SLA refresh; `macros`: helper macros. */
  kind: 'view' | 'stage' | 'macros';
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
 * The metric SQL of queries/, one entry per file. These are the definitions the derived tables
 * are built from (the dashboards and reports read those tables); they read internal stages
 * (`sla_*`) and refresh scopes that the sandbox does not expose, so they are shown to be read
 * and re-derived from, not run as they are.
 */
export function savedQueries(): SavedQuery[] {
  const exposed = new Set(EXPOSED.map((r) => r.name));
  return readdirSync(QUERIES)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      const sql = readFileSync(new URL(f, QUERIES), 'utf8');
      const kind: SavedQuery['kind'] = name.startsWith('_') ? 'macros' : exposed.has(name) ? 'view' : 'stage';
      return { name, kind, description: header(sql), sql };
    });
}
