/** The office and service of a read (null or absent: every one). */
export interface OfficeService {
  office?: string | null | undefined;
  service?: string | null | undefined;
}

/**
 * `where` conditions of a scope on a table aliased `alias` (office, service columns; unqualified
 * without an alias), their values set in `params`; `true` when the scope takes everything.
 */
export function scopeSql(
  s: OfficeService,
  alias: string | undefined,
  params: Record<string, string | number>,
  withService = true,
): string {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  const conds = ['true'];
  if (s.office) {
    conds.push(`${col('office')} = $office`);
    params.office = s.office;
  }
  if (s.service && withService) {
    conds.push(`${col('service')} = $service`);
    params.service = s.service;
  }
  return conds.join(' and ');
}
