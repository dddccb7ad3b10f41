/**
 * The lists behind the figures (issue #25 §2): the rows a chart mark or a table row of a page
 * stands for, selected by the URL of the Berkas or the Pengaduan page, every one of them a page
 * at a time ("Halaman 2 dari 3", previous and next links) with a CSV of all of them
 * (`/api/dash/{page}/csv`), and the case-number search of the page header.
 *
 * - Berkas: `step` (with `service`): that step's visits over quota in the period; `officer`: that
 *   desk's visits; `list=submitted` (with a month): the cases submitted; `list=open|late|overdue`:
 *   the whole lists whose first rows the page shows; `q`: the case search.
 * - Pengaduan: `channel` / `category`: the complaints of the year to date behind that row;
 *   `complaint`: its stage history.
 *
 * Every link keeps the filters of the page it is on (office, service, period, language).
 */
import type { Database } from '../db/index.js';
import * as data from '../read/index.js';
import type { DashFilters, Period } from './period.js';
import type { Column, Format, Section } from './model.js';
import { categoryLabel, channelLabel, stageLabel } from './labels.js';
import type { Lang } from './specs.js';
import { pagePath, type PageId } from './texts.js';
import { dashboards, fill, localeOf } from '../i18n/index.js';

/** The URL parameters of the drill-down lists (validated by pageQuery of the dashboard routes). */
export interface DrillQuery {
  case?: string | undefined;
  list?: 'overdue' | 'open' | 'late' | 'submitted' | 'received' | undefined;
  step?: string | undefined;
  officer?: string | undefined;
  channel?: string | undefined;
  category?: string | undefined;
  complaint?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
  page_size?: number | undefined;
  /** every row of every list (the CSV download), no page */
  all?: boolean | undefined;
  /** the offices the caller may see (null: all): the case search names a case of another one */
  visible?: readonly string[] | null | undefined;
}

export type DrillFilters = DashFilters & DrillQuery;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const words = { id: dashboards.id.drill, en: dashboards.en.drill };

export const drillWords = words;

const col = (field: string, label: string, format: Format = 'text', link?: string): Column =>
  link ? { field, label, format, link } : { field, label, format };

/**
 * The URL of a dashboard page with the filters of this one (office, service, period; the language
 * when English) and `extra` over them (null drops a filter), then `#hash`.
 */
export function drillHref(
  page: PageId,
  f: DrillFilters,
  extra: Record<string, string | null | undefined> = {},
  hash = '',
): string {
  const keep: Record<string, string | null | undefined> = {
    office: f.office,
    service: f.service,
    period: f.period,
    month: f.month,
    quarter: f.quarter,
    year: f.year,
    from: f.from,
    to: f.to,
    lang: f.lang === 'en' ? 'en' : null,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...keep, ...extra })) if (v != null && v !== '') q.set(k, v);
  return `${pagePath[page]}?${q.toString()}${hash ? `#${hash}` : ''}`;
}

/** The drill parameters of `f` as URL values (what a pager link keeps). */
function drillParams(f: DrillFilters): Record<string, string | null> {
  return {
    list: f.list ?? null,
    step: f.step ?? null,
    officer: f.officer ?? null,
    channel: f.channel ?? null,
    category: f.category ?? null,
    complaint: f.complaint ?? null,
    q: f.q ?? null,
    page_size: f.page_size ? String(f.page_size) : null,
  };
}

/** The rows of the requested page (`page`, `page_size` of the URL; every row for the CSV). */
export function sliceOf(f: DrillFilters): data.Slice {
  if (f.all) return { offset: 0, limit: null };
  const size = Math.min(MAX_PAGE_SIZE, f.page_size ?? DEFAULT_PAGE_SIZE);
  return { offset: ((f.page ?? 1) - 1) * size, limit: size };
}

/**
 * A section of one page of a list: its rows, the pager (page n of m, previous and next keeping
 * every filter and drill parameter) and the URL of the CSV of all its rows.
 */
