/**
 * The HTML of a dashboard page, rendered on the server without any inline script or style (the
 * Content-Security-Policy forbids both): header, navigation, the filter form (a plain GET form,
 * so every filter lives in the URL), data freshness, and an empty main area that
 * /assets/dash/main.js fills from /api/dash/{page}.
 */
import type { Meta, Scope } from '../read/index.js';
import { periodLabel, type Period } from './period.js';
import type { Lang } from './specs.js';
import { pageIds, pagePath, type PageId } from './texts.js';
import { coverageWarnings } from '../calendar/index.js';
import { drillWords } from './drill.js';
import { ADMIN, type Principal } from '../auth/index.js';
import { dashboards, fill, localeOf, otherLang } from '../i18n/index.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface ShellInput {
  page: PageId;
  lang: Lang;
  meta: Meta;
  scope: Scope;
  period: Period;
  /** The query string of the request (without `?`), kept by navigation links. */
  query: URLSearchParams;
  /** Whether the caller may pool every office (not limited to some). */
  allOffices?: boolean;
  /** Whether the caller may load data (operator): a link to the Muat data page. */
  canLoad?: boolean;
  /** who is signed in (the header shows it) */
  who?: Who | undefined;
}

/** Who is signed in, for a page header: a user (with its session's CSRF token), or local mode. */
export type Who =
  | { mode: 'local' }
  | {
      mode: 'signed-in';
      id: string;
      name?: string | undefined;
      roles: readonly string[];
      offices?: readonly string[] | undefined;
      csrf?: string | undefined;
    };

/** The `Who` of a request's principal (`enforced`: users are configured). */
export function whoOf(p: Principal | undefined, enforced: boolean, csrf: string | undefined): Who | undefined {
  if (!enforced) return { mode: 'local' };
  return p ? { mode: 'signed-in', id: p.id, name: p.name, roles: p.roles, offices: p.offices, csrf } : undefined;
}

/** Whether the header links to the user administration page. */
export const isAdmin = (who: Who | undefined) =>
  who?.mode === 'local' || (who?.mode === 'signed-in' && who.roles.includes(ADMIN));

/**
 * The signed-in user, role(s) and office(s), and *Keluar*: a POST form to /logout carrying the
 * session's CSRF token (no script). A bearer-token caller has no session, so no button; local mode
 * has no users at all.
 */
export function userBox(who: Who | undefined, lang: Lang): string {
  if (!who) return '';
  const t = dashboards[lang];
  if (who.mode === 'local') return `<p class="who" aria-label="${esc(t.signedIn)}">${esc(t.localMode)}</p>`;
  const name = who.name ? `${esc(who.name)} (${esc(who.id)})` : esc(who.id);
  const roles = who.roles.map((r) => (t.roleNames as Record<string, string>)[r] ?? r).join(', ');
  const offices = who.offices?.length ? who.offices.join(', ') : t.everyOffice;
  const out = who.csrf
    ? `<form method="post" action="/logout" class="signout"><input type="hidden" name="_csrf" value="${esc(who.csrf)}"><button type="submit">${esc(t.signOut)}</button></form>`
    : '';
  return `<section class="who" aria-label="${esc(t.signedIn)}"><span class="who-name">${name}</span> · <span class="who-roles">${esc(roles)}</span> · <span class="who-offices">${esc(offices)}</span>${out}</section>`;
}

/** The link to the user administration page, for admins. */
export const usersLink = (who: Who | undefined, lang: Lang, current = false) =>
  isAdmin(who)
    ? `<li><a href="/pengguna?lang=${lang}"${current ? ' aria-current="page"' : ''}>${esc(dashboards[lang].users)}</a></li>`
    : '';

/**
 * The links to the report pages (issue #22): *Laporan* for those who read reports (Kepala Dinas,
 * Sekretaris: the roles of its API), *Verifikasi* for anyone signed in. `current` marks the page shown.
 */
export function reportLinks(who: Who | undefined, lang: Lang, current?: 'laporan' | 'verifikasi'): string {
  if (!who) return '';
  const reader = who.mode === 'local' || who.roles.some((r) => r === 'kepala_dinas' || r === 'sekretaris');
  const link = (page: 'laporan' | 'verifikasi', label: string) =>
    `<li><a href="/${page}?lang=${lang}"${current === page ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`;
  return (reader ? link('laporan', dashboards[lang].navReports) : '') + link('verifikasi', dashboards[lang].navVerify);
}

/** Months (YYYY-MM) from the first to the last month of the data, newest first. */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = last.split('-').map(Number) as [number, number];
  const [fy, fm] = first.split('-').map(Number) as [number, number];
  while (y > fy || (y === fy && m >= fm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

const localMonth = (iso: string, tz: string) => {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit' }).formatToParts(
    new Date(iso),
  );
  return `${p.find((x) => x.type === 'year')!.value}-${p.find((x) => x.type === 'month')!.value}`;
};

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
}

