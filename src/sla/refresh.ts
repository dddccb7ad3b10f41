import type { Database, Session } from '../db/index.js';
import { definitionsHash, macrosSql, viewSql, type ViewName } from './definitions.js';

/**
 * Keeps the derived SLA tables (the SPEC §3 names, defined by queries/*.sql) consistent with the
 * events, inside the transaction of every load. A stage is computed for the cases in
 * `sla_scope` (and the months in `sla_scope_months`): all of them after a catalogue or calendar
 * change, or only the cases a load touched plus the open cases of the offices whose as-of moved.
 */

/** Per-case stages, in dependency order. */
const CASE_STAGES: ViewName[] = ['sla_cases', 'sla_transitions', 'sla_visits', 'sla_pauses', 'step_visits', 'case_sla'];
/**
 * The instant of a stored per-case row that is never earlier than its case's first transition, so
 * that the rows of the cases in scope are found among those from sla_events_from on (zonemaps).
 */
const EARLIEST: Partial<Record<ViewName, string>> = {
  sla_pauses: 's',
  step_visits: 'arrived_at',
  case_sla: 'submitted_at',
};
const EVENTS_FROM = "coalesce(cast(getvariable('sla_events_from') as timestamptz), cast('-infinity' as timestamptz))";
/** From when a load may have changed its cases' stored rows (sla_changed_from; set by refreshCases, see there). */
const CHANGED_FROM = "coalesce(cast(getvariable('sla_changed_from') as timestamptz), cast('-infinity' as timestamptz))";
/** A month before the UTC month of sla_changed_from: never later than its local month, whatever the office's zone. */
const CHANGED_MONTH = `cast(date_trunc('month', timezone('UTC', ${CHANGED_FROM})) - interval 1 month as date)`;
/**
 * The stored rows (alias t) of a case in scope that a load can change, and so are replaced (fewer
 * rows deleted and written, most of a case's visits being done): a visit handed on before
 * sla_changed_from is the same after the load. Its arrival, start, completion and number come from
 * earlier transitions; a new pause cannot overlap it: a new visit arrives at the latest hand-over
 * before its first transition, and every completion is a hand-over. (A visit closed by its case's
 * cancellation is no hand-over: sla_changed_from is then no later than the cancellation.) (A pause island over before
 * sla_changed_from can still grow: a new applicant visit's wait begins at that earlier hand-over;
 * islands are replaced whole.)
 */
const MAY_CHANGE: Partial<Record<ViewName, string>> = {
  // (the month bound, implied, lets the scan skip the row groups of older months)
  step_visits: `(t.completed_at is null or t.completed_at >= ${CHANGED_FROM}) and (t.completed_month is null or t.completed_month >= ${CHANGED_MONTH})`,
};
/** Rebuilt whole after the case stages (small: ready cases only; days waiting move with the as-of). */
const OFFICE_STAGES: ViewName[] = ['uncollected_products'];
/** Stages only needed while a refresh runs: built as temp tables for the cases in scope. */
const TRANSIENT = new Set<ViewName>(['sla_cases', 'sla_transitions', 'sla_visits']);
/** Monthly aggregates over step_visits. */
const MONTH_STAGES: ViewName[] = ['step_performance', 'officer_performance'];
/** Survey figures: small, rebuilt whole after any load (their population comes from case_sla). */
const SURVEY_STAGES: ViewName[] = ['ikm_by_unsur', 'ikm_summary'];

/** Complaint figures: small, rebuilt whole after any load (their months span the events too). */
const COMPLAINT_STAGES: ViewName[] = ['complaint_register', 'complaint_resolution'];

/** The derived tables a full recompute writes (the bench's write floor copies them). */
export const STORED_STAGES: ViewName[] = [
  ...CASE_STAGES.filter((x) => !TRANSIENT.has(x)),
  ...OFFICE_STAGES,
  ...MONTH_STAGES,
  ...SURVEY_STAGES,
  ...COMPLAINT_STAGES,
];

async function rebuildComplaints(s: Session, stages: readonly ViewName[] = COMPLAINT_STAGES): Promise<void> {
  for (const stage of stages) await s.run(`create or replace table ${stage} as ${viewSql(stage)}`);
}

async function allStored(s: Session, tables: readonly string[]): Promise<boolean> {
  for (const t of tables) if (!(await s.tableExists(t))) return false;
  return true;
}

