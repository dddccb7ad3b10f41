import fp from 'fastify-plugin';
import type { Database } from './database.js';

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
    if (opts.closeOnExit) app.addHook('onClose', async () => opts.db.close());
  },
  { name: 'db', fastify: '5.x' },
);
