/**
 * An instant as an office's wall clock reads it, to the second: the year, month, day, hour, minute
 * and second in `timeZone`, as the milliseconds of the UTC instant with those fields (what a chart
 * on a UTC scale, a spreadsheet cell or a midnight computation needs). One formatter per zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClockMs(at: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}
