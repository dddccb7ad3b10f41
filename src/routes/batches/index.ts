import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listBatches } from '../../ingest/batches.js';

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

/** The load history (ingest_batches). */
export const batchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/batches', { schema: { summary: 'Loads recorded in ingest_batches', response: { 200: z.object({ batches: z.array(batch) }) } } }, async () => {
    const rows = await listBatches(app.db);
    return {
      batches: rows.map((b) => ({ ...b, started_at: b.started_at.toISOString(), finished_at: b.finished_at ? b.finished_at.toISOString() : null })),
    };
  });
};
