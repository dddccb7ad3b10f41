import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseLockedError } from '../errors.js';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];
export type Row = Record<string, unknown>;

/** Converts DuckDB's JS values to plain JSON-friendly values (bigint → number when safe). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const safe = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
    return safe ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** A result's rows as plain objects. */
function objects<T>(reader: DuckDBResultReader): T[] {
  return reader.getRowObjectsJS().map((r) => {
    const o: Row = {};
    for (const [k, v] of Object.entries(r)) o[k] = plain(v);
    return o as T;
  });
}

/** An instant read from DuckDB as ISO 8601 text (null stays null). */
export const isoOrNull = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v == null ? null : String(v);

/** Every connection of the program runs in UTC (see Database). */
async function utcConnection(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const conn = await instance.connect();
  await conn.run("set TimeZone = 'UTC'");
  return conn;
}

/** One DuckDB connection with small typed helpers. */
export class Session {
  /** statements prepared by `allPrepared`, each with the end of its last run (see there) */
  private readonly prepared = new Map<
    string,
    { statement: Promise<DuckDBPreparedStatement>; turn: Promise<unknown> }
  >();

  constructor(readonly conn: DuckDBConnection) {}

  /** Rows of a query as plain objects. */
  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return objects<T>(await this.conn.runAndReadAll(sql, params));
  }

  /**
   * `all` through a statement prepared once on this connection, for the look-ups run on every
   * request (the kartu kendali's four): parsing and planning were a fifth to a third of their CPU
   * at 1M events. A statement's bound values belong to the statement, not to the call, so its
   * callers bind and run one at a time (the connection runs one query at a time anyway). Only for
   * constant SQL text: up to PREPARED_MAX texts are kept.
   */
  async allPrepared<T = Row>(sql: string, params: Params): Promise<T[]> {
    let entry = this.prepared.get(sql);
    if (!entry) {
      if (this.prepared.size >= Session.PREPARED_MAX) this.prepared.delete(this.prepared.keys().next().value!);
      const statement = this.conn.prepare(sql);
      entry = { statement, turn: Promise.resolve() };
      this.prepared.set(sql, entry);
      statement.catch(() => this.prepared.delete(sql));
    }
    const { statement } = entry;
    const run = entry.turn.then(async () => {
      const st = await statement;
      st.bind(params);
      return st.runAndReadAll();
    });
    entry.turn = run.catch(() => undefined);
    return objects<T>(await run);
  }

  static readonly PREPARED_MAX = 32;

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs one statement; returns the number of rows it changed (for inserts, updates, deletes). */
  async run(sql: string, params?: Params): Promise<number> {
    const result = await this.conn.run(sql, params);
    return result.rowsChanged;
  }

  /** Runs a script of several statements (no parameters). */
  async exec(script: string): Promise<void> {
    const extracted = await this.conn.extractStatements(script);
    for (let i = 0; i < extracted.count; i++) {
      const stmt = await extracted.prepare(i);
      await stmt.run();
    }
  }

  /** Whether a (non-temporary) table of that name exists in the main schema. */
  async tableExists(name: string): Promise<boolean> {
    const r = await this.one<{ n: number }>(
      "select count(*) as n from duckdb_tables() where table_name = $t and schema_name = 'main' and not temporary",
      { t: name },
    );
    return (r?.n ?? 0) > 0;
  }

  /** Progress of the query running on this connection (0–100, or -1 when unknown). */
  progress(): number {
    return this.conn.progress.percentage;
  }
}

/**
 * One embedded DuckDB database. Writes go through one connection, serialised by a queue, each
 * `transaction` all or nothing. Reads use connections of their own (a few, so that the queries of
 * one page run side by side on both cores: each is given to the reader with the fewest queries
 * running) and so see only committed data.
 * The session time zone is UTC so that no result depends on the machine's zone; local dates are
 * always taken in the office's zone.
 */
