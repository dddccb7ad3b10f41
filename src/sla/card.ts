import { type Database, type Session, isoOrNull } from '../db/index.js';

/**
 * The digital kartu kendali of one case, read one way for every surface (the API's
 * `/api/cases/{id}` and the Berkas page): the case's row, its visits per desk with the step's and
 * the officer's names, its pauses, its transitions in the engine's order, and the complaints that
 * name it.
 *
 * Each table is read by case_id alone: DuckDB uses the index on case_id only for a lone condition
 * on a lone table (a join, a second condition, a CTE or a subquery around it turns the look-up
 * into a scan: ~15 ms of CPU each at 1M events against ~2–4 ms). The office, the names and the
 * order are applied here, from the catalogue and the register held per data version. The four
 * look-ups are prepared statements, with no ORDER BY and no macro (sorted and ranked here): a
 * sort or a macro call in the plan cost a millisecond each a card.
 */

type Reader = Pick<Session, 'all' | 'one' | 'allPrepared'>;

/** Columns of case_sla a person reads: the card, the case list (every surface picks what it shows). */
export const CASE_COLUMNS = [
  'case_id',
  'office',
  'service',
  'status',
  'submitted_at',
  'ready_at',
  'collected_at',
  'due_at',
  'elapsed_min',
  'paused_min',
  'external_min',
  'quota_min',
  'within_quota',
  'excess_min',
  'bottleneck_step',
  'returned_count',
  'rework_count',
  'conformant',
] as const;

export interface CardCase {
  case_id: string;
  office: string;
  service: string;
  status: string;
  submitted_at: string;
  ready_at: string | null;
  collected_at: string | null;
  due_at: string | null;
  elapsed_min: number | null;
  paused_min: number | null;
  external_min: number | null;
  quota_min: number | null;
  within_quota: boolean | null;
  excess_min: number | null;
  bottleneck_step: string | null;
  returned_count: number;
  rework_count: number;
  conformant: boolean;
}

export interface CardVisit {
  step: string;
  step_name: string | null;
  actor: string | null;
  clock: string;
  visit_no: number;
  officer: string | null;
  officer_name: string | null;
  arrived_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  outcome: string;
  queue_min: number | null;
  handling_min: number | null;
  elapsed_min: number | null;
  quota_min: number | null;
  within_quota: boolean | null;
  excess_min: number | null;
}

export interface CardTransition {
  at: string;
  step: string;
  event: string;
  officer: string | null;
  note: string | null;
}

export interface CardComplaint {
  complaint_id: string;
  received_at: string;
  category: string;
  stage: string;
  resolved_at: string | null;
}

export interface Card {
  case: CardCase;
  visits: CardVisit[];
  pauses: { from: string; to: string; paused_min: number }[];
  /** read only when asked for (`transitions: true`) */
  transitions: CardTransition[];
  complaints: CardComplaint[];
}

/** A row of case_sla with CASE_COLUMNS as the API and the pages give it (instants as ISO 8601 text). */
export function toCardCase(r: Record<string, unknown>): CardCase {
  return {
    ...(r as unknown as CardCase),
    submitted_at: isoOrNull(r.submitted_at)!,
    ready_at: isoOrNull(r.ready_at),
    collected_at: isoOrNull(r.collected_at),
    due_at: isoOrNull(r.due_at),
  };
}

export type CardLookup = { card: Card } | { missing: 'none' | 'several' };

const stepKey = (office: string, service: string, effectiveFrom: string, step: string) =>
  `${office}\u0000${service}\u0000${effectiveFrom}\u0000${step}`;
const officeKey = (office: string, id: string) => `${office}\u0000${id}`;

interface Context {
  steps: Map<string, { name: string | null; actor: string | null; seq: number | null }>;
  officers: Map<string, string | null>;
  /** the register's complaints that name a case, per office and case */
  complaints: Map<string, CardComplaint[]>;
}
type Source = Pick<Database, 'all' | 'generation'>;
const contexts = new WeakMap<Source, { generation: number; context: Promise<Context> }>();

/** The SOP steps' and officers' names and the complaints naming a case, read once per data version. */
function cardContext(db: Source): Promise<Context> {
  const hit = contexts.get(db);
  if (hit && hit.generation === db.generation) return hit.context;
  const generation = db.generation;
  const context = (async (): Promise<Context> => {
    const steps = await db.all<{
      office: string;
      service: string;
      eff: string;
      step: string;
      name: string | null;
      actor: string | null;
      seq: number | null;
    }>('select office, service, cast(effective_from as varchar) as eff, step, name, actor, seq from sop_steps');
    const officers = await db.all<{ office: string; officer: string; name: string | null }>(
      'select office, officer, name from officers',
    );
    const register = await db.all<{
      office: string;
      case_id: string;
      complaint_id: string;
      received_at: Date;
      category: string;
      stage: string;
      resolved_at: Date | null;
    }>(
      `select office, case_id, complaint_id, received_at, category, stage, resolved_at from complaint_register
       where case_id is not null order by received_at, complaint_id`,
    );
    const complaints = new Map<string, CardComplaint[]>();
    for (const { office, case_id, received_at, resolved_at, ...k } of register) {
      const key = officeKey(office, case_id);
      if (!complaints.has(key)) complaints.set(key, []);
      complaints.get(key)!.push({ ...k, received_at: received_at.toISOString(), resolved_at: isoOrNull(resolved_at) });
    }
    return {
      steps: new Map(
        steps.map((r) => [stepKey(r.office, r.service, r.eff, r.step), { name: r.name, actor: r.actor, seq: r.seq }]),
      ),
      officers: new Map(officers.map((r) => [officeKey(r.office, r.officer), r.name])),
      complaints,
    };
  })();
  contexts.set(db, { generation, context });
  context.catch(() => {
    if (contexts.get(db)?.context === context) contexts.delete(db);
  });
  return context;
}

