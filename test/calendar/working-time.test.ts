import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingMinutes, workingMinutes, workingPosition } from '../../src/calendar/calendar.js';
import type { Database } from '../../src/db/database.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { fixture, openTestDb } from '../helpers.js';
import { propertySeed } from '../property.js';

/**
 * Working time (SPEC §2.1) against the shipped calendar (sample-data/calendar.yaml), the national
 * holiday list (sample-data/holidays-id-2024-2026.csv) and two small fixtures:
 * - calendar/offices-tz.yaml: offices `makassar` (Asia/Makassar, UTC+8) and `jayapura`
 *   (Asia/Jayapura, UTC+9);
 * - calendar/local-calendar.yaml: makassar has its own hours in July 2026 (Mon–Fri 08:00–14:00, no
 *   break = 360 min), rokan-hilir a libur_lokal on Wed 2026-06-03, lampung-selatan a `masuk` on Fri
 *   2025-12-26 (cuti bersama nationally).
 *
 * Default hours: Mon–Thu 07:30–12:00 (270) + 13:00–16:00 (180) = 450; Fri 07:30–11:30 (240) +
 * 13:00–16:30 (210) = 450. Ramadan: Mon–Thu 08:00–12:00 (240) + 12:30–15:00 (150) = 390;
 * Fri 08:00–11:30 (210) + 12:30–15:30 (180) = 390. All offices in the seed are WIB (UTC+7).
 * Weekdays used below: 2025-12-24 Wed, 2025-12-25 Thu (Natal), 2025-12-26 Fri (cuti bersama),
 * 2025-12-29 Mon, 2026-05-29 Fri, 2026-05-31 Sun (Waisak), 2026-06-01 Mon (Hari Lahir Pancasila),
 * 2026-06-02 Tue … 2026-06-05 Fri, 2026-06-08 Mon (no holiday 2–12 June 2026).
 */

let db: Database;

/** The shipped configuration and the two fixtures above. */
async function openCalendarDb(): Promise<Database> {
  const d = await openTestDb();
  await loadConfigFile(d, 'catalogue', fixture('calendar/offices-tz.yaml'));
  await loadConfigFile(d, 'calendar', fixture('calendar/local-calendar.yaml'));
  return d;
}

beforeAll(async () => {
  db = await openCalendarDb();
});

afterAll(() => db?.close());

const wm = (office: string, a: string | Date, b: string | Date) => workingMinutes(db, office, a, b);
const add = (office: string, t: string | Date, n: number) => addWorkingMinutes(db, office, t, n);

describe('SPEC §2.3 worked example', () => {
  it('Fri 2026-05-29 15:50 → Tue 2026-06-02 08:10 WIB in pekanbaru is 80 working minutes', async () => {
    // Fri 15:50–16:30 = 40; Sat 30 May, Sun 31 May (Waisak) none; Mon 1 June Hari Lahir Pancasila
    // (libur_nasional) none; Tue 07:30–08:10 = 40. 40 + 0 + 40 = 80.
    expect(await wm('pekanbaru', '2026-05-29T15:50:00+07:00', '2026-06-02T08:10:00+07:00')).toBeCloseTo(80, 9);
  });

  it('the same interval reversed is −80', async () => {
    // workingMinutes is position(b) − position(a), so swapping a and b negates it: −80.
    expect(await wm('pekanbaru', '2026-06-02T08:10:00+07:00', '2026-05-29T15:50:00+07:00')).toBeCloseTo(-80, 9);
  });

  it('the same instants given in UTC give the same 80', async () => {
    // 15:50 WIB = 08:50Z; 08:10 WIB = 01:10Z.
    expect(await wm('pekanbaru', new Date('2026-05-29T08:50:00Z'), new Date('2026-06-02T01:10:00Z'))).toBeCloseTo(
      80,
      9,
    );
  });
});

