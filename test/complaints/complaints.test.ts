import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import {
  complaintMonthly,
  openComplaints,
  purgeComplainants,
  purgeCutoff,
  resolutionRows,
} from '../../src/complaints/complaints.js';
import type { Database } from '../../src/db/database.js';
import { InputError } from '../../src/errors.js';
import { addUser } from '../../src/auth/users.js';
import { loadConfigFile, undoBatch } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { count, fixture, openTestDb } from '../helpers.js';

/**
 * The complaint register and the 75% target (SPEC §2.4), on test/fixtures/complaints/year-2025.csv
 * (office pekanbaru, Asia/Jakarta, the shipped calendar: Mon–Thu 07:30–12:00 + 13:00–16:00,
 * Fri 07:30–11:30 + 13:00–16:30, 450 working minutes a day; holidays of 2025–2026).
 *
 * The register, by hand (times +07:00):
 *  A  surat, ringan: received Mon 6 Jan 2025 09:00, selesai Tue 7 Jan 10:00 (Budi Santoso).
 *  B  email, sedang: received Mon 3 Feb 08:00, answered 4 Feb 09:00, selesai 20 Feb 15:00,
 *     reopened (koordinasi_internal) 3 Mar 08:00, selesai again Thu 15 May 10:00 → resolved_at
 *     = 15 May (only the resolution that stands counts), reopened_count 1. Anonymous.
 *  E  tatap_muka, sedang: received Mon 14 Jul 13:30, selesai Wed 16 Jul 11:00 ("budi santoso ",
 *     081234567890: the same person as A → the same pseudonym).
 *  D  loket, ringan: received Mon 22 Dec 2025 09:00, selesai Mon 5 Jan 2026 09:00 (Siti Aminah):
 *     received in December and resolved in January → unresolved for 2025.
 *  C  whatsapp, berat: received Mon 12 Jan 2026 10:00, koordinasi_instansi 14 Jan 09:00 (answered
 *     then); still open. Anonymous.
 *
 * 2025, overall (month: received/resolved, ytd received/resolved → ytd_rate):
 *  Jan 1/1, ytd 1/1 = 1 · Feb 1/0, ytd 2/1 = 0,5 · Mar, Apr: nothing received (rate null), ytd 2/1
 *  · May: ytd 2/2 = 1 (B resolved 15 May) · Jun: ytd 2/2 · Jul 1/1, ytd 3/3 · Aug–Nov ytd 3/3
 *  · Dec 1/0, ytd 4/3 = 0,75 = the target → meets_target true (exactly 75%).
 * 2026: Jan 1/0 (C), ytd 1/0 = 0 → false; D (received 2025) is not counted in 2026 at all.
 * Months run from January 2025 (first data) to January 2026 (latest change: 14 Jan 2026).
 */

let db: Database;
let app: FastifyInstance;
let batch: number;

beforeAll(async () => {
  db = await openTestDb();
  const r = await loadFile(db, { kind: 'complaints', path: fixture('complaints/year-2025.csv') });
  batch = r.batchId!;
  app = await buildApp({ db });
});

afterAll(async () => {
  await app.close();
  db.close();
});

const overall = (year: number) => resolutionRows(db, { office: 'pekanbaru', year });

