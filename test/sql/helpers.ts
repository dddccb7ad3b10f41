import { createHash } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { loadFile } from '../../src/ingest/load.js';
import { fixture, openTestDb } from '../helpers.js';

/**
 * A test database for auditor SQL: the shipped catalogue and calendar, 5 events of three cases
 * (PKU-1, PKU-2 at pekanbaru; LS-1 at lampung-selatan) and 3 complaints with the complainant's
 * name and contact (2 pekanbaru, 1 lampung-selatan), plus a `complainants` table holding
 * identities (as the personal-data split will add), which the sandbox must never show.
 */
export async function auditorDb(): Promise<Database> {
  const db = await openTestDb();
  await loadFile(db, { kind: 'events', path: fixture('sql/events.csv') });
  await loadFile(db, { kind: 'complaints', path: fixture('sql/complaints.csv') });
  await db.transaction(async (tx) => {
    await tx.run('create table if not exists complainants (office varchar, complaint_id varchar, name varchar, contact varchar)');
    await tx.run("insert into complainants values ('pekanbaru', 'PGD-1', 'Siti Aminah', '0812-1111-2222')");
  });
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
