import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_READ_CACHE, type ReadCacheLimits } from '../config.js';

/**
 * Answers of the read routes (dashboard data, the kartu kendali, the case list, /api/sla/*),
 * kept until the data changes (issue #23 §2).
 *
 * Every figure is a function of the request's path and query and of the data: none reads the
 * clock (an as-of is the office's latest transition, or given in the query), and the office scope
 * is settled before the handler (a limited caller names the office in the URL, src/auth/access.ts).
 * So one answer serves every caller asking the same thing until a commit bumps the database's
 * generation (a load, an undo, a catalogue or calendar change), which empties the cache.
 *
 * - **Single flight:** callers asking what is being computed wait for that computation instead
 *   of starting their own: 200 dashboards opened at once cost one set of queries.
 * - **Bounded:** at most `maxBytes` of answers (the length of their JSON), least recently used out
 *   first; an answer larger than an eighth of the budget is served but not kept.
 * - **Kept as sent:** the routes keep their answer as the JSON their response schema gave (the
 *   check and the serialisation run once, when it is computed), so a hit costs no work on the
 *   answer: at 200 connections the check of a dashboard page's answer on every hit bounded
 *   cached pages at ~1,000 req/s.
 * - **One snapshot per answer:** the generation is a sequence lock (src/db/database.ts: odd
 *   while a commit runs); an answer whose queries straddled a commit (the generation was odd or
 *   moved) is computed again, up to three times, so that its figures come from one state of the
 *   data even though its queries run on several connections. This holds with the cache off too.
 * - **Never stale:** an answer is kept only when computed within one even generation, and a
 *   computation started before a commit is not joined by a request after it.
 */
interface Entry {
  /** the answer as sent (JSON) */
  value: string;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();
  private generation = -1;
  private bytes_ = 0;
  /** answers served from memory, and computed (for the bench and the tests) */
  hits = 0;
  misses = 0;
  /** computations run again because a commit ran meanwhile */
  retries = 0;

  constructor(
    private readonly source: { readonly generation: number },
    private readonly limits: ReadCacheLimits,
  ) {}

  get bytes(): number {
    return this.bytes_;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer for `key` at the current data: kept, being computed, or computed by `compute`. */
  get(key: string, compute: () => Promise<string>): Promise<string> {
    if (this.limits.maxBytes <= 0) return this.consistent(compute).then((r) => r.value);
    this.epoch(this.source.generation);
    const hit = this.entries.get(key);
    if (hit) {
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
      return Promise.resolve(hit.value);
    }
    const flying = this.pending.get(key);
    if (flying) {
      this.hits++;
      return flying;
    }
    this.misses++;
    const run = this.consistent(compute).then(
      ({ value, generation: at }) => {
        if (this.pending.get(key) === run) this.pending.delete(key);
        // kept under the generation it was computed at, while that is still the current one
        if (at !== null && this.source.generation === at) {
          this.epoch(at);
          this.keep(key, value);
        }
        return value;
      },
      (err: unknown) => {
        if (this.pending.get(key) === run) this.pending.delete(key);
        throw err;
      },
    );
    this.pending.set(key, run);
    return run;
  }

  /** Forgets every answer of another generation than `generation`. */
  private epoch(generation: number): void {
    if (generation === this.generation) return;
    this.entries.clear();
    this.pending.clear();
    this.bytes_ = 0;
    this.generation = generation;
  }

  /** Computes until no commit ran meanwhile (at most three times); `generation` null if one always did. */
  private async consistent<T>(compute: () => Promise<T>): Promise<{ value: T; generation: number | null }> {
    for (let attempt = 1; ; attempt++) {
      const before = this.source.generation;
      const value = await compute();
      if (before % 2 === 0 && this.source.generation === before) return { value, generation: before };
      this.retries++;
      if (attempt === 3) return { value, generation: null };
    }
  }

  private keep(key: string, value: string): void {
    const bytes = value.length;
    if (bytes > this.limits.maxBytes / 8) return;
    for (const [k, e] of this.entries) {
      if (this.bytes_ + bytes <= this.limits.maxBytes) break;
      this.entries.delete(k);
      this.bytes_ -= e.value.length;
    }
    this.entries.set(key, { value });
    this.bytes_ += bytes;
  }
}

/** The key of a request: its route, path parameters and query (keys sorted, as validated). */
export function requestKey(req: FastifyRequest): string {
  const sorted = (o: unknown) =>
    o && typeof o === 'object'
      ? Object.entries(o as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      : [];
  return JSON.stringify([req.routeOptions.url, sorted(req.params), sorted(req.query)]);
}

declare module 'fastify' {
  interface FastifyInstance {
    readCache: ReadCache;
    /**
     * Sends the answer of this read request, from the cache or computed by `compute` and
     * serialised by the route's response schema (see ReadCache). `also`: what else the answer
     * depends on beyond the route, its parameters and query (e.g. the offices the caller may see).
     */
    cachedAnswer(
      req: FastifyRequest,
      reply: FastifyReply,
      compute: () => Promise<unknown>,
      also?: unknown,
    ): Promise<FastifyReply>;
  }
}

export const readCachePlugin = fp<{ limits?: Partial<ReadCacheLimits> | undefined }>(
  async (app, opts) => {
    const cache = new ReadCache(app.db, { ...DEFAULT_READ_CACHE, ...opts.limits });
    app.decorate('readCache', cache);
    app.decorate(
      'cachedAnswer',
      async function (
        req: FastifyRequest,
        reply: FastifyReply,
        compute: () => Promise<unknown>,
        also?: unknown,
      ): Promise<FastifyReply> {
        const key = also == null ? requestKey(req) : `${requestKey(req)}${JSON.stringify(also)}`;
        const body = await cache.get(key, async () => String(reply.serialize(await compute())));
        return reply.type('application/json; charset=utf-8').send(body);
      },
    );
  },
  { name: 'read-cache', fastify: '5.x', dependencies: ['db'] },
);