describe('default office hours (pekanbaru, WIB)', () => {
  it('a full Thursday is 450 minutes', async () => {
    // Thu 2026-06-04: 07:30–12:00 = 270, 13:00–16:00 = 180 → 450.
    expect(await wm('pekanbaru', '2026-06-04T00:00:00+07:00', '2026-06-05T00:00:00+07:00')).toBeCloseTo(450, 9);
  });

  it('a full Friday is 450 minutes', async () => {
    // Fri 2026-06-05: 07:30–11:30 = 240, 13:00–16:30 = 210 → 450.
    expect(await wm('pekanbaru', '2026-06-05T00:00:00+07:00', '2026-06-06T00:00:00+07:00')).toBeCloseTo(450, 9);
  });

  it('a full week Mon 8 – Fri 12 June 2026 is 5 × 450 = 2250', async () => {
    // Mon 8 June 00:00 → Mon 15 June 00:00: five working days of 450, weekend 0 → 2250.
    expect(await wm('pekanbaru', '2026-06-08T00:00:00+07:00', '2026-06-15T00:00:00+07:00')).toBeCloseTo(2250, 9);
  });

  it('starting before opening counts from 07:30', async () => {
    // Thu 06:00–09:00: only 07:30–09:00 = 90.
    expect(await wm('pekanbaru', '2026-06-04T06:00:00+07:00', '2026-06-04T09:00:00+07:00')).toBeCloseTo(90, 9);
  });

  it('ending before opening is 0', async () => {
    // Thu 05:00–07:00: the office opens at 07:30 → 0.
    expect(await wm('pekanbaru', '2026-06-04T05:00:00+07:00', '2026-06-04T07:00:00+07:00')).toBe(0);
  });

  it('starting inside the break counts from 13:00', async () => {
    // Thu 12:30–14:00: break until 13:00, then 13:00–14:00 = 60.
    expect(await wm('pekanbaru', '2026-06-04T12:30:00+07:00', '2026-06-04T14:00:00+07:00')).toBeCloseTo(60, 9);
  });

  it('ending inside the break stops at 12:00', async () => {
    // Thu 11:00–12:45: 11:00–12:00 = 60, break after.
    expect(await wm('pekanbaru', '2026-06-04T11:00:00+07:00', '2026-06-04T12:45:00+07:00')).toBeCloseTo(60, 9);
  });

  it('an interval wholly inside the break is 0', async () => {
    // Thu 12:10–12:50 lies in the 12:00–13:00 break → 0.
    expect(await wm('pekanbaru', '2026-06-04T12:10:00+07:00', '2026-06-04T12:50:00+07:00')).toBe(0);
  });

  it('the Friday break is 11:30–13:00, the Thursday break 12:00–13:00', async () => {
    // Fri 11:00–13:30: 11:00–11:30 = 30 + 13:00–13:30 = 30 → 60.
    expect(await wm('pekanbaru', '2026-06-05T11:00:00+07:00', '2026-06-05T13:30:00+07:00')).toBeCloseTo(60, 9);
    // Thu 11:00–13:30: 11:00–12:00 = 60 + 13:00–13:30 = 30 → 90.
    expect(await wm('pekanbaru', '2026-06-04T11:00:00+07:00', '2026-06-04T13:30:00+07:00')).toBeCloseTo(90, 9);
  });

  it('ending after closing stops at 16:00 (Mon–Thu) and 16:30 (Fri)', async () => {
    // Thu 15:30–18:00: 15:30–16:00 = 30.
    expect(await wm('pekanbaru', '2026-06-04T15:30:00+07:00', '2026-06-04T18:00:00+07:00')).toBeCloseTo(30, 9);
    // Fri 15:30–18:00: 15:30–16:30 = 60.
    expect(await wm('pekanbaru', '2026-06-05T15:30:00+07:00', '2026-06-05T18:00:00+07:00')).toBeCloseTo(60, 9);
  });

  it('an interval wholly after closing is 0', async () => {
    // Thu 16:10–20:00: closed since 16:00 → 0.
    expect(await wm('pekanbaru', '2026-06-04T16:10:00+07:00', '2026-06-04T20:00:00+07:00')).toBe(0);
  });

  it('spanning a weekend counts Friday afternoon and Monday morning only', async () => {
    // Fri 5 June 14:00–16:30 = 150; Sat 6, Sun 7 none; Mon 8 June 07:30–09:00 = 90 → 240.
    expect(await wm('pekanbaru', '2026-06-05T14:00:00+07:00', '2026-06-08T09:00:00+07:00')).toBeCloseTo(240, 9);
  });

  it('a whole weekend is 0', async () => {
    // Sat 6 June 00:00 → Mon 8 June 00:00: no office hours on Saturday and Sunday → 0.
    expect(await wm('pekanbaru', '2026-06-06T00:00:00+07:00', '2026-06-08T00:00:00+07:00')).toBe(0);
  });

  it('a national holiday (Natal, Thu 2025-12-25) is 0', async () => {
    // 2025-12-25 libur_nasional "Kelahiran Yesus Kristus" in the CSV → closed all day → 0.
    expect(await wm('pekanbaru', '2025-12-25T00:00:00+07:00', '2025-12-26T00:00:00+07:00')).toBe(0);
  });

  it('a cuti bersama day (Fri 2025-12-26) is 0', async () => {
    // 2025-12-26 cuti_bersama "Cuti Bersama Kelahiran Yesus Kristus" in the CSV → 0.
    expect(await wm('pekanbaru', '2025-12-26T00:00:00+07:00', '2025-12-27T00:00:00+07:00')).toBe(0);
  });

  it('a span over Natal, cuti bersama and a weekend', async () => {
    // Wed 24 Dec 2025 15:00–16:00 = 60; Thu 25 Natal 0; Fri 26 cuti bersama 0; Sat 27, Sun 28 0;
    // Mon 29 Dec 07:30–08:30 = 60 → 120.
    expect(await wm('pekanbaru', '2025-12-24T15:00:00+07:00', '2025-12-29T08:30:00+07:00')).toBeCloseTo(120, 9);
  });

  it('workingPosition differences are workingMinutes, and before the calendar the position is 0', async () => {
    // Position is cumulative working minutes from the start of the calendar (2000-01-01); the
    // difference over the worked example is 80 as above.
    const a = await workingPosition(db, 'pekanbaru', '2026-05-29T15:50:00+07:00');
    const b = await workingPosition(db, 'pekanbaru', '2026-06-02T08:10:00+07:00');
    expect(b - a).toBeCloseTo(80, 9);
    // 1999-06-01 is before the first working interval (2000-01-03 07:30 WIB) → 0.
    expect(await workingPosition(db, 'pekanbaru', '1999-06-01T00:00:00Z')).toBe(0);
  });
});

