import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database, Session } from '../db/index.js';
import { InputError, type InputIssue } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { refreshAfter } from '../sla/index.js';
import { kindSpecs, storedColumns, type KindSpec, type RowKind } from './kinds.js';
import { readFirstLine, recordPlaces, scanFile, sniffDelimiter, type FileScan, type Places } from './lines.js';
import { diagnoseCsv, diagnoseJsonl } from './diagnose.js';
import { describeFile, detectFormat, quote, sqlString, unreadable, UnreadableFile, type Format } from './readers.js';
import { planStaging, type ErrorDef } from './staging.js';
import { dropXesStaging, looksLikeXml, stageXesFile, type XesStaging } from './xes.js';
import type { XesLimits } from '../config.js';
import { stageXlsxFile, type XlsxStaging } from './xlsx.js';

/**
 * The one loader of row data (events, complaints, surveys), whatever the format: read into a
 * staging table, validate set-based in DuckDB, then insert new rows in the same transaction.
 * All or nothing; a file loaded before (same content and options) adds nothing; rows already
 * present are skipped as duplicates; every load is recorded in `ingest_batches`.
 */

export type Phase = 'read' | 'validate' | 'insert' | 'refresh';
export type ProgressFn = (phase: Phase, percent: number) => void;

export interface LoadOptions {
  kind: RowKind;
  path: string;
  office?: string | undefined;
  service?: string | undefined;
  dryRun?: boolean | undefined;
  lang?: Lang | undefined;
  /** How many row errors to list (the total is always counted). */
  maxErrors?: number | undefined;
  /** Only rows of these offices may load (a caller limited to some offices); undefined: any. */
  offices?: readonly string[] | undefined;
  /** XLSX: the sheet to read (default the first). */
  sheet?: string | undefined;
  onProgress?: ProgressFn | undefined;
  /** Most traces and events of an XES file (SLA_XES_MAX_*; defaults in xes.ts). */
  xesLimits?: XesLimits | undefined;
}

export interface LoadResult {
  batchId: number | null;
  status: 'committed' | 'already_loaded' | 'dry_run';
  file: string;
  rowsRead: number;
  accepted: number;
  duplicates: number;
  message: string;
}

/** A Parquet file: its row count (from its metadata); a row's line is its number. */
async function scanParquet(db: Database, path: string, lang: Lang, sha: string): Promise<FileScan> {
  const row = await db
    .one<{ n: number }>(`select count(*) as n from read_parquet(${sqlString(path)})`)
    .catch((err: unknown) => {
      throw unreadable(err, path, lang);
    });
  return { sha, records: row!.n, places: recordPlaces };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Polls the running statement's progress while `fn` runs. */
async function phase<T>(s: Session, name: Phase, report: ProgressFn | undefined, fn: () => Promise<T>): Promise<T> {
  if (!report) return fn();
  report(name, 0);
  const timer = setInterval(() => {
    const p = s.progress();
    if (p >= 0) report(name, p);
  }, 200);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    report(name, 100);
  }
}

