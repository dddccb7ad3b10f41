/**
 * Vega-Lite spec builders of the dashboards and the monthly report: pure functions
 * `rows (+ options) → spec`, no DOM and no fetch. Every spec carries its data inline, an explicit
 * width and height, a font, the id-ID (or English) number and time locale and its labels from
 * one id/en dictionary, so it compiles with vega-lite and renders to SVG with vega on the server
 * (`renderer: 'none'`, `toSVG()`) exactly as in the browser.
 *
 * Instants are shown in the office's time zone: they are turned into "local wall-clock" epoch
 * milliseconds (`localMs`) and drawn on UTC time scales, so neither the browser's nor the
 * server's zone leaks into a chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import { dashboards, type Lang } from '../i18n/index.js';
import { DEFAULT_COMPLAINT_TARGET } from '../vocabulary.js';
import { wallClockMs } from '../calendar/index.js';

export type { Lang };

export interface SpecOptions {
  lang?: Lang;
  width?: number;
  height?: number;
  /** Title above the chart; none when absent (pages have their own headings). */
  title?: string;
}

/** Font used by every chart (DejaVu ships with the app for the PDF report; browsers fall back). */
export const FONT = 'DejaVu Sans, Verdana, sans-serif';

/** Labels of every chart: the dashboards catalogue's `charts` (src/i18n/dashboards.ts). */
export const labels = { id: dashboards.id.charts, en: dashboards.en.charts };

export type LabelKey = keyof (typeof labels)['id'];

/** Weekday names, ISO order (1 = Monday). */
export const weekdays = {
  id: ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
} as const;

/** d3-format / d3-time-format locale definitions Vega reads from `config.locale`. */
export const vegaLocales = {
  id: {
    number: { decimal: ',', thousands: '.', grouping: [3], currency: ['Rp', ''] },
    time: {
      dateTime: '%A, %e %B %Y %H.%M.%S',
      date: '%d/%m/%Y',
      time: '%H.%M.%S',
      periods: ['AM', 'PM'],
      days: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
      shortDays: ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'],
      months: dashboards.id.months,
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
    },
  },
  en: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['IDR ', ''] },
    time: {
      dateTime: '%a %e %b %Y %H:%M:%S',
      date: '%d/%m/%Y',
      time: '%H:%M:%S',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: dashboards.en.months,
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
  },
} as const;

/** Colours (colour-blind safe pairs; the quota/target is always the red rule). */
export const colors = {
  median: '#4c78a8',
  p90: '#9ecae9',
  quota: '#d62728',
  queue: '#bab0ac',
  handling: '#4c78a8',
  pause: '#f2cf5b',
  within: '#54a24b',
  over: '#e45756',
  open: '#f58518',
  grades: { A: '#1a9850', B: '#91cf60', C: '#fdae61', D: '#d73027' } as Record<string, string>,
} as const;

const tx = (lang: Lang | undefined) => labels[lang ?? 'id'];

/** Common top-level part: size, font, locale, no actions needed by the data. */
function base(opts: SpecOptions, width: number, height: number): Record<string, unknown> {
  const lang = opts.lang ?? 'id';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? width,
    height: opts.height ?? height,
    ...(opts.title ? { title: opts.title } : {}),
    background: 'white',
    padding: 8,
    config: {
      font: FONT,
      locale: vegaLocales[lang],
      axis: { labelFont: FONT, titleFont: FONT, labelLimit: 160, labelFontSize: 11, titleFontSize: 11 },
      legend: { labelFont: FONT, titleFont: FONT, labelLimit: 200, orient: 'bottom' },
      title: { font: FONT, fontSize: 13, anchor: 'start' },
      text: { font: FONT },
      view: { stroke: null },
    },
  };
}

/**
 * Epoch milliseconds of the office-local wall clock of an ISO instant, for UTC time scales: the
 * chart then shows the office's local time whatever zone the viewer or server is in.
 */
