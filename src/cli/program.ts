import { Argument, Command, Option, type Help } from 'commander';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import type { Phase, ProgressFn, RowKind } from '../ingest/index.js';
import { SQL_FORMATS, type SqlFormat } from '../vocabulary.js';
import { cliHelp, fill, t, type Lang } from '../i18n/index.js';
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
  /** a progress bar for one load, its words in the command's language */
  progress: (lang: Lang) => Progress;
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

/** A progress bar on a terminal for work that lasts more than two seconds; silent otherwise. */
export function terminalProgress(stream: NodeJS.WriteStream, lang: Lang): Progress {
  const label = (phase: Phase) => t(lang, `bar_${phase}`);
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
      if (!bar.isActive) bar.start(100, 0, { phase: label(phase) });
      bar.update(Math.round(pct), { phase: label(phase) });
    },
    stop: () => bar?.stop(),
  };
}

/**
 * The language of a command line before commander reads it (its help is built in that language):
 * the command line's `--lang` (`--lang en` or `--lang=en`, the last one as commander takes it),
 * else the configured one (SLA_LANG). Nothing after `--` is an option.
 */
export function argvLang(args: readonly string[], configured: Lang): Lang {
  let lang = configured;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const a = args[i]!;
    const value = a === '--lang' ? args[++i] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (value === 'id' || value === 'en') lang = value;
  }
  return lang;
}

/**
 * The words of commander's help that a program may give (commander 14: `configureHelp`): the
 * headings (styleTitle gets "Usage:", "Options:", …) and the "choices"/"default" of an option or
 * argument. Its error messages ("error: unknown option …") have no such hook and stay English.
 */
function helpIn(lang: Lang): Partial<Help> {
  const h = cliHelp[lang];
  const titles: Record<string, string> = {
    'Usage:': h.titles.usage,
    'Arguments:': h.titles.arguments,
    'Options:': h.titles.options,
    'Commands:': h.titles.commands,
    'Global Options:': h.titles.global_options,
  };
  const described = (description: string, extra: string[]) =>
    extra.length ? `${description} (${extra.join(', ')})`.trim() : description;
  const choices = (list: readonly string[] | undefined) =>
    list ? [fill(h.choices, { list: list.map((c) => JSON.stringify(c)).join(', ') })] : [];
  const byDefault = (value: unknown, description: string | undefined) => [
    fill(h.default, { value: description || JSON.stringify(value) }),
  ];
  return {
    styleTitle: (title) => titles[title] ?? title,
    optionDescription: (o) => {
      // as commander shows a default: for an option taking a value, or a boolean one's true/false
      const shown =
        o.defaultValue !== undefined &&
        (o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === 'boolean'));
      return described(o.description, [
        ...choices(o.argChoices),
        ...(shown ? byDefault(o.defaultValue, o.defaultValueDescription) : []),
      ]);
    },
    argumentDescription: (a) =>
      described(a.description, [
        ...choices(a.argChoices),
        ...(a.defaultValue !== undefined ? byDefault(a.defaultValue, a.defaultValueDescription) : []),
      ]),
  };
}