/**
 * The card of case `caseId` (of `office`, needed when several offices use the id), read on `s`
 * (the database, or the session of an explicit as-of whose temp tables shadow the stored ones),
 * with names from `db`. `asOf`: the session has an explicit as-of, so transitions after the
 * office's as-of instant are left out (without one every transition is at or before it).
 */
export async function readCard(
  s: Reader,
  db: Source,
  caseId: string,
  office: string | undefined,
  opts: { transitions: boolean; asOf: boolean },
): Promise<CardLookup> {
  const id = { id: caseId };
  const found = (
    await s.allPrepared<Record<string, unknown>>(
      `select ${CASE_COLUMNS.join(', ')}, cast(effective_from as varchar) as effective_from from case_sla where case_id = $id`,
      id,
    )
  ).filter((r) => !office || r.office === office);
  if (found.length !== 1) return { missing: found.length === 0 ? 'none' : 'several' };
  const { effective_from, ...row } = found[0]!;
  const c = toCardCase(row);
  const names = await cardContext(db);
  const visits = (
    await s.allPrepared<
      Record<string, unknown> & {
        office: string;
        service: string;
        effective_from: string;
        step: string;
        officer: string | null;
        first_ord: number;
      }
    >(
      `select office, service, cast(effective_from as varchar) as effective_from, step, clock, visit_no, officer, arrived_at, started_at,
         completed_at, outcome, queue_min, handling_min, elapsed_min, quota_min, within_quota, excess_min, first_ord
       from step_visits where case_id = $id`,
      id,
    )
  )
    .filter((v) => v.office === c.office)
    .sort((a, b) => a.first_ord - b.first_ord)
    .map(({ office: o, service, effective_from: eff, first_ord: _, ...v }): CardVisit => {
      const st = names.steps.get(stepKey(o, service, eff, v.step));
      return {
        ...(v as unknown as CardVisit),
        step_name: st?.name ?? null,
        actor: st?.actor ?? null,
        officer_name: v.officer == null ? null : (names.officers.get(officeKey(o, v.officer)) ?? null),
        arrived_at: isoOrNull(v.arrived_at),
        started_at: isoOrNull(v.started_at),
        completed_at: isoOrNull(v.completed_at),
      };
    });
  const pauses = (
    await s.allPrepared<{ office: string; s: Date; e: Date; paused_min: number }>(
      'select office, s, e, paused_min from sla_pauses where case_id = $id',
      id,
    )
  )
    .filter((p) => p.office === c.office)
    .sort((a, b) => a.s.getTime() - b.s.getTime())
    .map((p) => ({ from: p.s.toISOString(), to: p.e.toISOString(), paused_min: p.paused_min }));
  return {
    card: {
      case: c,
      visits,
      pauses,
      transitions: opts.transitions ? await transitions(s, names, c, String(effective_from), opts.asOf) : [],
      complaints: names.complaints.get(officeKey(c.office, c.case_id)) ?? [],
    },
  };
}

/**
 * The case's transitions up to the office's as-of, in the engine's order (queries/sla_transitions.sql,
 * SPEC §2.3.1): by instant; at one instant a cancellation last, then the SOP order of the step
 * (unknown steps last), then the step, then the kind (macro event_kind_rank).
 */
async function transitions(
  s: Reader,
  names: Context,
  c: CardCase,
  effectiveFrom: string,
  asOf: boolean,
): Promise<CardTransition[]> {
  const until = asOf
    ? (
        await s.one<{ t: Date }>('select as_of as t from office_as_of() where office = $office', { office: c.office })
      )?.t.getTime()
    : undefined;
  const events = await s.allPrepared<{
    office: string;
    at: Date;
    step: string;
    event: string;
    officer: string | null;
    note: string | null;
  }>('select office, "at", step, event, officer, note from events where case_id = $id', { id: c.case_id });
  const kinds = await eventKinds(
    s,
    events.map((e) => e.event),
  );
  const seq = (step: string) =>
    names.steps.get(stepKey(c.office, c.service, effectiveFrom, step))?.seq ?? Number.POSITIVE_INFINITY;
  const CANCEL = 7;
  return events
    .filter((e) => e.office === c.office && (until === undefined || e.at.getTime() <= until))
    .map((e) => ({ ...e, t: e.at.getTime(), seq: seq(e.step), kind: kinds.get(e.event)! }))
    .sort(
      (a, b) =>
        a.t - b.t ||
        Number(a.kind === CANCEL) - Number(b.kind === CANCEL) ||
        a.seq - b.seq ||
        (a.step < b.step ? -1 : a.step > b.step ? 1 : 0) ||
        a.kind - b.kind,
    )
    .map((e) => ({ at: e.at.toISOString(), step: e.step, event: e.event, officer: e.officer, note: e.note }));
}

/** Each event name's rank as the macro event_kind_rank gives it (a constant of the schema), asked once per name. */
const kindRanks = new Map<string, number>();
async function eventKinds(s: Reader, names: string[]): Promise<Map<string, number>> {
  for (const event of new Set(names)) {
    if (kindRanks.has(event)) continue;
    const r = await s.one<{ k: number }>('select event_kind_rank($event) as k', { event });
    kindRanks.set(event, r!.k);
  }
  return kindRanks;
}