describe('Ramadan hours', () => {
  it('a full Ramadan Monday (2026-03-02) is 390', async () => {
    // ramadan-1447 (2026-02-19..2026-03-20): Mon 08:00–12:00 = 240 + 12:30–15:00 = 150 → 390.
    expect(await wm('pekanbaru', '2026-03-02T00:00:00+07:00', '2026-03-03T00:00:00+07:00')).toBeCloseTo(390, 9);
  });

  it('a full Ramadan Friday (2026-02-20) is 390', async () => {
    // Fri 08:00–11:30 = 210 + 12:30–15:30 = 180 → 390.
    expect(await wm('pekanbaru', '2026-02-20T00:00:00+07:00', '2026-02-21T00:00:00+07:00')).toBeCloseTo(390, 9);
  });

  it('a full Ramadan 1446 Monday (2025-03-03) is 390', async () => {
    // ramadan-1446 (2025-03-01..2025-03-30), Monday → 390.
    expect(await wm('pekanbaru', '2025-03-03T00:00:00+07:00', '2025-03-04T00:00:00+07:00')).toBeCloseTo(390, 9);
  });

  it('a Ramadan week Mon 2 – Fri 6 March 2026 is 5 × 390 = 1950', async () => {
    // No holiday 2–6 March 2026; 5 × 390 = 1950.
    expect(await wm('pekanbaru', '2026-03-02T00:00:00+07:00', '2026-03-09T00:00:00+07:00')).toBeCloseTo(1950, 9);
  });

  it('Ramadan opens at 08:00, breaks 12:00–12:30 and closes at 15:00 (Mon–Thu) / 15:30 (Fri)', async () => {
    // Mon 2 March 07:30–08:00: closed until 08:00 → 0.
    expect(await wm('pekanbaru', '2026-03-02T07:30:00+07:00', '2026-03-02T08:00:00+07:00')).toBe(0);
    // Mon 11:45–12:45: 11:45–12:00 = 15 + 12:30–12:45 = 15 → 30.
    expect(await wm('pekanbaru', '2026-03-02T11:45:00+07:00', '2026-03-02T12:45:00+07:00')).toBeCloseTo(30, 9);
    // Mon 14:30–16:00: 14:30–15:00 = 30.
    expect(await wm('pekanbaru', '2026-03-02T14:30:00+07:00', '2026-03-02T16:00:00+07:00')).toBeCloseTo(30, 9);
    // Fri 6 March 11:00–13:00: 11:00–11:30 = 30 + 12:30–13:00 = 30 → 60.
    expect(await wm('pekanbaru', '2026-03-06T11:00:00+07:00', '2026-03-06T13:00:00+07:00')).toBeCloseTo(60, 9);
    // Fri 6 March 15:00–16:30: 15:00–15:30 = 30.
    expect(await wm('pekanbaru', '2026-03-06T15:00:00+07:00', '2026-03-06T16:30:00+07:00')).toBeCloseTo(30, 9);
  });

  it('from the day before Ramadan 1447 into its first day', async () => {
    // Wed 18 Feb 2026 (normal) 15:00–16:00 = 60; Thu 19 Feb (Ramadan) 08:00–09:00 = 60 → 120.
    expect(await wm('pekanbaru', '2026-02-18T15:00:00+07:00', '2026-02-19T09:00:00+07:00')).toBeCloseTo(120, 9);
  });

  it('from the last Ramadan 1447 working day into normal hours', async () => {
    // Tue 17 Mar 2026 (Ramadan) 14:00–15:00 = 60; Wed 18 cuti bersama, Thu 19 Nyepi, Fri 20 cuti
    // bersama, Sat 21 / Sun 22 Idul Fitri, Mon 23 / Tue 24 cuti bersama: 0; Wed 25 Mar (normal,
    // Ramadan ended 20 Mar) 07:30–08:00 = 30 → 90.
    expect(await wm('pekanbaru', '2026-03-17T14:00:00+07:00', '2026-03-25T08:00:00+07:00')).toBeCloseTo(90, 9);
  });

  it('from the last Ramadan 1446 working day into normal hours', async () => {
    // Thu 27 Mar 2025 (Ramadan) 14:00–15:00 = 60; 28 Mar cuti bersama, 29 Nyepi (Sat), 30 Sun,
    // 31 Mar + 1 Apr Idul Fitri, 2–4 Apr cuti bersama, 5–6 weekend, 7 Apr cuti bersama: 0;
    // Tue 8 Apr 2025 (normal) 07:30–09:00 = 90 → 150.
    expect(await wm('pekanbaru', '2025-03-27T14:00:00+07:00', '2025-04-08T09:00:00+07:00')).toBeCloseTo(150, 9);
  });
});

