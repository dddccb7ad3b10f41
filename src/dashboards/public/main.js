// Dashboard page script (plain ES module, no build step). It fetches /api/dash/{page} with the
// filters of the URL and renders the tiles, the charts (vega-embed with vega-interpreter: no eval,
// so a strict Content-Security-Policy holds), a table for every chart and its CSV download.
import { expressionInterpreter } from '/assets/vendor/vega-interpreter.js';
import { csvOf } from './csv.js';
import { el, tableBox } from './dom.js';
import { fill, texts } from './texts.js';

const body = document.body;
const page = body.dataset.page;
const lang = body.dataset.lang === 'en' ? 'en' : 'id';
const locale = texts[lang].locale;
/** The page's words, from the dashboards catalogue (src/i18n/dashboards.ts, served as texts.js). */
const T = texts[lang].main;
/** Labels of case status, visit outcome and deadline codes (the CSV keeps the codes). */
const CODES = texts[lang].codes;

/** State the browser tests read: the Vega views per section and per tile sparkline, and whether rendering finished. */
const state = { views: {}, sparks: {}, data: null, errors: [] };
window.__dash = state;

// ---- formatting (Intl, office time zone) -------------------------------------------------------
function formatter(format, tz) {
  const nf = (min, max) => new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: max });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  switch (format) {
    case 'int':
      return (v) => nf(0, 0).format(v);
    case 'dec1':
      return (v) => nf(1, 1).format(v);
    case 'dec2':
      return (v) => nf(2, 2).format(v);
    case 'dec3':
      return (v) => nf(3, 3).format(v);
    case 'pct':
      return (v) => pct.format(v / 100);
    case 'ratio':
      return (v) => pct.format(v);
    case 'datetime': {
      const f = new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: tz,
      });
      return (v) => f.format(new Date(v));
    }
    case 'date': {
      const f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      return (v) => f.format(new Date(`${String(v).slice(0, 10)}T00:00:00Z`));
    }
    case 'workmin': {
      // working minutes as hours and minutes of working time: 220 → "3 jam 40 menit kerja"
      const n = nf(0, 0);
      return (v) => {
        const m = Math.round(v);
        const h = Math.floor(m / 60);
        const r = m % 60;
        return fill(T.workTime, {
          time: `${h ? fill(T.workHours, { h: n.format(h) }) : ''}${r || !h ? fill(T.workMinutes, { m: r }) : ''}`,
        });
      };
    }
    case 'month': {
      const f = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
      return (v) => f.format(new Date(`${String(v).slice(0, 10)}T00:00:00Z`));
    }
    case 'status':
      return (v) => CODES.status[v] ?? String(v);
    case 'outcome':
      return (v) => CODES.outcome[v] ?? String(v);
    case 'deadline':
      return (v) => CODES.deadline[v] ?? String(v);
    case 'bool':
      return (v) => CODES.bool[v ? 'true' : 'false'];
    default:
      return (v) => String(v);
  }
}
const show = (format, tz) => {
  const f = formatter(format, tz);
  return (v) => (v == null || v === '' ? '—' : f(v));
};

