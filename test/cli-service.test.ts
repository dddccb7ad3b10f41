import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forward, servicePid, socketPath, startChannel } from '../src/cli/channel.js';
import { runClient, type ClientEnv } from '../src/cli/client.js';
import { loadConfig } from '../src/config.js';
import { serve } from '../src/server.js';
import { fixture, openTestDb, repoPath, testDbFile } from './helpers.js';

/*
 * `sla` beside a running service (issue #22 part 1): the service started on a temporary database
 * in this process (`serve`, port 0), the CLI run in-process (`runClient`, which finds the service's
 * socket and sends the command there) and twice as the real command (`node bin/sla.js` in a child,
 * from another folder). The same command lines also run on a second database without a service;
 * both give the same output and exit status.
 */

const root = repoPath('');
const tmp = mkdtempSync(join(tmpdir(), 'sla-cli-service-'));
const cwd = join(tmp, 'work'); // the caller's folder: relative file names are resolved here
mkdirSync(cwd);
copyFileSync(fixture('api/cli-events-good.csv'), join(cwd, 'good.csv')); // 4 rows of case CLI-1 (pekanbaru, July 2026)
copyFileSync(fixture('api/cli-events-bad.csv'), join(cwd, 'bad.csv')); // line 3: event "selesai"
const served = join(tmp, 'served.duckdb');
const direct = join(tmp, 'direct.duckdb');
const config = loadConfig({});
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('SLA_')),
) as NodeJS.ProcessEnv;

