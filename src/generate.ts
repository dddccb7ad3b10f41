/**
 * Deterministic, seeded generator of realistic demo data (SPEC §2, §2.1, §2.3–§2.5).
 *
 * - `generate()` simulates the cases of the catalogue's services over a month range and writes
 *   `events.csv` (or `events.jsonl`), `complaints.csv`, `surveys.csv` and `officers.yaml`.
 * - `generateEventsFile()` streams a large event log for benchmarks (chunked, backpressure-aware).
 *
 * Everything is driven by small seeded PRNG streams (mulberry32): the same seed gives
 * byte-identical files. Time is simulated as "local seconds since 1970-01-01" (the office's wall
 * clock read as if it were UTC) and written with the office's fixed offset.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseHolidayCsv } from './calendar/calendar.js';
import { csvField } from './csv.js';
import { CHANNELS, EVENT_KINDS } from './ingest/kinds.js';
import { parseQuota, quotaMinutes } from './catalogue/quota.js';
import { DATE_PATTERN, DEFAULT_DAY_MINUTES, MONTH_PATTERN } from './vocabulary.js';

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
  /** first month 'YYYY-MM' (default 2025-01); the range extends as far as needed */
  from?: string;
}

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

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 with a few helpers. */
class Rng {
  private a: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, label = '') {
    // mix the numeric seed and the stream label
    let h = hashString(label, hashString(String(seed >>> 0) + ':' + String(Math.floor(seed / 4294967296))));
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    this.a = (h ^ (h >>> 16)) | 0;
  }

  next(): number {
    let t = (this.a = (this.a + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.next() * arr.length)] as T;
  }

  /** index chosen by weights */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** lognormal with the given median and log-sd */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar and working time
// ---------------------------------------------------------------------------------------------

const DAY = 86400;
const MIN = 60;
const RAMADAN: ReadonlyArray<readonly [string, string]> = [
  ['2025-03-01', '2025-03-30'],
  ['2026-02-19', '2026-03-20'],
];
/** per schedule kind: open, break start, break end, close (seconds of the day) */
const SCHED = new Int32Array([
  0, 0, 0, 0, // 0: no work
  27000, 43200, 46800, 57600, // 1: Mon–Thu 07:30–12:00, 13:00–16:00
  27000, 41400, 46800, 59400, // 2: Fri 07:30–11:30, 13:00–16:30
  28800, 43200, 45000, 54000, // 3: Ramadan Mon–Thu 08:00–12:00, 12:30–15:00
  28800, 41400, 45000, 55800, // 4: Ramadan Fri 08:00–11:30, 12:30–15:30
]);

const TZ_OFFSETS: Readonly<Record<string, string>> = {
  'Asia/Jakarta': '+07:00',
  'Asia/Makassar': '+08:00',
  'Asia/Jayapura': '+09:00',
};

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}

function parseMonth(s: string): { y: number; m: number } {
  if (!MONTH_PATTERN.test(s)) throw new Error(`invalid month '${s}' (expected YYYY-MM)`);
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)) };
}

function monthStartDay(y: number, m: number): number {
  return Math.round(Date.UTC(y, m - 1, 1) / 86400000);
}

let TOD: string[] | undefined;
function tod(): string[] {
  if (!TOD) {
    TOD = new Array<string>(DAY);
    const p2 = (n: number) => (n < 10 ? '0' + n : String(n));
    for (let s = 0; s < DAY; s++) TOD[s] = p2(Math.floor(s / 3600)) + ':' + p2(Math.floor(s / 60) % 60) + ':' + p2(s % 60);
  }
  return TOD;
}

class Calendar {
  readonly base: number;
  readonly len: number;
  readonly kind: Uint8Array;
  /** prefix[i] = number of working days among relative days < i */
  readonly prefix: Int32Array;
  readonly wd: Int32Array;
  readonly dom: Uint8Array;
  private readonly dayStr: (string | undefined)[];
  private readonly tod = tod();

