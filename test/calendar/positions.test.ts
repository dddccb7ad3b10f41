/**
 * src/calendar/positions.ts (work_pos / work_instant in JS, for the kartu kendali's quota bands)
 * equals the SQL macros of queries/_macros.sql over the shipped calendar: random instants to the
 * microsecond (positions bit for bit) and random quotas from them (instants to the microsecond),
 * for offices in three time zones, Ramadan and Friday hours, holidays and weekends included.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workInstant, workPos, type Interval } from '../../src/calendar/positions.js';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { fixture, openTestDb } from '../helpers.js';
import { propertySeed } from '../property.js';

let db: Database;
const SEED = propertySeed('calendar/positions.test.ts', 20261203);
const intervals = new Map<string, Interval[]>();
const OFFICES = ['pekanbaru', 'makassar', 'jayapura'];
const FROM_US = Date.UTC(2025, 0, 1) * 1000;
const TO_US = Date.UTC(2026, 11, 31) * 1000;

beforeAll(async () => {
  db = await openTestDb();
  await loadConfigFile(db, 'catalogue', fixture('calendar/offices-tz.yaml'));
  await loadConfigFile(db, 'calendar', fixture('calendar/local-calendar.yaml'));
  for (const o of OFFICES) {
    const rows = await db.all<{ s: number; minutes: number; cum_start: number }>(
      `select epoch_us(start_at) as s, minutes, cum_start from working_intervals
       where office = $o and start_at >= timestamptz '2024-12-01 00:00:00+00' and start_at <= timestamptz '2027-02-01 00:00:00+00' order by start_at`,
      { o },
    );
    expect(rows.length).toBeGreaterThan(400);
    intervals.set(
      o,
      rows.map((r) => ({ startUs: Number(r.s), minutes: r.minutes, cumStart: r.cum_start })),
    );
  }
});
afterAll(() => db?.close());

/** The macros over the stored intervals: position of each instant, and the instant of position + quota. */
async function sql(office: string, points: { t: number; quota: number }[]) {
  // the points inline (integers and doubles print exactly: the shortest round-trip form)
  const values = points.map((p, i) => `(${i + 1}, ${p.t}::bigint, ${p.quota}::double)`).join(', ');
  return db.all<{ i: number; pos: number; end_us: number | null }>(
    `with x as (select i, timezone('UTC', make_timestamp(t_us)) as t, quota from (values ${values}) as p(i, t_us, quota)),
     a as (
       select x.i, x.quota, work_pos(x.t, w.start_at, w.minutes, w.cum_start) as pos
       from x asof left join (select * from working_intervals where office = $office) w on x.t >= w.start_at
     ),
     b as (
       select a.i, a.pos, work_instant(a.pos + a.quota, w.start_at, w.minutes, w.cum_start) as e
       from a asof left join (select * from working_intervals where office = $office) w on a.pos + a.quota > w.cum_start
     )
     select i, pos, epoch_us(e) as end_us from b order by i`,
    { office },
  );
}

describe('work_pos / work_instant in JS', () => {
  it('equal the SQL macros to the microsecond', async () => {
    const point = fc.record({
      t: fc.integer({ min: FROM_US, max: TO_US }),
      quota: fc.oneof(fc.constantFrom(0, 20, 60, 450, 900, 3150), fc.double({ min: 0, max: 5000, noNaN: true })),
    });
    for (const office of OFFICES) {
      const points = fc.sample(point, { numRuns: 300, seed: SEED });
      // instants on interval edges too: a start, an end, a microsecond either side
      const ws = intervals
        .get(office)!
        .filter((w) => w.startUs > FROM_US && w.startUs < TO_US)
        .slice(0, 40);
      for (const w of ws) for (const d of [-1, 0, 1, w.minutes * 60e6]) points.push({ t: w.startUs + d, quota: 30 });
      const expected = await sql(office, points);
      expect(expected).toHaveLength(points.length);
      const iv = intervals.get(office)!;
      let compared = 0;
      points.forEach((p, k) => {
        const pos = workPos(iv, p.t);
        expect(pos, `${office} pos of ${p.t}`).toBe(expected[k]!.pos);
        const end = workInstant(iv, pos + p.quota);
        expect(end, `${office} ${p.t} + ${p.quota}`).toBe(
          expected[k]!.end_us == null ? null : Number(expected[k]!.end_us),
        );
        compared++;
      });
      expect(compared).toBeGreaterThan(300);
    }
  });
});
