/**
 * The engine: the derived tables of queries/ kept current (refresh), the metric definitions,
 * the bottleneck, officers' hand-on, the kartu kendali.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { markBottleneck } from './bottleneck.js';
export { type CardCase, type CardVisit, CASE_COLUMNS, readCard, toCardCase } from './card.js';
export { type ViewName, VIEWS, viewSql } from './definitions.js';
export { handedOnByOfficer, OFFICER_AGGS } from './officers.js';
export { period, type Period, resolveInstant, withSla } from './read.js';
export { computeAsOf, installDefinitions, refreshAfter } from './refresh.js';
