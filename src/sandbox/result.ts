import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';

/**
 * What an auditor query gives: its result and the formats it is written in. Types only, apart from
 * engine.ts and formats.ts, so that each can use them without the other. The list of formats is
 * in src/vocabulary.ts, so that `sla --help` lists them without loading DuckDB or Arrow.
 */

export interface ResultColumn {
  name: string;
  type: string;
}

/** A result, read up to the row limit; the sandbox connection is already closed. */
export interface AuditorResult {
  queryId: number;
  columns: ResultColumn[];
  /** DuckDB types of the columns (for Arrow and Parquet). */
  types: DuckDBType[];
  /** Values as DuckDB's JSON conversion gives them (numbers, strings, nested arrays/objects). */
  json: unknown[][];
  /** DuckDB values (exact: 64-bit integers, microsecond instants, decimals). */
  values: DuckDBValue[][];
  truncated: boolean;
  durationMs: number;
}
