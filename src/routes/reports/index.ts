import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BadRequestError } from '../../errors.js';
import {
  approveReport,
  checkReport,
  listReports,
  reportStates,
  servedReport,
  verifyCopy,
  type ReportRecord,
} from '../../report/index.js';
import { DEFAULT_CSP } from '../../auth/index.js';
import { renderReportsPage, renderVerifyPage, type ReportPageOffice, whoOf } from '../../dashboards/index.js';
import { CSP } from '../csp.js';
import { monthFile, monthText } from '../dates.js';
import { inBoth } from '../../i18n/index.js';

/**
 * The monthly report (issue #9): the PDF of an office-month, its sign-off (the Sekretaris checks
 * or sends back, the Kepala Dinas approves) and the archive of every generated copy with its
 * sha256; the months of an office with each report's state (the page Laporan), and the check of
 * a PDF file against the archive (the page /verifikasi).
 */
const month = monthText;
const lang = z.enum(['id', 'en']).default('id');
const key = z.object({ office: z.string().min(1), month });

const record = z.object({
  report_id: z.number(),
  office: z.string(),
  month: z.string(),
  lang: z.string(),
  as_of: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  pages: z.number(),
  generated_at: z.string(),
  status: z.enum(['draft', 'checked', 'returned', 'approved', 'superseded']),
  checked_by: z.string().nullable(),
  checked_at: z.string().nullable(),
  note: z.string().nullable(),
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
  checked_sha256: z.string().nullable().describe('approved: the sha256 of the copy the Sekretaris checked'),
  report_no: z.string().nullable().describe('approved: the report number printed on the copy'),
});

/** The pages' policy: the dashboards' one, and frames of this origin (the PDF shown on the Laporan page). */
export const REPORT_PAGE_CSP = CSP.replace("frame-ancestors 'none'", "frame-src 'self'; frame-ancestors 'none'");
/** The PDF's: may be framed by a page of this origin only (X-Frame-Options says the same to older browsers). */
export const REPORT_PDF_CSP = DEFAULT_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'");

/** Largest PDF accepted for verification. */
export const VERIFY_LIMIT = 50 * 1024 * 1024;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const json = (r: ReportRecord): z.infer<typeof record> => ({
  ...r,
  as_of: r.as_of.toISOString(),
  generated_at: r.generated_at.toISOString(),
  checked_at: iso(r.checked_at),
  approved_at: iso(r.approved_at),
});

/**
 * Who signs: the signed-in user when access control is on (the route's access rule in
 * src/auth/access.ts already requires the sekretaris role to check and kepala_dinas to approve);
 * in local mode (no users configured, loopback only) the name given as `by`.
 */