async function rebuildSurveys(s: Session, kind: 'table' | 'temp table' = 'table'): Promise<void> {
  // no response and nothing stored (no survey loaded yet): nothing to rebuild
  if (await allStored(s, SURVEY_STAGES)) {
    const rows = await s.one<{ n: number }>(
      `select (select count(*) from survey_responses) + ${SURVEY_STAGES.map((t) => `(select count(*) from ${t})`).join(' + ')} as n`,
    );
    if (Number(rows?.n) === 0) return;
  }
  for (const stage of SURVEY_STAGES) await s.run(`create or replace ${kind} ${stage} as ${viewSql(stage)}`);
}

/** Months of every office from its first transition to its as-of month, in its time zone. */
const ALL_MONTHS = `
  select e.office, cast(m.generate_series as date) as month
  from (
    select x.office,
      cast(date_trunc('month', local_ts(x.first_at, o.utc_offset_min, o.timezone)) as date) as first_month,
      cast(date_trunc('month', local_ts(coalesce(sla_as_of(), x.last_at), o.utc_offset_min, o.timezone)) as date) as last_month
    from office_extent as x join offices as o on o.office = x.office
  ) as e
  cross join generate_series(e.first_month, e.last_month, interval 1 month) as m`;

/** Recomputes every derived table from scratch. */
export async function refreshAll(s: Session): Promise<void> {
  const catalog = (await s.one<{ c: string }>('select current_database() as c'))!.c;
  for (const stage of TRANSIENT) await s.run(`drop table if exists "${catalog}".main.${stage}`); // stored by earlier versions
  await s.run('delete from office_extent');
  await s.run(`insert into office_extent ${viewSql('office_extent')}`);
  await s.run('set variable sla_events_from = null');
  await s.run('delete from sla_scope');
  await s.run('insert into sla_scope select distinct office, case_id from events');
  await s.run('delete from sla_scope_months');
  await s.run(`insert into sla_scope_months ${ALL_MONTHS}`);
  await buildStages(s, 'table');
  await ensureCaseIndexes(s);
  await s.run('delete from sla_scope');
  await s.run('delete from sla_scope_months');
  await markDashboards(s, "date '0001-01-01'");
}

/**
 * Indexes (ART) on case_id of the per-case tables, for the look-up of one case (kartu kendali,
 * /api/cases/{id}): DuckDB uses one for a lone `case_id = …` condition, so the readers select by
 * case_id first and filter the office after. `create or replace` drops them: made again after
 * every full recompute (and on open, for databases made before they existed). The one on events
 * (the kartu kendali's transitions: at 1M events a scan took ~10 ms, the index ~2.5 ms) is kept
 * by every load and undo; building it on 1M events takes ~0.7 s.
 */
export const CASE_INDEXES: Record<string, string> = {
  case_sla: 'case_sla_case',
  step_visits: 'step_visits_case',
  sla_pauses: 'sla_pauses_case',
  events: 'events_case',
};
export async function ensureCaseIndexes(s: Session): Promise<void> {
  for (const [table, name] of Object.entries(CASE_INDEXES)) {
    if (await s.tableExists(table)) await s.run(`create index if not exists ${name} on ${table} (case_id)`);
  }
}

/**
 * Marks the dashboard summaries out of date from a month on (the first of a month, as SQL; see
 * src/dashboards/summaries.ts). No-op in databases made before the summaries existed.
 */
async function markDashboards(s: Session, month: string): Promise<void> {
  if (!(await s.tableExists('dash_dirty'))) return;
  await s.run(`insert into dash_dirty select m from (select ${month} as m) where m is not null`);
}

/** Creates every stage, in order, for the cases and months in scope (tables or temp tables). */
export async function buildStages(s: Session, kind: 'table' | 'temp table'): Promise<void> {
  for (const stage of CASE_STAGES) {
    // step_visits is kept in month order so that the monthly stages skip old row groups, case_sla
    // in order of submission so that the pages' period filters (submitted, ready) skip them too
    const order =
      stage === 'step_visits'
        ? ' order by completed_month nulls last, office'
        : stage === 'case_sla'
          ? ' order by submitted_at'
          : '';
    await s.run(
      `create or replace ${TRANSIENT.has(stage) ? 'temp table' : kind} ${stage} as select * from (${viewSql(stage)})${order}`,
    );
  }
  for (const stage of OFFICE_STAGES) await s.run(`create or replace ${kind} ${stage} as ${viewSql(stage)}`);
  await setMonthsFrom(s);
  await s.run(`create or replace temp table officer_carry (office varchar, officer varchar, carried bigint)`);
  for (const stage of MONTH_STAGES) await s.run(`create or replace ${kind} ${stage} as ${viewSql(stage)}`);
  await s.run('drop table officer_carry');
  await rebuildSurveys(s, kind);
  if (kind === 'table') {
    await rebuildComplaints(s);
    await dropTransient(s);
  }
}

