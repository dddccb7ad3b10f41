import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayReadIdentity } from '../../auth/index.js';
import { isoOrNull as iso } from '../../db/index.js';
import {
  complaintMonthly,
  escalationLabel,
  latestAsOf,
  openComplaints,
  resolutionRows,
} from '../../complaints/index.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { CATEGORIES, CHANNELS, STAGES } from '../../ingest/index.js';
import { monthText } from '../dates.js';
import { inBoth } from '../../i18n/index.js';
import { complainant, complaintRecord, complaintRegister, complaintStages } from '../../read/index.js';

const lang = z.enum(['id', 'en']).default('id');
const month = monthText;

/** Fields every view of a complaint shows. */
const complaintFields = {
  complaint_id: z.string(),
  received_at: z.string(),
  channel: z.string(),
  category: z.string(),
  subject: z.string().nullable(),
  service: z.string().nullable(),
  case_id: z.string().nullable(),
  complainant: z.string().nullable(),
  stage: z.string(),
  handled_by: z.string().nullable(),
  respond_due_at: z.string().nullable(),
  resolve_due_at: z.string().nullable(),
  escalation_owner: z.string(),
  escalation_label: z.string(),
};

const openRow = z.object({
  ...complaintFields,
  age_working_days: z.number(),
  legal_due_at: z.string().nullable(),
  responded: z.boolean(),
  deadline_status: z.enum(['on_time', 'due_soon', 'overdue']),
});

const rate = z.number().nullable();
const resolutionRow = z.object({
  office: z.string(),
  year: z.number(),
  month: z.string(),
  channel: z.string().nullable(),
  category: z.string().nullable(),
  received: z.number(),
  resolved: z.number(),
  rate,
  ytd_received: z.number(),
  ytd_resolved: z.number(),
  ytd_rate: rate,
  target: z.number(),
  meets_target: z.boolean().nullable(),
});

const registerRow = z.object({
  office: z.string(),
  ...complaintFields,
  stage_at: z.string(),
  responded_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  resolution: z.string().nullable(),
  reopened_count: z.number(),
  legal_respond_due_at: z.string().nullable(),
  legal_resolve_due_at: z.string().nullable(),
  responded_within_target: z.boolean().nullable(),
  responded_within_legal: z.boolean().nullable(),
  resolved_within_target: z.boolean().nullable(),
  resolved_within_legal: z.boolean().nullable(),
});
type RegisterRow = z.infer<typeof registerRow>;

const REGISTER_COLUMNS = Object.keys(registerRow.shape).filter((c) => c !== 'escalation_label');

function toRegister(r: Record<string, unknown>, l: 'id' | 'en'): RegisterRow {
  const out: Record<string, unknown> = {};
  for (const c of REGISTER_COLUMNS) {
    const v = r[c];
    out[c] = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : (v ?? null);
  }
  out.escalation_label = escalationLabel(String(r.escalation_owner), l);
  return out as RegisterRow;
}

