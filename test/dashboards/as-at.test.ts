import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { buildSummaries } from '../../src/read/summaries.js';
import { openDemoEventsDb } from '../helpers.js';

/**
 * "Now" tiles as at the period (issue #25 §1): the Ringkasan's "cases overdue" of a past month is
 * the count at that month's end (submitted, past due, neither ready nor cancelled by then), not the
 * cases in progress at the latest data. Expected counts are made here in JavaScript from the
 * instants of case_sla, with the month's end at local midnight (Asia/Jakarta, +07:00, no DST), and
 * compared for both ways the page reads (summaries for a month, the live query for a range).
 */
let db: Database;
let app: FastifyInstance;
interface Row {
  office: string;
  submitted_at: number;
  due_at: number | null;
  ready_at: number | null;
  cancelled_at: number | null;
  as_of: number;
}
let rows: Row[];
beforeAll(async () => {
  db = await openDemoEventsDb();
  await buildSummaries(db);
  app = await buildApp({ db });
  rows = (
    await db.all<Record<string, string | number | bigint | null>>(
      `select office, epoch_ms(submitted_at) as s, epoch_ms(due_at) as d, epoch_ms(ready_at) as r, epoch_ms(cancelled_at) as c, epoch_ms(a.as_of) as a
       from case_sla join office_as_of() a using (office) where office = 'pekanbaru'`,
    )
  ).map((r) => {
    const ms = (x: string | number | bigint | null | undefined) => (x == null ? null : Number(x));
    return {
      office: String(r.office),
      submitted_at: ms(r.s)!,
      due_at: ms(r.d),
      ready_at: ms(r.r),
      cancelled_at: ms(r.c),
      as_of: ms(r.a)!,
    };
  });
});
afterAll(async () => {
  await app?.close();
  db?.close();
});

/** Cases overdue at the local midnight that starts `day` (YYYY-MM-DD), or at as-of if earlier. */
function overdueAt(day: string): number {
  const end = Date.parse(`${day}T00:00:00+07:00`);
  return rows.filter((r) => {
    const at = Math.min(end, r.as_of);
    return (
      r.submitted_at < at &&
      r.due_at != null &&
      r.due_at < at &&
      (r.ready_at == null || r.ready_at >= at) &&
      (r.cancelled_at == null || r.cancelled_at >= at)
    );
  }).length;
}

const tile = async (q: string) => {
  const r = await app.inject({ method: 'GET', url: `/api/dash/ringkasan?office=pekanbaru&${q}` });
  expect(r.statusCode).toBe(200);
  const t = (r.json().tiles as Array<{ id: string; value: number | null; previous: number | null }>).find(
    (x) => x.id === 'overdue_now',
  )!;
  return t;
};

describe('Ringkasan as at the period', () => {
  it('a past month counts the cases overdue at its end, the same from the summaries and from the live query', async () => {
    const inProgressLate = rows.filter(
      (r) => r.ready_at == null && r.cancelled_at == null && r.due_at != null && r.due_at < r.as_of,
    ).length;
    const months = ['2025-03', '2025-06', '2025-10', '2026-02', '2026-07'];
    const seen = new Set<number>();
    for (const m of months) {
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
      const prevEnd = `${m}-01`;
      const last = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const expected = overdueAt(next);
      seen.add(expected);
      const month = await tile(`period=month&month=${m}`);
      expect(month.value, `${m} from the summaries`).toBe(expected);
      expect(month.previous, `${m}: the previous month at its end`).toBe(overdueAt(prevEnd));
      const range = await tile(`period=range&from=${m}-01&to=${last}`);
      expect(range.value, `${m} from the live query`).toBe(expected);
    }
    // the months differ from each other and from "in progress and late at the latest data": a
    // count of the latest data could not pass
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].some((n) => n !== inProgressLate)).toBe(true);
  });

  it('the month of the latest data counts as at as-of: the cases in progress and late', async () => {
    const latest = await db.one<{ m: string }>(
      "select strftime(as_of at time zone 'Asia/Jakarta', '%Y-%m') as m from office_as_of() where office = 'pekanbaru'",
    );
    const inProgressLate = rows.filter(
      (r) => r.ready_at == null && r.cancelled_at == null && r.due_at != null && r.due_at < r.as_of,
    ).length;
    expect(inProgressLate).toBeGreaterThan(0);
    expect((await tile(`period=month&month=${latest!.m}`)).value).toBe(inProgressLate);
  });
});
