// The Muat data page (plain ES module, no build step). "Periksa" sends the chosen files to
// POST /api/ingest/{kind}?dry_run=true and lists every error; "Muat" sends the same files again
// without dry_run (nothing is kept on the server in between), committed all or none. Progress:
// the upload's bytes from XMLHttpRequest, then the loader's phase from /api/ingest/progress/{id}.
// The load history comes from /api/batches, with an undo button that asks to confirm.
import { $, el, session, table } from './dom.js';
import { fill, texts } from './texts.js';

const lang = document.body.dataset.lang === 'en' ? 'en' : 'id';
const locale = texts[lang].locale;
/** The page's words, from the dashboards catalogue (src/i18n/dashboards.ts, served as texts.js). */
const T = texts[lang].upload;
const ROW_KINDS = new Set(['events', 'complaints', 'surveys']);
const num = new Intl.NumberFormat(locale);
const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
const when = new Intl.DateTimeFormat(locale, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** State the browser tests read. */
const state = { busy: false, checked: false, last: null, runs: 0, histories: 0 };
window.__upload = state;

const form = $('upload');
const files = $('files');
const check = $('check');
const commit = $('commit');
const progress = $('progress');

/** Sends the chosen files; resolves with the status and parsed JSON body. */
async function send(dryRun) {
  const kind = $('kind').value;
  const q = new URLSearchParams({ dry_run: String(dryRun), lang });
  for (const k of ['office', 'service', 'sheet']) if ($(k).value.trim()) q.set(k, $(k).value.trim());
  const id = `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  q.set('upload', id);
  const body = new FormData();
  for (const f of files.files) body.append('file', f, f.name);
  const token = await session();
  let polling = null;
  const poll = async () => {
    const r = await fetch(`/api/ingest/progress/${id}`, { headers: { 'accept-language': lang } }).catch(() => null);
    if (!r || !r.ok) return;
    const p = await r.json();
    if (p.state === 'loading' && p.file)
      progress.textContent = fill(T.loading, {
        file: p.file,
        phase: T.phases[p.phase] ?? '',
        p: pct.format(p.percent / 100),
      });
  };
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/ingest/${kind}?${q}`);
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', lang);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress.textContent = fill(T.sending, { p: pct.format(e.loaded / e.total) });
    };
    xhr.upload.onload = () => {
      polling = setInterval(poll, 500);
    };
    xhr.onload = () => {
      clearInterval(polling);
      let json;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = null;
      }
      resolve({ status: xhr.status, json });
    };
    xhr.onerror = () => {
      clearInterval(polling);
      reject(new Error('network'));
    };
    xhr.send(body);
  });
}

function showResult(res, dryRun) {
  const box = $('result');
  const out = $('result-body');
  out.replaceChildren();
  box.hidden = false;
  const data = res.json ?? {};
  if (!data.files) {
    out.append(
      el('p', {
        class: 'error',
        role: 'alert',
        text: fill(T.failed, { msg: data.error?.message ?? String(res.status) }),
      }),
    );
    return false;
  }
  const bad = data.files.some((f) => f.status === 'rejected');
  const msg = dryRun ? (bad ? T.checkedBad : T.checkedOk) : data.committed ? T.committed : T.notCommitted;
  out.append(el('p', { class: bad ? 'error' : 'note', role: bad ? 'alert' : 'status', text: msg }));
  if (!dryRun && data.committed) out.append(el('p', {}, el('a', { href: `/?lang=${lang}`, text: T.dashboard })));
  out.append(
    table(
      T.summary,
      [T.file, T.status, T.read, T.accepted, T.duplicates, T.rejected, T.message],
      data.files.map((f) => [
        f.file,
        T.statuses[f.status] ?? f.status,
        f.rows_read == null ? '—' : num.format(f.rows_read),
        num.format(f.accepted),
        num.format(f.duplicates),
        num.format(f.rejected),
        f.status === 'rejected' ? '' : f.message,
      ]),
      [2, 3, 4, 5],
    ),
  );
  const errors = data.files.flatMap((f) => f.errors);
  if (errors.length) {
    const rows = errors.map((e) => [
      e.file,
      e.location ?? (e.line == null ? '' : String(e.line)),
      e.field ?? '',
      e.reason,
    ]);
    out.append(table(T.errors, [T.file, T.where, T.field, T.reason], rows));
    const more = data.files.reduce((n, f) => n + Math.max(0, f.rejected - f.errors.length), 0);
    if (more > 0)
      out.append(
        el('p', {
          class: 'note',
          text:
            data.files
              .find((f) => f.status === 'rejected')
              ?.message.split('\n')
              .pop() ?? '',
        }),
      );
  }
  $('result-title').focus();
  return !bad;
}

