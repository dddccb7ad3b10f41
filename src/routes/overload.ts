import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { inBoth } from '../i18n/index.js';
import { DEFAULT_OVERLOAD, type OverloadLimits } from '../config.js';

/**
 * Polite overload (issue #23 §2): at most `maxInflight` API requests work on the database at
 * once; up to `maxQueue` more wait, each at most `queueMs`; beyond that a request is answered
 * at once with 503 OVERLOADED and `Retry-After`, never after minutes in a queue.
 *
 * Not counted: health and the OpenAPI document (a monitor must reach them), the session, upload
 * progress, uploads (one writer loads at a time anyway) and auditor SQL (its own bound:
 * SLA_SQL_CONCURRENCY / SLA_SQL_QUEUE_MS).
 */
const EXEMPT = [/^\/api\/health$/, /^\/api\/openapi\.json$/, /^\/api\/session$/, /^\/api\/ingest\//, /^\/api\/sql$/];

export class OverloadedError extends AppError {
  constructor(readonly retryAfterS: number) {
    super('OVERLOADED', 503, inBoth('overloaded', { s: retryAfterS }));
  }
}

/** Slots for work, and a bounded queue of waiters (first come, first served). */
export class Gate {
  private inflight = 0;
  private readonly waiting: Array<{ go: () => void; timer: NodeJS.Timeout }> = [];
  constructor(private readonly limits: OverloadLimits) {}

  get state(): { inflight: number; waiting: number } {
    return { inflight: this.inflight, waiting: this.waiting.length };
  }

  /** Resolves when a slot is taken (call `release` once after); rejects with OverloadedError. */
  acquire(): Promise<void> {
    if (this.inflight < this.limits.maxInflight) {
      this.inflight++;
      return Promise.resolve();
    }
    const retry = Math.max(1, Math.ceil(this.limits.queueMs / 1000));
    if (this.waiting.length >= this.limits.maxQueue) return Promise.reject(new OverloadedError(retry));
    return new Promise((resolve, reject) => {
      const entry = {
        go: () => {
          clearTimeout(entry.timer);
          this.inflight++;
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new OverloadedError(retry));
        }, this.limits.queueMs),
      };
      this.waiting.push(entry);
    });
  }

  release(): void {
    this.inflight--;
    this.waiting.shift()?.go();
  }
}

export const overloadPlugin = fp<{ limits?: Partial<OverloadLimits> | undefined }>(
  async (app, opts) => {
    const gate = new Gate({ ...DEFAULT_OVERLOAD, ...opts.limits });
    app.decorate('gate', gate);
    const release = async (req: FastifyRequest) => {
      if (!req.gateSlot) return;
      req.gateSlot = false;
      gate.release();
    };
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?', 1)[0]!;
      if (!path.startsWith('/api/') || EXEMPT.some((re) => re.test(path))) return;
      try {
        await gate.acquire();
      } catch (err) {
        if (err instanceof OverloadedError) reply.header('retry-after', String(err.retryAfterS));
        throw err;
      }
      req.gateSlot = true;
    });
    app.addHook('onResponse', release);
    app.addHook('onRequestAbort', release);
  },
  { name: 'overload', fastify: '5.x' },
);

declare module 'fastify' {
  interface FastifyInstance {
    gate: Gate;
  }
  interface FastifyRequest {
    /** set when this request holds a slot of the gate */
    gateSlot?: boolean;
  }
}