describe('other time zones', () => {
  const offices = ['pekanbaru', 'makassar', 'jayapura'] as const;
  const offset = { pekanbaru: '+07:00', makassar: '+08:00', jayapura: '+09:00' } as const;

  it('the same local wall-clock interval gives the same working minutes in every zone', async () => {
    // Wed 3 June 07:30 → Fri 5 June 10:00 local: Wed 450 + Thu 450 + Fri 07:30–10:00 = 150 → 1050,
    // whatever the zone (each office works its own local hours).
    for (const o of offices) {
      expect(await wm(o, `2026-06-03T07:30:00${offset[o]}`, `2026-06-05T10:00:00${offset[o]}`)).toBeCloseTo(1050, 9);
    }
  });

  it('a full local day is 450 in every zone', async () => {
    // Thu 4 June 2026 00:00–24:00 local → 450.
    for (const o of offices) {
      expect(await wm(o, `2026-06-04T00:00:00${offset[o]}`, `2026-06-05T00:00:00${offset[o]}`)).toBeCloseTo(450, 9);
    }
  });

  it('the same absolute instants give different results by zone', async () => {
    // 2026-06-03T00:00Z–09:00Z is 07:00–16:00 WIB, 08:00–17:00 WITA, 09:00–18:00 WIT (a Wednesday).
    // Jakarta: 07:30–12:00 (270) + 13:00–16:00 (180) = 450.
    expect(await wm('pekanbaru', '2026-06-03T00:00:00Z', '2026-06-03T09:00:00Z')).toBeCloseTo(450, 9);
    // Makassar: 08:00–12:00 (240) + 13:00–16:00 (180) = 420.
    expect(await wm('makassar', '2026-06-03T00:00:00Z', '2026-06-03T09:00:00Z')).toBeCloseTo(420, 9);
    // Jayapura: 09:00–12:00 (180) + 13:00–16:00 (180) = 360.
    expect(await wm('jayapura', '2026-06-03T00:00:00Z', '2026-06-03T09:00:00Z')).toBeCloseTo(360, 9);
  });

  it('an instant early in UTC is before opening in Jakarta but working time further east', async () => {
    // 2026-06-02T23:00Z–2026-06-03T00:30Z = Wed 3 June 06:00–07:30 WIB, 07:00–08:30 WITA,
    // 08:00–09:30 WIT. Jakarta 0; Makassar 07:30–08:30 = 60; Jayapura 08:00–09:30 = 90.
    expect(await wm('pekanbaru', '2026-06-02T23:00:00Z', '2026-06-03T00:30:00Z')).toBe(0);
    expect(await wm('makassar', '2026-06-02T23:00:00Z', '2026-06-03T00:30:00Z')).toBeCloseTo(60, 9);
    expect(await wm('jayapura', '2026-06-02T23:00:00Z', '2026-06-03T00:30:00Z')).toBeCloseTo(90, 9);
  });

  it('an instant late in UTC is still open in Jakarta but closed further east', async () => {
    // 2026-06-03T08:30Z–09:30Z = 15:30–16:30 WIB (open until 16:00 → 30), 16:30–17:30 WITA (0),
    // 17:30–18:30 WIT (0).
    expect(await wm('pekanbaru', '2026-06-03T08:30:00Z', '2026-06-03T09:30:00Z')).toBeCloseTo(30, 9);
    expect(await wm('makassar', '2026-06-03T08:30:00Z', '2026-06-03T09:30:00Z')).toBe(0);
    expect(await wm('jayapura', '2026-06-03T08:30:00Z', '2026-06-03T09:30:00Z')).toBe(0);
  });

  it('07:30 local opening is 00:30Z in Jakarta, 23:30Z the day before in Makassar, 22:30Z in Jayapura', async () => {
    // A 30-minute window just after each office's local opening on Wed 3 June: 30 each, and 0 for
    // the other offices' windows that fall before their own opening.
    expect(await wm('pekanbaru', '2026-06-03T00:30:00Z', '2026-06-03T01:00:00Z')).toBeCloseTo(30, 9);
    expect(await wm('makassar', '2026-06-02T23:30:00Z', '2026-06-03T00:00:00Z')).toBeCloseTo(30, 9);
    expect(await wm('jayapura', '2026-06-02T22:30:00Z', '2026-06-02T23:00:00Z')).toBeCloseTo(30, 9);
    // 22:30Z–23:00Z on 2 June is 05:30–06:00 WIB and 06:30–07:00 WITA on 3 June → 0.
    expect(await wm('pekanbaru', '2026-06-02T22:30:00Z', '2026-06-02T23:00:00Z')).toBe(0);
    expect(await wm('makassar', '2026-06-02T22:30:00Z', '2026-06-02T23:00:00Z')).toBe(0);
  });
});

