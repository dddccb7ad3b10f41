/**
 * The HTTP API: one Fastify plugin per folder (they do not import each other), and what they
 * share (CSP, overload gate, read cache, dates).
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { authRoutes } from './auth/index.js';
export { batchRoutes } from './batches/index.js';
export { caseRoutes } from './cases/index.js';
export { complaintRoutes } from './complaints/index.js';
export { CSP } from './csp.js';
export { dashboardRoutes } from './dashboards/index.js';
export { healthRoutes } from './health/index.js';
export { ikmRoutes } from './ikm/index.js';
export { ingestRoutes } from './ingest/index.js';
export { overloadPlugin } from './overload.js';
export { readCachePlugin } from './read-cache.js';
export { reportRoutes } from './reports/index.js';
export { slaRoutes } from './sla/index.js';
export { sqlRoutes } from './sql/index.js';
export { userRoutes } from './users/index.js';
