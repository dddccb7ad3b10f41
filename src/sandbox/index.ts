/**
 * The auditors' read-only SQL (docs/auditor-sql.md): the sandboxed engine, the relations and
 * columns it exposes, result formats and saved queries.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { savedQueries } from './discovery.js';
export { AuditorSql } from './engine.js';
export { CONTENT_TYPES } from './formats.js';
export { EXPOSED, ident } from './relations.js';
