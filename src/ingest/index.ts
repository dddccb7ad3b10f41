/**
 * Loading files (CSV, JSONL, XLSX, Parquet, XES): diagnosis, staging, the all-or-nothing load,
 * batches and undo, the catalogue and calendar files, and the catalogue drafted from a log.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { listBatches, loadConfigFile, undoBatch } from './batches.js';
export { inferCatalogue } from './infer.js';
export { CATEGORIES, CHANNELS, EVENT_KINDS, type RowKind, STAGES } from './kinds.js';
export { loadFile, loadFiles, type LoadResult, type Phase, type ProgressFn } from './load.js';
