import { basename, extname } from 'node:path';
import { parseCsv } from '../csv.js';
import type { Session } from '../db/index.js';
import { InputError, type InputIssue } from '../errors.js';
import { t, type Lang, type MessageKey } from '../i18n/index.js';
import { sniffDelimiter } from './lines.js';
import { XES_COLUMNS } from './xes.js';

/**
 * Readers describe one input file as a relation: SQL yielding every column as VARCHAR, named as
 * in the file, plus `line` (the row's line in the file). Validation and loading are the same for
 * every format; a new format is a new reader.
 */
export type Format = 'csv' | 'jsonl' | 'parquet' | 'xes' | 'xlsx';

export interface Staged {
  format: Format;
  /** Normalised column name (trimmed, lowercase, BOM removed) → the name as written. */
  columns: Map<string, string>;
  /** A parenthesised SELECT over the file: the raw columns and `line`. */
  relation: string;
  /** Columns of `relation` naming a fault of the row itself (the column it concerns), null when none. */
  faults?: Array<{ column: string; code: MessageKey }> | undefined;
}

/** DuckDB's limit on a CSV line (its default, set explicitly so that the diagnosis quotes it). */
export const MAX_LINE_BYTES = 2_097_152;

/** The name a column is matched by: BOM removed, trimmed, lowercase. */
export const normalName = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