async function collectErrors(
  tx: Session,
  file: string,
  errors: ErrorDef[],
  lang: Lang,
  max: number,
  scan: FileScan,
  hasService: boolean,
): Promise<{ issues: InputIssue[]; total: number; more: number }> {
  const total = (await tx.one<{ n: number }>('select count(*) as n from staged where err_no is not null'))!.n;
  if (total === 0) return { issues: [], total: 0, more: 0 };
  const grouped = errors.flatMap((e, i) => (e.grouped ? [i + 1] : []));
  const issues: InputIssue[] = [];
  let more = 0;
  if (grouped.length) {
    const groups = await tx.all<{
      err_no: number;
      err_value: string;
      office: string | null;
      service: string | null;
      n: number;
      records: number[];
    }>(
      `select err_no, err_value, office, ${hasService ? 'service' : 'null'} as service, count(*) as n, list(line order by line)[1:5] as records
       from staged where err_no in (${grouped.join(',')}) group by all order by min(line)`,
    );
    const shown = groups.slice(0, max);
    const { lineOf, locate } = await scan.places(
      shown.flatMap((g) => g.records),
      tx,
    );
    for (const g of shown) {
      const def = errors[g.err_no - 1]!;
      const lines = g.records.map((r) => (locate ? locate(r) : (lineOf(r) ?? r)));
      const places = locate
        ? `${t(lang, 'at_places')} ${lines.join('; ')}`
        : `${t(lang, 'at_lines')} ${lines.join(', ')}`;
      const where = `${g.n}× ${places}${g.n > lines.length ? ', …' : ''}`;
      const params = { value: g.err_value, office: g.office ?? '', service: g.service ?? '' };
      const reason = locate && g.n === 1 ? t(lang, def.code, params) : `${t(lang, def.code, params)} (${where})`;
      issues.push({ file, ...at({ lineOf, locate }, g.records[0]!, def.field), reason });
    }
    more += Math.max(0, groups.length - max);
  }
  const others = grouped.length ? `and err_no not in (${grouped.join(',')})` : '';
  const otherTotal = (await tx.one<{ n: number }>(
    `select count(*) as n from staged where err_no is not null ${others}`,
  ))!.n;
  const rows = await tx.all<{ line: number; err_no: number; err_value: string | null }>(
    `select line, err_no, err_value from staged where err_no is not null ${others} order by line limit ${Math.max(0, max - issues.length)}`,
  );
  const places = await scan.places(
    rows.map((r) => r.line),
    tx,
  );
  for (const r of rows) {
    const def = errors[r.err_no - 1]!;
    const reason =
      def.code === 'required' ? t(lang, 'required') : t(lang, def.code, { ...def.params, value: r.err_value ?? '' });
    issues.push({ file, ...at(places, r.line, def.fieldFromValue ? (r.err_value ?? undefined) : def.field), reason });
  }
  more += otherTotal - rows.length;
  return { issues, total, more };
}

/** Where record n is: its line and field, or (XES) its trace, event and attribute. */
function at(
  places: Places,
  record: number,
  field: string | undefined,
): Pick<InputIssue, 'line' | 'field' | 'location'> {
  if (places.locate) return { location: places.locate(record, field) };
  return { line: places.lineOf(record) ?? record, field };
}

/** Hash of a row's stored values (personal columns, stored apart, do not make a row differ). */
const content = (spec: KindSpec, alias: string) =>
  `md5(concat_ws(chr(31), ${storedColumns(spec)
    .map((c) => `coalesce(cast(${alias}.${quote(c)} as varchar), chr(0))`)
    .join(', ')}))`;
const keyMatch = (spec: KindSpec, a: string, b: string) =>
  spec.key.map((k) => `${a}.${quote(k)} = ${b}.${quote(k)}`).join(' and ');

/** Same key, other values: within the file, or against rows loaded before. */
async function collectConflicts(
  tx: Session,
  spec: KindSpec,
  file: string,
  lang: Lang,
  max: number,
  scan: FileScan,
): Promise<InputIssue[]> {
  const keyText = spec.key.map((k) => `cast(${quote(k)} as varchar)`).join(` || ' / ' || `);
  const inFile = await tx.all<{ k: string; first: number; last: number }>(
    `select ${keyText} as k, min(line) as first, max(line) as last from staged
     group by ${spec.key.map(quote).join(', ')} having count(distinct ${content(spec, 'staged')}) > 1 order by first limit ${max}`,
  );
  const loaded = await tx.all<{ k: string; line: number; batch_id: number }>(
    `select ${spec.key.map((k) => `cast(s.${quote(k)} as varchar)`).join(` || ' / ' || `)} as k, s.line, t.batch_id
     from staged s join ${spec.table} t on ${keyMatch(spec, 's', 't')}
     where ${content(spec, 's')} <> ${content(spec, 't')} order by s.line limit ${max}`,
  );
  const places = await scan.places([...inFile.flatMap((r) => [r.first, r.last]), ...loaded.map((r) => r.line)], tx);
  const { lineOf } = places;
  const field = spec.key[spec.key.length - 1];
  // XLSX names sheet and row (its `locate`), other formats the line
  const issues: InputIssue[] = inFile.map((r) => ({
    file,
    ...at(places, r.last, field),
    reason: t(lang, 'duplicate_key', { value: r.k, other: lineOf(r.first) ?? r.first }),
  }));
  for (const r of loaded)
    issues.push({
      file,
      ...at(places, r.line, field),
      reason: t(lang, 'conflict_loaded', { value: r.k, other: r.batch_id }),
    });
  return issues;
}

