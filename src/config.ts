import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { inBoth } from './i18n/index.js';
import { schemaReason } from './schema-reason.js';

const MIB = 1024 * 1024;

/*
 * The limits the rooms work within, and their defaults: one place, read by the schema below (the
 * defaults of the settings) and by the rooms (when they are built without a configuration, as in
 * tests). This module imports no room, so every room may take its limits from here.
 */

/** Limits of the auditor SQL engine (SLA_SQL_* settings; src/sandbox/engine.ts). */
export interface SqlLimits {
  /** Time limit of one query; the query is interrupted when it is over. */
  timeoutMs: number;
  /** Most rows a result returns (a request may ask for fewer); more are cut off and flagged. */
  maxRows: number;
  /**
   * Most bytes of an encoded result (`export`): the rows past it are cut off and flagged (a
   * Parquet file past it is refused). Bounds the disk a result is written to before it is sent;
   * memory holds one chunk of rows, whatever the result.
   */
  maxBytes: number;
  /** Auditor queries running at once; more wait up to `queueMs`, then are refused as busy. */
  concurrency: number;
  queueMs: number;
  /** DuckDB threads and memory of each sandbox instance (apart from the service's own). */
  threads: number;
  memoryLimit: string;
}

export const defaultSqlLimits: SqlLimits = {
  timeoutMs: 30_000,
  maxRows: 100_000,
  maxBytes: 64 * MIB,
  concurrency: 2,
  queueMs: 2_000,
  threads: 1,
  memoryLimit: '1GB',
};

/**
 * Most <trace> and <event> elements an XES file may hold (SLA_XES_MAX_TRACES, SLA_XES_MAX_EVENTS;
 * src/ingest/xes.ts): past either, the file is refused, naming the limit. Memory does not grow
 * with either (rows and trace locations go to DuckDB as they come); the limits bound the time and
 * disk a file takes.
 */
export interface XesLimits {
  maxTraces: number;
  maxEvents: number;
}

export const defaultXesLimits: XesLimits = { maxTraces: 10_000_000, maxEvents: 100_000_000 };

/** Where uploads lie while they load, and how large one may be (all its files together). */
export interface UploadLimits {
  dir: string;
  maxBytes: number;
}

export const DEFAULT_UPLOAD_MAX_BYTES = 1024 ** 3;

/** API requests at work at once and waiting (SLA_MAX_INFLIGHT, SLA_MAX_QUEUE, SLA_QUEUE_MS; src/routes/overload.ts). */
export interface OverloadLimits {
  maxInflight: number;
  maxQueue: number;
  queueMs: number;
}

export const DEFAULT_OVERLOAD: OverloadLimits = { maxInflight: 8, maxQueue: 256, queueMs: 10_000 };

/** The read routes' answer cache (SLA_READ_CACHE_MB; src/routes/read-cache.ts). */
export interface ReadCacheLimits {
  /** Most bytes of answers kept (0: no cache, every request runs its queries). */
  maxBytes: number;
}

export const DEFAULT_READ_CACHE: ReadCacheLimits = { maxBytes: 64 * MIB };

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
  SLA_XES_MAX_TRACES: z.coerce.number().int().min(1).default(defaultXesLimits.maxTraces),
  SLA_XES_MAX_EVENTS: z.coerce.number().int().min(1).default(defaultXesLimits.maxEvents),
  // auditor SQL sandbox (src/sandbox/engine.ts)
  SLA_SQL_TIMEOUT_MS: z.coerce.number().int().min(100).default(defaultSqlLimits.timeoutMs),
  SLA_SQL_MAX_ROWS: z.coerce.number().int().min(1).default(defaultSqlLimits.maxRows),
  /** Most bytes of an encoded auditor result (64 MiB): past it the rows are cut off and flagged. */
  SLA_SQL_MAX_BYTES: z.coerce.number().int().min(1024).default(defaultSqlLimits.maxBytes),
  SLA_SQL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaultSqlLimits.concurrency),
  SLA_SQL_QUEUE_MS: z.coerce.number().int().min(0).default(defaultSqlLimits.queueMs),
  SLA_SQL_THREADS: z.coerce.number().int().min(1).max(64).default(defaultSqlLimits.threads),
  SLA_SQL_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'e.g. 1GB')
    .default(defaultSqlLimits.memoryLimit),
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
  SLA_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).default(DEFAULT_UPLOAD_MAX_BYTES),
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
    // in both languages: the language is itself a setting of what failed to parse
    const first = parsed.error.issues[0]!;
    throw new ConfigError(
      inBoth('config_invalid', (lang) => ({ name: first.path.join('.'), reason: schemaReason(first, lang, env) })),
    );
  }
  const c = parsed.data;
  if (c.SLA_LAKE_EVERY === 'true' && !c.SLA_LAKE_DIR) throw new ConfigError(inBoth('config_lake_every'));
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
