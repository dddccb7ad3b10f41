import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { parseQuota, quotaMinutes } from '../catalogue/quota.js';
import { DATE_PATTERN, DEFAULT_DAY_MINUTES } from '../vocabulary.js';
import { Rng } from './rng.js';
import { TZ_OFFSETS, dayNumber } from './calendar.js';

// Catalogue
// ---------------------------------------------------------------------------------------------

export const CL_OFFICE = 0;
export const CL_APPLICANT = 1;
export const CL_EXTERNAL = 2;

export interface Officer {
  id: string;
  name: string;
  role: string;
  office: string;
  speed: number;
}

export interface OfficeDef {
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

export interface StepDef {
  code: string;
  actor: string;
  clock: number;
  quotaMin: number | null;
  optional: boolean;
  isKadis: boolean;
  officers: Officer[];
}

export interface ServiceDef {
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

export const OFFICE_PROFILES: Readonly<Record<string, { prefix: string; notify: boolean }>> = {
  pekanbaru: { prefix: 'PKU', notify: true },
  'lampung-selatan': { prefix: 'LSL', notify: false },
  'rokan-hilir': { prefix: 'ROH', notify: false },
};

export const ROLE_CODES: Readonly<Record<string, string>> = {
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
export function quotaOf(q: unknown, od: OfficeDef): number | null {
  return quotaMinutes(parseQuota(q as string | number | null | undefined), od.dayMinutes);
}

export interface Catalogue {
  offices: OfficeDef[];
  services: ServiceDef[];
  officers: Officer[];
}

export const GIVEN_M = ['Ahmad', 'Budi', 'Rahmat', 'Agus', 'Hendra', 'Yusuf', 'Eko', 'Wahyu', 'Rizky', 'Fauzi', 'Dedi', 'Irwan', 'Taufik', 'Andi', 'Hasan', 'Joko', 'Arif', 'Syamsul', 'Zulkifli', 'Doni', 'Fajar', 'Iqbal', 'Muhammad', 'Ridwan', 'Sutrisno', 'Bambang', 'Hadi', 'Firman'];
export const GIVEN_F = ['Siti', 'Dewi', 'Nur', 'Putri', 'Sri', 'Rina', 'Fitri', 'Indah', 'Ayu', 'Kartika', 'Nurhayati', 'Maya', 'Ratna', 'Yuni', 'Sari', 'Wulan', 'Eka', 'Nia', 'Rani', 'Desi', 'Mega', 'Anisa', 'Fatimah', 'Rosmawati', 'Lina', 'Yanti'];
export const FAMILY = ['Hidayat', 'Lubis', 'Siregar', 'Nasution', 'Harahap', 'Sembiring', 'Pratama', 'Wijaya', 'Kurniawan', 'Setiawan', 'Hasibuan', 'Simanjuntak', 'Gunawan', 'Rangkuti', 'Daulay', 'Pohan', 'Tanjung', 'Marpaung', 'Batubara', 'Ginting'];
export const FAMILY_M = ['Saputra', 'Putra', 'Syahputra', 'Ramadhan', 'Firmansyah', 'Suryadi'];
export const FAMILY_F = ['Rahayu', 'Susanti', 'Utami', 'Permatasari', 'Handayani', 'Wahyuni', 'Lestari'];
export const DEGREES = ['S.E.', 'S.Kom.', 'S.H.', 'S.Sos.', 'S.AP.', 'A.Md.', 'S.T.', 'S.IP.'];

export function personName(rng: Rng, female = rng.next() < 0.5): string {
  const given = rng.pick(female ? GIVEN_F : GIVEN_M);
  const family = rng.next() < 0.75 ? rng.pick(FAMILY) : rng.pick(female ? FAMILY_F : FAMILY_M);
  return given + ' ' + family;
}

export function officerName(rng: Rng, role: string): string {
  const female = rng.next() < 0.45;
  const base = personName(rng, female);
  const haji = female ? 'Hj.' : 'H.';
  if (role === 'Kepala Dinas') return `Dr. ${haji} ${base}, S.H., M.Si.`;
  if (role === 'Sekretaris') return `${haji} ${base}, S.E., M.M.`;
  if (role === 'Kepala Bidang' || role.startsWith('JF Analis')) return `${base}, ${rng.pick(DEGREES)}, M.AP.`;
  if (role === 'Dinas Kesehatan') return `drg. ${base}`;
  return `${base}, ${rng.pick(DEGREES)}`;
}

export function officerCount(rng: Rng, role: string): number {
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
export async function catalogueOfficerNames(file: string): Promise<Map<string, string>> {
  const doc = parseYaml(await readFile(file, 'utf8')) as { officers?: Array<{ office?: unknown; officer?: unknown; name?: unknown }> } | null;
  return new Map((doc?.officers ?? []).filter((o) => typeof o.name === 'string').map((o) => [`${String(o.office)}/${String(o.officer)}`, o.name as string]));
}

export async function loadCatalogue(file: string, seed: number): Promise<Catalogue> {
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
export function serviceGroups(services: ServiceDef[]): ServiceDef[][] {
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

export function versionAt(group: ServiceDef[], day: number): ServiceDef {
  let v = group[0] as ServiceDef;
  for (const s of group) if (s.effectiveFrom <= day) v = s;
  return v;
}
