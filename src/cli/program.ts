import { Argument, Command, Option } from 'commander';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { Phase, ProgressFn } from '../ingest/index.js';
import type { RowKind } from '../ingest/index.js';
import { SQL_FORMATS, type SqlFormat } from '../vocabulary.js';
import { t, type Lang } from '../i18n/index.js';
import { errorIn } from '../errors.js';

/**
 * The `sla` commands. The program is built per run around a `CliIo`, so that the same commands run
 * in the `sla` process on a database it opens itself, or inside a running service on the service's
 * open database with their output framed back to the `sla` process (src/cli/channel.ts).
 */

/** A progress bar of one load: `onProgress` is undefined when none is shown. */
export interface Progress {
  onProgress: ProgressFn | undefined;
  stop: () => void;
}

export interface CliIo {
  out: (chunk: string | Uint8Array) => void;
  err: (text: string) => void;
  /** the caller's working folder: relative file names are the caller's */
  cwd: string;
  /** standard input of the caller, whole (only read by --password-stdin and hash-password) */
  stdin: () => Promise<Buffer>;
  progress: () => Progress;
  /** the database of a command (the caller closes it with `release`) */
  open: (path: string) => Promise<Database>;
  release: (db: Database) => void;
  /**
   * Called before each command's action with its name ("user add"); the `sla` process forwards
   * the command to a running service here (it throws `Handled` with the exit status).
   */
  beforeAction?: (command: string, globals: Globals) => Promise<void>;
  /** commands that only a standalone `sla` runs (serve, demo, generate) refuse when false */
  standalone: boolean;
  /**
   * Starts the service (`sla serve`); given by the `sla` process only (src/cli/client.ts), so this
   * module, which the service also runs, does not import the service.
   */
  serve?: (config: Config) => Promise<unknown>;
}

export interface Globals {
  /** the database file, absolute */
  db: string;
  lang: Lang;
}

/** Thrown by `beforeAction` when the command was run elsewhere: the run ends with this status. */
export class Handled extends Error {
  constructor(readonly exitCode: number) {
    super(`handled (exit ${exitCode})`);
  }
}

const LABELS: Record<Phase, string> = {
  read: 'membaca',
  validate: 'validasi',
  insert: 'memuat',
  refresh: 'memperbarui',
};

/** A progress bar on a terminal for work that lasts more than two seconds; silent otherwise. */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return { onProgress: undefined, stop: () => undefined };
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress: (phase, pct) => {
      if (!bar && Date.now() - started < 2000) return;
      bar ??= new cliProgress.SingleBar(
        { format: '{phase} [{bar}] {percentage}%', stream },
        cliProgress.Presets.shades_classic,
      );
      if (!bar.isActive) bar.start(100, 0, { phase: LABELS[phase] });
      bar.update(Math.round(pct), { phase: LABELS[phase] });
    },
    stop: () => bar?.stop(),
  };
}

