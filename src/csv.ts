/** RFC 4180 CSV: the one parser and field writer of the code base (small files only). */

/** Rows of a CSV text: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * CSV injection (OWASP "CSV Injection"): a spreadsheet opening a CSV runs a cell that starts with
 * `=`, `+`, `-` or `@` (and tab or CR, which some programs skip before such a sign) as a formula,
 * so citizen-written text ("=HYPERLINK(…)" as a complaint subject) must not start with one. The
 * value gets a leading single quote, which spreadsheets show as text; nothing else changes.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;
export function neutraliseFormula(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/**
 * One field, quoted when it holds a delimiter, a quote or a line break. `text`: the value is text
 * (not a number or a date as DuckDB writes it): neutralised against formulas, and quoted also
 * when it holds a `;` or a tab (a spreadsheet set to `;`, as in Indonesia, would split it there
 * and start a new cell), as OWASP advises.
 */
export function csvField(v: string, text = false): string {
  if (!text) return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  const n = neutraliseFormula(v);
  return n !== v || /[",;\t\r\n]/.test(n) ? `"${n.replaceAll('"', '""')}"` : n;
}
