/**
 * Deterministic, seeded generator of realistic demo data (SPEC §2, §2.1, §2.3–§2.5).
 *
 * - `generate()` simulates the cases of the catalogue's services over a month range and writes
 *   `events.csv` (or `events.jsonl`), `complaints.csv`, `surveys.csv` and `officers.yaml`
 *   (demo.ts).
 * - `generateEventsFile()` streams a large event log for benchmarks (chunked, backpressure-aware;
 *   events-file.ts).
 *
 * Everything is driven by small seeded PRNG streams (mulberry32, rng.ts): the same seed gives
 * byte-identical files. Time is simulated as "local seconds since 1970-01-01" (the office's wall
 * clock read as if it were UTC) and written with the office's fixed offset. The working calendar
 * (calendar.ts) is the product's: office hours and Ramadan schedules from the calendar file,
 * holidays from the holiday list; the catalogue (catalogue.ts) is read with the product's quota
 * rules; cases (cases.ts), complaints (complaints.ts) and survey answers (surveys.ts) are
 * simulated on top, and written by writer.ts.
 */
export { generate } from './demo.js';
export { generateEventsFile } from './events-file.js';
export {
  COMPLAINT_CHANNELS,
  COMPLAINTS_HEADER,
  DEFAULT_CASES_PER_MONTH,
  EVENTS_HEADER,
  SURVEYS_HEADER,
  type GenerateEventsFileOptions,
  type GenerateOptions,
  type GenerateResult,
} from './options.js';
