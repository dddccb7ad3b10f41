import { loadConfig, type Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { messageIn, t } from '../i18n/index.js';
import { cliMessage, forward, servicePid, socketPath } from './channel.js';
import { Handled, runCli, terminalProgress, type CliIo } from './program.js';

/**
 * The `sla` process: runs a command on the database itself, or, while a service runs for that
 * database, in the service (src/cli/channel.ts) with the same output and exit status.
 */

/** Commands that never go to a service: they need no database, or start one (serve). */
const STANDALONE = new Set(['serve', 'generate', 'user hash-password']);

export interface ClientEnv {
  out: (chunk: string | Uint8Array) => void;
  err: (text: string | Uint8Array) => void;
  cwd: string;
  /** standard input, whole */
  stdin: () => Promise<Buffer>;
  /** where progress bars go (they show only on a terminal) */
  progressStream: NodeJS.WriteStream;
  config: Config;
}

export function processEnv(): ClientEnv {
  return {
    out: (c) => process.stdout.write(c),
    err: (c) => process.stderr.write(c),
    cwd: process.cwd(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    progressStream: process.stderr,
    config: loadConfig(),
  };
}

/** Runs one command line (without node and the script); returns the exit status. */
export async function runClient(args: string[], given?: ClientEnv): Promise<number> {
  let env: ClientEnv;
  try {
    env = given ?? processEnv();
  } catch (err) {
    // a setting that does not parse: said in both languages (the language is one of the settings)
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`sla: ${messageIn(err.texts ?? err.message, null)}\n`);
    return 2;
  }
  let stdin: Promise<Buffer> | undefined;
  const readStdin = () => (stdin ??= env.stdin());
  const io: CliIo = {
    standalone: true,
    out: env.out,
    err: env.err,
    cwd: env.cwd,
    stdin: readStdin,
    progress: (lang) => terminalProgress(env.progressStream, lang),
    // DuckDB is loaded when a command opens the database (`sla --help` never does)
    open: async (path) => (await import('../store/index.js')).openDatabase(path),
    release: (db) => db.close(),
    // the service (Fastify, every route) is loaded by this command only
    serve: async (config) => (await import('../server.js')).serve(config),
    beforeAction: async (name, g) => {
      if (STANDALONE.has(name)) return;
      const path = socketPath(g.db);
      if (name === 'demo') {
        const pid = await servicePid(path);
        if (pid !== undefined) throw new Error(t(g.lang, 'demo_service_running', { path: g.db, pid }));
        return;
      }
      const reads = name === 'user add' && args.includes('--password-stdin');
      const code = await forward(
        path,
        // the database and language as this process resolved them (a later --db or --lang of the
        // command line resolves the same way in the service)
        {
          args: ['--db', g.db, '--lang', g.lang, ...args],
          cwd: env.cwd,
          tty: env.progressStream.isTTY === true,
          ...(reads ? { stdin: (await readStdin()).toString('base64') } : {}),
        },
        { out: env.out, err: env.err, progress: () => terminalProgress(env.progressStream, g.lang) },
        g.lang,
      );
      if (code !== undefined) throw new Handled(code);
    },
  };
  return runCli(args, io, env.config, cliMessage);
}
