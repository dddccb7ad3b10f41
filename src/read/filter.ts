/** The office and service of a read, as SQL conditions with their parameters. */
export interface OfficeService {
  office?: string | null | undefined;
  service?: string | null | undefined;
}

/**
 * Conditions on the `office` and `service` columns (of alias `alias`, or unqualified) for the
 * ones given; pushed onto `conds`, their values set in `params`.
 */
export function officeServiceConds(
  f: OfficeService,
  conds: string[],
  params: Record<string, string | number>,
  alias?: string,
): void {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  for (const k of ['office', 'service'] as const) {
    const v = f[k];
    if (v) {
      conds.push(`${col(k)} = $${k}`);
      params[k] = v;
    }
  }
}