  constructor(holidays: Set<number>, firstYear: number, years: number) {
    this.base = monthStartDay(firstYear, 1);
    this.len = monthStartDay(firstYear + years, 1) - this.base;
    this.kind = new Uint8Array(this.len);
    this.dom = new Uint8Array(this.len);
    this.prefix = new Int32Array(this.len + 1);
    this.dayStr = new Array<string | undefined>(this.len);
    const ram = RAMADAN.map(([a, b]) => [dayNumber(a), dayNumber(b)] as const);
    const wd: number[] = [];
    for (let i = 0; i < this.len; i++) {
      const d = this.base + i;
      const dow = (d + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
      this.dom[i] = new Date(d * 86400000).getUTCDate();
      this.prefix[i] = wd.length;
      if (dow === 0 || dow === 6 || holidays.has(d)) continue;
      const isRam = ram.some(([a, b]) => d >= a && d <= b);
      this.kind[i] = (dow === 5 ? 2 : 1) + (isRam ? 2 : 0);
      wd.push(i);
    }
    this.prefix[this.len] = wd.length;
    this.wd = Int32Array.from(wd);
  }

  private rel(d: number): number {
    const r = d - this.base;
    if (r < 0 || r >= this.len) throw new Error('date outside the simulated calendar');
    return r;
  }

  isWorking(d: number): boolean {
    return this.kind[this.rel(d)] !== 0;
  }

  /** close (end of the afternoon interval) of a working day, seconds of the day */
  closeSec(d: number): number {
    return SCHED[(this.kind[this.rel(d)] as number) * 4 + 3] as number;
  }

  sched(d: number): [number, number, number, number] {
    const o = (this.kind[this.rel(d)] as number) * 4;
    return [SCHED[o] as number, SCHED[o + 1] as number, SCHED[o + 2] as number, SCHED[o + 3] as number];
  }

  /** t advanced by `secs` seconds of working time (t outside working time starts at the next opening) */
  addWorking(t: number, secs: number): number {
    let d = Math.floor(t / DAY);
    let s = t - d * DAY;
    let r = this.rel(d);
    const kind = this.kind;
    for (;;) {
      const k = kind[r] as number;
      if (k !== 0) {
        const o = k * 4;
        const a1 = SCHED[o] as number, b1 = SCHED[o + 1] as number, a2 = SCHED[o + 2] as number, b2 = SCHED[o + 3] as number;
        if (s < b1) {
          const st = s > a1 ? s : a1;
          const av = b1 - st;
          if (secs <= av) return d * DAY + st + secs;
          secs -= av;
          s = b1;
        }
        if (s < b2) {
          const st = s > a2 ? s : a2;
          const av = b2 - st;
          if (secs <= av) return d * DAY + st + secs;
          secs -= av;
        }
      }
      d++;
      r++;
      s = 0;
      if (r >= this.len) throw new Error('date outside the simulated calendar');
    }
  }

  /** working seconds in [a, b) */
  workingSecs(a: number, b: number): number {
    let total = 0;
    for (let d = Math.floor(a / DAY); d * DAY < b; d++) {
      const k = this.kind[this.rel(d)] as number;
      if (k === 0) continue;
      const o = k * 4;
      for (let j = 0; j < 4; j += 2) {
        const lo = Math.max(a, d * DAY + (SCHED[o + j] as number));
        const hi = Math.min(b, d * DAY + (SCHED[o + j + 1] as number));
        if (hi > lo) total += hi - lo;
      }
    }
    return total;
  }

  /** the n-th working day after day d (n ≥ 1), or d itself for n = 0 when it is a working day */
  workingDayAfter(d: number, n: number): number {
    const r = this.rel(d);
    if (n === 0 && this.kind[r] !== 0) return d;
    const idx = (this.prefix[r + 1] as number) + Math.max(1, n) - 1;
    if (idx >= this.wd.length) throw new Error('date outside the simulated calendar');
    return this.base + (this.wd[idx] as number);
  }

  /** working days in [d0, d1) */
  workingDaysIn(d0: number, d1: number): number[] {
    const out: number[] = [];
    for (let i = this.prefix[this.rel(d0)] as number; i < (this.prefix[this.rel(d1)] as number); i++) out.push(this.base + (this.wd[i] as number));
    return out;
  }

  /** a random instant in the working time of working day d (u in [0,1) spread over the minutes) */
  timeOnDay(d: number, u: number): number {
    const [a1, b1, a2, b2] = this.sched(d);
    const total = b1 - a1 + (b2 - a2);
    const x = Math.floor(u * total);
    return d * DAY + (x < b1 - a1 ? a1 + x : a2 + (x - (b1 - a1)));
  }

  dayOfMonth(d: number): number {
    return this.dom[this.rel(d)] as number;
  }

  dateStr(d: number): string {
    const r = this.rel(d);
    let s = this.dayStr[r];
    if (s === undefined) {
      s = new Date(d * 86400000).toISOString().slice(0, 10);
      this.dayStr[r] = s;
    }
    return s;
  }

  /** local ISO date-time without offset */
  iso(t: number): string {
    const d = Math.floor(t / DAY);
    return this.dateStr(d) + 'T' + (this.tod[t - d * DAY] as string);
  }
}

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

const CL_OFFICE = 0;
const CL_APPLICANT = 1;
const CL_EXTERNAL = 2;

interface Officer {
  id: string;
  name: string;
  role: string;
  office: string;
  speed: number;
}

interface OfficeDef {
  code: string;
  name: string;
  offset: string;
  prefix: string;
  notify: boolean;
  index: number;
  roles: Map<string, Officer[]>;
  /** the office's hari kerja in minutes (the catalogue's day_minutes) */
  dayMinutes: number;
}

interface StepDef {
  code: string;
  actor: string;
  clock: number;
  quotaMin: number | null;
  optional: boolean;
  isKadis: boolean;
  officers: Officer[];
}

interface ServiceDef {
  office: OfficeDef;
  code: string;
  key: string;
  quotaMin: number | null;
  effectiveFrom: number; // day number, -Infinity when none
  steps: StepDef[];
  readyIdx: number;
  firstOfficeIdx: number;
  officeIdxs: number[]; // office-clock steps up to the ready step
  hasCollection: boolean;
  estEvents: number;
  /** officers who send the "ready" notice / hand over */
  desk: Officer[];
}

const OFFICE_PROFILES: Readonly<Record<string, { prefix: string; notify: boolean }>> = {
  pekanbaru: { prefix: 'PKU', notify: true },
  'lampung-selatan': { prefix: 'LSL', notify: false },
  'rokan-hilir': { prefix: 'ROH', notify: false },
};

const ROLE_CODES: Readonly<Record<string, string>> = {
  'Front Office': 'FO',
  'Back Office': 'BO',
  'JF Analis Kebijakan Ahli Muda': 'AKMU',
  'JF Analis Kebijakan Ahli Madya': 'AKMA',
  Sekretaris: 'SEK',
  'Kepala Dinas': 'KADIS',
  'Kepala Seksi': 'KASI',
  'Kepala Bidang': 'KABID',
  'Dinas Kesehatan': 'DINKES',
  'Dinas Teknis': 'DISTEK',
};

/** Working minutes of a quota of the catalogue, read as the loader reads it (src/catalogue/quota.ts). */
function quotaOf(q: unknown, od: OfficeDef): number | null {
  return quotaMinutes(parseQuota(q as string | number | null | undefined), od.dayMinutes);
}

interface Catalogue {
  offices: OfficeDef[];
  services: ServiceDef[];
  officers: Officer[];
}

const GIVEN_M = ['Ahmad', 'Budi', 'Rahmat', 'Agus', 'Hendra', 'Yusuf', 'Eko', 'Wahyu', 'Rizky', 'Fauzi', 'Dedi', 'Irwan', 'Taufik', 'Andi', 'Hasan', 'Joko', 'Arif', 'Syamsul', 'Zulkifli', 'Doni', 'Fajar', 'Iqbal', 'Muhammad', 'Ridwan', 'Sutrisno', 'Bambang', 'Hadi', 'Firman'];
const GIVEN_F = ['Siti', 'Dewi', 'Nur', 'Putri', 'Sri', 'Rina', 'Fitri', 'Indah', 'Ayu', 'Kartika', 'Nurhayati', 'Maya', 'Ratna', 'Yuni', 'Sari', 'Wulan', 'Eka', 'Nia', 'Rani', 'Desi', 'Mega', 'Anisa', 'Fatimah', 'Rosmawati', 'Lina', 'Yanti'];
const FAMILY = ['Hidayat', 'Lubis', 'Siregar', 'Nasution', 'Harahap', 'Sembiring', 'Pratama', 'Wijaya', 'Kurniawan', 'Setiawan', 'Hasibuan', 'Simanjuntak', 'Gunawan', 'Rangkuti', 'Daulay', 'Pohan', 'Tanjung', 'Marpaung', 'Batubara', 'Ginting'];
const FAMILY_M = ['Saputra', 'Putra', 'Syahputra', 'Ramadhan', 'Firmansyah', 'Suryadi'];
const FAMILY_F = ['Rahayu', 'Susanti', 'Utami', 'Permatasari', 'Handayani', 'Wahyuni', 'Lestari'];
const DEGREES = ['S.E.', 'S.Kom.', 'S.H.', 'S.Sos.', 'S.AP.', 'A.Md.', 'S.T.', 'S.IP.'];

function personName(rng: Rng, female = rng.next() < 0.5): string {
  const given = rng.pick(female ? GIVEN_F : GIVEN_M);
  const family = rng.next() < 0.75 ? rng.pick(FAMILY) : rng.pick(female ? FAMILY_F : FAMILY_M);
  return given + ' ' + family;
}

function officerName(rng: Rng, role: string): string {
  const female = rng.next() < 0.45;
  const base = personName(rng, female);
  const haji = female ? 'Hj.' : 'H.';
  if (role === 'Kepala Dinas') return `Dr. ${haji} ${base}, S.H., M.Si.`;
  if (role === 'Sekretaris') return `${haji} ${base}, S.E., M.M.`;
  if (role === 'Kepala Bidang' || role.startsWith('JF Analis')) return `${base}, ${rng.pick(DEGREES)}, M.AP.`;
  if (role === 'Dinas Kesehatan') return `drg. ${base}`;
  return `${base}, ${rng.pick(DEGREES)}`;
}

function officerCount(rng: Rng, role: string): number {
  switch (role) {
    case 'Kepala Dinas':
    case 'Sekretaris':
    case 'Kepala Bidang':
      return 1;
    case 'Front Office':
    case 'Back Office':
      return rng.int(2, 3);
    default:
      return rng.int(1, 2);
  }
}

/** The names the catalogue gives its officers, by office/officer. */
async function catalogueOfficerNames(file: string): Promise<Map<string, string>> {
  const doc = parseYaml(await readFile(file, 'utf8')) as { officers?: Array<{ office?: unknown; officer?: unknown; name?: unknown }> } | null;
  return new Map((doc?.officers ?? []).filter((o) => typeof o.name === 'string').map((o) => [`${String(o.office)}/${String(o.officer)}`, o.name as string]));
}

async function loadCatalogue(file: string, seed: number): Promise<Catalogue> {
  const raw: unknown = parseYaml(await readFile(file, 'utf8'));
  if (!raw || typeof raw !== 'object') throw new Error(`${file}: not a catalogue`);
  const doc = raw as { offices?: unknown; services?: unknown };
  if (!Array.isArray(doc.offices) || !Array.isArray(doc.services)) throw new Error(`${file}: expected 'offices' and 'services' lists`);
  const offices: OfficeDef[] = [];
  const byCode = new Map<string, OfficeDef>();
  for (const o of doc.offices as Array<Record<string, unknown>>) {
    const code = String(o['office']);
    const prof = OFFICE_PROFILES[code];
    const od: OfficeDef = {
      code,
      name: String(o['name'] ?? code),
      offset: TZ_OFFSETS[String(o['timezone'] ?? 'Asia/Jakarta')] ?? '+07:00',
      prefix: prof?.prefix ?? code.replace(/[^a-z]/gi, '').slice(0, 3).toUpperCase(),
      notify: prof?.notify ?? true,
      index: offices.length,
      roles: new Map(),
      dayMinutes: typeof o['day_minutes'] === 'number' ? o['day_minutes'] : DEFAULT_DAY_MINUTES,
    };
    offices.push(od);
    byCode.set(code, od);
  }

  // roles per office: actors of office/external steps, plus a Sekretaris and a Kepala Dinas
  const roleOrder = new Map<string, string[]>();
  for (const od of offices) roleOrder.set(od.code, []);
  for (const s of doc.services as Array<Record<string, unknown>>) {
    const roles = roleOrder.get(String(s['office']));
    if (!roles || !Array.isArray(s['steps'])) continue;
    for (const st of s['steps'] as Array<Record<string, unknown>>) {
      if (String(st['clock']) === 'applicant') continue;
      const actor = String(st['actor']);
      if (!roles.includes(actor)) roles.push(actor);
    }
  }
  const rng = new Rng(seed, 'officers');
  const officers: Officer[] = [];
  for (const od of offices) {
    const roles = roleOrder.get(od.code) as string[];
    for (const extra of ['Sekretaris', 'Kepala Dinas']) if (!roles.includes(extra)) roles.push(extra);
    const used = new Set<string>();
    let slowAssigned = false;
    for (const role of roles) {
      const n = officerCount(rng, role);
      const code = ROLE_CODES[role] ?? role.split(/\s+/).map((w) => w[0] ?? '').join('').toUpperCase();
      const list: Officer[] = [];
      for (let i = 1; i <= n; i++) {
        let name = officerName(rng, role);
        while (used.has(name)) name = officerName(rng, role);
        used.add(name);
        let speed = Math.exp(0.15 * rng.normal());
        // one notably slow desk officer per office (something for the dashboards to find)
        if (!slowAssigned && n >= 2 && i === 2) {
          speed = 1.8;
          slowAssigned = true;
        }
        list.push({ id: `${od.prefix}-${code}-${String(i).padStart(2, '0')}`, name, role, office: od.code, speed });
      }
      od.roles.set(role, list);
      officers.push(...list);
    }
  }

  const services: ServiceDef[] = [];
  for (const s of doc.services as Array<Record<string, unknown>>) {
    const od = byCode.get(String(s['office']));
    if (!od || !Array.isArray(s['steps'])) continue;
    const steps: StepDef[] = (s['steps'] as Array<Record<string, unknown>>).map((st) => {
      const clockS = String(st['clock']);
      const clock = clockS === 'applicant' ? CL_APPLICANT : clockS === 'external' ? CL_EXTERNAL : CL_OFFICE;
      const actor = String(st['actor']);
      return {
        code: String(st['step']),
        actor,
        clock,
        quotaMin: quotaOf(st['quota'], od),
        optional: st['optional'] === true,
        isKadis: actor === 'Kepala Dinas',
        officers: clock === CL_APPLICANT ? [] : (od.roles.get(actor) ?? []),
      };
    });
    let readyIdx = steps.findIndex((st) => st.code === String(s['ready_step']));
    if (readyIdx < 0) {
      readyIdx = steps.length - 1;
      while (readyIdx > 0 && (steps[readyIdx] as StepDef).clock === CL_APPLICANT) readyIdx--;
    }
    const firstOfficeIdx = steps.findIndex((st) => st.clock === CL_OFFICE);
    const officeIdxs: number[] = [];
    for (let i = 0; i <= readyIdx; i++) if ((steps[i] as StepDef).clock === CL_OFFICE) officeIdxs.push(i);
    const post = steps.slice(readyIdx + 1);
    const ef = s['effective_from'];
    const efStr = ef instanceof Date ? ef.toISOString().slice(0, 10) : ef == null ? '' : String(ef);
    const desk = od.roles.get('Front Office') ?? od.roles.get('Back Office') ?? (steps[readyIdx] as StepDef).officers;
    services.push({
      office: od,
      code: String(s['service']),
      key: `${od.code}/${String(s['service'])}`,
      quotaMin: quotaOf(s['quota'], od),
      effectiveFrom: DATE_PATTERN.test(efStr) ? dayNumber(efStr) : -Infinity,
      steps,
      readyIdx,
      firstOfficeIdx,
      officeIdxs,
      hasCollection: post.some((st) => st.clock === CL_APPLICANT),
      estEvents: steps.reduce((n, st) => n + (st.clock === CL_APPLICANT ? 1 : 2), 0) + (od.notify ? 1 : 0),
      desk,
    });
  }
  if (services.length === 0) throw new Error(`${file}: no services`);
  return { offices, services, officers };
}

/** Service versions grouped by office/service, newest last. */
function serviceGroups(services: ServiceDef[]): ServiceDef[][] {
  const m = new Map<string, ServiceDef[]>();
  for (const s of services) {
    const g = m.get(s.key);
    if (g) g.push(s);
    else m.set(s.key, [s]);
  }
  const out = [...m.values()];
  for (const g of out) g.sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  return out;
}

function versionAt(group: ServiceDef[], day: number): ServiceDef {
  let v = group[0] as ServiceDef;
  for (const s of group) if (s.effectiveFrom <= day) v = s;
  return v;
}

async function loadHolidays(file: string): Promise<Set<number>> {
  const rows = parseHolidayCsv(await readFile(file, 'utf8'), path.basename(file));
  return new Set(rows.map((r) => dayNumber(r.date)));
}

// ---------------------------------------------------------------------------------------------
// CSV helpers
// ---------------------------------------------------------------------------------------------

function csvRow(fields: readonly string[]): string {
  let s = '';
  for (let i = 0; i < fields.length; i++) s += (i ? ',' : '') + csvField(fields[i] as string);
  return s + '\n';
}

/** Chunked writer honouring backpressure. */
class ChunkWriter {
  private buf = '';
  private readonly ws: WriteStream;
  private failed: Error | undefined;

