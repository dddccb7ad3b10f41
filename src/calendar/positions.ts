/**
 * Working positions over a handful of an office's working intervals, in JavaScript: the macros
 * `work_pos` and `work_instant` of queries/_macros.sql, for a page that needs a few instants and
 * cannot afford a query with two ASOF joins (the kartu kendali's quota bands; DuckDB takes
 * 15–20 ms to plan and run one however small). The same arithmetic in the same order (IEEE
 * doubles over microseconds), so the results equal the SQL's; test/calendar/positions.test.ts
 * checks them against the macros.
 */

/** One row of `working_intervals`: instants as microseconds since the epoch. */
export interface Interval {
  startUs: number;
  minutes: number;
  cumStart: number;
}

/** Index of the last element with key(x) satisfying `before`, or -1 (elements in ascending order). */
function lastWhere(xs: Interval[], before: (x: Interval) => boolean): number {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (before(xs[mid]!)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * `work_pos`: the working position of instant `tUs` (the last interval starting at or before it; 0 before the first).
 */
export function workPos(intervals: Interval[], tUs: number): number {
  const i = lastWhere(intervals, (w) => w.startUs <= tUs);
  if (i < 0) return 0;
  const w = intervals[i]!;
  return w.cumStart + Math.min(tUs - w.startUs, w.minutes * 60e6) / 60e6;
}

/** `work_instant`: the instant (microseconds) at which the position reaches `pos`, or null past the intervals given. */
export function workInstant(intervals: Interval[], pos: number): number | null {
  const i = lastWhere(intervals, (w) => w.cumStart < pos);
  if (i < 0) return null;
  const w = intervals[i]!;
  if (!(pos <= w.cumStart + w.minutes)) return null;
  // DuckDB's round() of a double: half away from zero
  const d = (pos - w.cumStart) * 60e6;
  return w.startUs + Math.sign(d) * Math.round(Math.abs(d));
}