function signer(req: FastifyRequest, by: string | undefined): string {
  if (req.server.auth.enforced()) return req.principal!.id;
  if (!by) throw new BadRequestError(inBoth('report_by_required'));
  return by;
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  // the file to verify arrives as its bytes (POST /api/reports/verify)
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: VERIFY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  // the pages (src/dashboards/reports.ts): the offices of the caller's scope
  const scopeOffices = async (req: FastifyRequest): Promise<ReportPageOffice[]> => {
    const all = await app.db.all<ReportPageOffice>('select office, name, timezone from offices order by name, office');
    const allowed = req.principal?.offices;
    return allowed ? all.filter((o) => allowed.includes(o.office)) : all;
  };
  const pageQuery = z.object({ lang, office: z.string().min(1).optional(), month: month.optional() });

  app.get('/laporan', { schema: { hide: true, querystring: pageQuery } }, async (req, reply) => {
    reply.header('content-security-policy', REPORT_PAGE_CSP).type('text/html; charset=utf-8');
    return renderReportsPage(
      req.query.lang,
      whoOf(req.principal, app.auth.enforced(), req.csrfToken),
      await scopeOffices(req),
      req.query,
    );
  });

  app.get('/verifikasi', { schema: { hide: true, querystring: z.object({ lang }) } }, async (req, reply) => {
    reply.header('content-security-policy', CSP).type('text/html; charset=utf-8');
    return renderVerifyPage(
      req.query.lang,
      whoOf(req.principal, app.auth.enforced(), req.csrfToken),
      await scopeOffices(req),
    );
  });

  app.get(
    '/api/reports',
    {
      schema: {
        summary:
          'Generated monthly reports and their sign-off, newest first (status=approved: the archive; sha256=…: verify a copy)',
        querystring: z.object({
          office: z.string().optional(),
          month: month.optional(),
          status: z.enum(['draft', 'checked', 'returned', 'approved', 'superseded']).optional(),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/, 'sha256 in lowercase hex')
            .optional(),
        }),
        response: { 200: z.object({ rows: z.array(record) }) },
      },
    },
    async (req) => ({ rows: (await listReports(app.db, req.query)).map(json) }),
  );

  app.get(
    '/api/reports/states',
    {
      schema: {
        summary:
          "The report of every month of an office's data up to the current month, newest first: its state (none, draft, checked, returned, approved) with the record saying who and when, and its history",
        querystring: z.object({ office: z.string().min(1), lang }),
        response: {
          200: z.object({
            office: z.string(),
            months: z.array(
              z.object({
                month: z.string(),
                state: z.enum(['none', 'draft', 'checked', 'returned', 'approved']),
                record: record.nullable(),
                history: z.array(record),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const months = await reportStates(app.db, req.query.office, req.query.lang);
      return {
        office: req.query.office,
        months: months.map((m) => ({ ...m, record: m.record && json(m.record), history: m.history.map(json) })),
      };
    },
  );

  app.post(
    '/api/reports/verify',
    {
      bodyLimit: VERIFY_LIMIT,
      schema: {
        summary:
          'Is this PDF an approved copy? The file bytes as the body (Content-Type application/pdf, at most 50 MB), compared by sha256 with the archive',
        consumes: ['application/pdf'],
        response: {
          200: z.object({
            sha256: z.string(),
            verdict: z
              .enum(['approved', 'not_approved', 'unknown'])
              .describe(
                'approved: the approved copy of a record; not_approved: a recorded draft, checked or returned copy; unknown: not a copy recorded here',
              ),
            record: record.nullable(),
          }),
        },
      },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new BadRequestError(inBoth('report_pdf_body'));
      const v = await verifyCopy(app.db, req.body);
      // a caller limited to some offices learns nothing of another office's record
      const allowed = req.principal?.offices;
      if (v.record && allowed && !allowed.includes(v.record.office))
        return { sha256: v.sha256, verdict: 'unknown' as const, record: null };
      return { ...v, record: v.record && json(v.record) };
    },
  );

  app.get(
    '/api/reports/:office/:file',
    {
      schema: {
        summary:
          "The monthly report of an office as PDF: the approved copy if any, else the checked one, else the draft generated now (not recorded: a read never writes; x-report-id only for a recorded copy). A month before the office's data or after them is 404",
        params: z.object({ office: z.string().min(1), file: monthFile }),
        querystring: z.object({ lang }),
        response: { 200: z.any().describe('application/pdf; headers x-report-id, x-report-sha256, x-report-status') },
      },
    },
    async (req, reply) => {
      const { office } = req.params;
      const m = req.params.file.slice(0, 7);
      const r = await servedReport(app.db, { office, month: m, lang: req.query.lang });
      if (r.record) reply.header('x-report-id', String(r.record.report_id));
      return (
        reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="laporan-${office}-${m}.pdf"`)
          .header('x-report-sha256', r.sha256)
          .header('x-report-status', r.status)
          // shown in a frame of the Laporan page, never in another site's
          .header('content-security-policy', REPORT_PDF_CSP)
          .header('x-frame-options', 'SAMEORIGIN')
          .send(r.pdf)
      );
    },
  );

  app.post(
    '/api/reports/:office/:month/check',
    {
      schema: {
        summary:
          "The Sekretaris's decision on the current draft (the one GET serves now, recorded with the decision): checked, or returned with a note (the next request renders it again)",
        params: key,
        body: z.object({
          by: z.string().min(1).optional().describe('who checks, in local mode (with users: the signed-in sekretaris)'),
          decision: z.enum(['checked', 'returned']),
          note: z.string().min(1).optional(),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional()
            .describe('the copy that was read; refused if the draft has changed since'),
          lang,
        }),
        response: { 200: z.object({ report: record }) },
      },
    },
    async (req) => {
      const b = req.body;
      const r = await checkReport(
        app.db,
        { ...req.params, lang: b.lang },
        { by: signer(req, b.by), decision: b.decision, note: b.note, sha256: b.sha256 },
      );
      return { report: json(r) };
    },
  );

  app.post(
    '/api/reports/:office/:month/approve',
    {
      schema: {
        summary:
          'The Kepala Dinas approves the checked report: archived, and served from then on even if the data change',
        params: key,
        body: z.object({
          by: z
            .string()
            .min(1)
            .optional()
            .describe('who approves, in local mode (with users: the signed-in kepala_dinas)'),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional()
            .describe('the checked copy that was read; refused if it is not the one awaiting approval'),
          lang,
        }),
        response: { 200: z.object({ report: record }) },
      },
    },
    async (req) => {
      const r = await approveReport(
        app.db,
        { ...req.params, lang: req.body.lang },
        { by: signer(req, req.body.by), sha256: req.body.sha256 },
      );
      return { report: json(r) };
    },
  );
};
