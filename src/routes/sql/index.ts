import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Lang } from '../../i18n/index.js';
import { savedQueries, AuditorSql, CONTENT_TYPES } from '../../sandbox/index.js';
import type { SqlLimits } from '../../config.js';

/** Who runs auditor SQL, and the offices they may see (absent: all). */
export interface Auditor {
  who: string;
  offices?: string[] | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The auditor SQL engine (owned by the sql routes plugin). */
    sqlEngine: AuditorSql;
  }
}

/** The auditor of a request: the signed-in user (access control) and their offices. */
function auditorOf(req: FastifyRequest): Auditor {
  const p = req.principal;
  if (!p) return { who: `anonymous@${req.ip}` };
  return { who: p.id === 'local' ? `local@${req.ip}` : p.id, offices: p.offices };
}

const column = z.object({ name: z.string(), type: z.string() });
const bilingual = z.object({ id: z.string().describe('Bahasa Indonesia'), en: z.string().describe('English') });
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const body = z.object({
  sql: z.string().min(1).max(100_000).describe('one read-only SQL statement (DuckDB dialect)'),
  format: z
    .enum(['json', 'csv', 'arrow', 'parquet'])
    .default('json')
    .describe('json (with column types), csv (RFC 4180), arrow (IPC stream), parquet'),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('row limit (at most the configured maximum, 100.000 by default); more rows are cut off and flagged'),
  as_of: z.string().min(1).optional().describe('read the SLA tables as of this ISO 8601 instant'),
  office: z.string().min(1).optional().describe('with as_of: compute for this office only'),
});

export interface SqlRoutesOptions {
  limits?: Partial<SqlLimits> | undefined;
  lang?: Lang | undefined;
}

/** Auditor SQL: `POST /api/sql` and `GET /api/sql/schema` (SPEC §4), over the sandbox engine. */
const plugin: FastifyPluginAsyncZod<SqlRoutesOptions> = async (app, opts) => {
  const engine = new AuditorSql(app.db, opts.limits ?? {}, opts.lang ?? 'id');
  app.decorate('sqlEngine', engine);
  app.addHook('onClose', async () => engine.close());

  app.post(
    '/api/sql',
    {
      schema: {
        summary: 'Run one read-only SQL query in the auditor sandbox',
        description:
          'One read-only statement over the public schema (personal data removed), with a time limit that stops the query, a row limit, a byte limit (SLA_SQL_MAX_BYTES) and a bound on concurrent queries. Every query, also refused, failed and timed-out ones, is written to query_audit_log with the rows and bytes sent. format=json answers the document below; csv, arrow and parquet answer text/csv, application/vnd.apache.arrow.stream and application/vnd.apache.parquet. Every format has the headers X-Query-Id, X-Row-Count, X-Truncated (true/false) and, when cut off, X-Truncated-By: rows (the row limit) or bytes (the byte limit; text formats stop between rows, Arrow between record batches). A Parquet result past the byte limit is refused (413 SQL_TOO_LARGE).',
        body,
        response: {
          200: z.object({
            columns: z.array(column),
            rows: z.array(z.record(z.string(), z.unknown())),
            row_count: z.number(),
            truncated: z.boolean(),
            truncated_by: z
              .enum(['rows', 'bytes'])
              .nullable()
              .describe('why the rows stop short: the row limit or the byte limit; null when complete'),
            query_id: z.number(),
          }),
          400: errorBody,
          408: errorBody,
          413: errorBody,
          503: errorBody,
        },
      },
      // a request the rate limit refused (429, before the handler) is in query_audit_log too
      onError: async (req, _reply, err) => {
        if ((err as { code?: string }).code !== 'RATE_LIMITED') return;
        const sql =
          typeof (req.body as { sql?: unknown } | undefined)?.sql === 'string' ? (req.body as { sql: string }).sql : '';
        await engine
          .recordRefusal({ who: auditorOf(req).who, sql, reason: err.message })
          .catch((e: Error) => req.log.error({ err: e }, 'audit of a rate-limited query'));
      },
    },
    async (req, reply) => {
      const auditor = auditorOf(req);
      // written to a file of the engine first (bounded by the row and byte limits), then streamed
      const r = await engine.export(
        {
          sql: req.body.sql,
          who: auditor.who,
          offices: auditor.offices,
          limit: req.body.limit,
          asOf: req.body.as_of,
          asOfOffice: req.body.office,
        },
        req.body.format,
      );
      reply
        .header('x-query-id', String(r.queryId))
        .header('x-row-count', String(r.rows))
        .header('x-truncated', String(r.truncated !== null));
      if (r.truncated) reply.header('x-truncated-by', r.truncated);
      reply.type(CONTENT_TYPES[req.body.format]).header('content-length', String(r.bytes));
      return reply.send((await r.open()) as never);
    },
  );

  app.get(
    '/api/sql/schema',
    {
      schema: {
        summary: 'Relations and saved queries of the auditor sandbox',
        description:
          'The relations an auditor can query, with column types, and descriptions of each relation and column in Bahasa Indonesia and English; the metric SQL of queries/ (the macros and the definitions of the exposed relations, not the internal refresh stages) as saved queries.',
        response: {
          200: z.object({
            relations: z.array(
              z.object({
                name: z.string(),
                kind: z.enum(['base table', 'derived view']),
                grain: z.string(),
                description: bilingual,
                columns: z.array(column.extend({ description: bilingual })),
              }),
            ),
            saved_queries: z.array(
              z.object({
                name: z.string(),
                kind: z.enum(['view', 'macros']),
                description: z.string(),
                sql: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ relations: await engine.describe(auditorOf(req)), saved_queries: savedQueries() }),
  );
};

export const sqlRoutes = fp(plugin, { name: 'sql-routes', fastify: '5.x', dependencies: ['db'] });