  constructor(file: string) {
    this.ws = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.ws.on('error', (e) => {
      this.failed = e;
    });
  }

  add(s: string): void {
    this.buf += s;
  }

  get pending(): number {
    return this.buf.length;
  }

  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.buf.length === 0) return;
    const s = this.buf;
    this.buf = '';
    if (!this.ws.write(s)) await once(this.ws, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.ws.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failed) throw this.failed;
  }
}

// ---------------------------------------------------------------------------------------------
// Case simulation
// ---------------------------------------------------------------------------------------------

const K_START = 0;
const K_COMPLETE = 1;
const K_RETURN = 2;
const K_RESUBMIT = 3;
const K_NOTIFY = 4;
const K_CANCEL = 6;
/** Kinds by number (K_NOTIFY, K_CANCEL): the loader's list, in its order. */
const KIND_NAMES = EVENT_KINDS;

const P_RETURN = 0.08;
const P_RETURN_AGAIN = 0.12;
const P_REWORK = 0.03;
const P_CANCEL = 0.01;
const P_OVERTIME = 0.4; // of completions that would otherwise spill into the next working day
const P_UNCOLLECTED = 0.04;
const P_SKIP_OPTIONAL = 0.4;

const RETURN_NOTES = [
  'Berkas tidak lengkap: STR belum dilegalisir',
  'Berkas tidak lengkap: fotokopi ijazah, KTP belum dilampirkan',
  'Surat rekomendasi organisasi profesi belum ada',
  'Pas foto tidak sesuai ketentuan',
  'Data pada formulir tidak sesuai dengan KTP',
  'Surat keterangan sehat sudah kedaluwarsa',
];
const NOTE_CANCEL = 'Dibatalkan atas permintaan pemohon';
const NOTE_NOTIFY = 'Pemberitahuan izin selesai via WhatsApp';