// ---- tiles -------------------------------------------------------------------------------------
function renderTiles(data) {
  const box = document.getElementById('tiles');
  box.replaceChildren();
  const sparks = [];
  for (const t of data.tiles) {
    const fmt = show(t.format, data.timezone);
    const tile = el('div', { class: 'tile', 'data-tile': t.id, 'data-value': t.value ?? '' });
    tile.append(el('h3', { text: t.label }));
    if (t.missing) {
      tile.append(el('p', { class: 'missing', text: t.missing }));
    } else {
      tile.append(el('p', { class: 'value', text: fmt(t.value) }));
      if (t.value != null && t.previous != null) {
        // the change between the two numbers as shown (rounded as displayed), to the same precision:
        // 1,4 → 1,8 reads +0,4, never +0,44
        const digits = { int: 0, dec1: 1, dec2: 2, dec3: 3, pct: 1, ratio: 1 }[t.format] ?? 2;
        const scale = t.format === 'ratio' ? 100 : 1;
        const shown = (x) => Math.round(x * scale * 10 ** digits) / 10 ** digits;
        const d = Math.round((shown(t.value) - shown(t.previous)) * 10 ** digits) / 10 ** digits;
        const good = d === 0 ? 'same' : d > 0 === (t.better === 'up') ? 'good' : 'bad';
        const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '■';
        const num = new Intl.NumberFormat(locale, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
          signDisplay: 'exceptZero',
        }).format(d);
        const diff = t.format === 'pct' || t.format === 'ratio' ? fill(T.points, { n: num }) : num;
        tile.append(
          el('p', {
            class: `delta ${good}`,
            text: `${arrow} ${diff} ${T.vs} ${data.period.previous_label} (${fmt(t.previous)})`,
          }),
        );
      } else {
        tile.append(el('p', { class: 'delta', text: T.none }));
      }
    }
    // the verdict in colour and words, with a shape too (never colour alone)
    if (!t.missing && t.verdict) {
      tile.classList.add(t.verdict.met ? 'met' : 'missed');
      tile.append(
        el('p', {
          class: `verdict ${t.verdict.met ? 'met' : 'missed'}`,
          text: `${t.verdict.met ? '✓' : '✗'} ${t.verdict.text}`,
        }),
      );
    }
    if (t.note) tile.append(el('p', { class: 'note', text: t.note }));
    // the rows behind the figure (issue #25 §2)
    if (t.href)
      tile.append(
        el(
          'p',
          { class: 'behind' },
          el('a', {
            href: t.href,
            'data-tile-link': t.id,
            text: T.tileLink,
            'aria-label': fill(T.tileLinkLabel, { label: t.label }),
          }),
        ),
      );
    // twelve months of the figure: a sparkline (an image whose words are the sentence below it)
    if (t.trend) {
      if (t.trend.spec) {
        // vega-embed sets a role of its own on the element it draws in: the image is the box around it
        const host = el('div');
        tile.append(el('div', { class: 'spark', 'data-spark': t.id, role: 'img', 'aria-label': t.trend.text }, host));
        sparks.push(
          embed(host, t.trend.spec).then((view) => {
            state.sparks[t.id] = view;
          }),
        );
      }
      tile.append(el('p', { class: 'trend', text: t.trend.text }));
    }
    box.append(tile);
  }
  return sparks;
}

// ---- tables and CSV ----------------------------------------------------------------------------

function caseHref(id) {
  const q = new URLSearchParams(location.search);
  q.set('case', id);
  return `/berkas?${q.toString()}#timeline`;
}

function renderTable(section, tz) {
  const table = el('table', { 'data-table': section.id });
  const caption = el('caption', { text: section.title });
  const head = el('tr');
  const tbody = el('tbody');
  const fmts = section.columns.map((c) => show(c.format, tz));
  const numeric = (c) =>
    !['text', 'case', 'bool', 'datetime', 'date', 'month', 'status', 'outcome', 'deadline'].includes(c.format);
  let rows = section.rows.slice();
  const fill = () => {
    tbody.replaceChildren(
      ...rows.map((r) =>
        el(
          'tr',
          {},
          ...section.columns.map((c, i) => {
            const v = r[c.field];
            // a link the page data names (hrefs made by the server), else a case number opens its card
            if (c.link && r[c.link] && v != null)
              return el(
                'td',
                { class: numeric(c) ? 'n' : null },
                el('a', { href: r[c.link], 'data-case': c.format === 'case' ? v : null, text: fmts[i](v) }),
              );
            if (c.format === 'case' && v != null)
              return el('td', {}, el('a', { href: caseHref(v), 'data-case': v, text: v }));
            return el('td', { class: numeric(c) ? 'n' : null, text: fmts[i](v) });
          }),
        ),
      ),
    );
  };
  section.columns.forEach((c, i) => {
    const th = el('th', { scope: 'col', 'aria-sort': 'none', class: numeric(c) ? 'n' : null });
    const b = el('button', { type: 'button', text: c.label, title: `${T.sort}: ${c.label}` });
    b.addEventListener('click', () => {
      const asc = th.getAttribute('aria-sort') !== 'ascending';
      head.querySelectorAll('th').forEach((x) => x.setAttribute('aria-sort', 'none'));
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      const f = c.field;
      rows.sort((a, z) => {
        const x = a[f],
          y = z[f];
        if (x == null && y == null) return 0;
        if (x == null) return 1;
        if (y == null) return -1;
        const r =
          typeof x === 'number' && typeof y === 'number'
            ? x - y
            : String(x).localeCompare(String(y), locale, { numeric: true });
        return asc ? r : -r;
      });
      fill();
    });
    th.append(b);
    head.append(th);
    void i;
  });
  fill();
  table.append(caption, el('thead', {}, head), tbody);
  return tableBox(section.title, table);
}

