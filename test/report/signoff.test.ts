import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import {
  approveReport,
  checkReport,
  currentReport,
  renderedFrom,
  reportPdf,
  servedReport,
} from '../../src/report/archive.js';
import { generateReport, renderFromJson } from '../../src/report/generate.js';
import { makeDueDrafts, startDraftScheduler, type Clock } from '../../src/report/scheduler.js';
import { signatoriesOn } from '../../src/report/signatories.js';
import { count, openTestDb } from '../helpers.js';
import { demoDb, lines, pdfImageCount, pdfPages } from './helpers.js';

/*
 * The report as a signed letter (issue #22 part 3), on the demo data of sample-data/ (events
 * 2025-01 … 2026-10-30): the DRAF mark of a draft and a checked copy, the approval of the
 * approved copy, the kop surat, who signs (the catalogue's officers, Plt./Plh.), the refusal of
 * months that have not begun or precede the data, and the automatic drafts.
 *
 * Hand-computed facts used below: 1 November 2026 is a Sunday, so the first working day of
 * November 2026 (no holiday in it, sample-data/holidays-id-2024-2026.csv) is Monday 2 November;
 * WIB is UTC+7, so 2026-11-02T02:00Z is 09.00 WIB on 2 November and 2026-11-03T03:00Z is 10.00 WIB
 * on 3 November. The demo officers (sample-data/catalogue.yaml): Sekretaris of Pekanbaru
 * PKU-SEK-01 Hendra Saputra, NIP 197805122005011003; Kepala Dinas PKU-KADIS-01 Marlina Siregar,
 * NIP 197103151997032004.
 */

const DRAF_LINE = 'DRAF — belum disetujui Kepala Dinas, bukan salinan resmi';
const tmp = mkdtempSync(join(tmpdir(), 'sla-signoff-'));
let db: Database;
beforeAll(async () => {
  db = await demoDb();
});
afterAll(() => {
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const oct = { office: 'pekanbaru', month: '2026-10', lang: 'id' as const };

describe('draft, checked and approved copies', () => {
  let draftPdf: Buffer;
  let approvedId: number;
  let checkedSha: string;
  let approvedPdf: Buffer;

  it('a draft has DRAF at the top of every page, and so has the checked copy; the approved copy has none and carries its approval', async () => {
    const draft = await generateReport(db, oct);
    draftPdf = draft.pdf;
    const pages = pdfPages(draft.pdf);
    expect(pages.length).toBe(draft.pages);
    pages.forEach((p, i) => expect(p.split('\n')[0]!.trim(), `page ${i + 1}`).toBe(DRAF_LINE));
    // the draft names who will sign (the catalogue's officers on its as-of date)
    expect(lines(pages)).toContain('Hendra Saputra, S.STP., M.Si. Dr. Marlina Siregar, S.E., M.M.');

    const checked = await checkReport(
      db,
      oct,
      { by: 'sek-pku', decision: 'checked', sha256: draft.sha256 },
      new Date('2026-11-02T02:00:00Z'),
    );
    checkedSha = checked.sha256;
    expect(checkedSha).toBe(draft.sha256);
    const served = await servedReport(db, oct);
    expect(served.status).toBe('checked');
    const checkedPages = pdfPages(served.pdf);
    checkedPages.forEach((p, i) => expect(p.split('\n')[0]!.trim(), `checked page ${i + 1}`).toBe(DRAF_LINE));

    const approved = await approveReport(
      db,
      oct,
      { by: 'kadis-pku', sha256: checkedSha },
      new Date('2026-11-03T03:00:00Z'),
    );
    approvedId = approved.report_id;
    expect(approved).toMatchObject({
      status: 'approved',
      checked_sha256: checkedSha,
      report_no: `${approvedId}/LAP-SLA/PEKANBARU/X/2026`,
      approved_at: new Date('2026-11-03T03:00:00Z'),
    });
    approvedPdf = (await reportPdf(db, approvedId))!;
    const ap = pdfPages(approvedPdf);
    expect(ap.length).toBe(draft.pages);
    for (const [i, p] of ap.entries()) expect(p, `approved page ${i + 1}`).not.toContain('DRAF');
    const ls = lines(ap);
    expect(ls).toContain(`Nomor: ${approvedId}/LAP-SLA/PEKANBARU/X/2026`);
    expect(ls).toContain('Pekanbaru, 3 November 2026');
    expect(ls).toContain('Diperiksa oleh Disetujui oleh');
    expect(ls).toContain('Sekretaris Kepala Dinas');
    expect(ls).toContain('Hendra Saputra, S.STP., M.Si. Dr. Marlina Siregar, S.E., M.M.');
    expect(ls).toContain('NIP. 197805122005011003 NIP. 197103151997032004');
    expect(ls).toContain('Tanggal 2 November 2026 Tanggal 3 November 2026');
    const text = ls.join(' ');
    expect(text).toContain(
      `Verifikasi: laporan #${approvedId}, sidik ${checkedSha.slice(0, 16)} (SHA-256 salinan yang diperiksa Sekretaris).`,
    );
    expect(text).toContain('`sla reports verify BERKAS` atau dengan mengunggahnya di halaman /verifikasi.');
    // the approved copy is what is served from then on
    expect((await servedReport(db, oct)).sha256).toBe(approved.sha256);
  });

  it('the approved copy renders again from its record to the same bytes', async () => {
    const json = await renderedFrom(db, approvedId);
    expect(json).not.toBeNull();
    const again = await renderFromJson(json!);
    expect(Buffer.compare(again.pdf, approvedPdf)).toBe(0);
    expect(again.sha256).toBe(
      (await db.one<{ sha256: string }>('select sha256 from reports where report_id = $id', { id: approvedId }))!
        .sha256,
    );
  });

  it('POST /api/reports/verify tells the approved copy from the draft and from an unknown file; GET /api/reports/states gives each month its state', async () => {
    const app = await buildApp({ db });
    try {
      const verify = (body: Buffer) =>
        app.inject({
          method: 'POST',
          url: '/api/reports/verify',
          headers: { 'content-type': 'application/pdf' },
          payload: body,
        });
      const ok = await verify(approvedPdf);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        verdict: 'approved',
        record: { report_id: approvedId, status: 'approved', report_no: `${approvedId}/LAP-SLA/PEKANBARU/X/2026` },
      });
      // the draft (the checked copy had its bytes): a copy of the same report, not the approved one
      expect((await verify(draftPdf)).json()).toMatchObject({
        verdict: 'not_approved',
        record: { report_id: approvedId },
      });
      expect((await verify(Buffer.from('%PDF-1.7 not a report'))).json()).toMatchObject({
        verdict: 'unknown',
        record: null,
      });
      const text = await app.inject({
        method: 'POST',
        url: '/api/reports/verify',
        headers: { 'content-type': 'text/plain' },
        payload: 'x',
      });
      expect(text.statusCode).toBe(400);
      // a caller stating no language gets both (issue #24 §3: the message is a catalogue key)
      expect(text.json().error.message).toBe(
        'kirim berkas PDF sebagai isi permintaan dengan Content-Type application/pdf / ' +
          'send the PDF file as the body with Content-Type application/pdf',
      );
      const states = await app.inject({ method: 'GET', url: '/api/reports/states?office=pekanbaru' });
      expect(states.statusCode, states.body).toBe(200);
      const months = states.json().months as { month: string; state: string; history: unknown[] }[];
      // 2025-01 … 2026-10, newest first (the clock of this run is after October 2026)
      expect(months).toHaveLength(22);
      expect(months[0]).toMatchObject({ month: '2026-10', state: 'approved' });
      expect(months[0]!.history).toHaveLength(1);
      expect(months.at(-1)).toMatchObject({ month: '2025-01', state: 'none', history: [] });
    } finally {
      await app.close();
    }
  });
});

