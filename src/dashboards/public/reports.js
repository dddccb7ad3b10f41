// The report pages (plain ES module, no build step; src/dashboards/reports.ts renders them).
//
// Laporan: the months of the chosen office from GET /api/reports/states; choosing one fetches its
// PDF (GET /api/reports/{office}/{month}.pdf), whose x-report-sha256 names the copy shown, and
// frames the same URL; the buttons of the caller's role for the month's state send that digest
// with the decision (POST …/check, …/approve, with the session's CSRF token), then the page shows
// the new state. Verifikasi: the chosen or dropped file's bytes to POST /api/reports/verify.
import { $, el, session, table } from './dom.js';
import { fill, texts } from './texts.js';

const body = document.body;
const lang = body.dataset.lang === 'en' ? 'en' : 'id';
const locale = texts[lang].locale;
/** The page's words, from the dashboards catalogue (src/i18n/dashboards.ts, served as texts.js). */
const T = texts[lang].reports;

const monthName = (m) => `${T.months[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
/** A date (and time) as people read it, in the office's time zone: 3 November 2026 10.00. */
const dateIn = (iso, tz) =>
  iso
    ? new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: tz || undefined,
      }).format(new Date(iso))
    : '';

/** State the browser tests read: counters of finished loads and actions. */
const state = { lists: 0, shown: 0, acted: 0, refused: 0, verified: 0, sha256: null, status: null };
window.__reports = state;

async function errorText(r) {
  try {
    return (await r.json()).error?.message ?? `HTTP ${r.status}`;
  } catch {
    return `HTTP ${r.status}`;
  }
}

/** Who acted on a record, and when, for its state. */
function whoWhen(rec, tz) {
  if (!rec) return ['', ''];
  if (rec.status === 'approved') return [rec.approved_by ?? '', dateIn(rec.approved_at, tz)];
  if (rec.status === 'checked' || rec.status === 'returned') return [rec.checked_by ?? '', dateIn(rec.checked_at, tz)];
  return ['', dateIn(rec.generated_at, tz)];
}

// ---------------------------------------------------------------- Laporan

function laporan() {
  const select = $('office');
  const status = $('status');
  const can = {
    check: body.dataset.canCheck === 'true',
    approve: body.dataset.canApprove === 'true',
    local: body.dataset.local === 'true',
  };
  let months = [];
  let current = null; // { month, sha256, status }
  const tz = () => select.selectedOptions[0]?.dataset.tz;
  const office = () => select.value;
  const pdfUrl = (m) => `/api/reports/${encodeURIComponent(office())}/${m}.pdf?lang=${lang}`;

  function say(text, alert = false) {
    status.textContent = text;
    status.className = alert ? 'error' : '';
  }

  async function list() {
    const r = await fetch(`/api/reports/states?office=${encodeURIComponent(office())}&lang=${lang}`, {
      headers: { accept: 'application/json', 'accept-language': lang },
    });
    if (!r.ok) {
      say(fill(T.failed, { msg: await errorText(r) }), true);
      months = [];
    } else months = (await r.json()).months;
    const box = $('months');
    box.replaceChildren();
    if (!months.length) box.append(el('p', { class: 'empty', text: T.noMonths }));
    else {
      const rows = months.map((m) => {
        const [who, when] = whoWhen(m.record, tz());
        const btn = el('button', {
          type: 'button',
          class: 'open',
          'data-month': m.month,
          'aria-label': fill(T.openLabel, { month: monthName(m.month) }),
          text: T.open,
        });
        btn.addEventListener('click', () => show(m.month, true));
        return el(
          'tr',
          { 'data-month': m.month, 'data-state': m.state, 'aria-current': current?.month === m.month ? 'true' : null },
          el('td', { text: monthName(m.month) }),
          el('td', { class: 'state', text: T.states[m.state] }),
          el('td', { text: who }),
          el('td', { text: when }),
          el('td', { text: m.state === 'returned' ? (m.record?.note ?? '') : '' }),
          el('td', {}, btn),
        );
      });
      box.append(table(T.months, [T.month, T.state, T.who, T.when, T.note, ''], rows));
    }
    state.lists += 1;
  }

  /** Shows a month: its state, its PDF (fetched for its digest, then framed), the actions, the history. */
  async function show(month, focus) {
    const m = months.find((x) => x.month === month);
    if (!m) return;
    const url = new URL(location.href);
    url.searchParams.set('office', office());
    url.searchParams.set('month', month);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    for (const tr of document.querySelectorAll('#months tr[data-month]'))
      tr.toggleAttribute('aria-current', tr.dataset.month === month);
    const section = $('report');
    const out = $('report-body');
    section.hidden = false;
    $('report-title').textContent = fill(T.title, { month: monthName(month) });
    out.replaceChildren(el('p', { role: 'status', text: T.loading }));
    if (focus) $('report-title').focus();

    // the copy shown: what GET serves now (its digest is the one an action names)
    const r = await fetch(pdfUrl(month), { headers: { 'accept-language': lang } });
    if (!r.ok) {
      out.replaceChildren(
        el('p', { class: 'error', role: 'alert', text: fill(T.failed, { msg: await errorText(r) }) }),
      );
      state.shown += 1;
      return;
    }
    await r.arrayBuffer();
    const sha256 = r.headers.get('x-report-sha256');
    const served = r.headers.get('x-report-status');
    current = { month, sha256, status: served };
    state.sha256 = sha256;
    state.status = served;

    const [who, when] = whoWhen(m.record, tz());
    const parts = [
      el(
        'p',
        { class: 'state-line' },
        el('strong', { text: `${T.state}: ${T.states[m.state]}` }),
        who || when ? ` — ${[who, when].filter(Boolean).join(', ')}` : '',
      ),
    ];
    if (m.state === 'returned' && m.record?.note) parts.push(el('p', { class: 'note' }, `${T.note}: ${m.record.note}`));
    if (m.state === 'approved' && m.record)
      parts.push(
        el('p', {
          class: 'verify-line',
          text: fill(T.verifyLine, {
            no: m.record.report_no,
            id: m.record.report_id,
            sha: (m.record.checked_sha256 ?? '').slice(0, 16),
          }),
        }),
      );
    parts.push(
      el('p', { class: 'desc shown', text: fill(T.shown, { status: T.shownStatus[served] ?? served, sha: sha256 }) }),
    );
    parts.push(
      el(
        'p',
        {},
        el('a', {
          href: pdfUrl(month),
          download: `laporan-${office()}-${month}.pdf`,
          class: 'download',
          text: T.download,
        }),
      ),
    );
    parts.push(actions(m, served));
    const frame = el('iframe', {
      src: pdfUrl(month),
      title: fill(T.preview, { month: monthName(month) }),
      class: 'pdf',
    });
    parts.push(el('div', { class: 'preview' }, frame));
    parts.push(historyTable(m));
    out.replaceChildren(...parts);
    state.shown += 1;
  }

  /** The buttons of the caller's role for the state shown (the API checks again). */
  function actions(m, served) {
    const box = el('div', { class: 'actions', role: 'group', 'aria-label': T.actions });
    const mayCheck = can.check && served === 'draft';
    const mayApprove = can.approve && served === 'checked';
    if (!mayCheck && !mayApprove) {
      box.append(el('p', { class: 'desc', text: T.noAction }));
      return box;
    }
    const msg = el('p', { class: 'error', role: 'alert', id: 'action-error' });
    let by = null;
    if (can.local) {
      by = el('input', { id: 'by', name: 'by', autocomplete: 'name' });
      box.append(el('label', { class: 'field' }, T.byLabel, by));
    }
    if (mayCheck) {
      const periksa = el('button', { type: 'button', id: 'periksa', text: T.checkBtn });
      periksa.addEventListener('click', () => act(m.month, 'check', { decision: 'checked' }, msg, by));
      const note = el('textarea', {
        id: 'note',
        name: 'note',
        rows: '3',
        required: true,
        'aria-describedby': 'action-error',
      });
      const kembalikan = el('button', { type: 'button', id: 'kembalikan', text: T.returnBtn });
      kembalikan.addEventListener('click', () => {
        if (!note.value.trim()) {
          msg.textContent = T.noteRequired;
          note.setAttribute('aria-invalid', 'true');
          note.focus();
          state.refused += 1;
          return;
        }
        note.removeAttribute('aria-invalid');
        return act(m.month, 'check', { decision: 'returned', note: note.value.trim() }, msg, by);
      });
      box.append(el('p', {}, periksa), el('label', { class: 'field' }, T.noteLabel, note), el('p', {}, kembalikan));
    }
    if (mayApprove) {
      const setujui = el('button', { type: 'button', id: 'setujui', text: T.approveBtn });
      setujui.addEventListener('click', () => act(m.month, 'approve', {}, msg, by));
      box.append(el('p', {}, setujui));
    }
    box.append(msg);
    return box;
  }

  async function act(month, what, fields, msg, by) {
    if (by && !by.value.trim()) {
      msg.textContent = T.byRequired;
      by.focus();
      state.refused += 1;
      return;
    }
    msg.textContent = '';
    for (const b of document.querySelectorAll('#report .actions button')) b.disabled = true;
    const payload = { ...fields, sha256: current.sha256, lang, ...(by ? { by: by.value.trim() } : {}) };
    const r = await fetch(`/api/reports/${encodeURIComponent(office())}/${month}/${what}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'accept-language': lang,
        'x-csrf-token': await session(),
      },
      body: JSON.stringify(payload),
    });
    if (r.ok) {
      const rec = (await r.json()).report;
      say(fill(T.done[rec.status], { month: monthName(month) }));
    } else say(fill(T.failed, { msg: await errorText(r) }), true);
    // the new state (or, refused, the state as it is now)
    await list();
    await show(month, false);
    state.acted += 1;
  }

  function historyTable(m) {
    const zone = tz();
    if (!m.history.length) return el('p', { class: 'empty', text: T.noHistory });
    const rows = m.history.map((h) => [
      String(h.report_id),
      T.states[h.status] ?? h.status,
      dateIn(h.generated_at, zone),
      h.checked_by ? `${h.checked_by}, ${dateIn(h.checked_at, zone)}` : '',
      h.note ?? '',
      h.approved_by ? `${h.approved_by}, ${dateIn(h.approved_at, zone)}` : '',
      el('code', { text: h.sha256.slice(0, 16) }),
    ]);
    const wrap = table(
      fill(T.history, { month: monthName(m.month) }),
      [T.colId, T.colStatus, T.colMade, T.colChecked, T.note, T.colApproved, T.colSha],
      rows,
    );
    wrap.classList.add('history');
    return wrap;
  }

  // the office form works without script (a GET); with it, the list changes in place
  $('office-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    current = null;
    $('report').hidden = true;
    const url = new URL(location.href);
    url.searchParams.set('office', office());
    url.searchParams.delete('month');
    history.replaceState(null, '', url);
    await list();
  });
  select.addEventListener('change', () => $('office-form').requestSubmit());

  (async () => {
    await list();
    const wanted = body.dataset.month;
    if (wanted && months.some((m) => m.month === wanted)) await show(wanted, false);
    body.dataset.ready = 'true';
  })();
}

