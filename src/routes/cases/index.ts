import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { period, withSla } from '../../sla/read.js';
import { isoOrNull, type Database } from '../../db/database.js';
import { dateOnly, monthText } from '../dates.js';

const num = z.number().nullable();
const instant = z.string().nullable();

const caseRow = z.object({
  case_id: z.string(),
  office: z.string(),
  service: z.string(),
  status: z.string(),
  submitted_at: z.string(),
  ready_at: instant,
  collected_at: instant,
  due_at: instant,
  elapsed_min: num,
  paused_min: num,
  external_min: num,
  quota_min: num,
  within_quota: z.boolean().nullable(),
  excess_min: num,
  bottleneck_step: z.string().nullable(),
  returned_count: z.number(),
  rework_count: z.number(),
  conformant: z.boolean(),
});

const visitRow = z.object({
  step: z.string(),
  step_name: z.string().nullable(),
  actor: z.string().nullable(),
  clock: z.string(),
  visit_no: z.number(),
  officer: z.string().nullable(),
  officer_name: z.string().nullable(),
  arrived_at: instant,
  started_at: instant,
  completed_at: instant,
  outcome: z.string(),
  queue_min: num,
  handling_min: num,
  elapsed_min: num,
  quota_min: num,
  within_quota: z.boolean().nullable(),
  excess_min: num,
});

const pauseRow = z.object({ from: z.string(), to: z.string(), paused_min: z.number() });
const transitionRow = z.object({ at: z.string(), step: z.string(), event: z.string(), officer: z.string().nullable(), note: z.string().nullable() });

const caseColumns = `case_id, office, service, status, submitted_at, ready_at, collected_at, due_at, elapsed_min, paused_min,
  external_min, quota_min, within_quota, excess_min, bottleneck_step, returned_count, rework_count, conformant`;

function toCase(r: Record<string, unknown>): z.infer<typeof caseRow> {
  return {
    ...(r as z.infer<typeof caseRow>),
    submitted_at: isoOrNull(r.submitted_at)!,
    ready_at: isoOrNull(r.ready_at),
    collected_at: isoOrNull(r.collected_at),
    due_at: isoOrNull(r.due_at),
  };
}

const stepKey = (office: string, service: string, effectiveFrom: string, step: string) => `${office}\u0000${service}\u0000${effectiveFrom}\u0000${step}`;

interface Complaint {
  complaint_id: string;
  received_at: string;
  category: string;
  stage: string;
  resolved_at: string | null;
}

interface KartuContext {
  steps: Map<string, { name: string | null; actor: string | null; seq: number | null }>;
  officers: Map<string, string | null>;
  /** the register's complaints that name a case, per office and case (a few hundred rows) */
  complaints: Map<string, Complaint[]>;
}
const contextCache = new WeakMap<Database, { generation: number; names: Promise<KartuContext> }>();

/**
 * The SOP steps' and officers' names and the complaints that name a case, read once per data
 * version (a few hundred rows each): a kartu kendali then costs only its four look-ups.
 */
function kartuContext(db: Database): Promise<KartuContext> {
  const hit = contextCache.get(db);
  if (hit && hit.generation === db.generation) return hit.names;
  const generation = db.generation;
  const names = (async () => {
    const steps = await db.all<{ office: string; service: string; eff: string; step: string; name: string | null; actor: string | null; seq: number | null }>(
      'select office, service, cast(effective_from as varchar) as eff, step, name, actor, seq from sop_steps',
    );
    const officers = await db.all<{ office: string; officer: string; name: string | null }>('select office, officer, name from officers');
    const complaints = new Map<string, Complaint[]>();
    const register = await db.all<{ office: string; case_id: string; complaint_id: string; received_at: Date; category: string; stage: string; resolved_at: Date | null }>(
      `select office, case_id, complaint_id, received_at, category, stage, resolved_at from complaint_register
       where case_id is not null order by received_at, complaint_id`,
    );
    for (const { office, case_id, received_at, resolved_at, ...k } of register) {
      const key = `${office}\u0000${case_id}`;
      if (!complaints.has(key)) complaints.set(key, []);
      complaints.get(key)!.push({ ...k, received_at: received_at.toISOString(), resolved_at: isoOrNull(resolved_at) });
    }
    return {
      complaints,
      steps: new Map(steps.map((r) => [stepKey(r.office, r.service, r.eff, r.step), { name: r.name, actor: r.actor, seq: r.seq }])),
      officers: new Map(officers.map((r) => [`${r.office}\u0000${r.officer}`, r.name])),
    };
  })();
  contextCache.set(db, { generation, names });
  names.catch(() => {
    if (contextCache.get(db)?.names === names) contextCache.delete(db);
  });
  return names;
}

