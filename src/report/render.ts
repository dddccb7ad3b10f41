import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { TopLevelSpec } from 'vega-lite';
import { type Lang, localeOf } from '../i18n/index.js';
import {
  complaintResolutionSpec,
  ikmUnsurSpec,
  stepTimeSpec,
  trendSpec,
  categoryLabel,
  categoryOrder,
  channelLabel,
  stageLabel,
} from '../dashboards/index.js';
import { renderSvg } from './charts.js';
import type { ReportData } from './data.js';
import { labeller, loadDefinition, type ReportDefinition, type SectionKey } from './definition.js';
import { fill, fmtInstant, fmtMonth, fmtNumber, fmtRatioPct, fmtShortDate, fmtShortInstant } from './format.js';
import { fmtDate, localDate, type Approval, type Letterhead } from './letter.js';
import { roleLabel, type Signatories, type Signatory } from './signatories.js';

/**
 * Renders the monthly report (reports/monthly.yaml) as an A4 portrait PDF with pdfkit: fonts
 * embedded (DejaVu Sans, subset), charts drawn as vectors, long tables broken across pages with
 * their header repeated, "Halaman X dari Y" on every page.
 *
 * Byte-identical output for the same data: the only instant written into the file is the
 * report's as-of (CreationDate/ModDate, from which pdfkit also derives the file ID); the
 * wall-clock generation time is kept in the report record, not here. Nothing else in pdfkit's
 * output depends on time or randomness (subset tags derive from font ids; zlib is deterministic).
 *
 * A copy without an approval is a draft (also once checked): *DRAF* across every page and at its
 * top. The approved copy has no mark and carries its approval instead (issue #22 part 3): the
 * place-and-date line, who checked and who approved with NIP, role and date, the report number
 * and a verification line. Everything it is drawn from is in the options, kept in the report
 * record, so it renders again to the same bytes.
 */
export interface RenderOptions {
  lang: Lang;
  signatories?: Signatories | undefined;
  letterhead?: Letterhead | undefined;
  approval?: Approval | null | undefined;
  definition?: ReportDefinition;
}

export interface RenderedReport {
  pdf: Buffer;
  pages: number;
}

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const loadFonts = () =>
  (fonts ??= {
    regular: readFileSync(join(fontDir, 'DejaVuSans.ttf')),
    bold: readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf')),
  });

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };
const CONTENT_W = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const GREY = '#555555';
const RULE = '#b0b0b0';

interface Column {
  label: string;
  /** share of the content width */
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** A cursor-based writer over pdfkit with the few primitives the report needs. */
class Writer {
  y = MARGIN.top;
  readonly doc: PDFKit.PDFDocument;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', layout: 'portrait', margins: MARGIN });
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  text(
    s: string,
    opts: {
      size?: number;
      bold?: boolean;
      color?: string;
      gap?: number;
      align?: 'left' | 'center' | 'right';
      x?: number;
      width?: number;
    } = {},
  ): void {
    const size = opts.size ?? 9;
    const width = opts.width ?? CONTENT_W;
    this.doc
      .font(opts.bold ? 'Sans-Bold' : 'Sans')
      .fontSize(size)
      .fillColor(opts.color ?? 'black');
    const h = this.doc.heightOfString(s, { width });
    this.ensure(h);
    this.doc.text(s, opts.x ?? MARGIN.left, this.y, { width, align: opts.align ?? 'left' });
    this.y += h + (opts.gap ?? 4);
  }

  heading(s: string): void {
    this.ensure(80);
    this.text(s, { size: 13, bold: true, gap: 2 });
    this.doc
      .moveTo(MARGIN.left, this.y)
      .lineTo(MARGIN.left + CONTENT_W, this.y)
      .lineWidth(0.8)
      .strokeColor('#1f5f8b')
      .stroke();
    this.y += 8;
  }

  subheading(s: string): void {
    this.ensure(48);
    this.y += 4;
    this.text(s, { size: 10, bold: true, gap: 4 });
  }

