import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSP } from '../csp.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors.js';
import { cachedMeta, latestMonth, resolveScope } from '../../read/index.js';
import {
  buildPage,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  dashFilters,
  resolvePeriod,
  renderShell,
  whoOf,
  sectionWorkbook,
  pageIds,
  pagePath,
} from '../../dashboards/index.js';
import { CATEGORIES, CHANNELS } from '../../ingest/index.js';
import { csvField } from '../../csv.js';
import { dateText, monthText } from '../dates.js';
import { inBoth, scriptTexts } from '../../i18n/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const mod = (p: string) => `${root}node_modules/${p}`;
const pub = (p: string) => fileURLToPath(new URL(`../../dashboards/public/${p}`, import.meta.url));

/**
 * The browser bundle, from node_modules (no CDN: offices often run on closed networks).
 * vega-interpreter is an ES module importing three helpers of vega-util; they are taken from
 * the `vega` global of vega.min.js through a small generated module.
 */
function assets(): Map<string, { body: Buffer | string; type: string }> {
  const js = 'text/javascript; charset=utf-8';
  const interp = readFileSync(mod('vega-interpreter/build/vega-interpreter.js'), 'utf8');
  const imported = /^import \{([^}]*)\} from 'vega-util';$/m.exec(interp);
  if (!imported) throw new Error('vega-interpreter: unexpected build (no vega-util import line)');
  const names = imported[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const shim = `const v = globalThis.vega;\n${names.map((n) => `export const ${n} = v.${n};`).join('\n')}\n`;
  return new Map([
    ['vendor/vega.min.js', { body: readFileSync(mod('vega/build/vega.min.js')), type: js }],
    ['vendor/vega-lite.min.js', { body: readFileSync(mod('vega-lite/build/vega-lite.min.js')), type: js }],
    ['vendor/vega-embed.min.js', { body: readFileSync(mod('vega-embed/build/vega-embed.min.js')), type: js }],
    [
      'vendor/vega-interpreter.js',
      {
        body: interp
          .replace(imported[0], `import {${imported[1]}} from './vega-util-shim.js';`)
          .replace(/\/\/# sourceMappingURL=.*$/m, ''),
        type: js,
      },
    ],
    ['vendor/vega-util-shim.js', { body: shim, type: js }],
    ['dash/main.js', { body: readFileSync(pub('main.js')), type: js }],
    ['dash/csv.js', { body: readFileSync(pub('csv.js')), type: js }],
    // the page scripts' words and the one fill function, from the dashboards catalogue (src/i18n/):
    // the browser shows no words of its own
    ['dash/texts.js', { body: scriptTexts(), type: js }],
    ['dash/dom.js', { body: readFileSync(pub('dom.js')), type: js }],
    ['dash/upload.js', { body: readFileSync(pub('upload.js')), type: js }],
    ['dash/reports.js', { body: readFileSync(pub('reports.js')), type: js }],
    ['dash/dash.css', { body: readFileSync(pub('dash.css')), type: 'text/css; charset=utf-8' }],
  ]);
}

const column = z.object({
  field: z.string(),
  label: z.string(),
  format: z.string(),
  link: z.string().optional().describe('the row field holding the URL the cell links to'),
});
const pageResponse = z.object({
  page: z.enum(pageIds),
  lang: z.enum(['id', 'en']),
  timezone: z.string(),
  office: z.string().nullable(),
  service: z.string().nullable(),
  period: z.object({
    kind: z.string(),
    from: z.string(),
    to: z.string(),
    label: z.string(),
    previous_label: z.string(),
  }),
  tiles: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      value: z.number().nullable(),
      format: z.string(),
      previous: z.number().nullable(),
      better: z.enum(['up', 'down']),
      note: z.string().nullable(),
      missing: z.string().nullable(),
      verdict: z
        .object({ met: z.boolean(), text: z.string() })
        .nullable()
        .describe(
          'whether the value keeps its target (share within quota: the office setting, complaints: its target, IKM: grade B 76,61, overdue: 0), in words',
        ),
      href: z
        .string()
        .nullable()
        .optional()
        .describe('the page with the rows behind the figure, with the same filters'),
      trend: z
        .object({
          months: z.array(z.string()),
          values: z.array(z.number().nullable()),
          text: z.string(),
          spec: z.record(z.string(), z.unknown()).nullable(),
        })
        .nullable()
        .optional()
        .describe(
          "the twelve months ending with the period, each as that month's tile shows it: a sparkline (Vega-Lite) and the trend in words",
        ),
    }),
  ),
  sections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string().nullable(),
      spec: z.record(z.string(), z.unknown()).nullable().describe('Vega-Lite spec with its data inline'),
      columns: z.array(column),
      rows: z.array(z.record(z.string(), z.unknown())),
      empty: z.string().nullable(),
      notes: z.array(z.string()),
      more: z
        .object({ href: z.string(), text: z.string() })
        .nullable()
        .optional()
        .describe('a link to the whole list when the section shows its first rows'),
      pager: z
        .object({
          page: z.number(),
          pages: z.number(),
          total: z.number(),
          page_size: z.number(),
          text: z.string(),
          prev: z.string().nullable(),
          next: z.string().nullable(),
        })
        .nullable()
        .optional()
        .describe(
          'a list shown a page at a time: its page, the count of all its rows, the URLs of the pages before and after',
        ),
      csv: z
        .string()
        .nullable()
        .optional()
        .describe('the URL of the CSV of all the rows of the list (GET /api/dash/{page}/csv)'),
    }),
  ),
});

