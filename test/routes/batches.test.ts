import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { addUser } from '../../src/auth/users.js';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { openTestDb } from '../helpers.js';

/**
 * GET /api/batches (issue 23 part 3): an office-scoped Sekretaris or operator sees only the loads
 * that brought rows of their offices (not catalogue or calendar loads, not other offices' files),
 * and nobody sees a server path over HTTP: a file's name is enough.
 *
 * Loads: a file of both offices (pekanbaru and lampung-selatan), one of pekanbaru only, one of
 * lampung-selatan only, and a complaint register of lampung-selatan; plus the catalogue and
 * calendar loads of openTestDb (3 batches).
 */

let db: Database;
let app: FastifyInstance;
let dir: string;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

const H = 'case_id,office,service,step,event,at,officer,note\n';
beforeAll(async () => {
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'sla-batches-'));
  const files: Record<string, string> = {
    both: `${H}B-PKU-1,pekanbaru,SIKTG,S1,start,2026-06-01 08:00,,\nB-LSL-1,lampung-selatan,IPTG,S1,start,2026-06-01 08:00,,\n`,
    pku: `${H}B-PKU-2,pekanbaru,SIKTG,S1,start,2026-06-02 08:00,,\n`,
    lsl: `${H}B-LSL-2,lampung-selatan,IPTG,S1,start,2026-06-02 08:00,,\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, `events-${name}.csv`), text);
    ids[name] = (await loadFile(db, { kind: 'events', path: join(dir, `events-${name}.csv`) })).batchId!;
  }
  writeFileSync(
    join(dir, 'complaints-lsl.csv'),
    'complaint_id,office,received_at,channel,category,subject\nB-C-1,lampung-selatan,2026-06-03,loket,ringan,Antrian lama\n',
  );
  ids.complaints = (await loadFile(db, { kind: 'complaints', path: join(dir, 'complaints-lsl.csv') })).batchId!;
  for (const [id, roles, offices] of [
    ['sek.pku', ['sekretaris'], ['pekanbaru']],
    ['op.lsl', ['operator'], ['lampung-selatan']],
    ['op', ['operator'], undefined],
  ] as const) {
    tokens[id] = (
      await addUser(db, { id, roles: [...roles], offices: offices ? [...offices] : undefined, token: true })
    ).token!;
  }
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const batches = async (who: string) => {
  const r = await app.inject({
    method: 'GET',
    url: '/api/batches',
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().batches as Array<{ batch_id: number; kind: string; file_name: string }>;
};

describe('GET /api/batches', () => {
  it('an office-scoped Sekretaris sees the loads that brought rows of her office only', async () => {
    const rows = await batches('sek.pku');
    expect(rows.map((b) => b.batch_id)).toEqual([ids.both, ids.pku]);
  });

  it('an office-scoped operator likewise (events and complaints)', async () => {
    const rows = await batches('op.lsl');
    expect(rows.map((b) => b.batch_id)).toEqual([ids.both, ids.lsl, ids.complaints]);
  });

  it('an operator of every office sees every load, catalogue and calendar included', async () => {
    const rows = await batches('op');
    expect(rows).toHaveLength(3 + 4);
    expect(rows.map((b) => b.kind)).toEqual([
      'catalogue',
      'calendar',
      'calendar',
      'events',
      'events',
      'events',
      'complaints',
    ]);
  });

  it('never shows a server path: the file name only', async () => {
    for (const who of ['sek.pku', 'op.lsl', 'op']) {
      for (const b of await batches(who)) {
        expect(b.file_name, who).not.toMatch(/[/\\]/);
        expect(b.file_name).not.toContain(dir);
      }
    }
    expect((await batches('op')).find((b) => b.batch_id === ids.pku)!.file_name).toBe('events-pku.csv');
  });
});
