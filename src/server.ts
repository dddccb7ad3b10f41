import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { startChannel } from './cli/index.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './store/index.js';
import { buildDemo } from './demo.js';
import { scheduleSummaries } from './read/index.js';
import { startDraftScheduler } from './report/index.js';
import { listenMode, loadUsersFile } from './auth/index.js';
import { startLakeExporter, openRollup, watchRollup } from './lake/index.js';
import { ConfigError, errorIn } from './errors.js';
import { messageIn, t } from './i18n/index.js';

/**
 * Starts the HTTP service, and beside it the local channel through which `sla` commands run on
 * the service's database (src/cli/channel.ts); builds the demo database from sample-data/ when
 * none exists yet. Returns the app (closing it stops both). Its log lines are in the configured
 * language (SLA_LANG: docs/i18n.md, "The service's log").
 */
export async function serve(
  config: Config,
  log: (line: string) => void = (l) => console.error(l),
): Promise<FastifyInstance> {
  if (config.lakes?.length) return serveRollup(config, config.lakes, log);
  const lang = config.lang;
  if (!existsSync(config.dbPath)) {
    log(t(lang, 'serve_building_demo', { db: config.dbPath, sample: config.sampleDir }));
    await buildDemo(config.dbPath, config.sampleDir, log, undefined, lang);
  }
  const db = await openDatabase(config.dbPath);
  if (config.usersFile) {
    const u = await loadUsersFile(db, config.usersFile, lang);
    log(t(lang, 'serve_users_loaded', { file: config.usersFile, ...u }));
  }
  // secure default (SPEC §4): without users, loopback only
  const mode = await listenMode(db, config.host).catch((err: unknown) => {
    db.close();
    throw err;
  });
  if (mode === 'local') log(t(lang, 'serve_local_mode'));
  const app = await buildApp({
    db,
    logLevel: config.logLevel,
    closeDb: true,
    sql: config.sql,
    auth: { sessionMinutes: config.sessionMinutes, cookieSecure: config.cookieSecure },
    upload: config.upload,
    xes: config.xes,
    overload: config.overload,
    readCache: config.readCache,
  });
  const channel = await startChannel({
    db,
    dbPath: resolve(config.dbPath),
    config,
    onRan: () => app.auth.refresh(),
    log,
  }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  // before the database closes (onClose): commands still running on it finish first
  app.addHook('preClose', () => channel.close());
  // the automatic report drafts stop with the service
  let stopDrafts = () => {};
  app.addHook('preClose', async () => stopDrafts());
  // the lake export after each load (SLA_LAKE_EVERY): stopped, and its last export finished, before the database closes
  let stopLake = async () => {};
  app.addHook('preClose', () => stopLake());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
  await app.listen({ host: config.host, port: config.port });
  log(`sla-dpmptsp: http://${config.host}:${config.port}/`);
  // the dashboard summaries, when a load left them out of date (pages are served meanwhile)
  void scheduleSummaries(db, (err) => log(t(lang, 'serve_summaries_failed', { detail: errorIn(err as Error, lang) })));
  // the previous month's report drafts, from each office's first working day (src/report/scheduler.ts)
  stopDrafts = startDraftScheduler(db, { log, logLang: lang }).stop;
  if (config.lakeEvery && config.lakeDir) {
    const lake = startLakeExporter(db, { dir: resolve(config.lakeDir), log, lang });
    stopLake = async () => {
      lake.stop();
      await lake.idle();
    };
  }
  return app;
}

/**
 * `sla serve --lake DIR…`: the read-only roll-up over offices' lakes (src/lake/rollup.ts). Users
 * come from SLA_USERS_FILE (the same file format as an office's; its users and tokens live in the
 * roll-up's memory, loaded at each start); without users, local mode (loopback only), as the
 * office service. No command channel, report drafts or lake export: nothing here is written.
 */
async function serveRollup(config: Config, dirs: string[], log: (line: string) => void): Promise<FastifyInstance> {
  const lang = config.lang;
  const { db, sources } = await openRollup(dirs);
  try {
    for (const s of sources) {
      const files = Object.values(s.manifest.tables).reduce((a, tb) => a + tb.files.length, 0);
      log(t(lang, 'lake_read', { dir: s.dir, files, at: s.manifest.generated_at }));
    }
    if (config.usersFile) {
      const u = await loadUsersFile(db, config.usersFile, lang);
      log(t(lang, 'serve_users_loaded', { file: config.usersFile, ...u }));
    }
    const mode = await listenMode(db, config.host);
    if (mode === 'local') log(t(lang, 'serve_local_mode'));
  } catch (err) {
    db.close();
    throw err;
  }
  const stopWatch = watchRollup(db, sources, { log, lang });
  const app = await buildApp({
    db,
    logLevel: config.logLevel,
    closeDb: true,
    readOnly: true,
    sql: config.sql,
    auth: { sessionMinutes: config.sessionMinutes, cookieSecure: config.cookieSecure },
    overload: config.overload,
    readCache: config.readCache,
  });
  // a reload in progress finishes before the database closes
  app.addHook('preClose', () => stopWatch());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
  await app.listen({ host: config.host, port: config.port });
  log(t(lang, 'serve_rollup_listening', { n: sources.length, url: `http://${config.host}:${config.port}/` }));
  return app;
}

/** The settings of `npm start`; one that does not parse is said in both languages, and the process ends. */
function startConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(messageIn(err.texts ?? err.message, null));
    process.exit(2);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = startConfig();
  serve(config).catch((err: Error) => {
    console.error(t(config.lang, 'serve_failed', { detail: errorIn(err, config.lang) }));
    process.exit(1);
  });
}