export class Database {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly readers: { s: Session; busy: number }[];
  private generation_ = 0;
  private readonly commitListeners = new Set<() => void>();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: Session,
    readers: DuckDBConnection[],
  ) {
    this.readers = readers.map((c) => ({ s: new Session(c), busy: 0 }));
  }

  /** Read connections: enough for the concurrent queries of a page on this 2-core machine. */
  static readonly READERS = 3;

  /**
   * WAL size at which a commit also checkpoints (DuckDB's default is 16 MB). A day's load into a
   * large database writes ~6 MB of WAL (the replaced rows of the derived tables): at 16 MB every
   * second or third load paid ~0.5 s of checkpoint in its commit; at 64 MB about one in ten pays
   * for all of them (merging them at once costs less than one by one). The WAL is the durable
   * record: a crash loses nothing, the next open replays it. Closing the database checkpoints.
   */
  static readonly CHECKPOINT_THRESHOLD = '64MB';

  static async open(path: string): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, { checkpoint_threshold: Database.CHECKPOINT_THRESHOLD }).catch(
      (err: Error) => {
        // DuckDB's text ("Could not set lock on file …: Conflicting lock is held in … (PID n)") is
        // English and names the holder: keep the PID, say the rest in the user's language
        if (!/Could not set lock on file/.test(err.message)) throw err;
        const pid = /\(PID (\d+)\)/.exec(err.message)?.[1];
        throw new DatabaseLockedError(path, pid === undefined ? undefined : Number(pid));
      },
    );
    const writer = await utcConnection(instance);
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < Database.READERS; i++) readers.push(await utcConnection(instance));
    return new Database(path, instance, new Session(writer), readers);
  }

  /** Runs `fn` on the least busy read connection. */
  private async read<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    const r = this.readers.reduce((a, b) => (b.busy < a.busy ? b : a));
    r.busy++;
    try {
      return await fn(r.s);
    } finally {
      r.busy--;
    }
  }

  /** A new connection on the same instance (sees committed data); the caller closes it. */
  async connect(): Promise<Session> {
    return new Session(await utcConnection(this.instance));
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.read((s) => s.all<T>(sql, params));
  }

  one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return this.read((s) => s.one<T>(sql, params));
  }

  /** `Session.allPrepared` on the least busy read connection. */
  allPrepared<T = Row>(sql: string, params: Params): Promise<T[]> {
    return this.read((s) => s.allPrepared<T>(sql, params));
  }

  /**
   * A sequence lock over the data: bumped as a commit (or a `write`) begins and again when it has
   * ended, so it is odd while data may be changing and even in between. A copy of the data made
   * at an even generation g (the auditor sandbox's snapshot) is current while `generation` is
   * still g; reads started and finished at the same even g saw one state of the data (each
   * response one snapshot: src/routes/read-cache.ts).
   */
  get generation(): number {
    return this.generation_;
  }

  /**
   * Calls `listener` after every committed transaction (the lake export after a load, src/lake/
   * exporter.ts); it must return at once and not throw (work of its own runs later). Returns the
   * function that removes it.
   */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Runs `fn` inside one transaction on the write connection: all or nothing. */
  transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      await this.writer.run('begin transaction');
      try {
        const result = await fn(this.writer);
        // what fn wrote becomes visible to the readers during the commit
        this.generation_++;
        try {
          await this.writer.run('commit');
        } finally {
          this.generation_++;
        }
        // the commit stands whatever a listener does
        for (const listener of this.commitListeners) {
          try {
            listener();
          } catch {
            /* a listener's own failure is not the transaction's */
          }
        }
        return result;
      } catch (err) {
        await this.writer.run('rollback').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Runs `fn` on the write connection without an explicit transaction (DDL, checkpoints). */
  write<T>(fn: (w: Session) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      // each statement commits as it runs
      this.generation_++;
      try {
        return await fn(this.writer);
      } finally {
        this.generation_++;
      }
    });
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.writer.conn.closeSync();
    for (const r of this.readers) r.s.conn.closeSync();
    this.instance.closeSync();
  }
}
