import { readFileSync } from 'node:fs';

/** The text of a period read of queries/read/ (`name` without `.sql`), read once per process. */
export function readSql(name: string): string {
  return readFileSync(new URL(`../../queries/read/${name}.sql`, import.meta.url), 'utf8');
}
