/**
 * What each dashboard page shows: tiles, and sections each made of a Vega-Lite chart (from
 * specs.ts) with the table that is its text equivalent and its CSV. The browser only renders
 * what this returns; every number comes from data.ts (SQL over the views).
 */
import { judge, type Judged, type Verdict } from './verdict.js';
import { openComplaints } from '../complaints/index.js';
import type { Database } from '../db/index.js';
import * as data from '../read/index.js';
import {
  monthPeriod,
  previousPeriod,
  periodLabel,
  resolvePeriod,
  trendWindow,
  type DashFilters,
  type Period,
} from './period.js';
import {
  arrivalsHeatmapSpec,
  caseTimelineSpec,
  complaintResolutionSpec,
  ikmUnsurSpec,
  officerSpec,
  queueHandlingSpec,
  sparklineSpec,
  stepExcessSpec,
  stepTimeSpec,
  trendSpec,
  weekdays,
  type Lang,
} from './specs.js';
import { type PageId } from './texts.js';
import {
  berkasLists,
  complaintHref,
  drillHref,
  drillWords,
  elsewhereSection,
  locateCase,
  pengaduanLists,
  searchSection,
  type DrillFilters,
} from './drill.js';
import type { Column, Format, Section } from './model.js';
import { categoryLabel, categoryOrder, channelLabel, stageLabel } from './labels.js';
import { dashboards, fill, localeOf } from '../i18n/index.js';

export type { Column, Format, Pager, Section } from './model.js';

export interface Tile {
  id: string;
  label: string;
  value: number | null;
  format: Format;
  previous: number | null;
  /** Which direction is good (for the colour of the change). */
  better: 'up' | 'down';
  note: string | null;
  /** Text shown instead of a value (no data yet, choose an office). */
  missing: string | null;
  /** Whether the value keeps its target, in words (src/dashboards/verdict.ts); null: no target. */
  verdict: Verdict | null;
  /** The twelve months ending with the period's last month, each as its month's tile shows it (the sparkline). */
  trend?: TileTrend | null;
  /** The page with the rows behind the figure (issue #25 §2), with the filters of this one. */
  href?: string | null;
}

export interface TileTrend {
  /** first days of the months (YYYY-MM-01), oldest first */
  months: string[];
  values: (number | null)[];
  /** the trend in words: the first and the last value of the twelve months */
  text: string;
  /** Vega-Lite sparkline; null when no month has a value */
  spec: Record<string, unknown> | null;
}

export interface PageData {
  page: PageId;
  lang: Lang;
  timezone: string;
  office: string | null;
  service: string | null;
  period: { kind: Period['kind']; from: string; to: string; label: string; previous_label: string };
  tiles: Tile[];
  sections: Section[];
}

const col = (field: string, label: string, format: Format = 'text'): Column => ({ field, label, format });
const linked = (field: string, label: string, format: Format = 'text'): Column => ({
  field,
  label,
  format,
  link: 'href',
});

/** The URL of a dashboard page with the filters of this one (drill.ts: one maker of the pages' links). */
const pageHref = drillHref;

function section(
  id: string,
  title: string,
  description: string | null,
  spec: unknown,
  columns: Column[],
  rows: object[],
  empty: string,
  notes: string[] = [],
): Section {
  return {
    id,
    title,
    description,
    spec: rows.length > 0 ? (spec as Record<string, unknown> | null) : null,
    columns,
    rows: rows as Record<string, unknown>[],
    empty: rows.length > 0 ? null : empty,
    notes,
  };
}

/** Builds the data of one page for the filters of the URL. */
export async function buildPage(db: Database, page: PageId, f: DrillFilters): Promise<PageData> {
  const out = await build(db, page, f);
  // offices by name where a person reads them (issue #25 §4): a column `office_name` of a row with an office
  const m = await data.cachedMeta(db);
  const names = new Map(m.offices.map((o) => [o.office, o.name]));
  for (const s of out.sections) {
    if (!s.columns.some((c) => c.field === 'office_name')) continue;
    s.rows = s.rows.map((r) =>
      r.office_name == null && typeof r.office === 'string'
        ? { ...r, office_name: names.get(r.office) ?? r.office }
        : r,
    );
  }
  // a case's bottleneck step by its code and name (the case lists of Berkas)
  const lists = out.sections.filter(
    (s) => s.columns.some((c) => c.field === 'bottleneck_step') && s.rows.some((r) => typeof r.service === 'string'),
  );
  if (lists.length) {
    const steps = await data.stepNames(db);
    for (const s of lists) {
      s.rows = s.rows.map((r) => {
        const name =
          typeof r.bottleneck_step === 'string'
            ? steps.get(`${r.office}/${r.service}/${r.bottleneck_step}`)
            : undefined;
        return name ? { ...r, bottleneck_step: `${r.bottleneck_step} ${name}` } : r;
      });
    }
  }
  return out;
}