/** A section's download name without extension: page, section and period (the CSV's, the chart's). */
const fileBase = (section, data) => `${data.page}-${section.id}-${data.period.from}_${data.period.to}`;
const chartFile = (section) => fileBase(section, state.data);

function csvLink(section, data) {
  // a list shown a page at a time: the server writes all its rows (/api/dash/{page}/csv)
  if (section.csv)
    return el('a', { class: 'csv', href: section.csv, download: '', 'data-csv': section.id, text: T.csv });
  const blob = new Blob(['\ufeff', csvOf(section.columns, section.rows)], { type: 'text/csv;charset=utf-8' });
  const name = `${fileBase(section, data)}.csv`;
  return el('a', {
    class: 'csv',
    href: URL.createObjectURL(blob),
    download: name,
    'data-csv': section.id,
    text: `${T.csv} (${name})`,
  });
}

// ---- drill-down (issue #25 §2): lists a page at a time, chart marks leading to their rows ------

/** "Halaman 2 dari 3" with the links to the pages before and after (URLs made by the server). */
function pagerNav(section) {
  const p = section.pager;
  const nav = el('nav', { class: 'pager', 'aria-label': `${section.title}: ${p.text}`, 'data-pager': section.id });
  if (p.prev) nav.append(el('a', { href: p.prev, rel: 'prev', 'data-page': p.page - 1, text: T.prev }));
  nav.append(el('span', { class: 'page-of', text: p.text }));
  if (p.next) nav.append(el('a', { href: p.next, rel: 'next', 'data-page': p.page + 1, text: T.next }));
  return nav;
}

/**
 * A click on a mark whose datum carries an `href` (made by the server with the filters of the
 * page) opens it: a step's bar its visits over quota, a desk its visits, a month its cases. The
 * same links are in the table's rows, for the keyboard. A pointer over such a mark shows a hand.
 */
function drillOnClick(view) {
  const hrefOf = (item) => {
    const d = item && item.datum;
    const h = d && (d.href ?? d.datum?.href);
    return typeof h === 'string' && h.startsWith('/') ? h : null;
  };
  view.addEventListener('click', (_event, item) => {
    const h = hrefOf(item);
    if (h) location.assign(h);
  });
  view.addEventListener('mouseover', (_event, item) => {
    if (hrefOf(item)) view.container()?.style.setProperty('cursor', 'pointer');
  });
  view.addEventListener('mouseout', () => view.container()?.style.removeProperty('cursor'));
}

/** The same table as a workbook, made by the server from the page's filters (src/dashboards/xlsx.ts). */
function xlsxLink(section, data) {
  const q = new URLSearchParams(location.search);
  q.set('section', section.id);
  return el('a', {
    class: 'csv',
    href: `/api/dash/${page}/xlsx?${q}`,
    download: `${fileBase(section, data)}.xlsx`,
    'data-xlsx': section.id,
    text: T.xlsx,
  });
}

// ---- charts ------------------------------------------------------------------------------------
/**
 * Draws `spec` in `host`. With `download` (a file name without extension) the chart gets
 * vega-embed's links to save it as SVG or PNG (drawn in the browser from the chart itself;
 * placeDownloads puts them beside the CSV).
 */
