import type { Database, Session } from '../db/database.js';
import { BadRequestError } from '../errors.js';
import { computeAsOf } from './refresh.js';

/**
 * Reads SLA figures: from the stored tables (as of each office's latest transition), or, for an
 * explicit as-of instant, from temp tables computed for that request on a session of its own.
 */
export async function withSla<T>(db: Database, asOf: string | undefined, office: string | undefined, fn: (s: Pick<Session, 'all' | 'one'>) => Promise<T>): Promise<T> {
  if (!asOf) return fn(db);
  if (Number.isNaN(Date.parse(asOf))) throw new BadRequestError(`as_of "${asOf}" is not an ISO 8601 instant`);
  const s = await db.connect();
  try {
    await s.run("set TimeZone = 'UTC'");
    await computeAsOf(s, asOf, office);
    return await fn(s);
  } finally {
    s.conn.closeSync();
  }
}

export interface Period {
  from: string; // inclusive local date
  to: string; // exclusive local date
}

/** A period from month=YYYY-MM or from/to dates (to inclusive); null when none is given. */
export function period(q: { month?: string | undefined; from?: string | undefined; to?: string | undefined }): Period | null {
  if (q.month) {
    const [y, m] = q.month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return { from: `${q.month}-01`, to: next };
  }
  if (q.from || q.to) {
    const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : '2100-01-01';
    return { from: q.from ?? '2000-01-01', to };
  }
  return null;
}
