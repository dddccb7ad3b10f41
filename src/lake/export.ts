import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Database, Session } from '../db/index.js';
import { EXPOSED, ident } from '../sandbox/index.js';
import { fileColumns, LAKE_TABLES, SCHEMA_VERSION, type LakeTable } from './contract.js';
import { localeOf, t, type Lang } from '../i18n/index.js';

/**
 * `sla export lake DIR` (issue #27): the events and the derived tables of this database as a
 * Hive-partitioned Parquet lake, for roll-ups over many offices (docs/lake.md).
 *
 * Incremental: the manifest keeps, per partition, a digest of its rows (row count and the sum of
 * DuckDB's `hash` of every row, order-independent); a partition is written again only when its
 * digest changed, so a load that touched one month of one office rewrites that month's files and
 * nothing else. Files are written sorted on every column, so the same rows give the same bytes.
 *
 * Atomic: a partition's new file gets a new name (part-<digest>.parquet, written under a temporary
 * name and renamed), beside the old one; the manifest, which lists the files of the export, is
 * written last (write, then rename); files no longer listed are removed only after that switch. A
 * reader that takes its file list from `_manifest.json` always reads one complete export.
 *
 * All tables are read in one transaction of a connection of its own: one snapshot, never half a
 * load, while the service goes on writing. No personal data: only the tables of LAKE_TABLES, each
 * of them exposed by the auditor sandbox, and of those only the columns the sandbox shows.
 */

export const MANIFEST = '_manifest.json';

export interface ManifestFile {
  path: string;
  office: string;
  year?: number;
  month?: string;
  rows: number;
  sha256: string;
  /** the digest of the partition's rows (what decides a rewrite) */
  digest: string;
}

export interface Manifest {
  schema_version: number;
  generated_at: string;
  source: { database_generation: number; loads: number; last_batch_id: number };
  tables: Record<string, { partition_by: string[]; rows: number; files: ManifestFile[] }>;
}

export interface LakeSummary {
  dir: string;
  manifest: Manifest;
  written: number;
  unchanged: number;
  removed: number;
}

export interface ExportOptions {
  now?: Date;
  /** test hook, called after each partition file is written (a throw aborts the export there) */
  afterFile?: (path: string) => void;
}

/** Lakes being written by this process (a second export into the same folder waits its turn). */
const busy = new Map<string, Promise<unknown>>();

/** Exports the lake into `dir` (created if needed); see the module comment. */
export async function exportLake(db: Database, dir: string, opts: ExportOptions = {}): Promise<LakeSummary> {
  const before = busy.get(dir) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => exportNow(db, dir, opts));
  busy.set(dir, run);
  try {
    return await run;
  } finally {
    if (busy.get(dir) === run) busy.delete(dir);
  }
}

/** The previous manifest, when it is of this schema version (else every partition is written again). */
export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return m.schema_version === SCHEMA_VERSION ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The columns of `t`'s files (the contract's), each one the sandbox lets out (or the export is refused). */
function allowedColumns(t: LakeTable): string[] {
  const rel = EXPOSED.find((r) => r.name === t.name);
  if (!rel) throw new Error(`lake: ${t.name} is not a relation the auditor sandbox exposes`);
  const cols = fileColumns(t).map((c) => c.name);
  const hidden = rel.columns ? cols.filter((c) => !rel.columns!.includes(c)) : [];
  if (hidden.length) throw new Error(`lake: ${t.name}.${hidden.join(', ')} hold personal data`);
  return cols;
}

/** Partition key of a file: office, year, month (as in the path). */
const keyOf = (f: { office: string; year?: number | undefined; month?: string | undefined }) =>
  `${f.office}|${f.year ?? ''}|${f.month ?? ''}`;