describe('local calendar', () => {
  it('a libur_lokal closes one office only', async () => {
    // Wed 3 June 2026 is libur_lokal for rokan-hilir only: rokan-hilir 0, the others 450.
    expect(await wm('rokan-hilir', '2026-06-03T00:00:00+07:00', '2026-06-04T00:00:00+07:00')).toBe(0);
    expect(await wm('pekanbaru', '2026-06-03T00:00:00+07:00', '2026-06-04T00:00:00+07:00')).toBeCloseTo(450, 9);
    expect(await wm('lampung-selatan', '2026-06-03T00:00:00+07:00', '2026-06-04T00:00:00+07:00')).toBeCloseTo(450, 9);
  });

  it('a libur_lokal inside a longer span loses exactly one day', async () => {
    // Tue 2 → Fri 5 June 00:00: pekanbaru Tue + Wed + Thu = 1350; rokan-hilir loses Wed → 900.
    expect(await wm('pekanbaru', '2026-06-02T00:00:00+07:00', '2026-06-05T00:00:00+07:00')).toBeCloseTo(1350, 9);
    expect(await wm('rokan-hilir', '2026-06-02T00:00:00+07:00', '2026-06-05T00:00:00+07:00')).toBeCloseTo(900, 9);
  });

  it('a masuk on a cuti bersama day opens that office with its normal Friday hours', async () => {
    // Fri 26 Dec 2025 (cuti bersama): lampung-selatan has `masuk` → Fri hours 240 + 210 = 450;
    // pekanbaru stays closed → 0.
    expect(await wm('lampung-selatan', '2025-12-26T00:00:00+07:00', '2025-12-27T00:00:00+07:00')).toBeCloseTo(450, 9);
    expect(await wm('pekanbaru', '2025-12-26T00:00:00+07:00', '2025-12-27T00:00:00+07:00')).toBe(0);
    // Friday hours (break 11:30–13:00): 11:00–13:30 = 30 + 30 = 60.
    expect(await wm('lampung-selatan', '2025-12-26T11:00:00+07:00', '2025-12-26T13:30:00+07:00')).toBeCloseTo(60, 9);
  });

  it('the span over Natal differs by the opened day', async () => {
    // Wed 24 Dec 15:00 → Mon 29 Dec 08:30: pekanbaru 60 + 0 + 0 + 60 = 120 (above);
    // lampung-selatan 60 + 0 (Natal stays closed) + 450 (masuk) + 60 = 570.
    expect(await wm('lampung-selatan', '2025-12-24T15:00:00+07:00', '2025-12-29T08:30:00+07:00')).toBeCloseTo(570, 9);
  });

  it('an office-specific dated schedule overrides the shared one in its range only', async () => {
    // makassar, Thu 2 July 2026 (own schedule 08:00–14:00, no break) → 360; jayapura (shared '*'
    // hours) → 450.
    expect(await wm('makassar', '2026-07-02T00:00:00+08:00', '2026-07-03T00:00:00+08:00')).toBeCloseTo(360, 9);
    expect(await wm('jayapura', '2026-07-02T00:00:00+09:00', '2026-07-03T00:00:00+09:00')).toBeCloseTo(450, 9);
    // 12:00–13:00 local: makassar works through (no break) → 60; jayapura in its break → 0.
    expect(await wm('makassar', '2026-07-02T12:00:00+08:00', '2026-07-02T13:00:00+08:00')).toBeCloseTo(60, 9);
    expect(await wm('jayapura', '2026-07-02T12:00:00+09:00', '2026-07-02T13:00:00+09:00')).toBe(0);
    // 07:30–08:00 local: makassar opens at 08:00 → 0.
    expect(await wm('makassar', '2026-07-02T07:30:00+08:00', '2026-07-02T08:00:00+08:00')).toBe(0);
    // Outside the range makassar has the shared hours: Tue 30 June → 450; Mon 3 Aug → 450.
    expect(await wm('makassar', '2026-06-30T00:00:00+08:00', '2026-07-01T00:00:00+08:00')).toBeCloseTo(450, 9);
    expect(await wm('makassar', '2026-08-03T00:00:00+08:00', '2026-08-04T00:00:00+08:00')).toBeCloseTo(450, 9);
    // The last day of the range, Fri 31 July → 360 (valid_to is inclusive).
    expect(await wm('makassar', '2026-07-31T00:00:00+08:00', '2026-08-01T00:00:00+08:00')).toBeCloseTo(360, 9);
  });
});

