import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { count, openTestDb } from '../helpers.js';

/**
 * POST /api/ingest/{kind} (issue #22): uploads streamed to a folder of their own, dry run, commit
 * of several files as one transaction, roles, CSRF, the size limit, and an upload cut off halfway.
 * Events of pekanbaru/SIKTG (WIB, UTC+7); each test uses its own case ids.
 */

let db: Database;
let app: FastifyInstance;
let uploads: string;
const tokens: Record<string, string> = {};
/** Log lines of the app (JSON), and waiters for a line matching a message. */
const lines: Array<Record<string, unknown>> = [];
const waiters: Array<{ msg: string; from: number; resolve: (l: Record<string, unknown>) => void }> = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    const l = JSON.parse(String(chunk)) as Record<string, unknown>;
    lines.push(l);
    for (const w of [...waiters]) {
      if (l.msg === w.msg && lines.length > w.from) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(l);
      }
    }
    done();
  },
});
/** Resolves with the next log line with that message (after the lines seen so far). */
const nextLog = (msg: string) =>
  new Promise<Record<string, unknown>>((resolve) => waiters.push({ msg, from: lines.length, resolve }));

beforeAll(async () => {
  db = await openTestDb();
  for (const [id, roles, offices] of [
    ['op', ['operator', 'sekretaris'], undefined],
    ['sek', ['sekretaris'], undefined],
    ['op.pku', ['operator'], ['pekanbaru']],
  ] as const) {
    tokens[id] = (
      await addUser(db, { id, roles: [...roles], offices: offices ? [...offices] : undefined, token: true })
    ).token!;
  }
  uploads = mkdtempSync(join(tmpdir(), 'sla-uploads-'));
  app = await buildApp({ db, logLevel: 'debug', logStream, upload: { dir: uploads } });
});

afterAll(async () => {
  await app?.close();
  db?.close();
  rmSync(uploads, { recursive: true, force: true });
});

const HEADER = 'case_id,office,service,step,event,at,officer,note';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