interface Sink {
  ev(step: string, kind: number, t: number, officer: string, note: string): void;
}

interface Outcome {
  readyAt: number; // -1 when not reached
  collectedAt: number; // -1 when not collected (or no collection)
  lastAt: number;
  cancelled: boolean;
  late: boolean;
  electronic: boolean;
}

class Simulator {
  private t = 0;
  private officeSecs = 0;
  private monthIdx = 0;

  constructor(
    private readonly cal: Calendar,
    private readonly rng: Rng,
  ) {}

  private officer(st: StepDef): Officer {
    const list = st.officers;
    if (list.length === 0) return { id: '', name: '', role: st.actor, office: '', speed: 1 };
    return list.length === 1 ? (list[0] as Officer) : (list[Math.floor(this.rng.next() * list.length)] as Officer);
  }

  private queueSecs(svc: ServiceDef, idx: number, st: StepDef): number {
    const rng = this.rng;
    let min: number;
    if (st.clock === CL_EXTERNAL) min = rng.logn(60, 0.8);
    else if (st.isKadis) {
      // the signature tray: hours to days, worse at month end, slowly growing over the range
      const dom = this.cal.dayOfMonth(Math.floor(this.t / DAY));
      const monthEnd = dom >= 22 ? 2.3 : dom >= 15 ? 1.3 : 1;
      const trend = 1 + 0.04 * Math.min(this.monthIdx, 24);
      min = rng.logn(140 * monthEnd * trend, 1.0);
    } else if (idx === svc.firstOfficeIdx) min = st.actor === 'Front Office' ? rng.logn(8, 0.8) : rng.logn(100, 0.9);
    else if (st.actor === 'Back Office') min = rng.logn(25, 0.9);
    else min = rng.logn(35, 1.0);
    return Math.max(30, Math.round(min * MIN));
  }

  private handlingSecs(st: StepDef, off: Officer): number {
    const rng = this.rng;
    let min: number;
    if (st.clock === CL_EXTERNAL) {
      min = DEFAULT_DAY_MINUTES * (0.9 + 4 * Math.pow(rng.next(), 1.6)); // 1–5 working days
    } else if (st.isKadis) {
      min = rng.logn(45, 1.1) * off.speed;
    } else if (st.quotaMin !== null) {
      const f = st.actor === 'Front Office' ? 0.55 : st.actor === 'Back Office' ? 0.6 : 0.5;
      min = rng.logn(st.quotaMin * f, 0.6) * off.speed;
    } else {
      const med = st.actor === 'Front Office' ? 15 : st.actor === 'Back Office' ? 40 : st.actor.startsWith('Kepala') ? 30 : 30;
      min = rng.logn(med, 0.8) * off.speed;
    }
    return Math.max(45, Math.round(min * MIN));
  }

  /** One visit of an office/external step. Returns false when the case was cancelled there. */
  private visit(svc: ServiceDef, idx: number, sink: Sink, allowReturn: boolean, cancelHere: boolean, note: string): boolean {
    const st = svc.steps[idx] as StepDef;
    const cal = this.cal;
    const rng = this.rng;
    let returns = 0;
    for (;;) {
      const q = this.queueSecs(svc, idx, st);
      const start = cal.addWorking(this.t, q);
      const off = this.officer(st);
      sink.ev(st.code, K_START, start, off.id, note);
      note = '';
      const h = this.handlingSecs(st, off);
      if (cancelHere) {
        const end = cal.addWorking(start, Math.max(60, Math.round(h / 2)));
        sink.ev(st.code, K_CANCEL, end, off.id, NOTE_CANCEL);
        this.t = end;
        return false;
      }
      if (allowReturn && returns < 2 && rng.next() < (returns === 0 ? P_RETURN : P_RETURN_AGAIN)) {
        const end = cal.addWorking(start, h);
        sink.ev(st.code, K_RETURN, end, off.id, rng.pick(RETURN_NOTES));
        returns++;
        const day = cal.workingDayAfter(Math.floor(end / DAY), rng.int(1, 10));
        const back = cal.timeOnDay(day, rng.next() * 0.8);
        sink.ev(st.code, K_RESUBMIT, back, '', '');
        this.t = back;
        continue;
      }
      let end = cal.addWorking(start, h);
      const sd = Math.floor(start / DAY);
      if (st.clock === CL_OFFICE && Math.floor(end / DAY) !== sd && rng.next() < P_OVERTIME) {
        end = sd * DAY + cal.closeSec(sd) + rng.int(120, 3480);
      }
      sink.ev(st.code, K_COMPLETE, end, off.id, '');
      this.officeSecs += q + h;
      this.t = end;
      return true;
    }
  }