/** Cases and the digital kartu kendali of one case; products waiting for collection. */
export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/cases',
    {
      schema: {
        summary: 'Cases with their service time; late and open cases first when sorted by excess',
        querystring: z.object({
          office: z.string().optional(),
          service: z.string().optional(),
          status: z.enum(['in_progress', 'ready', 'collected', 'cancelled']).optional(),
          overdue: z.enum(['true', 'false']).optional().describe('true: cases over their quota (late, or open and already past it)'),
          month: monthText.optional().describe('month of submission, YYYY-MM, office time'),
          sort: z.enum(['excess', 'submitted', 'elapsed']).default('excess'),
          page: z.coerce.number().int().min(1).default(1),
          page_size: z.coerce.number().int().min(1).max(500).default(50),
          as_of: z.string().optional(),
        }),
        response: { 200: z.object({ total: z.number(), page: z.number(), page_size: z.number(), rows: z.array(caseRow) }) },
      },
    },
    async (req) => app.cachedAnswer(req, async () => {
      const q = req.query;
      const conds = ['true'];
      const params: Record<string, string | number> = {};
      for (const k of ['office', 'service', 'status'] as const) {
        if (q[k]) {
          conds.push(`c.${k} = $${k}`);
          params[k] = q[k]!;
        }
      }
      if (q.overdue === 'true') conds.push('c.within_quota = false');
      if (q.overdue === 'false') conds.push('c.within_quota is distinct from false');
      const p = period({ month: q.month });
      if (p) {
        conds.push('cast(local_ts(c.submitted_at, o.utc_offset_min, o.timezone) as date) >= cast($from as date) and cast(local_ts(c.submitted_at, o.utc_offset_min, o.timezone) as date) < cast($to as date)');
        Object.assign(params, p);
      }
      const order = { excess: 'c.excess_min desc nulls last, c.submitted_at', submitted: 'c.submitted_at desc', elapsed: 'c.elapsed_min desc' }[q.sort];
      return withSla(app.db, q.as_of, q.office, async (s) => {
        const base = `from case_sla c join offices o on o.office = c.office where ${conds.join(' and ')}`;
        const total = (await s.one<{ n: number }>(`select count(*) as n ${base}`, params))!.n;
        const rows = await s.all<Record<string, unknown>>(
          `select ${caseColumns.split(',').map((c) => `c.${c.trim()}`).join(', ')} ${base} order by ${order}, c.case_id limit ${q.page_size} offset ${(q.page - 1) * q.page_size}`,
          params,
        );
        return { total, page: q.page, page_size: q.page_size, rows: rows.map(toCase) };
      });
    }),
  );

  app.get(
    '/api/cases/:case_id',
    {
      schema: {
        summary: 'The digital kartu kendali of one case: every visit per desk against its quota, pauses, transitions',
        params: z.object({ case_id: z.string().min(1) }),
        querystring: z.object({ office: z.string().optional(), as_of: z.string().optional() }),
        response: {
          200: z.object({
            case: caseRow,
            visits: z.array(visitRow),
            pauses: z.array(pauseRow),
            transitions: z.array(transitionRow),
            complaints: z
              .array(z.object({ complaint_id: z.string(), received_at: z.string(), category: z.string(), stage: z.string(), resolved_at: z.string().nullable() }))
              .describe('complaints whose register names this case'),
          }),
        },
      },
    },
    async (req) => app.cachedAnswer(req, async () => {
      const { case_id } = req.params;
      const { office, as_of } = req.query;
      return withSla(app.db, as_of, office, async (s) => {
        // Each table is read by case_id alone: DuckDB uses the index on case_id only for a lone
        // condition on a lone table (a join, a second condition, a CTE or a subquery around it
        // turns it into a scan: ~15 ms of CPU each at 1M events against ~2–4 ms). The office, the
        // names and the order are applied here, from the catalogue held per data version.
        const id = { id: case_id };
        const found = (await s.all<Record<string, unknown>>(`select ${caseColumns}, cast(effective_from as varchar) as effective_from from case_sla where case_id = $id`, id)).filter(
          (r) => !office || r.office === office,
        );
        if (found.length === 0) throw new NotFoundError(`case ${case_id} not found`);
        if (found.length > 1) throw new NotFoundError(`case ${case_id} exists in several offices: give ?office=`);
        const { effective_from, ...row } = found[0]!;
        const c = toCase(row);
        const names = await kartuContext(app.db);
        const visits = (
          await s.all<Record<string, unknown> & { office: string; service: string; effective_from: string; step: string; officer: string | null }>(
            `select office, service, cast(effective_from as varchar) as effective_from, step, clock, visit_no, officer, arrived_at, started_at,
               completed_at, outcome, queue_min, handling_min, elapsed_min, quota_min, within_quota, excess_min
             from step_visits where case_id = $id order by first_ord`,
            id,
          )
        ).filter((v) => v.office === c.office);
        const pauses = (await s.all<{ office: string; s: Date; e: Date; paused_min: number }>('select office, s, e, paused_min from sla_pauses where case_id = $id order by s', id)).filter(
          (p) => p.office === c.office,
        );
        // the case's transitions up to the office's as-of (all of them unless as_of is given), in
        // the engine's order (queries/sla_transitions.sql): at one instant a cancellation last,
        // then the SOP order of the step (unknown steps last), then the kind
        const until = as_of ? (await s.one<{ t: Date }>('select as_of as t from office_as_of() where office = $office', { office: c.office }))?.t.getTime() : undefined;
        const events = (
          await s.all<{ office: string; at: Date; step: string; event: string; officer: string | null; note: string | null; kind: number }>(
            'select office, "at", step, event, officer, note, event_kind_rank(event) as kind from events where case_id = $id',
            id,
          )
        ).filter((e) => e.office === c.office && (until === undefined || e.at.getTime() <= until));
        const seq = (step: string) => names.steps.get(stepKey(c.office, c.service, String(effective_from), step))?.seq ?? Number.POSITIVE_INFINITY;
        const transitions = events
          .map((e) => ({ ...e, t: e.at.getTime(), seq: seq(e.step) }))
          .sort((a, b) => a.t - b.t || Number(a.kind === 7) - Number(b.kind === 7) || a.seq - b.seq || (a.step < b.step ? -1 : a.step > b.step ? 1 : 0) || a.kind - b.kind);
        return {
          case: c,
          complaints: names.complaints.get(`${c.office}\u0000${c.case_id}`) ?? [],
          visits: visits.map(({ office: o, service, effective_from: eff, ...v }) => {
            const st = names.steps.get(stepKey(o, service, eff, v.step));
            return {
              ...(v as unknown as Omit<z.infer<typeof visitRow>, 'step_name' | 'actor' | 'officer_name'>),
              step_name: st?.name ?? null,
              actor: st?.actor ?? null,
              officer_name: v.officer == null ? null : (names.officers.get(`${o}\u0000${v.officer}`) ?? null),
              arrived_at: isoOrNull(v.arrived_at),
              started_at: isoOrNull(v.started_at),
              completed_at: isoOrNull(v.completed_at),
            };
          }),
          pauses: pauses.map((p) => ({ from: p.s.toISOString(), to: p.e.toISOString(), paused_min: p.paused_min })),
          transitions: transitions.map((t) => ({ at: t.at.toISOString(), step: t.step, event: t.event, officer: t.officer, note: t.note })),
        };
      });
    }),
  );

  app.get(
    '/api/uncollected',
    {
      schema: {
        summary: 'Products ready for more than a month and not collected: a letter is due (Jaminan Pelayanan)',
        querystring: z.object({ office: z.string().optional(), service: z.string().optional(), as_of: z.string().optional() }),
        response: {
          200: z.object({
            rows: z.array(z.object({ case_id: z.string(), office: z.string(), service: z.string(), ready_at: z.string(), days_waiting: z.number(), letter_due: z.string() })),
          }),
        },
      },
    },
    async (req) => app.cachedAnswer(req, async () => {
      const { office, service, as_of } = req.query;
      const params: Record<string, string> = {};
      const conds = ['true'];
      if (office) {
        conds.push('office = $office');
        params.office = office;
      }
      if (service) {
        conds.push('service = $service');
        params.service = service;
      }
      const rows = await withSla(app.db, as_of, office, (s) =>
        s.all<{ case_id: string; office: string; service: string; ready_at: Date; days_waiting: number; letter_due: Date }>(
          `select case_id, office, service, ready_at, days_waiting, letter_due from uncollected_products where ${conds.join(' and ')} order by days_waiting desc, case_id`,
          params,
        ),
      );
      return { rows: rows.map((r) => ({ ...r, ready_at: r.ready_at.toISOString(), letter_due: dateOnly(r.letter_due) })) };
    }),
  );
};
