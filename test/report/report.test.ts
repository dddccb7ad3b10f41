import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { readReportData } from '../../src/report/data.js';
import { loadDefinition } from '../../src/report/definition.js';
import { generateReport, type GeneratedReport } from '../../src/report/generate.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { fixture, openTestDb, repoPath } from '../helpers.js';
import { channelLabel } from '../../src/dashboards/labels.js';
import { demoDb, id, lines, pageInk, pdfFonts, pdfImageCount, pdfInfo, pdfPages } from './helpers.js';

/*
 * The monthly report read back from the PDF (pdftotext, pdfinfo, pdffonts, pdfimages, pdftoppm)
 * and compared with the views of queries/ queried here with SQL of the test's own, on the demo
 * data of sample-data/ (events 2025-01 … 2026-10-30, complaints, survey responses).
 *
 * Every report reads the stored tables, as of Pekanbaru's latest transition (30 Oct 2026 16:46
 * WIB), which its cover prints.
 */

const def = loadDefinition();
let db: Database;
let oct: GeneratedReport;
let octPages: string[];
let octLines: string[];

beforeAll(async () => {
  db = await demoDb();
  oct = await generateReport(db, { office: 'pekanbaru', month: '2026-10', lang: 'id' });
  octPages = pdfPages(oct.pdf);
  octLines = lines(octPages);
});
afterAll(() => db?.close());

const has = (ls: string[], start: string, end: string) => ls.some((l) => l.startsWith(start) && l.endsWith(end));
const pct = (x: number | null) => (x == null ? '-' : `${id(x, 1)}%`);
const min1 = (x: number | null) => (x == null ? '-' : id(x, 1));