/** The complaint register, the 75% resolution target and the monthly Laporan Pengaduan (SPEC §2.4). */
export const complaintRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/complaints',
    {
      schema: {
        summary: 'The complaint register: one row per complaint with its latest stage, deadlines and escalation owner',
        querystring: z.object({
          office: z.string().optional(),
          status: z.enum(['open', 'resolved']).optional(),
          channel: z.enum(CHANNELS).optional(),
          category: z.enum(CATEGORIES).optional(),
          stage: z.enum(STAGES).optional(),
          service: z.string().optional(),
          case_id: z.string().optional(),
          month: month.optional().describe('month of receipt, YYYY-MM, office time'),
          page: z.coerce.number().int().min(1).default(1),
          page_size: z.coerce.number().int().min(1).max(500).default(50),
          lang,
        }),
        response: {
          200: z.object({ total: z.number(), page: z.number(), page_size: z.number(), rows: z.array(registerRow) }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const { total, rows } = await complaintRegister(app.db, q, q);
      return {
        total,
        page: q.page,
        page_size: q.page_size,
        rows: rows.map((r) => toRegister(r, q.lang)),
      };
    },
  );

  app.get(
    '/api/complaints/open',
    {
      schema: {
        summary: 'Complaints not resolved at an instant, with their age in hari kerja and deadline status',
        querystring: z.object({
          office: z.string(),
          as_of: z
            .string()
            .optional()
            .describe("ISO 8601 instant with offset (default: the office's latest complaint change or transition)"),
          lang,
        }),
        response: { 200: z.object({ office: z.string(), as_of: z.string(), rows: z.array(openRow) }) },
      },
    },
    async (req) => {
      const { office, lang: l } = req.query;
      let asOf = req.query.as_of;
      if (asOf) {
        const t = new Date(asOf);
        if (Number.isNaN(t.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(asOf))
          throw new BadRequestError(inBoth('as_of_instant', { text: asOf }));
        asOf = t.toISOString();
      } else asOf = await latestAsOf(app.db, office);
      return { office, as_of: asOf, rows: await openComplaints(app.db, office, asOf, l) };
    },
  );

  app.get(
    '/api/complaints/resolution',
    {
      schema: {
        summary:
          'complaint_resolution: monthly and year-to-date resolution against the target (overall rows by default)',
        querystring: z.object({
          office: z.string().optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          channel: z.enum(CHANNELS).optional(),
          category: z.enum(CATEGORIES).optional(),
          by: z
            .enum(['overall', 'channel', 'category'])
            .default('overall')
            .describe('without channel/category: which rows'),
        }),
        response: { 200: z.object({ rows: z.array(resolutionRow) }) },
      },
    },
    async (req) => ({ rows: await resolutionRows(app.db, req.query) }),
  );

  app.get(
    '/api/complaints/monthly',
    {
      schema: {
        summary:
          'The monthly Laporan Pengaduan: received, resolved, in process, overdue, by channel and category, open complaints',
        querystring: z.object({ office: z.string(), month, lang }),
        response: {
          200: z.object({
            office: z.string(),
            month: z.string(),
            as_of: z.string(),
            received: z.number(),
            resolved: z.number(),
            in_process: z.number(),
            overdue: z.number(),
            rate,
            ytd: z.object({
              received: z.number(),
              resolved: z.number(),
              rate,
              target: z.number(),
              meets_target: z.boolean().nullable(),
            }),
            by_channel: z.array(z.object({ channel: z.string(), received: z.number(), resolved: z.number(), rate })),
            by_category: z.array(z.object({ category: z.string(), received: z.number(), resolved: z.number(), rate })),
            open: z.array(openRow),
          }),
        },
      },
    },
    async (req) => complaintMonthly(app.db, req.query.office, req.query.month, req.query.lang),
  );

  app.get(
    '/api/complaints/:office/:complaint_id',
    {
      schema: {
        summary:
          "One complaint: register row and stage history; the complainant's identity only for the sekretaris and operator roles",
        params: z.object({ office: z.string(), complaint_id: z.string() }),
        querystring: z.object({ lang }),
        response: {
          200: z.object({
            complaint: registerRow,
            history: z.array(
              z.object({
                stage: z.string(),
                stage_at: z.string(),
                responded_at: z.string().nullable(),
                resolved_at: z.string().nullable(),
                resolution: z.string().nullable(),
                handled_by: z.string().nullable(),
              }),
            ),
            identity: z
              .object({ name: z.string().nullable(), contact: z.string().nullable(), purged_at: z.string().nullable() })
              .nullable()
              .describe('null unless the caller may read personal data'),
          }),
        },
      },
    },
    async (req) => {
      const { office, complaint_id } = req.params;
      const row = await complaintRecord(app.db, office, complaint_id);
      if (!row) throw new NotFoundError(inBoth('complaint_not_found', { office, id: complaint_id }));
      const history = await complaintStages(app.db, office, complaint_id);
      let identity = null;
      if (mayReadIdentity(req.principal)) {
        const p = await complainant(app.db, office, complaint_id);
        identity = { name: p?.name ?? null, contact: p?.contact ?? null, purged_at: iso(p?.purged_at) };
      }
      return {
        complaint: toRegister(row, req.query.lang),
        history: history.map((h) => ({
          stage: String(h.stage),
          stage_at: iso(h.stage_at)!,
          responded_at: iso(h.responded_at),
          resolved_at: iso(h.resolved_at),
          resolution: h.resolution ?? null,
          handled_by: h.handled_by ?? null,
        })),
        identity,
      };
    },
  );
};
