import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { errorIn } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { runCli, type CliIo, type Progress } from './program.js';

/**
 * The local channel between `sla` and a running `sla serve` (DuckDB lets one process open a
 * database file, so while the service runs, the CLI's commands run inside it, on its open
 * database). A Unix domain socket beside the database file, mode 0600: only the owner of the
 * data (and root) can connect; never a network port.
 *
 * Protocol, newline-delimited JSON: the client sends one request line
 * `{args, cwd, stdin?, tty}` (or `{ping: true}`); the service answers with frames
 * `{t: 'out'|'err', d: base64}`, `{t: 'bar', ev: 'start'|'update'|'stop', phase?, pct?}` and
 * last `{t: 'exit', code}` (to a ping: `{t: 'pong', pid}`).
 */

/** Longest socket path every platform takes (sun_path: 108 bytes on Linux, 104 on macOS, with the NUL). */
const MAX_SOCKET_PATH = 103;
/** A request line is small: arguments, a folder and at most a password. */
const MAX_REQUEST = 1 << 20;

/**
 * The socket of the service of a database (an absolute path): `<db>.sock`, or when that path is too
 * long for a socket, `<tmp>/sla-<uid>/<hash of the path>.sock` (a 0700 folder of the user).
 */
export function socketPath(dbPath: string): string {
  const beside = `${dbPath}.sock`;
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH) return beside;
  return join(privateDir(), `${createHash('sha256').update(dbPath).digest('hex').slice(0, 24)}.sock`);
}

function privateDir(): string {
  return join(tmpdir(), `sla-${process.getuid?.() ?? 'user'}`);
}

export interface Request {
  args: string[];
  cwd: string;
  /** standard input, base64 (only when the command reads it) */
  stdin?: string;
  /** whether the client's stderr is a terminal (it then shows progress bars) */
  tty: boolean;
}

type Frame =
  | { t: 'out' | 'err'; d: string }
  | { t: 'bar'; ev: 'start' | 'stop' }
  | { t: 'bar'; ev: 'update'; phase: Parameters<NonNullable<Progress['onProgress']>>[0]; pct: number }
  | { t: 'exit'; code: number }
  | { t: 'pong'; pid: number };

export interface Channel {
  path: string;
  /** stops accepting commands, waits for the running ones, removes the socket */
  close: () => Promise<void>;
}

export interface ChannelOptions {
  db: Database;
  /** the database file, absolute */
  dbPath: string;
  config: Config;
  /** after each command (the service re-reads whether users are configured) */
  onRan?: () => Promise<void>;
  log?: (line: string) => void;
}

/** Whether something answers on a socket path (a stale socket of a crashed service does not). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Listens on the database's socket; commands run on the service's open database. */
export async function startChannel(o: ChannelOptions): Promise<Channel> {
  const path = socketPath(o.dbPath);
  if (path.startsWith(privateDir())) {
    mkdirSync(privateDir(), { recursive: true, mode: 0o700 });
    const st = lstatSync(privateDir());
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) {
      throw new Error(t(o.config.lang, 'channel_not_private', { dir: privateDir() }));
    }
  }
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(path);
  } catch {
    /* no socket yet */
  }
  if (existing) {
    if (!existing.isSocket()) throw new Error(t(o.config.lang, 'channel_not_socket', { path }));
    if (await answers(path)) throw new Error(t(o.config.lang, 'channel_taken', { path }));
    unlinkSync(path); // left by a service that did not stop cleanly
  }

  const running = new Set<Promise<void>>();
  const server: Server = createServer((socket) => {
    const job = serveConnection(socket, o).finally(() => running.delete(job));
    running.add(job);
  });
  // created 0600 from the start (no moment where it is wider): umask while the socket is bound,
  // which `listen` does synchronously
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...running]);
      try {
        unlinkSync(path);
      } catch {
        /* removed by close already */
      }
    },
  };
}

/** Reads the request line of a connection. */
function readRequest(socket: Socket): Promise<Request | { ping: true } | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl < 0 && buf.length <= MAX_REQUEST) return;
      socket.off('data', onData);
      try {
        resolve(nl < 0 ? undefined : (JSON.parse(buf.slice(0, nl)) as Request));
      } catch {
        resolve(undefined);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => resolve(undefined));
    socket.once('error', () => resolve(undefined));
  });
}