  /** A line of text cut to `width` with an ellipsis (table cells never wrap). */
  private fit(s: string, width: number): string {
    if (this.doc.widthOfString(s) <= width) return s;
    let cut = s;
    while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  /** A table whose rows break across pages, the header repeated on each page. */
  table(cols: Column[], rows: string[][], continued: string): void {
    const size = 7.5;
    const pad = 3;
    const rowH = 12;
    const widths = cols.map((c) => c.width * CONTENT_W);
    const doc = this.doc;
    doc.font('Sans-Bold').fontSize(size);
    const headerH =
      Math.max(...cols.map((c, i) => doc.heightOfString(c.label, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    const header = (again: boolean) => {
      if (again) {
        doc.font('Sans').fontSize(7).fillColor(GREY).text(continued, MARGIN.left, this.y, { width: CONTENT_W });
        this.y += 10;
      }
      doc.rect(MARGIN.left, this.y, CONTENT_W, headerH).fillColor('#e8eef3').fill();
      doc.font('Sans-Bold').fontSize(size).fillColor('black');
      let x = MARGIN.left;
      cols.forEach((c, i) => {
        doc.text(c.label, x + pad, this.y + pad, { width: widths[i]! - 2 * pad, align: c.align ?? 'left' });
        x += widths[i]!;
      });
      this.y += headerH;
    };
    this.ensure(headerH + rowH * Math.min(rows.length, 3));
    header(false);
    rows.forEach((row, r) => {
      if (this.y + rowH > BOTTOM) {
        this.newPage();
        header(true);
      }
      if (r % 2 === 1) doc.rect(MARGIN.left, this.y, CONTENT_W, rowH).fillColor('#f5f5f5').fill();
      doc.font('Sans').fontSize(size).fillColor('black');
      let x = MARGIN.left;
      cols.forEach((c, i) => {
        const w = widths[i]! - 2 * pad;
        doc.text(this.fit(row[i] ?? '', w), x + pad, this.y + 2.5, {
          width: w,
          align: c.align ?? 'left',
          lineBreak: false,
        });
        x += widths[i]!;
      });
      this.y += rowH;
    });
    doc
      .moveTo(MARGIN.left, this.y)
      .lineTo(MARGIN.left + CONTENT_W, this.y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    this.y += 8;
  }

  /** A chart (Vega-Lite → SVG) drawn as vectors, scaled to at most the content width. */
  async chart(spec: TopLevelSpec, caption: string): Promise<void> {
    const svg = await renderSvg(spec);
    const m = /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    const w0 = Number(m?.[1] ?? 400);
    const h0 = Number(m?.[2] ?? 150);
    const w = Math.min(CONTENT_W, w0 * 0.9);
    const h = (w / w0) * h0;
    this.ensure(h + 24);
    this.text(caption, { size: 8, color: GREY, gap: 2 });
    SVGtoPDF(this.doc, svg, MARGIN.left, this.y, {
      width: w,
      height: h,
      fontCallback: (_f, bold) => (bold ? 'Sans-Bold' : 'Sans'),
    });
    this.y += h + 8;
  }
}

interface GlyphRun {
  glyphs: { path: { toSVG(): string } }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
  advanceWidth: number;
}

/**
 * The DRAF mark across the middle of the page, light and at 45°, drawn as the outlines of the bold
 * font's glyphs (vector paths, not text): text there would be read by pdftotext and screen
 * readers in the middle of the page's own lines; the mark in words is the line at the top.
 */
function drawMark(doc: PDFKit.PDFDocument, text: string, size: number): void {
  doc.font('Sans-Bold');
  const font = (doc as unknown as { _font: { font: { unitsPerEm: number; layout(s: string): GlyphRun } } })._font.font;
  const run = font.layout(text);
  const k = size / font.unitsPerEm;
  doc.save();
  doc.translate(PAGE.width / 2, PAGE.height / 2).rotate(-45);
  doc.fillColor('#c00000').fillOpacity(0.12);
  let x = (-run.advanceWidth * k) / 2;
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i]!;
    doc.save();
    doc.translate(x + p.xOffset * k, size * 0.35 - p.yOffset * k).scale(k, -k);
    doc.path(g.path.toSVG()).fill();
    doc.restore();
    x += p.xAdvance * k;
  });
  doc.restore();
}

/**
 * The spec with every mark clipped to its plot area: the IKM element chart draws NRR bars on a
 * 1–4 axis, and a bar's baseline (0) would otherwise run left over the axis labels.
 */
function clipMarks(spec: TopLevelSpec): TopLevelSpec {
  const copy = structuredClone(spec) as unknown as { layer?: { mark?: unknown }[] };
  for (const l of copy.layer ?? [])
    if (l.mark)
      l.mark = typeof l.mark === 'string' ? { type: l.mark, clip: true } : { ...(l.mark as object), clip: true };
  return copy as unknown as TopLevelSpec;
}

/** Renders the report's data into a PDF buffer. */
export async function renderReport(data: ReportData, opts: RenderOptions): Promise<RenderedReport> {
  const def = opts.definition ?? loadDefinition();
  const lang = opts.lang;
  const L = labeller(def, lang);
  const n = (v: number | null | undefined, d = 0) => fmtNumber(v, d, lang);
  const pct = (v: number | null | undefined) => (v == null ? '-' : `${n(v, 1)}%`);
  const day = data.office.day_minutes;
  const days = (min: number | null | undefined) => (min == null ? '-' : n(min / day, 2));
  const tz = data.office.timezone;
  const monthText = fmtMonth(data.month, lang);

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    lang: localeOf(lang),
    info: {
      Title: `${def.title[lang]} — ${data.office.name} — ${monthText}`,
      Author: data.office.name,
      Subject: `${data.office.office} ${data.month}`,
      Creator: 'sla-dpmptsp',
      CreationDate: data.asOf,
      ModDate: opts.approval ? new Date(opts.approval.approved.at) : data.asOf,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const f = loadFonts();
  doc.registerFont('Sans', f.regular);
  doc.registerFont('Sans-Bold', f.bold);

  const w = new Writer(doc);
  const sectionPages: { heading: string; page: number }[] = [];
  const headingOf = new Map(def.sections.map((s, i) => [s.key, `${i + 1}. ${s.heading[lang]}`]));
  const emptyOf = new Map(def.sections.map((s) => [s.key, s.empty[lang]]));
  const start = (key: SectionKey, newPage: boolean) => {
    if (newPage) w.newPage();
    else w.ensure(160);
    w.heading(headingOf.get(key)!);
    sectionPages.push({ heading: headingOf.get(key)!, page: doc.bufferedPageRange().count });
  };
  const empty = (key: SectionKey) => w.text(emptyOf.get(key)!, { color: GREY, size: 9.5, gap: 8 });
  const continued = L('continued');
  const statusText = (s: string) => L(`status_${s}`);
  const clockText = (c: string | null) => (c ? L(`clock_${c}`) : '-');
  const yesNo = (b: boolean | null) => (b == null ? '-' : b ? L('yes') : L('no'));

  // cover, under the letterhead (kop surat)
  w.newPage();
  const kop = opts.letterhead;
  if (kop && (kop.government || kop.dinas_name)) {
    const logoW = kop.logo ? 52 : 0;
    if (kop.logo) doc.image(Buffer.from(kop.logo, 'base64'), MARGIN.left, MARGIN.top - 8, { fit: [logoW, logoW] });
    const x = MARGIN.left + logoW + (logoW ? 8 : 0);
    const width = CONTENT_W - 2 * (logoW ? logoW + 8 : 0);
    w.y = MARGIN.top - 12;
    if (kop.government)
      w.text(kop.government.toUpperCase(), { size: 13, bold: true, align: 'center', gap: 1, x, width });
    w.text((kop.dinas_name ?? data.office.name).toUpperCase(), {
      size: 12,
      bold: true,
      align: 'center',
      gap: 2,
      x,
      width,
    });
    if (kop.address) w.text(kop.address, { size: 8.5, align: 'center', gap: 1, x, width });
    const contacts = [
      kop.phone && `${L('phone')} ${kop.phone}`,
      kop.email && `${L('email')} ${kop.email}`,
      kop.website && `${L('website')} ${kop.website}`,
    ]
      .filter(Boolean)
      .join(' · ');
    if (contacts) w.text(contacts, { size: 8.5, align: 'center', gap: 1, x, width });
    const ry = Math.max(w.y + 3, MARGIN.top + logoW - 4);
    doc
      .moveTo(MARGIN.left, ry)
      .lineTo(MARGIN.left + CONTENT_W, ry)
      .lineWidth(2)
      .strokeColor('black')
      .stroke();
    doc
      .moveTo(MARGIN.left, ry + 3)
      .lineTo(MARGIN.left + CONTENT_W, ry + 3)
      .lineWidth(0.6)
      .strokeColor('black')
      .stroke();
  }
  w.y = 150;
  w.text(def.title[lang], { size: 22, bold: true, align: 'center', gap: 18 });
  w.text(data.office.name, { size: 16, bold: true, align: 'center', gap: 6 });
  w.text(`${L('period')}: ${monthText}`, { size: 13, align: 'center', gap: 4 });
  w.text(`${L('as_of')}: ${fmtInstant(data.asOf, tz, lang)}`, { size: 11, align: 'center', gap: 30 });
  w.text(fill(L('cover_note'), { day: n(day) }), { size: 9, color: GREY, gap: data.provisional.length ? 8 : 24 });
  // figures of a year without a holiday list or Ramadan hours are provisional (SPEC §2.1)
  if (data.provisional.length) {
    w.text(L('provisional'), { size: 11, bold: true, gap: 4 });
    for (const p of data.provisional) w.text(p, { size: 9, gap: 4 });
    w.y += 16;
  }
  const tocY = w.y;

  // summary
  for (const section of def.sections) {
    switch (section.key) {
      case 'summary': {
        start('summary', true);
        const c = data.complaints;
        const target = data.office.complaint_target;
        const ikmText = (i: ReportData['ikm']) => (i ? `${n(i.ikm_converted_rounded, 2)} (${i.grade})` : '-');
        const rows: string[][] = [
          [L('cases_ready'), n(data.totals.ready), n(data.prevTotals.ready), '-'],
          [
            L('within_quota_share'),
            pct(data.totals.within_pct),
            pct(data.prevTotals.within_pct),
            L('within_quota_target'),
          ],
          ...data.services.map((s) => [
            fill(L('median_time_of'), { service: s.service }),
            days(s.median_min),
            days(s.prev_median_min),
            s.quota_min == null ? '-' : fill(L('quota_days'), { q: days(s.quota_min) }),
          ]),
          [
            L('complaints_ytd'),
            fmtRatioPct(c.ytd.rate, lang),
            fmtRatioPct(data.prevComplaintsYtdRate, lang),
            `≥ ${fmtRatioPct(target, lang)}`,
          ],
          [L('ikm_value'), ikmText(data.ikm), ikmText(data.prevIkm), '-'],
        ];
        w.table(
          [
            { label: L('indicator'), width: 0.44 },
            { label: `${L('this_month')} (${monthText})`, width: 0.17, align: 'right' },
            { label: `${L('prev_month')} (${fmtMonth(data.prevMonth, lang)})`, width: 0.17, align: 'right' },
            { label: L('target'), width: 0.22, align: 'right' },
          ],
          rows,
          continued,
        );
        if (data.totals.ready === 0 && data.submitted === 0 && !data.ikm && c.received === 0) empty('summary');
        break;
      }
      case 'service_time': {
        start('service_time', true);
        const anything = data.services.some((s) => s.ready > 0) || data.steps.length > 0 || data.latest.length > 0;
        if (!anything) {
          empty('service_time');
          break;
        }
        w.subheading(L('services'));
        w.table(
          [
            { label: L('service'), width: 0.1 },
            { label: L('name'), width: 0.3 },
            { label: L('ready'), width: 0.08, align: 'right' },
            { label: L('within'), width: 0.09, align: 'right' },
            { label: L('within_pct'), width: 0.1, align: 'right' },
            { label: L('median_days'), width: 0.11, align: 'right' },
            { label: L('p90_days'), width: 0.11, align: 'right' },
            { label: L('quota_days_col'), width: 0.11, align: 'right' },
          ],
          data.services.map((s) => [
            s.service,
            s.name,
            n(s.ready),
            n(s.within),
            pct(s.within_pct),
            days(s.median_min),
            days(s.p90_min),
            days(s.quota_min),
          ]),
          continued,
        );
        await w.chart(trendSpec(data.trend, { lang, width: 470 }), L('chart_trend'));
        w.subheading(L('steps'));
        if (data.steps.length === 0) w.text(L('no_steps'), { color: GREY });
        else
          w.table(
            [
              { label: L('service'), width: 0.09 },
              { label: L('step'), width: 0.07 },
              { label: L('step_name'), width: 0.2 },
              { label: L('clock'), width: 0.1 },
              { label: L('visits'), width: 0.12, align: 'right' },
              { label: L('median_min'), width: 0.1, align: 'right' },
              { label: L('p90_min'), width: 0.1, align: 'right' },
              { label: L('quota_min'), width: 0.1, align: 'right' },
              { label: L('within_pct'), width: 0.12, align: 'right' },
            ],
            data.steps.map((s) => [
              s.service,
              s.step,
              s.name ?? '-',
              clockText(s.clock),
              n(s.visits),
              n(s.median_handling_min, 1),
              n(s.p90_handling_min, 1),
              n(s.quota_min, 0),
              pct(s.within_quota_pct),
            ]),
            continued,
          );
        // the month's bottleneck of each service, as the dashboards name it (SPEC §2.3.9)
        for (const s of data.steps.filter((x) => x.bottleneck && (x.over_min_total ?? 0) > 0))
          w.text(
            fill(L('bottleneck_line'), {
              service: s.service,
              step: `${s.step}${s.name ? ` ${s.name}` : ''}`,
              over: n(s.over_min_total, 0),
            }),
          );
        for (const service of [...new Set(data.steps.map((s) => s.service))]) {
          const rows = data.steps.filter((s) => s.service === service && s.clock !== 'applicant');
          if (rows.length === 0) continue;
          await w.chart(
            stepTimeSpec(
              rows.map((r) => ({ ...r, office: data.office.office, step_name: r.name })),
              { lang, width: 470, height: 170 },
            ),
            fill(L('chart_steps'), { service }),
          );
        }
        w.subheading(L('latest'));
        if (data.latest.length === 0) w.text(L('no_cases_submitted'), { color: GREY });
        else
          w.table(
            [
              { label: L('case_id'), width: 0.2 },
              { label: L('service'), width: 0.09 },
              { label: L('submitted'), width: 0.15 },
              { label: L('status'), width: 0.11 },
              { label: L('elapsed_days'), width: 0.08, align: 'right' },
              { label: L('quota_days_col'), width: 0.08, align: 'right' },
              { label: L('within'), width: 0.07, align: 'center' },
              { label: L('bottleneck'), width: 0.22 },
            ],
            data.latest.map((c) => [
              c.case_id,
              c.service,
              fmtShortInstant(c.submitted_at, tz, lang),
              statusText(c.status),
              days(c.elapsed_min),
              days(c.quota_min),
              yesNo(c.within_quota),
              c.bottleneck_step ? `${c.bottleneck_step} ${c.bottleneck_name ?? ''}`.trim() : '-',
            ]),
            continued,
          );
        break;
      }
      case 'officers': {
        start('officers', true);
        if (data.officers.length === 0) {
          empty('officers');
          break;
        }
        for (const role of [...new Set(data.officers.map((o) => o.role))]) {
          w.subheading(fill(L('desk'), { role }));
          w.table(
            [
              { label: L('officer'), width: 0.14 },
              { label: L('name'), width: 0.25 },
              { label: L('visits'), width: 0.12, align: 'right' },
              { label: L('median_min'), width: 0.1, align: 'right' },
              { label: L('p90_min'), width: 0.1, align: 'right' },
              { label: L('within_pct'), width: 0.1, align: 'right' },
              { label: L('breaches'), width: 0.09, align: 'right' },
              { label: L('open_visits'), width: 0.1, align: 'right' },
            ],
            data.officers
              .filter((o) => o.role === role)
              .map((o) => [
                o.officer,
                o.name ?? '-',
                n(o.visits),
                n(o.median_handling_min, 1),
                n(o.p90_handling_min, 1),
                pct(o.within_quota_pct),
                n(o.breaches),
                n(o.open_visits),
              ]),
            continued,
          );
        }
        break;
      }
      case 'uncollected': {
        start('uncollected', true);
        if (data.uncollectedByService.length === 0) {
          empty('uncollected');
          break;
        }
        const waiting = data.uncollectedByService.reduce((a, r) => a + r.waiting, 0);
        w.text(fill(L('uncollected_intro'), { n: n(waiting) }), { gap: 6 });
        w.table(
          [
            { label: L('service'), width: 0.25 },
            { label: L('waiting'), width: 0.25, align: 'right' },
            { label: L('due_this_month'), width: 0.25, align: 'right' },
            { label: L('max_days_waiting'), width: 0.25, align: 'right' },
          ],
          data.uncollectedByService.map((r) => [r.service, n(r.waiting), n(r.due_this_month), n(r.max_days_waiting)]),
          continued,
        );
        w.subheading(L('letters_this_month'));
        if (data.uncollected.length === 0) w.text(L('no_letters_this_month'), { color: GREY });
        else
          w.table(
            [
              { label: L('case_id'), width: 0.28 },
              { label: L('service'), width: 0.14 },
              { label: L('ready_at'), width: 0.2 },
              { label: L('days_waiting'), width: 0.16, align: 'right' },
              { label: L('letter_due'), width: 0.22 },
            ],
            data.uncollected.map((u) => [
              u.case_id,
              u.service,
              fmtShortDate(u.ready_date),
              n(u.days_waiting),
              fmtShortDate(u.letter_due),
            ]),
            continued,
          );
        break;
      }
      case 'complaints': {
        start('complaints', true);
        const c = data.complaints;
        if (c.received === 0 && c.in_process === 0 && c.ytd.received === 0) {
          empty('complaints');
          break;
        }
        w.subheading(L('complaints_counts'));
        w.table(
          [
            { label: L('received'), width: 0.2, align: 'right' },
            { label: L('resolved'), width: 0.2, align: 'right' },
            { label: L('rate_pct'), width: 0.2, align: 'right' },
            { label: L('in_process'), width: 0.2, align: 'right' },
            { label: L('overdue'), width: 0.2, align: 'right' },
          ],
          [[n(c.received), n(c.resolved), fmtRatioPct(c.rate, lang), n(c.in_process), n(c.overdue)]],
          continued,
        );
        w.text(
          fill(L('ytd_line'), {
            resolved: n(c.ytd.resolved),
            received: n(c.ytd.received),
            rate: fmtRatioPct(c.ytd.rate, lang),
            target: fmtRatioPct(c.ytd.target, lang),
            verdict: c.ytd.meets_target == null ? '-' : c.ytd.meets_target ? L('meets') : L('not_meets'),
          }),
          { bold: true, gap: 8 },
        );
        const breakdown = (
          label: string,
          rows: { key: string; received: number; resolved: number; rate: number | null }[],
        ) =>
          w.table(
            [
              { label, width: 0.4 },
              { label: L('received'), width: 0.2, align: 'right' },
              { label: L('resolved'), width: 0.2, align: 'right' },
              { label: L('rate_pct'), width: 0.2, align: 'right' },
            ],
            rows.map((r) => [r.key, n(r.received), n(r.resolved), fmtRatioPct(r.rate, lang)]),
            continued,
          );
        await w.chart(
          complaintResolutionSpec(data.complaintYear, { lang, width: 470, height: 150 }),
          L('chart_complaints'),
        );
        w.subheading(L('by_channel'));
        // labels, not codes (issue #25 §4); the categories in their order ringan, sedang, berat
        breakdown(
          L('channel'),
          c.by_channel.map((r) => ({ ...r, key: channelLabel(r.channel, lang) })),
        );
        w.subheading(L('by_category'));
        breakdown(
          L('category'),
          [...c.by_category]
            .sort((a, b) => categoryOrder(a.category, b.category))
            .map((r) => ({ ...r, key: categoryLabel(r.category, lang) })),
        );
        w.subheading(L('open_complaints'));
        w.text(fill(L('open_as_of'), { at: fmtInstant(new Date(c.as_of), tz, lang) }), {
          size: 8,
          color: GREY,
          gap: 4,
        });
        if (c.open.length === 0) w.text('-', { color: GREY });
        else
          w.table(
            [
              { label: L('complaint_id'), width: 0.2 },
              { label: L('received_at'), width: 0.18 },
              { label: L('channel'), width: 0.16 },
              { label: L('category'), width: 0.12 },
              { label: L('stage'), width: 0.2 },
              { label: L('deadline'), width: 0.14 },
            ],
            c.open.map((o) => [
              o.complaint_id,
              fmtShortInstant(new Date(o.received_at), tz, lang),
              channelLabel(o.channel, lang),
              categoryLabel(o.category, lang),
              stageLabel(o.stage, lang),
              L(`deadline_${o.deadline_status}`),
            ]),
            continued,
          );
        break;
      }
      case 'ikm': {
        start('ikm', true);
        const i = data.ikm;
        if (!i) {
          empty('ikm');
          break;
        }
        w.text(
          fill(L('ikm_overall'), {
            ikm: n(i.ikm_converted_rounded, 2),
            grade: i.grade,
            label: i.label,
            n: n(i.respondents),
          }),
          { bold: true, gap: 4 },
        );
        w.text(
          fill(L('sample_line'), {
            population: n(i.population),
            required: n(i.required_sample),
            n: n(i.respondents),
            verdict: i.sample_adequate ? L('adequate') : L('not_adequate'),
          }),
          { gap: 8 },
        );
        w.table(
          [
            { label: L('unsur'), width: 0.08, align: 'center' },
            { label: L('name'), width: 0.38 },
            { label: L('respondents'), width: 0.12, align: 'right' },
            { label: L('nrr'), width: 0.1, align: 'right' },
            { label: L('ni'), width: 0.12, align: 'right' },
            { label: L('grade'), width: 0.08, align: 'center' },
            { label: L('follow_up'), width: 0.12, align: 'center' },
          ],
          data.unsur.map((u) => [
            `U${u.unsur}`,
            u.unsur_name,
            n(u.respondents),
            n(u.nrr, 3),
            n(u.nrr * 25, 2),
            u.grade,
            u.follow_up ? L('yes') : '-',
          ]),
          continued,
        );
        // element numbers only on the axis (the names are in the table above): Vega measures text
        // approximately without canvas, and long labels would run into the bars
        await w.chart(
          clipMarks(
            ikmUnsurSpec(
              data.unsur.map((u) => ({ ...u, unsur_name: '' })),
              { lang, width: 380, height: 170 },
            ),
          ),
          L('chart_ikm'),
        );
        w.subheading(L('follow_up_items'));
        const items = [
          ...data.unsur
            .filter((u) => u.follow_up)
            .map((u) =>
              fill(L('follow_up_unsur'), {
                unsur: `U${u.unsur}`,
                name: u.unsur_name,
                ni: n(u.nrr * 25, 2),
                grade: u.grade,
              }),
            ),
          ...data.serviceFollowUps.map((s) =>
            fill(L('follow_up_service'), { service: s.service, ikm: n(s.ikm_converted_rounded, 2), grade: s.grade }),
          ),
        ];
        if (items.length === 0) w.text(L('follow_up_none'), { color: GREY });
        for (const item of items) w.text(`•  ${item}`, { gap: 2 });
        break;
      }
      case 'signoff': {
        start('signoff', false);
        const a = opts.approval;
        const s = opts.signatories;
        if (!a && !s?.sekretaris && !s?.kepala_dinas) empty('signoff');
        w.ensure(a ? 190 : 130);
        const colW = CONTENT_W / 2 - 10;
        const right = MARGIN.left + CONTENT_W / 2 + 10;
        const nameOf = (p: Signatory | null | undefined) => p?.name ?? '(..............................)';
        const nipOf = (p: Signatory | null | undefined) => `${L('nip')}. ${p?.nip ?? '..................'}`;
        if (!a) {
          const top = w.y + 6;
          const block = (x: number, label: string, p: Signatory | null | undefined) => {
            doc.font('Sans').fontSize(9.5).fillColor('black').text(label, x, top, { width: colW, align: 'center' });
            doc
              .font('Sans-Bold')
              .fontSize(9.5)
              .text(nameOf(p), x, top + 70, { width: colW, align: 'center', underline: true });
            doc
              .font('Sans')
              .fontSize(9)
              .text(nipOf(p), x, top + 84, { width: colW, align: 'center' });
          };
          block(MARGIN.left, L('checked_by'), s?.sekretaris);
          block(right, L('known_by'), s?.kepala_dinas);
          w.y = top + 104;
          break;
        }
        // the approved copy: number, place and date, who checked and who approved, how to verify
        w.text(fill(L('report_no'), { no: a.report_no }), { bold: true, gap: 4 });
        const approvedOn = localDate(new Date(a.approved.at), tz);
        w.text(`${opts.letterhead?.place ?? data.office.name}, ${fmtDate(approvedOn, lang)}`, {
          align: 'right',
          gap: 10,
        });
        const top = w.y;
        const block = (x: number, label: string, p: Signatory | null, at: string, position: Signatory['position']) => {
          doc.font('Sans').fontSize(9.5).fillColor('black').text(label, x, top, { width: colW, align: 'center' });
          doc.text(roleLabel(p ?? { position, title: null }, lang), x, top + 13, { width: colW, align: 'center' });
          doc
            .font('Sans-Bold')
            .fontSize(9.5)
            .text(nameOf(p), x, top + 60, { width: colW, align: 'center', underline: true });
          doc
            .font('Sans')
            .fontSize(9)
            .text(nipOf(p), x, top + 74, { width: colW, align: 'center' });
          doc.text(fill(L('signed_on'), { date: fmtDate(localDate(new Date(at), tz), lang) }), x, top + 87, {
            width: colW,
            align: 'center',
          });
        };
        block(MARGIN.left, L('checked_label'), a.checked.by, a.checked.at, 'sekretaris');
        block(right, L('approved_label'), a.approved.by, a.approved.at, 'kepala_dinas');
        w.y = top + 110;
        w.text(fill(L('verify_line'), { id: String(a.report_id), digest: a.checked_sha256.slice(0, 16) }), {
          size: 8,
          color: GREY,
          gap: 4,
        });
        break;
      }
    }
  }

  // contents on the cover, then page numbers on every page
  const total = doc.bufferedPageRange().count;
  doc.switchToPage(0);
  let y = tocY;
  doc
    .font('Sans-Bold')
    .fontSize(10)
    .fillColor('black')
    .text(L('contents'), MARGIN.left + 60, y, { width: CONTENT_W - 120 });
  y += 16;
  for (const sp of sectionPages) {
    doc
      .font('Sans')
      .fontSize(9.5)
      .text(sp.heading, MARGIN.left + 60, y, { width: CONTENT_W - 160, lineBreak: false });
    doc.text(n(sp.page), MARGIN.left + CONTENT_W - 100, y, { width: 40, align: 'right', lineBreak: false });
    y += 14;
  }
  const footerLeft = `${data.office.name} · ${monthText}`;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the bottom margin must not open a page
    const fy = PAGE.height - 40;
    doc
      .moveTo(MARGIN.left, fy - 6)
      .lineTo(MARGIN.left + CONTENT_W, fy - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.font('Sans').fontSize(8).fillColor(GREY);
    doc.text(footerLeft, MARGIN.left, fy, { width: CONTENT_W / 2, lineBreak: false });
    doc.text(fill(L('page'), { x: n(i + 1), y: n(total) }), MARGIN.left + CONTENT_W / 2, fy, {
      width: CONTENT_W / 2,
      align: 'right',
      lineBreak: false,
    });
    if (!opts.approval) {
      // not approved: the mark across the page (light, under-read) and in words at its top
      drawMark(doc, L('draft_mark'), 140);
      doc.font('Sans-Bold').fontSize(8).fillColor('#c00000').fillOpacity(1);
      doc.text(L('draft_note'), MARGIN.left, 24, { width: CONTENT_W, align: 'right', lineBreak: false });
    }
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return { pdf: await ended, pages: total };
}
