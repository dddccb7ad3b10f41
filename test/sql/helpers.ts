import { createHash } from 'node:crypto';
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
