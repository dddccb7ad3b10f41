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
 * The case-number search of the page header (issue #25 §2), over four cases: PKU-101, PKU-102
 * and PKU-2001 at Pekanbaru, LSL-101 at Lampung Selatan. Three callers: `both` sees both
 * offices, `pku` Pekanbaru only, `boss` every office.
 * - exact: q=PKU-101 opens its card;
 * - prefix: q=PKU-10 lists PKU-101 and PKU-102 (not PKU-2001), each linked to its card;
 * - another office the caller may see: q=LSL-101 (or case=LSL-101) at Pekanbaru says where it is
 *   and links there;
 * - an office the caller may not see: the very answer of a number that does not exist.
 */
let db: Database;
let app: FastifyInstance;
let dir: string;
const tokens: Record<string, string> = {};
const Q = 'office=pekanbaru&period=month&month=2026-05';

interface Section {
  id: string;
  title: string;
  rows: Record<string, unknown>[];
  empty: string | null;
  notes: string[];
  more?: { href: string; text: string } | null;
  pager?: { total: number } | null;
}
async function sections(who: string, url: string): Promise<Section[]> {
  const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().sections;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'case-search-'));
  const path = join(dir, 'events.csv');
  const lines = ['case_id,office,service,step,event,at,officer,note'];
  for (const [id, day] of [
    ['PKU-101', '04'],
    ['PKU-102', '05'],
    ['PKU-2001', '06'],
  ] as const) {
    lines.push(
      `${id},pekanbaru,SIKTG,S2,complete,2026-05-${day}T09:00:00+07:00,,`,
      `${id},pekanbaru,SIKTG,S3,complete,2026-05-${day}T09:30:00+07:00,,`,
    );
  }
  lines.push(
    'LSL-101,lampung-selatan,IPTG,S2,complete,2026-05-05T09:00:00+07:00,,',
    'LSL-101,lampung-selatan,IPTG,S3,complete,2026-05-05T10:00:00+07:00,,',
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  db = await openTestDb();
  await loadFile(db, { kind: 'events', path });
  for (const [id, offices] of [
    ['both', ['pekanbaru', 'lampung-selatan']],
    ['pku', ['pekanbaru']],
    ['boss', undefined],
  ] as const) {
    tokens[id] = (
      await addUser(db, { id, roles: ['kepala_dinas'], offices: offices ? [...offices] : undefined, token: true })
    ).token!;
  }
  app = await buildApp({ db });
});
afterAll(async () => {
  await app?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the case search', () => {
  it('an exact number opens its kartu kendali', async () => {
    const s = await sections('pku', `/api/dash/berkas?${Q}&q=PKU-101`);
    const card = s.find((x) => x.id === 'timeline')!;
    expect(card.title).toBe('Kartu kendali berkas PKU-101');
    expect(card.rows.map((r) => r.step)).toEqual(['S2', 'S3']);
    expect(s.some((x) => x.id === 'search_results')).toBe(false);
  });

  it('a beginning lists the cases it begins, each linked to its card', async () => {
    const s = (await sections('pku', `/api/dash/berkas?${Q}&q=PKU-10`)).find((x) => x.id === 'search_results')!;
    expect(s.rows.map((r) => r.case_id)).toEqual(['PKU-101', 'PKU-102']);
    expect(s.pager!.total).toBe(2);
    expect(s.rows[0]!.href).toBe(`/berkas?${Q}&case=PKU-101#timeline`);
    // not another office's, even for a caller who sees it: the search is in the office shown
    const b = (await sections('both', `/api/dash/berkas?${Q}&q=LSL`)).find((x) => x.id === 'search_results')!;
    expect(b.rows).toEqual([]);
    expect(b.empty).toBe('Berkas LSL tidak ditemukan.');
    // pooled over every office: all of them
    const all = (await sections('boss', `/api/dash/berkas?office=all&period=month&month=2026-05&q=-10`)).find(
      (x) => x.id === 'search_results',
    )!;
    expect(all.rows).toEqual([]);
    const pooled = (await sections('boss', `/api/dash/berkas?office=all&period=month&month=2026-05&q=L`)).find(
      (x) => x.id === 'search_results',
    )!;
    expect(pooled.rows.map((r) => `${r.office}/${r.case_id}`)).toEqual(['lampung-selatan/LSL-101']);
  });

  it('a case of another office the caller may see: where it is, with a link switching office', async () => {
    for (const url of [`/api/dash/berkas?${Q}&q=LSL-101`, `/api/dash/berkas?${Q}&case=LSL-101`]) {
      const s = (await sections('both', url)).find((x) => x.id === 'timeline')!;
      expect(s.notes).toEqual(['Berkas LSL-101 terdaftar di DPMPTSP Kabupaten Lampung Selatan.']);
      expect(s.more).toEqual({
        href: '/berkas?office=lampung-selatan&period=month&month=2026-05&case=LSL-101#timeline',
        text: 'Buka berkas LSL-101 di DPMPTSP Kabupaten Lampung Selatan',
      });
      expect(s.empty).toBeNull();
    }
    // the link opens the card there
    const there = (
      await sections('both', '/api/dash/berkas?office=lampung-selatan&period=month&month=2026-05&case=LSL-101')
    ).find((x) => x.id === 'timeline')!;
    expect(there.rows.map((r) => r.step)).toEqual(['S2', 'S3']);
  });

  it('a case of an office the caller may not see reads as a number that does not exist (also after another caller asked)', async () => {
    const strip = (s: Section[], n: string) => JSON.stringify(s).replaceAll(n, '<n>');
    // asked first by a caller who may see it: the answer kept for that caller is not served to the other
    await sections('both', `/api/dash/berkas?${Q}&q=LSL-101`);
    for (const p of ['q', 'case']) {
      const hidden = await sections('pku', `/api/dash/berkas?${Q}&${p}=LSL-101`);
      const missing = await sections('pku', `/api/dash/berkas?${Q}&${p}=XYZ-999`);
      expect(strip(hidden, 'LSL-101')).toBe(strip(missing, 'XYZ-999'));
      expect(JSON.stringify(hidden)).not.toContain('Lampung');
    }
    const s = (await sections('pku', `/api/dash/berkas?${Q}&case=LSL-101`)).find((x) => x.id === 'timeline')!;
    expect(s.empty).toBe('Berkas LSL-101 tidak ditemukan.');
  });

  it('every page has the search box: a labelled GET form to the Berkas page keeping office, period and language', async () => {
    const r = await app.inject({
      method: 'GET',
      url: `/tahapan?${Q}&lang=en`,
      headers: { authorization: `Bearer ${tokens.pku}`, accept: 'text/html' },
    });
    expect(r.statusCode).toBe(200);
    const form = /<form class="case-search"[^]*?<\/form>/.exec(r.body)![0];
    expect(form).toContain('action="/berkas"');
    expect(form).toContain('method="get"');
    expect(form).toContain('<label for="case-q">Find a case number</label>');
    expect(form).toContain('<input type="hidden" name="office" value="pekanbaru">');
    expect(form).toContain('<input type="hidden" name="month" value="2026-05">');
    expect(form).toContain('<input type="hidden" name="lang" value="en">');
    // the navigation keeps the filters, not a list or a case asked for
    const berkas = await app.inject({
      method: 'GET',
      url: `/berkas?${Q}&step=S2&service=SIKTG&page=2&case=PKU-101`,
      headers: { authorization: `Bearer ${tokens.pku}`, accept: 'text/html' },
    });
    const nav = /<nav aria-label[^]*?<\/nav>/.exec(berkas.body)![0];
    expect(nav).toContain(`href="/tahapan?${Q.replaceAll('&', '&#38;')}&#38;service=SIKTG"`);
    expect(nav).not.toMatch(/step=|page=|case=/);
  });
});
