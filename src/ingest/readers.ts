import { basename, extname } from 'node:path';
import type { Session } from '../db/database.js';
import { InputError } from '../errors.js';
import { t, type Lang } from '../i18n.js';
import { sniffDelimiter } from './lines.js';
import { XES_COLUMNS } from './xes.js';

/**
 * Readers describe one input file as a relation: SQL yielding every column as VARCHAR, named as
 * in the file, plus `line` (the row's line in the file). Validation and loading are the same for
 * every format; a new format is a new reader.
 */
export type Format = 'csv' | 'jsonl' | 'parquet' | 'xes';

export interface Staged {
  format: Format;
  /** Normalised column name (trimmed, lowercase, BOM removed) → the name as written. */
  columns: Map<string, string>;
  /** A parenthesised SELECT over the file: the raw columns and `line`. */
  relation: string;
}

export function detectFormat(path: string): Format {
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.xes' || ext === '.xml') return 'xes';
  return 'csv';
}

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const sqlString = (v: string) => `'${v.replaceAll("'", "''")}'`;

/**
 * Record numbers cost a window over the whole file (row_number() keeps the file's order), so
 * they are computed only when errors are to be reported; the fast load path leaves `line` null.
 * scanFile() maps a record number to the physical line where the record starts.
 */
const lineExpr = (withLines: boolean) => (withLines ? 'row_number() over ()' : 'cast(null as bigint)');

/** `hint`: the header line of a CSV file; the staging table of an XES file (parsed by xes.ts). */
type Reader = (s: Session, path: string, withLines: boolean, hint: string) => Promise<{ names: string[]; relation: string }>;

const readers: Record<Format, Reader> = {
  // The delimiter (',' or ';' as Indonesian spreadsheet exports write) is taken from the header
  // line, so that one malformed row cannot mislead a sniffer; a row with the wrong number of
  // fields is then an error naming its line. Every value stays text until validation.
  async csv(s, path, withLines, header) {
    const delim = sniffDelimiter(header);
    const scan = `read_csv(${sqlString(path)}, header = true, all_varchar = true, delim = ${sqlString(delim)}, quote = '"', escape = '"', strict_mode = true, encoding = 'utf-8')`;
    const described = await s.all<{ column_name: string }>(`select column_name from (describe select * from ${scan})`);
    return { names: described.map((d) => d.column_name), relation: `(select ${lineExpr(withLines)} as line, * from ${scan})` };
  },
  // One JSON object per line; values are taken as their JSON text so that no type is guessed.
  async jsonl(s, path, withLines) {
    const scan = `read_ndjson_objects(${sqlString(path)})`;
    const keys = await s.all<{ k: string }>(`select distinct unnest(json_keys(json)) as k from ${scan} order by 1`);
    const cols = keys.map((r) => `json ->> ${sqlString('$.' + quote(r.k))} as ${quote(r.k)}`);
    return { names: keys.map((r) => r.k), relation: `(select ${lineExpr(withLines)} as line, ${cols.join(', ')} from ${scan})` };
  },
  // Parquet with the same column names; typed columns become their text (a TIMESTAMPTZ keeps its
  // offset, a TIMESTAMP stays local time of the office). `line` is the row number.
  async parquet(s, path, withLines) {
    const scan = `read_parquet(${sqlString(path)})`;
    const described = await s.all<{ column_name: string }>(`select column_name from (describe select * from ${scan})`);
    const cols = described.map((d) => `cast(${quote(d.column_name)} as varchar) as ${quote(d.column_name)}`);
    return { names: described.map((d) => d.column_name), relation: `(select ${lineExpr(withLines)} as line, ${cols.join(', ')} from ${scan})` };
  },
  // XES was streamed into a temp table by xes.ts (a SAX parser cannot run inside SQL); `line` is
  // the ordinal of the <event> element, which xes.ts maps back to trace and event.
  async xes(_s, _path, _withLines, table) {
    return { names: [...XES_COLUMNS], relation: `(select * from temp.${quote(table)})` };
  },
};

/** Describes `path` as a relation; a file DuckDB cannot read becomes an InputError naming it. */
/** `hint` is the file's first line (CSV) or its staging table (XES); row `line` is the record number (1-based). */
export async function describeFile(s: Session, path: string, lang: Lang, withLines: boolean, hint: string, format: Format = detectFormat(path)): Promise<Staged> {
  let described: { names: string[]; relation: string };
  try {
    described = await readers[format](s, path, withLines, hint);
  } catch (err) {
    throw unreadable(err, path, lang);
  }
  const columns = new Map<string, string>();
  for (const name of described.names) columns.set(name.replace(/^\uFEFF/, '').trim().toLowerCase(), name);
  return { format, columns, relation: described.relation };
}

export function unreadable(err: unknown, path: string, lang: Lang): InputError {
  const message = (err as Error).message;
  const detail = message.split('\n')[0]!.replace(/^[A-Za-z ]+ Error: /, '');
  const line = /line[: ]+(\d+)/i.exec(message)?.[1];
  return new InputError([{ file: basename(path), line: line ? Number(line) : undefined, reason: t(lang, 'unreadable', { detail }) }], 1, lang);
}