const INVALID_ROW = 'sla:invalid-row';

/** Events from XES: an unmappable lifecycle:transition gets its own message. */
const xesEventsSpec: KindSpec = {
  ...kindSpecs.events,
  columns: kindSpecs.events.columns.map((c) =>
    c.name === 'event' ? { ...c, enumError: 'unknown_xes_transition' as const } : c,
  ),
};

/** Errors of reading the file itself become an InputError naming it; others stay internal. */
function asInputError(err: unknown, path: string, lang: Lang): unknown {
  if (err instanceof InputError) return err;
  const message = (err as Error).message ?? '';
  return /CSV|JSON|IO Error|Invalid Input Error|Conversion Error|No files found|UTF-8|unicode/i.test(message)
    ? unreadable(err, path, lang)
    : err;
}

interface Attempt {
  spec: KindSpec;
  opts: LoadOptions;
  lang: Lang;
  file: string;
  options: string;
  startedAt: Date;
  format: Format;
  /** The file's header line (CSV), known before the scan completes; the staging table (XES). */
  hint: string;
  /** The file's sha256, known before anything is read into the database. */
  sha: string;
  /** The byte scan (records, line map), running beside the load. */
  scan: Promise<FileScan>;
}

/** The file turned out to be loaded already (same sha256 and options): roll back, report it. */
class AlreadyLoaded extends Error {
  constructor(readonly batchId: number) {
    super('already loaded');
  }
}

async function prepare(tx: Session, a: Attempt, withLines: boolean) {
  const staged = await phase(tx, 'read', a.opts.onProgress, () =>
    describeFile(tx, a.opts.path, a.lang, withLines, a.hint, a.format),
  );
  const xes = a.format === 'xes';
  const plan = planStaging(a.spec, staged, {
    office: a.opts.office,
    service: a.opts.service,
    stepByName: xes,
    offices: a.opts.offices,
  });
  if (plan.missing.length) {
    const found = [...staged.columns.keys()].join(', ') || '—';
    const issue = (col: string): InputIssue =>
      xes
        ? { file: a.file, reason: t(a.lang, 'xes_needs_option', { col }) }
        : { file: a.file, line: 1, field: col, reason: t(a.lang, 'missing_column', { col, found }) };
    throw new InputError(plan.missing.map(issue), plan.missing.length, a.lang);
  }
  return { staged, plan };
}

/**
 * After a batch's rows went in (every parsed row, as read): removes those that repeat a key, of a
 * row loaded before (which stays) or of another row of the batch (one stays: the least of the
 * other columns, then the first inserted). Rows with the same key are the same row; for kinds
 * where they could differ, conflicts were refused before. Returns the number removed.
 * A file rarely repeats a key, so the batch's rows are first grouped by a hash of their key (one
 * integer, cheap), and only those whose hash repeats are compared by the key itself; grouping
 * every row by its five key columns during the insert took half of a first load's time.
 */