describe('monthly report: figures equal the views', () => {
  it('summary: cases completed, share within quota, median per service against quota, complaints YTD, IKM — this month and the previous one', async () => {
    const t = await db.all<{ m: string; ready: number; pct: number }>(
      `select strftime(timezone('Asia/Jakarta', ready_at), '%Y-%m') as m, count(*) as ready,
         100.0 * count(*) filter (where within_quota) / count(within_quota) as pct
       from case_sla where office = 'pekanbaru' and ready_at is not null group by 1 having m in ('2026-09', '2026-10') order by m`,
    );
    expect(t.map((r) => r.m)).toEqual(['2026-09', '2026-10']);
    const [sep, octo] = t as [(typeof t)[0], (typeof t)[0]];
    expect(octLines).toContain(`Berkas selesai ${id(octo.ready)} ${id(sep.ready)} -`);
    expect(octLines).toContain(
      `Berkas selesai dalam kuota (%) ${pct(octo.pct)} ${pct(sep.pct)} setiap berkas dalam kuota`,
    );
    const med = await db.all<{ service: string; m: string; med: number }>(
      `select service, strftime(timezone('Asia/Jakarta', ready_at), '%Y-%m') as m, quantile_cont(elapsed_min, 0.5) / 450 as med
       from case_sla where office = 'pekanbaru' and ready_at is not null group by service, m having m in ('2026-09', '2026-10')`,
    );
    for (const service of ['SIKTG', 'SIPOT']) {
      const get = (m: string) => med.find((r) => r.service === service && r.m === m)!.med;
      expect(octLines).toContain(
        `Median waktu ${service} (hari kerja) ${id(get('2026-10'), 2)} ${id(get('2026-09'), 2)} kuota 2,00 hari kerja`,
      );
    }
    const c = await db.all<{ m: string; ytd_rate: number }>(
      `select strftime(month, '%Y-%m') as m, ytd_rate from complaint_resolution
       where office = 'pekanbaru' and channel is null and category is null and month in ('2026-09-01', '2026-10-01') order by m`,
    );
    expect(octLines).toContain(
      `Pengaduan selesai s.d. bulan ini (%) ${pct(c[1]!.ytd_rate * 100)} ${pct(c[0]!.ytd_rate * 100)} ≥ 75,0%`,
    );
    const ikm = await db.all<{ period: string; v: number; grade: string }>(
      `select period, round(ikm_converted + 1e-9, 2) as v, grade from ikm_summary
       where office = 'pekanbaru' and service is null and period_type = 'month' and period in ('2026-09', '2026-10') order by period`,
    );
    expect(octLines).toContain(
      `IKM (nilai konversi) dan mutu ${id(ikm[1]!.v, 2)} (${ikm[1]!.grade}) ${id(ikm[0]!.v, 2)} (${ikm[0]!.grade}) -`,
    );
  });

  it('service time: per service and per SOP step (median/p90 against quota, share within quota), ten latest cases with their bottleneck', async () => {
    const services = await db.all<{
      service: string;
      name: string;
      ready: number;
      within: number;
      pct: number;
      med: number;
      p90: number;
    }>(
      `select c.service, any_value(s.name) as name, count(*) as ready, count(*) filter (where within_quota) as within,
         100.0 * count(*) filter (where within_quota) / count(within_quota) as pct,
         quantile_cont(elapsed_min, 0.5) / 450 as med, quantile_cont(elapsed_min, 0.9) / 450 as p90
       from case_sla c join services s on s.office = c.office and s.service = c.service
       where c.office = 'pekanbaru' and strftime(timezone('Asia/Jakarta', ready_at), '%Y-%m') = '2026-10'
       group by c.service order by 1`,
    );
    expect(services).toHaveLength(2);
    for (const s of services) {
      expect(octLines).toContain(
        `${s.service} ${s.name} ${id(s.ready)} ${id(s.within)} ${pct(s.pct)} ${id(s.med, 2)} ${id(s.p90, 2)} 2,00`,
      );
    }
    const steps = await db.all<{
      service: string;
      step: string;
      visits: number;
      med: number;
      p90: number;
      quota: number | null;
      pct: number | null;
    }>(
      `select service, step, visits, median_handling_min as med, p90_handling_min as p90, quota_min as quota, within_quota_pct as pct
       from step_performance where office = 'pekanbaru' and month = date '2026-10-01' order by service, step`,
    );
    expect(steps.length).toBe(18); // S1…S9 of SIKTG and SIPOT
    for (const s of steps) {
      const end = `${id(s.visits)} ${min1(s.med)} ${min1(s.p90)} ${s.quota == null ? '-' : id(s.quota)} ${pct(s.pct)}`;
      expect(has(octLines, `${s.service} ${s.step} `, end), `${s.service} ${s.step}: … ${end}`).toBe(true);
    }
    const latest = await db.all<{ case_id: string; bottleneck_step: string }>(
      `select case_id, bottleneck_step from case_sla where office = 'pekanbaru' and strftime(timezone('Asia/Jakarta', submitted_at), '%Y-%m') = '2026-10'
       order by submitted_at desc, case_id desc limit 10`,
    );
    expect(latest).toHaveLength(10);
    for (const c of latest)
      expect(octLines.some((l) => l.startsWith(`${c.case_id} `) && l.includes(` ${c.bottleneck_step} `))).toBe(true);
  });

  it('officers: one table per desk with the officer_performance row of the month', async () => {
    const rows = await db.all<{
      officer: string;
      role: string;
      visits: number;
      med: number | null;
      p90: number | null;
      pct: number | null;
      breaches: number;
      open_visits: number;
    }>(
      `select p.officer, f.role, p.visits, p.median_handling_min as med, p.p90_handling_min as p90, p.within_quota_pct as pct, p.breaches, p.open_visits
       from officer_performance p join officers f using (office, officer)
       where p.office = 'pekanbaru' and p.month = date '2026-10-01' and (p.visits > 0 or p.open_visits > 0)`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(
        has(
          octLines,
          `${r.officer} `,
          `${id(r.visits)} ${min1(r.med)} ${min1(r.p90)} ${pct(r.pct)} ${id(r.breaches)} ${id(r.open_visits)}`,
        ),
        r.officer,
      ).toBe(true);
    }
    for (const role of new Set(rows.map((r) => r.role))) expect(octLines).toContain(`Meja layanan: ${role}`);
  });

  it('products not collected after one month: counted per service (letters due by the month end), listed for the letters due in the month', async () => {
    const per = await db.all<{ service: string; waiting: number; due: number; max_days: number }>(
      `select service, count(*) as waiting, count(*) filter (where letter_due >= date '2026-10-01') as due, max(days_waiting) as max_days
       from uncollected_products where office = 'pekanbaru' and letter_due < date '2026-11-01' group by 1 order by 1`,
    );
    expect(per.length).toBeGreaterThan(0);
    const total = per.reduce((a, r) => a + r.waiting, 0);
    expect(octLines).toContain(
      `${id(total)} produk siap lebih dari satu bulan dan belum diambil; surat Jaminan Pelayanan perlu dikirim.`,
    );
    for (const r of per) expect(octLines).toContain(`${r.service} ${id(r.waiting)} ${id(r.due)} ${id(r.max_days)}`);
    const rows = await db.all<{ case_id: string; days_waiting: number; this_month: boolean }>(
      `select case_id, days_waiting, letter_due >= date '2026-10-01' as this_month from uncollected_products where office = 'pekanbaru'`,
    );
    expect(rows.filter((r) => r.this_month).length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.this_month).length).toBeGreaterThan(0);
    for (const r of rows) {
      const listed = octLines.some((l) => l.startsWith(`${r.case_id} `) && l.includes(` ${id(r.days_waiting)} `));
      expect(listed, r.case_id).toBe(r.this_month);
    }
  });

  it('Laporan Pengaduan: received, resolved, in process, overdue, by channel and category, year to date against 75%', async () => {
    const o = (await db.one<{
      received: number;
      resolved: number;
      rate: number;
      ytd_received: number;
      ytd_resolved: number;
      ytd_rate: number;
      meets_target: boolean;
    }>(
      `select * from complaint_resolution where office = 'pekanbaru' and month = date '2026-10-01' and channel is null and category is null`,
    ))!;
    expect(octLines).toContain(
      `Sejak awal tahun: ${id(o.ytd_resolved)} dari ${id(o.ytd_received)} pengaduan selesai (${pct(o.ytd_rate * 100)}); target 75,0%: ${o.meets_target ? 'tercapai' : 'belum tercapai'}.`,
    );
    // open at the month's end (as of the office's latest data): received by then, not resolved by then
    const open = (await db.one<{ n: number }>(
      `select count(distinct complaint_id) as n from complaints
       where office = 'pekanbaru' and received_at <= timestamptz '2026-10-31 23:59:59.999999+07'
         and complaint_id not in (select complaint_id from complaints where office = 'pekanbaru' and resolved_at is not null and resolved_at <= (select max("at") from events where office = 'pekanbaru'))`,
    ))!.n;
    expect(
      octLines.some((l) => l.startsWith(`${id(o.received)} ${id(o.resolved)} ${pct(o.rate * 100)} ${id(open)} `)),
    ).toBe(true);
    const channels = await db.all<{ channel: string; received: number; resolved: number }>(
      `select channel, received, resolved from complaint_resolution where office = 'pekanbaru' and month = date '2026-10-01' and channel is not null`,
    );
    expect(channels).toHaveLength(13);
    // by their labels (issue #25 §4), the categories in their order
    for (const c of channels)
      expect(
        octLines.some((l) => l.startsWith(`${channelLabel(c.channel, 'id')} ${id(c.received)} ${id(c.resolved)}`)),
        c.channel,
      ).toBe(true);
    expect(
      octLines.some((l) => l.startsWith('Tatap muka ')) && octLines.some((l) => l.startsWith('SP4N-LAPOR! ')),
    ).toBe(true);
    const cats = ['Ringan', 'Sedang', 'Berat'].map((cat) => octLines.findIndex((l) => l.startsWith(`${cat} `)));
    expect(cats.every((i) => i >= 0)).toBe(true);
    expect(cats).toEqual([...cats].sort((a, b) => a - b));
  });

  it('SKM/IKM: office IKM and grade, sample adequacy, every element with grade, follow-up items', async () => {
    const s = (await db.one<{
      v: number;
      grade: string;
      label: string;
      respondents: number;
      population: number;
      required_sample: number;
      sample_adequate: boolean;
    }>(
      `select round(ikm_converted + 1e-9, 2) as v, grade, label, respondents, population, required_sample, sample_adequate
       from ikm_summary where office = 'pekanbaru' and service is null and period_type = 'month' and period = '2026-10'`,
    ))!;
    expect(octLines).toContain(
      `IKM kantor bulan ini: ${id(s.v, 2)} (mutu ${s.grade}, ${s.label}) dari ${id(s.respondents)} responden.`,
    );
    expect(octLines).toContain(
      `Kecukupan sampel (Krejcie-Morgan): populasi ${id(s.population)} berkas, sampel minimal ${id(s.required_sample)}, responden ${id(s.respondents)}: ${s.sample_adequate ? 'memadai' : 'belum memadai'}.`,
    );
    const u = await db.all<{
      unsur: number;
      unsur_name: string;
      respondents: number;
      nrr: number;
      grade: string;
      follow_up: boolean;
    }>(
      `select unsur, unsur_name, respondents, nrr, grade, follow_up from ikm_by_unsur
       where office = 'pekanbaru' and service is null and period_type = 'month' and period = '2026-10' order by unsur`,
    );
    expect(u).toHaveLength(9);
    for (const e of u) {
      expect(octLines).toContain(
        `U${e.unsur} ${e.unsur_name} ${id(e.respondents)} ${id(e.nrr, 3)} ${id(e.nrr * 25, 2)} ${e.grade} ${e.follow_up ? 'ya' : '-'}`,
      );
    }
    // the demo data grade u3 (waktu penyelesaian) C at Pekanbaru: it is listed for follow-up
    expect(u.find((e) => e.unsur === 3)!.grade).toBe('C');
    expect(octLines.some((l) => l.startsWith('• Unsur U3 Waktu penyelesaian: nilai'))).toBe(true);
  });

  it('a month that closed before the latest data: its figures from the stored views, the as-of is the latest data, letters due by its end', async () => {
    const june = await generateReport(db, { office: 'pekanbaru', month: '2026-06', lang: 'id' });
    expect(june.asOf.toISOString()).toBe('2026-10-30T09:46:41.000Z');
    const ls = lines(pdfPages(june.pdf));
    expect(ls).toContain('Data per: 30 Oktober 2026 16.46 WIB');
    const services = await db.all<{ service: string; ready: number; within: number; pct: number }>(
      `select service, count(*) as ready, count(*) filter (where within_quota) as within, 100.0 * count(*) filter (where within_quota) / count(within_quota) as pct
       from case_sla where office = 'pekanbaru' and strftime(timezone('Asia/Jakarta', ready_at), '%Y-%m') = '2026-06' group by 1 order by 1`,
    );
    expect(services).toHaveLength(2);
    for (const s of services) {
      expect(
        ls.some((l) => l.startsWith(`${s.service} `) && l.includes(` ${id(s.ready)} ${id(s.within)} ${pct(s.pct)} `)),
      ).toBe(true);
    }
    // products still waiting whose letter fell due by the end of June (not those that became due
    // later); none fell due in June itself, which the report says
    const due = (await db.one<{ n: number }>(
      `select count(*) as n from uncollected_products where office = 'pekanbaru' and letter_due <= date '2026-06-30'`,
    ))!.n;
    const later = (await db.one<{ n: number }>(
      `select count(*) as n from uncollected_products where office = 'pekanbaru' and letter_due > date '2026-06-30'`,
    ))!.n;
    const inJune = (await db.one<{ n: number }>(
      `select count(*) as n from uncollected_products where office = 'pekanbaru' and letter_due between date '2026-06-01' and date '2026-06-30'`,
    ))!.n;
    expect([due > 0, later > 0, inJune]).toEqual([true, true, 0]);
    expect(ls).toContain(
      `${id(due)} produk siap lebih dari satu bulan dan belum diambil; surat Jaminan Pelayanan perlu dikirim.`,
    );
    expect(ls.join(' ')).toContain(
      'Tidak ada surat yang jatuh tempo bulan ini; surat untuk produk lain telah jatuh tempo pada bulan sebelumnya.',
    );
  });
});

