import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it, vi } from 'vitest';
import {
  arrivalsHeatmapSpec,
  caseTimelineSpec,
  complaintResolutionSpec,
  ikmUnsurSpec,
  localMs,
  officerSpec,
  queueHandlingSpec,
  stepExcessSpec,
  stepTimeSpec,
  trendSpec,
  type StepRow,
} from '../../src/dashboards/specs.js';

/** Compile with vega-lite, run the dataflow in Node (no browser) and render to SVG. */
async function render(spec: TopLevelSpec) {
  const warn = vi.spyOn(console, 'warn');
  let vg: vega.Spec;
  let view: vega.View;
  let svg: string;
  try {
    vg = compile(spec).spec;
    view = new vega.View(vega.parse(vg), { renderer: 'none' });
    await view.runAsync();
    svg = await view.toSVG();
    // neither vega-lite nor vega complained (dropped channels, empty extents …)
    expect(warn.mock.calls).toEqual([]);
  } finally {
    warn.mockRestore();
  }
  const counts: Record<string, number> = {};
  const walk = (node: SceneNode) => {
    for (const item of node.items ?? []) {
      if (node.role === 'mark' && node.marktype !== 'group') counts[node.marktype!] = (counts[node.marktype!] ?? 0) + 1;
      walk(item);
    }
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  view.finalize();
  return { vg, svg, counts };
}

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneNode[];
}

/** Values written in the spec (inline data of the layers). */
const inline = (spec: TopLevelSpec) => JSON.stringify(spec);

const steps: StepRow[] = [
  {
    office: 'pekanbaru',
    service: 'SIKTG',
    step: 'S2',
    visits: 120,
    median_handling_min: 18.5,
    p90_handling_min: 40,
    median_queue_min: 12,
    quota_min: 20,
    within_quota_pct: 55,
    excess_min_total: 900,
    over_min_total: 1000,
  },
  {
    office: 'pekanbaru',
    service: 'SIKTG',
    step: 'S3',
    visits: 118,
    median_handling_min: 8,
    p90_handling_min: 9.5,
    median_queue_min: null,
    quota_min: 10,
    within_quota_pct: 95,
    excess_min_total: 12,
    over_min_total: 1500,
  },
  {
    office: 'pekanbaru',
    service: 'SIKTG',
    step: 'S7',
    visits: 117,
    median_handling_min: 1200,
    p90_handling_min: 2400,
    median_queue_min: 30,
    quota_min: 450,
    within_quota_pct: 30,
    excess_min_total: 85000,
    over_min_total: 90000,
  },
];