async function embed(host, spec, download) {
  const result = await window.vegaEmbed(host, spec, {
    renderer: 'svg',
    actions: download ? { export: { svg: true, png: true }, source: false, compiled: false, editor: false } : false,
    downloadFileName: download,
    scaleFactor: 2,
    i18n: { SVG_ACTION: T.svg, PNG_ACTION: T.png, CLICK_TO_VIEW_ACTIONS: T.actions },
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  });
  return result.view;
}

/**
 * A section's spec made to follow its card (issue #25 §3): the server's specs have fixed sizes
 * (the PDF report draws them so), the page draws them at the width of their box. A single or
 * layered view takes the box's width (`width: "container"`, fit with its axes and padding, and
 * redrawn when the window changes); the panels of a concatenation, which Vega-Lite cannot fit,
 * get the box's width less their axes. Axis labels are cut to a third of that width, so long
 * desk or officer names cannot squeeze the plot to a sliver on a phone. Never narrower than
 * MIN_CHART: below that the box scrolls sideways on its own rather than the page.
 */
const MIN_CHART = 280;
function responsive(spec, host) {
  const width = Math.max(MIN_CHART, host.clientWidth);
  const out = structuredClone(spec);
  const limit = Math.max(80, Math.floor(width / 3));
  const clamp = (node) => {
    if (Array.isArray(node)) return node.forEach(clamp);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'labelLimit' && typeof v === 'number' && v > limit) node[k] = limit;
      else clamp(v);
    }
  };
  clamp(out);
  out.config = {
    ...out.config,
    axis: { ...out.config?.axis, labelLimit: Math.min(out.config?.axis?.labelLimit ?? limit, limit) },
  };
  if (out.vconcat) {
    const pad = 2 * (out.padding ?? 0) + 70; // the y axis (labels and title) beside each panel
    for (const panel of out.vconcat)
      if (typeof panel.width === 'number') panel.width = Math.max(MIN_CHART - pad, width - pad);
  } else if (host.clientWidth >= MIN_CHART) {
    out.width = 'container';
    out.autosize = { type: 'fit-x', contains: 'padding' };
  } else {
    out.width = MIN_CHART;
    out.autosize = { type: 'fit-x', contains: 'padding' };
  }
  return out;
}

/**
 * vega-embed's "save as" links moved out of the chart (its box is one image for a screen reader,
 * with nothing to press inside) to the section's downloads, beside the CSV. vega-embed makes a
 * link's file on mouse-down, too late for a quick click; here a link makes it when the pointer
 * comes over it or it gets the focus (before Enter can follow it), and a link followed before
 * its file is made does nothing.
 */
function placeDownloads(host, section) {
  const links = host.querySelector('.vega-actions');
  const line = host.closest('section')?.querySelector('.downloads');
  if (!links || !line) return;
  line.querySelectorAll('[data-image]').forEach((item) => item.remove());
  for (const a of [...links.querySelectorAll('a')]) {
    const ext = a.download.split('.').pop();
    a.classList.add('image');
    a.removeAttribute('target');
    const make = async () => {
      a.href = await state.views[section.id].toImageURL(ext, 2);
    };
    // a pointer comes over the link well before it presses it
    a.addEventListener('focus', make);
    a.addEventListener('pointerenter', make);
    a.addEventListener('click', (e) => {
      if (a.getAttribute('href') === '#') e.preventDefault();
    });
    const item = document.createElement('span');
    item.dataset.image = ext;
    item.append(' · ', a);
    line.append(item);
  }
  links.remove();
}

