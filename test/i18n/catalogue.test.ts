/**
 * Issue #24 §3: one message catalogue. Every catalogue of src/i18n/ holds the same keys in
 * Indonesian and English (the types make a missing key a compile error; this checks it at run
 * time too, nested groups included), the same `{placeholders}` in both, and no empty text; the
 * keys that `t` looks up name one message across surfaces; one fill function; an API error made
 * from the catalogue answers in the caller's language, both languages when it states neither.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { catalogues, fill, inBoth, messageIn, t, textCatalogues } from '../../src/i18n/index.js';
import { openTestDb } from '../helpers.js';

/** Every text of a catalogue half, by its path ("pages.ringkasan"), nested groups flattened. */
function leaves(o: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const path = at ? `${at}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const all = { ...catalogues, ...textCatalogues };

describe.each(Object.entries(all))('the %s catalogue', (_name, c) => {
  const id = leaves(c.id);
  const en = leaves(c.en);
  it('has the same keys in id and en', () => {
    expect(id.size).toBeGreaterThan(0);
    expect([...en.keys()].sort()).toEqual([...id.keys()].sort());
  });
  it('has the same {placeholders} in id and en, and no empty text', () => {
    for (const [key, text] of id) {
      expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(text));
      expect(text.trim(), `id ${key}`).not.toBe('');
      expect((en.get(key) ?? '').trim(), `en ${key}`).not.toBe('');
    }
  });
});

describe('t, fill and inBoth', () => {
  it('a key of the messages names one message: no key in two catalogues', () => {
    const seen = new Map<string, string>();
    for (const [name, c] of Object.entries(catalogues))
      for (const key of Object.keys(c.id)) {
        expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
        seen.set(key, name);
      }
  });
  it('fills {name} in one pass; a value with braces stays; a placeholder without a value stays visible', () => {
    expect(fill('{a} dan {b}', { a: '{b}', b: 2 })).toBe('{b} dan 2');
    expect(fill('{n} berkas {x}', { n: 0 })).toBe('0 berkas {x}');
    expect(t('id', 'batch_undone', { batch: 7, removed: 3 })).toBe('batch 7: 3 baris dihapus');
    expect(t('en', 'batch_undone', { batch: 7, removed: 3 })).toBe('batch 7: 3 rows removed');
  });
  it('inBoth makes the pair, with params per language when they differ; messageIn picks one', () => {
    const m = inBoth('role_not_allowed', (lang) => ({
      roles: 'operator',
      needs: ['auditor', 'admin'].join(` ${t(lang, 'or')} `),
    }));
    expect(m).toEqual({
      id: 'peran operator tidak diizinkan; perlu auditor atau admin',
      en: 'role operator not allowed; needs auditor or admin',
    });
    expect(messageIn(m, 'en')).toBe('role operator not allowed; needs auditor or admin');
    expect(messageIn(m, null)).toBe(
      'peran operator tidak diizinkan; perlu auditor atau admin / role operator not allowed; needs auditor or admin',
    );
  });
});

describe("an API error once written in English only answers in the caller's language", () => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openTestDb();
    app = await buildApp({ db });
  });
  afterAll(async () => {
    await app?.close();
    db?.close();
  });
  const undo = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/batches/999/undo', headers });
  it('undo of a batch that does not exist: 404 in Indonesian, English, or both', async () => {
    const id = await undo({ 'accept-language': 'id-ID' });
    expect(id.statusCode).toBe(404);
    expect(id.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'batch 999 tidak ada' } });
    expect((await undo({ 'accept-language': 'en-GB' })).json().error.message).toBe('batch 999 does not exist');
    expect((await undo({})).json().error.message).toBe('batch 999 tidak ada / batch 999 does not exist');
  });
});
