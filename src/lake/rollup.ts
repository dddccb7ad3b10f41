import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Database, type Session } from '../db/index.js';
import { AppError, errorIn } from '../errors.js';
import { prepareDatabase } from '../store/index.js';
import { buildSummaries } from '../read/index.js';
import { viewSql } from '../sla/index.js';
import { LAKE_TABLES, readParquetSql, SCHEMA_VERSION, type LakeTable } from './contract.js';
import { MANIFEST, type Manifest } from './export.js';
import { inBoth, t, type Lang } from '../i18n/index.js';

/**
 * The roll-up (issue #27 §2, `sla serve --lake DIR [DIR…]`): one database whose tables the
 * dashboards read are views over the Parquet files of many offices' lakes, read in place by
 * DuckDB (no copy of the rows).
 *
 * It is an in-memory database migrated as an office database is (so users, sessions, the audit
 * log of auditor SQL and every table the pages look for exist, empty), in which each table of the
 * lake contract is replaced by a VIEW over the files its lakes' manifests list (a reader that
 * takes its list from the manifest reads one complete export, docs/lake.md), with the office
 * table's own columns in its own order and types: a column the lake leaves out (events.note,
 * events.batch_id, the letterhead of offices) is a typed NULL, so every query written for the
 * office database runs unchanged. The two small derived tables the dashboards need besides
 * (office_extent: a row per office; uncollected_products: the products waiting for collection)
 * are computed once at open by their definitions of queries/ over the views. What the
 * lake does not carry stays empty: the complaint register (its subjects and complainants stay in
 * the office: the lists of open complaints are empty, the resolution rates are the lake's), the
 * loads, the calendar (the kartu kendali's quota bands). The dashboard summaries (dash_*_periods) are computed once at
 * open from
 * the views: a few thousand rows, as in an office database.
 *
 * The lakes are read as their manifests list them; a manifest that changes (an office exported
 * again) is read again by `watchRollup`, the views then list the new files.
 */

export interface LakeSource {
  dir: string;
  manifest: Manifest;
}

/** Relations the dashboards read that are definitions of queries/ over lake tables (in dependency order). */
const DERIVED_TABLES = ['office_extent', 'uncollected_products'] as const;

/**
 * Relations only a roll-up has, definitions of queries/rollup/ computed once at open like the
 * derived tables above: the cases that are ever overdue (the Ringkasan's overdue figures read
 * them instead of every case_sla file; src/dashboards/data.ts `overdueFrom`).
 */
const ROLLUP_TABLES = ['case_overdue'] as const;
const rollupSql = (name: (typeof ROLLUP_TABLES)[number]) =>
  readFileSync(new URL(`../../queries/rollup/${name}.sql`, import.meta.url), 'utf8');

/**
 * The lake tables held in memory instead of read in place: per office a few hundred rows
 * (offices, officers, SOPs; monthly step, officer and complaint figures; IKM periods) but one
 * file per month, so that a view over them opens hundreds of small files at 20 offices (the
 * complaint figures of the Ringkasan: ~90 ms for 320 files of 272 rows each) for what a table
 * answers in a millisecond. events, case_sla and step_visits, the tables that grow with the
 * cases, stay views over the files (no copy of the rows).
 */
const IN_MEMORY = new Set([
  'offices',
  'officers',
  'services',
  'sop_steps',
  'step_performance',
  'officer_performance',
  'complaint_resolution',
  'ikm_summary',
  'ikm_by_unsur',
]);

/** The manifest of a lake folder; a clear error when it is missing or of another schema version. */
export function readLakeManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path))
    throw new AppError('LAKE_INVALID', 400, inBoth('lake_no_manifest', { dir, manifest: MANIFEST }));
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new AppError('LAKE_INVALID', 400, `${path}: ${(err as Error).message}`);
  }
  if (m.schema_version !== SCHEMA_VERSION) {
    throw new AppError(
      'LAKE_SCHEMA_VERSION',
      400,
      inBoth('lake_schema_version', { dir, found: String(m.schema_version), version: SCHEMA_VERSION }),
    );
  }
  return m;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The office table's columns (name, type, in order) in the migrated database, before it is replaced. */
async function tableColumns(w: Session, name: string): Promise<{ name: string; type: string }[]> {
  return w.all<{ name: string; type: string }>(
    `select column_name as name, data_type as type from duckdb_columns() where table_name = $t and schema_name = 'main' order by column_index`,
    { t: name },
  );
}

/** The SELECT of table `t` over the files of every lake (none: no row), shaped as the office table. */
function tableSelect(t: LakeTable, sources: readonly LakeSource[], shape: { name: string; type: string }[]): string {
  const files = sources.flatMap((s) => (s.manifest.tables[t.name]?.files ?? []).map((f) => join(s.dir, f.path)));
  const lake = new Map(t.columns.map((c) => [c.name, c.type]));
  // the office table's columns, then those only the lake has (partition keys year, month)
  const cols = [
    ...shape,
    ...t.columns.filter((c) => !shape.some((s) => s.name === c.name)).map((c) => ({ name: c.name, type: c.type })),
  ];
  const select = (from: boolean) =>
    cols
      .map((c) =>
        from && lake.has(c.name)
          ? `cast(${q(c.name)} as ${c.type}) as ${q(c.name)}`
          : `cast(null as ${c.type}) as ${q(c.name)}`,
      )
      .join(', ');
  return files.length
    ? `select ${select(true)} from ${readParquetSql(t, files)}`
    : `select ${select(false)} where false`;
}

