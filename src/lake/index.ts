/**
 * The Parquet lake of `sla export lake` (docs/lake.md) and the read-only roll-up over several
 * offices' lakes.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { exportLake, lakeSummaryLines } from './export.js';
export { startLakeExporter } from './exporter.js';
export { readOnlyHook } from './read-only.js';
export { openRollup, watchRollup } from './rollup.js';
