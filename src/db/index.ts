/**
 * The floor: the DuckDB connection (`Database`, sessions, prepared statements), the migrations
 * and the Fastify decoration. It knows no other room.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { Database, isoOrNull, type Session } from './database.js';
export { migrate, schemaVersion } from './migrations.js';
export { dbPlugin } from './plugin.js';
