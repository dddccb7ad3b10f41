import fp from 'fastify-plugin';
import type { Database } from './database.js';
import { settleSummaries } from '../dashboards/summaries.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one database of the service (owned by this plugin). */
    db: Database;
  }
}

/** Owns the database connection for the app's lifetime: decorates `app.db`, closes it on close. */
export const dbPlugin = fp<{ db: Database; closeOnExit?: boolean }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    // a background rebuild of the dashboard summaries ends its transaction before the database closes
    app.addHook('onClose', async () => {
      await settleSummaries(opts.db);
      if (opts.closeOnExit) opts.db.close();
    });
  },
  { name: 'db', fastify: '5.x' },
);
