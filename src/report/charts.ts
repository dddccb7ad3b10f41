import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { StepRow, TrendRow } from './data.js';

/**
 * Charts of the report: Vega-Lite specs rendered on the server to SVG (no browser, no canvas),
 * then drawn as vectors into the PDF by svg-to-pdfkit. Without canvas Vega measures text
 * approximately, so fonts and label limits are fixed here.
 */
export const CHART_FONT = 'DejaVu Sans';

const config = {
  font: CHART_FONT,
  axis: { labelFontSize: 8, titleFontSize: 8, labelLimit: 120 },
  legend: { labelFontSize: 8, titleFontSize: 8, labelLimit: 160 },
  view: { stroke: null },
  background: 'white',
};

/** Median and p90 handling per step of one service, with the step quota as a tick. */
export function stepChartSpec(rows: StepRow[], labels: { step: string; minutes: string; median: string; p90: string; quota: string }): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { step: r.step, measure: labels.p90, minutes: r.p90_handling_min },
    { step: r.step, measure: labels.median, minutes: r.median_handling_min },
  ]);
  const quotas = rows.filter((r) => r.quota_min != null).map((r) => ({ step: r.step, quota: r.quota_min }));
  const order = rows.map((r) => r.step);
  const x = { field: 'step', type: 'nominal' as const, sort: order, title: labels.step, axis: { labelAngle: 0 } };
  return {
    width: 440,
    height: 130,
    config,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x,
          xOffset: { field: 'measure', sort: [labels.median, labels.p90] },
          y: { field: 'minutes', type: 'quantitative', title: labels.minutes },
          color: { field: 'measure', type: 'nominal', sort: [labels.median, labels.p90], scale: { range: ['#1f5f8b', '#9cc3e0'] }, title: null },
        },
      },
      {
        data: { values: quotas },
        mark: { type: 'tick', color: '#c0392b', thickness: 2 },
        encoding: { x, y: { field: 'quota', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

/** Share of cases completed within quota per month (last twelve months). */
export function trendChartSpec(rows: TrendRow[], labels: { month: string; pct: string }): TopLevelSpec {
  return {
    width: 480,
    height: 110,
    config,
    data: { values: rows.map((r) => ({ month: r.month, pct: r.within_pct })) },
    mark: { type: 'line', point: true, color: '#1f5f8b' },
    encoding: {
      x: { field: 'month', type: 'ordinal', title: labels.month, axis: { labelAngle: 0, labelFontSize: 7 } },
      y: { field: 'pct', type: 'quantitative', title: labels.pct, scale: { domain: [0, 100] } },
    },
  } as TopLevelSpec;
}

/** SVG text of a Vega-Lite spec, rendered headless. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
