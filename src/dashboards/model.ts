/**
 * The shapes of a dashboard page's parts that the page builders (pages.ts, drill.ts) make and
 * the browser renders: a column's format, a column, a section (chart, table, list).
 */

/** How the browser formats a value (Intl, id-ID or en-GB, office time zone). */
export type Format =
  | 'text'
  | 'int'
  | 'dec1'
  | 'dec2'
  | 'dec3'
  | 'pct'
  | 'ratio'
  | 'datetime'
  | 'date'
  | 'month'
  | 'bool'
  | 'case'
  | 'status'
  | 'outcome'
  | 'deadline'
  /** working minutes shown as hours and minutes of working time */
  | 'workmin';

export interface Column {
  field: string;
  label: string;
  format: Format;
  /** The row field holding the URL this column's cell links to. */
  link?: string;
}

export interface Section {
  id: string;
  title: string;
  description: string | null;
  /** Vega-Lite spec, or null for a table-only section. */
  spec: Record<string, unknown> | null;
  columns: Column[];
  rows: Record<string, unknown>[];
  /** Text shown instead of the chart and table when there are no rows. */
  empty: string | null;
  /** Extra sentences (e.g. the bottleneck in words). */
  notes: string[];
  /** A link to the whole list when the section shows its first rows only. */
  more?: { href: string; text: string } | null;
  /** A list shown a page at a time: where it is, and its neighbours (src/dashboards/drill.ts). */
  pager?: Pager | null;
  /** The URL of the CSV of all the section's rows when the page holds only some of them. */
  csv?: string | null;
}

/** A list's page: where it is and the links to its neighbours. */
export interface Pager {
  page: number;
  pages: number;
  total: number;
  page_size: number;
  text: string;
  prev: string | null;
  next: string | null;
}
