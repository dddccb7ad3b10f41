import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { XesLimits } from './ingest/xes.js';
import type { UploadLimits } from './routes/ingest/index.js';
import { DEFAULT_OVERLOAD, type OverloadLimits } from './routes/overload.js';
import { DEFAULT_READ_CACHE, type ReadCacheLimits } from './routes/read-cache.js';
import type { SqlLimits } from './sandbox/engine.js';

const MIB = 1024 * 1024;

/** All configuration, parsed once at start from the environment. Nothing else reads process.env. */
const schema = z.object({
  SLA_DB: z.string().min(1).default('data/sla.duckdb'),
  SLA_SAMPLE_DIR: z.string().min(1).default('sample-data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLA_LANG: z.enum(['id', 'en']).default('id'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Users and tokens to load at start (YAML; see README "Access control"). */
  SLA_USERS_FILE: z.string().min(1).optional(),
  /** Minutes a browser session lasts after sign-in. */
  SLA_SESSION_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(480),
  /** Secure cookies: 'auto' (not over plain HTTP to a loopback address) or 'always'. */
  SLA_COOKIE_SECURE: z.enum(['auto', 'always']).default('auto'),
  /** Days after a complaint's resolution before `sla complaints purge` erases the complainant's identity. */
  SLA_COMPLAINANT_RETENTION_DAYS: z.coerce.number().int().min(1).default(730),
  /** Most <trace> and <event> elements of an XES file (src/ingest/xes.ts): past them the file is refused. */
  SLA_XES_MAX_TRACES: z.coerce.number().int().min(1).default(10_000_000),
  SLA_XES_MAX_EVENTS: z.coerce.number().int().min(1).default(100_000_000),
  // auditor SQL sandbox (src/sandbox/engine.ts)
  SLA_SQL_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  SLA_SQL_MAX_ROWS: z.coerce.number().int().min(1).default(100_000),
  /** Most bytes of an encoded auditor result (64 MiB): past it the rows are cut off and flagged. */
  SLA_SQL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  SLA_SQL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SLA_SQL_QUEUE_MS: z.coerce.number().int().min(0).default(2_000),
  SLA_SQL_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  SLA_SQL_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'e.g. 1GB')
    .default('1GB'),
  /** API requests working on the database at once; more wait in a bounded queue (src/routes/overload.ts). */
  SLA_MAX_INFLIGHT: z.coerce.number().int().min(1).max(1024).default(DEFAULT_OVERLOAD.maxInflight),
  /** Requests that may wait for a slot; past it a request is answered 503 with Retry-After at once. */
  SLA_MAX_QUEUE: z.coerce.number().int().min(0).default(DEFAULT_OVERLOAD.maxQueue),
  /** Longest wait for a slot (ms), then 503 with Retry-After. */
  SLA_QUEUE_MS: z.coerce.number().int().min(0).default(DEFAULT_OVERLOAD.queueMs),
  /** Memory for answers of the read routes kept until the data changes, in MiB (0: none; src/routes/read-cache.ts). */
  SLA_READ_CACHE_MB: z.coerce
    .number()
    .min(0)
    .max(65536)
    .default(DEFAULT_READ_CACHE.maxBytes / MIB),
  /** Where uploads of the Muat data page lie while they load (default: `uploads/` beside the database). */
  SLA_UPLOAD_DIR: z.string().min(1).optional(),
  /** Largest upload (all its files together), in bytes; default 1 GiB. */
  SLA_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 ** 3),
  /** The Parquet lake of `sla export lake` (docs/lake.md): its default folder. */
  SLA_LAKE_DIR: z.string().min(1).optional(),
  /** The service exports the lake to SLA_LAKE_DIR after each committed load. */
  SLA_LAKE_EVERY: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  dbPath: string;
  sampleDir: string;
  host: string;
  port: number;
  lang: 'id' | 'en';
  logLevel: string;
  complainantRetentionDays: number;
  usersFile: string | undefined;
  sessionMinutes: number;
  cookieSecure: 'auto' | 'always';
  sql: SqlLimits;
  xes: XesLimits;
  upload: UploadLimits;
  overload: OverloadLimits;
  readCache: ReadCacheLimits;
  lakeDir: string | undefined;
  lakeEvery: boolean;
  /**
   * `sla serve --lake DIR…`: serve the read-only roll-up over these offices' lakes instead of a database
   * (src/lake/rollup.ts).
   */
  lakes?: string[] | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`configuration: ${first.path.join('.')}: ${first.message}`);
  }
  const c = parsed.data;
  if (c.SLA_LAKE_EVERY === 'true' && !c.SLA_LAKE_DIR)
    throw new Error('configuration: SLA_LAKE_EVERY: needs SLA_LAKE_DIR');
  const sql: SqlLimits = {
    timeoutMs: c.SLA_SQL_TIMEOUT_MS,
    maxRows: c.SLA_SQL_MAX_ROWS,
    maxBytes: c.SLA_SQL_MAX_BYTES,
    concurrency: c.SLA_SQL_CONCURRENCY,
    queueMs: c.SLA_SQL_QUEUE_MS,
    threads: c.SLA_SQL_THREADS,
    memoryLimit: c.SLA_SQL_MEMORY,
  };
  return {
    dbPath: c.SLA_DB,
    sampleDir: c.SLA_SAMPLE_DIR,
    host: c.HOST,
    port: c.PORT,
    lang: c.SLA_LANG,
    logLevel: c.LOG_LEVEL,
    complainantRetentionDays: c.SLA_COMPLAINANT_RETENTION_DAYS,
    usersFile: c.SLA_USERS_FILE,
    sessionMinutes: c.SLA_SESSION_MINUTES,
    cookieSecure: c.SLA_COOKIE_SECURE,
    sql,
    xes: { maxTraces: c.SLA_XES_MAX_TRACES, maxEvents: c.SLA_XES_MAX_EVENTS },
    upload: { dir: c.SLA_UPLOAD_DIR ?? join(dirname(c.SLA_DB), 'uploads'), maxBytes: c.SLA_UPLOAD_MAX_BYTES },
    overload: { maxInflight: c.SLA_MAX_INFLIGHT, maxQueue: c.SLA_MAX_QUEUE, queueMs: c.SLA_QUEUE_MS },
    readCache: { maxBytes: Math.round(c.SLA_READ_CACHE_MB * MIB) },
    lakeDir: c.SLA_LAKE_DIR,
    lakeEvery: c.SLA_LAKE_EVERY === 'true',
  };
}