async function run(dryRun) {
  if (state.busy) return;
  if (!files.files.length) {
    progress.textContent = T.chooseFile;
    files.focus();
    return;
  }
  state.busy = true;
  check.disabled = true;
  commit.disabled = true;
  try {
    const res = await send(dryRun);
    state.last = res.json;
    const ok = showResult(res, dryRun);
    state.checked = dryRun && ok;
    progress.textContent = '';
    if (!dryRun) await history();
  } catch (err) {
    progress.textContent = fill(T.failed, { msg: err.message });
    state.checked = false;
  } finally {
    state.busy = false;
    check.disabled = false;
    commit.disabled = !state.checked;
    state.runs += 1;
  }
}

async function history() {
  try {
    await drawHistory();
  } finally {
    state.histories += 1;
  }
}

async function drawHistory() {
  const box = $('history');
  const r = await fetch('/api/batches', { headers: { accept: 'application/json', 'accept-language': lang } });
  if (!r.ok) {
    box.replaceChildren(el('p', { class: 'error', text: fill(T.failed, { msg: r.status }) }));
    return;
  }
  const { batches } = await r.json();
  if (!batches.length) {
    box.replaceChildren(el('p', { class: 'empty', text: T.noBatches }));
    return;
  }
  const rows = batches
    .slice()
    .reverse()
    .slice(0, 50)
    .map((b) => {
      const undo =
        b.status === 'committed' && ROW_KINDS.has(b.kind)
          ? el('button', {
              type: 'button',
              class: 'undo',
              'data-batch': b.batch_id,
              'data-file': b.file_name,
              'aria-label': `${T.undo} ${T.batch.toLowerCase()} ${b.batch_id}`,
              text: T.undo,
            })
          : '';
      return [
        String(b.batch_id),
        b.kind,
        b.file_name,
        T.statuses[b.status] ?? b.status,
        when.format(new Date(b.started_at)),
        num.format(b.rows_accepted),
        num.format(b.rows_duplicate),
        num.format(b.rows_rejected),
        undo,
      ];
    });
  box.replaceChildren(
    table(
      T.history,
      [T.batch, T.kind, T.file, T.status, T.when, T.accepted, T.duplicates, T.rejected, ''],
      rows,
      [0, 5, 6, 7],
    ),
  );
}

document.addEventListener('click', async (e) => {
  const b = e.target instanceof Element ? e.target.closest('button.undo') : null;
  if (!b) return;
  const id = b.getAttribute('data-batch');
  if (!window.confirm(fill(T.undoConfirm, { id, file: b.getAttribute('data-file') }))) return;
  b.disabled = true;
  const token = await session();
  const r = await fetch(`/api/batches/${id}/undo?lang=${lang}`, {
    method: 'POST',
    headers: { 'x-csrf-token': token, accept: 'application/json', 'accept-language': lang },
  });
  const json = await r.json().catch(() => ({}));
  progress.textContent = r.ok ? json.message : fill(T.failed, { msg: json.error?.message ?? r.status });
  await history();
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void run(true);
});
commit.addEventListener('click', () => void run(false));
// other files or options than those checked: check again before loading
for (const input of [files, $('kind'), $('office'), $('service'), $('sheet')]) {
  input.addEventListener('change', () => {
    state.checked = false;
    commit.disabled = true;
  });
}
void history();
