import { basename } from 'node:path';
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
        summary: "Loads recorded in ingest_batches (a caller limited to some offices: the loads with rows of those offices); file_name is the file's base name",
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
};