describe('addWorkingMinutes', () => {
  it('2 hari kerja (900 min) from Fri 2026-05-29 15:50 WIB is due Wed 3 June 15:20 WIB', async () => {
    // Fri 15:50–16:30 = 40 (total 40); Sat, Sun (Waisak), Mon 1 June (Pancasila) 0; Tue 2 June
    // 450 (total 490); Wed 3 June 07:30–12:00 = 270 (total 760); 900 − 760 = 140 more from 13:00
    // → 15:20 WIB = 08:20Z.
    const due = await add('pekanbaru', '2026-05-29T15:50:00+07:00', 900);
    expect(due.toISOString()).toBe('2026-06-03T08:20:00.000Z');
  });

  it('the same 900 min in rokan-hilir skip its libur_lokal on Wed 3 June', async () => {
    // As above to 490 at Tue 16:00; Wed 3 June libur_lokal 0; Thu 4 June 07:30–12:00 = 270
    // (total 760); 140 more from 13:00 → Thu 15:20 WIB = 2026-06-04T08:20Z.
    const due = await add('rokan-hilir', '2026-05-29T15:50:00+07:00', 900);
    expect(due.toISOString()).toBe('2026-06-04T08:20:00.000Z');
  });

  it('a 20-minute step quota started Fri 15:50 is due the same day 16:10', async () => {
    // 15:50 + 20 = 16:10 WIB (before 16:30 closing) = 09:10Z.
    expect((await add('pekanbaru', '2026-05-29T15:50:00+07:00', 20)).toISOString()).toBe('2026-05-29T09:10:00.000Z');
  });

  it('60 minutes from Fri 15:50 carries over the weekend and the holiday to Tue 07:50', async () => {
    // Fri 40 (to 16:30); 20 more from Tue 07:30 → 07:50 WIB = 00:50Z.
    expect((await add('pekanbaru', '2026-05-29T15:50:00+07:00', 60)).toISOString()).toBe('2026-06-02T00:50:00.000Z');
  });

  it('due exactly at closing time returns the closing instant, not the next opening', async () => {
    // Tue 2 June 07:30 + 450 = 16:00 WIB = 09:00Z (not Wed 07:30 = 2026-06-03T00:30Z).
    expect((await add('pekanbaru', '2026-06-02T07:30:00+07:00', 450)).toISOString()).toBe('2026-06-02T09:00:00.000Z');
    // Tue 07:30 + 270 = 12:00 WIB (end of the morning) = 05:00Z, not 13:00.
    expect((await add('pekanbaru', '2026-06-02T07:30:00+07:00', 270)).toISOString()).toBe('2026-06-02T05:00:00.000Z');
    // Fri 5 June 13:00 + 210 = 16:30 WIB = 09:30Z.
    expect((await add('pekanbaru', '2026-06-05T13:00:00+07:00', 210)).toISOString()).toBe('2026-06-05T09:30:00.000Z');
    // Ramadan Mon 2 March 2026 08:00 + 390 = 15:00 WIB = 08:00Z.
    expect((await add('pekanbaru', '2026-03-02T08:00:00+07:00', 390)).toISOString()).toBe('2026-03-02T08:00:00.000Z');
  });

  it('counting from a weekend starts at the next opening', async () => {
    // Sat 6 June 10:00 WIB: nothing until Mon 8 June 07:30; + 30 → 08:00 WIB = 01:00Z.
    expect((await add('pekanbaru', '2026-06-06T10:00:00+07:00', 30)).toISOString()).toBe('2026-06-08T01:00:00.000Z');
  });

  it('2 hari kerja in Makassar and Jayapura end at local closing on the next day', async () => {
    // From Wed 3 June 07:30 local: Wed 450 + Thu 450 = 900 → Thu 4 June 16:00 local.
    // Makassar 16:00 WITA = 08:00Z; Jayapura 16:00 WIT = 07:00Z.
    expect((await add('makassar', '2026-06-03T07:30:00+08:00', 900)).toISOString()).toBe('2026-06-04T08:00:00.000Z');
    expect((await add('jayapura', '2026-06-03T07:30:00+09:00', 900)).toISOString()).toBe('2026-06-04T07:00:00.000Z');
  });

  it('minutes ≤ 0 return t itself', async () => {
    // 15:50 WIB = 08:50Z.
    expect((await add('pekanbaru', '2026-05-29T15:50:00+07:00', 0)).toISOString()).toBe('2026-05-29T08:50:00.000Z');
    expect((await add('pekanbaru', '2026-05-29T15:50:00+07:00', -5)).toISOString()).toBe('2026-05-29T08:50:00.000Z');
    // Also on a non-working instant (Sunday): returned unchanged.
    expect((await add('pekanbaru', new Date('2026-05-31T03:00:00Z'), 0)).toISOString()).toBe(
      '2026-05-31T03:00:00.000Z',
    );
  });
});

