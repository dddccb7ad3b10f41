import type { Database, Session } from '../db/index.js';
import { BadRequestError } from '../errors.js';
import { computeAsOf } from './refresh.js';
import { inBoth } from '../i18n/index.js';

/**
 * Reads SLA figures: from the stored tables (as of each office's latest transition), or, for an
 * explicit as-of instant, from temp tables computed for that request on a session of its own.
 */
export async function withSla<T>(
  db: Database,
  asOf: string | undefined,
  office: string | undefined,
  fn: (s: Pick<Session, 'all' | 'one' | 'allPrepared'>) => Promise<T>,
): Promise<T> {
  if (!asOf) return fn(db);
  const s = await db.connect();
  try {
    await computeAsOf(s, await resolveInstant(s, asOf, office), office);
    return await fn(s);
  } finally {
    s.conn.closeSync();
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * An as-of instant from ISO 8601 text: with an offset it is absolute; without one it is the
 * office's local time (like event times), which needs the office. A date alone is its end:
 * as of 2026-06-30 means up to the end of that day.
 */
export async function resolveInstant(
  s: Pick<Session, 'one'>,
  text: string,
  office: string | undefined,
): Promise<string> {
  const t = text.trim();
  if (!ISO.test(t)) throw new BadRequestError(inBoth('as_of_format', { text }));
  const dateOnly = t.length === 10;
  const withOffset = !dateOnly && HAS_OFFSET.test(t);
  if (!withOffset && !office) throw new BadRequestError(inBoth('as_of_no_offset', { text }));
  const row = await s
    .one<{ t: Date | null }>(
      withOffset
        ? 'select try_cast($t as timestamptz) as t'
        : `select timezone(o.timezone, try_cast($t as timestamp)${dateOnly ? ' + interval 1 day - interval 1 microsecond' : ''}) as t from offices o where o.office = $office`,
      withOffset ? { t } : { t, office: office! },
    )
    .catch(() => undefined);
  if (!row?.t)
    throw new BadRequestError(
      office ? inBoth('as_of_invalid_office', { text, office }) : inBoth('as_of_invalid', { text }),
    );
  return row.t.toISOString();
}

export interface Period {
  from: string; // inclusive local date
  to: string; // exclusive local date
}

/** A period from month=YYYY-MM or from/to dates (to inclusive); null when none is given. */
export function period(q: {
  month?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): Period | null {
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