describe('kop surat and signatories from the catalogue', () => {
  it('the cover has the letterhead of the office block; a logo file is drawn as the one image', async () => {
    const first = lines([
      pdfPages((await generateReport(db, { office: 'pekanbaru', month: '2026-09', lang: 'id' })).pdf)[0]!,
    ]).filter(Boolean);
    expect(first.slice(1, 5)).toEqual([
      'PEMERINTAH KOTA PEKANBARU',
      'DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU',
      'Jl. Jenderal Sudirman No. 1, Pekanbaru 28111',
      'Telp. (0761) 000000 · Email dpmptsp@pekanbaru.example.go.id · Laman dpmptsp.pekanbaru.example.go.id',
    ]);
    // a 2×2 PNG as the logo of a scratch database's office
    const logo = join(tmp, 'logo.png');
    writeFileSync(
      logo,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8AARAxg8j8AG/ID/fPnS7EAAAAASUVORK5CYII=',
        'base64',
      ),
    );
    const cat = join(tmp, 'logo.yaml');
    writeFileSync(
      cat,
      `offices:\n  - { office: pekanbaru, name: DPMPTSP Kota Pekanbaru, timezone: Asia/Jakarta, government: Pemerintah Kota Pekanbaru, logo: '${logo}' }\n`,
    );
    const db2 = await openTestDb();
    try {
      await loadConfigFile(db2, 'catalogue', cat);
      const r = await generateReport(db2, { office: 'pekanbaru', month: '2026-10', lang: 'id' });
      expect(pdfImageCount(r.pdf)).toBe(1);
      expect(
        lines([pdfPages(r.pdf)[0]!])
          .filter(Boolean)
          .slice(1, 3),
      ).toEqual(['PEMERINTAH KOTA PEKANBARU', 'DPMPTSP KOTA PEKANBARU']);
    } finally {
      db2.close();
    }
  });

  it('who signs is the officer posted on the date, an acting official (Plt./Plh.) before them; the officer tables name the same people', async () => {
    const db2 = await openTestDb();
    const cat = join(tmp, 'postings.yaml');
    writeFileSync(
      cat,
      `officers:
  - { office: pekanbaru, officer: SEK-A, name: Sekretaris A, nip: '111111111111111111', position: sekretaris, from: 2025-01-01, to: 2026-06-30 }
  - { office: pekanbaru, officer: SEK-B, name: Sekretaris B, nip: '222222222222222222', position: sekretaris, from: 2026-07-01 }
  - { office: pekanbaru, officer: KADIS-A, name: Kepala A, nip: '333333333333333333', position: kepala_dinas, from: 2020-01-01 }
acting:
  - { office: pekanbaru, position: kepala_dinas, officer: SEK-B, title: Plt., from: 2026-08-10, to: 2026-08-20 }
  - { office: pekanbaru, position: sekretaris, officer: KADIS-A, title: Plh., from: 2026-08-12, to: 2026-08-12 }
`,
    );
    try {
      // only the officers of this file hold a signing position
      await db2.transaction((tx) => tx.run('update officers set position = null'));
      await loadConfigFile(db2, 'catalogue', cat);
      const on = async (d: string) => {
        const s = await signatoriesOn(db2, 'pekanbaru', d);
        return [
          s.sekretaris && `${s.sekretaris.title ?? ''}${s.sekretaris.officer}`,
          s.kepala_dinas && `${s.kepala_dinas.title ?? ''}${s.kepala_dinas.officer}`,
        ];
      };
      expect(await on('2024-12-31')).toEqual([null, 'KADIS-A']);
      expect(await on('2026-06-30')).toEqual(['SEK-A', 'KADIS-A']);
      expect(await on('2026-07-01')).toEqual(['SEK-B', 'KADIS-A']);
      expect(await on('2026-08-10')).toEqual(['SEK-B', 'Plt.SEK-B']);
      expect(await on('2026-08-12')).toEqual(['Plh.KADIS-A', 'Plt.SEK-B']);
      expect(await on('2026-08-20')).toEqual(['SEK-B', 'Plt.SEK-B']);
      expect(await on('2026-08-21')).toEqual(['SEK-B', 'KADIS-A']);
    } finally {
      db2.close();
    }

    // on the demo data: an acting Kepala Dinas on the day of approval signs as "Plt. Kepala Dinas"
    const acting = join(tmp, 'acting.yaml');
    writeFileSync(
      acting,
      'acting:\n  - { office: pekanbaru, position: kepala_dinas, officer: PKU-SEK-01, title: Plt., from: 2026-11-04, to: 2026-11-06 }\n',
    );
    await loadConfigFile(db, 'catalogue', acting);
    const sep = { office: 'pekanbaru', month: '2026-09', lang: 'id' as const };
    await checkReport(db, sep, { by: 'sek-pku', decision: 'checked' }, new Date('2026-11-04T02:00:00Z'));
    const r = await approveReport(db, sep, { by: 'sek-pku' }, new Date('2026-11-05T02:00:00Z'));
    const ls = lines(pdfPages((await reportPdf(db, r.report_id))!));
    expect(ls).toContain('Sekretaris Plt. Kepala Dinas');
    expect(ls).toContain('Hendra Saputra, S.STP., M.Si. Hendra Saputra, S.STP., M.Si.');
    expect(ls).toContain('NIP. 197805122005011003 NIP. 197805122005011003');
    expect(ls).toContain('Tanggal 4 November 2026 Tanggal 5 November 2026');
    // the Sekretaris's desk in the officer tables is the same officer the sign-off names
    expect(ls.some((l) => l.startsWith('PKU-SEK-01 Hendra Saputra, S.STP., M.Si. '))).toBe(true);
  });
});