describe('properties', () => {
  const FROM = Date.UTC(2024, 0, 1) / 1000;
  const TO = Date.UTC(2026, 11, 31) / 1000;
  const instant = fc.integer({ min: FROM, max: TO }).map((s) => new Date(s * 1000));
  const office = fc.constantFrom('pekanbaru', 'lampung-selatan', 'rokan-hilir', 'jayapura');
  const params = { numRuns: 200, seed: propertySeed('calendar/working-time.test.ts', 20260529) } as const;

  /*
   * The properties run on a copy of the database whose working_intervals keep the local dates
   * 2023-07-01 .. 2027-06-30 only, each row as computed (cum_start included): the instants drawn
   * (2024–2026) and the due dates (at most 5000 working minutes, ~11 working days, after them) lie
   * inside, where the ASOF joins of workingPosition and addWorkingMinutes find the same row in the
   * copy as in the full table (2000–2040), so every answer is the same; each query reads ~1/12 of
   * the rows (the 1 600 queries of the two properties took ~60 s of the file's 65 s on the full
   * table). The first test below checks the sameness at the ends of the range.
   */
  let trimmed: Database;
  const KEEP = "local_date between date '2023-07-01' and date '2027-06-30'";

  /** The office's working intervals as [start, end) in ms, read once: the reference for the positions. */
  const intervals = new Map<string, Array<[number, number]>>();
  beforeAll(async () => {
    trimmed = await openCalendarDb();
    await trimmed.write((w) => w.run(`delete from working_intervals where not (${KEEP})`));
    for (const r of await trimmed.all<{ office: string; start_at: Date; end_at: Date }>(
      'select office, start_at, end_at from working_intervals order by office, start_at',
    )) {
      if (!intervals.has(r.office)) intervals.set(r.office, []);
      intervals.get(r.office)!.push([r.start_at.getTime(), r.end_at.getTime()]);
    }
  });
  afterAll(() => trimmed?.close());
  const twm = (o: string, a: Date, b: Date) => workingMinutes(trimmed, o, a, b);
  const tadd = (o: string, t: Date, n: number) => addWorkingMinutes(trimmed, o, t, n);

  it('the trimmed copy answers as the full table at the ends of the range drawn', async () => {
    // 4 of the 41 years of 2000–2040 kept, the rows as the full table has them
    const kept = await trimmed.one<{ n: number }>('select count(*) as n from working_intervals');
    const full = await db.one<{ n: number }>(`select count(*) as n from working_intervals where ${KEEP}`);
    expect(kept!.n).toBe(full!.n);
    expect(kept!.n).toBeGreaterThan(5 * 3 * 400); // five offices, 4 years of ~480 intervals (240 working days of 2)
    for (const o of ['pekanbaru', 'lampung-selatan', 'rokan-hilir', 'jayapura']) {
      for (const t of [new Date(FROM * 1000), new Date(TO * 1000)]) {
        expect(await workingPosition(trimmed, o, t), `${o} ${t.toISOString()}`).toBeCloseTo(
          await workingPosition(db, o, t),
          9,
        );
      }
      const last = new Date(TO * 1000);
      expect((await addWorkingMinutes(trimmed, o, last, 5000)).toISOString()).toBe(
        (await addWorkingMinutes(db, o, last, 5000)).toISOString(),
      );
    }
  });
  /** Minutes of [a, b) inside the office's intervals, summed in JS (no position arithmetic). */
  const overlap = (o: string, a: Date, b: Date) =>
    intervals
      .get(o)!
      .reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, b.getTime()) - Math.max(s, a.getTime())), 0) / 60_000;

  it('0 ≤ wm(a, b) ≤ wall-clock minutes, and wm(a, b) is the overlap of [a, b) with the working intervals', async () => {
    // (additivity, wm(a, c) = wm(a, b) + wm(b, c), holds by construction for differences of
    // positions; the overlap summed from the intervals themselves is what checks the position
    // lookup: the asof join, a partial interval at either end, the zones)
    await fc.assert(
      fc.asyncProperty(office, instant, instant, async (o, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const m = await twm(o, a, b);
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual((b.getTime() - a.getTime()) / 60_000 + 1e-9);
        expect(Math.abs(m - overlap(o, a, b))).toBeLessThan(1e-6);
      }),
      params,
    );
  });

  it('round trip: wm(t, add(t, n)) = n and add(t, n) is the first such instant', async () => {
    // n in whole seconds (exact to the second, SPEC §2.1), 1 s .. 5000 min.
    const seconds = fc.integer({ min: 1, max: 5000 * 60 });
    await fc.assert(
      fc.asyncProperty(office, instant, seconds, async (o, t, s) => {
        const n = s / 60;
        const due = await tadd(o, t, n);
        expect(Math.abs((await twm(o, t, due)) - n)).toBeLessThan(1e-6);
        expect(await twm(o, t, new Date(due.getTime() - 1000))).toBeLessThan(n);
      }),
      params,
    );
  });
});

