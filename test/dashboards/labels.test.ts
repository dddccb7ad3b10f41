import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { CHANNELS, STAGES } from '../../src/ingest/kinds.js';
import { demoDb } from '../helpers.js';

/**
 * Words people use (issue #25 §4) over the demo: channels, categories, stages, steps and offices
 * by their labels where a person reads them (tables, chart data and tooltips, CSV headers), the
 * categories in their order ringan, sedang, berat; and an office whose SOP sets no step quotas
 * (Lampung Selatan's IPTG, Rokan Hilir's RBPAPS: the shipped catalogue) says so instead of
 * "nothing over quota" and an empty chart.
 */
let db: Database;
let app: FastifyInstance;
interface Section {
  id: string;
  spec: { data?: { values?: Record<string, unknown>[] } } | null;
  columns: { field: string; label: string }[];
  rows: Record<string, unknown>[];
  empty: string | null;
  notes: string[];
}
async function sections(url: string): Promise<Section[]> {
  const r = await app.inject({ method: 'GET', url });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().sections;
}
const sec = async (url: string, id: string) => (await sections(url)).find((s) => s.id === id)!;

beforeAll(async () => {
  db = await demoDb();
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

describe('labels, not codes', () => {
  const Q = 'office=pekanbaru&period=month&month=2026-05';
  it('complaint channels, categories and stages by their labels; categories ringan, sedang, berat', async () => {
    const s = await sections(`/api/dash/pengaduan?${Q}`);
    const channels = s.find((x) => x.id === 'channels')!;
    const label: Record<string, string> = {
      tatap_muka: 'Tatap muka',
      sp4n_lapor: 'SP4N-LAPOR!',
      kotak_saran: 'Kotak saran',
      media_sosial: 'Media sosial',
      loket: 'Loket',
      whatsapp: 'WhatsApp',
    };
    for (const r of channels.rows) if (label[String(r.code)]) expect(r.key).toBe(label[String(r.code)]);
    expect(channels.rows.some((r) => r.code === 'tatap_muka' || r.code === 'sp4n_lapor')).toBe(true);
    // every channel by a label of its own (no code shown as it is)
    for (const r of channels.rows) {
      expect(CHANNELS as readonly string[]).toContain(r.code);
      expect(r.key).not.toBe(r.code);
    }
    const cats = s.find((x) => x.id === 'categories')!;
    expect(cats.rows.map((r) => r.key)).toEqual(['Ringan', 'Sedang', 'Berat']);
    const open = s.find((x) => x.id === 'open_complaints')!;
    expect(open.rows.length).toBeGreaterThan(0);
    for (const r of open.rows) {
      expect(STAGES as readonly string[]).not.toContain(r.stage);
      expect(['Ringan', 'Sedang', 'Berat']).toContain(r.category);
      expect(String(r.channel)).not.toMatch(/_/);
    }
    // in English too
    const en = await sec(`/api/dash/pengaduan?${Q}&lang=en`, 'categories');
    expect(en.rows.map((r) => r.key)).toEqual(['Minor (ringan)', 'Moderate (sedang)', 'Serious (berat)']);
  });

  it('steps by code and name in the charts and their tooltips; offices by name in the tables', async () => {
    const step = await sec(`/api/dash/tahapan?${Q}`, 'step_time');
    const names = new Map(
      (
        await db.all<{ service: string; step: string; name: string }>(
          `select service, step, arg_max(name, effective_from) as name from sop_steps where office = 'pekanbaru' group by all`,
        )
      ).map((r) => [`${r.service}/${r.step}`, r.name]),
    );
    const values = step.spec!.data!.values!;
    expect(values.length).toBeGreaterThan(0);
    // several services share the chart: service, code, name
    for (const v of values) expect(v.label).toBe(`${v.service} ${v.step} ${names.get(`${v.service}/${v.step}`)}`);
    const svc = await sec(`/api/dash/ringkasan?${Q}`, 'services');
    expect(svc.columns.find((c) => c.label === 'Kantor')!.field).toBe('office_name');
    const office = await db.one<{ name: string }>(`select name from offices where office = 'pekanbaru'`);
    expect(new Set(svc.rows.map((r) => r.office_name))).toEqual(new Set([office!.name]));
  });

  it("a case's bottleneck step by its code and name in the Berkas lists", async () => {
    const late = await sec('/api/dash/berkas?office=pekanbaru&period=year&year=2026', 'late_cases');
    const names = new Map(
      (
        await db.all<{ service: string; step: string; name: string }>(
          `select service, step, arg_max(name, effective_from) as name from sop_steps where office = 'pekanbaru' group by all`,
        )
      ).map((r) => [`${r.service}/${r.step}`, r.name]),
    );
    const codes = new Map(
      (
        await db.all<{ case_id: string; b: string | null }>(
          `select case_id, bottleneck_step as b from case_sla where office = 'pekanbaru'`,
        )
      ).map((r) => [r.case_id, r.b]),
    );
    expect(late.rows.length).toBeGreaterThan(0);
    for (const r of late.rows) {
      const code = codes.get(String(r.case_id));
      expect(r.bottleneck_step).toBe(code == null ? null : `${code} ${names.get(`${r.service}/${code}`)}`);
    }
  });

  it('a CSV is headed by the labels the table shows', async () => {
    const { csvOf } = await import('../../src/dashboards/public/csv.js');
    const s = await sec(`/api/dash/petugas?${Q}`, 'officers');
    expect(csvOf(s.columns, s.rows).split('\r\n')[0]).toBe(
      'Petugas,Nama,Jabatan,Kunjungan,Median (menit),P90 (menit),Sesuai baku mutu (%),Melebihi,Terbuka,Terlama (hari kerja),Median umur terbuka (hari kerja)',
    );
  });
});

describe('an office whose SOP sets no step quotas', () => {
  const NO = 'SOP kantor ini tidak menetapkan baku mutu per tahapan.';
  let month: string;
  beforeAll(async () => {
    month = (await db.one<{ m: string }>(
      `select strftime(max(completed_at) at time zone 'Asia/Jakarta', '%Y-%m') as m from step_visits where office = 'lampung-selatan'`,
    ))!.m;
  });

  it('Tahapan says so, with no empty chart of the time over quota', async () => {
    const s = await sections(`/api/dash/tahapan?office=lampung-selatan&period=month&month=${month}`);
    const time = s.find((x) => x.id === 'step_time')!;
    expect(time.rows.length).toBeGreaterThan(0);
    expect(time.notes).toEqual([NO]);
    const over = s.find((x) => x.id === 'step_excess')!;
    expect([over.spec, over.rows, over.empty]).toEqual([null, [], NO]);
    const en = await sec(`/api/dash/tahapan?office=lampung-selatan&period=month&month=${month}&lang=en`, 'step_excess');
    expect(en.empty).toBe("This office's SOP sets no quota per step.");
  });

  it('the Ringkasan lists of steps and desks over quota say so', async () => {
    const s = await sections(`/api/dash/ringkasan?office=lampung-selatan&period=month&month=${month}`);
    expect(s.find((x) => x.id === 'bottlenecks')!.empty).toBe(NO);
    expect(s.find((x) => x.id === 'top_desks')!.empty).toBe(NO);
  });

  it('an office with step quotas does not; pooled with one without, the services without are named', async () => {
    const pku = await sections('/api/dash/tahapan?office=pekanbaru&period=month&month=2026-05');
    expect(JSON.stringify(pku)).not.toContain('tidak menetapkan baku mutu');
    const all = await sec(`/api/dash/tahapan?office=all&period=month&month=2026-05`, 'step_time');
    expect(all.notes.at(-1)).toBe(
      'SOP layanan lampung-selatan/IPTG, rokan-hilir/RBPAPS tidak menetapkan baku mutu per tahapan.',
    );
  });
});