/** The commands of `sla`, around one `io`, with their help in `lang`. */
export function buildProgram(io: CliIo, config: Config, lang: Lang = config.lang): Command {
  const h = cliHelp[lang];
  // the settings given before any command is added are inherited by every command
  const program = new Command('sla')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .configureHelp(helpIn(lang))
    .helpOption('-h, --help', h.help_option)
    .helpCommand('help [command]', h.help_command)
    .showHelpAfterError()
    .exitOverride()
    .description(h.program.about)
    .option('--db <path>', h.program.db, config.dbPath)
    .addOption(new Option('--lang <lang>', h.program.lang).choices(['id', 'en']).default(config.lang));

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
    .description(h.serve.about)
    .option('--host <host>', h.serve.host, config.host)
    .option('--port <port>', h.serve.port, String(config.port))
    .option('--lake-dir <dir>', h.serve.lake_dir)
    .option('--lake-every', h.serve.lake_every)
    .option('--lake <dirs...>', h.serve.lake)
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
    .description(h.demo.about)
    .option('--sample <dir>', h.demo.sample, config.sampleDir)
    .action(async (o: { sample: string }) => {
      const { buildDemo } = await import('../demo.js');
      const p = io.progress(globals().lang);
      await buildDemo(globals().db, file(o.sample), log, p.onProgress, globals().lang);
      p.stop();
    });

  program
    .command('ingest')
    .description(h.ingest.about)
    .addArgument(
      new Argument('<kind>', h.ingest.kind).choices(['events', 'complaints', 'surveys', 'catalogue', 'calendar']),
    )
    .argument('<files...>', h.ingest.files)
    .option('--office <code>', h.ingest.office)
    .option('--service <code>', h.ingest.service)
    .option('--sheet <name>', h.ingest.sheet)
    .option('--dry-run', h.ingest.dry_run)
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
              const p = io.progress(globals().lang);
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
    .description(h.calendar.about)
    .command('status')
    .description(h.calendar.status)
    .option('--office <code>', h.calendar.office)
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
    .description(h.catalogue.about)
    .command('infer')
    .description(h.catalogue.infer)
    .argument('<log>', h.catalogue.log)
    .requiredOption('--office <code>', h.catalogue.office)
    .requiredOption('--service <code>', h.catalogue.service)
    .option('--out <file>', h.catalogue.out)
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

  const batches = program.command('batches').description(h.batches.about);
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
    .description(h.batches.undo)
    .argument('<id>', h.batches.id)
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
    .description(h.sql.about)
    .argument('<query>', h.sql.query)
    .addOption(new Option('--format <format>', h.sql.format).choices(SQL_FORMATS).default('table'))
    .option('--out <file>', h.sql.out)
    .option('--limit <n>', h.sql.limit)
    .option('--as-of <instant>', h.sql.as_of)
    .option('--office <code>', h.sql.office)
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
              warn(
                t(globals().lang, r.truncated === 'rows' ? 'sql_truncated_rows' : 'sql_truncated_bytes', { n: r.rows }),
              );
          } finally {
            await engine.close();
          }
        });
      },
    );

  program
    .command('export')
    .description(h.export.about)
    .command('lake')
    .description(h.export.lake)
    .argument('[dir]', h.export.dir)
    .action(async (given: string | undefined) => {
      const target = given ?? config.lakeDir;
      if (!target) throw new Error(t(globals().lang, 'lake_dir_needed'));
      const { exportLake, lakeSummaryLines } = await import('../lake/index.js');
      await onDb(async (db) => {
        const r = await exportLake(db, file(target));
        for (const line of lakeSummaryLines(r, globals().lang)) log(line);
      });
    });

  const user = program.command('user').description(h.user.about);
  const collect = (v: string, prev: string[]) => [
    ...prev,
    ...v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ];
  user
    .command('add')
    .description(h.user.add)
    .argument('<id>', h.user.id)
    .requiredOption('--role <role>', h.user.role, collect, [])
    .option('--office <code>', h.user.office, collect, [])
    .option('--name <name>', h.user.name)
    .option('--password-stdin', h.user.password_stdin)
    .option('--no-token', h.user.no_token)
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
    .description(h.user.list)
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
    .description(h.user.revoke)
    .argument('<token-id>', h.user.token_id)
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
    .description(h.user.hash_password)
    .action(async () => {
      const { hashPassword } = await import('../auth/index.js');
      const password = await readStdinText();
      if (password.length < 12) throw new Error(t(globals().lang, 'password_too_short', { n: 12 }));
      log(await hashPassword(password));
    });

  const complaints = program.command('complaints').description(h.complaints.about);
  complaints
    .command('monthly')
    .description(h.complaints.monthly)
    .requiredOption('--office <code>', h.complaints.office)
    .requiredOption('--month <YYYY-MM>', h.complaints.month)
    .action(async (o: { office: string; month: string }) => {
      const { complaintMonthly } = await import('../complaints/index.js');
      await onDb(async (db) =>
        io.out(`${JSON.stringify(await complaintMonthly(db, o.office, o.month, globals().lang), null, 2)}\n`),
      );
    });
  complaints
    .command('purge')
    .description(fill(h.complaints.purge, { days: config.complainantRetentionDays }))
    .option('--retention-days <n>', h.complaints.retention_days, String(config.complainantRetentionDays))
    .option('--before <YYYY-MM-DD>', h.complaints.before)
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
    .description(h.report.about)
    .requiredOption('--month <YYYY-MM>', h.report.month)
    .option('--office <code>', h.report.office)
    .option('--out <path>', h.report.out)
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

  const reports = program.command('reports').description(h.reports.about);
  reports
    .option('--office <code>', h.reports.office)
    .option('--month <YYYY-MM>', h.reports.month)
    .option('--status <status>', h.reports.status)
    .action(async (o: { office?: string; month?: string; status?: string }) => {
      const { listReports } = await import('../report/index.js');
      await onDb(async (db) => {
        for (const r of await listReports(db, o)) log(reportLine(r, globals().lang));
      });
    });
  reports
    .command('verify')
    .description(h.reports.verify)
    .argument('<file>', h.reports.file)
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
    .description(h.generate.about)
    .option('--out <dir>', h.generate.out, config.sampleDir)
    .option('--seed <n>', h.generate.seed, '20261123')
    .option('--from <YYYY-MM>', h.generate.from, '2025-01')
    .option('--to <YYYY-MM>', h.generate.to, '2026-10')
    .option('--scale <x>', h.generate.scale, '1')
    .option('--events <n>', h.generate.events)
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
  const program = buildProgram(io, config, argvLang(args, config.lang));
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