async function renderChart(host, section) {
  state.views[section.id] = await embed(host, responsive(section.spec, host), chartFile(section));
  drillOnClick(state.views[section.id]);
  placeDownloads(host, section);
  // a single or layered view follows its box by itself; the panels of a concatenation have
  // widths of their own: drawn again when the box changes width (a phone turned, a window narrowed)
  if (!section.spec.vconcat) return;
  let drawn = host.clientWidth;
  let queue = Promise.resolve();
  new ResizeObserver(() => {
    if (Math.abs(host.clientWidth - drawn) < 8) return;
    drawn = host.clientWidth;
    queue = queue.then(async () => {
      state.views[section.id]?.finalize();
      state.views[section.id] = await embed(host, responsive(section.spec, host), chartFile(section));
      drillOnClick(state.views[section.id]);
      placeDownloads(host, section);
    });
  }).observe(host);
}

async function render(data) {
  state.data = data;
  const sparks = renderTiles(data);
  const box = document.getElementById('sections');
  box.replaceChildren();
  const charts = [];
  for (const s of data.sections) {
    const sec = el('section', { id: s.id, class: 'section', 'aria-labelledby': `${s.id}-title` });
    sec.append(el('h3', { id: `${s.id}-title`, text: s.title }));
    if (s.description) sec.append(el('p', { class: 'desc', text: s.description }));
    for (const n of s.notes) sec.append(el('p', { class: 'note', text: n }));
    if (s.more)
      sec.append(el('p', { class: 'more' }, el('a', { href: s.more.href, 'data-more': s.id, text: s.more.text })));
    if (s.empty) {
      sec.append(el('p', { class: 'empty', role: 'status', text: s.empty }));
      box.append(sec);
      continue;
    }
    const table = renderTable(s, data.timezone);
    if (s.spec) {
      const host = el('div', {
        class: 'chart',
        'data-chart': s.id,
        role: 'img',
        'aria-label': `${s.title}. ${s.description ?? ''}`,
      });
      const wrap = el('div', { class: s.id === 'officers' ? 'side' : 'stack' }, host);
      if (s.id === 'officers') wrap.append(table);
      else wrap.append(el('details', {}, el('summary', { text: T.table }), table));
      sec.append(wrap);
      charts.push(() => renderChart(host, s));
    } else {
      sec.append(table);
    }
    if (s.pager) sec.append(pagerNav(s));
    sec.append(el('p', { class: 'downloads' }, csvLink(s, data), ' · ', xlsxLink(s, data)));
    box.append(sec);
  }
  // drawn once in the page, at the width of their box
  await Promise.all([...charts.map((draw) => draw()), ...sparks]);
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

// ---- filters: applied with Terapkan or Enter, as a new URL (shareable) ----------------------------
// (not on each change: an arrow key on a focused list changes its value, and a keyboard user
// going through the months would reload the page at each one)
function wireFilters() {
  const form = document.getElementById('filters');
  if (!form) return;
  const kind = form.elements.namedItem('period');
  const sync = () => {
    for (const span of form.querySelectorAll('.pf')) {
      const on = span.dataset.kind === kind.value;
      span.hidden = !on;
      for (const input of span.querySelectorAll('input, select')) input.disabled = !on;
    }
  };
  kind.addEventListener('change', sync);
  form.addEventListener('change', (e) => {
    // another office's services are not this one's
    if (e.target.name === 'office') {
      const svc = form.elements.namedItem('service');
      if (svc) svc.value = '';
    }
  });
  // Enter applies from a list too (a browser submits a form on Enter in a text or date field only)
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.tagName === 'SELECT') {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', () => {
    // drop empty fields so the URL stays short
    for (const input of form.querySelectorAll('input, select')) if (!input.value) input.disabled = true;
  });
}

async function main() {
  wireFilters();
  try {
    const res = await fetch(`/api/dash/${page}${location.search}`, {
      headers: { accept: 'application/json', 'accept-language': lang },
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data?.error?.message ?? res.statusText);
    await render(data);
    body.dataset.ready = 'true';
  } catch (err) {
    state.errors.push(String(err));
    document
      .getElementById('sections')
      .replaceChildren(el('p', { class: 'error', role: 'alert', text: `${T.error}: ${err.message ?? err}` }));
    body.dataset.ready = 'error';
  }
}

main();
