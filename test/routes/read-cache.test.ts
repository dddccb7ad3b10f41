import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { undoBatch } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { ReadCache } from '../../src/routes/read-cache.js';
import { fixture, openTestDb } from '../helpers.js';

/** A computation the test resolves itself (an explicit barrier instead of a clock). */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ReadCache', () => {
  it('computes an answer once for callers asking at the same time, and serves it after', async () => {
    const source = { generation: 2 };
    const cache = new ReadCache(source, { maxBytes: 1024 });
    const d = deferred<string>();
    let runs = 0;
    const compute = () => {
      runs++;
      return d.promise;
    };
    const a = cache.get('k', compute);
    const b = cache.get('k', compute);
    d.resolve('{"n":7}');
    expect(await a).toBe('{"n":7}');
    expect(await b).toBe(await a);
    expect(await cache.get('k', compute)).toBe('{"n":7}');
    expect(runs).toBe(1);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 2, misses: 1 });
  });

  it('forgets every answer when the generation moves, and keeps none computed across a move', async () => {
    const source = { generation: 2 };
    const cache = new ReadCache(source, { maxBytes: 1024 });
    expect(await cache.get('k', async () => 'old')).toBe('old');
    source.generation = 4;
    expect(await cache.get('k', async () => 'new')).toBe('new');
    expect(cache.size).toBe(1);

    // computed while a commit happens: computed again after it, never answered from before it
    const d = deferred<string>();
    let calls = 0;
    const during = cache.get('j', () => (++calls === 1 ? d.promise : Promise.resolve('recomputed')));
    source.generation = 5; // a commit running
    source.generation = 6; // and done
    // a caller after the commit does not join the computation that began before it
    const after = cache.get('j', async () => 'after');
    d.resolve('before');
    expect(await during).toBe('recomputed');
    expect(await after).toBe('after');
    expect(['after', 'recomputed']).toContain(await cache.get('j', async () => 'again'));
  });

  it('keeps at most maxBytes (length of the JSON), least recently used out first; too large ones not at all', async () => {
    const source = { generation: 2 };
    const cache = new ReadCache(source, { maxBytes: 80 });
    const ten = (c: string) => c.repeat(10); // an answer of 10 characters = 10 bytes
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) await cache.get(k, async () => ten(k));
    expect({ size: cache.size, bytes: cache.bytes }).toEqual({ size: 8, bytes: 80 });
    await cache.get('a', async () => 'recomputed'); // a hit: a becomes the most recent
    await cache.get('i', async () => ten('i')); // b, the least recently used, goes
    expect(await cache.get('a', async () => 'recomputed')).toBe(ten('a'));
    expect(await cache.get('b', async () => 'recomputed')).toBe('recomputed');
    expect(cache.bytes).toBeLessThanOrEqual(80);
    // larger than an eighth of the budget (10 bytes): served, not kept
    const big = 'x'.repeat(20);
    expect(await cache.get('big', async () => big)).toBe(big);
    expect(await cache.get('big', async () => 'small')).toBe('small');
  });

  it('computes again an answer whose reads straddled a commit (odd or moved generation), and keeps the second', async () => {
    const source = { generation: 2 };
    const cache = new ReadCache(source, { maxBytes: 1024 });
    let calls = 0;
    const value = await cache.get('k', async () => {
      calls++;
      if (calls === 1) source.generation = 3; // a commit began during the first computation
      if (calls === 2) source.generation = 4; // and ended during the second
      return String(calls);
    });
    expect(value).toBe('3');
    expect({ calls, retries: cache.retries }).toEqual({ calls: 3, retries: 2 });
    expect(await cache.get('k', async () => '-1')).toBe('3');
    // commits all the time: served after three computations, not kept
    const busy = new ReadCache(source, { maxBytes: 1024 });
    let n = 0;
    expect(await busy.get('k', async () => ((source.generation += 2), String(++n)))).toBe('3');
    expect(await busy.get('k', async () => '-1')).toBe('-1');
  });

  it('keeps no failure: the next caller computes again', async () => {
    const cache = new ReadCache({ generation: 2 }, { maxBytes: 1024 });
    await expect(cache.get('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('with maxBytes 0 every request computes', async () => {
    const cache = new ReadCache({ generation: 2 }, { maxBytes: 0 });
    let runs = 0;
    for (let i = 0; i < 3; i++) await cache.get('k', async () => String(++runs));
    expect(runs).toBe(3);
  });
});