export function listSection(
  page: PageId,
  f: DrillFilters,
  id: string,
  title: string,
  description: string | null,
  columns: Column[],
  list: data.ListPage<object>,
  empty: string,
): Section {
  const w = words[f.lang];
  const size = Math.min(MAX_PAGE_SIZE, f.page_size ?? DEFAULT_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(list.total / size));
  // a page past the last (an old link, fewer rows since): no rows, and a link back to the last page
  const at = f.page ?? 1;
  const link = (n: number) => drillHref(page, f, { ...drillParams(f), page: n === 1 ? null : String(n) }, id);
  const query = drillHref(page, f, { ...drillParams(f), page_size: null, section: id }).split('?')[1];
  return {
    id,
    title,
    description,
    spec: null,
    columns,
    rows: list.rows as Record<string, unknown>[],
    empty: list.rows.length ? null : empty,
    notes: [],
    pager: f.all
      ? null
      : {
          page: at,
          pages,
          total: list.total,
          page_size: size,
          text: fill(w.pager, { page: at, pages, total: list.total }),
          prev: at > 1 ? link(Math.min(at - 1, pages)) : null,
          next: at < pages ? link(at + 1) : null,
        },
    csv: `/api/dash/${page}/csv?${query}`,
  };
}

type Scope = data.Scope;

/**
 * The Berkas page's drill-down lists for the URL (a step's visits over quota, a desk's visits,
 * the cases submitted, the whole open, late or overdue lists, a case search's matches), each
 * paged; an empty array when the URL asks for none.
 */
export async function berkasLists(
  db: Database,
  scope: Scope,
  cur: Period,
  f: DrillFilters,
  periodText: string,
): Promise<Section[]> {
  const t = dashboards[f.lang];
  const w = words[f.lang];
  const slice = sliceOf(f);
  const m = await data.cachedMeta(db);
  const officeName = (o: string) => m.offices.find((x) => x.office === o)?.name ?? o;
  const caseLink = (r: { office: string; case_id: string }) =>
    drillHref('berkas', f, { office: r.office, case: r.case_id }, 'timeline');
  const visitCols = [
    col('case_id', t.colCase, 'case', 'href'),
    col('office_name', t.office),
    col('service', t.colService),
    col('step_label', t.colStep),
    col('visit_no', w.colVisitNo, 'int'),
    col('officer_name', t.colOfficer),
    col('arrived_at', t.colArrivedAt, 'datetime'),
    col('completed_at', t.colCompletedAt, 'datetime'),
    col('queue_min', w.colQueue, 'dec1'),
    col('handling_min', t.colHandling, 'dec1'),
    col('quota_min', t.colQuota, 'dec1'),
    col('over_min', w.colOverMin, 'dec1'),
  ];
  const visitRows = (l: data.ListPage<data.VisitListRow>) => ({
    total: l.total,
    rows: l.rows.map((r) => ({
      ...r,
      office_name: officeName(r.office),
      step_label: r.step_name ? `${r.step} ${r.step_name}` : r.step,
      officer_name: r.officer_name ?? r.officer,
      href: caseLink(r),
    })),
  });
  const caseCols = [
    col('case_id', t.colCase, 'case', 'href'),
    col('office_name', t.office),
    col('service', t.colService),
    col('status', t.colStatus, 'status'),
    col('submitted_at', t.colSubmittedAt, 'datetime'),
    col('due_at', t.colDue, 'datetime'),
    col('elapsed_min', t.colElapsed, 'dec1'),
    col('quota_min', t.colQuota, 'int'),
    col('excess_min', t.colExcess, 'dec1'),
    col('bottleneck_step', t.colBottleneck),
  ];
  const caseRows = <R extends { office: string; case_id: string }>(l: data.ListPage<R>) => ({
    total: l.total,
    rows: l.rows.map((r) => ({ ...r, office_name: officeName(r.office), href: caseLink(r) })),
  });
  const out: Section[] = [];
  if (f.step) {
    const l = visitRows(await data.stepVisitsOver(db, scope, cur, f.step, slice));
    const first = l.rows[0];
    const step = first?.step_name ? `${f.step} ${first.step_name}` : f.step;
    out.push(
      listSection(
        'berkas',
        f,
        'step_visits',
        fill(w.stepVisits, { step: scope.service ? `${scope.service} ${step}` : step }),
        w.stepVisitsDesc,
        visitCols,
        l,
        w.noStepVisits,
      ),
    );
  }
  if (f.officer) {
    const l = visitRows(await data.officerVisits(db, scope, cur, f.officer, slice));
    const name = l.rows[0]?.officer_name ?? f.officer;
    out.push(
      listSection(
        'berkas',
        f,
        'officer_visits',
        fill(w.officerVisits, { officer: name === f.officer ? f.officer : `${name} (${f.officer})` }),
        w.officerVisitsDesc,
        visitCols,
        l,
        w.noOfficerVisits,
      ),
    );
  }
  if (f.list === 'submitted') {
    out.push(
      listSection(
        'berkas',
        f,
        'submitted_cases',
        fill(w.submitted, { period: periodText }),
        null,
        caseCols,
        caseRows(await data.caseListPage(db, scope, cur, 'submitted', slice)),
        w.noSubmitted,
      ),
    );
  }
  if (f.list === 'open') {
    out.push(
      listSection(
        'berkas',
        f,
        'open_cases',
        t.secOpenCases,
        t.secOpenCasesDesc,
        caseCols,
        caseRows(await data.caseListPage(db, scope, cur, 'open', slice)),
        t.noData,
      ),
    );
  }
  if (f.list === 'late') {
    out.push(
      listSection(
        'berkas',
        f,
        'late_cases',
        t.secLateCases,
        null,
        caseCols,
        caseRows(await data.caseListPage(db, scope, cur, 'late', slice)),
        t.noData,
      ),
    );
  }
  if (f.list === 'overdue') {
    // the whole list behind the Ringkasan's "overdue" tile (its first rows are there)
    const od = await data.overdueCases(db, scope, cur, slice.limit, slice.offset);
    out.push(
      listSection(
        'berkas',
        f,
        'overdue_cases',
        t.secOverdueCases,
        t.secOverdueCasesDesc,
        [
          col('case_id', t.colCase, 'case', 'href'),
          col('office_name', t.office),
          col('service', t.colService),
          col('submitted_at', t.colSubmittedAt, 'datetime'),
          col('due_at', t.colDue, 'datetime'),
        ],
        caseRows(od),
        t.noOverdueCases,
      ),
    );
  }
  return out;
}