describe('complaint_resolution (SPEC §2.4)', () => {
  it('gives the hand-computed monthly and year-to-date figures of 2025', async () => {
    const rows = await overall(2025);
    expect(rows.map((r) => r.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`),
    );
    const fig = rows.map((r) => [
      r.received,
      r.resolved,
      r.rate,
      r.ytd_received,
      r.ytd_resolved,
      r.ytd_rate,
      r.meets_target,
    ]);
    expect(fig).toEqual([
      [1, 1, 1, 1, 1, 1, true],
      [1, 0, 0, 2, 1, 0.5, false],
      [0, 0, null, 2, 1, 0.5, false],
      [0, 0, null, 2, 1, 0.5, false],
      [0, 0, null, 2, 2, 1, true],
      [0, 0, null, 2, 2, 1, true],
      [1, 1, 1, 3, 3, 1, true],
      [0, 0, null, 3, 3, 1, true],
      [0, 0, null, 3, 3, 1, true],
      [0, 0, null, 3, 3, 1, true],
      [0, 0, null, 3, 3, 1, true],
      [1, 0, 0, 4, 3, 0.75, true],
    ]);
    expect(rows.every((r) => r.target === 0.75 && r.channel === null && r.category === null)).toBe(true);
  });

  it('counts a December complaint resolved in January as unresolved for its year, and not in the next', async () => {
    const dec = (await overall(2025))[11]!;
    expect(dec).toMatchObject({ received: 1, resolved: 0, ytd_received: 4, ytd_resolved: 3 });
    const jan26 = await overall(2026);
    expect(jan26).toHaveLength(1);
    expect(jan26[0]).toMatchObject({
      month: '2026-01-01',
      received: 1,
      resolved: 0,
      ytd_received: 1,
      ytd_resolved: 0,
      ytd_rate: 0,
      meets_target: false,
    });
  });

  it('has rows for every channel and category, with a null rate where nothing was received', async () => {
    const all = await db.all<{ n: number; channels: number; categories: number }>(
      `select count(*) as n, count(distinct channel) as channels, count(distinct category) as categories
       from complaint_resolution where office = 'pekanbaru' and month = date '2025-03-01'`,
    );
    expect(all[0]).toEqual({ n: 1 + 13 + 3, channels: 13, categories: 3 });
    const whatsapp = await resolutionRows(db, { office: 'pekanbaru', year: 2025, channel: 'whatsapp' });
    expect(whatsapp).toHaveLength(12);
    expect(
      whatsapp.every((r) => r.received === 0 && r.rate === null && r.ytd_rate === null && r.meets_target === null),
    ).toBe(true);
    const surat = await resolutionRows(db, { office: 'pekanbaru', year: 2025, channel: 'surat' });
    expect(surat[0]).toMatchObject({ received: 1, resolved: 1, rate: 1 });
    // ringan: A (Jan, resolved) and D (Dec, unresolved in 2025) → December ytd 1/2
    const ringan = await resolutionRows(db, { office: 'pekanbaru', year: 2025, category: 'ringan' });
    expect(ringan[11]).toMatchObject({
      received: 1,
      resolved: 0,
      ytd_received: 2,
      ytd_resolved: 1,
      ytd_rate: 0.5,
      meets_target: false,
    });
    const berat = await resolutionRows(db, { office: 'pekanbaru', year: 2025, category: 'berat' });
    expect(berat.every((r) => r.ytd_rate === null)).toBe(true);
  });

  it('keeps its invariants: parts sum to the whole, resolved ≤ received, rates within 0–1', async () => {
    const bad = await db.all(
      `with o as (select * from complaint_resolution where channel is null and category is null),
            ch as (select office, month, sum(received) as r, sum(ytd_resolved) as y from complaint_resolution where channel is not null group by all),
            ca as (select office, month, sum(received) as r, sum(ytd_resolved) as y from complaint_resolution where category is not null group by all)
       select o.month from o join ch using (office, month) join ca using (office, month)
       where o.received <> ch.r or o.received <> ca.r or o.ytd_resolved <> ch.y or o.ytd_resolved <> ca.y`,
    );
    expect(bad).toEqual([]);
    const out = await count(
      db,
      'complaint_resolution',
      'resolved > received or ytd_resolved > ytd_received or rate not between 0 and 1 or ytd_rate not between 0 and 1',
    );
    expect(out).toBe(0);
  });
});

describe('complaint_register', () => {
  it('shows the latest stage; a reopened complaint counts its final resolution only', async () => {
    const b = await db.one<Record<string, unknown>>("select * from complaint_register where complaint_id = 'PGD-B'");
    expect(b).toMatchObject({
      stage: 'selesai',
      reopened_count: 1,
      stage_rows: 5,
      resolution: 'Diselesaikan ulang',
      handled_by: 'PKU-BO-01',
      service: 'SIKTG',
    });
    expect((b!.resolved_at as Date).toISOString()).toBe('2025-05-15T03:00:00.000Z');
    expect((b!.responded_at as Date).toISOString()).toBe('2025-02-04T02:00:00.000Z');
    const c = await db.one<Record<string, unknown>>(
      "select stage, resolved_at from complaint_register where complaint_id = 'PGD-C'",
    );
    expect(c).toEqual({ stage: 'koordinasi_instansi', resolved_at: null });
  });

  it('computes the office targets in hari kerja and the legal ceilings in calendar days', async () => {
    const rows = await db.all<Record<string, Date | boolean | string | null>>(
      `select complaint_id, respond_due_at, resolve_due_at, legal_respond_due_at, legal_resolve_due_at,
         responded_within_target, resolved_within_target, responded_within_legal, resolved_within_legal, escalation_owner
       from complaint_register order by complaint_id`,
    );
    const byId = Object.fromEntries(rows.map((r) => [r.complaint_id, r]));
    const isoOf = (v: unknown) => (v as Date).toISOString();
    // A (ringan: respond 1, resolve 2 hari kerja) from Mon 6 Jan 09:00: Tue 7 Jan 09:00, Wed 8 Jan 09:00.
    // The first answer is the resolution at 10:00, an hour late; the resolution is in time.
    expect(isoOf(byId['PGD-A']!.respond_due_at)).toBe('2025-01-07T02:00:00.000Z');
    expect(isoOf(byId['PGD-A']!.resolve_due_at)).toBe('2025-01-08T02:00:00.000Z');
    expect(byId['PGD-A']).toMatchObject({
      responded_within_target: false,
      resolved_within_target: true,
      escalation_owner: 'handling_officer',
    });
    // legal: 6 Jan + 14 days = 20 Jan, end of day WIB; resolution: answered 7 Jan (the resolution) + 60 days = 8 Mar
    expect(isoOf(byId['PGD-A']!.legal_respond_due_at)).toBe('2025-01-20T16:59:59.999Z');
    expect(isoOf(byId['PGD-A']!.legal_resolve_due_at)).toBe('2025-03-08T16:59:59.999Z');
    // C (berat: respond 3, resolve 14 hari kerja) from Mon 12 Jan 2026 10:00: Thu 15 Jan 10:00;
    // 14 working days skipping Fri 16 Jan (Isra Mikraj): 13, 14, 15, 19–23, 26–30 Jan, Mon 2 Feb → 2 Feb 10:00.
    expect(isoOf(byId['PGD-C']!.respond_due_at)).toBe('2026-01-15T03:00:00.000Z');
    expect(isoOf(byId['PGD-C']!.resolve_due_at)).toBe('2026-02-02T03:00:00.000Z');
    expect(isoOf(byId['PGD-C']!.legal_respond_due_at)).toBe('2026-01-26T16:59:59.999Z');
    // file complete at the answer, 14 Jan: + 60 days = 15 Mar 2026
    expect(isoOf(byId['PGD-C']!.legal_resolve_due_at)).toBe('2026-03-15T16:59:59.999Z');
    expect(byId['PGD-C']!.escalation_owner).toBe('kepala_dinas_with_walikota_sekda');
    // D (ringan) from Mon 22 Dec 09:00: resolve due Wed 24 Dec 09:00; resolved 5 Jan: late for the
    // office, within the law (answered by the resolution on 5 Jan = 22 Dec + 14 days, in time)
    expect(isoOf(byId['PGD-D']!.resolve_due_at)).toBe('2025-12-24T02:00:00.000Z');
    expect(byId['PGD-D']).toMatchObject({
      resolved_within_target: false,
      responded_within_legal: true,
      resolved_within_legal: true,
    });
    // E (sedang: resolve 5 hari kerja) from Mon 14 Jul 13:30 → Mon 21 Jul 13:30
    expect(isoOf(byId['PGD-E']!.resolve_due_at)).toBe('2025-07-21T06:30:00.000Z');
    expect(byId['PGD-E']).toMatchObject({
      responded_within_target: true,
      resolved_within_target: true,
      escalation_owner: 'head_of_division_with_kepala_dinas',
    });
  });

  it('ages open complaints in hari kerja and tells on time, due soon and overdue', async () => {
    // Wed 14 Jan 2026 09:00: Mon 12 Jan 10:00–16:00 = 300 min (lunch out), Tue 450, Wed 07:30–09:00 = 90 → 840 min = 1,87 → 1,9
    const [c] = await openComplaints(db, 'pekanbaru', '2026-01-14T02:00:00Z');
    expect(c).toMatchObject({
      complaint_id: 'PGD-C',
      age_working_days: 1.9,
      deadline_status: 'on_time',
      stage: 'koordinasi_instansi',
      responded: true,
    });
    // Fri 30 Jan 10:00 is the 13th working day: exactly one hari kerja left → still on time
    expect((await openComplaints(db, 'pekanbaru', '2026-01-30T03:00:00Z'))[0]).toMatchObject({
      age_working_days: 13,
      deadline_status: 'on_time',
    });
    // Mon 2 Feb 09:00: less than a hari kerja left
    expect((await openComplaints(db, 'pekanbaru', '2026-02-02T02:00:00Z'))[0]!.deadline_status).toBe('due_soon');
    // Mon 2 Feb 11:00: past the 10:00 deadline; age 14 days + 60 min = 6360 / 450 = 14,13
    expect((await openComplaints(db, 'pekanbaru', '2026-02-02T04:00:00Z'))[0]).toMatchObject({
      age_working_days: 14.1,
      deadline_status: 'overdue',
    });
    // the stage is the one of that instant: on 13 Jan C was still 'diterima'
    expect((await openComplaints(db, 'pekanbaru', '2026-01-13T02:00:00Z'))[0]).toMatchObject({
      stage: 'diterima',
      responded: false,
    });
    // on 1 Mar 2025 B was resolved (before its reopening): not open then; on 10 Mar it was
    expect((await openComplaints(db, 'pekanbaru', '2025-03-10T02:00:00Z')).map((o) => o.complaint_id)).toEqual([
      'PGD-B',
    ]);
  });
});

describe('Laporan Pengaduan (monthly)', () => {
  it('reports December 2025: received, resolved, in process and overdue at its end', async () => {
    const m = await complaintMonthly(db, 'pekanbaru', '2025-12');
    // end of December 2025, WIB
    expect(m.as_of).toBe('2025-12-31T16:59:59.999Z');
    expect(m).toMatchObject({ received: 1, resolved: 0, rate: 0, in_process: 1, overdue: 1 });
    expect(m.ytd).toEqual({ received: 4, resolved: 3, rate: 0.75, target: 0.75, meets_target: true });
    expect(m.open.map((o) => [o.complaint_id, o.deadline_status, o.escalation_label])).toEqual([
      ['PGD-D', 'overdue', 'Petugas yang menangani'],
    ]);
    expect(m.by_channel).toHaveLength(13);
    expect(m.by_channel.find((c) => c.channel === 'loket')).toEqual({
      channel: 'loket',
      received: 1,
      resolved: 0,
      rate: 0,
    });
    expect(m.by_category.map((c) => c.category).sort()).toEqual(['berat', 'ringan', 'sedang']);
  });

  it('stops a running month at the latest data (January 2026: 14 Jan 09:00)', async () => {
    const m = await complaintMonthly(db, 'pekanbaru', '2026-01', 'en');
    expect(m.as_of).toBe('2026-01-14T02:00:00.000Z');
    expect(m).toMatchObject({ received: 1, resolved: 0, in_process: 1, overdue: 0 });
    expect(m.open[0]).toMatchObject({
      complaint_id: 'PGD-C',
      escalation_label: 'Kepala Dinas with the Walikota/Sekda',
    });
  });
});

describe('complainant identity (UU 27/2022)', () => {
  it('is stored apart; the register carries a stable pseudonym', async () => {
    const cols = await db.all<{ column_name: string }>(
      "select column_name from duckdb_columns() where table_name = 'complaints'",
    );
    expect(cols.map((c) => c.column_name)).not.toContain('complainant_name');
    expect(cols.map((c) => c.column_name)).not.toContain('complainant_contact');
    const who = await db.all<{ complaint_id: string; complainant: string | null }>(
      'select complaint_id, any_value(complainant) as complainant from complaints group by complaint_id order by complaint_id',
    );
    const p = Object.fromEntries(who.map((w) => [w.complaint_id, w.complainant]));
    expect(p['PGD-A']).toMatch(/^ANON-[0-9A-F]{10}$/);
    expect(p['PGD-E']).toBe(p['PGD-A']); // the same person, written differently
    expect(p['PGD-D']).not.toBe(p['PGD-A']);
    expect(p['PGD-B']).toBeNull();
    expect(await count(db, 'complainants')).toBe(3);
    const a = await db.one("select name, contact from complainants where complaint_id = 'PGD-A'");
    expect(a).toEqual({ name: 'Budi Santoso', contact: '0812-3456-7890' });
  });

  it('does not make an overlapping export with another spelling a conflict', async () => {
    const r = await loadFile(db, { kind: 'complaints', path: fixture('complaints/other-spelling.csv') });
    expect(r).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await db.one("select name from complainants where complaint_id = 'PGD-A'")).toEqual({
      name: 'Budi Santoso',
    });
  });

  it('is hidden from the API unless the caller may read personal data', async () => {
    // users configured: the kepala dinas sees the register, only the sekretaris the identity
    const kadis = await addUser(db, { id: 'kadis', roles: ['kepala_dinas'], token: true });
    const sek = await addUser(db, { id: 'sek', roles: ['sekretaris'], token: true });
    await app.auth.refresh();
    try {
      const as = (token: string, url: string) =>
        app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      const res = await as(kadis.token!, '/api/complaints/pekanbaru/PGD-A');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.identity).toBeNull();
      expect(JSON.stringify(body)).not.toContain('Budi');
      expect(body.complaint.complainant).toMatch(/^ANON-/);
      expect(body.history.map((h: { stage: string }) => h.stage)).toEqual(['diterima', 'selesai']);
      const list = await as(kadis.token!, '/api/complaints?office=pekanbaru&page_size=500');
      expect(list.body).not.toContain('Budi');
      expect(list.body).not.toContain('0812');
      const own = await as(sek.token!, '/api/complaints/pekanbaru/PGD-A');
      expect(own.json().identity).toEqual({ name: 'Budi Santoso', contact: '0812-3456-7890', purged_at: null });
    } finally {
      await db.write(async (w) => {
        await w.run('delete from auth_tokens');
        await w.run('delete from auth_users');
      });
      await app.auth.refresh();
    }
  });

  it('is purged after retention, leaving the register and its figures', async () => {
    const before = JSON.stringify(await overall(2025));
    const r = await purgeComplainants(db, new Date('2025-06-01T00:00:00Z'));
    expect(r.purged).toBe(1); // A (resolved 7 Jan); B is anonymous; E, D resolved later
    const a = await db.one<Record<string, unknown>>(
      "select name, contact, purged_at is not null as purged from complainants where complaint_id = 'PGD-A'",
    );
    expect(a).toEqual({ name: null, contact: null, purged: true });
    expect(await db.one("select name from complainants where complaint_id = 'PGD-E'")).toEqual({
      name: 'budi santoso',
    }); // text fields are trimmed on load
    expect(JSON.stringify(await overall(2025))).toBe(before);
    expect((await purgeComplainants(db, new Date('2025-06-01T00:00:00Z'))).purged).toBe(0);
  });

  it('the cutoff: a date given, or the retention days before now; a bad value names its option', () => {
    const now = new Date('2026-12-07T05:00:00Z');
    expect(purgeCutoff({ days: '365', before: '2025-06-01', now }).toISOString()).toBe('2025-06-01T00:00:00.000Z');
    // 365 days before 7 Dec 2026 05:00 UTC (no leap day between): 7 Dec 2025 05:00
    expect(purgeCutoff({ days: '365', now }).toISOString()).toBe('2025-12-07T05:00:00.000Z');
    expect(() => purgeCutoff({ days: '0', now })).toThrow('--retention-days "0" bukan bilangan bulat positif');
    expect(() => purgeCutoff({ days: '1.5', now, lang: 'en' })).toThrow(
      '--retention-days "1.5" is not a positive whole number',
    );
    expect(() => purgeCutoff({ days: '30', before: '2025-02-30x', now })).toThrow(
      '--before "2025-02-30x" bukan tanggal (YYYY-MM-DD)',
    );
    expect(() => purgeCutoff({ days: '30', before: '2025-02-30x', now, lang: 'en' })).toThrow(
      '--before "2025-02-30x" is not a date (YYYY-MM-DD)',
    );
  });
});

describe('HTTP', () => {
  it('GET /api/complaints/resolution gives the overall rows of a year', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/complaints/resolution?office=pekanbaru&year=2025' });
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows;
    expect(rows).toHaveLength(12);
    expect(rows[11]).toMatchObject({ month: '2025-12-01', ytd_rate: 0.75, meets_target: true });
    const by = await app.inject({
      method: 'GET',
      url: '/api/complaints/resolution?office=pekanbaru&year=2025&by=channel',
    });
    expect(by.json().rows).toHaveLength(12 * 13);
  });

  it('GET /api/complaints filters the register (open complaints)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/complaints?office=pekanbaru&status=open' });
    expect(res.json()).toMatchObject({
      total: 1,
      rows: [{ complaint_id: 'PGD-C', escalation_label: 'Kepala Dinas bersama Walikota/Sekda' }],
    });
    const jan = await app.inject({ method: 'GET', url: '/api/complaints?office=pekanbaru&month=2025-01' });
    expect(jan.json().rows.map((r: { complaint_id: string }) => r.complaint_id)).toEqual(['PGD-A']);
  });

  it('GET /api/complaints/monthly equals the Laporan Pengaduan function', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/complaints/monthly?office=pekanbaru&month=2025-12' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(await complaintMonthly(db, 'pekanbaru', '2025-12'))));
  });

  it('GET /api/complaints/open ages complaints as of an instant', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/complaints/open?office=pekanbaru&as_of=2026-02-02T11:00:00%2B07:00',
    });
    expect(res.json().rows[0]).toMatchObject({ complaint_id: 'PGD-C', deadline_status: 'overdue' });
    const bad = await app.inject({ method: 'GET', url: '/api/complaints/open?office=pekanbaru&as_of=yesterday' });
    expect(bad.statusCode).toBe(400);
    const unknown = await app.inject({ method: 'GET', url: '/api/complaints/monthly?office=nowhere&month=2025-12' });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('link to a case', () => {
  it('shows the complaints that name a case in its kartu kendali', async () => {
    const own = await openTestDb();
    const ownApp = await buildApp({ db: own });
    try {
      await loadFile(own, { kind: 'events', path: fixture('sla/full-case.csv') });
      await loadFile(own, { kind: 'complaints', path: fixture('complaints/linked.csv') });
      const res = await ownApp.inject({ method: 'GET', url: '/api/cases/FULL-1' });
      expect(res.statusCode).toBe(200);
      expect(res.json().complaints).toEqual([
        {
          complaint_id: 'PGD-L1',
          received_at: '2026-05-20T02:00:00.000Z',
          category: 'sedang',
          stage: 'diterima',
          resolved_at: null,
        },
      ]);
      const list = await ownApp.inject({ method: 'GET', url: '/api/complaints?case_id=FULL-1' });
      expect(list.json().rows[0]).toMatchObject({ complaint_id: 'PGD-L1', service: 'SIKTG', case_id: 'FULL-1' });
    } finally {
      await ownApp.close();
      own.close();
    }
  });
});

describe('configuration and loading', () => {
  it("uses an office's own targets from the catalogue", async () => {
    const own = await openTestDb();
    try {
      await loadFile(own, { kind: 'complaints', path: fixture('complaints/year-2025.csv') });
      await loadConfigFile(own, 'catalogue', fixture('complaints/deadlines-catalogue.yaml'));
      // ringan now resolve 3 hari kerja: A from Mon 6 Jan 09:00 → Thu 9 Jan 09:00; sedang unchanged (B: 5 → Mon 10 Feb 08:00)
      const r = await own.all<{ complaint_id: string; t: Date }>(
        "select complaint_id, resolve_due_at as t from complaint_register where complaint_id in ('PGD-A', 'PGD-B') order by 1",
      );
      expect(r.map((x) => x.t.toISOString())).toEqual(['2025-01-09T02:00:00.000Z', '2025-02-10T01:00:00.000Z']);
    } finally {
      own.close();
    }
  });

  it('refuses a register with an unknown category, naming file, line and field; nothing loaded', async () => {
    const before = await count(db, 'complaints');
    const err = await loadFile(db, {
      kind: 'complaints',
      path: fixture('complaints/bad-category.csv'),
      lang: 'en',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({ file: 'bad-category.csv', line: 3, field: 'category' });
    expect((err as InputError).issues[0]!.reason).toContain('sangat_berat');
    expect(await count(db, 'complaints')).toBe(before);
  });

  it('adds nothing when the same register is loaded twice; undo removes rows and identities', async () => {
    const again = await loadFile(db, { kind: 'complaints', path: fixture('complaints/year-2025.csv') });
    expect(again.status).toBe('already_loaded');
    const undone = await undoBatch(db, batch);
    expect(undone.removed).toBe(13);
    expect(await count(db, 'complainants')).toBe(0);
    expect(await count(db, 'complaint_register')).toBe(0);
  });
});