async function dropRepeats(tx: Session, spec: KindSpec, batchId: number, loadedBefore: boolean): Promise<number> {
  const keys = spec.key.map(quote);
  const others = storedColumns(spec)
    .filter((c) => !spec.key.includes(c))
    .map(quote);
  const same = keyMatch(spec, 'n', 'o');
  const p = { batch: batchId };
  let removed = 0;
  if (loadedBefore) {
    // only rows within the batch's span of an instant key can match (zonemaps skip the others)
    const instant = spec.columns.find(
      (c) => spec.key.includes(c.name) && (c.type === 'timestamp' || c.type === 'timestamp_or_date'),
    );
    const i = instant && quote(instant.name);
    const span = i
      ? `and o.${i} between (select min(${i}) from ${spec.table} where batch_id = $batch) and (select max(${i}) from ${spec.table} where batch_id = $batch)`
      : '';
    removed += await tx.run(
      `delete from ${spec.table} where rowid in (
         select n.rowid from ${spec.table} as n semi join (select ${keys.join(', ')} from ${spec.table} as o where o.batch_id <> $batch ${span}) as o on ${same}
         where n.batch_id = $batch)`,
      p,
    );
  }
  removed += await tx.run(
    `delete from ${spec.table} where rowid in (
       select rid from (
         select rowid as rid, row_number() over (partition by ${keys.join(', ')} order by ${[...others, 'rowid'].join(', ')}) as k
         from ${spec.table}
         where batch_id = $batch and hash(${keys.join(', ')}) in (
           select hash(${keys.join(', ')}) as h from ${spec.table} where batch_id = $batch group by h having count(*) > 1)
       ) where k > 1)`,
    p,
  );
  return removed;
}

/** Whether the kind's table holds any row (the transaction's own view of it). */
async function hasRows(tx: Session, spec: KindSpec): Promise<boolean> {
  return (await tx.one<{ any: boolean }>(`select exists (select 1 from ${spec.table}) as any`))!.any;
}

/** A dry run's result, thrown to roll its transaction back. */
class DryRun extends Error {
  constructor(readonly result: LoadResult) {
    super('dry run');
  }
}

async function commitBatch(
  tx: Session,
  a: Attempt,
  format: string,
  counted: number | null,
  insert: (batchId: number) => Promise<number>,
): Promise<LoadResult> {
  // again inside the write transaction: a load of the same file may have committed meanwhile
  const prior = await priorBatch(tx, a.spec.kind, a.sha, a.options);
  if (prior !== undefined) throw new AlreadyLoaded(prior);
  const batchId = (await tx.one<{ id: number }>("select nextval('ingest_batch_seq') as id"))!.id;
  const loadedBefore = await hasRows(tx, a.spec);
  const accepted = await phase(
    tx,
    'insert',
    a.opts.onProgress,
    async () => (await insert(batchId)) - (await dropRepeats(tx, a.spec, batchId, loadedBefore)),
  );
  const scan = await a.scan;
  if (scan.records === 0) throw new InputError([{ file: a.file, reason: t(a.lang, 'empty_file') }], 1, a.lang);
  const rowsRead = counted ?? scan.records;
  const duplicates = Math.max(0, rowsRead - accepted);
  if (a.opts.dryRun) {
    const message = t(a.lang, 'dry_run_ok', { file: a.file, accepted, duplicate: duplicates });
    throw new DryRun({ batchId: null, status: 'dry_run', file: a.file, rowsRead, accepted, duplicates, message });
  }
  await tx.run(
    `insert into ingest_batches (batch_id, kind, file_name, file_sha256, format, options, status, rows_read, rows_accepted, rows_duplicate, started_at, finished_at)
     values ($id, $kind, $file, $sha, $format, $options, 'committed', $read, $acc, $dup, $started, now())`,
    {
      id: batchId,
      kind: a.spec.kind,
      file: a.opts.path,
      sha: a.sha,
      format,
      options: a.options,
      read: rowsRead,
      acc: accepted,
      dup: duplicates,
      started: a.startedAt.toISOString(),
    },
  );
  await phase(tx, 'refresh', a.opts.onProgress, () =>
    refreshAfter(tx, {
      kind: 'rows',
      table: a.spec.table,
      cases: `select distinct office, case_id from ${a.spec.table} where batch_id = ${batchId}`,
      batch: batchId,
    }),
  );
  return {
    batchId,
    status: 'committed',
    file: a.file,
    rowsRead,
    accepted,
    duplicates,
    message: t(a.lang, 'loaded', { file: a.file, accepted, duplicate: duplicates, batch: batchId }),
  };
}

