import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { runClient, type ClientEnv } from '../../src/cli/client.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/auth/principal.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/store/open.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { approveReport, checkReport, currentReport, reportPdf } from '../../src/report/archive.js';
import { generateReport } from '../../src/report/generate.js';
import { slaCommand } from '../command.js';
import { fixture, repoPath, testDbFile } from '../helpers.js';
import { demoDb, pdfInfo, pdfPages } from './helpers.js';

/*
 * The report over HTTP (app.inject) and its sign-off, seed 000: the Sekretaris checks (or sends
 * back with a note, then it is regenerated), the Kepala Dinas approves; the approved copy is what
 * is served afterwards even when the data change. And `sla report` / `sla reports verify`.
 */

let db: Database;
let app: FastifyInstance;
beforeAll(async () => {
  db = await demoDb();
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const get = (url: string) => app.inject({ method: 'GET', url });
const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, payload });

const reportRows = async () => (await db.one<{ n: number }>('select count(*) as n from reports'))!.n;

describe('a read never writes (issue 23 part 3)', () => {
  it('GET of a month renders the draft without recording it; unknown and future months are 404 with a message', async () => {
    const before = await reportRows();
    const a = await get('/api/reports/rokan-hilir/2026-07.pdf');
    expect(a.statusCode, a.body).toBe(200);
    expect(a.headers['x-report-status']).toBe('draft');
    expect(a.headers['x-report-id']).toBeUndefined(); // not a record
    expect(a.headers['x-report-sha256']).toBe(sha(a.rawPayload));
    const b = await get('/api/reports/rokan-hilir/2026-07.pdf?lang=en');
    expect(b.statusCode).toBe(200);
    // before the data (the demo data run from 2025-01 to 2026-10), after them
    for (const [m, says] of [
      ['1999-01', 'sebelum data kantor rokan-hilir: data mulai 2025-01 (s.d. 2026-10)'],
      ['2024-12', 'sebelum data kantor rokan-hilir: data mulai 2025-01 (s.d. 2026-10)'],
      ['2026-11', 'data kantor ini mencakup 2025-01 s.d. 2026-10'],
    ] as const) {
      const r = await get(`/api/reports/rokan-hilir/${m}.pdf`);
      expect(r.statusCode, `${m}: ${r.body.slice(0, 200)}`).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
      expect(r.json().error.message).toContain(m);
      expect(r.json().error.message).toContain(says);
    }
    // a month that has not begun (the clock of this test run is before 2031)
    const future = await get('/api/reports/rokan-hilir/2031-05.pdf');
    expect(future.statusCode).toBe(404);
    expect(future.json().error.message).toMatch(
      /^bulan 2031-05 belum tiba: laporan rokan-hilir baru dapat dibuat untuk bulan yang sudah dimulai \(sekarang \d{4}-\d{2}\)$/,
    );
    expect(await reportRows()).toBe(before);
    // checking such a month is 404 too, and writes nothing
    expect((await post('/api/reports/rokan-hilir/1999-01/check', { by: 'x', decision: 'checked' })).statusCode).toBe(
      404,
    );
    expect(await reportRows()).toBe(before);
  });
});