async function serveConnection(socket: Socket, o: ChannelOptions): Promise<void> {
  const req = await readRequest(socket);
  if (!req) {
    socket.destroy();
    return;
  }
  // a client that went away: what remains of its output is dropped (the command still finishes)
  const send = (f: Frame) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(f)}\n`);
  };
  if ('ping' in req) {
    send({ t: 'pong', pid: process.pid });
    socket.end();
    return;
  }
  const io: CliIo = {
    standalone: false,
    cwd: req.cwd,
    out: (c) => send({ t: 'out', d: Buffer.from(c).toString('base64') }),
    err: (s) => send({ t: 'err', d: Buffer.from(s).toString('base64') }),
    stdin: async () => Buffer.from(req.stdin ?? '', 'base64'),
    progress: () => {
      if (!req.tty) return { onProgress: undefined, stop: () => undefined };
      send({ t: 'bar', ev: 'start' });
      let last = '';
      return {
        onProgress: (phase, pct) => {
          const key = `${phase} ${Math.round(pct)}`;
          if (key === last) return;
          last = key;
          send({ t: 'bar', ev: 'update', phase, pct });
        },
        stop: () => send({ t: 'bar', ev: 'stop' }),
      };
    },
    open: async () => o.db,
    release: () => undefined, // the service's database stays open
    beforeAction: async (_name, g) => {
      if (g.db !== o.dbPath) throw new Error(t(g.lang, 'channel_other_db', { served: o.dbPath, asked: g.db }));
    },
  };
  let code = 1;
  try {
    code = await runCli(req.args, io, o.config, cliMessage);
  } catch (err) {
    o.log?.(t(o.config.lang, 'channel_failed', { detail: errorIn(err as Error, o.config.lang) }));
  }
  try {
    await o.onRan?.();
  } catch (err) {
    o.log?.(t(o.config.lang, 'channel_failed', { detail: errorIn(err as Error, o.config.lang) }));
  }
  send({ t: 'exit', code });
  socket.end();
}

/** The message of a command's error in the user's language. */
export function cliMessage(err: Error, lang: Lang): string {
  return errorIn(err, lang);
}

export interface ClientSink {
  out: (chunk: Buffer) => void;
  err: (chunk: Buffer) => void;
  /** a new progress bar (the client's terminal) */
  progress: () => Progress;
}

/** Connects to a socket; undefined when nothing listens there (no service, or a stale socket). */
function connect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', () => resolve(undefined));
  });
}

/** Reads the frames of a connection until it ends. */
async function frames(socket: Socket, onFrame: (f: Frame) => void): Promise<void> {
  let buf = '';
  socket.setEncoding('utf8');
  for await (const chunk of socket) {
    buf += chunk as string;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      onFrame(JSON.parse(buf.slice(0, nl)) as Frame);
      buf = buf.slice(nl + 1);
    }
  }
}

/** The PID of the service answering on a socket, or undefined when none does. */
export async function servicePid(path: string): Promise<number | undefined> {
  const s = await connect(path);
  if (!s) return undefined;
  s.write(`${JSON.stringify({ ping: true })}\n`);
  let pid: number | undefined;
  await frames(s, (f) => {
    if (f.t === 'pong') pid = f.pid;
  });
  return pid;
}

/**
 * Runs a command in the service answering on `path`: its output goes to `sink`; returns its exit
 * status, or undefined when no service answers (the caller then opens the database itself).
 */
export async function forward(path: string, req: Request, sink: ClientSink, lang: Lang): Promise<number | undefined> {
  const s = await connect(path);
  if (!s) return undefined;
  s.write(`${JSON.stringify(req)}\n`);
  let code: number | undefined;
  let bar: Progress | undefined;
  try {
    await frames(s, (f) => {
      if (f.t === 'out') sink.out(Buffer.from(f.d, 'base64'));
      else if (f.t === 'err') sink.err(Buffer.from(f.d, 'base64'));
      else if (f.t === 'bar') {
        if (f.ev === 'start') bar = sink.progress();
        else if (f.ev === 'update') bar?.onProgress?.(f.phase, f.pct);
        else bar?.stop();
      } else if (f.t === 'exit') code = f.code;
    });
  } catch {
    /* the connection broke: reported below */
  }
  bar?.stop();
  if (code === undefined) {
    sink.err(Buffer.from(`sla: ${t(lang, 'service_lost')}\n`));
    return 1;
  }
  return code;
}
