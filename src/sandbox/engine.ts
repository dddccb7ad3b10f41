import {
  DuckDBInstance,
  JsonDuckDBValueConverter,
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/index.js';
import {
  AppError,
  SqlBusyError,
  SqlFailedError,
  SqlRefusedError,
  SqlTimeoutError,
  SqlTooLargeError,
} from '../errors.js';
import { type Lang, localeOf, t } from '../i18n/index.js';
import { columnDescription } from './columns.js';
import { EXPOSED, ident, type Bilingual, type ExposedRelation } from './relations.js';
import { writeResult, type ResultChunk, type Truncation } from './formats.js';
import type { SqlFormat } from '../vocabulary.js';
import { writeSnapshot, type SnapshotScope } from './snapshot.js';

/** One auditor query. `who` is the identity written to the audit log; `offices` limits the rows. */
export interface AuditorQuery {
  sql: string;
  who: string;
  offices?: readonly string[] | undefined;
  limit?: number | undefined;
  asOf?: string | undefined;
  asOfOffice?: string | undefined;
}

import type { AuditorResult, ResultColumn } from './result.js';
import { defaultSqlLimits, type SqlLimits } from '../config.js';
export type { AuditorResult, ResultColumn } from './result.js';

export interface DescribedColumn extends ResultColumn {
  description: Bilingual;
}

/** A result written in a format (`export`), to be sent once; the sandbox connection is already closed. */
export interface ExportedResult {
  queryId: number;
  columns: ResultColumn[];
  /** Rows and bytes written (what is sent), and why it stopped short (null: complete). */
  rows: number;
  bytes: number;
  truncated: Truncation;
  durationMs: number;
  /** The encoded result, read once (its temporary file is removed as it is opened). */
  open(): Promise<Readable>;
  /** Removes the temporary file when the result is not read. */
  discard(): void;
}

export interface DescribedRelation {
  name: string;
  kind: ExposedRelation['kind'];
  grain: string;
  description: Bilingual;
  columns: DescribedColumn[];
}

export type Outcome = 'ok' | 'refused' | 'failed' | 'timeout';

/** Name under which the snapshot file is attached while the sandbox copies it (then detached). */
const SNAPSHOT = 'snapshot';

/** The audit log as the sandbox shows it (its renamed columns). */
const AUDIT_LOG = EXPOSED.find((r) => r.name === 'query_audit_log')!;

/**
 * query_ids handed out and not yet written to the audit log, per database (a snapshot copies
 * the audit rows below the lowest of them, so that none is missed by a sandbox).
 */
const auditPending = new WeakMap<Database, Set<number>>();

function pendingOf(db: Database): Set<number> {
  let set = auditPending.get(db);
  if (!set) auditPending.set(db, (set = new Set()));
  return set;
}

class Sandbox {
  users = 0;
  retired = false;
  /** query_ids of the audit rows appended since the snapshot (which holds those up to `auditFloor`). */
  private readonly auditSeen = new Set<number>();
  private closed = false;
  private auditSync: Promise<void> = Promise.resolve();

  constructor(
    readonly generation: number,
    readonly instance: DuckDBInstance,
    private readonly admin: DuckDBConnection,
    /** The snapshot holds every audit row up to this query_id. */
    private readonly auditFloor: number,
    /** Only this identity's audit rows are shown (office-limited auditors). */
    readonly auditOf: string | undefined,
  ) {}

  /** Appends the audit rows written since the snapshot and not appended yet (they may end out of order). */
  syncAudit(db: Database): Promise<void> {
    const next = this.auditSync.then(async () => {
      const rows = await db.all<Record<string, unknown>>(
        `select * from query_audit_log where query_id > $floor ${this.auditOf !== undefined ? 'and who = $who' : ''} order by query_id`,
        this.auditOf !== undefined ? { floor: this.auditFloor, who: this.auditOf } : { floor: this.auditFloor },
      );
      const fresh = rows.filter((r) => !this.auditSeen.has(Number(r.query_id)));
      if (fresh.length === 0) return;
      const columns = Object.keys(fresh[0]!).map((c) => ident(AUDIT_LOG.rename?.[c] ?? c));
      const insert = await this.admin.prepare(
        `insert into query_audit_log (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      );
      for (const r of fresh) {
        insert.bind(Object.values(r).map(toDuckValue));
        await insert.run();
        this.auditSeen.add(Number(r.query_id));
      }
    });
    this.auditSync = next.catch(() => undefined);
    return next;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.admin.closeSync();
    this.instance.closeSync();
  }
}

interface SandboxEntry {
  promise: Promise<Sandbox>;
  /** Set once made. */
  sandbox?: Sandbox;
}

/** Takes a sandbox out of use: closed now if idle, else when its last query ends. */
function retire(sb: Sandbox): void {
  sb.retired = true;
  if (sb.users === 0) sb.close();
}

function toDuckValue(v: unknown): DuckDBValue {
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v as DuckDBValue;
}

/**
 * Runs auditors' SQL in a sandbox: a DuckDB instance of its own holding, in its memory, a
 * snapshot of the allowed data (so no path of the server shows in it), with external access
 * (files, HTTP, S3), extension installing/loading and configuration changes disabled before any
 * auditor SQL reaches it. One read-only statement per request, checked by DuckDB's own parser
 * before it runs; a time limit that interrupts the query; a row limit; a bound on concurrent
 * queries; every query logged.
 *
 * A snapshot is current while the service's database has committed nothing newer
 * (`Database.generation`); the first query after a load makes a new one, so an auditor always
 * reads every committed load.
 */
export class AuditorSql {
  readonly limits: SqlLimits;
  /** Where the snapshot files are written, each deleted once a sandbox has copied it (removed on close). */
  readonly dir = mkdtempSync(join(tmpdir(), 'sla-sandbox-'));
  private readonly sandboxes = new Map<string, SandboxEntry>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private fileNo = 0;
  private closed = false;

  constructor(
    readonly db: Database,
    limits: Partial<SqlLimits> = {},
    readonly lang: Lang = 'id',
  ) {
    this.limits = { ...defaultSqlLimits, ...limits };
  }

  /** Runs one auditor query, logging it whatever happens; the result is read into memory up to the row limit. */
  async run(q: AuditorQuery): Promise<AuditorResult> {
    return this.logged(
      q,
      (queryId, t0, limit) =>
        this.execute(q, async (prepared) => {
          const reader = await prepared.streamAndReadUntil(limit + 1);
          const types = reader.columnTypes();
          const names = reader.deduplicatedColumnNames();
          const columns = names.map((name, i) => ({ name, type: types[i]!.toString() }));
          const truncated = reader.currentRowCount > limit;
          const json = exactJson(reader.getRowsJson() as unknown[][], types).slice(0, limit);
          const values = reader.getRows().slice(0, limit);
          return { queryId, columns, types, json, values, truncated, durationMs: performance.now() - t0 };
        }),
      (r) => ({ rows: r.values.length, bytes: null, truncated: r.truncated ? 'rows' : null }),
    );
  }

  /**
   * Runs one auditor query and writes its result in `format` to a temporary file, a chunk at a
   * time, up to the row limit and `maxBytes`: memory holds one chunk, whatever the result, and the
   * answer's status, row count and truncation are known before the first byte is sent (a query
   * stopped by the time limit half-way answers 408, not a cut-off 200). Logged with the rows and
   * bytes written and why it stopped short.
   */
  async export(q: AuditorQuery, format: SqlFormat): Promise<ExportedResult> {
    const path = join(this.dir, `result-${++this.fileNo}`);
    try {
      return await this.logged(
        q,
        (queryId, t0, limit) =>
          this.execute(q, async (prepared, stopped) => {
            const result = await prepared.stream();
            const types = result.columnTypes();
            const columns = result.deduplicatedColumnNames().map((name, i) => ({ name, type: types[i]!.toString() }));
            async function* chunks(): AsyncGenerator<ResultChunk> {
              for (;;) {
                const chunk = await result.fetchChunk();
                stopped();
                if (!chunk || chunk.rowCount === 0) return;
                yield {
                  values: chunk.getRows(),
                  json: exactJson(chunk.convertRows(JsonDuckDBValueConverter) as unknown[][], types),
                };
              }
            }
            const tooLarge = (bytes: number) =>
              new SqlTooLargeError(
                t(this.lang, 'sql_too_large', { mb: mb(bytes, this.lang), max: mb(this.limits.maxBytes, this.lang) }),
              );
            const written = await writeResult(
              format,
              { queryId, columns, types },
              chunks(),
              { maxRows: limit, maxBytes: this.limits.maxBytes },
              path,
              tooLarge,
            );
            return {
              queryId,
              columns,
              ...written,
              durationMs: performance.now() - t0,
              open: async () => {
                const file = await open(path);
                rmSync(path, { force: true });
                return file.createReadStream();
              },
              discard: () => rmSync(path, { force: true }),
            };
          }),
        (r) => r,
      );
    } catch (err) {
      rmSync(path, { force: true });
      throw err;
    }
  }

  /** Runs `body` with a query_id, logging the query whatever happens: what `sent` says of its result, or the error. */
  private async logged<T>(
    q: AuditorQuery,
    body: (queryId: number, t0: number, limit: number) => Promise<T>,
    sent: (r: T) => Sent,
  ): Promise<T> {
    const queryId = await this.nextQueryId();
    pendingOf(this.db).add(queryId);
    const started = new Date();
    const t0 = performance.now();
    let outcome: Outcome = 'ok';
    let error: string | null = null;
    let out: Sent = { rows: null, bytes: null, truncated: null };
    try {
      const limit = Math.min(q.limit ?? this.limits.maxRows, this.limits.maxRows);
      if (!Number.isInteger(limit) || limit < 1)
        throw new SqlRefusedError(t(this.lang, 'sql_limit', { limit: String(q.limit) }));
      const result = await body(queryId, t0, limit);
      out = sent(result);
      return result;
    } catch (err) {
      const e = this.classify(err);
      outcome = e.outcome;
      error = e.error.message;
      throw e.error;
    } finally {
      try {
        await this.audit({
          queryId,
          started,
          who: q.who,
          sql: q.sql,
          outcome,
          durationMs: performance.now() - t0,
          ...out,
          error,
        });
      } finally {
        pendingOf(this.db).delete(queryId);
      }
    }
  }

  /**
   * Runs the checked statement of `q` on a connection of the sandbox, within the time limit
   * (`stopped()` throws once it is over, for a reader between two chunks).
   */
  private async execute<T>(
    q: AuditorQuery,
    read: (prepared: DuckDBPreparedStatement, stopped: () => void) => Promise<T>,
  ): Promise<T> {
    await this.acquire();
    try {
      const scope: SnapshotScope = { offices: q.offices, asOf: q.asOf, asOfOffice: q.asOfOffice };
      return await this.withSandbox(scope, q.offices ? q.who : undefined, async (sandbox) => {
        await sandbox.syncAudit(this.db);
        const conn = await sandbox.instance.connect();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          conn.interrupt();
        }, this.limits.timeoutMs);
        const stopped = () => {
          if (timedOut) throw new Timeout();
        };
        try {
          const prepared = await this.query(conn, q.sql);
          return await read(prepared, stopped);
        } catch (err) {
          throw timedOut ? new Timeout() : err;
        } finally {
          clearTimeout(timer);
          await conn.run('rollback').catch(() => undefined);
          conn.closeSync();
        }
      });
    } finally {
      this.release();
    }
  }

  /** Runs `fn` on the current sandbox of a scope, keeping it open meanwhile. */
  private async withSandbox<T>(
    scope: SnapshotScope,
    auditOf: string | undefined,
    fn: (sb: Sandbox) => Promise<T>,
  ): Promise<T> {
    const sandbox = await this.sandbox(scope, auditOf);
    sandbox.users++;
    try {
      return await fn(sandbox);
    } finally {
      sandbox.users--;
      if (scope.asOf || sandbox.retired) retire(sandbox);
    }
  }

  /**
   * The relations an auditor sees, with their columns and DuckDB types as the sandbox has them
   * (so the personal columns removed are not listed), in the order of the allow-list.
   */
  async describe(auditor: { who: string; offices?: readonly string[] | undefined }): Promise<DescribedRelation[]> {
    return this.withSandbox(
      { offices: auditor.offices },
      auditor.offices ? auditor.who : undefined,
      async (sandbox) => {
        const conn = await sandbox.instance.connect();
        try {
          const reader = await conn.runAndReadAll(
            "select table_name, column_name, data_type from duckdb_columns() where database_name = 'memory' and schema_name = 'main' order by table_name, column_index",
          );
          const byTable = new Map<string, DescribedColumn[]>();
          for (const [table, name, type] of reader.getRowsJson() as string[][]) {
            const column = {
              name: name!,
              type: type!,
              description: columnDescription(table!, name!) ?? { id: '', en: '' },
            };
            byTable.set(table!, [...(byTable.get(table!) ?? []), column]);
          }
          return EXPOSED.filter((r) => byTable.has(r.name)).map((r) => ({
            name: r.name,
            kind: r.kind,
            grain: r.grain,
            description: r.description,
            columns: byTable.get(r.name)!,
          }));
        } finally {
          conn.closeSync();
        }
      },
    );
  }

  /**
   * A raw connection to the sandbox of a scope, without the statement check: for tests that the
   * instance itself refuses what the check would refuse first (each protection on its own).
   */
  async rawSandboxConnection(offices?: readonly string[]): Promise<{ conn: DuckDBConnection; done: () => void }> {
    const sandbox = await this.sandbox({ offices }, undefined);
    sandbox.users++;
    const conn = await sandbox.instance.connect();
    return {
      conn,
      done: () => {
        conn.closeSync();
        sandbox.users--;
        if (sandbox.retired) retire(sandbox);
      },
    };
  }

  /** Checks that `sql` is one read-only statement (DuckDB's parser): its prepared statement. */
  private async query(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    await conn.run('begin transaction read only');
    const extracted = await conn.extractStatements(sql).catch((err: Error) => {
      throw new SqlFailedError(
        t(this.lang, 'sql_failed', { detail: summary(err.message.replace(/^Failed to extract statements: /, '')) }),
      );
    });
    if (extracted.count !== 1) throw new SqlRefusedError(t(this.lang, 'sql_one_statement', { n: extracted.count }));
    // DuckDB's parser, without binding anything: only a SELECT serialises (a CTE must be a SELECT too)
    const parsed = await conn.runAndReadAll('select json_serialize_sql(cast($sql as varchar)) as j', { sql });
    const tree = JSON.parse(String(parsed.getRowsJson()[0]![0])) as { error: boolean; error_message?: string };
    if (tree.error) {
      if (/only select statements|cte needs a select/i.test(tree.error_message ?? ''))
        throw new SqlRefusedError(t(this.lang, 'sql_read_only', { type: leadingKeyword(sql) }));
      throw new SqlFailedError(t(this.lang, 'sql_failed', { detail: summary(tree.error_message ?? '') }));
    }
    const prepared = await extracted.prepare(0);
    if (prepared.statementType !== StatementType.SELECT) {
      throw new SqlRefusedError(
        t(this.lang, 'sql_read_only', {
          type: StatementType[prepared.statementType] ?? String(prepared.statementType),
        }),
      );
    }
    return prepared;
  }

  /** The error sent to the caller, and the outcome logged. */
  private classify(err: unknown): { outcome: Outcome; error: AppError } {
    if (err instanceof Timeout)
      return {
        outcome: 'timeout',
        error: new SqlTimeoutError(
          t(this.lang, 'sql_timeout', {
            s: (this.limits.timeoutMs / 1000).toLocaleString(localeOf(this.lang)),
          }),
        ),
      };
    if (err instanceof SqlRefusedError || err instanceof SqlBusyError || err instanceof SqlTooLargeError)
      return { outcome: 'refused', error: err };
    if (err instanceof AppError) return { outcome: 'failed', error: err };
    const message = summary(err instanceof Error ? err.message : String(err));
    // DuckDB's own refusals: file system, extensions, locked configuration, writes in a read-only transaction
    if (
      /^(Permission Error|Invalid Input Error: Cannot (change configuration|execute statement))|read-only/i.test(
        message,
      )
    ) {
      return { outcome: 'refused', error: new SqlRefusedError(t(this.lang, 'sql_refused', { detail: message })) };
    }
    return { outcome: 'failed', error: new SqlFailedError(t(this.lang, 'sql_failed', { detail: message })) };
  }

  /** The sandbox for a scope: the current one, or a new one on a fresh snapshot. */
  private async sandbox(scope: SnapshotScope, auditOf: string | undefined): Promise<Sandbox> {
    if (scope.asOf) return this.createSandbox(scope, auditOf);
    this.retireStale();
    const key = JSON.stringify([scope.offices ? [...scope.offices].sort() : null, auditOf ?? null]);
    const entry = this.sandboxes.get(key);
    if (entry) {
      const sb = await entry.promise.catch(() => undefined);
      if (sb && sb.generation === this.db.generation && !sb.retired) return sb;
      if (this.sandboxes.get(key) !== entry) return this.sandbox(scope, auditOf); // replaced meanwhile
      this.sandboxes.delete(key);
      if (sb) retire(sb);
    }
    const made: SandboxEntry = { promise: this.createSandbox(scope, auditOf) };
    this.sandboxes.set(key, made);
    made.promise.then(
      (sb) => (made.sandbox = sb),
      () => this.sandboxes.get(key) === made && this.sandboxes.delete(key),
    );
    return made.promise;
  }

  /** Retires the sandboxes of every scope made before the latest commit (closed when their last query ends). */
  private retireStale(): void {
    for (const [key, entry] of this.sandboxes) {
      if (!entry.sandbox || entry.sandbox.generation === this.db.generation) continue;
      this.sandboxes.delete(key);
      retire(entry.sandbox);
    }
  }

  private async createSandbox(scope: SnapshotScope, auditOf: string | undefined): Promise<Sandbox> {
    if (this.closed) throw new Error('auditor SQL engine is closed');
    const generation = this.db.generation;
    const file = join(this.dir, `snapshot-${++this.fileNo}.duckdb`);
    const written = (await this.db.one<{ m: number | null }>('select max(query_id) as m from query_audit_log'))!.m ?? 0;
    const auditUpTo = Math.min(written, ...[...pendingOf(this.db)].map((id) => id - 1));
    try {
      const content = await writeSnapshot(this.db, file, { ...scope, auditUpTo, auditOf });
      const instance = await DuckDBInstance.create(':memory:', {
        threads: String(this.limits.threads),
        memory_limit: this.limits.memoryLimit,
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        allow_community_extensions: 'false',
      });
      const admin = await instance.connect();
      try {
        await admin.run("set global TimeZone = 'UTC'");
        // no directory of the server to show in duckdb_settings() or in a message: nothing spills
        // to disk (a query must fit in memory_limit); no home, secret or extension directory
        for (const setting of [
          "temp_directory = ''",
          "home_directory = ''",
          "secret_directory = ''",
          "extension_directory = 'none'",
        ])
          await admin.run(`set global ${setting}`);
        await this.copySnapshot(admin, file, content.relations);
        // the metric macros, so that the definitions of queries/ read the same in the sandbox
        const macros = await admin.extractStatements(
          readFileSync(new URL('../../queries/_macros.sql', import.meta.url), 'utf8'),
        );
        for (let i = 0; i < macros.count; i++) await (await macros.prepare(i)).run();
        await admin.run('set global asof_loop_join_threshold = 0');
        // lock: from here on no file, network or extension access and no configuration change
        await admin.run('set global enable_external_access = false');
        await admin.run('set global lock_configuration = true');
      } catch (err) {
        admin.closeSync();
        instance.closeSync();
        throw err;
      }
      return new Sandbox(generation, instance, admin, auditUpTo, auditOf);
    } finally {
      for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
    }
  }

  /**
   * Copies the snapshot file into the sandbox's own memory, each relation a table of `memory.main`
   * (so the catalog lists each once) with its description as comments, then detaches the file: the
   * sandbox holds no path. The copy is checkpointed, which compresses it (about the size of the
   * file). The audit log is appended to by the engine after each query (`syncAudit`).
   */
  private async copySnapshot(
    admin: DuckDBConnection,
    file: string,
    relations: readonly ExposedRelation[],
  ): Promise<void> {
    const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
    await admin.run(`attach ${quote(file)} as ${SNAPSHOT} (read_only)`);
    try {
      for (const rel of relations) {
        await admin.run(`create table ${ident(rel.name)} as select * from ${SNAPSHOT}.main.${ident(rel.name)}`);
        await admin.run(`comment on table ${ident(rel.name)} is ${quote(rel.description[this.lang])}`);
      }
      const columns = (
        await admin.runAndReadAll("select table_name, column_name from duckdb_columns() where database_name = 'memory'")
      ).getRowsJson() as string[][];
      for (const [table, column] of columns) {
        const d = columnDescription(table!, column!);
        if (d) await admin.run(`comment on column ${ident(table!)}.${ident(column!)} is ${quote(d[this.lang])}`);
      }
    } finally {
      await admin.run(`detach ${SNAPSHOT}`);
    }
    await admin.run('checkpoint');
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        clearTimeout(timer);
        this.running++;
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new SqlBusyError(t(this.lang, 'sql_busy', { n: this.limits.concurrency })));
      }, this.limits.queueMs);
      this.waiting.push(go);
    });
  }

  /**
   * Records a request refused before it reached the engine (the rate limit): an audit row with
   * outcome `refused`, the statement as sent and the reason, nothing run.
   */
  async recordRefusal(r: { who: string; sql: string; reason: string }): Promise<void> {
    await this.audit({
      queryId: await this.nextQueryId(),
      started: new Date(),
      who: r.who,
      sql: r.sql,
      outcome: 'refused',
      durationMs: 0,
      error: r.reason,
      rows: 0,
      bytes: 0,
      truncated: null,
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  private async nextQueryId(): Promise<number> {
    const row = await this.db.one<{ id: number }>("select nextval('query_audit_seq') as id");
    return row!.id;
  }

  /**
   * Appends the audit row on a connection of its own, outside the writer queue: an insert of new
   * rows does not conflict with a load, does not wait for one, and is not a change of the data
   * the snapshots copy (it does not bump the generation).
   */
  private async audit(
    a: {
      queryId: number;
      started: Date;
      who: string;
      sql: string;
      outcome: Outcome;
      durationMs: number;
      error: string | null;
    } & Sent,
  ): Promise<void> {
    const s = await this.db.connect();
    try {
      await s.run(
        `insert into query_audit_log (query_id, queried_at, who, sql, sql_sha256, outcome, duration_ms, rows_returned, bytes_returned, truncated, error, finished_at)
         values ($id, $at, $who, $sql, $sha, $outcome, $ms, $rows, $bytes, $truncated, $error, $end)`,
        {
          id: a.queryId,
          at: a.started.toISOString(),
          who: a.who,
          sql: a.sql,
          sha: createHash('sha256').update(a.sql, 'utf8').digest('hex'),
          outcome: a.outcome,
          ms: Math.round(a.durationMs * 1000) / 1000,
          rows: a.rows,
          bytes: a.bytes,
          truncated: a.truncated,
          error: a.error,
          end: new Date(a.started.getTime() + a.durationMs).toISOString(),
        },
      );
    } finally {
      s.conn.closeSync();
    }
  }

  /** Closes every sandbox (running queries finish first) and removes the snapshot files. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.sandboxes.values()) {
      const sb = await entry.promise.catch(() => undefined);
      if (sb) retire(sb);
    }
    this.sandboxes.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

class Timeout extends Error {}

/** What the audit log records of a result: rows and bytes sent, and why it stopped short. */
interface Sent {
  rows: number | null;
  bytes: number | null;
  truncated: Truncation;
}

/** DuckDB's JSON values, 64-bit integers as numbers where exact. */
function exactJson(rows: unknown[][], types: DuckDBType[]): unknown[][] {
  const ints = types.map(isInteger);
  return rows.map((row) => row.map((v, i) => (ints[i] ? exactNumber(v) : v)));
}

const mb = (bytes: number, lang: Lang) =>
  (bytes / (1024 * 1024)).toLocaleString(localeOf(lang), { maximumFractionDigits: 1 });

/** The first keyword of a statement, after comments (for messages only; the check is DuckDB's parser). */
function leadingKeyword(sql: string): string {
  const rest = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  return (/^[a-z_]+/i.exec(rest)?.[0] ?? '?').toUpperCase();
}

/**
 * DuckDB's message in one line: its first line and its hints ("Candidate bindings: …", "Did you
 * mean …?"), without the drawing of where in the text (LINE 1: … ^) or the tips that follow.
 */
function summary(s: string): string {
  const [first = '', ...rest] = s.split('\n').map((l) => l.trim());
  return [first, ...rest.filter((l) => /^(Candidate bindings|Did you mean)\b/.test(l))].join(' ');
}

function isInteger(type: DuckDBType): boolean {
  return /^(U?(BIG|HUGE|SMALL|TINY)?INT(EGER)?)$/.test(type.toString());
}

/** DuckDB's JSON text of a 64-bit integer is a string; a number when it is exact. */
function exactNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}