describe('one snapshot per answer over a real database', () => {
  it('an answer whose two reads straddle a committed load is computed again from one state of the data', async () => {
    const db = await openTestDb();
    try {
      await db.write((w) => w.run('create table snap_t (x integer)'));
      for (const maxBytes of [1024, 0]) {
        await db.transaction((tx) => tx.run('delete from snap_t'));
        const cache = new ReadCache(db, { maxBytes });
        const firstRead = deferred<void>();
        const gate = deferred<void>();
        let calls = 0;
        const count = async () => (await db.one<{ n: number }>('select count(*)::int as n from snap_t'))!.n;
        const answer = cache.get('k', async () => {
          calls++;
          const a = await count();
          if (calls === 1) {
            firstRead.resolve();
            await gate.promise;
          }
          return JSON.stringify({ a, b: await count() });
        });
        await firstRead.promise;
        await db.transaction((tx) => tx.run('insert into snap_t values (1), (2)'));
        gate.resolve();
        // the first computation saw 0 then 2: it is not the answer
        expect(JSON.parse(await answer), `maxBytes ${maxBytes}`).toEqual({ a: 2, b: 2 });
        expect(calls).toBe(2);
      }
    } finally {
      db.close();
    }
  });
});

/*
 * The routes over test/fixtures/api/sla-cases.csv (three SIKTG cases at Pekanbaru, see
 * test/routes/sla.test.ts): the answers come from the cache until a commit, then from the data.
 */
describe('the read routes and a load', () => {
  let db: Database;
  let app: FastifyInstance;
  let batch: number;

  beforeAll(async () => {
    db = await openTestDb();
    batch = (await loadFile(db, { kind: 'events', path: fixture('api/sla-cases.csv') })).batchId!;
    app = await buildApp({ db });
  });
  afterAll(async () => {
    await app?.close();
    db?.close();
  });

  const get = async (url: string) => {
    const r = await app.inject({ url });
    expect(r.statusCode).toBe(200);
    return r.json();
  };

  it('serves the same answer from memory, and the data after an undo', async () => {
    const urls = [
      '/api/cases?office=pekanbaru',
      '/api/sla/summary?office=pekanbaru&month=2026-07',
      '/api/cases/API-LATE?office=pekanbaru',
      '/api/dash/ringkasan?office=pekanbaru',
    ];
    const first = [];
    for (const u of urls) first.push(await get(u));
    expect(first[0].total).toBe(3);
    expect(first[1].rows[0].submitted).toBe(3);
    expect(first[2].case.case_id).toBe('API-LATE');
    const misses = app.readCache.misses;
    const hits = app.readCache.hits;
    // the same questions, the query in another order: the same answers, no query run
    expect(await get('/api/cases?office=pekanbaru&page=1')).toEqual(first[0]);
    expect(await get('/api/sla/summary?month=2026-07&office=pekanbaru')).toEqual(first[1]);
    expect(await get('/api/cases/API-LATE?office=pekanbaru')).toEqual(first[2]);
    expect(await get('/api/dash/ringkasan?office=pekanbaru')).toEqual(first[3]);
    expect(app.readCache.misses).toBe(misses);
    expect(app.readCache.hits).toBe(hits + 4);

    await undoBatch(db, batch);
    expect((await get('/api/cases?office=pekanbaru')).total).toBe(0);
    expect(
      (await get('/api/sla/summary?office=pekanbaru&month=2026-07')).rows.every(
        (r: { submitted: number }) => r.submitted === 0,
      ),
    ).toBe(true);
    const gone = await app.inject({ url: '/api/cases/API-LATE?office=pekanbaru' });
    expect(gone.statusCode).toBe(404);
  });
});