/** The first month in sla_scope_months, as the variable the monthly stages read. */
async function setMonthsFrom(s: Session): Promise<void> {
  await s.run("set variable sla_months_from = (select coalesce(min(month), date '2000-01-01') from sla_scope_months)");
}

async function dropTransient(s: Session): Promise<void> {
  for (const stage of TRANSIENT) await s.run(`drop table if exists temp.main.${stage}`);
}

/**
 * Computes every stage as of an explicit instant into temp tables of session `s`, which then
 * shadow the stored tables for that session only (SPEC §2.3 point 8: later events are ignored).
 * `office` limits the work to one office.
 */
export async function computeAsOf(s: Session, asOf: string, office?: string): Promise<void> {
  await s.run('set variable sla_as_of = cast($t as timestamptz)', { t: asOf });
  await s.run('set variable sla_events_from = null');
  const where = office ? 'and office = $office' : '';
  const params = office ? { office, t: asOf } : { t: asOf };
  await s.run(
    `create or replace temp table sla_scope as select distinct office, case_id from events where "at" <= cast($t as timestamptz) ${where}`,
    params,
  );
  await s.run(
    `create or replace temp table sla_scope_months as select * from (${ALL_MONTHS}) where true ${where}`,
    office ? { office } : undefined,
  );
  await buildStages(s, 'temp table');
}

/**
 * Brings office_extent up to date for the offices of the cases in sla_seed: widened by the rows
 * of the batch just loaded, or (after an undo) recomputed from their events.
 */
async function updateExtent(s: Session, batch: number | undefined): Promise<void> {
  if (batch !== undefined) {
    await s.run(
      `create or replace temp table extent_batch as select office, min("at") as first_at, max("at") as last_at, count(*) as events from events where batch_id = $batch group by office`,
      { batch },
    );
    await s.run(`update office_extent as x set first_at = least(x.first_at, b.first_at), last_at = greatest(x.last_at, b.last_at), events = x.events + b.events
      from extent_batch as b where b.office = x.office`);
    await s.run(
      'insert into office_extent select b.* from extent_batch as b anti join office_extent as x on x.office = b.office',
    );
    await s.run('drop table extent_batch');
    return;
  }
  await s.run('create or replace temp table extent_offices as select distinct office from sla_seed');
  await s.run('delete from office_extent where office in (select office from extent_offices)');
  await s.run(
    `insert into office_extent select * from (${viewSql('office_extent')}) where office in (select office from extent_offices)`,
  );
  await s.run('drop table extent_offices');
}

/**
 * Recomputes the cases selected by `seed` (SQL yielding office, case_id; `batch`: the load that
 * added them, if any), the cases of their offices whose figures run to the as-of instant, which
 * may have moved (in progress, or with an open visit), and the months from the first one those
 * cases touch to the as-of month. Running pauses of the offices' other cases (a product waiting
 * to be collected) end at the new as-of instant; the products waiting are recounted.
 */