/** URL parameters of one list or one record: a search from another page starts without them. */
const DRILL_PARAMS = ['case', 'q', 'list', 'step', 'officer', 'channel', 'category', 'complaint', 'page', 'page_size'];

/**
 * The case-number search of every page's header (issue #25 §2): a GET form to the Berkas page
 * keeping the office, service, period and language of this page; an exact number opens the
 * case's card there, a beginning lists the cases it begins (src/dashboards/drill.ts).
 */
export function caseSearch(lang: Lang, query: URLSearchParams): string {
  const w = drillWords[lang];
  const keep = [...query.entries()].filter(([k]) => !DRILL_PARAMS.includes(k) && k !== 'lang');
  const hidden = ([['lang', lang], ...keep] as [string, string][])
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const q = query.get('q') ?? '';
  return `<form class="case-search" method="get" action="/berkas" role="search" aria-label="${esc(w.searchLabel)}">${hidden}<label for="case-q">${esc(w.searchLabel)}</label> <input id="case-q" name="q" type="search" required maxlength="64" autocomplete="off" placeholder="${esc(w.searchHint)}" value="${esc(q)}"> <button type="submit">${esc(w.searchButton)}</button></form>`;
}

export function renderShell(i: ShellInput): string {
  const t = dashboards[i.lang];
  const locale = localeOf(i.lang);
  const { meta, scope, period } = i;
  const months = t.months;

  // navigation keeps the filters; the case of the Berkas page and the list asked for do not travel
  const keep = new URLSearchParams(i.query);
  for (const k of DRILL_PARAMS) keep.delete(k);
  const qs = keep.toString() ? `?${keep.toString()}` : '';
  const nav =
    pageIds
      .map(
        (p) =>
          `<li><a href="${pagePath[p]}${esc(qs)}"${p === i.page ? ' aria-current="page"' : ''}>${esc(t.pages[p])}</a></li>`,
      )
      .join('') +
    (i.canLoad ? `<li><a href="/muat?lang=${i.lang}">${esc(t.navLoad)}</a></li>` : '') +
    reportLinks(i.who, i.lang) +
    usersLink(i.who, i.lang);
  const other = new URLSearchParams(i.query);
  other.set('lang', otherLang(i.lang));
  const langLink = `<a href="${pagePath[i.page]}?${esc(other.toString())}" lang="${otherLang(i.lang)}">${esc(t.language)}</a>`;

  // filter choices from the data
  const fresh = meta.freshness.filter((f) => f.latest_event_at && (!scope.office || f.office === scope.office));
  const first = fresh.map((f) => f.first_event_at!).sort()[0];
  const last = fresh
    .map((f) => f.latest_event_at!)
    .sort()
    .pop();
  const monthList =
    first && last
      ? monthRange(localMonth(first, scope.timezone), localMonth(last, scope.timezone))
      : [period.from.slice(0, 7)];
  const years = [...new Set(monthList.map((m) => m.slice(0, 4)))];
  const quarters = [...new Set(monthList.map((m) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}`))];
  const cur = {
    month: period.from.slice(0, 7),
    quarter: `${period.from.slice(0, 4)}-Q${Math.ceil(Number(period.from.slice(5, 7)) / 3)}`,
    year: period.from.slice(0, 4),
  };
  const lastDay = new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const field = (kind: Period['kind'], html: string) =>
    `<span class="pf" data-kind="${kind}"${period.kind === kind ? '' : ' hidden'}>${html}</span>`;
  const dis = (kind: Period['kind']) => (period.kind === kind ? '' : ' disabled');
  const officeOpts = [
    ...(i.allOffices === false ? [] : [option('all', t.allOffices, !scope.office)]),
    ...meta.offices.map((o) => option(o.office, o.name, o.office === scope.office)),
  ].join('');
  const serviceOpts = [
    option('', t.allServices, !scope.service),
    ...meta.services
      .filter((s) => !scope.office || s.office === scope.office)
      .map((s) => option(s.service, `${s.service} — ${s.name}`, s.service === scope.service)),
  ].join('');
  const kindOpts = (['month', 'quarter', 'year', 'range'] as const)
    .map((k) => option(k, t.periodKinds[k], k === period.kind))
    .join('');
  const monthOpts = monthList
    .map((m) => option(m, `${months[Number(m.slice(5)) - 1]} ${m.slice(0, 4)}`, m === cur.month))
    .join('');
  const quarterOpts = quarters
    .map((q) =>
      option(
        q,
        fill(t.quarterLabel, { q: t.quarterNames[Number(q.slice(6)) - 1] ?? '', year: q.slice(0, 4) }),
        q === cur.quarter,
      ),
    )
    .join('');
  const yearOpts = years.map((y) => option(y, y, y === cur.year)).join('');
  const form = `<form id="filters" method="get" action="${pagePath[i.page]}" aria-label="${esc(t.filters)}">
  <input type="hidden" name="lang" value="${i.lang}">
  <label>${esc(t.office)} <select name="office">${officeOpts}</select></label>
  <label>${esc(t.service)} <select name="service">${serviceOpts}</select></label>
  <label>${esc(t.period)} <select name="period">${kindOpts}</select></label>
  ${field('month', `<label>${esc(t.month)} <select name="month"${dis('month')}>${monthOpts}</select></label>`)}
  ${field('quarter', `<label>${esc(t.quarter)} <select name="quarter"${dis('quarter')}>${quarterOpts}</select></label>`)}
  ${field('year', `<label>${esc(t.year)} <select name="year"${dis('year')}>${yearOpts}</select></label>`)}
  ${field('range', `<label>${esc(t.from)} <input type="date" name="from" value="${period.from}"${dis('range')}></label> <label>${esc(t.to)} <input type="date" name="to" value="${lastDay}"${dis('range')}></label>`)}
  <button type="submit">${esc(t.apply)}</button>
</form>`;

  // freshness: the latest transition per office (its own zone) and the last load
  const when = (iso: string, tz: string) =>
    new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: tz,
      timeZoneName: 'short',
    }).format(new Date(iso));
  const num = new Intl.NumberFormat(locale);
  const shown = meta.freshness.filter((f) => !scope.office || f.office === scope.office);
  const items = shown
    .map((f) => {
      const o = meta.offices.find((x) => x.office === f.office)!;
      const latest = f.latest_event_at
        ? `${esc(t.latestTransition)} <time datetime="${f.latest_event_at}">${esc(when(f.latest_event_at, o.timezone))}</time>`
        : esc(t.noEvents);
      return `<li data-office="${esc(f.office)}">${esc(o.name)}: ${latest} (<span class="n">${num.format(f.events)}</span> ${esc(t.transitions)})</li>`;
    })
    .join('');
  const loadAt = meta.last_load_at;
  const loadText = loadAt ? `<time datetime="${loadAt}">${esc(when(loadAt, scope.timezone))}</time>` : esc(t.noEvents);
  const newest = shown
    .map((f) => f.latest_event_at)
    .filter((x): x is string => !!x)
    .sort()
    .pop();
  const staleDays = loadAt && newest ? Math.floor((Date.parse(loadAt) - Date.parse(newest)) / 86_400_000) : 0;
  const stale = staleDays >= 3 ? `<p class="stale" role="note">${esc(fill(t.stale, { days: staleDays }))}</p>` : '';
  // years the data reach without a holiday list or Ramadan hours: their figures are provisional
  const provisional = meta.coverage
    .filter((c) => !scope.office || c.office === scope.office)
    .flatMap((c) => coverageWarnings(c, i.lang))
    .map((w) => `<p class="provisional" role="note">${esc(w)}</p>`)
    .join('');

  return `<!doctype html>
<html lang="${i.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.pages[i.page])} — ${esc(t.app)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dash/dash.css">
<script src="/assets/vendor/vega.min.js" defer></script>
<script src="/assets/vendor/vega-lite.min.js" defer></script>
<script src="/assets/vendor/vega-embed.min.js" defer></script>
<script type="module" src="/assets/dash/main.js"></script>
</head>
<body data-page="${i.page}" data-lang="${i.lang}">
<a class="skip" href="#content">${esc(t.skipLink)}</a>
<header>
  <div class="top"><h1>${esc(t.app)}</h1><span class="lang">${langLink}</span></div>
  ${userBox(i.who, i.lang)}
  <nav aria-label="${esc(t.app)}"><ul>${nav}</ul></nav>
  ${caseSearch(i.lang, i.query)}
  ${form}
  <section class="freshness" aria-label="${esc(t.freshness)}">
    <ul>${items}</ul>
    <p>${esc(t.lastLoad)}: ${loadText}</p>
    ${stale}
    ${provisional}
  </section>
</header>
<main id="content" tabindex="-1">
  <h2 class="page-title">${esc(t.pages[i.page])} · <span id="period-label">${esc(periodLabel(i.period, i.lang))}</span></h2>
  <div id="tiles" class="tiles"></div>
  <div id="sections"><p class="loading" role="status">${esc(t.loading)}</p></div>
  <noscript><p>JavaScript diperlukan untuk grafik; data tersedia di <a href="/api/openapi.json">API</a>.</p></noscript>
</main>
</body></html>`;
}
