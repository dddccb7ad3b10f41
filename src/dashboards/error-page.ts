import type { Lang } from './specs.js';
import { esc } from './shell.js';
import { dashboards } from '../i18n/index.js';

/**
 * The page a browser gets when a page cannot be shown (a bad filter, a page of another office,
 * a role without access, an address that does not exist): in the user's language, with the
 * status in words, the reason, and a way back, under the dashboards' stylesheet and CSP (no
 * script). API callers get JSON instead (src/app.ts).
 */
const TITLES: Record<Lang, Record<number, string>> = { id: dashboards.id.errorTitles, en: dashboards.en.errorTitles };
const WORDS = { id: dashboards.id.errorPage, en: dashboards.en.errorPage };

export function errorPage(o: {
  status: number;
  code: string;
  message: string;
  lang: Lang;
  back: string | null;
}): string {
  const w = WORDS[o.lang];
  const title = TITLES[o.lang][o.status] ?? TITLES[o.lang][o.status >= 500 ? 500 : 400]!;
  const back = o.back ? `<li><a href="${esc(o.back)}">${esc(w.back)}</a></li>` : '';
  return `<!doctype html>
<html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ${esc(w.app)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dash/dash.css">
</head><body class="error-page" data-status="${o.status}">
<header><h1>${esc(w.app)}</h1></header>
<main id="content">
<h2>${esc(title)}</h2>
<p class="error" role="alert">${esc(o.message)}</p>
<p class="meta">${esc(w.status)} ${o.status} · ${esc(w.code)} ${esc(o.code)}</p>
<ul class="ways">${back}<li><a href="/?lang=${o.lang}">${esc(w.home)}</a></li></ul>
</main>
</body></html>
`;
}