describe('reports API and sign-off', () => {
  it('draft → returned with a note → regenerated → checked → approved; the approved copy is served after the data change', async () => {
    const url = '/api/reports/pekanbaru/2026-10.pdf';
    const first = await get(url);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['x-report-status']).toBe('draft');
    const pdf1 = first.rawPayload;
    expect(first.headers['x-report-sha256']).toBe(sha(pdf1));
    expect(pdfPages(pdf1)[0]).toContain('DPMPTSP Kota Pekanbaru');

    // the same data again: the same bytes, and still no record
    const same = await get(url);
    expect(sha(same.rawPayload)).toBe(sha(pdf1));
    expect((await get('/api/reports?office=pekanbaru&month=2026-10')).json().rows).toEqual([]);

    // nothing checked yet: nothing to approve
    const early = await post('/api/reports/pekanbaru/2026-10/approve', { by: 'kadis' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CONFLICT');

    // sent back needs a note
    const noNote = await post('/api/reports/pekanbaru/2026-10/check', { by: 'sekretaris', decision: 'returned' });
    expect(noNote.statusCode).toBe(400);
    // the decision records the copy that was read (its sha256), as sent back
    const returned = await post('/api/reports/pekanbaru/2026-10/check', {
      by: 'Hendra Saputra',
      decision: 'returned',
      note: 'Periksa lagi tabel petugas',
      sha256: sha(pdf1),
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().report).toMatchObject({
      status: 'returned',
      checked_by: 'Hendra Saputra',
      note: 'Periksa lagi tabel petugas',
      sha256: sha(pdf1),
    });
    const id1 = returned.json().report.report_id as number;
    expect(returned.json().report.checked_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // regenerated: a draft again, not recorded (same data, so the same bytes)
    const second = await get(url);
    expect(second.headers['x-report-status']).toBe('draft');
    expect(second.headers['x-report-id']).toBeUndefined();

    // a check naming another copy than the current draft is refused
    const stale = await post('/api/reports/pekanbaru/2026-10/check', {
      by: 'Hendra Saputra',
      decision: 'checked',
      sha256: '0'.repeat(64),
    });
    expect(stale.statusCode).toBe(409);
    const checked = await post('/api/reports/pekanbaru/2026-10/check', {
      by: 'Hendra Saputra',
      decision: 'checked',
      sha256: sha(second.rawPayload),
    });
    expect(checked.json().report).toMatchObject({ status: 'checked', note: null, sha256: sha(second.rawPayload) });
    const id2 = checked.json().report.report_id as number;
    expect(id2).toBeGreaterThan(id1);
    // the checked copy is what the Kepala Dinas is shown, and it is a record now
    const shown = await get(url);
    expect(shown.headers['x-report-status']).toBe('checked');
    expect(shown.headers['x-report-id']).toBe(String(id2));
    // a checked copy is not checked again
    expect(
      (await post('/api/reports/pekanbaru/2026-10/check', { by: 'Hendra Saputra', decision: 'checked' })).statusCode,
    ).toBe(409);

    const approved = await post('/api/reports/pekanbaru/2026-10/approve', { by: 'Marlina Siregar' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().report).toMatchObject({
      report_id: id2,
      status: 'approved',
      checked_by: 'Hendra Saputra',
      approved_by: 'Marlina Siregar',
      checked_sha256: sha(second.rawPayload),
      report_no: `${id2}/LAP-SLA/PEKANBARU/X/2026`,
    });
    // the approved copy is the checked one rendered again with its approval: another file
    const approvedSha = approved.json().report.sha256 as string;
    expect(approvedSha).not.toBe(sha(second.rawPayload));

    // the data change (late events of October): a fresh rendering differs, the approved copy is still served
    await loadFile(db, { kind: 'events', path: fixture('report/late-events.csv') });
    const fresh = await generateReport(db, { office: 'pekanbaru', month: '2026-10', lang: 'id' });
    expect(fresh.sha256).not.toBe(approvedSha);
    const after = await get(url);
    expect(after.headers['x-report-status']).toBe('approved');
    expect(after.headers['x-report-id']).toBe(String(id2));
    expect(sha(after.rawPayload)).toBe(approvedSha);

    // the archive lists it; an auditor verifies a copy by its sha256
    const archive = (await get('/api/reports?status=approved')).json().rows;
    expect(archive).toEqual([
      expect.objectContaining({
        report_id: id2,
        office: 'pekanbaru',
        month: '2026-10',
        lang: 'id',
        sha256: approvedSha,
        pages: Number(pdfInfo(after.rawPayload).Pages),
      }),
    ]);
    expect(archive[0].as_of).toBe('2026-10-30T09:46:41.000Z');
    const verify = (await get(`/api/reports?sha256=${approvedSha}`)).json().rows;
    expect(verify.map((r: { report_id: number; status: string }) => [r.report_id, r.status])).toEqual([
      [id2, 'approved'],
    ]);
    // the copy sent back had the bytes of the one checked (same data): its record names it
    expect(
      (await get(`/api/reports?sha256=${sha(pdf1)}`))
        .json()
        .rows.map((r: { report_id: number; status: string }) => [r.report_id, r.status]),
    ).toEqual([[id1, 'returned']]);
    const all = (await get('/api/reports?office=pekanbaru&month=2026-10')).json().rows;
    expect(all.map((r: { report_id: number; status: string }) => [r.report_id, r.status])).toEqual([
      [id2, 'approved'],
      [id1, 'returned'],
    ]);
  });

  it('English is a report of its own, with its own sign-off', async () => {
    const en = await get('/api/reports/lampung-selatan/2026-09.pdf?lang=en');
    expect(en.statusCode).toBe(200);
    expect(pdfPages(en.rawPayload)[0]).toContain('Monthly Service Performance Report');
    const id = await get('/api/reports/lampung-selatan/2026-09.pdf');
    expect(id.headers['x-report-sha256']).not.toBe(en.headers['x-report-sha256']);
    const checked = await post('/api/reports/lampung-selatan/2026-09/check', {
      by: 'Agus Priyanto',
      decision: 'checked',
      lang: 'en',
    });
    expect(checked.json().report).toMatchObject({ lang: 'en', status: 'checked' });
    expect((await get('/api/reports/lampung-selatan/2026-09.pdf')).headers['x-report-status']).toBe('draft');
  });

  it('bad requests: month, file name, office, decision', async () => {
    expect((await get('/api/reports/pekanbaru/2026-13.pdf')).statusCode).toBe(400);
    expect((await get('/api/reports/pekanbaru/2026-10.txt')).statusCode).toBe(400);
    const unknown = await get('/api/reports/atlantis/2026-10.pdf');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('atlantis');
    expect((await post('/api/reports/pekanbaru/2026-10/check', { by: 'x', decision: 'ok' })).statusCode).toBe(400);
    expect((await get('/api/reports?sha256=abc')).statusCode).toBe(400);
    const doc = (await get('/api/openapi.json')).json();
    for (const path of [
      '/api/reports',
      '/api/reports/{office}/{file}',
      '/api/reports/{office}/{month}/check',
      '/api/reports/{office}/{month}/approve',
    ])
      expect(doc.paths).toHaveProperty([path]);
  });
});

describe('reports with access control (users configured)', () => {
  it('the sekretaris checks and the kepala dinas approves, recorded as the signed-in users; other roles and offices are refused', async () => {
    const token = async (id: string, roles: Role[], offices?: string[]) =>
      (await addUser(db, { id, roles, offices, token: true })).token!;
    const sek = await token('sek-rohil', ['sekretaris'], ['rokan-hilir']);
    const kadis = await token('kadis-rohil', ['kepala_dinas'], ['rokan-hilir']);
    const auditor = await token('bpk', ['auditor']);
    const secured = await buildApp({ db });
    try {
      const as = (t: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
        secured.inject({ method, url, headers: { authorization: `Bearer ${t}` }, ...(payload ? { payload } : {}) });
      expect((await secured.inject({ method: 'GET', url: '/api/reports/rokan-hilir/2026-08.pdf' })).statusCode).toBe(
        401,
      );
      const pdf = await as(sek, 'GET', '/api/reports/rokan-hilir/2026-08.pdf');
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect((await as(sek, 'GET', '/api/reports/pekanbaru/2026-08.pdf')).statusCode).toBe(403); // not their office
      expect((await as(auditor, 'GET', '/api/reports/rokan-hilir/2026-08.pdf')).statusCode).toBe(403); // auditors verify, not generate
      expect(
        (await as(kadis, 'POST', '/api/reports/rokan-hilir/2026-08/check', { decision: 'checked' })).statusCode,
      ).toBe(403);
      const checked = await as(sek, 'POST', '/api/reports/rokan-hilir/2026-08/check', {
        decision: 'checked',
        by: 'someone else',
      });
      expect(checked.statusCode, checked.body).toBe(200);
      expect(checked.json().report.checked_by).toBe('sek-rohil');
      expect((await as(sek, 'POST', '/api/reports/rokan-hilir/2026-08/approve', {})).statusCode).toBe(403);
      const approved = await as(kadis, 'POST', '/api/reports/rokan-hilir/2026-08/approve', {});
      expect(approved.json().report).toMatchObject({
        status: 'approved',
        checked_by: 'sek-rohil',
        approved_by: 'kadis-rohil',
      });
      const verify = await as(auditor, 'GET', `/api/reports?sha256=${approved.json().report.sha256}`);
      expect(verify.json().rows.map((r: { status: string }) => r.status)).toEqual(['approved']);
    } finally {
      await secured.close();
    }
  });
});

describe('sla report', () => {
  // the command for what only the command line does (its output lines, files and folders, exit
  // status and stderr): as a user runs it (`slaCommand`, a child process) for one report and a bad
  // month, else `runClient` in this process, the function src/cli.ts calls with the arguments,
  // whose exit status it exits with (the same output and status, without a new process and DuckDB
  // for each run); what the report is, and that the same data give the same file, in-process on
  // the module the command calls (currentReport)
  const tmp = mkdtempSync(join(tmpdir(), 'sla-report-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const config = loadConfig({});
  const sla = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
    const env: ClientEnv = {
      out: (c) => (stdout += text(c)),
      err: (c) => (stderr += text(c)),
      cwd: repoPath(''),
      stdin: async () => Buffer.alloc(0),
      progressStream: process.stderr,
      config,
    };
    const code = await runClient(args, env);
    return { code, stdout, stderr };
  };
  const path = join(tmp, 'cli.duckdb');
  const inProcess = async <T>(fn: (d: Database) => Promise<T>): Promise<T> => {
    const d = await openDatabase(path);
    try {
      return await fn(d);
    } finally {
      d.close();
    }
  };
  beforeAll(async () => {
    // the shipped catalogue and calendar: a copy of the run's file (test/helpers.ts), then the officers and the events
    await testDbFile(path, 'base');
    await inProcess(async (fileDb) => {
      await loadConfigFile(fileDb, 'catalogue', repoPath('sample-data/officers.yaml'));
      await loadFile(fileDb, { kind: 'events', path: fixture('report/late-events.csv') });
    });
  });

  it('writes the PDF of one office, prints file, status, pages, sha256 and report id, and records it; the same data give the same file', async () => {
    const out = join(tmp, 'oktober.pdf');
    const r = await slaCommand('--db', path, 'report', '--month', '2026-10', '--office', 'pekanbaru', '--out', out);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const pdf = readFileSync(out);
    const [file, status, pages, hash, id] = r.stdout.trim().split('\t');
    expect(file).toBe(out);
    expect(status).toBe('draft');
    expect(pages).toBe(`${pdfInfo(pdf).Pages} halaman`);
    expect(hash).toBe(`sha256 ${sha(pdf)}`);
    expect(id).toMatch(/^laporan \d+$/);
    const text = pdfPages(pdf).join('\n');
    expect(text).toContain('PKU-SIKTG-LATE-0001');
    expect(text).toContain('Data per: 30 Oktober 2026 10.05 WIB');

    // again, from the module the command calls: the same bytes, the same draft record
    const again = await inProcess((d) => currentReport(d, { office: 'pekanbaru', month: '2026-10', lang: 'id' }));
    expect(sha(again.pdf)).toBe(sha(pdf));
    expect(`laporan ${again.record.report_id}`).toBe(id);
    expect(again.record).toMatchObject({ status: 'draft', sha256: sha(pdf) });
  });

  it('writes every office with data into a folder, in English; an office without data is refused on stderr and nothing is recorded for it', async () => {
    const dir = join(tmp, 'all');
    const all = await sla('--db', path, '--lang', 'en', 'report', '--month', '2026-10', '--out', dir);
    expect(all, all.stderr).toMatchObject({ code: 0 });
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    // the fixture has events of pekanbaru only
    expect(lines.map((l) => l[0])).toEqual([join(dir, 'laporan-pekanbaru-2026-10.pdf')]);
    for (const l of lines) expect(l[2]).toMatch(/^\d+ pages$/);
    expect(pdfPages(readFileSync(join(dir, 'laporan-pekanbaru-2026-10.pdf')))[0]).toContain('Period: October 2026');
    expect(all.stderr.trim().split('\n')).toEqual(
      ['lampung-selatan', 'rokan-hilir'].map((o) => `sla: no data of office ${o} yet: no report for 2026-10`),
    );
    expect(
      await inProcess(
        async (d) => (await d.one<{ n: number }>("select count(*) as n from reports where office <> 'pekanbaru'"))!.n,
      ),
    ).toBe(0);
  });

  it('refuses a month that has not begun and a month before the data, recording nothing', async () => {
    const before = await inProcess(async (d) => (await d.one<{ n: number }>('select count(*) as n from reports'))!.n);
    const future = await sla(
      '--db',
      path,
      'report',
      '--month',
      '2099-01',
      '--office',
      'pekanbaru',
      '--out',
      join(tmp, 'f.pdf'),
    );
    expect(future.code).toBe(1);
    expect(future.stderr.trim()).toMatch(
      /^sla: bulan 2099-01 belum tiba: laporan pekanbaru baru dapat dibuat untuk bulan yang sudah dimulai \(sekarang \d{4}-\d{2}\)$/,
    );
    // the fixture's events are of October 2026 only
    const early = await sla(
      '--db',
      path,
      'report',
      '--month',
      '2026-09',
      '--office',
      'pekanbaru',
      '--out',
      join(tmp, 'e.pdf'),
    );
    expect(early.code).toBe(1);
    expect(early.stderr.trim()).toBe(
      'sla: bulan 2026-09 sebelum data kantor pekanbaru: data mulai 2026-10 (s.d. 2026-10), tidak ada laporan yang dibuat',
    );
    expect(await inProcess(async (d) => (await d.one<{ n: number }>('select count(*) as n from reports'))!.n)).toBe(
      before,
    );
  });

  it('reports verify tells the approved copy (exit 0) from a recorded draft and the checked copy (exit 1, NOT approved) and refuses another file (exit 1)', async () => {
    const { record, pdf } = await inProcess((d) =>
      currentReport(d, { office: 'pekanbaru', month: '2026-10', lang: 'id' }),
    );
    const copy = join(tmp, 'copy.pdf');
    writeFileSync(copy, pdf);
    const draft = await sla('--db', path, 'reports', 'verify', copy);
    expect(draft.code, draft.stderr).toBe(1);
    const [verdict, line] = draft.stdout.trim().split('\n');
    expect(verdict).toBe(`BUKAN salinan yang disetujui: salinan berstatus draft dari laporan ${record.report_id}`);
    expect(line!.split('\t').slice(0, 7)).toEqual([
      String(record.report_id),
      'pekanbaru',
      '2026-10',
      'id',
      'draft',
      `per ${record.as_of.toISOString()}`,
      `sha256 ${sha(pdf)}`,
    ]);
    // checked and approved: the approved copy is verified; the checked file is not the approved copy
    const approved = await inProcess(async (d) => {
      await checkReport(
        d,
        { office: 'pekanbaru', month: '2026-10', lang: 'id' },
        { by: 'sek', decision: 'checked', sha256: sha(pdf) },
      );
      const r = await approveReport(d, { office: 'pekanbaru', month: '2026-10', lang: 'id' }, { by: 'kadis' });
      return { record: r, pdf: (await reportPdf(d, r.report_id))! };
    });
    const final = join(tmp, 'approved.pdf');
    writeFileSync(final, approved.pdf);
    const ok = await sla('--db', path, 'reports', 'verify', final);
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(ok.stdout.split('\n')[0]).toBe(
      `salinan yang disetujui: laporan ${record.report_id}, nomor ${record.report_id}/LAP-SLA/PEKANBARU/X/2026`,
    );
    expect(ok.stdout.split('\n')[1]!.split('\t').slice(4, 7)).toEqual([
      'approved',
      `per ${record.as_of.toISOString()}`,
      `sha256 ${sha(approved.pdf)}`,
    ]);
    const old = await sla('--db', path, 'reports', 'verify', copy);
    expect(old.code).toBe(1);
    expect(old.stdout.split('\n')[0]).toBe(
      `BUKAN salinan yang disetujui: salinan yang diperiksa sebelum persetujuan dari laporan ${record.report_id}`,
    );
    const forged = join(tmp, 'forged.pdf');
    writeFileSync(forged, Buffer.concat([pdf, Buffer.from('\n')]));
    const no = await sla('--db', path, 'reports', 'verify', forged);
    expect(no.code).toBe(1);
    expect(no.stdout).toBe('');
    expect(no.stderr.trim()).toBe(
      `sla: ${forged}: sha256 ${sha(readFileSync(forged))} tidak cocok dengan laporan mana pun yang pernah dibuat`,
    );
  });

  it('a bad month is a one-line error', async () => {
    const bad = await slaCommand('--db', path, 'report', '--month', '2026-1');
    expect(bad.code).toBe(1);
    // in the command's language, Indonesian by default (issue #24 §3)
    expect(bad.stderr.trim()).toBe('sla: bulan "2026-1" harus YYYY-MM (mis. 2026-10)');
  });
});