export async function refreshCases(s: Session, seed: string, batch?: number): Promise<void> {
  if (!(await s.tableExists('case_sla'))) return refreshAll(s);
  await s.run('delete from sla_scope');
  await s.run(`create or replace temp table sla_seed as select distinct office, case_id from (${seed})`);
  await updateExtent(s, batch);
  await s.run('insert into sla_scope select office, case_id from sla_seed');
  await s.run(
    `insert into sla_scope
     select c.office, c.case_id from case_sla as c
     where c.runs_to_as_of
       and c.office in (select distinct office from sla_scope)
       and not exists (select 1 from sla_scope as x where x.office = c.office and x.case_id = c.case_id)`,
  );
  // a load touching many cases, and a large share of them, is cheaper to recompute whole (small
  // loads, the tests' among them, take the incremental path)
  const share = await s.one<{ scope: number; total: number }>(
    'select (select count(*) from sla_scope) as scope, (select count(*) from case_sla) as total',
  );
  if (share && share.scope > 10_000 && share.scope > 0.25 * share.total) return refreshAll(s);
  // no event of a case in scope is earlier than its stored first transition, or than the batch's
  // earliest row (a late file may bring earlier events of a known case, or new cases)
  const earliest = (cases: string) => `(select least(
       (select min(c.submitted_at) from case_sla as c semi join ${cases} as sc on sc.office = c.office and sc.case_id = c.case_id),
       (select min("at") from events where batch_id = ${batch ?? -1})))`;
  await s.run(`set variable sla_events_from = ${earliest('sla_scope')}`);
  // from when the seed cases' visits may have changed: the batch's earliest transition, or the
  // stored ready_at of a case the batch brings a completion to (ready_at is the last completion of
  // the ready step: a later one ends the wait for collection that began at the earlier one, and
  // the visits it overlapped lose that pause; such a case is in scope, so submitted no earlier
  // than sla_events_from: case_sla is stored in order of submission, older row groups are
  // skipped); or the stored cancellation of a seed case (a visit left open by it was closed at
  // that instant, outcome 'cancelled': a later start, complete or return of the case reopens or
  // closes it otherwise); after an undo, whose rows are gone, sla_events_from
  const changedFrom = `least(
       (select min("at") from events where batch_id = ${batch}),
       (select min(c.ready_at) from case_sla as c
        join services as v on v.office = c.office and v.service = c.service and v.effective_from = c.effective_from
        semi join (select office, case_id, step from events where batch_id = ${batch} and event = 'complete') as b
          on b.office = c.office and b.case_id = c.case_id and b.step = v.ready_step
        where c.ready_at is not null and c.submitted_at >= ${EVENTS_FROM}),
       (select min(c.cancelled_at) from case_sla as c
        semi join sla_seed as sc on sc.office = c.office and sc.case_id = c.case_id
        where c.cancelled_at is not null and c.submitted_at >= ${EVENTS_FROM}))`;
  await s.run(`set variable sla_changed_from = ${batch === undefined ? EVENTS_FROM : `(select ${changedFrom})`}`);
  // the dashboards' case figures change from the earliest submission of a seed case on, as stored
  // or as recomputed (a recomputed case starts no earlier than its stored start or the batch)
  await s.run(`set variable dash_cases_from = ${earliest('sla_seed')}`);
  // months whose rows may change: those of the seed cases' visits that changed (found below,
  // before the stored rows are replaced), and every month from the previous as-of month on (open
  // work and the cases that run to the as-of instant move with it; their other visits do not
  // change: a visit closes only by an event, which makes its case a seed case)
  await s.run('delete from sla_scope_months');
  await s.run(`insert into sla_scope_months
    select office, max(month) from officer_performance group by office
    union all
    select office, max(month) from step_performance group by office`);
  // each stage is computed for the scope into a temp table, which the next stages read (it
  // shadows the stored one in this session), then replaces the scope's rows of the stored table
  const catalog = (await s.one<{ c: string }>('select current_database() as c'))!.c;
  for (const stage of CASE_STAGES) {
    await s.run(`create or replace temp table ${stage} as ${viewSql(stage)}`);
    if (TRANSIENT.has(stage)) continue;
    const stored = `"${catalog}".main.${stage}`;
    if (stage === 'step_visits') {
      // the months of the seed cases' visits that changed: as stored (a visit may disappear) and
      // as recomputed (a visit may appear or move); only those that may change (MAY_CHANGE)
      const seedVisits = (table: string) =>
        `select * from ${table} as t semi join sla_seed as sc on sc.office = t.office and sc.case_id = t.case_id
         where t.arrived_at >= ${EVENTS_FROM} and ${MAY_CHANGE.step_visits}`;
      await s.run(`create or replace temp table seed_visits_stored as ${seedVisits(stored)}`);
      await s.run(`insert into sla_scope_months
        select office, min(started_month) from (
          (select * from seed_visits_stored except all ${seedVisits('temp.main.step_visits')})
          union all
          (${seedVisits('temp.main.step_visits')} except all select * from seed_visits_stored)
        ) group by office`);
      await s.run('drop table seed_visits_stored');
    }
    await s.run(`delete from ${stored} as t using sla_scope as sc
      where t.office = sc.office and t.case_id = sc.case_id and t.${EARLIEST[stage]} >= ${EVENTS_FROM} and ${MAY_CHANGE[stage] ?? 'true'}`);
    await s.run(
      `insert into ${stored} by name select * from temp.main.${stage} as t where ${MAY_CHANGE[stage] ?? 'true'}`,
    );
  }
  for (const stage of CASE_STAGES) await s.run(`drop table if exists temp.main.${stage}`);
  await s.run('set variable sla_events_from = null');
  await s.run('set variable sla_changed_from = null');
  // the running pauses of the offices' other cases end at the (new) as-of instant
  await s.run(`update sla_pauses as p set e = a.as_of, e_pos = a.as_of_pos, paused_min = a.as_of_pos - p.s_pos
    from office_as_of_pos() as a
    where p.running and a.office = p.office and a.office in (select office from sla_seed) and p.e is distinct from a.as_of`);
  for (const stage of OFFICE_STAGES) await s.run(`create or replace table ${stage} as ${viewSql(stage)}`);
  // every month from the earliest touched one to the as-of month
  await s.run(`
    create or replace temp table sla_months_span as
    select a.office, a.month from (${ALL_MONTHS}) as a
    join (select office, min(month) as first from sla_scope_months group by office) as f
      on f.office = a.office and a.month >= f.first`);
  await s.run(
    'create or replace temp table sla_months_first as select office, min(month) as first from sla_scope_months group by office',
  );
  await s.run('delete from sla_scope_months');
  await s.run('insert into sla_scope_months select office, month from sla_months_span');
  // rows from the first touched month on are replaced (the as-of month may have moved back)
  await setMonthsFrom(s);
  // officers at work before the first month in scope: their visits still at the desk when it began
  // (the stored rows of the months before it stay as they are)
  await s.run(`create or replace temp table officer_carry as
    select office, officer, open_visits as carried from officer_performance
    where month = cast(getvariable('sla_months_from') as date) - interval 1 month`);
  for (const stage of MONTH_STAGES) {
    await s.run(
      `delete from ${stage} using sla_months_first as f where ${stage}.office = f.office and ${stage}.month >= f.first`,
    );
    await s.run(`insert into ${stage} by name ${viewSql(stage)}`);
  }
  // months and case figures: UTC months are never later than the offices' local ones (UTC+7 to +9)
  await markDashboards(
    s,
    `least((select min(first) from sla_months_first), cast(date_trunc('month', cast(timezone('UTC', cast(getvariable('dash_cases_from') as timestamptz)) as date)) as date))`,
  );
  await s.run('drop table sla_months_span');
  await s.run('drop table officer_carry');
  await s.run('drop table sla_months_first');
  await s.run('drop table sla_seed');
  await rebuildSurveys(s);
  // the register reads no events; the resolution's months span them
  await rebuildComplaints(s, ['complaint_resolution']);
  await s.run('delete from sla_scope');
  await s.run('delete from sla_scope_months');
}