  run(svc: ServiceDef, t0: number, monthIdx: number, sink: Sink, out: Outcome): void {
    const cal = this.cal;
    const rng = this.rng;
    const steps = svc.steps;
    this.t = t0;
    this.officeSecs = 0;
    this.monthIdx = monthIdx;
    out.readyAt = -1;
    out.collectedAt = -1;
    out.cancelled = false;
    out.late = false;
    out.electronic = !svc.hasCollection;

    let cancelIdx = -1;
    if (rng.next() < P_CANCEL && svc.officeIdxs.length > 0) cancelIdx = rng.pick(svc.officeIdxs);
    let reworkLater = -1;
    let reworkEarlier = -1;
    if (rng.next() < P_REWORK && svc.officeIdxs.length >= 2) {
      const k = 1 + Math.floor(rng.next() * (svc.officeIdxs.length - 1));
      reworkLater = svc.officeIdxs[k] as number;
      reworkEarlier = svc.officeIdxs[k - 1] as number;
    }

    let first = true;
    for (let i = 0; i <= svc.readyIdx; i++) {
      const st = steps[i] as StepDef;
      if (st.optional && rng.next() < P_SKIP_OPTIONAL) continue;
      if (st.clock === CL_APPLICANT) {
        if (!first) this.t = cal.addWorking(this.t, Math.max(30, Math.round(rng.logn(15, 1.6) * MIN)));
        sink.ev(st.code, K_COMPLETE, this.t, '', '');
        first = false;
        continue;
      }
      first = false;
      if (!this.visit(svc, i, sink, i === svc.firstOfficeIdx, i === cancelIdx, '')) {
        out.cancelled = true;
        out.lastAt = this.t;
        return;
      }
      if (i === reworkLater) {
        const back = (steps[reworkLater] as StepDef).actor;
        this.visit(svc, reworkEarlier, sink, false, false, `Perbaikan: dikembalikan oleh ${back}`);
        this.visit(svc, reworkLater, sink, false, false, '');
      }
    }
    out.readyAt = this.t;
    out.late = svc.quotaMin !== null && this.officeSecs / 60 > svc.quotaMin;

    const ready = steps[svc.readyIdx] as StepDef;
    if (svc.readyIdx + 1 >= steps.length) {
      out.lastAt = this.t;
      return;
    }
    if (!svc.hasCollection) {
      // electronic product: post-ready office steps (e.g. the SMS notice) right after
      for (let i = svc.readyIdx + 1; i < steps.length; i++) {
        const st = steps[i] as StepDef;
        if (st.clock === CL_APPLICANT) continue;
        const start = cal.addWorking(this.t, rng.int(60, 1200));
        const off = this.officer(st);
        sink.ev(st.code, K_START, start, off.id, '');
        const end = cal.addWorking(start, rng.int(30, 300));
        sink.ev(st.code, K_COMPLETE, end, off.id, '');
        this.t = end;
      }
      out.lastAt = this.t;
      return;
    }
    if (svc.office.notify) {
      const n = cal.addWorking(this.t, rng.int(60, 1800));
      const desk = svc.desk.length ? (rng.pick(svc.desk) as Officer).id : '';
      sink.ev(ready.code, K_NOTIFY, n, desk, NOTE_NOTIFY);
      this.t = n;
    }
    if (rng.next() < P_UNCOLLECTED) {
      out.lastAt = this.t;
      return;
    }
    // the applicant comes back 0–20 working days later
    const days = Math.floor(21 * Math.pow(rng.next(), 2.5));
    let c: number;
    if (days === 0) c = cal.addWorking(this.t, Math.round(rng.logn(90, 0.8) * MIN));
    else c = cal.timeOnDay(cal.workingDayAfter(Math.floor(this.t / DAY), days), rng.next() * 0.95);
    let firstPost = true;
    for (let i = svc.readyIdx + 1; i < steps.length; i++) {
      const st = steps[i] as StepDef;
      if (st.clock === CL_APPLICANT) {
        c = firstPost ? cal.addWorking(c, rng.int(60, 600)) : cal.addWorking(c, rng.int(20, 180));
        sink.ev(st.code, K_COMPLETE, c, '', '');
      } else {
        const start = cal.addWorking(c, rng.int(60, 600));
        const off = this.officer(st);
        sink.ev(st.code, K_START, start, off.id, '');
        const end = cal.addWorking(start, this.handlingSecs(st, off));
        sink.ev(st.code, K_COMPLETE, end, off.id, '');
        c = end;
      }
      firstPost = false;
    }
    this.t = c;
    out.collectedAt = c;
    out.lastAt = c;
  }
}

/** Arrival instants of `n` cases in working days `days` (mostly mornings), sorted. */
function arrivals(cal: Calendar, days: number[], n: number, rng: Rng): number[] {
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const d = days[Math.floor(rng.next() * days.length)] as number;
    const [a1, b1, a2, b2] = cal.sched(d);
    let s: number;
    if (rng.next() < 0.72) s = a1 + Math.floor(Math.pow(rng.next(), 1.3) * (b1 - a1 - 600));
    else s = a2 + Math.floor(rng.next() * (b2 - a2 - 1800));
    out[i] = d * DAY + s;
  }
  out.sort((a, b) => a - b);
  return out;
}

function monthCount(base: number, workDays: number, rng: Rng): number {
  const v = base * (workDays / 21) * (0.85 + 0.3 * rng.next());
  return Math.max(0, Math.round(v));
}

// ---------------------------------------------------------------------------------------------
// generate()
// ---------------------------------------------------------------------------------------------

interface CaseRec {
  id: string;
  svc: ServiceDef;
  t0: number;
  kinds: number[];
  steps: string[];
  ts: number[];
  officers: string[];
  notes: string[];
  out: Outcome;
}

class CollectSink implements Sink {
  rec: CaseRec | undefined;
  ev(step: string, kind: number, t: number, officer: string, note: string): void {
    const r = this.rec as CaseRec;
    r.steps.push(step);
    r.kinds.push(kind);
    r.ts.push(t);
    r.officers.push(officer);
    r.notes.push(note);
  }
}

function newOutcome(): Outcome {
  return { readyAt: -1, collectedAt: -1, lastAt: -1, cancelled: false, late: false, electronic: false };
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const from = parseMonth(opts.from);
  const to = parseMonth(opts.to);
  const nMonths = (to.y - from.y) * 12 + (to.m - from.m) + 1;
  if (nMonths < 1) throw new Error(`'to' (${opts.to}) is before 'from' (${opts.from})`);
  const scale = opts.scale ?? 1;
  const cat = await loadCatalogue(opts.catalogue, opts.seed);
  const holidays = await loadHolidays(opts.holidays);
  const cal = new Calendar(holidays, from.y - 1, to.y - from.y + 4);
  const rangeStart = monthStartDay(from.y, from.m) * DAY;
  const rangeEnd = monthStartDay(to.y + (to.m === 12 ? 1 : 0), to.m === 12 ? 1 : to.m + 1) * DAY; // exclusive
  const volumes: Record<string, number> = { ...DEFAULT_CASES_PER_MONTH, ...(opts.casesPerMonth ?? {}) };

  const months: Array<{ y: number; m: number; d0: number; d1: number }> = [];
  for (let i = 0; i < nMonths; i++) {
    const y = from.y + Math.floor((from.m - 1 + i) / 12);
    const m = ((from.m - 1 + i) % 12) + 1;
    const d0 = monthStartDay(y, m);
    const d1 = monthStartDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
    months.push({ y, m, d0, d1 });
  }

  // ---- cases
  const cases: CaseRec[] = [];
  const sink = new CollectSink();
  for (const group of serviceGroups(cat.services)) {
    const head = group[0] as ServiceDef;
    const base = (volumes[head.key] ?? 10) * scale;
    const arrRng = new Rng(opts.seed, 'arrivals:' + head.key);
    const sim = new Simulator(cal, new Rng(opts.seed, 'cases:' + head.key));
    const seq = new Map<number, number>();
    months.forEach((mo, mi) => {
      const days = cal.workingDaysIn(mo.d0, mo.d1);
      if (days.length === 0) return;
      const ts = arrivals(cal, days, monthCount(base, days.length, arrRng), arrRng);
      for (const t0 of ts) {
        const svc = versionAt(group, Math.floor(t0 / DAY));
        const n = (seq.get(mo.y) ?? 0) + 1;
        seq.set(mo.y, n);
        const rec: CaseRec = {
          id: `${svc.office.prefix}-${svc.code}-${mo.y}-${String(n).padStart(6, '0')}`,
          svc,
          t0,
          kinds: [],
          steps: [],
          ts: [],
          officers: [],
          notes: [],
          out: newOutcome(),
        };
        sink.rec = rec;
        sim.run(svc, t0, mi, sink, rec.out);
        // events stop at the end of the range
        let k = rec.ts.length;
        while (k > 0 && (rec.ts[k - 1] as number) >= rangeEnd) k--;
        if (k < rec.ts.length) {
          rec.ts.length = k;
          rec.kinds.length = k;
          rec.steps.length = k;
          rec.officers.length = k;
          rec.notes.length = k;
        }
        cases.push(rec);
      }
    });
  }
  cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  await mkdir(opts.outDir, { recursive: true });
  const files: string[] = [];

  // ---- events
  const fmt = opts.eventsFormat ?? 'csv';
  const evFile = path.join(opts.outDir, fmt === 'jsonl' ? 'events.jsonl' : 'events.csv');
  const ew = new ChunkWriter(evFile);
  if (fmt === 'csv') ew.add(EVENTS_HEADER + '\n');
  let nEvents = 0;
  for (const c of cases) {
    const office = c.svc.office;
    for (let i = 0; i < c.ts.length; i++) {
      const at = cal.iso(c.ts[i] as number) + office.offset;
      const step = c.steps[i] as string;
      const kind = KIND_NAMES[c.kinds[i] as number] as string;
      const officer = c.officers[i] as string;
      const note = c.notes[i] as string;
      if (fmt === 'csv') ew.add(csvRow([c.id, office.code, c.svc.code, step, kind, at, officer, note]));
      else
        ew.add(
          JSON.stringify({ case_id: c.id, office: office.code, service: c.svc.code, step, event: kind, at, officer: officer || null, note: note || null }) + '\n',
        );
      nEvents++;
    }
    if (ew.pending > 1 << 20) await ew.flush();
  }
  await ew.close();
  files.push(evFile);

  // ---- complaints
  const cw = new ChunkWriter(path.join(opts.outDir, 'complaints.csv'));
  cw.add(COMPLAINTS_HEADER + '\n');
  const nComplaints = writeComplaints(cw, opts.seed, cat, cal, months, cases, rangeEnd);
  await cw.close();
  files.push(path.join(opts.outDir, 'complaints.csv'));

  // ---- surveys
  const sw = new ChunkWriter(path.join(opts.outDir, 'surveys.csv'));
  sw.add(SURVEYS_HEADER + '\n');
  const nSurveys = writeSurveys(sw, opts.seed, cat, cal, months, cases, rangeStart, rangeEnd);
  await sw.close();
  files.push(path.join(opts.outDir, 'surveys.csv'));

  // ---- officers
  const ow = new ChunkWriter(path.join(opts.outDir, 'officers.yaml'));
  ow.add('# Demo officers (generated; fake names)\n');
  // an officer the catalogue names (the Sekretaris and Kepala Dinas who sign the reports) keeps
  // the catalogue's name, so the report's officer tables and its sign-off name the same person
  const named = await catalogueOfficerNames(opts.catalogue);
  ow.add(stringifyYaml({ officers: cat.officers.map((o) => ({ officer: o.id, name: named.get(`${o.office}/${o.id}`) ?? o.name, role: o.role, office: o.office })) }));
  await ow.close();
  files.push(path.join(opts.outDir, 'officers.yaml'));

  return { events: nEvents, cases: cases.length, complaints: nComplaints, surveys: nSurveys, files };
}