export function localMs(iso: string, timeZone: string): number {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not an instant: ${iso}`);
  return wallClockMs(d, timeZone) + d.getUTCMilliseconds();
}

// ---------------------------------------------------------------------------------------------
// Steps (Tahapan)

export interface StepRow {
  office: string;
  service: string;
  step: string;
  seq?: number | null;
  step_name?: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  median_queue_min?: number | null;
  quota_min: number | null;
  within_quota_pct?: number | null;
  excess_min_total: number | null;
  over_min_total?: number | null;
}

/**
 * Label of a step row, its code with its name (issue #25 §4): `S2 Verifikasi`, or
 * `SIKTG S2 Verifikasi` when several services share the chart (the code alone without a name).
 */
function stepLabels<T extends StepRow>(rows: T[]): (T & { label: string; order: number })[] {
  const many = new Set(rows.map((r) => `${r.office}/${r.service}`)).size > 1;
  return rows.map((r, i) => {
    const step = r.step_name ? `${r.step} ${r.step_name}` : r.step;
    return { ...r, label: many ? `${r.service} ${step}` : step, order: i };
  });
}

/**
 * Per SOP step: median handling (bar) and p90 (tick) against the step quota (red tick), in working
 * minutes, on a symlog scale (quotas run from 1 minute to a working day). Rows in SOP order.
 */
export function stepTimeSpec(rows: StepRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = stepLabels(rows);
  const x = {
    field: 'label',
    type: 'nominal',
    title: t.step,
    sort: { field: 'order', op: 'min' },
    axis: { labelAngle: values.length > 8 ? -40 : 0 },
  };
  const top = Math.max(
    1,
    ...rows.flatMap((r) => [r.median_handling_min ?? 0, r.p90_handling_min ?? 0, r.quota_min ?? 0]),
  );
  const ticks = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000].filter(
    (v, i, a) => v <= top || a[i - 1]! < top,
  );
  const y = {
    type: 'quantitative',
    title: t.minutes,
    scale: { type: 'symlog' },
    axis: { values: ticks, format: ',d' },
  };
  const tooltip = [
    { field: 'label', title: t.step },
    { field: 'visits', title: t.visits, format: ',d' },
    { field: 'median_handling_min', title: t.median, format: ',.1f' },
    { field: 'p90_handling_min', title: t.p90, format: ',.1f' },
    { field: 'quota_min', title: t.quota, format: ',.0f' },
    { field: 'excess_min_total', title: t.excess, format: ',.0f' },
  ];
  return {
    ...base(opts, 560, 260),
    data: { values },
    encoding: { x },
    layer: [
      {
        mark: { type: 'bar', color: colors.median, width: { band: 0.6 } },
        encoding: { y: { ...y, field: 'median_handling_min' }, tooltip },
      },
      {
        mark: { type: 'tick', color: colors.p90, thickness: 3, size: 24 },
        encoding: { y: { ...y, field: 'p90_handling_min' }, tooltip },
      },
      {
        transform: [{ filter: 'datum.quota_min != null' }],
        mark: { type: 'tick', color: colors.quota, thickness: 2, size: 34 },
        encoding: { y: { ...y, field: 'quota_min' }, tooltip },
      },
    ],
  } as unknown as TopLevelSpec;
}

/**
 * Per SOP step: total over_min (queue + handling over the step quota; horizontal bars, largest first): the bottleneck.
 */
export function stepExcessSpec(rows: StepRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = stepLabels(rows).filter((r) => r.quota_min != null);
  return {
    ...base(opts, 560, Math.max(80, 22 * values.length)),
    data: { values },
    mark: { type: 'bar', color: colors.over },
    encoding: {
      y: { field: 'label', type: 'nominal', title: t.step, sort: '-x' },
      x: { field: 'over_min_total', type: 'quantitative', title: t.over, axis: { format: ',.0f' } },
      tooltip: [
        { field: 'label', title: t.step },
        { field: 'over_min_total', title: t.over, format: ',.0f' },
        { field: 'within_quota_pct', title: t.withinQuotaPct, format: ',.1f' },
      ],
    },
  } as unknown as TopLevelSpec;
}

/** The `href` of a row, when it has one (the dashboards' drill-down link), for a datum made from it. */
const linkOf = (r: object): { href?: string } => {
  const h = (r as { href?: unknown }).href;
  return typeof h === 'string' ? { href: h } : {};
};

/** Per SOP step: median queue time (arrival → start) stacked with median handling time, where starts are known. */
export function queueHandlingSpec(rows: StepRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = stepLabels(rows).flatMap((r) =>
    r.median_queue_min == null
      ? []
      : [
          // (with the row's link, when the page gives one: a click on the bar opens the step's visits)
          { label: r.label, order: r.order, part: t.queue, part_order: 0, minutes: r.median_queue_min, ...linkOf(r) },
          {
            label: r.label,
            order: r.order,
            part: t.handling,
            part_order: 1,
            minutes: r.median_handling_min ?? 0,
            ...linkOf(r),
          },
        ],
  );
  return {
    ...base(opts, 560, 240),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'label',
        type: 'nominal',
        title: t.step,
        sort: { field: 'order', op: 'min' },
        axis: { labelAngle: values.length > 16 ? -40 : 0 },
      },
      y: { field: 'minutes', type: 'quantitative', title: `${t.median} (${t.minutes.toLowerCase()})`, stack: 'zero' },
      color: {
        field: 'part',
        type: 'nominal',
        title: t.component,
        scale: { domain: [t.queue, t.handling], range: [colors.queue, colors.handling] },
      },
      order: { field: 'part_order' },
      tooltip: [
        { field: 'label', title: t.step },
        { field: 'part', title: t.component },
        { field: 'minutes', title: t.minutes, format: ',.1f' },
      ],
    },
  } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Officers (Petugas)

export interface OfficerRow {
  office: string;
  officer: string;
  name?: string | null;
  visits: number;
  median_handling_min: number | null;
  within_quota_pct: number | null;
  open_visits: number;
}

/**
 * Per officer: share of visits within quota (bar, sorted ascending: the weakest first), visits and open work in the
 * tooltip.
 */
export function officerSpec(rows: OfficerRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = rows
    .filter((r) => r.within_quota_pct != null)
    .map((r) => ({ ...r, label: r.name ? `${r.name} (${r.officer})` : r.officer }));
  return {
    ...base(opts, 520, Math.max(80, 20 * values.length)),
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            title: null,
            sort: { field: 'within_quota_pct', order: 'ascending' },
            axis: { labelLimit: 260 },
          },
          x: { field: 'within_quota_pct', type: 'quantitative', title: t.withinQuotaPct, scale: { domain: [0, 100] } },
          color: {
            field: 'within_quota_pct',
            type: 'quantitative',
            title: t.withinQuotaPct,
            scale: { domain: [0, 100], range: [colors.over, colors.within] },
            legend: null,
          },
          tooltip: [
            { field: 'label', title: t.officer },
            { field: 'visits', title: t.visits, format: ',d' },
            { field: 'median_handling_min', title: t.medianHandling, format: ',.1f' },
            { field: 'within_quota_pct', title: t.withinQuotaPct, format: ',.1f' },
            { field: 'open_visits', title: t.openVisits, format: ',d' },
          ],
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Trend (Tren)

export interface TrendRow {
  /** First day of the month, `YYYY-MM-DD` (or `YYYY-MM`). */
  month: string;
  submitted: number;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
}

const monthDate = (m: string) => (m.length === 7 ? `${m}-01` : m.slice(0, 10));

/**
 * Monthly trend in three aligned panels: volume (cases submitted), compliance (% within the
 * service quota of the cases that became ready) and median working days per case.
 */
export function trendSpec(rows: TrendRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = rows.map((r) => ({ ...r, month: monthDate(r.month) }));
  const width = opts.width ?? 560;
  const x = {
    field: 'month',
    type: 'temporal',
    timeUnit: 'utcyearmonth',
    title: t.month,
    axis: { format: '%b %Y', labelAngle: 0, tickCount: 'month' },
  };
  const monthTip = { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: t.month, format: '%B %Y' };
  const panel = (field: string, title: string, mark: Record<string, unknown>, format: string, domain?: number[]) => ({
    width,
    height: 110,
    mark,
    encoding: {
      x,
      y: { field, type: 'quantitative', title, ...(domain ? { scale: { domain } } : {}), axis: { format } },
      tooltip: [monthTip, { field, title, format }],
    },
  });
  const b = base(opts, width, 110);
  delete b.width;
  delete b.height;
  return {
    ...b,
    data: { values },
    vconcat: [
      panel('submitted', t.cases, { type: 'bar', color: colors.median }, ',d'),
      panel(
        'within_quota_pct',
        t.withinQuotaPct,
        { type: 'line', point: true, color: colors.within },
        ',.0f',
        [0, 100],
      ),
      panel('median_elapsed_days', t.medianDays, { type: 'line', point: true, color: colors.open }, ',.1f'),
    ],
  } as unknown as TopLevelSpec;
}

export interface ArrivalRow {
  /** ISO weekday, 1 = Monday … 7 = Sunday (office time). */
  weekday: number;
  /** Hour of the day 0–23 (office time). */
  hour: number;
  arrivals: number;
}

/** Heatmap of arrivals (cases submitted) by weekday and hour, office time. */
export function arrivalsHeatmapSpec(rows: ArrivalRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const days = weekdays[opts.lang ?? 'id'];
  const values = rows.map((r) => ({
    ...r,
    day: days[r.weekday - 1] ?? String(r.weekday),
    hour_label: String(r.hour).padStart(2, '0'),
  }));
  const hours = [...new Set(rows.map((r) => r.hour))].sort((a, b) => a - b).map((h) => String(h).padStart(2, '0'));
  const present = new Set(rows.map((r) => r.weekday));
  return {
    ...base(opts, 560, 180),
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'hour_label', type: 'ordinal', title: t.hour, sort: hours, axis: { labelAngle: 0 } },
      y: { field: 'day', type: 'ordinal', title: t.weekday, sort: days.filter((_, i) => present.has(i + 1)) },
      color: { field: 'arrivals', type: 'quantitative', title: t.arrivals, scale: { scheme: 'blues' } },
      tooltip: [
        { field: 'day', title: t.weekday },
        { field: 'hour_label', title: t.hour },
        { field: 'arrivals', title: t.arrivals, format: ',d' },
      ],
    },
  } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Case timeline (kartu kendali)

export interface TimelineVisit {
  step: string;
  step_name?: string | null;
  visit_no: number;
  officer?: string | null;
  officer_name?: string | null;
  clock?: string | null;
  arrived_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  outcome: string;
  handling_min: number | null;
  quota_min: number | null;
  within_quota: boolean | null;
  /** Instant at which the visit's quota (working minutes) runs out, from the start (or arrival). */
  quota_end_at?: string | null;
}

export interface TimelinePause {
  from: string;
  to: string;
  paused_min: number;
}

export interface TimelineOptions extends SpecOptions {
  /** The office's IANA time zone (times are drawn on its wall clock). */
  timeZone: string;
  /** End of open visits (the as-of instant); default: the latest instant of the case. */
  asOf?: string;
}

/**
 * The kartu kendali of one case: one row per desk (step), a bar per visit from its start (or
 * arrival when the start is unknown) to its hand-over, coloured by outcome against the quota; a
 * thin grey bar for the wait in the desk's queue (arrival → start); the quota band (start →
 * quota used up, in working time) behind it; pauses as shaded spans across all rows. Times in
 * the office's zone.
 */
export function caseTimelineSpec(
  visits: TimelineVisit[],
  pauses: TimelinePause[],
  opts: TimelineOptions,
): TopLevelSpec {
  const t = tx(opts.lang);
  const tz = opts.timeZone;
  const all = [
    ...visits.flatMap((v) => [v.arrived_at, v.started_at, v.completed_at]),
    ...pauses.flatMap((p) => [p.from, p.to]),
  ].filter((x): x is string => x != null);
  const lastIso =
    opts.asOf ?? all.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a), all[0] ?? new Date(0).toISOString());
  const end = localMs(lastIso, tz);
  const rows = visits.map((v, i) => {
    const begin = v.started_at ?? v.arrived_at;
    const row = v.step_name ? `${v.step} · ${v.step_name}` : v.step;
    const status =
      v.within_quota === false ? 'over' : v.outcome === 'open' ? 'open' : v.within_quota === true ? 'within' : 'none';
    return {
      i,
      row,
      step: v.step,
      visit_no: v.visit_no,
      officer: v.officer_name ?? v.officer ?? '—',
      outcome: v.outcome,
      status,
      arrive: v.arrived_at ? localMs(v.arrived_at, tz) : null,
      start: begin ? localMs(begin, tz) : null,
      end: v.completed_at ? localMs(v.completed_at, tz) : end,
      quota_end: v.quota_end_at ? localMs(v.quota_end_at, tz) : null,
      handling_min: v.handling_min,
      quota_min: v.quota_min,
    };
  });
  const order = [...new Set(rows.map((r) => r.row))];
  const drawn = rows.filter((r) => r.start != null);
  const bands = drawn.filter((r) => r.quota_end != null);
  const queued = drawn.filter((r) => r.arrive != null && r.arrive < r.start!);
  const spans = pauses.map((p) => ({ start: localMs(p.from, tz), end: localMs(p.to, tz), paused_min: p.paused_min }));
  const xTime = {
    type: 'temporal',
    title: t.time,
    scale: { type: 'utc' },
    axis: { format: '%e %b %H.%M', labelAngle: 0, labelOverlap: true },
  };
  const y = { field: 'row', type: 'nominal', title: t.step, sort: order, axis: { labelLimit: 220 } };
  const statusDomain = ['within', 'over', 'open', 'none'];
  const statusRange = [colors.within, colors.over, colors.open, colors.median];
  const tooltip = [
    { field: 'row', title: t.step },
    { field: 'visit_no', title: t.visit },
    { field: 'officer', title: t.officer },
    {
      field: 'start',
      type: 'temporal',
      scale: { type: 'utc' },
      title: t.time,
      format: '%e %B %Y %H.%M',
      formatType: 'utc',
    },
    { field: 'outcome', title: t.outcome },
    { field: 'handling_min', title: t.handling, format: ',.1f' },
    { field: 'quota_min', title: t.quota, format: ',.0f' },
  ];
  return {
    ...base(opts, 620, Math.max(120, 26 * order.length)),
    // a layer without rows is left out (its empty extent would warn and break the scale)
    layer: [
      ...(spans.length
        ? [
            {
              data: { values: spans },
              mark: { type: 'rect', color: colors.pause, opacity: 0.35 },
              encoding: {
                x: { ...xTime, field: 'start' },
                x2: { field: 'end' },
                tooltip: [{ field: 'paused_min', title: `${t.pause} (${t.minutes.toLowerCase()})`, format: ',.1f' }],
              },
            },
          ]
        : []),
      ...(bands.length
        ? [
            {
              data: { values: bands },
              mark: { type: 'bar', color: colors.quota, opacity: 0.15, height: { band: 0.9 } },
              encoding: { y, x: { ...xTime, field: 'start' }, x2: { field: 'quota_end' } },
            },
          ]
        : []),
      ...(queued.length
        ? [
            {
              data: { values: queued.map((r) => ({ ...r, part: t.queue })) },
              mark: { type: 'bar', color: colors.queue, height: { band: 0.25 } },
              encoding: {
                y,
                x: { ...xTime, field: 'arrive' },
                x2: { field: 'start' },
                tooltip: [
                  { field: 'row', title: t.step },
                  { field: 'visit_no', title: t.visit },
                  { field: 'part', title: t.component },
                ],
              },
            },
          ]
        : []),
      {
        data: { values: drawn },
        mark: { type: 'bar', height: { band: 0.5 }, minBandSize: 3 },
        encoding: {
          y,
          x: { ...xTime, field: 'start' },
          x2: { field: 'end' },
          color: {
            field: 'status',
            type: 'nominal',
            legend: null,
            scale: { domain: statusDomain, range: statusRange },
          },
          tooltip,
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Complaints (Pengaduan) and survey (SKM)

export interface ComplaintRateRow {
  /** `YYYY-MM` or `YYYY-MM-DD` (first of the month). */
  month: string;
  received: number;
  resolved: number;
  rate: number | null;
  ytd_rate: number | null;
  target?: number | null;
}

/** Monthly resolution rate (bars) and the year-to-date rate (line) against the target (red rule, 75%). */
export function complaintResolutionSpec(rows: ComplaintRateRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = rows.map((r) => ({ ...r, month: monthDate(r.month) }));
  const target = rows.find((r) => r.target != null)?.target ?? DEFAULT_COMPLAINT_TARGET;
  const x = {
    field: 'month',
    type: 'temporal',
    timeUnit: 'utcyearmonth',
    title: t.month,
    axis: { format: '%b %Y', labelAngle: 0, tickCount: 'month' },
  };
  const y = { type: 'quantitative', title: t.rate, scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const tooltip = [
    { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: t.month, format: '%B %Y' },
    { field: 'received', title: t.received, format: ',d' },
    { field: 'resolved', title: t.resolved, format: ',d' },
    { field: 'rate', title: t.rate, format: '.1%' },
    { field: 'ytd_rate', title: t.ytdRate, format: '.1%' },
  ];
  return {
    ...base(opts, 560, 220),
    layer: [
      {
        data: { values },
        mark: { type: 'bar', color: colors.p90, width: { band: 0.7 } },
        encoding: { x, y: { ...y, field: 'rate' }, tooltip },
      },
      {
        data: { values },
        mark: { type: 'line', point: true, color: colors.median },
        encoding: { x, y: { ...y, field: 'ytd_rate' }, tooltip },
      },
      {
        data: { values: [{ target, label: `${t.target} ${Math.round(target * 100)}%` }] },
        layer: [
          {
            mark: { type: 'rule', color: colors.quota, strokeDash: [6, 3], strokeWidth: 2 },
            encoding: { y: { field: 'target', type: 'quantitative' } },
          },
          {
            mark: { type: 'text', color: colors.quota, align: 'right', dy: -6, x: 'width' },
            encoding: { y: { field: 'target', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
    ],
  } as unknown as TopLevelSpec;
}

export interface UnsurRow {
  unsur: number;
  unsur_name: string;
  nrr: number;
  grade: string;
  respondents?: number;
}

/** Element grade bands on the 1–4 scale (PermenPANRB 14/2017): [from, to) per grade. */
export const unsurGradeBands = [
  { grade: 'D', from: 1, to: 2.6 },
  { grade: 'C', from: 2.6, to: 3.0644 },
  { grade: 'B', from: 3.0644, to: 3.5324 },
  { grade: 'A', from: 3.5324, to: 4 },
] as const;

/** IKM per element: NRR (1–4) as bars coloured by grade, over the grade bands A–D. */
export function ikmUnsurSpec(rows: UnsurRow[], opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const values = rows.map((r) => ({ ...r, label: `U${r.unsur} ${r.unsur_name}` }));
  const order = values
    .slice()
    .sort((a, b) => a.unsur - b.unsur)
    .map((r) => r.label);
  const grades = ['A', 'B', 'C', 'D'];
  const x = { type: 'quantitative', title: t.nrr, scale: { domain: [1, 4] } };
  return {
    ...base(opts, 480, Math.max(120, 24 * values.length)),
    layer: [
      {
        data: { values: unsurGradeBands.map((b) => ({ ...b })) },
        mark: { type: 'rect', opacity: 0.12 },
        encoding: {
          x: { ...x, field: 'from' },
          x2: { field: 'to' },
          color: {
            field: 'grade',
            type: 'nominal',
            title: t.grade,
            scale: { domain: grades, range: grades.map((g) => colors.grades[g]) },
          },
        },
      },
      {
        data: { values },
        mark: { type: 'bar', height: { band: 0.6 } },
        encoding: {
          // no axis title beside long labels (it would be placed over them); the labels say U1 … U9
          y: { field: 'label', type: 'nominal', title: null, sort: order, axis: { labelLimit: 240 } },
          // bars start at the bottom of the 1–4 scale, not at zero (outside the plot)
          x: { ...x, field: 'nrr' },
          x2: { datum: 1 },
          color: {
            field: 'grade',
            type: 'nominal',
            title: t.grade,
            scale: { domain: grades, range: grades.map((g) => colors.grades[g]) },
          },
          tooltip: [
            { field: 'label', title: t.unsur },
            { field: 'nrr', title: t.nrr, format: ',.3f' },
            { field: 'grade', title: t.grade },
            { field: 'respondents', title: t.respondents, format: ',d' },
          ],
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

export interface SparkPoint {
  /** first day of the month, YYYY-MM-DD */
  month: string;
  value: number | null;
}

/**
 * A tile's sparkline: twelve months of one figure as a small line with points, no axes (the
 * tile's sentence says the first and last values in words), a tooltip per month. `format` is
 * the d3 format of the value (e.g. `,.1f`, `.1%`).
 */
export function sparklineSpec(points: SparkPoint[], format: string, opts: SpecOptions = {}): TopLevelSpec {
  const t = tx(opts.lang);
  const b = base(opts, 180, 36);
  return {
    ...b,
    padding: 2,
    config: { ...(b.config as Record<string, unknown>), view: { stroke: null } },
    data: { values: points.map((p) => ({ month: monthDate(p.month), value: p.value })) },
    mark: { type: 'line', point: { size: 14 }, color: colors.median, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', axis: null },
      y: { field: 'value', type: 'quantitative', axis: null, scale: { zero: false } },
      tooltip: [
        { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: t.month, format: '%B %Y' },
        { field: 'value', type: 'quantitative', title: t.value, format },
      ],
    },
  } as unknown as TopLevelSpec;
}
