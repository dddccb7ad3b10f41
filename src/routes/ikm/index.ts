import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IKM_GROUPS, ikmGroups, ikmSummaries, ikmUnsur } from '../../read/index.js';

/** Filters of the IKM routes: office, service ('all' or absent = office-wide rows), period. */
const ikmFilters = z.object({
  office: z.string().min(1).optional(),
  service: z
    .string()
    .min(1)
    .optional()
    .describe("a service code; absent: the office-wide figures (all services pooled); 'each': one row per service"),
  period_type: z.enum(['month', 'quarter', 'semester', 'year']).default('year'),
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-S[12])?$/, 'YYYY, YYYY-MM, YYYY-Qn or YYYY-Sn')
    .optional(),
});
const num = z.number().nullable();
const summaryRow = z.object({
  office: z.string(),
  service: z.string().nullable(),
  period_type: z.string(),
  period: z.string(),
  respondents: z.number(),
  ikm: z.number(),
  ikm_converted: z.number(),
  ikm_converted_rounded: z.number(),
  grade: z.string(),
  label: z.string(),
  population: z.number(),
  required_sample: z.number(),
  sample_adequate: z.boolean(),
  ci_low: num,
  ci_high: num,
  ikm_converted_w0111: z.number(),
  follow_up: z.boolean(),
  weakest_unsur: z.array(z.number()),
});
const unsurRow = z.object({
  office: z.string(),
  service: z.string().nullable(),
  period_type: z.string(),
  period: z.string(),
  unsur: z.number(),
  unsur_name: z.string(),
  respondents: z.number(),
  score_sum: z.number(),
  nrr: z.number(),
  nrr_weighted: z.number(),
  grade: z.string(),
  follow_up: z.boolean(),
});
const groupRow = z.object({
  group: z.string(),
  respondents: z.number(),
  ikm_converted: num.describe('null when fewer than 5 respondents (hidden)'),
  grade: z.string().nullable(),
});

/** SKM/IKM per PermenPANRB 14/2017: index, elements, breakdowns. */
export const ikmRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/ikm',
    {
      schema: {
        summary: 'IKM per office (service absent) or service and period, with grade, sample adequacy and interval',
        querystring: ikmFilters,
        response: { 200: z.object({ rows: z.array(summaryRow) }) },
      },
    },
    async (req) => ({ rows: await ikmSummaries(app.db, req.query) }),
  );

  app.get(
    '/api/ikm/unsur',
    {
      schema: {
        summary: 'The nine elements (NRR, weighted NRR, grade, follow-up) per office or service and period',
        querystring: ikmFilters,
        response: { 200: z.object({ rows: z.array(unsurRow) }) },
      },
    },
    async (req) => ({ rows: await ikmUnsur(app.db, req.query) }),
  );

  app.get(
    '/api/ikm/groups',
    {
      schema: {
        summary:
          'IKM by respondent group (gender, age band, education, occupation) or by service time (within or over quota); groups under 5 respondents hidden',
        querystring: ikmFilters.extend({
          by: z.enum(IKM_GROUPS).default('gender'),
        }),
        response: { 200: z.object({ rows: z.array(groupRow) }) },
      },
    },
    async (req) => ({ rows: await ikmGroups(app.db, req.query, req.query.by) }),
  );
};
