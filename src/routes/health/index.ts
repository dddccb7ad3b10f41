import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { schemaVersion } from '../../db/index.js';
import { freshness } from '../../read/index.js';

const freshnessRow = z.object({
  office: z.string(),
  latest_event_at: z.string().nullable(),
  events: z.number(),
});

/** Liveness and data freshness: the latest transition loaded per office and the last load. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Service health and data freshness',
        response: {
          200: z.object({
            status: z.literal('ok'),
            schema_version: z.number(),
            last_load_at: z.string().nullable(),
            offices: z.array(freshnessRow),
          }),
        },
      },
    },
    async (req) => {
      const f = await freshness(app.db);
      return {
        status: 'ok' as const,
        schema_version: schemaVersion,
        last_load_at: f.last_load_at,
        offices: f.offices
          .filter((o) => !req.principal?.offices || req.principal.offices.includes(o.office))
          .map((o) => ({ office: o.office, latest_event_at: o.latest_event_at, events: o.events })),
      };
    },
  );
};