async function build(db: Database, page: PageId, f: DrillFilters): Promise<PageData> {
  const lang = f.lang;
  const t = dashboards[lang];
  const m = await data.cachedMeta(db);
  const scope = data.resolveScope(m, f.office, f.service);
  const cur = resolvePeriod(f, data.latestMonth(m, scope));
  const prev = previousPeriod(cur);
  const base: PageData = {
    page,
    lang,
    timezone: scope.timezone,
    office: scope.office,
    service: scope.service,
    period: {
      kind: cur.kind,
      from: cur.from,
      to: cur.to,
      label: periodLabel(cur, lang),
      previous_label: periodLabel(prev, lang),
    },
    tiles: [],
    sections: [],
  };
  const opts = { lang };
  switch (page) {
    case 'ringkasan': {
      // the period's figures, and the twelve months ending with its last month for the sparklines
      const lastMonth = data.lastMonth(cur);
      const [o, series] = await Promise.all([
        data.overview(db, scope, cur, prev),
        data.tileSeries(db, scope, lastMonth),
      ]);
      const ytd = o.complaints.current;
      // the office's own target of the share within quota; pooled offices: theirs when they agree
      const targets = [
        ...new Set(
          m.offices.filter((x) => !scope.office || x.office === scope.office).map((x) => x.within_quota_target),
        ),
      ];
      const withinTarget = targets.length === 1 ? targets[0]! * 100 : null;
      const v = (j: Judged | null) => (j ? judge(j, lang) : null);
      base.tiles = [
        {
          id: 'within_quota_pct',
          label: t.tileWithin,
          value: o.current.within_quota_pct,
          format: 'pct',
          previous: o.previous.within_quota_pct,
          better: 'up',
          note: fill(t.readyOf, { n: o.current.ready }),
          missing: null,
          verdict: v(
            o.current.within_quota_pct != null && withinTarget != null
              ? { kind: 'pct', value: o.current.within_quota_pct, target: withinTarget }
              : null,
          ),
        },
        {
          id: 'median_elapsed_days',
          label: t.tileMedian,
          value: o.current.median_elapsed_days,
          format: 'dec1',
          previous: o.previous.median_elapsed_days,
          better: 'down',
          note: null,
          missing: null,
          verdict: null,
        },
        {
          id: 'overdue_now',
          label: t.tileOverdue,
          value: o.current.overdue,
          format: 'int',
          previous: o.previous.overdue,
          better: 'down',
          note: fill(t.tileOverdueNote, { period: periodLabel(prev, lang) }),
          missing: null,
          verdict: v(o.current.overdue != null ? { kind: 'zero', value: o.current.overdue } : null),
        },
        {
          id: 'complaint_ytd_rate',
          label: t.tileComplaints,
          value: ytd?.rate ?? null,
          format: 'ratio',
          previous: o.complaints.previous?.rate ?? null,
          better: 'up',
          note: ytd ? fill(t.tileComplaintsNote, { target: `${Math.round(ytd.target * 100)}%` }) : null,
          missing: ytd && ytd.rate != null ? null : t.complaintsNone,
          verdict: v(ytd && ytd.rate != null ? { kind: 'ratio', value: ytd.rate, target: ytd.target } : null),
        },
        {
          id: 'ikm',
          label: t.tileIkm,
          value: o.ikm.current?.ikm_converted_rounded ?? null,
          format: 'dec2',
          previous: o.ikm.previous?.ikm_converted_rounded ?? null,
          better: 'up',
          // the grade, the respondents, the period pooled, and a sample below Krejcie–Morgan said in words
          note: o.ikm.current
            ? [
                `${t.colGrade} ${o.ikm.current.grade} (${o.ikm.current.label}) · ${o.ikm.current.respondents} ${t.colRespondents.toLowerCase()}`,
                fill(t.ikmPooled, {
                  period: o.ikm.current.period === cur.ikmPeriod ? periodLabel(cur, lang) : o.ikm.current.period,
                }),
                o.ikm.current.sample_adequate === false
                  ? fill(t.ikmSampleShort, {
                      n: o.ikm.current.respondents,
                      required: o.ikm.current.required_sample ?? '—',
                    })
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')
            : null,
          missing: scope.office ? (o.ikm.current ? null : t.ikmNone) : t.pickOffice,
          verdict: v(
            scope.office && o.ikm.current?.ikm_converted_rounded != null
              ? { kind: 'ikm', value: o.ikm.current.ikm_converted_rounded }
              : null,
          ),
        },
      ];
      const seriesOf: Record<string, (number | null)[]> = {
        within_quota_pct: series.within_quota_pct,
        median_elapsed_days: series.median_elapsed_days,
        overdue_now: series.overdue,
        complaint_ytd_rate: series.complaint_ytd_rate,
        ikm: series.ikm,
      };
      // where each figure's rows are: the late cases, the trend, the overdue cases, the complaints, the survey
      const behind: Record<string, string> = {
        within_quota_pct: pageHref('berkas', f, { list: 'late' }, 'late_cases'),
        median_elapsed_days: pageHref('tren', f, {}, 'trend'),
        overdue_now: pageHref('berkas', f, { office: scope.office ?? 'all', list: 'overdue' }, 'overdue_cases'),
        complaint_ytd_rate: pageHref('pengaduan', f, {}, 'complaints'),
        ikm: pageHref('skm', f, {}, 'ikm_unsur'),
      };
      for (const tile of base.tiles) {
        const values = seriesOf[tile.id];
        if (values) tile.trend = tileTrend(series.months, values, tile.format, lang);
        tile.href = behind[tile.id] ?? null;
      }
      const names = new Map(m.services.map((x) => [`${x.office}/${x.service}`, x.name]));
      const services = o.services.map((x) => ({
        ...x,
        name: names.get(`${x.office}/${x.service}`) ?? null,
        // the period's bottleneck by name with its code (SPEC §2.3.9)
        bottleneck_step: x.bottleneck_step
          ? `${x.bottleneck_step}${x.bottleneck_name ? ` ${x.bottleneck_name}` : ''}`
          : null,
      }));
      base.sections = [
        section(
          'services',
          t.secServices,
          t.secServicesDesc,
          null,
          [
            col('office_name', t.office),
            col('service', t.colService),
            col('name', t.colName),
            col('submitted', t.colSubmitted, 'int'),
            col('ready', t.colReady, 'int'),
            col('within_quota_pct', t.colWithin, 'pct'),
            col('median_elapsed_days', t.colMedianDays, 'dec1'),
            col('overdue_now', t.tileOverdue, 'int'),
            col('bottleneck_step', t.colBottleneck),
          ],
          services,
          t.noData,
        ),
        ...(await ringkasanLists(db, scope, cur, f, o.services, names)),
      ];
      return base;
    }
    case 'tahapan': {
      const [rows, quotaless] = await Promise.all([
        data.steps(db, scope, cur),
        data.servicesWithoutStepQuotas(db, scope),
      ]);
      // an SOP without step quotas says so (issue #25 §4), not "nothing over quota" and an empty chart
      const none = noStepQuotas(m, scope, quotaless);
      const w = drillWords[lang];
      // each step leads to its visits over quota (the Berkas page), from its bar and its row
      const office = rows
        .filter((r) => r.clock !== 'applicant')
        .map((r) => ({
          ...r,
          href: drillHref('berkas', f, { office: r.office, service: r.service, step: r.step }, 'step_visits'),
        }));
      // the period's bottleneck of each service (SPEC §2.3.9), where a step is over its quota
      const worst = office.filter((r) => r.bottleneck && (r.over_min_total ?? 0) > 0);
      const nf = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 0 });
      const named = (r: (typeof office)[number]) => `${r.service} ${r.step}${r.step_name ? ` (${r.step_name})` : ''}`;
      const notes = none
        ? [w.noStepQuotas]
        : [
            ...(worst.length
              ? worst.map((r) => fill(t.bottleneck, { step: named(r), excess: nf.format(r.over_min_total ?? 0) }))
              : [t.noBottleneck]),
            ...(quotaless.length
              ? [
                  fill(w.someNoStepQuotas, {
                    services: quotaless.map((x) => (scope.office ? x.service : `${x.office}/${x.service}`)).join(', '),
                  }),
                ]
              : []),
          ];
      const cols = [
        col('service', t.colService),
        linked('step', t.colStep),
        col('step_name', t.colStepName),
        col('visits', t.colVisits, 'int'),
        col('median_handling_min', t.colMedian, 'dec1'),
        col('p90_handling_min', t.colP90, 'dec1'),
        col('quota_min', t.colQuota, 'dec1'),
        col('within_quota_pct', t.colWithin, 'pct'),
        col('excess_min_total', t.colExcess, 'int'),
        col('over_min_total', t.colOver, 'int'),
      ];
      const queued = office.filter((r) => r.visits_with_start > 0 && r.median_queue_min != null);
      base.sections = [
        section(
          'step_time',
          t.secStepTime,
          t.secStepTimeDesc,
          stepTimeSpec(office, opts),
          cols,
          office,
          t.noData,
          notes,
        ),
        section(
          'step_excess',
          t.secStepExcess,
          t.secStepExcessDesc,
          stepExcessSpec(office, opts),
          cols,
          office.filter((r) => r.quota_min != null),
          none ? w.noStepQuotas : t.noData,
        ),
        section(
          'queue_handling',
          t.secQueue,
          t.secQueueDesc,
          queueHandlingSpec(queued, opts),
          [
            col('service', t.colService),
            col('step', t.colStep),
            col('visits_with_start', t.colWithStart, 'int'),
            col('median_queue_min', t.colQueue, 'dec1'),
            col('median_handling_min', t.colMedian, 'dec1'),
          ],
          queued,
          t.noData,
        ),
      ];
      return base;
    }
    case 'petugas': {
      // each desk leads to the visits it handed on in the period (the Berkas page)
      const rows = (await data.officers(db, scope, cur)).map((r) => ({
        ...r,
        href: drillHref('berkas', f, { office: r.office, officer: r.officer }, 'officer_visits'),
      }));
      base.sections = [
        section(
          'officers',
          t.secOfficers,
          t.secOfficersDesc,
          officerSpec(
            rows.map((r) => ({ ...r, open_visits: r.open_now })),
            opts,
          ),
          [
            linked('officer', t.colOfficer),
            col('name', t.colName),
            col('role', t.colRole),
            col('visits', t.colVisits, 'int'),
            col('median_handling_min', t.colMedian, 'dec1'),
            col('p90_handling_min', t.colP90, 'dec1'),
            col('within_quota_pct', t.colWithin, 'pct'),
            col('breaches', t.colBreaches, 'int'),
            col('open_now', t.colOpen, 'int'),
            col('oldest_open_days', t.colOldest, 'dec1'),
            col('median_open_days', t.colMedianOpen, 'dec1'),
          ],
          rows,
          t.noData,
        ),
      ];
      return base;
    }
    case 'tren': {
      const w = trendWindow(cur);
      // each month leads to the cases submitted in it (the Berkas page, that month as the period)
      const month = (m: string) => ({
        period: 'month',
        month: m.slice(0, 7),
        quarter: null,
        year: null,
        from: null,
        to: null,
        list: 'submitted',
      });
      const rows = (await data.trend(db, scope, w)).map((r) => ({
        ...r,
        href: drillHref('berkas', f, month(r.month), 'submitted_cases'),
      }));
      const arr = await data.arrivals(db, scope, w);
      const days = weekdays[lang];
      base.sections = [
        section(
          'trend',
          t.secTrend,
          t.secTrendDesc,
          trendSpec(rows, opts),
          [
            linked('month', t.colMonth, 'month'),
            col('submitted', t.colSubmitted, 'int'),
            col('ready', t.colReady, 'int'),
            col('within_quota_pct', t.colWithin, 'pct'),
            col('median_elapsed_days', t.colMedianDays, 'dec1'),
          ],
          rows.some((r) => r.submitted > 0 || r.ready > 0) ? rows : [],
          t.noData,
        ),
        section(
          'arrivals',
          t.secArrivals,
          t.secArrivalsDesc,
          arrivalsHeatmapSpec(arr, opts),
          [col('day', t.colWeekday), col('hour', t.colHour, 'int'), col('arrivals', t.colArrivals, 'int')],
          arr.map((r) => ({ day: days[r.weekday - 1], ...r })),
          t.noData,
        ),
      ];
      return base;
    }
    case 'berkas': {
      // a number of the search box: the case's card when it is one (as case= would), else the
      // cases whose number it begins; a case of another office the caller may see: links there
      const q = f.q?.trim() || undefined;
      const exact = q && !f.case ? await locateCase(db, scope, f, q) : null;
      const caseId = f.case ?? (exact && exact.kind !== 'none' ? q : undefined);
      const where = caseId ? (exact ?? (await locateCase(db, scope, f, caseId))) : null;
      // a list asked for in the URL (a figure's rows) instead of the page's first rows
      const drill = !!(f.step || f.officer || f.list || (q && !caseId));
      // the lists and the case's card side by side (several read connections)
      const [lists, card] = await Promise.all([
        drill ? null : data.caseLists(db, scope, cur),
        where?.kind === 'here' ? data.caseCard(db, caseId!, where.office) : null,
      ]);
      const caseCols = [
        col('case_id', t.colCase, 'case'),
        col('service', t.colService),
        col('status', t.colStatus, 'status'),
        col('submitted_at', t.colSubmittedAt, 'datetime'),
        col('due_at', t.colDue, 'datetime'),
        col('elapsed_min', t.colElapsed, 'dec1'),
        col('quota_min', t.colQuota, 'int'),
        col('excess_min', t.colExcess, 'dec1'),
        col('bottleneck_step', t.colBottleneck),
      ];
      if (caseId) {
        if (where?.kind === 'elsewhere') {
          base.sections.push(
            await elsewhereSection(db, f, caseId, where.offices, fill(t.secTimeline, { case: caseId })),
          );
        } else if (!card) {
          base.sections.push(
            section(
              'timeline',
              fill(t.secTimeline, { case: caseId }),
              null,
              null,
              [],
              [],
              fill(t.caseNotFound, { case: caseId }),
            ),
          );
        } else {
          const spec = caseTimelineSpec(card.visits, card.pauses, {
            lang,
            timeZone: card.case.timezone,
            ...(card.case.as_of ? { asOf: card.case.as_of } : {}),
          });
          base.sections.push(
            section(
              'timeline',
              fill(t.secTimeline, { case: caseId }),
              t.secTimelineDesc,
              spec,
              [
                col('step', t.colStep),
                col('step_name', t.colStepName),
                col('visit_no', t.colVisitNo, 'int'),
                col('officer_name', t.colOfficer),
                col('arrived_at', t.colArrivedAt, 'datetime'),
                col('started_at', t.colStartedAt, 'datetime'),
                col('completed_at', t.colCompletedAt, 'datetime'),
                col('outcome', t.colOutcome, 'outcome'),
                col('handling_min', t.colHandling, 'dec1'),
                col('quota_min', t.colQuota, 'dec1'),
                col('quota_end_at', t.colQuotaEnd, 'datetime'),
              ],
              card.visits,
              t.noData,
            ),
            section(
              'pauses',
              t.pauses,
              null,
              null,
              [
                col('from', t.colPauseFrom, 'datetime'),
                col('to', t.colPauseTo, 'datetime'),
                col('paused_min', t.colPaused, 'dec1'),
              ],
              card.pauses,
              t.noData,
            ),
          );
          base.timezone = card.case.timezone;
        }
      }
      if (q && !caseId) base.sections.push(await searchSection(db, scope, f, q));
      base.sections.push(...(await berkasLists(db, scope, cur, f, periodLabel(cur, lang))));
      if (lists) {
        // the first rows of each, and a link to all of them a page at a time
        const w = drillWords[lang];
        const all = (list: 'open' | 'late', shown: number, total: number, text: string) =>
          total > shown
            ? { href: drillHref('berkas', f, { list }, `${list}_cases`), text: fill(text, { n: total }) }
            : null;
        base.sections.push(
          {
            ...section('open_cases', t.secOpenCases, t.secOpenCasesDesc, null, caseCols, lists.open, t.noData, [
              fill(t.showing, { n: lists.open.length, total: lists.openTotal }),
            ]),
            more: all('open', lists.open.length, lists.openTotal, w.allOpen),
          },
          {
            ...section('late_cases', t.secLateCases, null, null, caseCols, lists.late, t.noData, [
              fill(t.showing, { n: lists.late.length, total: lists.lateTotal }),
            ]),
            more: all('late', lists.late.length, lists.lateTotal, w.allLate),
          },
        );
      }
      return base;
    }
    case 'pengaduan': {
      // the complaint figures and the open complaints side by side (several read connections)
      const last = data.lastMonth(cur).slice(0, 7);
      const [c, openList] = await Promise.all([
        data.complaints(db, scope, cur),
        // (a database without the complaint tables has no list: its error is dropped with c null)
        scope.office
          ? data
              .complaintMonthAsOf(db, scope.office, last)
              .then((asOf) => openComplaints(db, scope.office!, asOf, lang))
              .catch((err: unknown) => err)
          : null,
      ]);
      if (c && openList instanceof Error) throw openList;
      // nothing received this year up to the period: the "no data" state, not a chart of zeros
      const any = !!c && c.months.some((r) => r.ytd_received > 0);
      // each month leads to the complaints received in it (that month as the period)
      const months = (c?.months ?? []).map((r) => ({
        ...r,
        href: drillHref(
          'pengaduan',
          f,
          {
            period: 'month',
            month: r.month.slice(0, 7),
            quarter: null,
            year: null,
            from: null,
            to: null,
            list: 'received',
          },
          'complaint_list',
        ),
      }));
      const monthCols = [
        linked('month', t.colMonth, 'month'),
        col('received', t.colReceived, 'int'),
        col('resolved', t.colResolved, 'int'),
        col('rate', t.colRate, 'ratio'),
        col('ytd_rate', t.colYtdRate, 'ratio'),
        col('target', t.colTarget, 'ratio'),
        col('meets_target', t.colMeets, 'bool'),
      ];
      const breakdownCols = (label: string) => [
        linked('key', label),
        col('ytd_received', t.colReceived, 'int'),
        col('ytd_resolved', t.colResolved, 'int'),
        col('ytd_rate', t.colYtdRate, 'ratio'),
      ];
      // each row by its label, linked to the complaints it counts; categories in their order of weight
      const breakdown = (rows: data.ComplaintBreakdownRow[], by: 'channel' | 'category') =>
        (by === 'category' ? [...rows].sort((a, b) => categoryOrder(a.key, b.key)) : rows).map((r) => ({
          ...r,
          code: r.key,
          key: by === 'channel' ? channelLabel(r.key, lang) : categoryLabel(r.key, lang),
          href: drillHref('pengaduan', f, { [by]: r.key }, 'complaint_list'),
        }));
      base.sections = [
        // the rows behind a channel, a category or one complaint first: that is what the link asked for
        ...(await pengaduanLists(db, scope, cur, f, periodLabel(cur, lang))),
        section(
          'complaints',
          t.secComplaints,
          t.secComplaintsDesc,
          any ? complaintResolutionSpec(months, opts) : null,
          monthCols,
          any ? months : [],
          t.complaintsNone,
        ),
        section(
          'channels',
          t.secChannels,
          null,
          null,
          breakdownCols(t.colChannel),
          any ? breakdown(c!.channels, 'channel') : [],
          t.complaintsNone,
        ),
        section(
          'categories',
          t.secCategories,
          null,
          null,
          breakdownCols(t.colCategory),
          any ? breakdown(c!.categories, 'category') : [],
          t.complaintsNone,
        ),
      ];
      if (c && scope.office) {
        // complaints still open at the end of the period (or at the latest data), with their deadlines
        const open = openList as Awaited<ReturnType<typeof openComplaints>>;
        base.sections.push(
          section(
            'open_complaints',
            t.secOpenComplaints,
            t.secOpenComplaintsDesc,
            null,
            [
              linked('complaint_id', t.colComplaint),
              col('received_at', t.colReceived, 'datetime'),
              col('channel', t.colChannel),
              col('category', t.colCategory),
              col('stage', t.colStage),
              col('age_working_days', t.colAge, 'dec1'),
              col('resolve_due_at', t.colDue, 'datetime'),
              col('deadline_status', t.colDeadline, 'deadline'),
              col('escalation_label', t.colEscalation),
            ],
            open.map((x) => ({
              ...x,
              channel: channelLabel(x.channel, lang),
              category: categoryLabel(x.category, lang),
              stage: stageLabel(x.stage, lang),
              href: complaintHref(f, scope.office!, x.complaint_id),
            })),
            t.noOpenComplaints,
          ),
        );
      }
      return base;
    }
    case 'skm': {
      const s = await data.skm(db, scope, cur);
      const none = scope.office ? t.ikmNone : t.pickOffice;
      const nf = (d: number) =>
        new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: d, maximumFractionDigits: d });
      const notes: string[] = [];
      if (s?.summary) {
        const x = s.summary;
        notes.push(
          fill(t.ikmValue, {
            value: nf(2).format(x.ikm_converted_rounded),
            grade: x.grade,
            label: x.label,
            low: x.ci_low == null ? '—' : nf(2).format(x.ci_low),
            high: x.ci_high == null ? '—' : nf(2).format(x.ci_high),
          }),
          fill(t.sampleText, {
            respondents: nf(0).format(x.respondents),
            population: nf(0).format(x.population),
            required: nf(0).format(x.required_sample),
            verdict: x.sample_adequate ? t.adequate : t.inadequate,
          }),
        );
        const items = s.unsur
          .filter((u) => u.follow_up)
          .map((u) => `U${u.unsur} ${u.unsur_name} (${nf(3).format(u.nrr)}, ${u.grade})`);
        notes.push(items.length ? fill(t.followUp, { items: items.join('; ') }) : t.noFollowUp);
      }
      base.sections = [
        section(
          'ikm_unsur',
          t.secIkm,
          t.secIkmDesc,
          ikmUnsurSpec(s?.unsur ?? [], opts),
          [
            col('unsur', t.colUnsur, 'int'),
            col('unsur_name', t.colName),
            col('respondents', t.colRespondents, 'int'),
            col('nrr', t.colNrr, 'dec3'),
            col('nrr_weighted', t.colNrrW, 'dec3'),
            col('grade', t.colGrade),
            col('follow_up', t.colFollowUp, 'bool'),
          ],
          s?.unsur ?? [],
          none,
          notes,
        ),
      ];
      return base;
    }
    case 'perbandingan': {
      // the league of offices (issue #27): every office of the service, or of the roll-up's lakes
      const rows = (await data.league(db, scope, cur)).map((r) => ({
        ...r,
        href: pageHref('ringkasan', f, { office: r.office }),
      }));
      base.sections = [
        section(
          'league',
          t.secLeague,
          t.secLeagueDesc,
          null,
          [
            linked('name', t.colOfficeName),
            col('ready', t.colReady, 'int'),
            col('within_quota_pct', t.colWithin, 'pct'),
            col('median_elapsed_days', t.colMedianDays, 'dec1'),
            col('complaint_ytd_rate', t.colComplaintRate, 'ratio'),
            col('complaint_target', t.colComplaintTarget, 'ratio'),
            col('complaints_meet_target', t.colComplaintMeets, 'bool'),
            col('ikm_converted', t.colIkmValue, 'dec2'),
            col('ikm_grade', t.colIkmGrade),
          ],
          rows,
          t.leagueNone,
        ),
      ];
      return base;
    }
  }
}