// the dates checked against the calendar (dashFilters checks their shape only: month=0000-01 became 1900)
const pageQuery = dashFilters.extend({
  month: monthText.optional(),
  from: dateText.optional(),
  to: dateText.optional(),
  case: z.string().min(1).optional().describe('Berkas page: the case whose kartu kendali to show'),
  list: z
    .enum(['overdue', 'open', 'late', 'submitted', 'received'])
    .optional()
    .describe(
      "a whole list a page at a time. Berkas: 'overdue' the cases overdue at the end of the period (the Ringkasan tile's), 'open' in progress, 'late' ready late in the period, 'submitted' submitted in the period (a Tren month); Pengaduan: 'received' the complaints received in the period (a month's bar)",
    ),
  step: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'Berkas page: the visits of this SOP step (with service=) handed on in the period over the step quota (a Tahapan bar)',
    ),
  officer: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('Berkas page: the visits this officer handed on in the period (a Petugas row)'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'Berkas page, the case search: an exact case number opens its card, else the cases whose number begins with it',
    ),
  channel: z
    .enum(CHANNELS)
    .optional()
    .describe('Pengaduan page: the complaints of this channel received in the year to date'),
  category: z
    .enum(CATEGORIES)
    .optional()
    .describe('Pengaduan page: the complaints of this category received in the year to date'),
  complaint: z.string().min(1).max(128).optional().describe("Pengaduan page: this complaint's stage history"),
  page: z.coerce.number().int().min(1).optional().describe('the page of the list asked for (1 first)'),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .describe(`rows per page of a list (default ${DEFAULT_PAGE_SIZE})`),
});

/**
 * A section as CSV (RFC 4180, CRLF): a header of the column labels, then the rows' values as
 * the browser's csv.js writes them (text neutralised against formulas by src/csv.ts).
 */
function csvOf(columns: { field: string; label: string }[], rows: Record<string, unknown>[]): string {
  const value = (v: unknown) => (v == null ? '' : typeof v === 'string' ? csvField(v, true) : csvField(String(v)));
  return [
    columns.map((c) => csvField(c.label, true)).join(','),
    ...rows.map((r) => columns.map((c) => value(r[c.field])).join(',')),
  ]
    .map((l) => `${l}\r\n`)
    .join('');
}

const secure = (reply: FastifyReply) =>
  reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');

