import { listValue, type DuckDBValue } from '@duckdb/node-api';
import type { Database, Session } from '../db/index.js';
import { resolveInstant, computeAsOf } from '../sla/index.js';
import { EXPOSED, ident, type ExposedRelation } from './relations.js';

/**
 * The data an auditor may read, copied from the service's database into a file of its own, which
 * the sandbox copies into its memory (and deletes): only the relations of the allow-list, only
 * their allowed columns (under their sandbox names), only the rows of the offices the auditor
 * may see. What is not copied cannot be read,
 * whatever the query. The copy is made in one read transaction, so it is one consistent state
 * of the database (every load committed before it, none after).
 */
export interface SnapshotScope {
  /** Offices the auditor may see; absent: all. */
  offices?: readonly string[] | undefined;
  /** Read the SLA tables as of this instant (ISO 8601) instead of the stored ones. */
  asOf?: string | undefined;
  /** With `asOf`: compute for this office only (and read a local time in its zone). */
  asOfOffice?: string | undefined;
  /** Audit rows copied: those up to this query_id (all written), of this identity only when given. */
  auditUpTo?: number | undefined;
  auditOf?: string | undefined;
}

/** What a snapshot holds: the relations copied. */
export interface SnapshotContent {
  relations: ExposedRelation[];
}

let attachNo = 0;

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Row filter of a relation for an auditor limited to `offices` (bound as $offices). */
function scopeFilter(rel: ExposedRelation, hasOffice: boolean): string {
  if (rel.scope === 'office_or_national') return "(list_contains($offices, t.office) or t.office = '*')";
  // a table without an office column is not shown to an office-limited auditor
  return hasOffice ? 'list_contains($offices, t.office)' : 'false';
}

/**
 * The rows each load added that are still there, in the offices of $offices (`own`) and in others
 * (`others`): the office of a load is that of its rows (catalogue and calendar loads have none).
 */
const BATCH_ROWS = `
  select
    batch_id,
    count(*) filter (where list_contains($offices, office)) as own,
    count(*) filter (where not list_contains($offices, office)) as others
  from (
    select batch_id, office from events
    union all select batch_id, office from complaints
    union all select batch_id, office from survey_responses
  )
  group by batch_id`;

/** The directory part of a load's file name, '' when it has none. */
const FILE_DIR = "regexp_extract(t.file_name, '^.*[/\\\\]')";

/**
 * A column of a load as the sandbox shows it: the file's name, never where it lay on the server
 * (also not in the message, which may quote DuckDB's reader); for an office-limited auditor, of a
 * load that brought other offices' rows too, the rows it added in theirs and none of the file's
 * counts (they would tell another office's volume).
 */
function batchColumn(column: string, scoped: boolean): string | undefined {
  if (column === 'file_name') return "regexp_replace(t.file_name, '^.*[/\\\\]', '')";
  if (column === 'message')
    return `case when ${FILE_DIR} = '' then t.message else replace(t.message, ${FILE_DIR}, '') end`;
  if (!scoped) return undefined;
  if (column === 'rows_accepted') return 'r.own';
  if (['rows_read', 'rows_duplicate', 'rows_rejected'].includes(column))
    return `case when r.others = 0 then t.${ident(column)} end`;
  return undefined;
}

/** The query that copies a relation: its allowed columns under their sandbox names, its rows for the scope. */
function relationQuery(
  rel: ExposedRelation,
  existing: string[],
  scope: SnapshotScope,
): { sql: string; params: Record<string, DuckDBValue> } {
  const columns = rel.columns ? existing.filter((c) => rel.columns!.includes(c)) : existing;
  const conds: string[] = [];
  const params: Record<string, DuckDBValue> = {};
  let from = `${ident(rel.name)} as t`;
  const scoped = scope.offices !== undefined && rel.scope !== 'own_queries';
  if (rel.scope === 'own_queries') {
    conds.push('t.query_id <= $upTo');
    params.upTo = scope.auditUpTo ?? 0;
    if (scope.auditOf !== undefined) {
      conds.push('t.who = $who');
      params.who = scope.auditOf;
    }
  } else if (scope.offices) {
    params.offices = listValue([...scope.offices]);
    if (rel.scope === 'batches_of_offices') {
      from += ` join (${BATCH_ROWS}) as r on r.batch_id = t.batch_id`;
      conds.push('r.own > 0');
    } else conds.push(scopeFilter(rel, existing.includes('office')));
  }
  // an SOP version without a date is stored as -infinity (a key column); an auditor sees null
  const value = (c: string) =>
    c === 'effective_from' ? `case when isinf(t.${ident(c)}) then null else t.${ident(c)} end` : `t.${ident(c)}`;
  const select = columns.flatMap((c) => [
    `${(rel.scope === 'batches_of_offices' ? batchColumn(c, scoped) : undefined) ?? value(c)} as ${ident(rel.rename?.[c] ?? c)}`,
    ...(rel.also?.[c] ? [`${value(c)} as ${ident(rel.also[c])}`] : []),
  ]);
  // unqualified: the as-of temp tables of this session come first, the stored tables otherwise
  return {
    sql: `select ${select.join(', ')} from ${from} ${conds.length ? `where ${conds.join(' and ')}` : ''}`,
    params,
  };
}

/** Copies the exposed data into a new database file `file` (which must not exist). */
export async function writeSnapshot(db: Database, file: string, scope: SnapshotScope = {}): Promise<SnapshotContent> {
  const s = await db.connect();
  const alias = `auditor_snapshot_${++attachNo}`;
  try {
    if (scope.asOf) await computeAsOf(s, await resolveInstant(s, scope.asOf, scope.asOfOffice), scope.asOfOffice);
    await s.run(`attach ${sqlString(file)} as ${alias}`);
    try {
      await s.run('begin transaction');
      const relations = await copyRelations(s, alias, scope);
      await s.run('commit');
      return { relations };
    } catch (err) {
      await s.run('rollback').catch(() => undefined);
      throw err;
    } finally {
      await s.run(`detach ${alias}`).catch(() => undefined);
    }
  } finally {
    s.conn.closeSync();
  }
}

async function copyRelations(s: Session, alias: string, scope: SnapshotScope): Promise<ExposedRelation[]> {
  const cols = await s.all<{ table_name: string; column_name: string }>(
    `select table_name, column_name from duckdb_columns()
     where database_name = current_database() and schema_name = 'main' order by table_name, column_index`,
  );
  const columnsOf = new Map<string, string[]>();
  for (const c of cols) columnsOf.set(c.table_name, [...(columnsOf.get(c.table_name) ?? []), c.column_name]);
  const copied: ExposedRelation[] = [];
  for (const rel of EXPOSED) {
    const existing = columnsOf.get(rel.name);
    if (!existing) continue;
    const { sql, params } = relationQuery(rel, existing, scope);
    await s.run(
      `create table ${alias}.main.${ident(rel.name)} as ${sql}`,
      Object.keys(params).length ? params : undefined,
    );
    copied.push(rel);
  }
  return copied;
}