type T = (typeof dashboards)[Lang];

/** Whether no service in scope has a step quota in its SOP (`quotaless`: those without any). */
function noStepQuotas(m: data.Meta, scope: data.Scope, quotaless: { office: string; service: string }[]): boolean {
  const inScope = m.services.filter(
    (x) => (!scope.office || x.office === scope.office) && (!scope.service || x.service === scope.service),
  );
  return (
    inScope.length > 0 && inScope.every((x) => quotaless.some((q) => q.office === x.office && q.service === x.service))
  );
}

const overdueCols = (t: T) => [
  col('case_id', t.colCase, 'case'),
  col('office_name', t.office),
  col('service', t.colService),
  col('submitted_at', t.colSubmittedAt, 'datetime'),
  col('due_at', t.colDue, 'datetime'),
];

/**
 * The lists below the Ringkasan's tiles (issue #25 §1), each named and linked: the period's
 * bottleneck step of each service (the one of the services table, SPEC §2.3.9) with its time over
 * quota, the three desks with the most time over quota, the cases the "overdue" tile counts,
 * the open complaints past their deadline and the products whose letter is due.
 */
async function ringkasanLists(
  db: Database,
  scope: data.Scope,
  cur: Period,
  f: DashFilters,
  services: data.ServiceFigure[],
  names: Map<string, string>,
): Promise<Section[]> {
  const t = dashboards[f.lang];
  const [desks, overdue, complaints, letters, quotaless, m] = await Promise.all([
    data.desksOverQuota(db, scope, cur, 3),
    data.overdueCases(db, scope, cur, 10),
    data.overdueComplaints(db, scope, cur, f.lang),
    data.lettersDue(db, scope, cur, 10),
    data.servicesWithoutStepQuotas(db, scope),
    data.cachedMeta(db),
  ]);
  // an SOP without step quotas: nothing can be over quota, and the lists say why (issue #25 §4)
  const none = noStepQuotas(m, scope, quotaless) ? drillWords[f.lang].noStepQuotas : null;
  const bottlenecks = services
    .filter((x) => x.bottleneck_step && (x.bottleneck_over_min ?? 0) > 0)
    .sort(
      (a, b) =>
        b.bottleneck_over_min! - a.bottleneck_over_min! ||
        a.office.localeCompare(b.office) ||
        a.service.localeCompare(b.service),
    )
    .map((x) => ({
      office: x.office,
      service: x.service,
      service_name: names.get(`${x.office}/${x.service}`) ?? null,
      step: `${x.bottleneck_step}${x.bottleneck_name ? ` ${x.bottleneck_name}` : ''}`,
      over_min_total: x.bottleneck_over_min,
      href: pageHref('tahapan', f, { office: x.office, service: x.service }, 'step_time'),
    }));
  const caseLink = (office: string, id: string) => pageHref('berkas', f, { office, case: id }, 'timeline');
  const more = (shown: number, total: number, href: string, text: string) =>
    total > shown ? { href, text: fill(text, { n: total }) } : null;
  const list = (
    id: string,
    title: string,
    desc: string,
    columns: Column[],
    rows: object[],
    empty: string,
    notes: string[] = [],
    link: Section['more'] = null,
  ): Section => ({
    ...section(id, title, desc, null, columns, rows, empty, notes),
    more: link,
  });
  const openComplaints = complaints ?? [];
  return [
    list(
      'bottlenecks',
      t.secBottlenecks,
      t.secBottlenecksDesc,
      [
        col('office_name', t.office),
        linked('service', t.colService),
        col('service_name', t.colName),
        linked('step', t.colStep),
        col('over_min_total', t.colOverTime, 'workmin'),
      ],
      bottlenecks,
      none ?? t.noBottleneck,
    ),
    list(
      'top_desks',
      t.secTopDesks,
      t.secTopDesksDesc,
      [
        col('office_name', t.office),
        linked('officer', t.colOfficer),
        col('name', t.colName),
        col('over_min_total', t.colOverTime, 'workmin'),
      ],
      // each desk leads to the visits it handed on in the period (issue #25 §2)
      desks.map((d) => ({
        ...d,
        href: pageHref('berkas', f, { office: d.office, officer: d.officer }, 'officer_visits'),
      })),
      none ?? t.noTopDesks,
    ),
    list(
      'overdue_cases',
      t.secOverdueCases,
      t.secOverdueCasesDesc,
      overdueCols(t).map((c) => (c.field === 'case_id' ? { ...c, link: 'href' } : c)),
      overdue.rows.map((r) => ({ ...r, href: caseLink(r.office, r.case_id) })),
      t.noOverdueCases,
      overdue.total ? [fill(t.showing, { n: overdue.rows.length, total: overdue.total })] : [],
      more(
        overdue.rows.length,
        overdue.total,
        pageHref('berkas', f, { office: scope.office ?? 'all', list: 'overdue' }, 'overdue_cases'),
        t.allOverdue,
      ),
    ),
    list(
      'overdue_complaints',
      t.secOverdueComplaints,
      t.secOverdueComplaintsDesc,
      [
        linked('complaint_id', t.colComplaint),
        col('office_name', t.office),
        col('received_at', t.colReceived, 'datetime'),
        col('category', t.colCategory),
        col('stage', t.colStage),
        col('age_working_days', t.colAge, 'dec1'),
        col('resolve_due_at', t.colDue, 'datetime'),
      ],
      openComplaints.slice(0, 10).map((c) => ({
        ...c,
        category: categoryLabel(c.category, f.lang),
        stage: stageLabel(c.stage, f.lang),
        href: complaintHref(f, c.office, c.complaint_id),
      })),
      complaints ? t.noOverdueComplaints : t.complaintsNone,
      openComplaints.length
        ? [fill(t.showing, { n: Math.min(10, openComplaints.length), total: openComplaints.length })]
        : [],
      scope.office
        ? more(10, openComplaints.length, pageHref('pengaduan', f, {}, 'open_complaints'), t.allOverdueComplaints)
        : null,
    ),
    list(
      'letters_due',
      t.secLetters,
      t.secLettersDesc,
      [
        linked('case_id', t.colCase),
        col('office_name', t.office),
        col('service', t.colService),
        col('ready_at', t.colReadyAt, 'datetime'),
        col('days_waiting', t.colDaysWaiting, 'int'),
        col('letter_due', t.colLetterDue, 'date'),
      ],
      letters.rows.map((r) => ({ ...r, href: caseLink(r.office, r.case_id) })),
      t.noLetters,
      letters.total ? [fill(t.showing, { n: letters.rows.length, total: letters.total })] : [],
    ),
  ];
}

