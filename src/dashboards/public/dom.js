// What the pages' scripts share (ES module, served from this server under the CSP): building
// elements, tables that scroll inside their box, the CSRF token (the words and `fill` come from texts.js).

/** An element with attributes (`text` sets its text; null/false leave an attribute out) and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

export const $ = (id) => document.getElementById(id);

/**
 * The box a wide table scrolls in: a focusable region named by the table's caption, so a
 * keyboard user can scroll it with the arrow keys (a box that scrolls must be reachable: axe's
 * scrollable-region-focusable).
 */
export const tableBox = (caption, t) =>
  el('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption }, t);

/**
 * A table with a caption in a box that scrolls sideways on a narrow screen; a row is a <tr> or
 * a list of cells (text or nodes); columns listed in `numeric` are right-aligned.
 */
export function table(caption, head, rows, numeric = []) {
  const t = el('table', {}, el('caption', { text: caption }));
  t.append(
    el(
      'thead',
      {},
      el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', class: numeric.includes(i) ? 'n' : null, text: h }))),
    ),
  );
  const body = el('tbody');
  for (const r of rows) {
    body.append(
      r instanceof Node
        ? r
        : el(
            'tr',
            {},
            ...r.map((c, i) =>
              c instanceof Node
                ? el('td', {}, c)
                : el('td', { class: numeric.includes(i) ? 'n' : null, text: c ?? '' }),
            ),
          ),
    );
  }
  t.append(body);
  return tableBox(caption, t);
}

let csrf = null;
/** The session's CSRF token for writes ('' without a session: a bearer token or local mode). */
export async function session() {
  if (csrf !== null) return csrf;
  const r = await fetch('/api/session', { headers: { accept: 'application/json' } });
  csrf = r.ok ? ((await r.json()).csrf_token ?? '') : '';
  return csrf;
}