/** The dashboards: pages at `/`, `/tahapan` …, their data at `/api/dash/{page}`, the bundle under `/assets/`. */
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const files = assets();

  app.get(
    '/api/dash/:page',
    {
      schema: {
        summary:
          'Data of one dashboard page for the filters of its URL: tiles, and per chart its Vega-Lite spec and table',
        params: z.object({ page: z.enum(pageIds) }),
        querystring: pageQuery,
        response: { 200: pageResponse },
      },
    },
    // page data changes only with the data: kept until then (src/routes/read-cache.ts); a case
    // search's answer also depends on the offices the caller may see (it names another of them)
    async (req, reply) => {
      const visible = req.principal?.offices ?? null;
      return app.cachedAnswer(req, reply, () => buildPage(app.db, req.params.page, { ...req.query, visible }), visible);
    },
  );

  app.get(
    '/api/dash/:page/csv',
    {
      schema: {
        summary:
          'CSV of every row of one list of a dashboard page (the same filters as its page; headers are the column labels)',
        params: z.object({ page: z.enum(pageIds) }),
        querystring: pageQuery.extend({ section: z.string().min(1).describe('the id of the section (list) to write') }),
        response: {
          200: z
            .any()
            .describe(
              'text/csv; charset=utf-8 (RFC 4180, CRLF, with a BOM): a header of the column labels, then every row',
            ),
        },
      },
    },
    async (req, reply) => {
      const { section: id, ...query } = req.query;
      const visible = req.principal?.offices ?? null;
      const data = await buildPage(app.db, req.params.page, { ...query, visible, all: true });
      const s = data.sections.find((x) => x.id === id);
      if (!s)
        throw new BadRequestError(
          inBoth('no_section', { id, page: req.params.page, sections: data.sections.map((x) => x.id).join(', ') }),
        );
      reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${req.params.page}-${s.id}-${data.period.from}_${data.period.to}.csv"`,
        );
      return `\ufeff${csvOf(s.columns, s.rows)}`;
    },
  );

  app.get(
    '/api/dash/:page/xlsx',
    {
      schema: {
        summary:
          "One table of a dashboard page as an XLSX workbook: the rows of the page's table, column labels as headers, numbers as numbers, dates as dates",
        params: z.object({ page: z.enum(pageIds) }),
        querystring: pageQuery.extend({
          section: z.string().min(1).describe('the section whose table to download (its id in /api/dash/{page})'),
        }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const { section: id, ...filters } = req.query;
      // every row of a list shown a page at a time, as its CSV
      const data = await buildPage(app.db, req.params.page, {
        ...filters,
        visible: req.principal?.offices ?? null,
        all: true,
      });
      const section = data.sections.find((s) => s.id === id);
      if (!section) throw new NotFoundError(inBoth('table_not_on_page', { id, page: req.params.page }));
      const body = await sectionWorkbook(section, {
        lang: req.query.lang,
        timezone: data.timezone,
        period: data.period.label,
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${req.params.page}-${id.replace(/[^\w-]/g, '_')}-${data.period.from}_${data.period.to}.xlsx"`,
        )
        .send(body);
    },
  );

  for (const page of pageIds) {
    app.get(pagePath[page], { schema: { hide: true, querystring: pageQuery } }, async (req, reply) => {
      const all = await cachedMeta(app.db);
      // a caller limited to some offices sees those only, and always names one in the URL
      const allowed = req.principal?.offices;
      if (allowed) {
        const office = req.query.office;
        if (office && !allowed.includes(office))
          throw new ForbiddenError(inBoth('offices_limited', { offices: allowed.join(', ') }));
        if (!office) {
          const own =
            all.freshness.filter((f) => allowed.includes(f.office)).sort((a, b) => b.events - a.events)[0]?.office ??
            allowed[0]!;
          const q = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
          q.set('office', own);
          return reply.redirect(`${pagePath[page]}?${q.toString()}`, 303);
        }
      }
      const meta = allowed
        ? {
            ...all,
            offices: all.offices.filter((o) => allowed.includes(o.office)),
            services: all.services.filter((x) => allowed.includes(x.office)),
            freshness: all.freshness.filter((f) => allowed.includes(f.office)),
          }
        : all;
      const scope = resolveScope(meta, req.query.office, req.query.service);
      const period = resolvePeriod(req.query, latestMonth(meta, scope));
      const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
      secure(reply).type('text/html; charset=utf-8');
      return renderShell({
        page,
        lang: req.query.lang,
        meta,
        scope,
        period,
        query,
        allOffices: !allowed,
        canLoad: req.principal?.roles.includes('operator') ?? false,
        who: whoOf(req.principal, app.auth.enforced(), req.csrfToken),
      });
    });
  }

  app.get('/assets/*', { schema: { hide: true } }, async (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    const f = files.get(name);
    if (!f) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `asset ${name} not found` } });
    secure(reply)
      .type(f.type)
      .header('cache-control', name.startsWith('vendor/') ? 'public, max-age=86400' : 'no-cache');
    return reply.send(f.body);
  });
};
