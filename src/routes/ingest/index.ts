import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scheduleSummaries } from '../../read/index.js';
import { renderUploadPage, whoOf } from '../../dashboards/index.js';
import { CSP } from '../csp.js';
import { AppError, BadRequestError, ForbiddenError, InputError, type InputIssue } from '../../errors.js';
import { inBoth, type Lang, t } from '../../i18n/index.js';
import { loadConfigFile, type RowKind, loadFile, loadFiles, type LoadResult, type Phase } from '../../ingest/index.js';
import type { UploadLimits, XesLimits } from '../../config.js';

const KINDS = ['events', 'complaints', 'surveys', 'catalogue', 'calendar'] as const;

const issue = z.object({
  file: z.string(),
  line: z.number().nullable(),
  field: z.string().nullable(),
  location: z.string().nullable(),
  reason: z.string(),
});
const fileResult = z.object({
  file: z.string(),
  status: z.enum(['dry_run', 'committed', 'already_loaded', 'rejected', 'not_loaded']),
  batch_id: z.number().nullable(),
  rows_read: z.number().nullable(),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  message: z.string(),
  errors: z.array(issue),
});
type FileResult = z.infer<typeof fileResult>;

const progress = z.object({
  state: z.enum(['receiving', 'loading', 'done', 'failed']),
  bytes: z.number().describe('bytes received so far'),
  file: z.string().nullable().describe('the file being loaded'),
  files_done: z.number(),
  files_total: z.number(),
  phase: z.enum(['read', 'validate', 'insert', 'refresh']).nullable(),
  percent: z.number().describe('0–100, of the phase'),
});
type Progress = z.infer<typeof progress>;

const uploadId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, - or _');

const toIssues = (issues: InputIssue[]) =>
  issues.map((i) => ({
    file: i.file,
    line: i.line ?? null,
    field: i.field ?? null,
    location: i.location ?? null,
    reason: i.reason,
  }));

const fromResult = (r: LoadResult): FileResult => ({
  file: r.file,
  status: r.status,
  batch_id: r.batchId,
  rows_read: r.rowsRead,
  accepted: r.accepted,
  duplicates: r.duplicates,
  rejected: 0,
  message: r.message,
  errors: [],
});

const fromError = (file: string, e: InputError): FileResult => ({
  file,
  status: 'rejected',
  batch_id: null,
  rows_read: e.rowsRead ?? null,
  accepted: 0,
  duplicates: 0,
  rejected: e.total,
  message: e.message,
  errors: toIssues(e.issues),
});