/** The commands of `sla`, around one `io`. */
export function buildProgram(io: CliIo, config: Config): Command {
  const program = new Command('sla')
    .description('SLA analytics for DPMPTSP service standards (Standar Pelayanan)')
    .option('--db <path>', 'database file', config.dbPath)
    .addOption(new Option('--lang <lang>', 'language of messages').choices(['id', 'en']).default(config.lang))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const globals = (): Globals => {
    const o = program.opts<{ db: string; lang: Lang }>();
    return { db: resolve(io.cwd, o.db), lang: o.lang };
  };
  const log = (line: string) => io.out(`${line}\n`);
  const warn = (line: string) => io.err(`${line}\n`);
  /** a file name of the caller, for reading or writing */
  const file = (p: string) => resolve(io.cwd, p);
  /**
   * Runs `fn` on the command's database. Only a command that may start a database (`create`: the
   * first load, the first user) makes the file; any other on a missing file says so and makes none.
   */
  const onDb = async <T>(fn: (db: Database) => Promise<T>, o: { create?: boolean } = {}): Promise<T> => {
    const { db: path, lang } = globals();
    if (!o.create && path !== ':memory:' && !existsSync(path)) throw new Error(t(lang, 'db_missing', { path }));
    const db = await io.open(path);
    try {
      return await fn(db);
    } finally {
      io.release(db);
    }
  };
  const readStdinText = async () => (await io.stdin()).toString('utf8').replace(/\r?\n$/, '');

  program.hook('preAction', async (_root, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    const name = names.join(' ');
    if (!io.standalone && ['serve', 'demo', 'generate'].includes(name))
      throw new Error(t(globals().lang, 'not_through_service', { name }));
    await io.beforeAction?.(name, globals());
  });

  program
    .command('serve')
    .description('serve the API and dashboards (builds the demo database first when the file does not exist)')
    .option('--host <host>', 'address to listen on', config.host)
    .option('--port <port>', 'port', String(config.port))
    .option('--lake-dir <dir>', 'the Parquet lake folder (SLA_LAKE_DIR)')
    .option('--lake-every', 'export the lake after each committed load (SLA_LAKE_EVERY=true)')
    .option(
      '--lake <dirs...>',
      "the read-only roll-up: serve the dashboards over these offices' lakes (docs/lake.md), no database",
    )
    .action(async (o: { host: string; port: string; lakeDir?: string; lakeEvery?: boolean; lake?: string[] }) => {
      if (!io.serve) throw new Error(t(globals().lang, 'not_through_service', { name: 'serve' }));
      if (o.lake) {
        if (o.lakeDir || o.lakeEvery) throw new Error(t(globals().lang, 'rollup_exports_none'));
        await io.serve({
          ...config,
          host: o.host,
          port: Number(o.port),
          lang: globals().lang,
          lakeDir: undefined,
          lakeEvery: false,
          lakes: o.lake.map(file),
        });
        return;
      }
      const lakeDir = o.lakeDir ? file(o.lakeDir) : config.lakeDir;
      const lakeEvery = o.lakeEvery ?? config.lakeEvery;
      if (lakeEvery && !lakeDir) throw new Error(t(globals().lang, 'lake_every_needs_dir'));
      await io.serve({
        ...config,
        dbPath: globals().db,
        host: o.host,
        port: Number(o.port),
        lang: globals().lang,
        lakeDir,
        lakeEvery,
      });
    });

  program
    .command('demo')
    .description('build the database from sample-data/ (replaces the database file)')
    .option('--sample <dir>', 'sample data folder', config.sampleDir)
    .action(async (o: { sample: string }) => {
      const { buildDemo } = await import('../demo.js');
      const p = io.progress();
      await buildDemo(globals().db, file(o.sample), log, p.onProgress, globals().lang);
      p.stop();
    });

  program
    .command('ingest')
    .description(
      'load files: events (CSV, JSON Lines, Parquet, XLSX, XES or .xes.gz), complaints or surveys (CSV, JSON Lines, Parquet, XLSX), catalogue or calendar (YAML, JSON, holiday CSV)',
    )
    .addArgument(
      new Argument('<kind>', 'what the files hold').choices([
        'events',
        'complaints',
        'surveys',
        'catalogue',
        'calendar',
      ]),
    )
    .argument('<files...>', 'files to load, each in its own transaction')
    .option('--office <code>', 'office for files without an office column')
    .option('--service <code>', 'service for files without a service column')
    .option('--sheet <name>', 'XLSX: the sheet to read (default the first)')
    .option('--dry-run', 'validate and count, save nothing')
    .action(
      async (
        kind: string,
        files: string[],
        o: { office?: string; service?: string; sheet?: string; dryRun?: boolean },
      ) => {
        const [{ loadConfigFile }, { loadFile }, { buildSummaries }, { calendarCoverage, coverageWarnings }] =
          await Promise.all([
            import('../ingest/index.js'),
            import('../ingest/index.js'),
            import('../read/index.js'),
            import('../calendar/index.js'),
          ]);
        await onDb(
          async (db) => {
            for (const given of files) {
              const path = file(given);
              if (!existsSync(path)) throw new Error(t(globals().lang, 'file_not_found', { file: given }));
              if (kind === 'catalogue' || kind === 'calendar') {
                log((await loadConfigFile(db, kind, path, { dryRun: o.dryRun, lang: globals().lang })).message);
                continue;
              }
              const p = io.progress();
              try {
                const r = await loadFile(db, {
                  kind: kind as RowKind,
                  path,
                  office: o.office,
                  service: o.service,
                  sheet: o.sheet,
                  dryRun: o.dryRun,
                  lang: globals().lang,
                  onProgress: p.onProgress,
                  xesLimits: config.xes,
                });
                p.stop();
                log(r.message);
              } finally {
                p.stop();
              }
            }
            // the dashboard summaries, after the loads (outside their transactions)
            await buildSummaries(db);
            // figures of a year without a holiday list or Ramadan hours are provisional: say so
            if (!o.dryRun)
              for (const c of await calendarCoverage(db))
                for (const w of coverageWarnings(c, globals().lang)) warn(t(globals().lang, 'warning', { text: w }));
          },
          { create: true },
        );
      },
    );

  program
    .command('calendar')
    .description('the working calendar')
    .command('status')
    .description(
      'years covered per office: holiday lists and Ramadan hours, against the years the data reach (exit 0; missing years are listed)',
    )
    .option('--office <code>', 'one office')
    .action(async (o: { office?: string }) => {
      const { calendarCoverage, coverageWarnings } = await import('../calendar/index.js');
      await onDb(async (db) => {
        const lang = globals().lang;
        const yrs = (ys: number[]) => (ys.length ? ys.join(', ') : '-');
        const rows = await calendarCoverage(db, o.office ?? null);
        if (o.office && !rows.length) throw new Error(t(lang, 'calendar_unknown_office', { office: o.office }));
        log(t(lang, 'calendar_header'));
        for (const c of rows) {
          const missing = [
            ...c.missing_holidays.map((y) => t(lang, 'calendar_missing_holidays', { year: y })),
            ...c.missing_ramadan.map((y) => `Ramadan ${y}`),
          ];
          log(
            [
              c.office,
              yrs(c.data_years),
              yrs(c.holiday_years),
              yrs(c.ramadan_years),
              missing.length ? missing.join(', ') : '-',
            ].join('\t'),
          );
        }
        for (const c of rows) for (const w of coverageWarnings(c, lang)) warn(t(lang, 'warning', { text: w }));
      });
    });

  program
    .command('catalogue')
    .description('work with SOP catalogues: `catalogue infer <log>` drafts one from a log of another system')
    .command('infer')
    .description(
      'draft a catalogue (YAML) from an event log (XES, .xes.gz, CSV, JSON Lines, Parquet): steps in their usual order, officers from resources, quota suggestions as comments',
    )
    .argument('<log>', 'event log file')
    .requiredOption('--office <code>', 'office code (an office already in --db is referenced, a new one is drafted)')
    .requiredOption('--service <code>', 'service code')
    .option('--out <file>', 'write the YAML to a file instead of stdout')
    .action(async (logFile: string, o: { office: string; service: string; out?: string }) => {
      if (!existsSync(file(logFile))) throw new Error(t(globals().lang, 'file_not_found', { file: logFile }));
      const { inferCatalogue } = await import('../ingest/index.js');
      let officeExists = false;
      if (existsSync(globals().db)) {
        const { officeCodes } = await import('../catalogue/index.js');
        officeExists = await onDb(async (known) => (await officeCodes(known)).includes(o.office));
      }
      const { openDatabase } = await import('../store/index.js');
      const scratch = await openDatabase(':memory:');
      try {
        const r = await inferCatalogue(scratch, {
          path: file(logFile),
          office: o.office,
          service: o.service,
          officeExists,
          lang: globals().lang,
        });
        if (o.out) {
          writeFileSync(file(o.out), r.yaml);
          const counts = { steps: r.steps.length, officers: r.officers.length, cases: r.cases, events: r.events };
          warn(t(globals().lang, 'infer_written', { file: o.out, ...counts }));
        } else io.out(r.yaml);
      } finally {
        scratch.close();
      }
    });

  const batches = program
    .command('batches')
    .description('list loads (ingest_batches); `batches undo <id>` retracts one');
  batches.action(async () => {
    const { listBatches } = await import('../ingest/index.js');
    const lang = globals().lang;
    await onDb(async (db) => {
      for (const b of await listBatches(db)) {
        log(
          [
            b.batch_id,
            b.kind,
            b.status,
            t(lang, 'batch_read', { n: b.rows_read }),
            t(lang, 'batch_accepted', { n: b.rows_accepted }),
            t(lang, 'batch_duplicate', { n: b.rows_duplicate }),
            t(lang, 'batch_rejected', { n: b.rows_rejected }),
            b.started_at.toISOString(),
            b.file_name,
          ].join('\t'),
        );
      }
    });
  });
  batches
    .command('undo')
    .description('retract every row a batch added (nothing else is touched)')
    .argument('<id>', 'batch id')
    .action(async (id: string) => {
      const [{ undoBatch }, { buildSummaries }] = await Promise.all([
        import('../ingest/index.js'),
        import('../read/index.js'),
      ]);
      await onDb(async (db) => {
        const r = await undoBatch(db, Number(id));
        log(t(globals().lang, 'batch_undone', { batch: id, removed: r.removed }));
        await buildSummaries(db);
      });
    });

  program
    .command('sql')
    .description('run one read-only SQL query in the auditor sandbox (logged in query_audit_log)')
    .argument('<query>', 'SQL text')
    .addOption(new Option('--format <format>', 'output format').choices(SQL_FORMATS).default('table'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--limit <n>', 'row limit (at most SLA_SQL_MAX_ROWS)')
    .option('--as-of <instant>', 'read the SLA tables as of this ISO 8601 instant (later events ignored)')
    .option('--office <code>', 'with --as-of: compute for this office only (needed for a local time without offset)')
    .action(
      async (query: string, o: { format: SqlFormat; out?: string; limit?: string; asOf?: string; office?: string }) => {
        const { AuditorSql } = await import('../sandbox/index.js');
        await onDb(async (db) => {
          const engine = new AuditorSql(db, config.sql, globals().lang);
          try {
            const limit = o.limit === undefined ? undefined : Number(o.limit);
            const r = await engine.export(
              { sql: query, who: `cli:${userInfo().username}`, limit, asOf: o.asOf, asOfOffice: o.office },
              o.format,
            );
            const body = await r.open();
            if (o.out) await pipeline(body, createWriteStream(file(o.out)));
            else for await (const chunk of body) io.out(chunk as Buffer);
            if (r.truncated)
              warn(`(${r.rows} rows: truncated at the ${r.truncated === 'rows' ? 'row' : 'byte'} limit)`);
          } finally {
            await engine.close();
          }
        });
      },
    );

  program
    .command('export')
    .description('export for roll-ups over many offices: `export lake DIR` (docs/lake.md)')
    .command('lake')
    .description(
      'write the events and the derived tables as a Hive-partitioned Parquet lake (no personal data); only the partitions that changed since the last export are rewritten, the manifest last',
    )
    .argument('[dir]', 'lake folder (default SLA_LAKE_DIR)')
    .action(async (given: string | undefined) => {
      const target = given ?? config.lakeDir;
      if (!target) throw new Error(t(globals().lang, 'lake_dir_needed'));
      const { exportLake, lakeSummaryLines } = await import('../lake/index.js');
      await onDb(async (db) => {
        const r = await exportLake(db, file(target));
        for (const line of lakeSummaryLines(r, globals().lang)) log(line);
      });
    });

  const user = program
    .command('user')
    .description('users and tokens of the access control (roles: kepala_dinas, sekretaris, auditor, operator, admin)');
  const collect = (v: string, prev: string[]) => [
    ...prev,
    ...v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ];
  user
    .command('add')
    .description('create a user (or replace its roles and offices) and print a new token, shown only once')
    .argument('<id>', 'user id (lowercase)')
    .requiredOption('--role <role>', 'a role; repeat or comma-separate for several', collect, [])
    .option(
      '--office <code>',
      'limit to an office; repeat or comma-separate for several (default: every office)',
      collect,
      [],
    )
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'also set a password read from standard input (≥ 12 characters)')
    .option('--no-token', 'do not create a token')
    .action(
      async (
        id: string,
        o: { role: string[]; office: string[]; name?: string; passwordStdin?: boolean; token: boolean },
      ) => {
        const { addUser } = await import('../auth/index.js');
        const password = o.passwordStdin ? await readStdinText() : undefined;
        await onDb(
          async (db) => {
            const r = await addUser(db, {
              id,
              name: o.name,
              roles: o.role as never,
              offices: o.office.length ? o.office : undefined,
              password,
              token: o.token,
            });
            const roles = o.role.join(', ');
            warn(
              o.office.length
                ? t(globals().lang, 'user_added_offices', { id, roles, offices: o.office.join(', ') })
                : t(globals().lang, 'user_added', { id, roles }),
            );
            // the token goes to stdout alone, so that it can be piped; it is not stored and cannot be shown again
            if (r.token) log(r.token);
          },
          { create: true },
        );
      },
    );
  user
    .command('list')
    .description('list users (never tokens or passwords)')
    .action(async () => {
      const { listUsers } = await import('../auth/index.js');
      const lang = globals().lang;
      await onDb(async (db) => {
        for (const u of await listUsers(db))
          log(
            [
              u.user_id,
              u.roles.join(','),
              u.offices?.join(',') ?? '*',
              u.password ? t(lang, 'user_has_password') : '-',
              t(lang, 'user_tokens', { n: u.tokens }),
            ].join('\t'),
          );
      });
    });
  user
    .command('revoke')
    .description('revoke a token by its id (the part after "sla_")')
    .argument('<token-id>', 'token id')
    .action(async (tokenId: string) => {
      const { revokeToken } = await import('../auth/index.js');
      await onDb(async (db) => {
        const lang = globals().lang;
        if (!(await revokeToken(db, tokenId))) throw new Error(t(lang, 'token_not_revocable', { id: tokenId }));
        log(t(lang, 'token_revoked', { id: tokenId }));
      });
    });
  user
    .command('hash-password')
    .description('print the scrypt hash of a password read from standard input, for a users file (password_scrypt)')
    .action(async () => {
      const { hashPassword } = await import('../auth/index.js');
      const password = await readStdinText();
      if (password.length < 12) throw new Error(t(globals().lang, 'password_too_short', { n: 12 }));
      log(await hashPassword(password));
    });

  const complaints = program
    .command('complaints')
    .description('the complaint register (Buku Pengaduan): monthly Laporan Pengaduan, purge of complainant identities');
  complaints
    .command('monthly')
    .description('the Laporan Pengaduan of one office and month (JSON)')
    .requiredOption('--office <code>', 'office code')
    .requiredOption('--month <YYYY-MM>', 'month')
    .action(async (o: { office: string; month: string }) => {
      const { complaintMonthly } = await import('../complaints/index.js');
      await onDb(async (db) =>
        io.out(`${JSON.stringify(await complaintMonthly(db, o.office, o.month, globals().lang), null, 2)}\n`),
      );
    });
  complaints
    .command('purge')
    .description(
      `erase the name and contact of complainants whose complaint was resolved more than the retention period ago (default ${config.complainantRetentionDays} days, SLA_COMPLAINANT_RETENTION_DAYS); the register and its figures stay`,
    )
    .option('--retention-days <n>', 'retention period in days', String(config.complainantRetentionDays))
    .option('--before <YYYY-MM-DD>', 'instead: purge complaints resolved before this date (UTC)')
    .action(async (o: { retentionDays: string; before?: string }) => {
      const { purgeComplainants, purgeCutoff } = await import('../complaints/index.js');
      const before = purgeCutoff({ days: o.retentionDays, before: o.before, lang: globals().lang });
      await onDb(async (db) => {
        const r = await purgeComplainants(db, before);
        log(t(globals().lang, 'complainants_purged', { n: r.purged, before: before.toISOString().slice(0, 10) }));
      });
    });

  program
    .command('report')
    .description(
      'monthly PDF report for the Sekretaris: the approved copy if there is one, else generated now and recorded as a draft (use the global --lang for English)',
    )
    .requiredOption('--month <YYYY-MM>', 'month of the report')
    .option('--office <code>', 'one office (default: every office)')
    .option(
      '--out <path>',
      'output file (one office) or folder (default: laporan-<office>-<YYYY-MM>.pdf in the current folder)',
    )
    .action(async (o: { month: string; office?: string; out?: string }) => {
      const { currentReport } = await import('../report/index.js');
      const { checkMonth } = await import('../report/index.js');
      const { NotFoundError } = await import('../errors.js');
      checkMonth(o.month);
      await onDb(async (db) => {
        const { officeCodes } = await import('../catalogue/index.js');
        const offices = o.office ? [o.office] : await officeCodes(db);
        const single =
          offices.length === 1 &&
          o.out !== undefined &&
          !(existsSync(file(o.out)) && statSync(file(o.out)).isDirectory());
        if (!single && o.out) mkdirSync(file(o.out), { recursive: true });
        let written = 0;
        for (const office of offices) {
          // a month that has not begun, or without data, is refused (nothing recorded); with every office, the others
          // are still written
          const got = await currentReport(db, { office, month: o.month, lang: globals().lang }).catch((err: Error) => {
            if (offices.length === 1 || !(err instanceof NotFoundError)) throw err;
            warn(`sla: ${errorIn(err, globals().lang)}`);
            return null;
          });
          if (!got) continue;
          written++;
          const { record, pdf } = got;
          // the name as the caller gave it; written in the caller's folder
          const name = single ? o.out! : join(o.out ?? '.', `laporan-${office}-${o.month}.pdf`);
          writeFileSync(file(name), pdf);
          log(
            [
              name,
              record.status,
              t(globals().lang, 'report_pages', { n: record.pages }),
              `sha256 ${record.sha256}`,
              t(globals().lang, 'report_column', { id: record.report_id }),
            ].join('\t'),
          );
        }
        if (written === 0) throw new Handled(1);
      });
    });

  const reports = program
    .command('reports')
    .description(
      'generated monthly reports and their sign-off (newest first); `reports verify <file>` finds a copy by its sha256',
    );
  reports
    .option('--office <code>', 'one office')
    .option('--month <YYYY-MM>', 'one month')
    .option('--status <status>', 'draft, checked, returned, approved or superseded')
    .action(async (o: { office?: string; month?: string; status?: string }) => {
      const { listReports } = await import('../report/index.js');
      await onDb(async (db) => {
        for (const r of await listReports(db, o)) log(reportLine(r, globals().lang));
      });
    });
  reports
    .command('verify')
    .description(
      'is this file an approved copy of a report? prints the verdict and its record (exit 0 only for an approved copy, 1 otherwise)',
    )
    .argument('<file>', 'a PDF copy of a report')
    .action(async (given: string) => {
      const { readFileSync } = await import('node:fs');
      const { verifyCopy } = await import('../report/index.js');
      const bytes = readFileSync(file(given));
      await onDb(async (db) => {
        const v = await verifyCopy(db, bytes);
        if (!v.record) throw new Error(t(globals().lang, 'verify_no_match', { file: given, sha: v.sha256 }));
        const r = v.record;
        const lang = globals().lang;
        const what =
          r.sha256 === v.sha256 ? t(lang, 'verify_copy_status', { status: r.status }) : t(lang, 'verify_copy_checked');
        log(
          v.verdict === 'approved'
            ? t(lang, 'verify_approved', { id: r.report_id, no: String(r.report_no) })
            : t(lang, 'verify_not_approved', { what, id: r.report_id }),
        );
        log(reportLine(r, lang));
        if (v.verdict !== 'approved') throw new Handled(1);
      });
    });

  program
    .command('generate')
    .description(
      'generate deterministic demo data (sample-data/ uses the defaults), or a large events file for benchmarks',
    )
    .option('--out <dir>', 'output folder', config.sampleDir)
    .option('--seed <n>', 'random seed', '20261123')
    .option('--from <YYYY-MM>', 'first month', '2025-01')
    .option('--to <YYYY-MM>', 'last month', '2026-10')
    .option('--scale <x>', 'multiply case volumes', '1')
    .option('--events <n>', 'instead: write only events.csv with about n events (benchmarks)')
    .action(async (o: { out: string; seed: string; from: string; to: string; scale: string; events?: string }) => {
      const { generate, generateEventsFile } = await import('../generate/index.js');
      mkdirSync(o.out, { recursive: true });
      const catalogue = join(config.sampleDir, 'catalogue.yaml');
      const holidays = join(config.sampleDir, 'holidays-id-2024-2026.csv');
      if (o.events) {
        const r = await generateEventsFile({
          seed: Number(o.seed),
          events: Number(o.events),
          out: join(o.out, 'events.csv'),
          catalogue,
          holidays,
          from: o.from,
        });
        log(
          t(globals().lang, 'generated_events', { events: r.events, cases: r.cases, file: join(o.out, 'events.csv') }),
        );
        return;
      }
      const r = await generate({
        seed: Number(o.seed),
        from: o.from,
        to: o.to,
        scale: Number(o.scale),
        catalogue,
        holidays,
        outDir: o.out,
      });
      const { cases, events, complaints, surveys } = r;
      log(t(globals().lang, 'generated_sample', { cases, events, complaints, surveys, files: r.files.join(', ') }));
    });

  return program;
}

/** One report record as a tab-separated line. */
function reportLine(r: import('../report/index.js').ReportRecord, lang: Lang): string {
  const by = (key: 'report_checked_by' | 'report_returned_by' | 'report_approved_by', who: string, at: Date | null) =>
    t(lang, key, { who, at: at!.toISOString() });
  const signed = [
    r.checked_by
      ? by(r.status === 'returned' ? 'report_returned_by' : 'report_checked_by', r.checked_by, r.checked_at)
      : '',
    r.approved_by ? by('report_approved_by', r.approved_by, r.approved_at) : '',
  ]
    .filter(Boolean)
    .join('; ');
  return [
    r.report_id,
    r.office,
    r.month,
    r.lang,
    r.status,
    t(lang, 'report_as_of', { at: r.as_of.toISOString() }),
    `sha256 ${r.sha256}`,
    t(lang, 'report_generated', { at: r.generated_at.toISOString() }),
    signed,
  ]
    .join('\t')
    .trimEnd();
}

/**
 * Runs one command line (without the node and script arguments); returns the exit status: 0, 1 for
 * an error (one `sla: …` line on stderr), 2 for a usage error, or the status of a forwarded run.
 */
export async function runCli(
  args: string[],
  io: CliIo,
  config: Config,
  messageOf: (err: Error, lang: Lang) => string = errorIn,
): Promise<number> {
  const program = buildProgram(io, config);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof Handled) return err.exitCode;
    const e = err as Error & { code?: string; exitCode?: number };
    if (e.code?.startsWith('commander.')) return e.exitCode === 0 ? 0 : 2;
    const lang = (program.opts<{ lang?: Lang }>().lang ?? config.lang) as Lang;
    io.err(`sla: ${messageOf(e, lang)}\n`);
    return 1;
  }
}