export function detectFormat(path: string): Format {
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.xes' || ext === '.xml') return 'xes';
  if (ext === '.xlsx') return 'xlsx';
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

/** `hint`: the header line of a CSV file; the staging table of an XES or XLSX file (xes.ts, xlsx.ts). */
/** `written`: the column names as the file writes them, when DuckDB renames repeats ("CASE_ID_1"). */
type Reader = (
  s: Session,
  path: string,
  withLines: boolean,
  hint: string,
) => Promise<{ names: string[]; relation: string; faults?: Staged['faults']; written?: string[] }>;

const DUP_KEY = '__sla_duplicate_key';

const readers: Record<Format, Reader> = {
  // The delimiter (',' or ';' as Indonesian spreadsheet exports write) is taken from the header
  // line, so that one malformed row cannot mislead a sniffer; a row with the wrong number of
  // fields is then an error naming its line (`skip = 0`: else DuckDB's sniffer takes a longer row
  // further down for the header and drops the lines above it). Every value stays text until
  // validation.
  async csv(s, path, withLines, header) {
    const delim = sniffDelimiter(header);
    const scan = `read_csv(${sqlString(path)}, header = true, all_varchar = true, delim = ${sqlString(delim)}, quote = '"', escape = '"', strict_mode = true, encoding = 'utf-8', skip = 0, max_line_size = ${MAX_LINE_BYTES})`;
    const described = await s.all<{ column_name: string }>(`select column_name from (describe select * from ${scan})`);
    return {
      names: described.map((d) => d.column_name),
      relation: `(select ${lineExpr(withLines)} as line, * from ${scan})`,
    };
  },
  // One JSON object per line; values are taken as their JSON text so that no type is guessed.
  // Keys match case-insensitively like CSV headers: spellings of one name on different lines are
  // one column; one object holding a name twice ("case_id" twice, or "case_id" and "CASE_ID") is
  // refused on its line, naming the key.
  async jsonl(s, path, withLines) {
    const scan = `read_ndjson_objects(${sqlString(path)})`;
    const keys = await s.all<{ k: string }>(`select distinct unnest(json_keys(json)) as k from ${scan} order by 1`);
    const spellings = new Map<string, string[]>();
    for (const { k } of keys) spellings.set(normalName(k), [...(spellings.get(normalName(k)) ?? []), k]);
    const value = (k: string) => `json ->> ${sqlString('$.' + quote(k))}`;
    const cols = [...spellings.values()].map(
      (ks) => `${ks.length === 1 ? value(ks[0]!) : `coalesce(${ks.map(value).join(', ')})`} as ${quote(ks[0]!)}`,
    );
    const keyList = 'list_transform(json_keys(json), k -> lower(trim(k)))';
    const dup = `case when len(list_distinct(${keyList})) < len(json_keys(json)) then list_filter(list_distinct(${keyList}), k -> len(list_filter(${keyList}, x -> x = k)) > 1)[1] end`;
    return {
      names: [...spellings.values()].map((ks) => ks[0]!),
      relation: `(select ${lineExpr(withLines)} as line, ${cols.join(', ')}, ${dup} as ${quote(DUP_KEY)} from ${scan})`,
      faults: [{ column: DUP_KEY, code: 'json_duplicate_key' }],
    };
  },
  // Parquet with the same column names; typed columns become their text (a TIMESTAMPTZ keeps its
  // offset, a TIMESTAMP stays local time of the office). `line` is the row number.
  async parquet(s, path, withLines) {
    const scan = `read_parquet(${sqlString(path)})`;
    const described = await s.all<{ column_name: string }>(`select column_name from (describe select * from ${scan})`);
    const cols = described.map((d) => `cast(${quote(d.column_name)} as varchar) as ${quote(d.column_name)}`);
    // the schema's own names (after its root element): DuckDB renames a repeat to "case_id_1"
    const written = (await s.all<{ name: string }>(`select name from parquet_schema(${sqlString(path)})`))
      .slice(1)
      .map((r) => r.name);
    return {
      names: described.map((d) => d.column_name),
      relation: `(select ${lineExpr(withLines)} as line, ${cols.join(', ')} from ${scan})`,
      written,
    };
  },
  // XES was streamed into a temp table by xes.ts (a SAX parser cannot run inside SQL); `line` is
  // the ordinal of the <event> element, which xes.ts maps back to trace and event.
  async xes(_s, _path, _withLines, table) {
    return { names: [...XES_COLUMNS], relation: `(select * from temp.${quote(table)})` };
  },
  // XLSX too (xlsx.ts, exceljs' streaming reader): `line` is the row on the sheet, the other
  // columns are the header's cells as written
  async xlsx(s, _path, _withLines, table) {
    const described = await s.all<{ column_name: string }>(`select column_name from (describe temp.${quote(table)})`);
    return {
      names: described.map((d) => d.column_name).filter((n) => n !== 'line'),
      relation: `(select * from temp.${quote(table)})`,
    };
  },
};

/** Describes `path` as a relation; a file DuckDB cannot read becomes an InputError naming it. */
/** `hint` is the file's first line (CSV) or its staging table (XES); row `line` is the record number (1-based). */
export async function describeFile(
  s: Session,
  path: string,
  lang: Lang,
  withLines: boolean,
  hint: string,
  format: Format = detectFormat(path),
): Promise<Staged> {
  // a column named twice (also in two spellings) would silently lose one of them; for CSV from the
  // header itself, since DuckDB renames an exact repeat ("case_id_1")
  if (format === 'csv') duplicateColumns(parseCsv(hint, sniffDelimiter(hint))[0] ?? [], path, lang);
  let described: Awaited<ReturnType<Reader>>;
  try {
    described = await readers[format](s, path, withLines, hint);
  } catch (err) {
    throw unreadable(err, path, lang);
  }
  if (described.written) duplicateColumns(described.written, path, lang);
  const columns = new Map<string, string>();
  for (const name of described.names) columns.set(normalName(name), name);
  return { format, columns, relation: described.relation, faults: described.faults };
}

/** Refuses a header naming a column twice (after trimming and ignoring case), on line 1. */
function duplicateColumns(names: string[], path: string, lang: Lang): void {
  const seen = new Map<string, number[]>();
  names.forEach((n, i) => seen.set(normalName(n), [...(seen.get(normalName(n)) ?? []), i]));
  const issues: InputIssue[] = [];
  for (const [col, at] of seen) {
    if (at.length < 2 || col === '') continue;
    const spelled = at
      .map((i) => `"${names[i]!.replace(/^\uFEFF/, '').trim()}" (${t(lang, 'field')} ${i + 1})`)
      .join(', ');
    issues.push({
      file: basename(path),
      line: 1,
      field: col,
      reason: t(lang, 'duplicate_column', { col, names: spelled }),
    });
  }
  if (issues.length) throw new InputError(issues, issues.length, lang);
}

/** A file DuckDB could not read; `detail` is DuckDB's own message, for a better diagnosis. */
export class UnreadableFile extends InputError {
  constructor(
    issues: InputIssue[],
    lang: Lang,
    readonly detail: string,
  ) {
    super(issues, 1, lang);
  }
}

export function unreadable(err: unknown, path: string, lang: Lang): InputError {
  const message = (err as Error).message;
  const detail = message.split('\n')[0]!.replace(/^[A-Za-z ]+ Error: /, '');
  const line = /line[: ]+(\d+)/i.exec(message)?.[1];
  return new UnreadableFile(
    [{ file: basename(path), line: line ? Number(line) : undefined, reason: t(lang, 'unreadable', { detail }) }],
    lang,
    message,
  );
}
