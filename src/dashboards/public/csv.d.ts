/** Types of the browser module csv.js (plain JavaScript, served as is). */
export function csvValue(v: unknown): string;
export function csvOf(
  columns: ReadonlyArray<{ field: string; label?: string }>,
  rows: ReadonlyArray<Record<string, unknown>>,
): string;
