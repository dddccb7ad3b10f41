import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { withSla, readCard, toCardCase } from '../../sla/index.js';
import { caseList, uncollectedList } from '../../read/index.js';
import { dateOnly, monthText } from '../dates.js';
import { inBoth } from '../../i18n/index.js';

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
const transitionRow = z.object({
  at: z.string(),
  step: z.string(),
  event: z.string(),
  officer: z.string().nullable(),
  note: z.string().nullable(),
});

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
          overdue: z
            .enum(['true', 'false'])
            .optional()
            .describe('true: cases over their quota (late, or open and already past it)'),
          month: monthText.optional().describe('month of submission, YYYY-MM, office time'),
          sort: z.enum(['excess', 'submitted', 'elapsed']).default('excess'),
          page: z.coerce.number().int().min(1).default(1),
          page_size: z.coerce.number().int().min(1).max(500).default(50),
          as_of: z.string().optional(),
        }),
        response: {
          200: z.object({ total: z.number(), page: z.number(), page_size: z.number(), rows: z.array(caseRow) }),
        },
      },
    },
    async (req, reply) =>
      app.cachedAnswer(req, reply, async () => {
        const q = req.query;
        return withSla(app.db, q.as_of, q.office, async (s) => {
          const { total, rows } = await caseList(s, q);
          return { total, page: q.page, page_size: q.page_size, rows: rows.map(toCardCase) };
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
              .array(
                z.object({
                  complaint_id: z.string(),
                  received_at: z.string(),
                  category: z.string(),
                  stage: z.string(),
                  resolved_at: z.string().nullable(),
                }),
              )
              .describe('complaints whose register names this case'),
          }),
        },
      },
    },
    async (req, reply) =>
      app.cachedAnswer(req, reply, async () => {
        const { case_id } = req.params;
        const { office, as_of } = req.query;
        return withSla(app.db, as_of, office, async (s) => {
          const found = await readCard(s, app.db, case_id, office, { transitions: true, asOf: as_of !== undefined });
          if ('missing' in found) {
            throw new NotFoundError(
              found.missing === 'none'
                ? inBoth('case_not_found', { id: case_id })
                : inBoth('case_several_offices', { id: case_id }),
            );
          }
          return found.card;
        });
      }),
  );

  app.get(
    '/api/uncollected',
    {
      schema: {
        summary: 'Products ready for more than a month and not collected: a letter is due (Jaminan Pelayanan)',
        querystring: z.object({
          office: z.string().optional(),
          service: z.string().optional(),
          as_of: z.string().optional(),
        }),
        response: {
          200: z.object({
            rows: z.array(
              z.object({
                case_id: z.string(),
                office: z.string(),
                service: z.string(),
                ready_at: z.string(),
                days_waiting: z.number(),
                letter_due: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req, reply) =>
      app.cachedAnswer(req, reply, async () => {
        const { office, service, as_of } = req.query;
        const rows = await withSla(app.db, as_of, office, (s) => uncollectedList(s, { office, service }));
        return {
          rows: rows.map((r) => ({ ...r, ready_at: r.ready_at.toISOString(), letter_due: dateOnly(r.letter_due) })),
        };
      }),
  );
};