// ---------------------------------------------------------------------------------------------
// Complaints
// ---------------------------------------------------------------------------------------------

interface Subject {
  text: string;
  resolution: string;
  service: boolean;
  heavy?: boolean;
}

const SUBJECTS: readonly Subject[] = [
  { text: 'Berkas belum selesai melewati jangka waktu', resolution: 'Berkas diprioritaskan dan izin telah diterbitkan', service: true },
  { text: 'Petugas loket tidak ramah', resolution: 'Petugas telah diberi pembinaan oleh atasan langsung', service: false },
  { text: 'Persyaratan berbeda dengan informasi di website', resolution: 'Informasi persyaratan di website telah diperbarui', service: true },
  { text: 'Antrean di loket terlalu lama', resolution: 'Penambahan petugas loket pada jam sibuk', service: false },
  { text: 'Aplikasi perizinan tidak dapat diakses', resolution: 'Gangguan sistem telah diperbaiki oleh pengelola aplikasi', service: true },
  { text: 'Tidak ada pemberitahuan saat izin sudah selesai', resolution: 'Notifikasi WhatsApp dan SMS telah diaktifkan kembali', service: true },
  { text: 'Kesalahan penulisan nama pada surat izin', resolution: 'Surat izin telah diperbaiki dan diterbitkan ulang', service: true },
  { text: 'Dugaan permintaan biaya tidak resmi oleh oknum', resolution: 'Telah dilakukan pemeriksaan dan oknum dijatuhi sanksi disiplin', service: true, heavy: true },
  { text: 'Ruang tunggu panas dan kursi kurang', resolution: 'Pendingin ruangan diperbaiki dan kursi ditambah', service: false },
  { text: 'Telepon kantor tidak pernah diangkat', resolution: 'Petugas piket telepon telah ditetapkan', service: false },
  { text: 'Status permohonan tidak diperbarui', resolution: 'Status permohonan telah disinkronkan dan pemohon diberi penjelasan', service: true },
  { text: 'Tanda tangan Kepala Dinas terlalu lama', resolution: 'Penandatanganan elektronik dijadwalkan setiap hari kerja', service: true },
  { text: 'Berkas dikembalikan tanpa penjelasan yang jelas', resolution: 'Pemohon telah diberi penjelasan tertulis kekurangan berkas', service: true },
  { text: 'Jam layanan tidak sesuai dengan yang diumumkan', resolution: 'Jam layanan diumumkan ulang dan petugas ditegur', service: false },
  { text: 'Rekomendasi dinas teknis belum keluar', resolution: 'Telah dikoordinasikan dengan dinas teknis dan rekomendasi terbit', service: true },
  { text: 'Tempat parkir pemohon tidak tertata', resolution: 'Petugas parkir telah ditambah dan area parkir ditata', service: false },
];

const CHANNEL_WEIGHTS = [4, 5, 12, 7, 8, 8, 3, 16, 10, 12, 7, 1.5, 5]; // aligned with COMPLAINT_CHANNELS
const ONLINE_CHANNELS = new Set(['email', 'website', 'sms', 'whatsapp', 'sp4n_lapor', 'media_sosial']);
const CATEGORIES = ['ringan', 'sedang', 'berat'] as const;
const PHONE_PREFIXES = ['0811', '0812', '0813', '0821', '0822', '0852', '0853', '0815', '0816', '0817', '0818', '0819', '0857', '0858', '0877', '0878', '0895', '0896', '0881', '0882'];
/** the one office-year that misses the 75% target */
const LOW_RESOLUTION = { office: 'rokan-hilir', year: 2025 };

