import { z } from 'zod';
import type { SqlLimits } from './sandbox/engine.js';

/** All configuration, parsed once at start from the environment. Nothing else reads process.env. */
const schema = z.object({
  SLA_DB: z.string().min(1).default('data/sla.duckdb'),
  SLA_SAMPLE_DIR: z.string().min(1).default('sample-data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLA_LANG: z.enum(['id', 'en']).default('id'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auditor SQL sandbox (src/sandbox/engine.ts)
  SLA_SQL_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  SLA_SQL_MAX_ROWS: z.coerce.number().int().min(1).default(100_000),
  SLA_SQL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SLA_SQL_QUEUE_MS: z.coerce.number().int().min(0).default(2_000),
  SLA_SQL_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  SLA_SQL_MEMORY: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'e.g. 1GB').default('1GB'),
});

export interface Config {
  dbPath: string;
  sampleDir: string;
  host: string;
  port: number;
  lang: 'id' | 'en';
  logLevel: string;
  sql: SqlLimits;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`configuration: ${first.path.join('.')}: ${first.message}`);
  }
  const c = parsed.data;
  const sql: SqlLimits = {
    timeoutMs: c.SLA_SQL_TIMEOUT_MS,
    maxRows: c.SLA_SQL_MAX_ROWS,
    concurrency: c.SLA_SQL_CONCURRENCY,
    queueMs: c.SLA_SQL_QUEUE_MS,
    threads: c.SLA_SQL_THREADS,
    memoryLimit: c.SLA_SQL_MEMORY,
  };
  return { dbPath: c.SLA_DB, sampleDir: c.SLA_SAMPLE_DIR, host: c.HOST, port: c.PORT, lang: c.SLA_LANG, logLevel: c.LOG_LEVEL, sql };
}
