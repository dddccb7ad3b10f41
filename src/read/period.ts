/** A period of local dates the figures are read for (built from the page or API filters in dashboards/period.ts). */
export interface Period {
  kind: 'month' | 'quarter' | 'year' | 'range';
  /** First local date, inclusive (YYYY-MM-DD). */
  from: string;
  /** Local date after the last, exclusive. */
  to: string;
  /** SPEC §3 period label for IKM (`2026-03`, `2026-Q3`, `2026`); a range uses the year of its end. */
  ikmType: 'month' | 'quarter' | 'year';
  ikmPeriod: string;
}

/** First day (YYYY-MM-01) of the last month of a period. */
export const lastMonth = (p: Pick<Period, 'to'>): string =>
  `${new Date(Date.parse(`${p.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7)}-01`;
