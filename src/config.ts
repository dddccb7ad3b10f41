import { z } from 'zod';

/** All configuration, parsed once at start from the environment. Nothing else reads process.env. */
const schema = z.object({
  SLA_DB: z.string().min(1).default('data/sla.duckdb'),
  SLA_SAMPLE_DIR: z.string().min(1).default('sample-data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLA_LANG: z.enum(['id', 'en']).default('id'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Days after a complaint's resolution before `sla complaints purge` erases the complainant's identity. */
  SLA_COMPLAINANT_RETENTION_DAYS: z.coerce.number().int().min(1).default(730),
  /** Names and NIP of who signs each office's monthly report (YAML; see sample-data/signatories.yaml). */
  SLA_SIGNATORIES: z.string().min(1).default('sample-data/signatories.yaml'),
});

export interface Config {
  dbPath: string;
  sampleDir: string;
  host: string;
  port: number;
  lang: 'id' | 'en';
  logLevel: string;
  complainantRetentionDays: number;
  signatoriesPath: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`configuration: ${first.path.join('.')}: ${first.message}`);
  }
  const c = parsed.data;
  return { dbPath: c.SLA_DB, sampleDir: c.SLA_SAMPLE_DIR, host: c.HOST, port: c.PORT, lang: c.SLA_LANG, logLevel: c.LOG_LEVEL, complainantRetentionDays: c.SLA_COMPLAINANT_RETENTION_DAYS, signatoriesPath: c.SLA_SIGNATORIES };
}
