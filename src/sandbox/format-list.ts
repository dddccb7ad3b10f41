/**
 * Output formats of auditor SQL; `table` is the command line's text table. Apart from
 * formats.ts (which loads DuckDB and Arrow) so that `sla --help` lists them without loading either.
 */
export const SQL_FORMATS = ['json', 'csv', 'arrow', 'parquet', 'table'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];
