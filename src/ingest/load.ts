import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Database, Session } from '../db/database.js';
import { InputError, type InputIssue } from '../errors.js';
import { t, type Lang } from '../i18n.js';
import { kindSpecs, type KindSpec, type RowKind } from './kinds.js';
import { stageFile, quote } from './readers.js';
import { planStaging, type ErrorDef } from './staging.js';

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
  onProgress?: ProgressFn | undefined;
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

/** Hooks run inside the load transaction after rows are inserted (derived tables, see sla/). */
export type AfterLoad = (tx: Session, info: { kind: RowKind | 'catalogue' | 'calendar'; batchId: number }) => Promise<void>;
const afterLoadHooks: AfterLoad[] = [];
export function onAfterLoad(hook: AfterLoad): void {
  afterLoadHooks.push(hook);
}
export async function runAfterLoad(tx: Session, info: Parameters<AfterLoad>[1]): Promise<void> {
  for (const h of afterLoadHooks) await h(tx, info);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
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

async function collectErrors(tx: Session, file: string, errors: ErrorDef[], lang: Lang, max: number): Promise<{ issues: InputIssue[]; total: number }> {
  const total = (await tx.one<{ n: number }>('select count(*) as n from staged where err_no is not null'))!.n;
  if (total === 0) return { issues: [], total: 0 };
  const grouped = errors.flatMap((e, i) => (e.grouped ? [i + 1] : []));
  const issues: InputIssue[] = [];
  if (grouped.length) {
    const rows = await tx.all<{ err_no: number; err_value: string; n: number; lines: number[] }>(
      `select err_no, err_value, count(*) as n, list(line order by line)[1:5] as lines
       from staged where err_no in (${grouped.join(',')}) group by all order by min(line) limit ${max}`,
    );
    for (const r of rows) {
      const def = errors[r.err_no - 1]!;
      const value = r.err_value.split('/').at(-1)!;
      const where = `${r.n}× ${lang === 'id' ? 'pada baris' : 'at lines'} ${r.lines.join(', ')}${r.n > r.lines.length ? ', …' : ''}`;
      issues.push({ file, line: r.lines[0], field: def.field, reason: `${t(lang, def.code, { value })} (${where})` });
    }
  }
  const rows = await tx.all<{ line: number; err_no: number; err_value: string | null }>(
    `select line, err_no, err_value from staged where err_no is not null ${grouped.length ? `and err_no not in (${grouped.join(',')})` : ''}
     order by line limit ${Math.max(0, max - issues.length)}`,
  );
  for (const r of rows) {
    const def = errors[r.err_no - 1]!;
    const reason = def.code === 'required' ? t(lang, 'required') : t(lang, def.code, { value: r.err_value ?? '' });
    issues.push({ file, line: r.line, field: def.field, reason });
  }
  return { issues, total };
}

const content = (spec: KindSpec, alias: string) =>
  `md5(concat_ws(chr(31), ${spec.columns.map((c) => `coalesce(cast(${alias}.${quote(c.name)} as varchar), chr(0))`).join(', ')}))`;
const keyMatch = (spec: KindSpec, a: string, b: string) => spec.key.map((k) => `${a}.${quote(k)} = ${b}.${quote(k)}`).join(' and ');

/** Same key, other values: within the file, or against rows loaded before. */
async function collectConflicts(tx: Session, spec: KindSpec, file: string, lang: Lang, max: number): Promise<InputIssue[]> {
  const keyText = spec.key.map((k) => `cast(${quote(k)} as varchar)`).join(` || ' / ' || `);
  const inFile = await tx.all<{ k: string; first: number; last: number }>(
    `select ${keyText} as k, min(line) as first, max(line) as last from staged
     group by ${spec.key.map(quote).join(', ')} having count(distinct ${content(spec, 'staged')}) > 1 order by first limit ${max}`,
  );
  const issues: InputIssue[] = inFile.map((r) => ({ file, line: r.last, field: spec.key[spec.key.length - 1], reason: t(lang, 'duplicate_key', { value: r.k, other: r.first }) }));
  const loaded = await tx.all<{ k: string; line: number; batch_id: number }>(
    `select ${spec.key.map((k) => `cast(s.${quote(k)} as varchar)`).join(` || ' / ' || `)} as k, s.line, t.batch_id
     from staged s join ${spec.table} t on ${keyMatch(spec, 's', 't')}
     where ${content(spec, 's')} <> ${content(spec, 't')} order by s.line limit ${max}`,
  );
  for (const r of loaded) issues.push({ file, line: r.line, field: spec.key[spec.key.length - 1], reason: t(lang, 'conflict_loaded', { value: r.k, other: r.batch_id }) });
  return issues;
}

export async function loadFile(db: Database, opts: LoadOptions): Promise<LoadResult> {
  const lang = opts.lang ?? 'id';
  const max = opts.maxErrors ?? 20;
  const spec = kindSpecs[opts.kind];
  const file = basename(opts.path);
  const sha = await sha256File(opts.path);
  const options = JSON.stringify({ office: opts.office ?? null, service: opts.service ?? null });
  const startedAt = new Date();

  const prior = await db.one<{ batch_id: number }>(
    `select batch_id from ingest_batches where kind = $kind and file_sha256 = $sha and options = $options and status = 'committed'`,
    { kind: opts.kind, sha, options },
  );
  if (prior) {
    return { batchId: prior.batch_id, status: 'already_loaded', file, rowsRead: 0, accepted: 0, duplicates: 0, message: t(lang, 'already_loaded', { batch: prior.batch_id }) };
  }

  let rowsRead = 0;
  try {
    return await db.transaction(async (tx) => {
      const staged = await phase(tx, 'read', opts.onProgress, () => stageFile(tx, opts.path, lang));
      rowsRead = staged.rows;
      const plan = planStaging(spec, staged, { office: opts.office, service: opts.service });
      if (plan.missing.length) {
        const found = [...staged.columns.keys()].join(', ') || '—';
        throw new InputError(plan.missing.map((col) => ({ file, line: 1, field: col, reason: t(lang, 'missing_column', { col, found }) })), plan.missing.length, lang);
      }
      if (staged.rows === 0) throw new InputError([{ file, reason: t(lang, 'empty_file') }], 1, lang);
      await phase(tx, 'validate', opts.onProgress, () => tx.run(plan.sql, plan.params));
      const { issues, total } = await collectErrors(tx, file, plan.errors, lang, max);
      if (total > 0) throw new InputError(issues, total, lang);
      if (spec.conflictsAreErrors) {
        const conflicts = await collectConflicts(tx, spec, file, lang, max);
        if (conflicts.length) throw new InputError(conflicts, conflicts.length, lang);
      }

      const cols = spec.columns.map((c) => quote(c.name)).join(', ');
      const partition = spec.key.map(quote).join(', ');
      const newRows = `select ${cols}, line from staged s
        where not exists (select 1 from ${spec.table} t where ${keyMatch(spec, 't', 's')})
        qualify row_number() over (partition by ${partition} order by line) = 1`;
      if (opts.dryRun) {
        const n = (await tx.one<{ n: number }>(`select count(*) as n from (${newRows})`))!.n;
        await tx.run('drop table staged; drop table stage_raw');
        const msg = t(lang, 'dry_run_ok', { file, accepted: n, duplicate: staged.rows - n });
        return { batchId: null, status: 'dry_run' as const, file, rowsRead: staged.rows, accepted: n, duplicates: staged.rows - n, message: msg };
      }
      const batchId = (await tx.one<{ id: number }>("select nextval('ingest_batch_seq') as id"))!.id;
      const accepted = await phase(tx, 'insert', opts.onProgress, () =>
        tx.run(`insert into ${spec.table} (${cols}, batch_id, line) select ${cols}, $batch, line from (${newRows})`, { batch: batchId }),
      );
      await tx.run('drop table staged; drop table stage_raw');
      const duplicates = staged.rows - accepted;
      await tx.run(
        `insert into ingest_batches (batch_id, kind, file_name, file_sha256, format, options, status, rows_read, rows_accepted, rows_duplicate, started_at, finished_at)
         values ($id, $kind, $file, $sha, $format, $options, 'committed', $read, $acc, $dup, $started, now())`,
        { id: batchId, kind: opts.kind, file: opts.path, sha, format: staged.format, options, read: staged.rows, acc: accepted, dup: duplicates, started: startedAt.toISOString() },
      );
      await phase(tx, 'refresh', opts.onProgress, () => runAfterLoad(tx, { kind: opts.kind, batchId }));
      return { batchId, status: 'committed' as const, file, rowsRead: staged.rows, accepted, duplicates, message: t(lang, 'loaded', { file, accepted, duplicate: duplicates, batch: batchId }) };
    });
  } catch (err) {
    if (err instanceof InputError && !opts.dryRun) {
      await recordRejected(db, { kind: opts.kind, file: opts.path, sha, format: 'file', options, rowsRead, rejected: err.total, message: err.message, startedAt });
    }
    throw err;
  }
}

export async function recordRejected(
  db: Database,
  r: { kind: string; file: string; sha: string; format: string; options: string | null; rowsRead: number; rejected: number; message: string; startedAt: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(
      `insert into ingest_batches (batch_id, kind, file_name, file_sha256, format, options, status, rows_read, rows_rejected, message, started_at, finished_at)
       values (nextval('ingest_batch_seq'), $kind, $file, $sha, $format, $options, 'rejected', $read, $rej, $msg, $started, now())`,
      { kind: r.kind, file: r.file, sha: r.sha, format: r.format, options: r.options, read: r.rowsRead, rej: r.rejected, msg: r.message.slice(0, 4000), started: r.startedAt.toISOString() },
    );
  });
}
