/**
 * Working calendars: office hours, holidays, `masuk` days and dated schedules (SPEC §2.1),
 * their working intervals and the working-minute positions the engine counts with.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { type HoursRow, loadCalendar, parseHolidayCsv, readCalendarFile, rebuildWorkingIntervals } from './calendar.js';
export { calendarCoverage, coverageWarnings, ensureNationalCalendar, type OfficeCoverage } from './coverage.js';
export { type Interval, workInstant, workPos } from './positions.js';
export { wallClockMs } from './wall-clock.js';
