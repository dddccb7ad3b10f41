import swagger from '@fastify/swagger';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authPlugin, type AuthOptions } from './auth/index.js';
import { type Database, dbPlugin } from './db/index.js';
import { errorPage } from './dashboards/index.js';
import { settleSummaries } from './read/index.js';
import {
  readCachePlugin,
  overloadPlugin,
  CSP,
  authRoutes,
  batchRoutes,
  caseRoutes,
  dashboardRoutes,
  complaintRoutes,
  healthRoutes,
  ikmRoutes,
  ingestRoutes,
  reportRoutes,
  slaRoutes,
  sqlRoutes,
  userRoutes,
} from './routes/index.js';
import { AppError, type Message } from './errors.js';
import { callerLang, inBoth, type Lang, messageIn, urlLang } from './i18n/index.js';
import { readOnlyHook } from './lake/index.js';
import {
  DEFAULT_UPLOAD_MAX_BYTES,
  type OverloadLimits,
  type ReadCacheLimits,
  type SqlLimits,
  type UploadLimits,
  type XesLimits,
} from './config.js';

export interface AppOptions {
  db: Database;
  logLevel?: string;
  /** Close the database when the app closes (the server does; tests keep theirs). */
  closeDb?: boolean;
  /**
   * Answers of the read routes kept until the data changes (src/routes/read-cache.ts; maxBytes 0: none, the bench's
   * cold pass).
   */
  readCache?: Partial<ReadCacheLimits>;
  /** where the log goes (default stdout) */
  logStream?: NodeJS.WritableStream;
  /** access control (sessions, cookies, headers); users themselves live in the database */
  auth?: AuthOptions;
  /** Limits of auditor SQL (defaults: src/sandbox/engine.ts). */
  sql?: Partial<SqlLimits>;
  /** Uploads of the Muat data page (default: a folder in the system's temp dir, 1 GiB). */
  upload?: Partial<UploadLimits>;
  /** Most traces and events of an uploaded XES file (defaults: src/ingest/xes.ts). */
  xes?: XesLimits;
  /** Requests working on the database at once, and the bounded queue (src/routes/overload.ts). */
  overload?: Partial<OverloadLimits>;
  /** The roll-up over offices' lakes (`sla serve --lake`, src/lake/rollup.ts): every write answers 405 READ_ONLY. */
  readOnly?: boolean;
}

/**
 * Routes that read a raw body themselves (multipart files, a PDF) declare only `consumes`: the document shows it as a
 * binary body.
 */
const documentRawBodies: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const consumes = (input.schema as { consumes?: string[] } | undefined)?.consumes;
  if (!consumes?.length || (input.schema as { body?: unknown }).body) return out;
  const binary = { type: 'string', format: 'binary' };
  const body = consumes.includes('multipart/form-data')
    ? { type: 'object', properties: { file: { type: 'array', items: binary } }, required: ['file'] }
    : binary;
  return { ...out, schema: { ...out.schema, body } };
};

/** Builds the Fastify app: plugins, routes, one error handler. Tests import this. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? 'silent',
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    // errors Fastify raises before routing (malformed URL, bad content type) keep our error shape
    frameworkErrors: (err, _req, reply) => {
      void (reply as FastifyReply).code(400).send({ error: { code: 'BAD_REQUEST', message: err.message } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: { title: 'sla-dpmptsp API', description: 'SLA analytics for DPMPTSP service standards', version: '0.1.0' },
    },
    transform: documentRawBodies,
  });
  // a background rebuild of the dashboard summaries ends its transaction before the database closes
  await app.register(dbPlugin, { db: opts.db, closeOnExit: opts.closeDb ?? false, settle: settleSummaries });
  await app.register(authPlugin, opts.auth ?? {});
  // after the caller is known (a 401 is not queued), before any route works
  await app.register(overloadPlugin, { limits: opts.overload });
  await app.register(readCachePlugin, { limits: opts.readCache });
  if (opts.readOnly) app.addHook('onRequest', readOnlyHook);

  // An API error in the caller's language (?lang, Accept-Language; both when it states neither);
  // a browser asking for a page gets an HTML page with a way back instead of JSON, in the page's
  // language (?lang, else Indonesian, as the pages) (issue #25 §4)
  const fail = (req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: Message) => {
    const page =
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      !req.url.startsWith('/assets/') &&
      String(req.headers.accept ?? '').includes('text/html');
    if (!page) return reply.status(status).send({ error: { code, message: messageIn(message, callerLang(req)) } });
    const lang = urlLang(req.url) ?? 'id';
    const referer = String(req.headers.referer ?? '');
    const host = req.headers.host;
    // back to where the user came from when that is this service (never to another site)
    const back =
      host && (referer.startsWith(`http://${host}/`) || referer.startsWith(`https://${host}/`)) ? referer : null;
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .send(errorPage({ status, code, message: messageIn(message, lang), lang, back }));
  };
  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      // each field with its reason in the language (the schemas' own messages are made in both)
      const where = err.validationContext ?? 'querystring';
      const issues = (lang: Lang) =>
        err.validation.map((v) => `${where}${v.instancePath}: ${messageIn(v.message ?? '', lang)}`).join('; ');
      return fail(
        req,
        reply,
        400,
        'BAD_REQUEST',
        inBoth('bad_value', (lang) => ({ issues: issues(lang) })),
      );
    }
    if (err instanceof AppError) return fail(req, reply, err.statusCode, err.code, err.texts ?? err.message);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500)
      return fail(req, reply, status, (err as { code?: string }).code ?? 'BAD_REQUEST', (err as Error).message);
    req.log.error({ err }, 'internal error');
    return fail(req, reply, 500, 'INTERNAL', inBoth('internal'));
  });
  app.setNotFoundHandler((req, reply) =>
    fail(req, reply, 404, 'NOT_FOUND', inBoth('route_not_found', { method: req.method, url: req.url })),
  );

  await app.register(authRoutes);
  await app.register(healthRoutes);
  await app.register(batchRoutes);
  await app.register(ingestRoutes, {
    upload: {
      dir: opts.upload?.dir ?? join(tmpdir(), 'sla-uploads'),
      maxBytes: opts.upload?.maxBytes ?? DEFAULT_UPLOAD_MAX_BYTES,
    },
    xesLimits: opts.xes,
  });
  await app.register(slaRoutes);
  await app.register(caseRoutes);
  await app.register(ikmRoutes);
  await app.register(dashboardRoutes);
  await app.register(complaintRoutes);
  await app.register(reportRoutes);
  await app.register(sqlRoutes, { limits: opts.sql });
  await app.register(userRoutes);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
