import { fileURLToPath } from 'node:url';
import { CHANNELS } from '../ingest/index.js';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  seed: number;
  /** first month, 'YYYY-MM' */
  from: string;
  /** last month, 'YYYY-MM', inclusive */
  to: string;
  /** cases per month, key 'office/service'; overrides the defaults per key */
  casesPerMonth?: Record<string, number>;
  /** multiplies all case counts (complaint counts are per office and not scaled) */
  scale?: number;
  /** path to the catalogue YAML/JSON */
  catalogue: string;
  /** path to the holidays CSV (`date,kind,name_id,source`) */
  holidays: string;
  /** path to the working calendar (office hours and Ramadan schedules; default DEFAULT_CALENDAR) */
  calendar?: string;
  outDir: string;
  eventsFormat?: 'csv' | 'jsonl';
}

export interface GenerateResult {
  /** event rows written */
  events: number;
  /** cases started in the range */
  cases: number;
  /** distinct complaints (each has one row per stage change in complaints.csv) */
  complaints: number;
  /** survey responses */
  surveys: number;
  /** paths of the files written */
  files: string[];
}

export interface GenerateEventsFileOptions {
  seed: number;
  /** approximate number of event rows (overshoot < one case) */
  events: number;
  /** output CSV path */
  out: string;
  catalogue: string;
  holidays: string;
  /** path to the working calendar (default DEFAULT_CALENDAR) */
  calendar?: string;
  /** first month 'YYYY-MM' (default 2025-01); the range extends as far as needed */
  from?: string;
}

/** The product's national working calendar (office hours, Ramadan schedules), what the simulated offices keep. */
export const DEFAULT_CALENDAR = fileURLToPath(new URL('../../sample-data/calendar.yaml', import.meta.url));

/** Default case volumes per month (key 'office/service'); other services get 10. */
export const DEFAULT_CASES_PER_MONTH: Readonly<Record<string, number>> = {
  'pekanbaru/SIKTG': 25,
  'pekanbaru/SIPOT': 18,
  'lampung-selatan/IPTG': 14,
  'rokan-hilir/RBPAPS': 10,
};

export const EVENTS_HEADER = 'case_id,office,service,step,event,at,officer,note';
export const COMPLAINTS_HEADER =
  'complaint_id,office,received_at,channel,category,subject,service,case_id,complainant_name,complainant_contact,stage,stage_at,responded_at,resolved_at,resolution,handled_by';
export const SURVEYS_HEADER =
  'response_id,office,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,case_id,gender,age,education,occupation,comment';

/** The channels the register accepts (ingest/kinds.ts), in the order CHANNEL_WEIGHTS follows. */
export const COMPLAINT_CHANNELS = CHANNELS;
