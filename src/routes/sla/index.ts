import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handedOnByOfficer } from '../../sla/officers.js';
import { servicePeriod } from '../../read/index.js';
import { period, withSla } from '../../sla/read.js';
import { dateText, monthText } from '../dates.js';

/** Filters shared by the SLA routes (SPEC §4): office, service, month or from/to, as_of. */
export const slaFilters = z.object({
  office: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  month: monthText.optional(),
  from: dateText.optional(),
  to: dateText.optional(),
  as_of: z
    .string()
    .optional()
    .describe('ISO 8601 instant; later events are ignored (default: latest transition per office)'),
});
type Filters = z.infer<typeof slaFilters>;

const num = z.number().nullable();

/** SQL conditions and parameters for office/service and a period on a local-date column. */
function where(f: Filters, dateCol: string | null, alias = 't'): { sql: string; params: Record<string, string> } {
  const conds: string[] = ['true'];
  const params: Record<string, string> = {};
  if (f.office) {
    conds.push(`${alias}.office = $office`);
    params.office = f.office;
  }
  if (f.service) {
    conds.push(`${alias}.service = $service`);
    params.service = f.service;
  }
  const p = period(f);
  if (p && dateCol) {
    conds.push(`${dateCol} >= cast($from as date) and ${dateCol} < cast($to as date)`);
    params.from = p.from;
    params.to = p.to;
  }
  return { sql: conds.join(' and '), params };
}

const summaryRow = z.object({
  office: z.string(),
  service: z.string(),
  submitted: z.number(),
  ready: z.number(),
  within_quota: z.number(),
  within_quota_pct: num,
  median_elapsed_min: num,
  p90_elapsed_min: num,
  median_elapsed_days: num,
  quota_min: num,
  in_progress: z.number(),
  overdue_now: z.number(),
  returned_cases: z.number(),
  uncollected: z.number(),
});

const stepRow = z.object({
  office: z.string(),
  service: z.string(),
  step: z.string(),
  seq: num,
  clock: z.string().nullable(),
  visits: z.number(),
  median_handling_min: num,
  p90_handling_min: num,
  median_queue_min: num,
  quota_min: num,
  within_quota_pct: num,
  excess_min_total: num,
});

const officerRow = z.object({
  office: z.string(),
  officer: z.string(),
  name: z.string().nullable(),
  role: z.string().nullable(),
  visits: z.number(),
  median_handling_min: num,
  p90_handling_min: num,
  within_quota_pct: num,
  breaches: z.number(),
  open_visits: z.number(),
});

/** Service time against the SOP quotas: per service, per step, per officer. */
export const slaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/sla/summary',
    {
      schema: {
        summary: 'Cases within the service quota, per office and service',
        querystring: slaFilters,
        response: { 200: z.object({ rows: z.array(summaryRow) }) },
      },
    },
    async (req, reply) =>
      app.cachedAnswer(req, reply, async () => {
        const f = req.query;
        // the services that have cases (those of the catalogue without any are the report's concern)
        const read = await withSla(app.db, f.as_of, f.office, (s) =>
          servicePeriod(s, { office: f.office, service: f.service }, period(f)),
        );
        const rows = read.services
          .filter((r) => r.cases > 0)
          .map(({ name: _name, cases: _cases, ...r }) => ({ ...r, service: r.service! }));
        return { rows };
      }),
  );

  app.get(
    '/api/sla/steps',
    {
      schema: {
        summary: 'Handling time per SOP step against its quota',
        querystring: slaFilters,
        response: { 200: z.object({ rows: z.array(stepRow) }) },
      },
    },
    async (req, reply) =>
      app.cachedAnswer(req, reply, async () => {
        const w = where(req.query, 'v.month', 'v');
        const rows = await withSla(app.db, req.query.as_of, req.query.office, (s) =>
          s.all<z.infer<typeof stepRow>>(
            // pooled over the months of the period: medians of the visits themselves
            `select v.office, v.service, v.step, min(v.seq) as seq, any_value(v.clock) as clock, count(*) as visits,
             quantile_cont(v.handling_min, 0.5) as median_handling_min,
             quantile_cont(v.handling_min, 0.9) as p90_handling_min,
             quantile_cont(v.queue_min, 0.5) as median_queue_min,
             any_value(v.quota_min) as quota_min,
             share_within(v.within_quota) as within_quota_pct,
             sum(v.excess_min) as excess_min_total
           from (select v.*, v.completed_month as month from step_visits v where v.completed_at is not null) v
           where ${w.sql}
           group by v.office, v.service, v.step order by v.office, v.service, seq`,
            w.params,
          ),
        );
        return { rows };
      }),
  );

  app.get(
    '/api/sla/officers',
    {
      schema: {
        summary:
          'Work per officer: visits handed on in the period, handling time, share within quota, work open at its end',
        querystring: slaFilters,
        response: { 200: z.object({ rows: z.array(officerRow) }) },
      },
    },
    async (req, reply) =>
      app.cachedAnswer(req, reply, async () => {
        const f = req.query;
        const p = period(f);
        const params: Record<string, string> = {};
        const office = f.office ? 'and v.office = $office' : '';
        if (f.office) params.office = f.office;
        if (p) Object.assign(params, { pfrom: p.from, pto: p.to });
        const inPeriod = p
          ? 'and v.completed_month >= cast($pfrom as date) and v.completed_month < cast($pto as date)'
          : '';
        // open work at the end of the period (its last month, or the as-of month if earlier), or now
        const open = p
          ? `select office, officer, open_visits from officer_performance v
           where v.month < cast($pto as date) ${office}
           qualify row_number() over (partition by office, officer order by month desc) = 1`
          : `select office, officer, count(*) as open_visits from step_visits v
           where v.outcome = 'open' and v.officer is not null and v.clock <> 'applicant' ${office} group by office, officer`;
        const rows = await withSla(app.db, f.as_of, f.office, (s) =>
          s.all<z.infer<typeof officerRow>>(
            `with done as (${handedOnByOfficer(`true ${office} ${inPeriod}`)}),
           open as (${open})
           select coalesce(d.office, o.office) as office, coalesce(d.officer, o.officer) as officer, f.name, f.role,
             coalesce(d.visits, 0) as visits, d.median_handling_min, d.p90_handling_min, d.within_quota_pct,
             coalesce(d.breaches, 0) as breaches, coalesce(o.open_visits, 0) as open_visits
           from done d
           full join open o on o.office = d.office and o.officer = d.officer
           left join officers f on f.office = coalesce(d.office, o.office) and f.officer = coalesce(d.officer, o.officer)
           where coalesce(d.visits, 0) > 0 or coalesce(o.open_visits, 0) > 0
           order by 1, 2`,
            params,
          ),
        );
        return { rows };
      }),
  );
};