describe('months that have no report', () => {
  it('a month that has not begun and a month before the data are refused with the message, and nothing is recorded', async () => {
    const before = await count(db, 'reports');
    const now = new Date('2026-11-15T05:00:00Z');
    await expect(currentReport(db, { office: 'rokan-hilir', month: '2026-12', lang: 'id' }, now)).rejects.toThrow(
      'bulan 2026-12 belum tiba: laporan rokan-hilir baru dapat dibuat untuk bulan yang sudah dimulai (sekarang 2026-11)',
    );
    await expect(currentReport(db, { office: 'rokan-hilir', month: '2024-12', lang: 'id' }, now)).rejects.toThrow(
      'bulan 2024-12 sebelum data kantor rokan-hilir: data mulai 2025-01 (s.d. 2026-10), tidak ada laporan yang dibuat',
    );
    await expect(currentReport(db, { office: 'rokan-hilir', month: '2024-12', lang: 'en' }, now)).rejects.toThrow(
      '2024-12 is before the data of rokan-hilir: they begin in 2025-01 (to 2026-10); no report is made',
    );
    await expect(
      checkReport(db, { office: 'rokan-hilir', month: '2026-12', lang: 'id' }, { by: 'x', decision: 'checked' }, now),
    ).rejects.toThrow(/belum tiba/);
    expect(await count(db, 'reports')).toBe(before);
  });
});

