import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { officerPeriod, servicePeriod, stepPeriod } from '../../read/index.js';
import { period, withSla } from '../../sla/index.js';
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

const num = z.number().nullable();

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
        const f = req.query;
        const rows = await withSla(app.db, f.as_of, f.office, (s) => stepPeriod(s, f, period(f)));
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
        const rows = await withSla(app.db, f.as_of, f.office, (s) => officerPeriod(s, f, period(f)));
        return { rows };
      }),
  );
};