describe('spec builders', () => {
  it('step time: median bars, p90 ticks and quota ticks in SOP order, id labels', async () => {
    const spec = stepTimeSpec(steps);
    const { svg, vg, counts } = await render(spec);
    // 3 median bars, 3 p90 ticks + 3 quota ticks (ticks are rects too)
    expect(counts).toEqual({ rect: 9 });
    expect(svg).toContain('Menit kerja');
    expect(svg).toContain('Tahapan');
    expect(vg.width).toBe(560);
    const labelsInOrder = [...svg.matchAll(/>(S\d)</g)].map((m) => m[1]);
    expect(labelsInOrder.slice(0, 3)).toEqual(['S2', 'S3', 'S7']);
  });

  it('step time in English, several services labelled by service', async () => {
    const two = [...steps, { ...steps[0]!, service: 'SIPOT' }];
    const { svg } = await render(stepTimeSpec(two, { lang: 'en', title: 'Steps' }));
    expect(svg).toContain('Working minutes');
    expect(svg).toContain('SIPOT S2');
    expect(svg).toContain('SIKTG S7');
  });

  it('time over quota (the bottleneck, SPEC §2.3.9): one bar per step with a quota, the largest over_min_total first', async () => {
    const rows = [
      ...steps,
      { ...steps[1]!, step: 'S9', quota_min: null, excess_min_total: null, over_min_total: null },
    ];
    const spec = stepExcessSpec(rows);
    const { svg, counts } = await render(spec);
    expect(counts).toEqual({ rect: 3 });
    expect(inline(spec)).not.toContain('"S9"');
    const ys = [...svg.matchAll(/>(S\d)</g)].map((m) => m[1]);
    // by over_min (queue + handling over quota): S3 1500 before S2 1000, although S2's handling
    // excess (900) is larger than S3's (12)
    expect(ys.slice(0, 3)).toEqual(['S7', 'S3', 'S2']);
  });

  it('queue vs handling: two stacked parts per step whose start is known', async () => {
    const spec = queueHandlingSpec(steps);
    const { svg, counts } = await render(spec);
    expect(counts).toEqual({ rect: 4 }); // S2 and S7: queue + handling; S3 has no known starts
    expect(svg).toContain('Antre');
    expect(svg).toContain('Penanganan');
  });

  it('officers: bars sorted weakest first, id-ID numbers in the axis', async () => {
    const rows = [
      {
        office: 'p',
        officer: 'FO-1',
        name: 'Ani',
        visits: 1200,
        median_handling_min: 12.5,
        within_quota_pct: 80,
        open_visits: 2,
      },
      {
        office: 'p',
        officer: 'BO-1',
        name: null,
        visits: 30,
        median_handling_min: 40,
        within_quota_pct: 20,
        open_visits: 0,
      },
      {
        office: 'p',
        officer: 'X',
        name: null,
        visits: 0,
        median_handling_min: null,
        within_quota_pct: null,
        open_visits: 3,
      },
    ];
    const { svg, counts } = await render(officerSpec(rows));
    expect(counts).toEqual({ rect: 2 });
    const ys = [...svg.matchAll(/>(Ani \(FO-1\)|BO-1)</g)].map((m) => m[1]);
    expect(ys).toEqual(['BO-1', 'Ani (FO-1)']);
    expect(svg).toContain('Sesuai baku mutu (%)');
  });

  it('trend: three panels over the months, Indonesian month names', async () => {
    const rows = [
      { month: '2026-01-01', submitted: 1500, ready: 1400, within_quota_pct: 90, median_elapsed_days: 1.2 },
      { month: '2026-02-01', submitted: 1300, ready: 1350, within_quota_pct: 70.5, median_elapsed_days: 2.5 },
      { month: '2026-03', submitted: 1700, ready: 1600, within_quota_pct: 88, median_elapsed_days: 1.5 },
    ];
    const { svg, counts } = await render(trendSpec(rows));
    // 3 volume bars; two line panels of 3 points each (line items + point symbols)
    expect(counts).toEqual({ rect: 3, line: 6, symbol: 6 });
    expect(svg).toMatch(/Feb 2026|Mar 2026/);
    expect(svg).toContain('1.500'); // id-ID thousands separator on the volume axis
  });

  it('arrivals heatmap: one cell per weekday × hour, weekday names in order', async () => {
    const rows = [
      { weekday: 1, hour: 8, arrivals: 10 },
      { weekday: 1, hour: 9, arrivals: 25 },
      { weekday: 5, hour: 8, arrivals: 4 },
    ];
    const { svg, counts } = await render(arrivalsHeatmapSpec(rows));
    expect(counts).toEqual({ rect: 3 });
    expect(svg).toContain('Senin');
    expect(svg).toContain('Jumat');
    expect(svg.indexOf('Senin')).toBeLessThan(svg.indexOf('Jumat'));
  });

  it('localMs: the office wall clock whatever the zone of the machine', () => {
    expect(new Date(localMs('2026-05-29T08:50:00Z', 'Asia/Jakarta')).toISOString()).toBe('2026-05-29T15:50:00.000Z');
    expect(new Date(localMs('2026-05-29T08:50:00Z', 'Asia/Jayapura')).toISOString()).toBe('2026-05-29T17:50:00.000Z');
    expect(() => localMs('nope', 'Asia/Jakarta')).toThrow();
  });

  it('case timeline: a bar per visit (open ones to as-of), quota bands, pause spans, office time', async () => {
    const visits = [
      {
        step: 'S1',
        step_name: 'Pengajuan',
        visit_no: 1,
        clock: 'applicant',
        arrived_at: '2026-05-29T01:00:00Z',
        started_at: '2026-05-29T01:00:00Z',
        completed_at: '2026-05-29T01:04:00Z',
        outcome: 'completed',
        handling_min: 4,
        quota_min: 5,
        within_quota: null,
      },
      {
        step: 'S2',
        step_name: 'Pemeriksaan',
        visit_no: 1,
        officer: 'FO-1',
        arrived_at: '2026-05-29T01:04:00Z',
        started_at: '2026-05-29T08:50:00Z',
        completed_at: '2026-06-02T01:10:00Z',
        outcome: 'completed',
        handling_min: 80,
        quota_min: 20,
        within_quota: false,
        quota_end_at: '2026-05-29T09:10:00Z',
      },
      {
        step: 'S3',
        visit_no: 1,
        arrived_at: '2026-06-02T01:10:00Z',
        started_at: null,
        completed_at: null,
        outcome: 'open',
        handling_min: null,
        quota_min: 10,
        within_quota: null,
      },
    ];
    const pauses = [{ from: '2026-05-29T01:00:00Z', to: '2026-05-29T01:04:00Z', paused_min: 4 }];
    const spec = caseTimelineSpec(visits, pauses, { timeZone: 'Asia/Jakarta', asOf: '2026-06-02T03:00:00Z' });
    const { svg, counts } = await render(spec);
    // 3 visit bars + 1 quota band + 1 pause span + 1 queue (S2 waited 01:04 → 08:50 UTC)
    expect(counts).toEqual({ rect: 6 });
    expect(svg).toContain('S2 · Pemeriksaan');
    // the S3 visit starts at its arrival 08:10 WIB and runs to as-of 10:00 WIB
    const s = inline(spec);
    expect(s).toContain(String(Date.UTC(2026, 5, 2, 8, 10)));
    expect(s).toContain(String(Date.UTC(2026, 5, 2, 10, 0)));
    expect(s).toContain(String(Date.UTC(2026, 4, 29, 16, 10))); // quota band end, WIB
    expect(s).toContain(`"arrive":${Date.UTC(2026, 4, 29, 8, 4)},"start":${Date.UTC(2026, 4, 29, 15, 50)}`); // S2 queue, WIB
  });

  it('complaint resolution: monthly bars, year-to-date line and the 75% rule', async () => {
    const rows = [
      { month: '2025-01-01', received: 4, resolved: 3, rate: 0.75, ytd_rate: 0.75 },
      { month: '2025-02-01', received: 0, resolved: 0, rate: null, ytd_rate: 0.75 },
      { month: '2025-03-01', received: 6, resolved: 3, rate: 0.5, ytd_rate: 0.6 },
    ];
    const spec = complaintResolutionSpec(rows);
    const { svg, counts } = await render(spec);
    // 2 bars (a null rate draws nothing), 3 ytd points (line + symbols), one target rule and its label
    expect(counts).toEqual({ rect: 2, line: 3, symbol: 3, rule: 1, text: 1 });
    expect(svg).toContain('Target 75%');
    expect(svg).toContain('Tingkat penyelesaian bulanan');
  });

  it('IKM per element: nine bars over four grade bands', async () => {
    const names = [
      'Persyaratan',
      'Prosedur',
      'Waktu',
      'Biaya',
      'Produk',
      'Kompetensi',
      'Perilaku',
      'Pengaduan',
      'Sarana',
    ];
    const rows = names.map((n, i) => ({
      unsur: i + 1,
      unsur_name: n,
      nrr: i === 2 ? 2.9 : 3.6,
      grade: i === 2 ? 'C' : 'A',
      respondents: 100,
    }));
    const { svg, counts } = await render(ikmUnsurSpec(rows, { lang: 'en' }));
    // 4 grade bands + 9 element bars
    expect(counts).toEqual({ rect: 13 });
    expect(svg).toContain('U3 Waktu');
    expect(svg).toContain('Mean score (1–4)');
  });
});

describe('IKM bars stay inside the 1–4 scale', () => {
  it('every element bar starts at the left edge of the plot (score 1), none in the axis area', async () => {
    const rows = [1, 2, 3].map((u) => ({ unsur: u, unsur_name: `E${u}`, nrr: 2 + u / 2, grade: 'B', respondents: 10 }));
    const vg = compile(ikmUnsurSpec(rows)).spec;
    const view = new vega.View(vega.parse(vg), { renderer: 'none' });
    await view.runAsync();
    const xs: number[] = [];
    const walk = (node: SceneNode & { x?: number; width?: number }) => {
      for (const item of (node.items ?? []) as (SceneNode & { x?: number; width?: number })[]) {
        if (node.role === 'mark' && node.marktype === 'rect') xs.push(item.x!);
        walk(item);
      }
    };
    walk((view.scenegraph() as unknown as { root: SceneNode }).root);
    view.finalize();
    expect(xs.length).toBe(7); // 4 bands + 3 bars
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
  });
});
