import { listValue } from '@duckdb/node-api';
import { basename } from 'node:path';
import { loadCalendar, readCalendarFile, rebuildWorkingIntervals } from '../calendar/index.js';
import { catalogueWarnings, readStructuredFile, validateCatalogue, loadCatalogue } from '../catalogue/index.js';
import type { Database } from '../db/index.js';
import { BadRequestError, InputError, NotFoundError } from '../errors.js';
import { kindSpecs, type RowKind } from './kinds.js';
import { refreshAfter } from '../sla/index.js';
import { recordRejected, sha256File } from './load.js';
import { inBoth, t, type Lang } from '../i18n/index.js';

/** A dry run's result, thrown to roll its transaction back. */
class ConfigDryRun extends Error {
  constructor(readonly result: { batchId: null; message: string }) {
    super('dry run');
  }
}

/**
 * Loads of the catalogue and the calendar: validated whole, recorded as batches like row data.
 * `dryRun`: everything up to the commit (validation, the counts), then rolled back. `lang`: the
 * reader's language (the API caller's, the CLI's `--lang`), of the refusal and of the message.
 */
export async function loadConfigFile(
  db: Database,
  kind: 'catalogue' | 'calendar',
  path: string,
  opts: { dryRun?: boolean | undefined; lang?: Lang | undefined } = {},
): Promise<{ batchId: number | null; message: string }> {
  const lang = opts.lang ?? 'id';
  const file = basename(path);
  const sha = await sha256File(path);
  const startedAt = new Date();
  try {
    return await db.transaction(async (tx) => {
      let summary: string;
      let rows: number;
      if (kind === 'catalogue') {
        const known = await tx.all<{ office: string; day_minutes: number }>('select office, day_minutes from offices');
        const offices = new Map(known.map((o) => [o.office, o.day_minutes]));
        const cat = validateCatalogue(readStructuredFile(path, lang), file, offices, lang);
        const n = await loadCatalogue(tx, cat);
        rows = n.offices + n.services + n.steps + n.officers;
        summary = t(lang, 'catalogue_loaded_counts', n);
        for (const w of catalogueWarnings(cat, lang)) summary += `; ${t(lang, 'warning', { text: w })}`;
        // A new office needs its working intervals.
        if (n.offices) await rebuildWorkingIntervals(tx);
      } else {
        const cal = readCalendarFile(path, lang);
        await loadCalendar(tx, cal);
        rows = cal.hours.length + cal.holidays.length;
        summary = t(lang, 'calendar_loaded_counts', { hours: cal.hours.length, holidays: cal.holidays.length });
      }
      if (opts.dryRun) throw new ConfigDryRun({ batchId: null, message: t(lang, 'config_dry_run', { file, summary }) });
      const batchId = (await tx.one<{ id: number }>("select nextval('ingest_batch_seq') as id"))!.id;
      await tx.run(
        `insert into ingest_batches (batch_id, kind, file_name, file_sha256, format, status, rows_read, rows_accepted, message, started_at, finished_at)
         values ($id, $kind, $file, $sha, $format, 'committed', $rows, $rows, $msg, $started, now())`,
        {
          id: batchId,
          kind,
          file: path,
          sha,
          format: path.split('.').pop() ?? '',
          rows,
          msg: summary,
          started: startedAt.toISOString(),
        },
      );
      await refreshAfter(tx, { kind: 'definitions' });
      return { batchId, message: t(lang, 'config_loaded', { file, summary, batch: batchId }) };
    });
  } catch (err) {
    if (err instanceof ConfigDryRun) return err.result;
    if (err instanceof InputError && !opts.dryRun) {
      await recordRejected(db, {
        kind,
        file: path,
        sha,
        format: path.split('.').pop() ?? '',
        options: null,
        rowsRead: 0,
        rejected: err.total,
        message: err.message,
        startedAt,
      });
    }
    throw err;
  }
}

export interface BatchRow {
  batch_id: number;
  kind: string;
  file_name: string;
  status: string;
  rows_read: number;
  rows_accepted: number;
  rows_duplicate: number;
  rows_rejected: number;
  started_at: Date;
  finished_at: Date | null;
}

/**
 * The load history, oldest first. `offices`: only the loads that brought rows of those offices
 * (events, complaints or survey responses; not catalogue or calendar loads, and not a rejected or
 * undone load, whose rows are gone); undefined: every load. `file_name` is the path as given to
 * the loader: the HTTP API shows its base name only.
 */
export function listBatches(db: Database, offices?: readonly string[]): Promise<BatchRow[]> {
  const tables = Object.values(kindSpecs).map(
    (k) => `select batch_id from ${k.table} where list_contains($offices, office)`,
  );
  return db.all<BatchRow>(
    `select batch_id, kind, file_name, status, rows_read, rows_accepted, rows_duplicate, rows_rejected, started_at, finished_at
     from ingest_batches ${offices ? `where batch_id in (${tables.join(' union ')})` : ''} order by batch_id`,
    offices ? { offices: listValue([...offices]) } : undefined,
  );
}

/** Retracts the rows a batch added, whole, and marks it undone. Nothing else is touched. */
export async function undoBatch(db: Database, batchId: number): Promise<{ removed: number }> {
  return db.transaction(async (tx) => {
    const b = await tx.one<{ kind: string; status: string }>(
      'select kind, status from ingest_batches where batch_id = $id',
      { id: batchId },
    );
    if (!b) throw new NotFoundError(inBoth('batch_not_found', { batch: batchId }));
    if (b.status !== 'committed')
      throw new BadRequestError(inBoth('batch_not_committed', { batch: batchId, status: b.status }));
    if (!(b.kind in kindSpecs)) throw new BadRequestError(inBoth('batch_config_kind', { kind: b.kind }));
    const table = kindSpecs[b.kind as RowKind].table;
    await tx.run(
      `create or replace temp table undo_cases as select distinct office, case_id from ${table} where batch_id = $id`,
      { id: batchId },
    );
    const removed = await tx.run(`delete from ${table} where batch_id = $id`, { id: batchId });
    const personal = kindSpecs[b.kind as RowKind].personal;
    if (personal) {
      // an identity goes with the last row of its complaint
      const on = personal.id.map((c) => `r.${c} = ${personal.table}.${c}`).join(' and ');
      await tx.run(`delete from ${personal.table} where not exists (select 1 from ${table} as r where ${on})`);
    }
    await tx.run("update ingest_batches set status = 'undone', undone_at = now() where batch_id = $id", {
      id: batchId,
    });
    await refreshAfter(tx, { kind: 'rows', table, cases: 'select office, case_id from undo_cases' });
    await tx.run('drop table undo_cases');
    return { removed };
  });
}