/**
 * Inserts the rows of the materialised `staged` (repeats are dropped after): the stored columns into the
 * kind's table and, for a kind with personal data, the identity apart (first seen wins; a purged
 * identity is not brought back).
 */
async function insertRows(tx: Session, spec: KindSpec, batchId: number): Promise<number> {
  const stored = storedColumns(spec).map(quote);
  const p = spec.personal;
  if (!p)
    return tx.run(
      `insert into ${spec.table} (${stored.join(', ')}, batch_id) select ${stored.join(', ')}, $batch from staged`,
      { batch: batchId },
    );
  const id = p.id.map(quote);
  const on = (a: string, b: string) => p.id.map((c) => `${a}.${quote(c)} = ${b}.${quote(c)}`).join(' and ');
  // the identity as first written in the file, one per complaint
  await tx.run(
    `insert into ${p.table}
     select ${id.map((c) => `s.${c}`).join(', ')}, ${p.columns.map((c) => `s.${quote(c)}`).join(', ')}, ${p.pseudonym}, $batch, null
     from (
       select ${id.join(', ')}, ${p.columns.map((c) => `arg_min(${quote(c)}, line) as ${quote(c)}`).join(', ')}
       from staged where ${p.columns.map((c) => `${quote(c)} is not null`).join(' or ')} group by all
     ) as s
     anti join ${p.table} as t on ${on('t', 's')}`,
    { batch: batchId },
  );
  // every row of a complaint carries the one pseudonym of its complainant
  return tx.run(
    `insert into ${spec.table} (${stored.join(', ')}, ${quote(p.pseudonymColumn)}, batch_id)
     select ${stored.map((c) => `s.${c}`).join(', ')}, t.pseudonym, $batch
     from staged as s left join ${p.table} as t on ${on('t', 's')}`,
    { batch: batchId },
  );
}

/**
 * Fast path for large files whose keys cannot conflict (events): read, validate and insert in one
 * statement (the repeats are dropped after it); the first invalid row aborts it, and the caller
 * falls back to the full diagnosis.
 */
function fastLoad(db: Database, a: Attempt): Promise<LoadResult> {
  return db.transaction(async (tx) => {
    const { staged, plan } = await prepare(tx, a, false);
    const cols = a.spec.columns.map((c) => quote(c.name)).join(', ');
    const guard = `case when s.err_no is not null then error('${INVALID_ROW}') else true end`;
    return commitBatch(tx, a, staged.format, null, (batchId) =>
      tx.run(
        `insert into ${a.spec.table} (${cols}, batch_id) select ${cols}, $batch from (${plan.select}) as s where ${guard}`,
        { ...plan.params, batch: batchId },
      ),
    );
  });
}

/**
 * Full path: materialise the validated rows, report every error, check conflicting keys, load (a
 * dry run loads too, and rolls back).
 */
function checkedLoad(db: Database, a: Attempt): Promise<LoadResult> {
  return db
    .transaction((tx) => checkedIn(tx, a))
    .catch((err: unknown) => {
      if (err instanceof DryRun) return err.result;
      throw err;
    });
}