describe('monthly report: the document', () => {
  it('has a cover, the sections in the order of reports/monthly.yaml, a contents list with their pages and "Halaman X dari Y" on every page', () => {
    const info = pdfInfo(oct.pdf);
    const n = Number(info.Pages);
    expect(n).toBe(oct.pages);
    expect(n).toBeGreaterThanOrEqual(8);
    expect(info['Page size']).toMatch(/^595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(octPages).toHaveLength(n);
    octPages.forEach((p, i) => expect(p).toContain(`Halaman ${i + 1} dari ${n}`));
    expect(octPages[0]).toContain('Laporan Bulanan Kinerja Pelayanan');
    expect(octPages[0]).toContain('DPMPTSP Kota Pekanbaru');
    expect(octPages[0]).toContain('Periode: Oktober 2026');
    expect(octPages[0]).toContain('Data per: 30 Oktober 2026 16.46 WIB');
    let last = 0;
    def.sections.forEach((s, i) => {
      const heading = `${i + 1}. ${s.heading.id}`;
      const page = octPages.findIndex((p) => p.split('\n').some((l) => l.trim() === heading));
      expect(page, heading).toBeGreaterThanOrEqual(last);
      last = page;
      // the contents list on the cover gives the page
      expect(lines([octPages[0]!])).toContain(`${heading} ${page + 1}`);
    });
    expect(octLines).toContain('Diperiksa oleh Sekretaris Mengetahui Kepala Dinas');
    expect(octLines).toContain('Hendra Saputra, S.STP., M.Si. Dr. Marlina Siregar, S.E., M.M.');
    expect(octLines).toContain('NIP. 197805122005011003 NIP. 197103151997032004');
  });

  it('long tables continue on the next page with their header repeated', () => {
    const continued = octPages.filter((p) => p.includes('(lanjutan)'));
    expect(continued.length).toBeGreaterThan(0);
    for (const p of continued) {
      const ls = p
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const at = ls.indexOf('(lanjutan)');
      expect(ls[at + 1]).toMatch(/^(No\. pengaduan|No\. berkas|Petugas|Layanan|Saluran|Unsur)\s/);
    }
  });

  it('embeds its fonts, draws charts as vectors (no raster image) and no page is blank', () => {
    const fonts = pdfFonts(oct.pdf);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.name).toMatch(/\+DejaVuSans/);
    }
    expect(pdfImageCount(oct.pdf)).toBe(0);
    const ink = pageInk(oct.pdf);
    expect(ink).toHaveLength(oct.pages);
    // a footer alone is well under 0.5% of a page; every page carries content
    for (const [i, share] of ink.entries()) expect(share, `page ${i + 1}`).toBeGreaterThan(0.01);
    // the service-time page has the charts: much more ink than the sparse last page
    expect(Math.max(...ink)).toBeGreaterThan(0.05);
  });

  it('is byte-identical when regenerated from the same data and as-of (same sha256), and records its as-of as CreationDate', async () => {
    const again = await generateReport(db, { office: 'pekanbaru', month: '2026-10', lang: 'id' });
    expect(again.sha256).toBe(oct.sha256);
    expect(createHash('sha256').update(again.pdf).digest('hex')).toBe(oct.sha256);
    expect(Buffer.compare(again.pdf, oct.pdf)).toBe(0);
    expect(pdfInfo(oct.pdf).CreationDate).toBe('2026-10-30T09:46:41Z');
  });

  it('a month with no data is a valid report that says so in every section', async () => {
    const r = await generateReport(db, { office: 'pekanbaru', month: '2023-01', lang: 'id' });
    const pages = pdfPages(r.pdf);
    expect(Number(pdfInfo(r.pdf).Pages)).toBe(r.pages);
    const ls = lines(pages);
    expect(ls).toContain('Data per: 30 Oktober 2026 16.46 WIB');
    expect(ls).toContain('Berkas selesai 0 0 -');
    const text = ls.join(' ');
    for (const s of def.sections) {
      expect(ls, s.key).toContain(`${def.sections.indexOf(s) + 1}. ${s.heading.id}`);
      if (s.key !== 'signoff') expect(text, s.key).toContain(s.empty.id);
    }
    expect(pageInk(r.pdf).every((x) => x > 0.002)).toBe(true);
    // an office without configured signatories: the block is there, with blanks, and says so
    await db.transaction((tx) => tx.run("update officers set position = null where office = 'pekanbaru'"));
    let unsigned: string[];
    try {
      unsigned = lines(pdfPages((await generateReport(db, { office: 'pekanbaru', month: '2023-01', lang: 'id' })).pdf));
    } finally {
      await db.transaction((tx) =>
        tx.run(
          "update officers set position = case officer when 'PKU-SEK-01' then 'sekretaris' when 'PKU-KADIS-01' then 'kepala_dinas' end where office = 'pekanbaru'",
        ),
      );
    }
    expect(unsigned).toContain('Penandatangan belum dikonfigurasi.');
    expect(unsigned).toContain('Diperiksa oleh Sekretaris Mengetahui Kepala Dinas');
  });

  it('is in English with --lang en: headings, labels and en-GB numbers', async () => {
    const r = await generateReport(db, { office: 'pekanbaru', month: '2026-10', lang: 'en' });
    const ls = lines(pdfPages(r.pdf));
    for (const [i, s] of def.sections.entries()) expect(ls).toContain(`${i + 1}. ${s.heading.en}`);
    expect(ls).toContain('Period: October 2026');
    const data = await readReportData(db, 'pekanbaru', '2026-10', 'en');
    expect(
      ls.some(
        (l) => l.startsWith('Completed within quota (%) ') && l.includes(`${data.totals.within_pct!.toFixed(1)}%`),
      ),
    ).toBe(true);
    expect(ls.some((l) => /^Page 1 of \d+$/.test(l.replace(/^.*(Page)/, '$1')))).toBe(true);
    expect(r.sha256).not.toBe(oct.sha256);
  });

  it('refuses a malformed month and an unknown office with clear errors', async () => {
    await expect(generateReport(db, { office: 'pekanbaru', month: '2026-13', lang: 'id' })).rejects.toThrow(
      /month "2026-13" must be YYYY-MM/,
    );
    await expect(generateReport(db, { office: 'atlantis', month: '2026-10', lang: 'id' })).rejects.toThrow(
      /office "atlantis" is not in the catalogue/,
    );
  });

  it('refuses a report definition with a section twice or an unknown section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-report-def-'));
    try {
      const twice = join(dir, 'twice.yaml');
      const text = readFileSync(repoPath('reports/monthly.yaml'), 'utf8');
      writeFileSync(twice, text.replace('  - key: officers', '  - key: summary'));
      expect(() => loadDefinition(twice)).toThrow(/sections: a section appears twice/);
      const unknown = join(dir, 'unknown.yaml');
      writeFileSync(unknown, text.replace('  - key: officers', '  - key: weather'));
      expect(() => loadDefinition(unknown)).toThrow(/sections\.2\.key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('monthly report: the service quota is that of the latest SOP version', () => {
  it('a later version without a case quota shows none, not the quota of the version before', async () => {
    const db2 = await openTestDb();
    try {
      // SIPOT: 2 hari kerja (900) in the shipped version; none in the version from 16 Mar 2026
      await loadConfigFile(db2, 'catalogue', fixture('report/sipot-v2-no-quota.yaml'));
      const data = await readReportData(db2, 'pekanbaru', '2026-04');
      expect(data.services.map((s) => [s.service, s.quota_min])).toEqual([
        ['SIKTG', 900],
        ['SIPOT', null],
      ]);
    } finally {
      db2.close();
    }
  });
});
