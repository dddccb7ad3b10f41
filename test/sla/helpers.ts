import type { Database, Params } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * Shared helpers of the SLA engine tests: a fresh database per scenario with the shipped
 * catalogue, calendar and holidays (openTestDb) plus the scenario's fixtures under
 * test/fixtures/sla/, and readers that return the derived tables with instants as local wall
 * clock of the office ('YYYY-MM-DD HH:MM'), minutes rounded to 1e-6.
 */

/** Anything that can read: the Database (committed data) or a Session (sees its temp tables). */
export interface Reader {
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
}

export const slaFixture = (name: string): string => fixture(`sla/${name}`);

/** A new database with the shipped catalogue and calendar, extra catalogue files, then event files. */
export async function scenarioDb(events: string[], catalogues: string[] = []): Promise<Database> {
  const db = await openTestDb();
  for (const c of catalogues) await loadConfigFile(db, 'catalogue', slaFixture(c));
  for (const e of events) await loadFile(db, { kind: 'events', path: slaFixture(e) });
  return db;
}

/** Local wall clock of a TIMESTAMPTZ column in the office's time zone. */
const local = (col: string) => `strftime(timezone(o.timezone, ${col}), '%Y-%m-%d %H:%M')`;
const r6 = (col: string) => `round(${col}, 6)`;

export interface VisitRow {
  step: string;
  visit_no: number;
  officer: string | null;
  arrived: string | null;
  started: string | null;
  completed: string | null;
  outcome: string;
  queue: number | null;
  handling: number | null;
  elapsed: number | null;
  quota: number | null;
  within: boolean | null;
  excess: number | null;
}

/** The step_visits rows of a case, in SLA order (first transition of each visit). */
export function visitsOf(r: Reader, caseId: string, office = 'pekanbaru'): Promise<VisitRow[]> {
  return r.all<VisitRow>(
    `select v.step, v.visit_no, v.officer,
       ${local('v.arrived_at')} as arrived, ${local('v.started_at')} as started, ${local('v.completed_at')} as completed,
       v.outcome, ${r6('v.queue_min')} as queue, ${r6('v.handling_min')} as handling, ${r6('v.elapsed_min')} as elapsed,
       v.quota_min as quota, v.within_quota as within, ${r6('v.excess_min')} as excess
     from step_visits v join offices o on o.office = v.office
     where v.case_id = $c and v.office = $o
     order by v.first_ord`,
    { c: caseId, o: office },
  );
}

/** Compact constructor of an expected visit row (arguments in the column order of VisitRow). */
export function visit(
  step: string,
  visit_no: number,
  officer: string | null,
  arrived: string | null,
  started: string | null,
  completed: string | null,
  outcome: string,
  queue: number | null,
  handling: number | null,
  elapsed: number | null,
  quota: number | null,
  within: boolean | null,
  excess: number | null,
): VisitRow {
  return {
    step,
    visit_no,
    officer,
    arrived,
    started,
    completed,
    outcome,
    queue,
    handling,
    elapsed,
    quota,
    within,
    excess,
  };
}

export interface CaseRow {
  service: string;
  submitted: string;
  ready: string | null;
  collected: string | null;
  status: string;
  elapsed: number;
  paused: number;
  external: number;
  quota: number | null;
  due: string | null;
  within: boolean | null;
  excess: number | null;
  bottleneck: string | null;
  returned: number;
  rework: number;
  conformant: boolean;
}

/** The case_sla row of a case (undefined when absent). */
export async function caseOf(r: Reader, caseId: string, office = 'pekanbaru'): Promise<CaseRow | undefined> {
  const rows = await r.all<CaseRow>(
    `select c.service, ${local('c.submitted_at')} as submitted, ${local('c.ready_at')} as ready, ${local('c.collected_at')} as collected,
       c.status, ${r6('c.elapsed_min')} as elapsed, ${r6('c.paused_min')} as paused, ${r6('c.external_min')} as external,
       c.quota_min as quota, ${local('c.due_at')} as due, c.within_quota as within, ${r6('c.excess_min')} as excess,
       c.bottleneck_step as bottleneck, c.returned_count as returned, c.rework_count as rework, c.conformant
     from case_sla c join offices o on o.office = c.office
     where c.case_id = $c and c.office = $o`,
    { c: caseId, o: office },
  );
  return rows[0];
}

/** An instant as ISO 8601 UTC text ('2026-06-02T01:10:00Z'), for checks of absolute instants. */
export const utc = (col: string): string => `strftime(${col}, '%Y-%m-%dT%H:%M:%SZ')`;