/** The full path inside a transaction (one file's, or that of several files loaded together). */
async function checkedIn(tx: Session, a: Attempt): Promise<LoadResult> {
  const max = a.opts.maxErrors ?? 20;
  const { staged, plan } = await prepare(tx, a, true);
  await phase(tx, 'validate', a.opts.onProgress, () =>
    tx.run(`create or replace temp table staged as ${plan.select}`, plan.params),
  );
  let rowsRead: number | undefined;
  try {
    rowsRead = (await tx.one<{ n: number }>('select count(*) as n from staged'))!.n;
    if (rowsRead === 0) throw new InputError([{ file: a.file, reason: t(a.lang, 'empty_file') }], 1, a.lang);
    const scan = await a.scan;
    const { issues, total, more } = await collectErrors(
      tx,
      a.file,
      plan.errors,
      a.lang,
      max,
      scan,
      a.spec.columns.some((c) => c.name === 'service'),
    );
    if (total > 0) throw new InputError(issues, total, a.lang, more);
    if (a.spec.conflictsAreErrors) {
      const conflicts = await collectConflicts(tx, a.spec, a.file, a.lang, max, scan);
      if (conflicts.length) throw new InputError(conflicts, conflicts.length, a.lang);
    }
    return await commitBatch(tx, a, staged.format, rowsRead, (batchId) => insertRows(tx, a.spec, batchId));
  } catch (err) {
    if (err instanceof InputError) err.rowsRead ??= rowsRead;
    throw err;
  } finally {
    await tx.run('drop table if exists staged').catch(() => undefined);
  }
}

async function priorBatch(
  s: Pick<Session, 'one'>,
  kind: string,
  sha: string,
  options: string,
): Promise<number | undefined> {
  const row = await s.one<{ batch_id: number }>(
    `select batch_id from ingest_batches where kind = $kind and file_sha256 = $sha and options = $options and status = 'committed'`,
    { kind, sha, options },
  );
  return row?.batch_id;
}

/** What a loaded-before file answers (same sha256 and options). */
const alreadyLoaded = (lang: Lang, file: string, batch: number): LoadResult => ({
  batchId: batch,
  status: 'already_loaded',
  file,
  rowsRead: 0,
  accepted: 0,
  duplicates: 0,
  message: t(lang, 'already_loaded', { batch }),
});

/** A file ready to load: its attempt (digest, scan, staging), or the batch that loaded it before. */
interface Prepared {
  a: Attempt;
  prior?: number | undefined;
  /** Appends what the staging skipped (XES transitions) to the message. */
  finish(result: LoadResult): LoadResult;
  /** Drops the staging table (XES, XLSX). */
  cleanup(): Promise<void>;
}

