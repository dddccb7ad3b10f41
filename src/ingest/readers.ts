import { basename, extname } from 'node:path';
import type { Session } from '../db/database.js';
import { InputError } from '../errors.js';
import { t, type Lang } from '../i18n.js';

/**
 * Readers turn one input file into the temp table `stage_raw`: every column VARCHAR, named as in
 * the file, plus `line` (the line of the row in the file, or the row number where lines do not
 * apply). Validation and loading are the same for every format; a new format is a new reader.
 */
export type Format = 'csv' | 'jsonl';

export interface Staged {
  format: Format;
  /** Normalised column name (trimmed, lowercase, BOM removed) → the name as written. */
  columns: Map<string, string>;
  rows: number;
  /** SQL expression over stage_raw giving a row's line in the file. */
  lineOf: string;
}

export function detectFormat(path: string): Format {
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  return 'csv';
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Line of the file holding the row with rowid 0 of `stage_raw` (after a CSV header: 2). */
const firstLine: Record<Format, number> = { csv: 2, jsonl: 1 };

const readers: Record<Format, (s: Session, path: string) => Promise<void>> = {
  // Delimiter (',' or ';' as Indonesian spreadsheet exports write), quoting and header are sniffed
  // by DuckDB over the whole file; every value stays text until validation.
  async csv(s, path) {
    await s.run(
      `create or replace temp table stage_raw as
       select * from read_csv($path, header = true, all_varchar = true, auto_detect = true, sample_size = -1, encoding = 'utf-8')`,
      { path },
    );
  },
  // One JSON object per line; values are taken as their JSON text so that no type is guessed.
  async jsonl(s, path) {
    await s.run('create or replace temp table stage_json as select json from read_ndjson_objects($path)', { path });
    const keys = await s.all<{ k: string }>('select distinct unnest(json_keys(json)) as k from stage_json order by 1');
    const cols = keys.map((r) => `json ->> ${sqlString('$.' + quote(r.k))} as ${quote(r.k)}`);
    await s.run(`create or replace temp table stage_raw as select ${cols.join(', ')} from stage_json`);
    await s.run('drop table stage_json');
  },
};

export function sqlString(v: string): string {
  return `'${v.replaceAll("'", "''")}'`;
}

/** Reads `path` into `stage_raw` on session `s`; errors become an InputError naming the file. */
export async function stageFile(s: Session, path: string, lang: Lang): Promise<Staged> {
  const format = detectFormat(path);
  const file = basename(path);
  try {
    await readers[format](s, path);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0]!.replace(/^[A-Za-z ]+ Error: /, '');
    const line = /line[: ]+(\d+)/i.exec((err as Error).message)?.[1];
    throw new InputError([{ file, line: line ? Number(line) : undefined, reason: t(lang, 'unreadable', { detail }) }], 1, lang);
  }
  const described = await s.all<{ column_name: string }>('select column_name from (describe stage_raw)');
  const columns = new Map<string, string>();
  for (const { column_name } of described) {
    columns.set(column_name.replace(/^\uFEFF/, '').trim().toLowerCase(), column_name);
  }
  // Temp-table rowids do not start at 0; they do follow the file's order.
  const count = await s.one<{ n: number; base: number | string | null }>('select count(*) as n, min(rowid) as base from stage_raw');
  const base = BigInt(count?.base ?? 0);
  return { format, columns, rows: count?.n ?? 0, lineOf: `(rowid - ${base} + ${firstLine[format]})` };
}

export { quote };
