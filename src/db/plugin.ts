import fp from 'fastify-plugin';
import type { Database } from './database.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one database of the service (owned by this plugin). */
    db: Database;
  }
}

/**
 * Owns the database connection for the app's lifetime: decorates `app.db`, closes it on close,
 * after `settle` (work in the background that must end its transaction first).
 */
export const dbPlugin = fp<{ db: Database; closeOnExit?: boolean; settle?: (db: Database) => Promise<void> }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    app.addHook('onClose', async () => {
      await opts.settle?.(opts.db);
      if (opts.closeOnExit) opts.db.close();
    });
  },
  { name: 'db', fastify: '5.x' },
);
