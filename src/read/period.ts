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