async function exportNow(db: Database, dir: string, opts: ExportOptions): Promise<LakeSummary> {
  mkdirSync(dir, { recursive: true });
  const previous = readManifest(dir);
  const generation = db.generation;
  const s = await db.connect();
  let written = 0;
  let unchanged = 0;
  const tables: Manifest['tables'] = {};
  let loads: { n: number; last: number };
  try {
    await s.run('begin transaction');
    try {
      loads = (await s.one<{ n: number; last: number }>(
        "select count(*) as n, coalesce(max(batch_id), 0) as last from ingest_batches where status <> 'rejected'",
      ))!;
      for (const t of LAKE_TABLES) {
        const r = await exportTable(s, dir, t, previous?.tables[t.name]?.files ?? [], opts);
        written += r.written;
        unchanged += r.unchanged;
        tables[t.name] = {
          partition_by: [...t.partitionBy],
          rows: r.files.reduce((a, f) => a + f.rows, 0),
          files: r.files,
        };
      }
    } finally {
      await s.run('rollback').catch(() => undefined);
    }
  } finally {
    s.conn.closeSync();
  }
  const manifest: Manifest = {
    schema_version: SCHEMA_VERSION,
    generated_at: (opts.now ?? new Date()).toISOString(),
    source: { database_generation: generation, loads: loads.n, last_batch_id: loads.last },
    tables,
  };
  const tmp = join(dir, `${MANIFEST}.tmp-${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, join(dir, MANIFEST));
  const removed = removeUnlisted(dir, manifest);
  return { dir, manifest, written, unchanged, removed };
}

/** Digests of the partitions of one table, its changed partitions written; its files as listed in the manifest. */
async function exportTable(
  s: Session,
  dir: string,
  t: LakeTable,
  before: ManifestFile[],
  opts: ExportOptions,
): Promise<{ files: ManifestFile[]; written: number; unchanged: number }> {
  const cols = allowedColumns(t);
  // a database before its first load has no derived tables yet: nothing to write
  if (!(await s.tableExists(t.name))) return { files: [], written: 0, unchanged: 0 };
  const q = cols.map(ident);
  const needsOffice = t.monthSql !== undefined || t.yearSql !== undefined;
  const month = t.monthSql ? `${t.monthSql}` : 'cast(null as date)';
  const year = t.monthSql ? `year(${t.monthSql})` : (t.yearSql ?? 'cast(null as integer)');
  await s.run(`create or replace temp table lake_stage as
    select t.office, ${q.map((c) => `t.${c}`).join(', ')}, cast(${year} as integer) as lake_year, ${month} as lake_month
    from ${ident(t.name)} as t ${needsOffice ? 'join offices as o on o.office = t.office' : ''}`);
  const nulls = await s.one<{ n: number }>(
    `select count(*) as n from lake_stage where office is null ${t.partitionBy.includes('year') ? 'or lake_year is null' : ''} ${t.partitionBy.includes('month') ? 'or lake_month is null' : ''}`,
  );
  if (nulls!.n > 0) throw new Error(`lake: ${nulls!.n} rows of ${t.name} without a partition (office, year or month)`);
  const parts = await s.all<{ office: string; year: number | null; month: string | null; rows: number; h: string }>(
    `select office, lake_year as year, strftime(lake_month, '%Y-%m-%d') as month, count(*) as rows, cast(sum(hash(${q.join(', ')})) as varchar) as h
     from lake_stage group by all order by all`,
  );
  const old = new Map(before.map((f) => [keyOf(f), f]));
  const files: ManifestFile[] = [];
  let written = 0;
  const order = [...t.key, ...cols.filter((c) => !t.key.includes(c))].map(ident).join(', ');
  for (const p of parts) {
    const part: { office: string; year?: number; month?: string } = { office: p.office };
    if (t.partitionBy.includes('year')) part.year = p.year!;
    if (t.partitionBy.includes('month')) part.month = p.month!;
    const digest = `${p.rows}:${p.h}`;
    const prev = old.get(keyOf(part));
    if (prev && prev.digest === digest && existsSync(join(dir, prev.path))) {
      files.push(prev);
      continue;
    }
    const folder = [
      t.name,
      `office=${p.office}`,
      ...(part.year === undefined ? [] : [`year=${part.year}`]),
      ...(part.month === undefined ? [] : [`month=${part.month}`]),
    ].join('/');
    const name = `part-${createHash('sha256')
      .update(`${SCHEMA_VERSION}|${t.name}|${keyOf(part)}|${digest}`)
      .digest('hex')
      .slice(0, 16)}.parquet`;
    const path = `${folder}/${name}`;
    mkdirSync(join(dir, folder), { recursive: true });
    const tmp = join(dir, folder, `.${name}.tmp-${process.pid}`);
    const where = [
      'office = $office',
      ...(part.year === undefined ? [] : ['lake_year = $year']),
      ...(part.month === undefined ? [] : ['lake_month = cast($month as date)']),
    ].join(' and ');
    const params: Record<string, string | number> = { office: p.office };
    if (part.year !== undefined) params.year = part.year;
    if (part.month !== undefined) params.month = part.month;
    await s.run(
      `copy (select ${q.join(', ')} from lake_stage where ${where} order by ${order}) to '${tmp.replaceAll("'", "''")}' (format parquet)`,
      params,
    );
    renameSync(tmp, join(dir, path));
    written++;
    opts.afterFile?.(path);
    files.push({
      path,
      ...part,
      rows: p.rows,
      sha256: createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex'),
      digest,
    });
  }
  await s.run('drop table lake_stage');
  return { files, written, unchanged: files.length - written };
}

/**
 * Removes, under the tables' folders, the files the manifest does not list (earlier versions of
 * rewritten partitions, partitions gone, leftovers of an export that failed) and the folders left
 * empty. Nothing else in `dir` is touched.
 */
function removeUnlisted(dir: string, m: Manifest): number {
  const listed = new Set(Object.values(m.tables).flatMap((t) => t.files.map((f) => f.path)));
  let removed = 0;
  const walk = (folder: string): void => {
    for (const e of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, e.name);
      if (e.isDirectory()) {
        walk(full);
        if (readdirSync(full).length === 0) rmdirSync(full);
        continue;
      }
      const rel = relative(dir, full).split(sep).join('/');
      if ((/^part-[0-9a-f]{16}\.parquet$/.test(e.name) || /\.tmp-\d+$/.test(e.name)) && !listed.has(rel)) {
        rmSync(full);
        removed++;
      }
    }
  };
  for (const t of LAKE_TABLES) if (existsSync(join(dir, t.name))) walk(join(dir, t.name));
  return removed;
}

/** What an export did, for `sla export lake`: a line per table, then the manifest. */
export function lakeSummaryLines(r: LakeSummary, lang: Lang): string[] {
  const n = (x: number) => x.toLocaleString(localeOf(lang));
  const lines = Object.entries(r.manifest.tables).map(([name, table]) =>
    t(lang, 'lake_table_line', { name, rows: n(table.rows), files: n(table.files.length) }),
  );
  lines.push(
    lang === 'id'
      ? `${join(r.dir, MANIFEST)}: ${n(r.written)} berkas ditulis, ${n(r.unchanged)} tidak berubah, ${n(r.removed)} dihapus`
      : `${join(r.dir, MANIFEST)}: ${n(r.written)} files written, ${n(r.unchanged)} unchanged, ${n(r.removed)} removed`,
  );
  return lines;
}
