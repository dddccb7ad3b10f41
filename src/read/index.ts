/**
 * The read model: every figure a person sees — a dashboard tile, an API answer, a line of the
 * monthly PDF — is read here, from the tables and SQL files of `queries/` (the derived tables,
 * the period summaries of summaries.ts, the period reads of `queries/read/`). Pages, routes and
 * the report call this room; none of them writes metric SQL of its own.
 */
export * from './figures.js';
export * from './services.js';
export * from './sla-periods.js';
export * from './lists.js';
export * from './letters.js';
export * from './report.js';
export * from './ikm.js';
export * from './complaints.js';
export * from './league.js';
export { buildSummaries, scheduleSummaries, settleSummaries, SUMMARY_TABLES } from './summaries.js';
export { lastMonth, type Period } from './period.js';