/** A file's name as given by the browser, safe as a name in the upload's own folder; unique in it. */
function safeName(raw: string, taken: Set<string>): string {
  let name = basename(raw.replaceAll('\\', '/'))
    // eslint-disable-next-line no-control-regex -- finding control characters is what it is for
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (name === '' || name === '.' || name === '..') name = 'upload';
  if (name.length > 200) name = name.slice(-200);
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${n}-${name}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** A size as people read it: 1 GiB, 250 MiB, 100 byte. */
function size(bytes: number): string {
  const [unit, n] =
    bytes >= 1024 ** 3
      ? ['GiB', bytes / 1024 ** 3]
      : bytes >= 1024 ** 2
        ? ['MiB', bytes / 1024 ** 2]
        : bytes >= 1024
          ? ['KiB', bytes / 1024]
          : ['byte', bytes];
  return `${Math.round(n * 10) / 10} ${unit}`;
}

/**
 * Loading files over HTTP (the *Muat data* page): `POST /api/ingest/{kind}` takes one or more
 * files as multipart/form-data and streams each to its own folder under the upload directory
 * (never held whole in memory), then loads them as `sla ingest` does: a dry run validates and
 * counts each file and saves nothing; otherwise the row files are committed together, all or
 * nothing (one transaction), and the dashboard summaries rebuilt. The folder is removed when the
 * request ends, however it ends (an upload cut off halfway leaves no file and loads nothing: the
 * load starts only once every part has arrived). `upload=ID` lets the page poll
 * `GET /api/ingest/progress/{ID}`.
 */
export const ingestRoutes: FastifyPluginAsyncZod<{ upload: UploadLimits; xesLimits?: XesLimits | undefined }> = async (
  app,
  opts,
) => {
  const { dir: root, maxBytes } = opts.upload;
  // busboy's own per-file limit lies beyond ours, so that ours (all files together) speaks first
  await app.register(multipart, { limits: { fileSize: maxBytes + (1 << 20), files: 50, fields: 20, parts: 100 } });

  const uploads = new Map<string, Progress & { at: number }>();
  const KEEP_MS = 10 * 60_000;
  const track = (id: string | undefined, p: Partial<Progress>) => {
    if (!id) return;
    const now = Date.now();
    for (const [k, v] of uploads) if (now - v.at > KEEP_MS || uploads.size > 1000) uploads.delete(k);
    const prev = uploads.get(id) ?? {
      state: 'receiving',
      bytes: 0,
      file: null,
      files_done: 0,
      files_total: 0,
      phase: null,
      percent: 0,
      at: now,
    };
    uploads.set(id, { ...prev, ...p, at: now });
  };

  app.post(
    '/api/ingest/:kind',
    {
      schema: {
        summary:
          'Load files (multipart/form-data, one or more file parts): events, complaints or surveys as CSV, JSON Lines, Parquet, XLSX or XES (.xes.gz); catalogue or calendar as YAML/JSON (holidays CSV). dry_run=true validates and counts each file and saves nothing; otherwise the row files are committed in one transaction, all or none (422 with every error when one is refused). Operator role; a cookie session sends its CSRF token in x-csrf-token.',
        consumes: ['multipart/form-data'],
        params: z.object({ kind: z.enum(KINDS) }),
        querystring: z.object({
          dry_run: z
            .enum(['true', 'false', '1', '0'])
            .default('false')
            .transform((v) => v === 'true' || v === '1'),
          office: z.string().min(1).optional().describe('office for files without an office column'),
          service: z.string().min(1).optional().describe('service for files without a service column'),
          sheet: z.string().min(1).optional().describe('XLSX: the sheet to read (default the first)'),
          lang: z.enum(['id', 'en']).default('id'),
          upload: uploadId.optional().describe('an id chosen by the caller, to poll GET /api/ingest/progress/{upload}'),
        }),
        response: {
          200: z.object({ dry_run: z.boolean(), committed: z.boolean(), files: z.array(fileResult) }),
          422: z.object({
            error: z.object({ code: z.string(), message: z.string() }),
            dry_run: z.boolean(),
            committed: z.boolean(),
            files: z.array(fileResult),
          }),
        },
      },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const q = req.query;
      const lang: Lang = q.lang;
      if (!req.isMultipart()) throw new BadRequestError(t(lang, 'upload_not_multipart'));
      // definitions hold every office: not for a caller limited to some (their rows are checked row by row)
      const limited = req.principal?.offices;
      if (limited && (kind === 'catalogue' || kind === 'calendar')) {
        throw new ForbiddenError(inBoth('offices_no_config', { offices: limited.join(', ') }));
      }
      const folder = join(root, randomUUID());
      await mkdir(folder, { recursive: true });
      let outcome = 'failed';
      let received = 0;
      try {
        // 1. every part to disk, counted against the limit
        const files: Array<{ name: string; path: string }> = [];
        const taken = new Set<string>();
        let total = 0;
        track(q.upload, { state: 'receiving' });
        for await (const part of req.parts()) {
          if (part.type !== 'file') continue;
          if (!part.filename) {
            part.file.resume();
            continue;
          }
          const name = safeName(part.filename, taken);
          const path = join(folder, name);
          req.log.debug({ upload: basename(folder), file: name }, 'upload part');
          const limiter = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              total += chunk.length;
              track(q.upload, { bytes: total });
              if (total > maxBytes)
                cb(new AppError('PAYLOAD_TOO_LARGE', 413, t(lang, 'upload_too_large', { limit: size(maxBytes) })));
              else cb(null, chunk);
            },
          });
          await pipeline(part.file, limiter, createWriteStream(path));
          files.push({ name, path });
        }
        received = total;
        if (!files.length) throw new BadRequestError(t(lang, 'upload_no_file'));

        // 2. the load
        track(q.upload, { state: 'loading', files_total: files.length });
        const onProgress = (file: string) => (phase: Phase, percent: number) =>
          track(q.upload, { file, phase, percent });
        const out: FileResult[] = [];
        let failed = false;
        if (kind === 'catalogue' || kind === 'calendar') {
          // definitions: each file its own transaction, as `sla ingest` loads them
          for (const f of files) {
            track(q.upload, { file: f.name });
            try {
              const r = await loadConfigFile(app.db, kind, f.path, { dryRun: q.dry_run, lang });
              out.push({
                file: f.name,
                status: q.dry_run ? 'dry_run' : 'committed',
                batch_id: r.batchId,
                rows_read: null,
                accepted: 0,
                duplicates: 0,
                rejected: 0,
                message: r.message,
                errors: [],
              });
            } catch (e) {
              if (!(e instanceof InputError)) throw e;
              out.push(fromError(f.name, e));
              failed = true;
              if (!q.dry_run) break;
            }
            track(q.upload, { files_done: out.length });
          }
        } else {
          const common = {
            kind: kind as RowKind,
            office: q.office,
            service: q.service,
            sheet: q.sheet,
            lang,
            xesLimits: opts.xesLimits,
            offices: req.principal?.offices,
          };
          if (q.dry_run) {
            for (const f of files) {
              try {
                out.push(
                  fromResult(
                    await loadFile(app.db, { ...common, path: f.path, dryRun: true, onProgress: onProgress(f.name) }),
                  ),
                );
              } catch (e) {
                if (!(e instanceof InputError)) throw e;
                out.push(fromError(f.name, e));
              }
              track(q.upload, { files_done: out.length });
            }
          } else {
            try {
              const results = await loadFiles(
                app.db,
                files.map((f) => ({ ...common, path: f.path, onProgress: onProgress(f.name) })),
              );
              out.push(...results.map(fromResult));
            } catch (e) {
              if (!(e instanceof InputError)) throw e;
              failed = true;
              // which file: the one its issues name; the others were rolled back with it
              const bad = files.find((f) => e.issues.some((i) => i.file === f.name))?.name ?? files[0]!.name;
              for (const f of files) {
                out.push(
                  f.name === bad
                    ? fromError(f.name, e)
                    : {
                        file: f.name,
                        status: 'not_loaded',
                        batch_id: null,
                        rows_read: null,
                        accepted: 0,
                        duplicates: 0,
                        rejected: 0,
                        message: t(lang, 'upload_rolled_back', { file: bad }),
                        errors: [],
                      },
                );
              }
            }
            track(q.upload, { files_done: files.length });
          }
        }
        // the dashboards' summaries, as `sla ingest` rebuilds them after its loads
        if (!q.dry_run && !failed)
          await scheduleSummaries(app.db, (err) => req.log.error({ err }, 'dashboard summaries'));
        track(q.upload, { state: failed && !q.dry_run ? 'failed' : 'done' });
        const committed = !q.dry_run && !failed;
        outcome = q.dry_run ? 'dry_run' : committed ? 'committed' : 'refused';
        if (failed && !q.dry_run) {
          const message =
            out.find((f) => f.status === 'rejected')?.message ?? t(lang, 'upload_rolled_back', { file: '' });
          return reply
            .status(422)
            .send({ error: { code: 'INVALID_INPUT', message }, dry_run: false, committed: false, files: out });
        }
        return { dry_run: q.dry_run, committed, files: out };
      } catch (err) {
        track(q.upload, { state: 'failed' });
        throw err;
      } finally {
        await rm(folder, { recursive: true, force: true });
        // after the folder is gone (tests wait for this line)
        req.log.info({ upload: basename(folder), bytes: received, outcome }, 'upload ended');
      }
    },
  );

  app.get(
    '/muat',
    { schema: { hide: true, querystring: z.object({ lang: z.enum(['id', 'en']).default('id') }) } },
    async (req, reply) => {
      reply
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .type('text/html; charset=utf-8');
      return renderUploadPage(req.query.lang, whoOf(req.principal, app.auth.enforced(), req.csrfToken));
    },
  );

  app.get(
    '/api/ingest/progress/:upload',
    {
      schema: {
        summary:
          'Progress of an upload started with upload={ID}: bytes received, then the file being loaded and its phase (kept 10 minutes)',
        params: z.object({ upload: uploadId }),
        response: { 200: progress, 404: z.object({ error: z.object({ code: z.string(), message: z.string() }) }) },
      },
    },
    async (req, reply) => {
      const p = uploads.get(req.params.upload);
      if (!p)
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `upload ${req.params.upload} unknown` } });
      const { at: _at, ...rest } = p;
      return rest;
    },
  );
};