async function prepareFile(db: Database, opts: LoadOptions): Promise<Prepared> {
  const lang = opts.lang ?? 'id';
  let spec: KindSpec = kindSpecs[opts.kind];
  const file = basename(opts.path);
  let format = detectFormat(opts.path);
  if (format === 'csv' && (await looksLikeXml(opts.path))) format = 'xes';
  if (format === 'xes') {
    if (opts.kind !== 'events')
      throw new InputError([{ file, reason: t(lang, 'xes_events_only', { kind: opts.kind }) }], 1, lang);
    spec = xesEventsSpec;
  }
  // the sheet is part of what was loaded: another sheet of the same workbook is other data
  const options = JSON.stringify({
    office: opts.office ?? null,
    service: opts.service ?? null,
    ...(format === 'xlsx' && opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
  });
  const startedAt = new Date();
  // The digest first: a file loaded before (same sha256 and options) costs one read of its bytes
  // (~0.1 s per 100 MB), not an insert, an XES parse or a validation. The line scan then runs
  // beside the load.
  const sha = await sha256File(opts.path).catch((err: unknown) => {
    throw unreadable(err, opts.path, lang);
  });
  const noScan = Promise.resolve<FileScan>({ sha, records: 0, places: recordPlaces });
  const bare: Attempt = { spec, opts, lang, file, options, startedAt, format, hint: '', sha, scan: noScan };
  const prior = await priorBatch(db, opts.kind, sha, options);
  if (prior !== undefined) return { a: bare, prior, finish: (r) => r, cleanup: async () => undefined };
  let xes: XesStaging | undefined;
  let xl: XlsxStaging | undefined;
  const size = statSync(opts.path).size;
  const report = opts.onProgress;
  const onBytes = report
    ? (bytes: number) => report('read', Math.min(100, (100 * bytes) / Math.max(1, size)))
    : undefined;
  try {
    // streamed into a staging table first (XES: the scan, sha256, events, locations, comes with it)
    if (format === 'xes') xes = await stageXesFile(db, opts.path, lang, onBytes, opts.xesLimits, sha);
    if (format === 'xlsx') {
      const times = new Map(
        spec.columns.flatMap((c) =>
          c.type === 'timestamp' || c.type === 'timestamp_or_date' ? [[c.name, c.type] as const] : [],
        ),
      );
      xl = await stageXlsxFile(db, opts.path, { sheet: opts.sheet, times, lang, sha, onBytes });
    }
  } catch (err) {
    if (err instanceof InputError && !opts.dryRun) {
      await recordRejected(db, {
        kind: opts.kind,
        file: opts.path,
        sha,
        format,
        options,
        rowsRead: 0,
        rejected: err.total,
        message: err.message,
        startedAt,
      });
    }
    throw err;
  }
  const scan = xes
    ? Promise.resolve(xes.scan)
    : xl
      ? Promise.resolve(xl.scan)
      : format === 'parquet'
        ? scanParquet(db, opts.path, lang, sha)
        : scanFile(opts.path, format === 'csv', undefined, false);
  scan.catch(() => undefined); // awaited below; never an unhandled rejection
  const hint = xes ? xes.table : xl ? xl.table : format === 'csv' ? await readFirstLine(opts.path) : '';
  return {
    a: { ...bare, hint, scan },
    finish(result) {
      if (!xes || xes.skipped.size === 0 || result.status === 'already_loaded') return result;
      const n = [...xes.skipped.values()].reduce((x, y) => x + y, 0);
      const detail = [...xes.skipped].map(([k, v]) => `${k} ${v}`).join(', ');
      return { ...result, message: `${result.message}; ${t(lang, 'xes_skipped', { n, detail })}` };
    },
    cleanup: async () => {
      // an XES staging is a view over packed rows (and its trace table); an XLSX one a table
      if (xes) await dropXesStaging(db, xes.table);
      else if (xl) await db.write((w) => w.run(`drop table if exists temp.${xl.table}`));
    },
  };
}

export async function loadFile(db: Database, opts: LoadOptions): Promise<LoadResult> {
  const p = await prepareFile(db, opts);
  const { a } = p;
  if (p.prior !== undefined) return alreadyLoaded(a.lang, a.file, p.prior);
  try {
    return p.finish(await loadAttempt(db, a, (batch) => alreadyLoaded(a.lang, a.file, batch)));
  } finally {
    await p.cleanup();
  }
}

/**
 * Several files as one load (an upload of the browser): all are committed in one transaction, or
 * none. Each file is validated in full (no fast path: a failed statement would abort the shared
 * transaction), becomes its own batch, and a file loaded before adds nothing. The first file with
 * an error rolls every file back; it is recorded as rejected, like a file loaded alone.
 * One file, or a dry run, is loadFile's own (per-file) path.
 */
export async function loadFiles(db: Database, files: LoadOptions[]): Promise<LoadResult[]> {
  if (files.length === 1 || files.every((f) => f.dryRun)) {
    const out: LoadResult[] = [];
    for (const f of files) out.push(await loadFile(db, f));
    return out;
  }
  const prepared: Prepared[] = [];
  let failed: Prepared | undefined;
  try {
    for (const f of files) prepared.push(await prepareFile(db, { ...f, dryRun: false }));
    return await db.transaction(async (tx) => {
      const out: LoadResult[] = [];
      for (const p of prepared) {
        const { a } = p;
        if (p.prior !== undefined) {
          out.push(alreadyLoaded(a.lang, a.file, p.prior));
          continue;
        }
        try {
          const done = await a.scan;
          if (done.records === 0) throw new InputError([{ file: a.file, reason: t(a.lang, 'empty_file') }], 1, a.lang);
          out.push(p.finish(await checkedIn(tx, a)));
        } catch (err) {
          if (err instanceof AlreadyLoaded) {
            out.push(alreadyLoaded(a.lang, a.file, err.batchId));
            continue;
          }
          failed = p;
          throw await diagnosed(asInputError(err, a.opts.path, a.lang), a);
        }
      }
      return out;
    });
  } catch (e) {
    if (failed && e instanceof InputError) {
      const { a } = failed;
      const done: FileScan | undefined = await a.scan.catch(() => undefined);
      await recordRejected(db, {
        kind: a.opts.kind,
        file: a.opts.path,
        sha: a.sha,
        format: a.format,
        options: a.options,
        rowsRead: done?.records ?? 0,
        rejected: e.total,
        message: e.message,
        startedAt: a.startedAt,
      });
    }
    throw e;
  } finally {
    for (const p of prepared) await p.cleanup();
  }
}

async function loadAttempt(db: Database, a: Attempt, already: (batch: number) => LoadResult): Promise<LoadResult> {
  const { spec, opts, lang, file, options, startedAt, format, scan } = a;
  const fast = !spec.conflictsAreErrors && !opts.dryRun && statSync(opts.path).size > 0;
  try {
    if (!fast) {
      const done = await scan;
      if (done.records === 0) throw new InputError([{ file, reason: t(lang, 'empty_file') }], 1, lang);
    } else {
      try {
        return await fastLoad(db, a);
      } catch (err) {
        if (err instanceof AlreadyLoaded) return already(err.batchId);
        if (err instanceof InputError) throw err;
        if (!(err as Error).message.includes(INVALID_ROW)) throw asInputError(err, opts.path, lang);
      }
    }
    return await checkedLoad(db, a);
  } catch (err) {
    if (err instanceof AlreadyLoaded) return already(err.batchId);
    const e = await diagnosed(asInputError(err, opts.path, lang), a);
    if (e instanceof InputError && !opts.dryRun) {
      const done: FileScan | undefined = await scan.catch(() => undefined);
      await recordRejected(db, {
        kind: opts.kind,
        file: opts.path,
        sha: a.sha,
        format,
        options,
        rowsRead: done?.records ?? 0,
        rejected: e.total,
        message: e.message,
        startedAt,
      });
    }
    throw e;
  }
}

/**
 * A text file DuckDB could not read: its own diagnosis (src/ingest/diagnose.ts) says what is
 * wrong and on which line, else DuckDB's message stays.
 */
async function diagnosed(e: unknown, a: Attempt): Promise<unknown> {
  if (!(e instanceof UnreadableFile) || (a.format !== 'csv' && a.format !== 'jsonl')) return e;
  const detail = /in line \d+: (.*)$/m.exec(e.detail)?.[1]?.trim();
  const fault = await (
    a.format === 'csv' ? diagnoseCsv(a.opts.path, sniffDelimiter(a.hint)) : diagnoseJsonl(a.opts.path, detail)
  ).catch(() => undefined);
  if (!fault) return e;
  return new InputError(
    [{ file: a.file, line: fault.line, field: fault.field, reason: t(a.lang, fault.code, fault.params) }],
    1,
    a.lang,
  );
}

export async function recordRejected(
  db: Database,
  r: {
    kind: string;
    file: string;
    sha: string;
    format: string;
    options: string | null;
    rowsRead: number;
    rejected: number;
    message: string;
    startedAt: Date;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(
      `insert into ingest_batches (batch_id, kind, file_name, file_sha256, format, options, status, rows_read, rows_rejected, message, started_at, finished_at)
       values (nextval('ingest_batch_seq'), $kind, $file, $sha, $format, $options, 'rejected', $read, $rej, $msg, $started, now())`,
      {
        kind: r.kind,
        file: r.file,
        sha: r.sha,
        format: r.format,
        options: r.options,
        read: r.rowsRead,
        rej: r.rejected,
        msg: r.message.slice(0, 4000),
        started: r.startedAt.toISOString(),
      },
    );
  });
}