/**
 * Where a case number of the search box (or of a `case=` link) lies for this caller: `here` (a
 * card in the office shown), `elsewhere` (only in other offices the caller may see: links that
 * switch office), or `none`, the same for a case that does not exist and for one of an office
 * the caller may not see (its existence is not told across the office scope).
 */
export async function locateCase(
  db: Database,
  scope: Scope,
  f: DrillFilters,
  caseId: string,
): Promise<{ kind: 'here'; office: string } | { kind: 'elsewhere'; offices: string[] } | { kind: 'none' }> {
  const offices = (await data.caseOffices(db, caseId)).filter((o) => f.visible == null || f.visible.includes(o));
  if (scope.office ? offices.includes(scope.office) : offices.length === 1)
    return { kind: 'here', office: scope.office ?? offices[0]! };
  return offices.length ? { kind: 'elsewhere', offices } : { kind: 'none' };
}

/** The section telling that a case lies in other offices, with a link switching to each. */
export async function elsewhereSection(
  db: Database,
  f: DrillFilters,
  caseId: string,
  offices: string[],
  title: string,
): Promise<Section> {
  const w = words[f.lang];
  const m = await data.cachedMeta(db);
  const name = (o: string) => m.offices.find((x) => x.office === o)?.name ?? o;
  const rows = offices.map((o) => ({
    office: o,
    office_name: name(o),
    text: fill(w.openIn, { case: caseId, office: name(o) }),
    href: drillHref('berkas', f, { office: o, case: caseId }, 'timeline'),
  }));
  return {
    id: 'timeline',
    title,
    description: null,
    spec: null,
    columns: [col('office_name', dashboards[f.lang].office), col('text', dashboards[f.lang].colCase, 'text', 'href')],
    rows,
    empty: null,
    notes: offices.map((o) => fill(w.otherOffice, { case: caseId, office: name(o) })),
    more: rows.length === 1 ? { href: rows[0]!.href, text: rows[0]!.text } : null,
  };
}

/** The cases whose number starts with `q` in the office shown (every office the caller may see when pooled), paged. */
export async function searchSection(db: Database, scope: Scope, f: DrillFilters, q: string): Promise<Section> {
  const t = dashboards[f.lang];
  const w = words[f.lang];
  const m = await data.cachedMeta(db);
  const offices = scope.office ? [scope.office] : f.visible ? [...f.visible] : null;
  const l = await data.casesByPrefix(db, offices, q, sliceOf(f));
  const officeName = (o: string) => m.offices.find((x) => x.office === o)?.name ?? o;
  return listSection(
    'berkas',
    f,
    'search_results',
    fill(w.search, { q }),
    fill(w.searchDesc, { q }),
    [
      col('case_id', t.colCase, 'case', 'href'),
      col('office_name', t.office),
      col('service', t.colService),
      col('status', t.colStatus, 'status'),
      col('submitted_at', t.colSubmittedAt, 'datetime'),
    ],
    {
      total: l.total,
      rows: l.rows.map((r) => ({
        ...r,
        office_name: officeName(r.office),
        href: drillHref('berkas', f, { office: r.office, case: r.case_id, q: null }, 'timeline'),
      })),
    },
    fill(t.caseNotFound, { case: q }),
  );
}

