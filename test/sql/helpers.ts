import { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { vi } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * A test database for auditor SQL: the shipped catalogue and calendar, 5 events of three cases
 * (PKU-1, PKU-2 at pekanbaru; LS-1 at lampung-selatan) and 3 complaints with the complainant's
 * name and contact (2 pekanbaru, 1 lampung-selatan); the loader keeps the identities apart in
 * `complainants`, which the sandbox must never show.
 */
export async function auditorDb(): Promise<Database> {
  const db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('sql/events.csv') });
  await loadFile(db, { kind: 'complaints', path: fixture('sql/complaints.csv') });
  return db;
}

export interface AuditRow {
  query_id: number;
  queried_at: Date;
  finished_at: Date;
  who: string;
  sql: string;
  sql_sha256: string;
  outcome: string;
  duration_ms: number;
  rows_returned: number | null;
  error: string | null;
}

/** The audit rows of one identity, oldest first. */
export function auditRows(db: Database, who: string): Promise<AuditRow[]> {
  return db.all<AuditRow>('select * from query_audit_log where who = $who order by query_id', { who });
}

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

const realSetTimeout = globalThis.setTimeout;

/** Resolves once `cond` holds, looking again every few milliseconds (no bound: the test's timeout is the bound). */
export async function until(cond: () => boolean, meanwhile?: () => void): Promise<void> {
  while (!cond()) {
    meanwhile?.();
    await new Promise((r) => realSetTimeout(r, 5));
  }
}

/**
 * The sandbox's time and concurrency limits under the test's clock: `setTimeout`, `Date` and
 * `performance` are fake (vitest), so a query times out exactly when the test moves the clock
 * past the limit and no sooner, however busy the machine, and its logged duration is the time
 * the clock was moved by. Call `restore()` when done.
 */
export function sandboxClock() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
  // every read of a result (run's streamAndReadUntil, export's chunks) starts with stream()
  const started = vi.spyOn(DuckDBPreparedStatement.prototype, 'stream');
  const interrupt = vi.spyOn(DuckDBConnection.prototype, 'interrupt');
  const closed = vi.spyOn(DuckDBConnection.prototype, 'closeSync');
  return {
    /** Resolves once `n` sandbox queries in all have been handed to DuckDB's executor (their time limit armed). */
    started: (n: number) => until(() => started.mock.calls.length >= n),
    /** Resolves once `n` timers are pending (a query's time limit, or one waiting for a free slot). */
    timers: (n: number) => until(() => vi.getTimerCount() >= n),
    /**
     * Moves the clock on by `ms` and returns how many queries the engine interrupted meanwhile,
     * once each of those has stopped. DuckDB clears an interrupt when a query starts
     * (ClientContext::InitialCleanup), so one that reached the connection between the engine's call
     * and the executor's start is repeated until the engine closes the connection.
     */
    async advance(ms: number): Promise<number> {
      const before = interrupt.mock.contexts.length;
      vi.advanceTimersByTime(ms);
      const stopped = interrupt.mock.contexts.slice(before) as DuckDBConnection[];
      const open = () => stopped.filter((c) => !closed.mock.contexts.includes(c));
      await until(
        () => open().length === 0,
        () => open().forEach((c) => c.interrupt()),
      );
      return stopped.length;
    },
    restore(): void {
      for (const spy of [started, interrupt, closed]) spy.mockRestore();
      vi.useRealTimers();
    },
  };
}
