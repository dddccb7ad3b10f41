import { basename } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scheduleSummaries } from '../../read/index.js';
import { NotFoundError } from '../../errors.js';
import { inBoth, t } from '../../i18n/index.js';
import { listBatches, undoBatch } from '../../ingest/index.js';

const batch = z.object({
  batch_id: z.number(),
  kind: z.string(),
  file_name: z.string(),
  status: z.string(),
  rows_read: z.number(),
  rows_accepted: z.number(),
  rows_duplicate: z.number(),
  rows_rejected: z.number(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

/**
 * The load history (ingest_batches). A caller limited to some offices sees the loads that brought
 * rows of those offices only; nobody sees where the file lay on the server, only its name (the
 * path, for whoever runs the server, is in `sla batches`).
 */
export const batchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/batches',
    {
      schema: {
        summary:
          "Loads recorded in ingest_batches (a caller limited to some offices: the loads with rows of those offices); file_name is the file's base name",
        response: { 200: z.object({ batches: z.array(batch) }) },
      },
    },
    async (req) => {
      const rows = await listBatches(app.db, req.principal?.offices);
      return {
        batches: rows.map((b) => ({
          ...b,
          file_name: basename(b.file_name.replaceAll('\\', '/')),
          started_at: b.started_at.toISOString(),
          finished_at: b.finished_at ? b.finished_at.toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/api/batches/:id/undo',
    {
      schema: {
        summary:
          'Retract one committed load of row data whole (its rows deleted, the batch marked undone); a caller limited to some offices may undo only the loads listed for them',
        params: z.object({ id: z.coerce.number().int().min(1) }),
        querystring: z.object({ lang: z.enum(['id', 'en']).default('id') }),
        response: { 200: z.object({ batch_id: z.number(), removed: z.number(), message: z.string() }) },
      },
    },
    async (req) => {
      const id = req.params.id;
      const offices = req.principal?.offices;
      // a load of other offices does not exist for a caller who cannot list it
      if (offices && !(await listBatches(app.db, offices)).some((b) => b.batch_id === id))
        throw new NotFoundError(inBoth('batch_not_found', { batch: id }));
      const { removed } = await undoBatch(app.db, id);
      await scheduleSummaries(app.db, (err) => req.log.error({ err }, 'dashboard summaries'));
      return { batch_id: id, removed, message: t(req.query.lang, 'batch_undone', { batch: id, removed }) };
    },
  );
};