/** Creates the roll-up's views over `sources` in `db` (a freshly migrated database). */
/**
 * Every page reads the same files again and again, and a file of an export never changes (a
 * changed partition gets a file of a new name): `parquet_metadata_cache` reads each footer once.
 */
async function installLakeViews(db: Database, sources: readonly LakeSource[]): Promise<void> {
  await db.write((w) => w.run('set global parquet_metadata_cache = true'));
  // one transaction: a reader sees the old lakes or the new ones, and with the new ones the
  // summaries marked out of date (the pages read live until buildSummaries has run)
  await db.transaction(async (w) => {
    for (const t of LAKE_TABLES) {
      const shape = await tableColumns(w, t.name);
      await dropRelation(w, t.name);
      await w.run(
        `create ${IN_MEMORY.has(t.name) ? 'table' : 'view'} ${q(t.name)} as ${tableSelect(t, sources, shape)}`,
      );
    }
    // small derived tables computed once from the views: the extent of each office's events
    // (read by every page, a scan of all events as a view) and the products waiting for collection
    for (const v of DERIVED_TABLES) {
      await dropRelation(w, v);
      await w.run(`create table ${q(v)} as ${viewSql(v)}`);
    }
    for (const v of ROLLUP_TABLES) {
      await dropRelation(w, v);
      await w.run(`create table ${q(v)} as ${rollupSql(v)}`);
    }
    await w.run("insert into dash_dirty values (date '0001-01-01')");
  });
}

async function dropRelation(w: Session, name: string): Promise<void> {
  const kind = await w.one<{ k: string }>(
    "select 'table' as k from duckdb_tables() where table_name = $n and schema_name = 'main' and not temporary union all select 'view' from duckdb_views() where view_name = $n and schema_name = 'main' and not temporary",
    { n: name },
  );
  if (kind) await w.run(`drop ${kind.k} ${q(name)}`);
}

/**
 * Opens the roll-up over the lakes in `dirs` (see the module comment). Throws, before anything is
 * opened, when a folder is not a lake of this schema version.
 */
export async function openRollup(dirs: readonly string[]): Promise<{ db: Database; sources: LakeSource[] }> {
  if (!dirs.length) throw new AppError('LAKE_INVALID', 400, inBoth('lake_none'));
  const sources = dirs.map((d) => {
    const dir = resolve(d);
    return { dir, manifest: readLakeManifest(dir) };
  });
  const db = await prepareDatabase(await Database.open(':memory:'));
  try {
    await installLakeViews(db, sources);
    await buildSummaries(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, sources };
}

const stamp = (dir: string): string => {
  try {
    const st = statSync(join(dir, MANIFEST));
    return `${st.mtimeMs}|${st.size}`;
  } catch {
    return 'missing';
  }
};

/**
 * Reads the lakes again when a manifest changed since `sources` were read (an office exported
 * again into a folder the roll-up reads): the views then list the new export's files, the
 * summaries are rebuilt. A folder whose manifest is now missing or of another version keeps its
 * previous export (the error is returned; the files it lists may be gone: collect lakes by their
 * manifest, docs/lake.md). Returns what it did.
 */
export async function reloadRollup(
  db: Database,
  sources: LakeSource[],
  stamps: Map<string, string>,
): Promise<{ reloaded: string[]; errors: Error[] }> {
  const changed = sources.filter((s) => stamps.get(s.dir) !== stamp(s.dir));
  if (!changed.length) return { reloaded: [], errors: [] };
  const errors: Error[] = [];
  const reloaded: string[] = [];
  for (const s of changed) {
    stamps.set(s.dir, stamp(s.dir));
    try {
      s.manifest = readLakeManifest(s.dir);
      reloaded.push(s.dir);
    } catch (err) {
      errors.push(err as Error);
    }
  }
  if (reloaded.length) {
    await installLakeViews(db, sources);
    await buildSummaries(db);
  }
  return { reloaded, errors };
}

/** The manifests' stamps (modification time and size) as read with `sources`. */
export const manifestStamps = (sources: readonly LakeSource[]) => new Map(sources.map((s) => [s.dir, stamp(s.dir)]));

/**
 * Looks at the manifests every `everyMs` and reloads what changed (`sla serve --lake`), telling
 * `log` in `lang` (the service's SLA_LANG); returns the stop.
 */
export function watchRollup(
  db: Database,
  sources: LakeSource[],
  opts: { log: (line: string) => void; lang?: Lang; everyMs?: number },
): () => Promise<void> {
  const { log, lang = 'id', everyMs = 10_000 } = opts;
  const stamps = manifestStamps(sources);
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const r = await reloadRollup(db, sources, stamps);
        for (const d of r.reloaded) log(t(lang, 'lake_reloaded', { dir: d }));
        for (const e of r.errors) log(t(lang, 'lake_failed', { detail: errorIn(e, lang) }));
      } catch (err) {
        log(t(lang, 'lake_failed', { detail: errorIn(err as Error, lang) }));
      }
    });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
