import { describe, expect, it } from 'vitest';
import { parseCalendarDoc, parseHolidayCsv } from '../../src/calendar/calendar.js';
import { InputError } from '../../src/errors.js';
import type { Lang } from '../../src/i18n/index.js';

/*
 * Why a calendar file is refused, in the reader's language (issue #24 §3): the schema's faults and
 * the checks of the office hours and the holiday list are catalogue texts (src/i18n/catalogue.ts).
 */

/** The issues of a refusal as "line field: reason" (line only for the holiday list). */
function refusal(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues.map((i) => `${i.line ?? ''} ${i.field}: ${i.reason}`.trim());
  }
  throw new Error('the file was accepted');
}

describe('office hours', () => {
  // valid_to before valid_from; a day name that is none; a range that ends before it starts;
  // mon-thu has two ranges that overlap (11:00 < 12:00) on each of its four days
  const doc = {
    office_hours: [
      {
        schedule: 'normal',
        valid_from: '2024-01-01',
        valid_to: '2023-12-31',
        days: { 'mon-thu': ['07:30-12:00', '11:00-16:00'], funday: ['08:00-09:00'], fri: ['16:00-08:00'] },
      },
    ],
  };
  const days = ['mon', 'tue', 'wed', 'thu'];

  it('in Indonesian by default', () => {
    expect(refusal(() => parseCalendarDoc(doc, 'c.yaml'))).toEqual([
      'valid_to: jadwal */normal: valid_to lebih awal dari valid_from',
      'days: jadwal */normal: "funday" bukan nama hari atau rentang hari (mon … sun, mis. mon-thu)',
      'days: jadwal */normal: "16:00-08:00" harus berakhir sesudah mulainya, di hari yang sama',
      ...days.map((d) => `days: jadwal */normal: rentang jam tumpang tindih pada ${d}`),
    ]);
  });

  it('in English when asked', () => {
    expect(refusal(() => parseCalendarDoc(doc, 'c.yaml', 'en'))).toEqual([
      'valid_to: schedule */normal: valid_to is before valid_from',
      'days: schedule */normal: "funday" is not a weekday or range (mon … sun, e.g. mon-thu)',
      'days: schedule */normal: "16:00-08:00" must end after it starts, within the day',
      ...days.map((d) => `days: schedule */normal: intervals overlap on ${d}`),
    ]);
  });

  it('the schema’s faults carry the field path', () => {
    const bad = { office_hours: [{ schedule: 'x', valid_from: '2024-01-01', days: { mon: ['7:30-12'] } }] };
    const at = (lang: Lang) => refusal(() => parseCalendarDoc(bad, 'c.yaml', lang));
    expect(at('id')).toEqual(['office_hours.0.days.mon.0: harus rentang jam HH:MM-HH:MM']);
    expect(at('en')).toEqual(['office_hours.0.days.mon.0: expected hours HH:MM-HH:MM']);
    const noDate = { holidays: [{ date: '2024-13', kind: 'libur_nasional', name: 'x' }, { kind: 'masuk' }] };
    expect(refusal(() => parseCalendarDoc(noDate, 'c.yaml', 'en'))).toEqual([
      'holidays.0.date: expected a YYYY-MM-DD date',
      'holidays.1.date: required',
      'holidays.1.name: required',
    ]);
  });
});

describe('the holiday list (CSV)', () => {
  it('a missing column, then a bad kind on its line', () => {
    expect(refusal(() => parseHolidayCsv('date,kind\n2024-01-01,libur_nasional\n', 'h.csv'))).toEqual([
      '1 name_id: kolom wajib "name_id" (atau "name") tidak ada',
    ]);
    expect(refusal(() => parseHolidayCsv('kind,name\n', 'h.csv', 'en'))).toEqual([
      '1 date: required column "date" is missing',
    ]);
    const csv = 'date,kind,name\n2024-01-01,libur,Tahun Baru\n';
    expect(refusal(() => parseHolidayCsv(csv, 'h.csv'))).toEqual([
      '2 kind: harus salah satu dari: libur_nasional, cuti_bersama, libur_lokal, masuk',
    ]);
    expect(refusal(() => parseHolidayCsv(csv, 'h.csv', 'en'))).toEqual([
      '2 kind: must be one of: libur_nasional, cuti_bersama, libur_lokal, masuk',
    ]);
  });
});
