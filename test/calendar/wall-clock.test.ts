import { describe, expect, it } from 'vitest';
import { wallClockMs } from '../../src/calendar/wall-clock.js';
import { localMs } from '../../src/dashboards/specs.js';
import { nextLocalMidnight } from '../../src/report/scheduler.js';

// Hand-computed: WIB is UTC+7, WIT UTC+9 (no daylight saving in Indonesia).
describe('the wall clock of an instant', () => {
  it('reads the office zone to the second, across a day and a year', () => {
    expect(wallClockMs(new Date('2026-10-31T16:59:59.500Z'), 'Asia/Jakarta')).toBe(Date.UTC(2026, 9, 31, 23, 59, 59));
    expect(wallClockMs(new Date('2026-10-31T17:00:00Z'), 'Asia/Jakarta')).toBe(Date.UTC(2026, 10, 1, 0, 0, 0));
    expect(wallClockMs(new Date('2026-12-31T15:00:00Z'), 'Asia/Jayapura')).toBe(Date.UTC(2027, 0, 1, 0, 0, 0));
  });
  it('keeps the milliseconds where a chart draws them (localMs)', () => {
    expect(localMs('2026-10-31T16:59:59.500Z', 'Asia/Jakarta')).toBe(Date.UTC(2026, 9, 31, 23, 59, 59, 500));
  });
  it('gives the next local midnight (the draft scheduler), also from a midnight itself', () => {
    expect(nextLocalMidnight(new Date('2026-10-31T16:59:59.500Z'), 'Asia/Jakarta').toISOString()).toBe(
      '2026-10-31T17:00:00.000Z',
    );
    expect(nextLocalMidnight(new Date('2026-10-31T17:00:00Z'), 'Asia/Jakarta').toISOString()).toBe(
      '2026-11-01T17:00:00.000Z',
    );
    expect(nextLocalMidnight(new Date('2026-12-31T14:30:00Z'), 'Asia/Jayapura').toISOString()).toBe(
      '2026-12-31T15:00:00.000Z',
    );
  });
});
