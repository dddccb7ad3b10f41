/**
 * The *Muat data* page (operators): a plain form (kind, files, optional office, service and
 * sheet) that /assets/dash/upload.js sends to `POST /api/ingest/{kind}`, first as a dry run whose
 * errors it lists, then, on *Muat*, the same files again for real (re-uploaded from the browser:
 * nothing is kept on the server between the two), and the load history with undo. No inline
 * script or style (the dashboards' Content-Security-Policy).
 */
import type { Lang } from './specs.js';
import { reportLinks, userBox, usersLink, type Who } from './shell.js';
import { dashboards, otherLang } from '../i18n/index.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const uploadTexts = { id: dashboards.id.upload, en: dashboards.en.upload };

const ACCEPT = '.csv,.tsv,.txt,.jsonl,.ndjson,.json,.parquet,.xlsx,.xes,.xml,.gz,.yaml,.yml';

export function renderUploadPage(lang: Lang, who?: Who): string {
  const t = uploadTexts[lang];
  const kinds = Object.entries(t.kinds)
    .map(([k, label]) => `<option value="${k}">${esc(label)}</option>`)
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} — ${esc(t.app)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dash/dash.css">
<script type="module" src="/assets/dash/upload.js"></script>
</head>
<body data-page="muat" data-lang="${lang}">
<a class="skip" href="#content">${esc(t.skipLink)}</a>
<header>
  <div class="top"><h1>${esc(t.app)}</h1><span class="lang"><a href="/muat?lang=${otherLang(lang)}" lang="${otherLang(lang)}">${esc(t.language)}</a></span></div>
  ${userBox(who, lang)}
  <nav aria-label="${esc(t.app)}"><ul><li><a href="/?lang=${lang}">${esc(t.back)}</a></li><li><a href="/muat?lang=${lang}" aria-current="page">${esc(t.title)}</a></li>${reportLinks(who, lang)}${usersLink(who, lang)}</ul></nav>
</header>
<main id="content" tabindex="-1" class="upload">
  <h2 class="page-title">${esc(t.title)}</h2>
  <p class="desc">${esc(t.intro)}</p>
  <form id="upload" class="section" method="post" enctype="multipart/form-data" action="/api/ingest/events" novalidate>
    <label>${esc(t.kind)} <select name="kind" id="kind">${kinds}</select></label>
    <label>${esc(t.files)} <input type="file" name="file" id="files" multiple required accept="${ACCEPT}"></label>
    <label>${esc(t.office)} <input name="office" id="office" autocomplete="off"></label>
    <label>${esc(t.service)} <input name="service" id="service" autocomplete="off"></label>
    <label>${esc(t.sheet)} <input name="sheet" id="sheet" autocomplete="off"></label>
    <p class="actions"><button type="submit" id="check">${esc(t.check)}</button> <button type="button" id="commit" disabled>${esc(t.commit)}</button></p>
    <p id="progress" role="status" aria-live="polite"></p>
  </form>
  <section id="result" class="section" aria-labelledby="result-title" hidden><h3 id="result-title" tabindex="-1">${esc(t.result)}</h3><div id="result-body"></div></section>
  <section class="section" aria-labelledby="history-title"><h3 id="history-title">${esc(t.history)}</h3><div id="history" class="table-wrap"></div></section>
</main>
</body></html>`;
}
