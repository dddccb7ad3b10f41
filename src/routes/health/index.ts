import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { schemaVersion } from '../../db/index.js';

const freshness = z.object({
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
            offices: z.array(freshness),
          }),
        },
      },
    },
    async (req) => {
      const offices = await app.db.all<{ office: string; latest: Date | null; n: number }>(
        `select o.office, x.last_at as latest, coalesce(x.events, 0) as n
         from offices o left join office_extent x on x.office = o.office order by o.office`,
      );
      const last = await app.db.one<{ t: Date | null }>(
        "select max(finished_at) as t from ingest_batches where status = 'committed'",
      );
      return {
        status: 'ok' as const,
        schema_version: schemaVersion,
        last_load_at: last?.t ? last.t.toISOString() : null,
        offices: offices
          .filter((o) => !req.principal?.offices || req.principal.offices.includes(o.office))
          .map((o) => ({ office: o.office, latest_event_at: o.latest ? o.latest.toISOString() : null, events: o.n })),
      };
    },
  );
};
