import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

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
type Filters = z.infer<typeof ikmFilters>;

function where(f: Filters, t = 't'): { sql: string; params: Record<string, string> } {
  const conds = [`${t}.period_type = $period_type`];
  const params: Record<string, string> = { period_type: f.period_type };
  if (f.office) {
    conds.push(`${t}.office = $office`);
    params.office = f.office;
  }
  if (f.service === 'each') conds.push(`${t}.service is not null`);
  else if (f.service) {
    conds.push(`${t}.service = $service`);
    params.service = f.service;
  } else conds.push(`${t}.service is null`);
  if (f.period) {
    conds.push(`${t}.period = $period`);
    params.period = f.period;
  }
  return { sql: conds.join(' and '), params };
}

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

/** Group of a response for the breakdowns published SKM reports show. */
const GROUPS = {
  gender: "coalesce(r.gender, '—')",
  age: `case when r.age is null then '—' when r.age < 25 then '≤ 24' when r.age < 35 then '25–34'
        when r.age < 45 then '35–44' when r.age < 55 then '45–54' else '≥ 55' end`,
  education: "coalesce(r.education, '—')",
  occupation: "coalesce(r.occupation, '—')",
  // satisfaction against service time: responses linked to a case within or over its quota
  service_time: `case when c.within_quota then 'dalam_baku_mutu' when c.within_quota = false then 'melebihi_baku_mutu' else 'tanpa_berkas' end`,
} as const;

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
    async (req) => {
      const w = where(req.query);
      const rows = await app.db.all<z.infer<typeof summaryRow>>(
        `select * exclude (any_element_follow_up, elements) from ikm_summary t where ${w.sql} order by office, service, period`,
        w.params,
      );
      return { rows };
    },
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
    async (req) => {
      const w = where(req.query);
      const rows = await app.db.all<z.infer<typeof unsurRow>>(
        `select * from ikm_by_unsur t where ${w.sql} order by office, service, period, unsur`,
        w.params,
      );
      return { rows };
    },
  );

  app.get(
    '/api/ikm/groups',
    {
      schema: {
        summary:
          'IKM by respondent group (gender, age band, education, occupation) or by service time (within or over quota); groups under 5 respondents hidden',
        querystring: ikmFilters.extend({
          by: z.enum(['gender', 'age', 'education', 'occupation', 'service_time']).default('gender'),
        }),
        response: { 200: z.object({ rows: z.array(groupRow) }) },
      },
    },
    async (req) => {
      const w = where(req.query, 'r');
      const rows = await app.db.all<z.infer<typeof groupRow>>(
        `with responses as (
           select r.*, ${GROUPS[req.query.by]} as grp
           from ikm_responses() r
           left join case_sla c on c.office = r.office and c.case_id = r.case_id
           where ${w.sql}
         ),
         scores as (unpivot responses on u1, u2, u3, u4, u5, u6, u7, u8, u9 into name unsur value score),
         nrr as (select grp, unsur, sum(score) / count(*) as nrr from scores group by grp, unsur),
         idx as (select grp, sum(nrr) / count(*) * 25 as ikm_converted from nrr group by grp),
         n as (select grp, count(*) as respondents from responses group by grp)
         select n.grp as "group", n.respondents,
           case when n.respondents >= 5 then idx.ikm_converted end as ikm_converted,
           case when n.respondents >= 5 then ikm_grade(idx.ikm_converted) end as grade
         from n left join idx using (grp) order by n.grp`,
        w.params,
      );
      return { rows };
    },
  );
};
