import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { Gate, OverloadedError } from '../../src/routes/overload.js';
import { openTestDb } from '../helpers.js';

/**
 * Polite overload (issue #23 §2): a bounded number of requests at work, a bounded queue, then 503
 * OVERLOADED with Retry-After. No clock: the slot is held by the test itself (the gate's own
 * `acquire`), and the queue's time limit runs on fake timers.
 */
let db: Database;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db?.close());

describe('the gate', () => {
  it('one slot, one waiter: the third is refused at once, the waiter gets the slot on release, first come first served', async () => {
    vi.useFakeTimers();
    try {
      const gate = new Gate({ maxInflight: 1, maxQueue: 2, queueMs: 5000 });
      await gate.acquire();
      const order: string[] = [];
      const a = gate.acquire().then(() => order.push('a'));
      const b = gate.acquire().then(() => order.push('b'));
      await expect(gate.acquire()).rejects.toThrow(OverloadedError);
      expect(gate.state).toEqual({ inflight: 1, waiting: 2 });
      gate.release();
      await a;
      gate.release();
      await b;
      expect(order).toEqual(['a', 'b']);
      expect(gate.state).toEqual({ inflight: 1, waiting: 0 });
      // a waiter past queueMs is refused, with Retry-After of the queue's bound (5 s)
      const late = gate.acquire();
      const refused = expect(late).rejects.toMatchObject({ code: 'OVERLOADED', statusCode: 503, retryAfterS: 5 });
      vi.advanceTimersByTime(5000);
      await refused;
      expect(gate.state).toEqual({ inflight: 1, waiting: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the service under overload', () => {
  it('a request past the queue is 503 OVERLOADED with Retry-After and a message in both languages; health still answers', async () => {
    const app = await buildApp({ db, overload: { maxInflight: 1, maxQueue: 0, queueMs: 3000 } });
    try {
      await app.gate.acquire(); // the one slot, held by the test
      const r = await app.inject({ method: 'GET', url: '/api/sla/summary?office=pekanbaru' });
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBe('3');
      expect(r.json()).toEqual({
        error: {
          code: 'OVERLOADED',
          message: 'layanan sedang sibuk; coba lagi dalam 3 detik / the service is busy; retry in 3 s',
        },
      });
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      app.gate.release();
      expect((await app.inject({ method: 'GET', url: '/api/sla/summary?office=pekanbaru' })).statusCode).toBe(200);
      // every slot is given back once the response is sent
      expect(app.gate.state).toEqual({ inflight: 0, waiting: 0 });
    } finally {
      await app.close();
    }
  });

  it('a request in the queue runs when the slot is free, and answers as without the gate', async () => {
    const app = await buildApp({ db, overload: { maxInflight: 1, maxQueue: 1, queueMs: 600_000 } });
    try {
      const direct = (await app.inject({ method: 'GET', url: '/api/sla/steps?office=pekanbaru' })).json();
      await app.gate.acquire();
      const queued = app.inject({ method: 'GET', url: '/api/sla/steps?office=pekanbaru' });
      // the request reaches the queue (no clock: one turn of the event loop at a time)
      while (app.gate.state.waiting === 0) await new Promise((resolve) => setImmediate(resolve));
      app.gate.release();
      const r = await queued;
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual(direct);
      expect(app.gate.state).toEqual({ inflight: 0, waiting: 0 });
    } finally {
      await app.close();
    }
  });
});