// ---------------------------------------------------------------- Verifikasi

function verifikasi() {
  const offices = JSON.parse(body.dataset.offices || '{}');
  const input = $('pdf');
  const drop = $('drop');
  const section = $('verdict');
  const out = $('verdict-body');
  let dropped = null;

  function result(nodes) {
    section.hidden = false;
    out.replaceChildren(...nodes);
    $('verdict-title').focus();
  }

  async function check(file) {
    if (!file) {
      result([el('p', { class: 'error', text: T.chooseFile })]);
      return;
    }
    out.replaceChildren(el('p', { text: T.sending }));
    section.hidden = false;
    const r = await fetch('/api/reports/verify', {
      method: 'POST',
      headers: {
        'content-type': 'application/pdf',
        accept: 'application/json',
        'accept-language': lang,
        'x-csrf-token': await session(),
      },
      body: await file.arrayBuffer(),
    });
    if (!r.ok) {
      result([el('p', { class: 'error', text: fill(T.failed, { msg: await errorText(r) }) })]);
      state.verified += 1;
      return;
    }
    const v = await r.json();
    const rec = v.record;
    const o = rec ? offices[rec.office] : null;
    const p = rec
      ? {
          office: o?.name ?? rec.office,
          month: monthName(rec.month),
          id: rec.report_id,
          no: rec.report_no ?? '',
          by: rec.approved_by ?? '',
          at: dateIn(rec.approved_at, o?.tz),
          status: T.states[rec.status] ?? rec.status,
        }
      : {};
    const text =
      v.verdict === 'approved'
        ? fill(T.approvedCopy, p)
        : v.verdict === 'not_approved'
          ? fill(rec.status === 'approved' ? T.notApprovedChecked : T.notApproved, p)
          : T.unknown;
    result([
      el('p', { class: `verdict ${v.verdict}`, 'data-verdict': v.verdict }, el('strong', { text })),
      el('p', { class: 'desc' }, fill(T.digest, { sha: v.sha256 })),
    ]);
    state.verified += 1;
  }

  input.addEventListener('change', () => {
    dropped = null;
  });
  for (const ev of ['dragenter', 'dragover']) {
    drop.addEventListener(ev, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    dropped = e.dataTransfer?.files?.[0] ?? null;
    if (dropped) void check(dropped);
  });
  $('verify').addEventListener('submit', (e) => {
    e.preventDefault();
    void check(dropped ?? input.files?.[0]);
  });
  body.dataset.ready = 'true';
}

if (body.dataset.page === 'laporan') laporan();
else if (body.dataset.page === 'verifikasi') verifikasi();
