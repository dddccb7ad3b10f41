// The CSV of a dashboard table (RFC 4180, CRLF, one header row of the column labels as the table
// shows them: issue #25 §4), written in the browser for the download link. Text is neutralised
// against CSV injection exactly as src/csv.ts does on the server (test/dashboards/routes.test.ts
// holds both to the same output): a text value
// starting with = + - @ (or tab, CR) gets a leading ' and is quoted, and text holding ; or a tab
// is quoted. Numbers stay as they are (a negative number is not a formula).

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: `v` as written in the table's rows (numbers, text, booleans, null). */
export function csvValue(v) {
  if (v == null) return '';
  if (typeof v !== 'string') {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  const n = FORMULA_START.test(v) ? `'${v}` : v;
  return n !== v || /[",;\t\r\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n;
}

/** The CSV of `rows` in the order of `columns` (objects with a `field` and a `label`). */
export function csvOf(columns, rows) {
  const lines = [
    columns.map((c) => csvValue(c.label ?? c.field)).join(','),
    ...rows.map((r) => columns.map((c) => csvValue(r[c.field])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