let app: FastifyInstance;
let base: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `sla …` in this process, from the folder `cwd`, with `stdin` as standard input. */
async function sla(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const env: ClientEnv = {
    out: (c) => (stdout += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')),
    err: (c) => (stderr += typeof c === 'string' ? c : Buffer.from(c).toString('utf8')),
    cwd,
    stdin: async () => Buffer.from(stdin),
    progressStream: process.stderr,
    config,
  };
  const code = await runClient(args, env);
  return { code, stdout, stderr };
}

/** The real command in a child process, from the folder `cwd`. */
function slaChild(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/sla.js'), ...args], {
      cwd,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Both databases: the shipped catalogue, calendar and holidays (batches 1–3). */
async function prepare(path: string): Promise<void> {
  // a copy of the run's template file (what openTestDb() holds), not the three loads again
  await testDbFile(path, 'base');
}

const getJson = async (path: string, token?: string) => {
  const r = await fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: r.status, body: (await r.json()) as unknown };
};

beforeAll(async () => {
  await prepare(served);
  await prepare(direct);
  app = await serve({ ...config, dbPath: served, host: '127.0.0.1', port: 0, logLevel: 'silent' }, () => undefined);
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await app?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the channel of a running service', () => {
  it("is a socket beside the database, mode 0600, answering with the service's PID; a database without a service has none", async () => {
    const sock = `${served}.sock`;
    expect(socketPath(served)).toBe(sock);
    expect(lstatSync(sock).isSocket()).toBe(true);
    expect(statSync(sock).mode & 0o777).toBe(0o600);
    expect(await servicePid(sock)).toBe(process.pid);
    expect(existsSync(`${direct}.sock`)).toBe(false);
    expect(await servicePid(`${direct}.sock`)).toBeUndefined();
  });

  it('the same command lines give the same output and exit status with and without the service; writes show in the HTTP API', async () => {
    // each step on both databases; `norm` masks what differs between two runs (instants, tokens,
    // the PDF's sha256, which covers its creation time)
    const norm = (s: string) =>
      s
        .replaceAll(served, '<db>')
        .replaceAll(direct, '<db>')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<instant>')
        .replace(/sla_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/g, '<token>')
        .replace(/sha256 [0-9a-f]{64}/g, 'sha256 <hex>');
    const both = async (args: string[], stdin = '') => {
      const viaService = await sla(['--db', served, ...args], stdin);
      const alone = await sla(['--db', direct, ...args], stdin);
      expect({ code: viaService.code, stdout: norm(viaService.stdout), stderr: norm(viaService.stderr) }).toEqual({
        code: alone.code,
        stdout: norm(alone.stdout),
        stderr: norm(alone.stderr),
      });
      return viaService;
    };

    // before: no events in the API
    expect((await getJson('/api/batches')).body).toMatchObject({ batches: expect.any(Array) });
    const before = (await getJson('/api/cases?office=pekanbaru')).body;

    // ingest, relative file name (batch 4: after the three of `prepare`)
    const ingest = await both(['ingest', 'events', 'good.csv']);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toBe('good.csv: 4 baris dimuat, 0 duplikat dilewati (batch 4)\n');
    // the write is seen by the service's HTTP API (same database, no restart)
    const batches = (await getJson('/api/batches')).body as {
      batches: Array<{ batch_id: number; kind: string; rows_accepted: number }>;
    };
    expect(batches.batches.find((b) => b.batch_id === 4)).toMatchObject({ kind: 'events', rows_accepted: 4 });
    const after = (await getJson('/api/cases?office=pekanbaru')).body;
    expect(after).not.toEqual(before);

    // a bad file: rejected whole, exit 1, one message naming file, line and field
    const bad = await both(['ingest', 'events', 'bad.csv']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^sla: /);
    expect(bad.stderr).toContain('bad.csv');
    expect(bad.stderr).toMatch(/baris 3\b/);

    // sql: the 4 rows; two statements: exit 1 with the reason, in English with --lang en
    expect(await both(['sql', 'select count(*) as n from events', '--format', 'csv'])).toMatchObject({
      code: 0,
      stdout: 'n\r\n4\r\n',
      stderr: '',
    });
    // a result cut at --limit says so on stderr, in the command's language
    expect(await both(['sql', 'select office from events', '--format', 'csv', '--limit', '2'])).toMatchObject({
      code: 0,
      stderr: '(2 baris: dipotong pada batas jumlah baris)\n',
    });
    expect(
      await both(['--lang', 'en', 'sql', 'select office from events', '--format', 'csv', '--limit', '2']),
    ).toMatchObject({ code: 0, stderr: '(2 rows: truncated at the row limit)\n' });
    expect(await both(['--lang', 'en', 'sql', 'select 1; select 2'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'sla: exactly one SQL statement per request (got 2)\n',
    });

    // report: the PDF is written in the caller's folder under the name it gave
    const report = await both(['report', '--month', '2026-07', '--office', 'pekanbaru', '--out', 'juli.pdf']);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^juli\.pdf\tdraft\t\d+ halaman\tsha256 [0-9a-f]{64}\tlaporan \d+\n$/);
    expect(statSync(join(cwd, 'juli.pdf')).size).toBeGreaterThan(1000);

    // batches undo: the 4 rows of batch 4 retracted
    expect(await both(['batches', 'undo', '4'])).toMatchObject({ code: 0, stdout: 'batch 4: 4 baris dihapus\n' });
    const listing = await both(['batches']);
    expect(
      listing.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t').slice(0, 3)),
    ).toEqual([
      ['1', 'catalogue', 'committed'],
      ['2', 'calendar', 'committed'],
      ['3', 'calendar', 'committed'],
      ['4', 'events', 'undone'],
      [expect.any(String), 'events', 'rejected'],
    ]);
    expect(listing.stdout).toContain(`\t${join(cwd, 'good.csv')}\n`); // the file as the caller named it, made absolute

    // user add, with a password from stdin: the token alone on stdout
    const add = await both(
      ['user', 'add', 'ani', '--role', 'operator', '--office', 'pekanbaru', '--name', 'Ani', '--password-stdin'],
      'rahasia-panjang-sekali\n',
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toBe('pengguna ani: operator (kantor pekanbaru)\n');
    const token = add.stdout.trim();
    expect(token).toMatch(/^sla_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    // the service now has a user: it signs callers in (it re-read that after the command), and the new token works
    expect((await getJson('/api/batches')).status).toBe(401);
    expect((await getJson('/api/batches', token)).status).toBe(200);
    const list = await both(['user', 'list']);
    expect(list.stdout).toBe('ani\toperator\tpekanbaru\tkata sandi\t1 token\n');
  });

  it('the real command, from another folder, goes through the service: same output, same exit status', async () => {
    const ok = await slaChild(['--db', served, 'sql', "select 'a,b' as x", '--format', 'csv']);
    expect(ok).toEqual({ code: 0, stdout: 'x\r\n"a,b"\r\n', stderr: '' });
    const refused = await slaChild(['--db', served, 'ingest', 'events', 'missing.csv']);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: 'sla: missing.csv: berkas tidak ditemukan\n' });
    // the command's --lang reaches the service: the same refusal in English
    const en = await slaChild(['--db', served, '--lang', 'en', 'ingest', 'events', 'missing.csv']);
    expect(en).toEqual({ code: 1, stdout: '', stderr: 'sla: missing.csv: file not found\n' });
    // usage errors stay in the command (exit 2) and never reach the service
    const usage = await slaChild(['--db', served, 'ingest', 'bogus', 'x']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('bogus');
  });

  it('demo refuses while the service runs, naming it', async () => {
    const r = await sla(['--db', served, 'demo']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `sla: layanan \`sla serve\` sedang berjalan dengan basis data ${served} (PID ${process.pid}); \`sla demo\` mengganti berkas itu: hentikan layanan dulu\n`,
    });
    expect(existsSync(served)).toBe(true);
  });

  it('progress of a load is sent to a terminal client as bar frames', async () => {
    const seen: string[] = [];
    const code = await forward(
      socketPath(served),
      { args: ['--db', served, 'ingest', 'events', '--dry-run', 'good.csv'], cwd, tty: true },
      {
        out: () => undefined,
        err: () => undefined,
        progress: () => {
          seen.push('start');
          return {
            onProgress: (phase) => void (seen.at(-1) !== phase && seen.push(phase)),
            stop: () => void seen.push('stop'),
          };
        },
      },
      'id',
    );
    expect(code).toBe(0);
    // one bar for the one file: its phases in order, then stopped
    expect(seen[0]).toBe('start');
    expect(seen.at(-1)).toBe('stop');
    expect(seen.filter((s) => s === 'start')).toHaveLength(1);
    expect(seen).toContain('read');
  });
});

describe('socket housekeeping', () => {
  it('a stale socket (a service killed without cleaning up) is replaced; the socket is removed on close', async () => {
    const dbPath = join(tmp, 'stale.duckdb');
    const sock = socketPath(dbPath);
    // a process that listens on the socket and is killed: the socket file stays, nobody answers
    const child = spawn(
      process.execPath,
      ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => console.log('ready'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(lstatSync(sock).isSocket()).toBe(true);
    expect(await servicePid(sock)).toBeUndefined();

    const db = await openTestDb();
    try {
      const channel = await startChannel({ db, dbPath, config });
      expect(channel.path).toBe(sock);
      expect(await servicePid(sock)).toBe(process.pid);
      expect(statSync(sock).mode & 0o777).toBe(0o600);
      await channel.close();
      expect(existsSync(sock)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('a database path too long for a socket gets one in a private folder of the user (0700)', async () => {
    const dbPath = join(tmp, 'x'.repeat(120), 'long.duckdb');
    const sock = socketPath(dbPath);
    expect(Buffer.byteLength(sock)).toBeLessThanOrEqual(103);
    expect(sock.startsWith(join(tmpdir(), `sla-${process.getuid!()}`))).toBe(true);
    const db = await openTestDb();
    try {
      const channel = await startChannel({ db, dbPath, config });
      expect(statSync(join(tmpdir(), `sla-${process.getuid!()}`)).mode & 0o777).toBe(0o700);
      expect(statSync(sock).mode & 0o777).toBe(0o600);
      await channel.close();
      expect(existsSync(sock)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('a file that is not a socket where the socket goes is left alone: the channel does not start', async () => {
    const dbPath = join(tmp, 'blocked.duckdb');
    copyFileSync(fixture('api/cli-events-good.csv'), `${dbPath}.sock`);
    const db = await openTestDb();
    try {
      await expect(startChannel({ db, dbPath, config })).rejects.toThrow(
        `${dbPath}.sock: ada dan bukan soket: hapus berkas itu`,
      );
      expect(statSync(`${dbPath}.sock`).isFile()).toBe(true);
    } finally {
      db.close();
    }
  });
});

describe('a database held by another program', () => {
  it("says so in the user's language and names the holder's PID, never DuckDB's text", async () => {
    const dbPath = join(tmp, 'held.duckdb');
    // another program that opens the file and keeps it open until its stdin closes
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(dbPath)}); console.log('ready'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`,
      ],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const id = await sla(['--db', dbPath, 'batches']);
      expect(id).toEqual({
        code: 1,
        stdout: '',
        stderr: `sla: basis data ${dbPath} sedang dibuka oleh program lain (PID ${holder.pid}), bukan oleh layanan \`sla serve\` yang dapat menjalankan perintah ini; tutup program itu lalu coba lagi\n`,
      });
      const en = await sla(['--db', dbPath, '--lang', 'en', 'sql', 'select 1']);
      expect(en.code).toBe(1);
      expect(en.stderr).toBe(
        `sla: the database ${dbPath} is open in another program (PID ${holder.pid}), not in an \`sla serve\` service that could run this command; close that program and try again\n`,
      );
      expect(en.stderr).not.toContain('Could not set lock');
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.stdin.end();
      await exited;
    }
  });
});
