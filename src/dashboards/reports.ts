/**
 * The report pages (issue #22 part 3), rendered on the server without inline script or style
 * (the dashboards' Content-Security-Policy); /assets/dash/reports.js fills them:
 *
 * - *Laporan*: an office (within the caller's scope), its months with the report's state in words
 *   (from `GET /api/reports/states`), and for the month chosen the PDF in a same-origin frame, the
 *   buttons of the role that may act on its state, and the history of its copies. What may act is
 *   decided here from the caller's roles (the API decides again: a button only saves a refusal);
 *   the digest sent with an action is the one of the copy the page fetched and shows
 *   (`x-report-sha256`), never typed.
 * - *Verifikasi*: a PDF file chosen or dropped, its bytes sent to `POST /api/reports/verify`, the
 *   verdict in words.
 */
import type { Lang } from './specs.js';
import { esc, reportLinks, userBox, usersLink, type Who } from './shell.js';
import { pageIds, pagePath } from './texts.js';
import { dashboards, otherLang } from '../i18n/index.js';

export const reportPageTexts = { id: dashboards.id.reportPages, en: dashboards.en.reportPages };

export interface ReportPageOffice {
  office: string;
  name: string;
  timezone: string;
}

/**
 * The navigation of the report pages: the dashboards for those who read them, then the report pages, users for admins.
 */
function nav(lang: Lang, who: Who | undefined, current: 'laporan' | 'verifikasi'): string {
  const d = dashboards[lang];
  const viewer =
    who?.mode === 'local' ||
    (who?.mode === 'signed-in' && who.roles.some((r) => r === 'kepala_dinas' || r === 'sekretaris'));
  const dash = viewer
    ? pageIds.map((p) => `<li><a href="${pagePath[p]}?lang=${lang}">${esc(d.pages[p])}</a></li>`).join('')
    : '';
  return `<nav aria-label="${esc(d.app)}"><ul>${dash}${reportLinks(who, lang, current)}${usersLink(who, lang)}</ul></nav>`;
}

function page(
  lang: Lang,
  who: Who | undefined,
  current: 'laporan' | 'verifikasi',
  title: string,
  body: string,
  data: Record<string, string>,
): string {
  const d = dashboards[lang];
  const other = otherLang(lang);
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ${esc(d.app)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dash/dash.css">
<script type="module" src="/assets/dash/reports.js"></script>
</head>
<body data-page="${current}" data-lang="${lang}"${attrs}>
<a class="skip" href="#content">${esc(d.skipLink)}</a>
<header>
  <div class="top"><h1>${esc(d.app)}</h1><span class="lang"><a href="/${current}?lang=${other}" lang="${other}">${esc(d.language)}</a></span></div>
  ${userBox(who, lang)}
  ${nav(lang, who, current)}
</header>
<main id="content" tabindex="-1" class="reports">
  <h2 class="page-title">${esc(title)}</h2>
${body}
</main>
</body></html>`;
}

/**
 * What the caller may do on the Laporan page: check or return (sekretaris), approve (kepala_dinas); local mode both.
 */
export function reportRights(who: Who | undefined): { check: boolean; approve: boolean; local: boolean } {
  if (who?.mode === 'local') return { check: true, approve: true, local: true };
  const roles = who?.mode === 'signed-in' ? who.roles : [];
  return { check: roles.includes('sekretaris'), approve: roles.includes('kepala_dinas'), local: false };
}

/**
 * The *Laporan* page. `offices` are those the caller may see (their scope); `selected` the office
 * and month of the URL, if any.
 */
export function renderReportsPage(
  lang: Lang,
  who: Who | undefined,
  offices: ReportPageOffice[],
  selected: { office?: string | undefined; month?: string | undefined },
): string {
  const t = reportPageTexts[lang];
  const office = offices.find((o) => o.office === selected.office) ?? offices[0];
  const opts = offices
    .map(
      (o) =>
        `<option value="${esc(o.office)}" data-tz="${esc(o.timezone)}"${o === office ? ' selected' : ''}>${esc(o.name)}</option>`,
    )
    .join('');
  const rights = reportRights(who);
  const body = `  <p class="desc">${esc(t.laporanIntro)}</p>
  <form id="office-form" class="section" method="get" action="/laporan">
    <input type="hidden" name="lang" value="${lang}">
    <label>${esc(t.office)} <select name="office" id="office">${opts}</select></label>
    <button type="submit">${esc(t.show)}</button>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
  <section class="section" aria-labelledby="months-title"><h3 id="months-title">${esc(t.months)}</h3><div id="months" class="table-wrap"></div></section>
  <section id="report" class="section" aria-labelledby="report-title" hidden><h3 id="report-title" tabindex="-1"></h3><div id="report-body"></div></section>`;
  return page(lang, who, 'laporan', t.laporan, body, {
    month: selected.month ?? '',
    'can-check': String(rights.check),
    'can-approve': String(rights.approve),
    local: String(rights.local),
  });
}

/** The *Verifikasi* page. */
export function renderVerifyPage(lang: Lang, who: Who | undefined, offices: ReportPageOffice[]): string {
  const t = reportPageTexts[lang];
  const body = `  <p class="desc">${esc(t.verifyIntro)}</p>
  <form id="verify" class="section" method="post" action="/api/reports/verify" enctype="application/pdf" novalidate>
    <div id="drop" class="drop">
      <label>${esc(t.file)} <input type="file" id="pdf" name="pdf" accept="application/pdf,.pdf" required></label>
      <p class="desc">${esc(t.drop)}</p>
    </div>
    <p class="actions"><button type="submit" id="verify-button">${esc(t.check)}</button></p>
  </form>
  <section id="verdict" class="section" aria-labelledby="verdict-title" hidden><h3 id="verdict-title" tabindex="-1">${esc(t.result)}</h3><div id="verdict-body" role="status"></div></section>`;
  return page(lang, who, 'verifikasi', t.verifikasi, body, {
    offices: JSON.stringify(Object.fromEntries(offices.map((o) => [o.office, { name: o.name, tz: o.timezone }]))),
  });
}