describe('working_intervals table invariants', () => {
  it('has intervals for every office', async () => {
    // 3 seed offices + makassar + jayapura.
    const rows = await db.all<{ office: string }>('select distinct office from working_intervals order by office');
    expect(rows.map((r) => r.office)).toEqual(['jayapura', 'lampung-selatan', 'makassar', 'pekanbaru', 'rokan-hilir']);
  });

  it('no two intervals of an office overlap, and each is positive and as long as its minutes', async () => {
    const bad = await db.one<{ n: number }>(`
      select count(*) as n from (
        select start_at, end_at, minutes,
               lag(end_at) over (partition by office order by start_at) as prev_end
        from working_intervals)
      where prev_end > start_at or end_at <= start_at
         or abs(minutes - (epoch(end_at) - epoch(start_at)) / 60) > 1e-9`);
    expect(bad!.n).toBe(0);
  });

  it('cum_start is the running sum of minutes', async () => {
    // First interval of each office starts at 0; each next one at the previous cum_start + minutes.
    const bad = await db.one<{ n: number }>(`
      select count(*) as n from (
        select cum_start,
               lag(cum_start) over w as prev_cum,
               lag(minutes) over w as prev_min
        from working_intervals
        window w as (partition by office order by start_at))
      where (prev_cum is null and cum_start <> 0)
         or (prev_cum is not null and abs(cum_start - (prev_cum + prev_min)) > 1e-6)`);
    expect(bad!.n).toBe(0);
  });

  it('no interval falls on a weekend, and local_date is the local date of start and end', async () => {
    const bad = await db.one<{ n: number }>(`
      select count(*) as n
      from working_intervals w join offices o using (office)
      where isodow(timezone(o.timezone, w.start_at)) in (6, 7)
         or cast(timezone(o.timezone, w.start_at) as date) <> w.local_date
         or cast(timezone(o.timezone, w.end_at) as date) <> w.local_date`);
    expect(bad!.n).toBe(0);
  });

  it("no interval falls on a national or local holiday unless the office has 'masuk' that day", async () => {
    const bad = await db.one<{ n: number }>(`
      select count(*) as n
      from working_intervals w
      join holidays h on h.date = w.local_date and h.office in ('*', w.office) and h.kind <> 'masuk'
      where not exists (select 1 from holidays m where m.office = w.office and m.date = w.local_date and m.kind = 'masuk')`);
    expect(bad!.n).toBe(0);
    // The masuk day itself is open: lampung-selatan has its two Friday intervals on 2025-12-26
    // (240 + 210), every other office none.
    const open = await db.all<{ office: string; n: number; m: number }>(`
      select office, count(*) as n, sum(minutes) as m from working_intervals
      where local_date = date '2025-12-26' group by office`);
    expect(open).toEqual([{ office: 'lampung-selatan', n: 2, m: 450 }]);
  });
});