/** A multipart/form-data body of file parts. */
function multipart(files: Array<{ name: string; content: string | Buffer }>, boundary = 'sla-test-boundary') {
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    chunks.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (
  kind: string,
  query: string,
  files: Array<{ name: string; content: string | Buffer }>,
  headers: Record<string, string> = { authorization: `Bearer ${tokens.op}` },
) => {
  const m = multipart(files);
  return app.inject({
    method: 'POST',
    url: `/api/ingest/${kind}?${query}`,
    payload: m.payload,
    headers: { ...m.headers, ...headers },
  });
};

const batches = () => count(db, 'ingest_batches');
const leftInUploads = () => readdirSync(uploads);

describe('POST /api/ingest/{kind}', () => {
  it('a dry run counts rows read, new and duplicate, and saves nothing', async () => {
    const before = { events: await count(db, 'events'), batches: await batches() };
    // 4 data lines; line 5 repeats line 3 exactly: 3 new, 1 duplicate
    const file = csv(
      'U-1,pekanbaru,SIKTG,S1,start,2026-06-01 08:00,,',
      'U-1,pekanbaru,SIKTG,S1,complete,2026-06-01 08:10,,',
      'U-1,pekanbaru,SIKTG,S2,start,2026-06-01 08:20,FO-01,',
      'U-1,pekanbaru,SIKTG,S1,complete,2026-06-01 08:10,,',
    );
    const r = await upload('events', 'dry_run=true', [{ name: 'harian.csv', content: file }]);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      dry_run: true,
      committed: false,
      files: [
        {
          file: 'harian.csv',
          status: 'dry_run',
          batch_id: null,
          rows_read: 4,
          accepted: 3,
          duplicates: 1,
          rejected: 0,
          errors: [],
        },
      ],
    });
    expect(r.json().files[0].message).toBe('harian.csv: 3 baris valid, 1 duplikat; uji coba, tidak ada yang disimpan');
    expect({ events: await count(db, 'events'), batches: await batches() }).toEqual(before);
    expect(leftInUploads()).toEqual([]);
  });

  it('a dry run lists every error with file, line, field and reason (the CLI messages, in the language asked)', async () => {
    const file = csv(
      'U-2,pekanbaru,SIKTG,S1,start,2026-06-01 08:00,,',
      'U-2,pekanbaru,SIKTG,S1,selesai,2026-06-01 08:10,,',
      'U-2,pekanbaru,SIKTG,S2,start,kemarin,,',
    );
    const r = await upload('events', 'dry_run=true&lang=en', [{ name: 'bad.csv', content: file }]);
    expect(r.statusCode).toBe(200);
    const f = r.json().files[0];
    // lines count the header as line 1: the bad event on line 3, the bad time on line 4
    expect(f).toMatchObject({ file: 'bad.csv', status: 'rejected', rows_read: 3, accepted: 0, rejected: 2 });
    expect(f.errors).toEqual([
      {
        file: 'bad.csv',
        line: 3,
        field: 'event',
        location: null,
        reason: 'unknown event "selesai" (start, complete, return, resubmit, notify, collect, cancel)',
      },
      {
        file: 'bad.csv',
        line: 4,
        field: 'at',
        location: null,
        reason: 'cannot read time "kemarin" (ISO 8601: YYYY-MM-DD HH:MM[:SS][±HH:MM])',
      },
    ]);
    expect(f.message.split('\n')[0]).toBe('2 error(s); nothing was loaded');
  });

  it('a catalogue is refused with its reasons in the language asked (Indonesian by default)', async () => {
    const content = [
      'services:',
      '  - office: pekanbaru',
      '    service: UJIQ',
      '    name: Uji',
      '    ready_step: S1',
      '    steps: [{ step: S1, name: Terbit, actor: BO, quota: 20 menitan, clock: office }]',
      '',
    ].join('\n');
    const before = await batches();
    const reasonOf = async (query: string) => {
      const r = await upload('catalogue', query, [{ name: 'k.yaml', content }]);
      expect(r.json().files[0]).toMatchObject({ file: 'k.yaml', status: 'rejected' });
      return r.json().files[0].errors.map((e: { field: string; reason: string }) => `${e.field}: ${e.reason}`);
    };
    expect(await reasonOf('dry_run=true')).toEqual([
      'quota: layanan pekanbaru/UJIQ, langkah S1: "20 menitan" bukan kuota: tulis "N menit", "N jam" atau "N hari kerja" (atau null)',
    ]);
    expect(await reasonOf('dry_run=true&lang=en')).toEqual([
      'quota: service pekanbaru/UJIQ, step S1: "20 menitan" is not a quota: write "N menit", "N jam" or "N hari kerja" (or null)',
    ]);
    expect(await batches()).toBe(before);
  });

  it('several files commit together, or not at all when one is refused', async () => {
    const good = csv(
      'U-3,pekanbaru,SIKTG,S1,start,2026-06-02 08:00,,',
      'U-3,pekanbaru,SIKTG,S1,complete,2026-06-02 08:10,,',
    );
    const bad = csv(
      'U-4,pekanbaru,SIKTG,S1,start,2026-06-02 09:00,,',
      'U-4,pekanbaru,SIKTG,S99,complete,2026-06-02 09:10,,',
    );
    const events0 = await count(db, 'events');
    const refused = await upload('events', '', [
      { name: 'a.csv', content: good },
      { name: 'b.csv', content: bad },
    ]);
    expect(refused.statusCode).toBe(422);
    const body = refused.json();
    expect(body).toMatchObject({ committed: false, error: { code: 'INVALID_INPUT' } });
    expect(body.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['a.csv', 'not_loaded'],
      ['b.csv', 'rejected'],
    ]);
    expect(body.files[1].errors[0]).toMatchObject({ file: 'b.csv', line: 3, field: 'step' });
    // a.csv was valid, and rolled back with b.csv; b.csv is recorded as rejected (as `sla ingest` records it)
    expect(await count(db, 'events')).toBe(events0);
    expect(await count(db, 'ingest_batches', "status = 'committed' and file_name like '%a.csv'")).toBe(0);
    expect(await count(db, 'ingest_batches', "status = 'rejected' and file_name like '%b.csv'")).toBe(1);

    const fixed = bad.replace('S99', 'S1');
    const ok = await upload('events', '', [
      { name: 'a.csv', content: good },
      { name: 'b.csv', content: fixed },
    ]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      dry_run: false,
      committed: true,
      files: [
        { file: 'a.csv', status: 'committed', accepted: 2 },
        { file: 'b.csv', status: 'committed', accepted: 2 },
      ],
    });
    expect(await count(db, 'events')).toBe(events0 + 4);
    // the history shows both, by name only; undo retracts one
    const list = await app.inject({
      method: 'GET',
      url: '/api/batches',
      headers: { authorization: `Bearer ${tokens.op}` },
    });
    const ids = ok.json().files.map((f: { batch_id: number }) => f.batch_id);
    const shown = list.json().batches.filter((b: { batch_id: number }) => ids.includes(b.batch_id));
    expect(shown.map((b: { file_name: string; status: string }) => [b.file_name, b.status])).toEqual([
      ['a.csv', 'committed'],
      ['b.csv', 'committed'],
    ]);
    const undo = await app.inject({
      method: 'POST',
      url: `/api/batches/${ids[1]}/undo`,
      headers: { authorization: `Bearer ${tokens.op}` },
    });
    expect(undo.statusCode).toBe(200);
    expect(undo.json()).toEqual({ batch_id: ids[1], removed: 2, message: `batch ${ids[1]}: 2 baris dihapus` });
    expect(await count(db, 'events')).toBe(events0 + 2);
    // a second undo of the same batch is refused
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/batches/${ids[1]}/undo`,
          headers: { authorization: `Bearer ${tokens.op}` },
        })
      ).statusCode,
    ).toBe(400);
    expect(leftInUploads()).toEqual([]);
  });

  it('an XLSX export loads like its CSV', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ekspor');
    ws.addRow(HEADER.split(','));
    ws.addRow(['U-5', 'pekanbaru', 'SIKTG', 'S1', 'start', '2026-06-03 08:00']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload('events', '', [{ name: 'ekspor.xlsx', content: buf }]);
    expect(r.statusCode).toBe(200);
    expect(r.json().files[0]).toMatchObject({ file: 'ekspor.xlsx', status: 'committed', rows_read: 1, accepted: 1 });
    // 08:00 WIB = 01:00Z
    expect(await db.one("select strftime(\"at\", '%H:%M') as t from events where case_id = 'U-5'")).toEqual({
      t: '01:00',
    });
  });

  it('needs the operator role; a cookie session needs its CSRF token', async () => {
    const file = [{ name: 'x.csv', content: csv('U-6,pekanbaru,SIKTG,S1,start,2026-06-04 08:00,,') }];
    const before = await batches();
    const sek = await upload('events', 'dry_run=true', file, { authorization: `Bearer ${tokens.sek}` });
    expect(sek.statusCode).toBe(403);
    expect(sek.json().error.code).toBe('FORBIDDEN');
    const login = await app.inject({ method: 'POST', url: '/login', payload: { token: tokens.op } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const { csrf_token } = login.json() as { csrf_token: string };
    const without = await upload('events', 'dry_run=true', file, { cookie });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.message).toContain('CSRF');
    const withToken = await upload('events', 'dry_run=true', file, { cookie, 'x-csrf-token': csrf_token });
    expect(withToken.statusCode).toBe(200);
    expect(await batches()).toBe(before);
    expect(leftInUploads()).toEqual([]);
  });

  it('an operator limited to some offices loads rows of those offices only, and no catalogue or calendar', async () => {
    const pku = { authorization: `Bearer ${tokens['op.pku']}` };
    const file = csv(
      'U-9,pekanbaru,SIKTG,S1,start,2026-06-04 08:00,,',
      'L-9,lampung-selatan,IPTG,S2,complete,2026-06-04 09:00,,',
    );
    const r = await upload('events', 'dry_run=true', [{ name: 'dua.csv', content: file }], pku);
    expect(r.statusCode).toBe(200);
    // line 3 is of another office; grouped by value like an unknown office
    expect(r.json().files[0].errors).toEqual([
      {
        file: 'dua.csv',
        line: 3,
        field: 'office',
        location: null,
        reason: 'kantor "lampung-selatan" di luar kantor yang boleh Anda muat (1× pada baris 3)',
      },
    ]);
    const own = await upload(
      'events',
      'dry_run=true',
      [{ name: 'satu.csv', content: csv('U-9,pekanbaru,SIKTG,S1,start,2026-06-04 08:00,,') }],
      pku,
    );
    expect(own.json().files[0]).toMatchObject({ status: 'dry_run', accepted: 1 });
    const cat = await upload('catalogue', 'dry_run=true', [{ name: 'k.yaml', content: 'offices: []\n' }], pku);
    expect(cat.statusCode).toBe(403);
    expect(leftInUploads()).toEqual([]);
  });

  it('refuses an upload over the size limit with a clear message, leaving nothing behind', async () => {
    const small = await buildApp({ db, upload: { dir: uploads, maxBytes: 100 } });
    try {
      const before = await batches();
      // 49 + 5 × 50 bytes: over 100
      const file = csv(...Array.from({ length: 5 }, (_, i) => `U-7,pekanbaru,SIKTG,S1,start,2026-06-05 08:0${i},,`));
      const m = multipart([{ name: 'besar.csv', content: file }]);
      const r = await small.inject({
        method: 'POST',
        url: '/api/ingest/events',
        payload: m.payload,
        headers: { ...m.headers, authorization: `Bearer ${tokens.op}` },
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().error).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'unggahan terlalu besar: batasnya 100 byte (semua berkas bersama); tidak ada yang dimuat',
      });
      expect(await batches()).toBe(before);
      expect(leftInUploads()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('an upload cut off mid-stream leaves the database and the upload folder as before', async () => {
    const before = { batches: await batches(), events: await count(db, 'events') };
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const boundary = 'cut-off';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="putus.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\nU-8,pekanbaru,SIKTG,S1,start,2026-06-06 08:00,,\n`;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const started = nextLog('upload part');
    const ended = nextLog('upload ended');
    socket.write(
      `POST /api/ingest/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${tokens.op}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 1000000\r\n\r\n${head}`,
    );
    // the server is writing the file to its folder: then the client goes away
    const part = await started;
    expect(readdirSync(uploads)).toEqual([part.upload]);
    socket.destroy();
    const end = await ended;
    expect(end).toMatchObject({ upload: part.upload, outcome: 'failed' });
    expect(leftInUploads()).toEqual([]);
    expect({ batches: await batches(), events: await count(db, 'events') }).toEqual(before);
  });

  it('is in the OpenAPI document with the history and undo', async () => {
    const doc = (
      await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { authorization: `Bearer ${tokens.op}` } })
    ).json();
    expect(Object.keys(doc.paths['/api/ingest/{kind}'])).toEqual(['post']);
    expect(doc.paths['/api/ingest/{kind}'].post.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['dry_run', 'kind', 'office', 'service', 'sheet', 'upload']),
    );
    expect(doc.paths['/api/batches']).toBeDefined();
    expect(doc.paths['/api/batches/{id}/undo'].post).toBeDefined();
  });
});