/**
 * The Pengaduan page's drill-down: the complaints behind a channel's or a category's row (paged),
 * and one complaint's stage history.
 */
export async function pengaduanLists(
  db: Database,
  scope: Scope,
  cur: Period,
  f: DrillFilters,
  periodText: string,
): Promise<Section[]> {
  const t = dashboards[f.lang];
  const w = words[f.lang];
  const lang = f.lang;
  const out: Section[] = [];
  if (!(await data.hasRelation(db, 'complaint_register'))) return out;
  const m = await data.cachedMeta(db);
  const officeName = (o: string) => m.offices.find((x) => x.office === o)?.name ?? o;
  const complaintRows = (l: data.ListPage<data.ComplaintListRow>) => ({
    total: l.total,
    rows: l.rows.map((r) => ({
      ...r,
      office_name: officeName(r.office),
      channel: channelLabel(r.channel, lang),
      category: categoryLabel(r.category, lang),
      stage: stageLabel(r.stage, lang),
      href: complaintHref(f, r.office, r.complaint_id),
    })),
  });
  if (f.list === 'received') {
    // a month's bar of the resolution chart: the complaints received in it
    const l = await data.complaintList(db, scope, cur, { inPeriod: true }, sliceOf(f));
    out.push(
      listSection(
        'pengaduan',
        f,
        'complaint_list',
        fill(w.complaintsReceived, { period: periodText }),
        null,
        complaintCols(t, w),
        complaintRows(l),
        w.noComplaints,
      ),
    );
  }
  if (f.channel || f.category) {
    const what = [
      f.channel ? fill(w.channelWord, { x: channelLabel(f.channel, lang) }) : null,
      f.category ? fill(w.categoryWord, { x: categoryLabel(f.category, lang) }) : null,
    ]
      .filter(Boolean)
      .join(' ');
    const l = await data.complaintList(db, scope, cur, { channel: f.channel, category: f.category }, sliceOf(f));
    out.push(
      listSection(
        'pengaduan',
        f,
        'complaint_list',
        fill(w.complaintsOf, { what }),
        w.complaintsDesc,
        complaintCols(t, w),
        complaintRows(l),
        w.noComplaints,
      ),
    );
  }
  if (f.complaint) {
    const title = fill(w.history, { id: f.complaint });
    const h = scope.office ? await data.complaintHistory(db, scope.office, f.complaint) : null;
    const cols = [
      col('stage', t.colStage),
      col('stage_at', w.colStageAt, 'datetime'),
      col('handled_by', w.colHandledBy),
      col('responded_at', w.colRespondedAt, 'datetime'),
      col('resolved_at', w.colResolvedAt, 'datetime'),
    ];
    if (!h) {
      out.unshift({
        id: 'complaint_history',
        title,
        description: null,
        spec: null,
        columns: cols,
        rows: [],
        empty: scope.office ? fill(w.historyNotFound, { id: f.complaint }) : w.pickOffice,
        notes: [],
      });
    } else {
      const when = new Intl.DateTimeFormat(localeOf(lang), {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: m.offices.find((o) => o.office === h.complaint.office)?.timezone ?? 'Asia/Jakarta',
      });
      out.unshift({
        id: 'complaint_history',
        title,
        description: null,
        spec: null,
        columns: cols,
        rows: h.stages.map((r) => ({ ...r, stage: stageLabel(r.stage, lang) })),
        empty: h.stages.length ? null : w.noComplaints,
        notes: [
          fill(w.historyHead, {
            received: when.format(new Date(h.complaint.received_at)),
            channel: channelLabel(h.complaint.channel, lang),
            category: categoryLabel(h.complaint.category, lang),
            stage: stageLabel(h.complaint.stage, lang),
          }),
        ],
      });
    }
  }
  return out;
}

/** The columns of a list of complaints. */
const complaintCols = (t: (typeof dashboards)[Lang], w: (typeof words)[Lang]) => [
  col('complaint_id', t.colComplaint, 'text', 'href'),
  col('office_name', t.office),
  col('received_at', t.colReceived, 'datetime'),
  col('channel', t.colChannel),
  col('category', t.colCategory),
  col('stage', t.colStage),
  col('resolved_at', w.colResolvedAt, 'datetime'),
];

/** The URL of a complaint's stage history on the Pengaduan page. */
export const complaintHref = (f: DrillFilters, office: string, id: string) =>
  drillHref('pengaduan', f, { office, complaint: id }, 'complaint_history');