function phone(rng: Rng): string {
  let s = rng.pick(PHONE_PREFIXES);
  const n = rng.int(7, 8);
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

function writeComplaints(
  w: ChunkWriter,
  seed: number,
  cat: Catalogue,
  cal: Calendar,
  months: Array<{ y: number; m: number; d0: number; d1: number }>,
  cases: CaseRec[],
  rangeEnd: number,
): number {
  let total = 0;
  for (const od of cat.offices) {
    const services = cat.services.filter((s) => s.office === od);
    if (services.length === 0) continue;
    const rng = new Rng(seed, 'complaints:' + od.code);
    const officeCases = cases.filter((c) => c.svc.office === od).sort((a, b) => a.t0 - b.t0);
    const caseTimes = officeCases.map((c) => c.t0);
    const desk = od.roles.get('Front Office') ?? od.roles.get('Back Office') ?? [];
    const head = od.roles.get('Kepala Bidang') ?? od.roles.get('Sekretaris') ?? [];
    const kadis = od.roles.get('Kepala Dinas') ?? [];
    const seq = new Map<number, number>();
    months.forEach((mo, mi) => {
      const n = rng.int(8, 15);
      const days = cal.workingDaysIn(mo.d0, mo.d1);
      const items: Array<{ t: number; channel: string }> = [];
      for (let j = 0; j < n; j++) {
        // the first complaint of each month rotates through the channels so every channel occurs
        const channel = j === 0 ? (COMPLAINT_CHANNELS[(mi + od.index * 5) % 13] as string) : (COMPLAINT_CHANNELS[rng.weighted(CHANNEL_WEIGHTS)] as string);
        let t: number;
        if (ONLINE_CHANNELS.has(channel) || days.length === 0) {
          const d = mo.d0 + Math.floor(rng.next() * (mo.d1 - mo.d0));
          t = d * DAY + 6 * 3600 + Math.floor(rng.next() * 17 * 3600);
        } else t = cal.timeOnDay(rng.pick(days), rng.next());
        items.push({ t, channel });
      }
      items.sort((a, b) => a.t - b.t);
      for (const it of items) {
        const k = (seq.get(mo.y) ?? 0) + 1;
        seq.set(mo.y, k);
        const id = `PGD-${od.prefix}-${mo.y}-${String(k).padStart(4, '0')}`;
        const subj = rng.pick(SUBJECTS);
        const cat3 = subj.heavy ? (rng.next() < 0.7 ? 2 : 1) : rng.weighted([72, 22, 6]);
        const category = CATEGORIES[cat3] as string;
        let service = '';
        let caseId = '';
        if (subj.service && rng.next() < 0.75) {
          service = rng.pick(services).code;
          if (rng.next() < 0.5) {
            // link to a case of that service submitted in the 45 days before
            const hi = lowerBound(caseTimes, it.t);
            const lo = lowerBound(caseTimes, it.t - 45 * DAY);
            for (let tries = 0; tries < 6 && hi > lo; tries++) {
              const c = officeCases[lo + Math.floor(rng.next() * (hi - lo))] as CaseRec;
              if (c.svc.code === service) {
                caseId = c.id;
                break;
              }
            }
          }
        }
        const anonymous = (it.channel === 'kotak_saran' || it.channel === 'sp4n_lapor') && rng.next() < 0.5;
        const name = anonymous ? '' : personName(rng);
        const contact = anonymous ? '' : phone(rng);
        const handler = cat3 === 0 ? desk : cat3 === 1 ? head : kadis;
        const handledBy = handler.length ? (rng.pick(handler) as Officer).id : '';

        // outcome group
        const low = od.code === LOW_RESOLUTION.office && mo.y === LOW_RESOLUTION.year;
        const g = low ? rng.weighted([62, 18, 20]) : rng.weighted([83, 9, 8]); // fast, slow/next year, open
        const stages: string[] = ['cek_administrasi'];
        if (rng.next() < [0.1, 0.4, 0.7][cat3]!) stages.push('survei_lapangan');
        stages.push('koordinasi_internal');
        if (rng.next() < [0.05, 0.25, 0.6][cat3]!) stages.push('koordinasi_instansi');
        const cek = cal.addWorking(it.t, Math.round(rng.logn(90, 0.8) * MIN));
        let resolved = -1;
        if (g === 0) resolved = cal.addWorking(cek, Math.round(rng.logn([900, 2250, 4500][cat3]!, 0.5) * MIN));
        else if (g === 1) {
          if (low) {
            // resolved only in the next year (January–April)
            const nd = cal.workingDaysIn(monthStartDay(mo.y + 1, 1), monthStartDay(mo.y + 1, 5));
            resolved = Math.max(cal.timeOnDay(rng.pick(nd), rng.next()), cal.addWorking(cek, 3600));
          } else resolved = cal.addWorking(cek, Math.round(DEFAULT_DAY_MINUTES * rng.int(20, 60) * MIN));
        }
        if (resolved >= 0) stages.push('selesai');
        else stages.length = 1 + Math.floor(rng.next() * (stages.length - 1)) + 1; // stops at an intermediate stage
        // intermediate stage changes spread over the working time between cek and the end
        const span = resolved >= 0 ? cal.workingSecs(cek, resolved) : Math.round(rng.logn(2000, 0.6) * MIN);
        const times: number[] = [it.t, cek];
        const mids = stages.length - 1 - (resolved >= 0 ? 1 : 0);
        const fr: number[] = [];
        for (let s = 0; s < mids; s++) fr.push(0.1 + 0.8 * rng.next());
        fr.sort((a, b) => a - b);
        for (const f of fr) times.push(cal.addWorking(cek, Math.round(span * f)));
        if (resolved >= 0) times.push(resolved);
        const allStages = ['diterima', ...stages];
        const common = [id, od.code, cal.iso(it.t) + od.offset, it.channel, category, subj.text, service, caseId, name, contact];
        for (let s = 0; s < allStages.length; s++) {
          const at = times[s] as number;
          if (at >= rangeEnd) break;
          const st = allStages[s] as string;
          const isDone = st === 'selesai';
          w.add(
            csvRow([
              ...common,
              st,
              cal.iso(at) + od.offset,
              s >= 1 ? cal.iso(cek) + od.offset : '',
              isDone ? cal.iso(at) + od.offset : '',
              isDone ? subj.resolution : '',
              s >= 1 ? handledBy : '',
            ]),
          );
        }
        total++;
      }
    });
  }
  return total;
}

function lowerBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Surveys (SKM)
// ---------------------------------------------------------------------------------------------

/** score distributions P(1..4) */
const D_A = [0.01, 0.04, 0.34, 0.61]; // ≈3.55
const D_BH = [0.01, 0.06, 0.45, 0.48]; // ≈3.40
const D_B = [0.02, 0.07, 0.5, 0.41]; // ≈3.30
const D_U3 = [0.02, 0.1, 0.54, 0.34]; // ≈3.20
const D_U3_SLOW = [0.04, 0.2, 0.52, 0.24]; // ≈2.96 before the lateness penalty, ≈2.85 after (Pekanbaru: waiting time graded C)
const ELEMENTS_DEFAULT = [D_B, D_B, D_U3, D_A, D_BH, D_BH, D_BH, D_B, D_B];
const ELEMENTS_BY_OFFICE: Readonly<Record<string, number[][]>> = {
  pekanbaru: [D_B, D_B, D_U3_SLOW, D_A, D_BH, D_BH, D_B, D_B, D_B],
  'lampung-selatan': [D_BH, D_B, D_U3, D_A, D_A, D_BH, D_A, D_B, D_BH],
  'rokan-hilir': [D_B, D_B, D_U3, D_A, D_BH, D_B, D_BH, D_B, D_B],
};
const EDUCATION = ['SD', 'SMP', 'SMA', 'D3', 'S1', 'S2', 'S3'];
const EDUCATION_W = [2, 4, 28, 22, 34, 8, 2];
const OCCUPATION = ['PNS', 'TNI/Polri', 'Swasta', 'Wiraswasta', 'Pelajar/Mahasiswa', 'Lainnya'];
const OCCUPATION_W = [14, 3, 38, 25, 8, 12];
const COMMENTS_GOOD = [
  'Pelayanan cepat dan ramah',
  'Petugas sangat membantu, terima kasih',
  'Prosesnya mudah dan tidak dipungut biaya',
  'Sudah bagus, pertahankan',
  'Informasi persyaratan jelas',
];
const COMMENTS_BAD = [
  'Proses tanda tangan terlalu lama',
  'Mohon ada pemberitahuan jika izin sudah selesai',
  'Ruang tunggu panas, mohon AC diperbaiki',
  'Waktu penyelesaian tidak sesuai standar pelayanan',
  'Antrean lama, loket yang buka hanya satu',
  'Petugas kurang menjelaskan kekurangan berkas',
];

function writeSurveys(
  w: ChunkWriter,
  seed: number,
  cat: Catalogue,
  cal: Calendar,
  months: Array<{ y: number; m: number; d0: number; d1: number }>,
  cases: CaseRec[],
  rangeStart: number,
  rangeEnd: number,
): number {
  const rng = new Rng(seed, 'surveys');
  interface Resp {
    office: OfficeDef;
    service: string;
    t: number;
    caseId: string;
    late: boolean;
  }
  const resp: Resp[] = [];
  const byTime = [...cases].sort((a, b) => a.t0 - b.t0 || (a.id < b.id ? -1 : 1));
  for (const c of byTime) {
    const o = c.out;
    if (o.cancelled || o.readyAt < 0 || o.readyAt >= rangeEnd) continue;
    if (rng.next() >= 0.7) continue;
    let t: number;
    if (o.electronic) t = cal.addWorking(o.readyAt, Math.round(rng.logn(240, 1.2) * MIN));
    else if (o.collectedAt >= 0) t = cal.addWorking(o.collectedAt, rng.int(60, 900));
    else continue;
    if (t >= rangeEnd) continue;
    resp.push({ office: c.svc.office, service: c.svc.code, t, caseId: c.id, late: o.late });
  }
  // some walk-in responses not linked to a case
  for (const od of cat.offices) {
    const svcs = cat.services.filter((s) => s.office === od);
    if (svcs.length === 0) continue;
    for (const mo of months) {
      const days = cal.workingDaysIn(mo.d0, mo.d1);
      if (days.length === 0) continue;
      const n = rng.int(0, 3);
      for (let i = 0; i < n; i++) {
        const t = cal.timeOnDay(rng.pick(days), rng.next());
        if (t < rangeStart || t >= rangeEnd) continue;
        resp.push({ office: od, service: rng.pick(svcs).code, t, caseId: '', late: false });
      }
    }
  }
  resp.sort((a, b) => a.office.index - b.office.index || a.t - b.t || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const seq = new Map<string, number>();
  for (const r of resp) {
    const y = cal.iso(r.t).slice(0, 4);
    const key = r.office.code + '/' + y;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    const dists = ELEMENTS_BY_OFFICE[r.office.code] ?? ELEMENTS_DEFAULT;
    const scores: string[] = [];
    let sum = 0;
    let cnt = 0;
    for (let u = 0; u < 9; u++) {
      let v = rng.weighted(dists[u] as number[]) + 1;
      if (r.late && (u === 2 ? rng.next() < 0.5 : (u === 1 || u === 7) && rng.next() < 0.15)) v = Math.max(1, v - 1);
      if (rng.next() < 0.02) scores.push('');
      else {
        scores.push(String(v));
        sum += v;
        cnt++;
      }
    }
    const mean = cnt ? sum / cnt : 3;
    let comment = '';
    if (rng.next() < 0.15) comment = mean < 3 || r.late ? rng.pick(COMMENTS_BAD) : rng.pick(COMMENTS_GOOD);
    const age = Math.min(70, Math.max(18, Math.round(36 + 10 * rng.normal())));
    w.add(
      csvRow([
        `SKM-${r.office.prefix}-${y}-${String(n).padStart(5, '0')}`,
        r.office.code,
        r.service,
        cal.iso(r.t) + r.office.offset,
        ...scores,
        r.caseId,
        rng.next() < 0.48 ? 'L' : 'P',
        String(age),
        EDUCATION[rng.weighted(EDUCATION_W)] as string,
        OCCUPATION[rng.weighted(OCCUPATION_W)] as string,
        comment,
      ]),
    );
  }
  return resp.length;
}

// ---------------------------------------------------------------------------------------------
// generateEventsFile() — benchmark log
// ---------------------------------------------------------------------------------------------

class BenchSink implements Sink {
  chunk = '';
  rows = 0;
  prefix = '';
  offset = '';
  private readonly notes = new Map<string, string>();

  constructor(private readonly cal: Calendar) {}

  ev(step: string, kind: number, t: number, officer: string, note: string): void {
    let n = note;
    if (n !== '') {
      let q = this.notes.get(note);
      if (q === undefined) {
        q = csvField(note);
        this.notes.set(note, q);
      }
      n = q;
    }
    this.chunk += this.prefix + step + ',' + (KIND_NAMES[kind] as string) + ',' + this.cal.iso(t) + this.offset + ',' + officer + ',' + n + '\n';
    this.rows++;
  }
}

export async function generateEventsFile(opts: GenerateEventsFileOptions): Promise<{ events: number; cases: number }> {
  const target = Math.max(0, Math.floor(opts.events));
  const from = parseMonth(opts.from ?? '2025-01');
  const cat = await loadCatalogue(opts.catalogue, opts.seed);
  const holidays = await loadHolidays(opts.holidays);
  const groups = serviceGroups(cat.services);
  // volumes scaled so that the log spans about a year
  const perMonthAtScale1 = groups.reduce((n, g) => n + (DEFAULT_CASES_PER_MONTH[(g[0] as ServiceDef).key] ?? 10) * (g[0] as ServiceDef).estEvents, 0);
  const scale = Math.max(1, target / (12 * perMonthAtScale1));
  const estMonths = Math.ceil(target / (perMonthAtScale1 * scale * 0.8)) + 2;
  const cal = new Calendar(holidays, from.y - 1, Math.ceil(estMonths / 12) + 4);

  const rng = new Rng(opts.seed, 'bench');
  const sim = new Simulator(cal, rng);
  const sink = new BenchSink(cal);
  const out = newOutcome();
  const w = new ChunkWriter(opts.out);
  w.add(EVENTS_HEADER + '\n');
  let cases = 0;
  const seq = new Map<string, number>();
  const FLUSH_ROWS = 65536;
  let sinceFlush = 0;

  for (let mi = 0; sink.rows < target; mi++) {
    const y = from.y + Math.floor((from.m - 1 + mi) / 12);
    const m = ((from.m - 1 + mi) % 12) + 1;
    const d0 = monthStartDay(y, m);
    const d1 = monthStartDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
    const days = cal.workingDaysIn(d0, d1);
    if (days.length === 0) continue;
    // arrivals of all services this month, in time order
    const ts: number[] = [];
    const gi: number[] = [];
    groups.forEach((g, k) => {
      const base = (DEFAULT_CASES_PER_MONTH[(g[0] as ServiceDef).key] ?? 10) * scale;
      const a = arrivals(cal, days, monthCount(base, days.length, rng), rng);
      for (const t of a) {
        ts.push(t);
        gi.push(k);
      }
    });
    const order = ts.map((_, i) => i).sort((a, b) => (ts[a] as number) - (ts[b] as number) || (gi[a] as number) - (gi[b] as number));
    for (const i of order) {
      if (sink.rows >= target) break;
      const t0 = ts[i] as number;
      const svc = versionAt(groups[gi[i] as number] as ServiceDef[], Math.floor(t0 / DAY));
      const n = (seq.get(svc.key + y) ?? 0) + 1;
      seq.set(svc.key + y, n);
      sink.prefix = `${svc.office.prefix}-${svc.code}-${y}-${String(n).padStart(6, '0')},${svc.office.code},${svc.code},`;
      sink.offset = svc.office.offset;
      const before = sink.rows;
      sim.run(svc, t0, mi, sink, out);
      cases++;
      sinceFlush += sink.rows - before;
      if (sinceFlush >= FLUSH_ROWS) {
        w.add(sink.chunk);
        sink.chunk = '';
        sinceFlush = 0;
        await w.flush();
      }
    }
  }
  w.add(sink.chunk);
  sink.chunk = '';
  await w.close();
  return { events: sink.rows, cases };
}