/**
 * A tile's twelve months: its sparkline and the sentence saying the first and the last value
 * (formatted as the tile formats its value, id-ID or en-GB).
 */
function tileTrend(months: string[], values: (number | null)[], format: Format, lang: Lang): TileTrend {
  const t = dashboards[lang];
  const locale = localeOf(lang);
  const nf = (d: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d });
  const show = (v: number) =>
    format === 'pct'
      ? `${nf(1).format(v)}%`
      : format === 'ratio'
        ? `${nf(1).format(v * 100)}%`
        : format === 'int'
          ? nf(0).format(v)
          : nf(format === 'dec2' ? 2 : 1).format(v);
  const d3 = format === 'ratio' ? '.1%' : format === 'int' ? ',d' : format === 'dec2' ? ',.2f' : ',.1f';
  const label = (mo: string) => periodLabel(monthPeriod(Number(mo.slice(0, 4)), Number(mo.slice(5, 7))), lang);
  const known = values.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v != null);
  const range = { from: label(months[0]!), to: label(months[months.length - 1]!) };
  const text = known.length
    ? fill(t.sparkText, { ...range, first: show(known[0]!.v), last: show(known[known.length - 1]!.v) })
    : fill(t.sparkNone, range);
  return {
    months,
    values,
    text,
    spec: known.length
      ? (sparklineSpec(
          months.map((month, i) => ({ month, value: values[i] ?? null })),
          d3,
          { lang },
        ) as unknown as Record<string, unknown>)
      : null,
  };
}