/** What a load changed, for the refresh that follows it in the same transaction. */
export type Change =
  | { kind: 'definitions' } // catalogue or calendar: every figure may move
  // rows added by load `batch`, or (no batch) removed by an undo; `cases` selects the cases touched
  | { kind: 'rows'; table: 'events' | 'complaints' | 'survey_responses'; cases: string; batch?: number };

/** Brings the derived tables up to date after a change, in the caller's transaction. */
export async function refreshAfter(s: Session, change: Change): Promise<void> {
  if (change.kind === 'definitions') return refreshAll(s);
  if (change.table === 'events') return refreshCases(s, change.cases, change.batch);
  if (change.table === 'survey_responses') return rebuildSurveys(s);
  if (change.table === 'complaints') return rebuildComplaints(s);
}

/** Installs the macros and rebuilds the derived tables when their definitions changed. */
export async function installDefinitions(db: Database): Promise<void> {
  await db.write(async (w) => {
    await w.exec(macrosSql());
    await w.run('set global asof_loop_join_threshold = 0');
  });
  const hash = definitionsHash();
  const stored = await db.one<{ hash: string }>('select hash from sla_definitions');
  if (stored?.hash === hash) {
    await db.write((w) => ensureCaseIndexes(w));
    return;
  }
  await db.transaction(async (tx) => {
    await refreshAll(tx);
    await tx.run('delete from sla_definitions');
    await tx.run('insert into sla_definitions values ($hash, now())', { hash });
  });
}