describe('automatic drafts', () => {
  it("on an office's first working day the previous month's draft is recorded once; a second pass and a restart add nothing", async () => {
    const db3 = await demoDb();
    try {
      // Sunday 1 November 2026, 10.00 WIB: not yet a working day of November
      expect((await makeDueDrafts(db3, new Date('2026-11-01T03:00:00Z'))).map((r) => [r.office, r.outcome])).toEqual([
        ['lampung-selatan', 'not_yet'],
        ['pekanbaru', 'not_yet'],
        ['rokan-hilir', 'not_yet'],
      ]);
      expect(await count(db3, 'reports')).toBe(0);

      // the scheduler with an injected clock: a pass at start, the next at local midnight
      let now = new Date('2026-11-01T03:00:00Z');
      const timers: { fn: () => Promise<void>; ms: number }[] = [];
      const clock: Clock = {
        now: () => now,
        setTimer: (fn, ms) => timers.push({ fn, ms }),
        clearTimer: () => undefined,
      };
      const log: string[] = [];
      const s = startDraftScheduler(db3, { log: (l) => log.push(l), clock });
      await s.ready;
      expect(await count(db3, 'reports')).toBe(0);
      // 10.00 WIB → midnight WIB is 14 hours later (plus the one second of margin)
      expect(timers.map((t) => t.ms)).toEqual([14 * 3_600_000 + 1000]);
      now = new Date('2026-11-01T17:00:01Z'); // Monday 2 November 00.00.01 WIB
      await timers[0]!.fn();
      const rows = await db3.all<{ office: string; month: string; status: string; lang: string }>(
        'select office, month, status, lang from reports order by office',
      );
      expect(rows).toEqual(
        ['lampung-selatan', 'pekanbaru', 'rokan-hilir'].map((office) => ({
          office,
          month: '2026-10',
          status: 'draft',
          lang: 'id',
        })),
      );
      expect(log.filter((l) => l.includes('dibuat'))).toHaveLength(3);
      expect(log[0]).toMatch(/^laporan otomatis: draf lampung-selatan 2026-10 dibuat \(laporan \d+\)/);
      // the next pass at the next midnight: nothing new
      expect(timers[1]!.ms).toBe(24 * 3_600_000 - 1000 + 1000);
      now = new Date('2026-11-02T17:00:01Z');
      await timers[1]!.fn();
      s.stop();
      expect(await count(db3, 'reports')).toBe(3);
      // a restart later in the month: nothing new either
      const log2: string[] = [];
      const again = startDraftScheduler(db3, { log: (l) => log2.push(l), clock });
      await again.ready;
      again.stop();
      expect(await count(db3, 'reports')).toBe(3);
      expect(log2).toEqual([]);
      // a month without data (December: November has none) is skipped with its reason, not recorded
      const dec = await makeDueDrafts(db3, new Date('2026-12-01T03:00:00Z'));
      expect(dec.map((r) => [r.office, r.month, r.outcome])).toEqual([
        ['lampung-selatan', '2026-11', 'skipped'],
        ['pekanbaru', '2026-11', 'skipped'],
        ['rokan-hilir', '2026-11', 'skipped'],
      ]);
      expect(dec[0]!.reason).toBe(
        'tidak ada laporan lampung-selatan untuk bulan 2026-11: data kantor ini mencakup 2025-01 s.d. 2026-10',
      );
      // the log in the service's language (logLang: SLA_LANG); the reason is the drafts' own (Indonesian)
      const log3: string[] = [];
      const december = { ...clock, now: () => new Date('2026-12-01T03:00:00Z') };
      const en = startDraftScheduler(db3, { log: (l) => log3.push(l), clock: december, logLang: 'en' });
      await en.ready;
      en.stop();
      expect(log3).toEqual(
        ['lampung-selatan', 'pekanbaru', 'rokan-hilir'].map((o) =>
          expect.stringMatching(new RegExp(`^automatic reports: ${o} 2026-11 skipped: tidak ada laporan ${o} `)),
        ),
      );
      expect(await count(db3, 'reports')).toBe(3);
    } finally {
      db3.close();
    }
  });
});
