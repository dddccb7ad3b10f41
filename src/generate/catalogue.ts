import path from 'node:path';
import { readStructuredFile, validateCatalogue, type ValidCatalogue } from '../catalogue/index.js';
import { DEFAULT_DAY_MINUTES } from '../vocabulary.js';
import { Rng } from './rng.js';
import { TZ_OFFSETS, dayNumber } from './calendar.js';
import { BadRequestError } from '../errors.js';
import { inBoth } from '../i18n/index.js';

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

export interface Catalogue {
  offices: OfficeDef[];
  services: ServiceDef[];
  officers: Officer[];
}

export const GIVEN_M = [
  'Ahmad',
  'Budi',
  'Rahmat',
  'Agus',
  'Hendra',
  'Yusuf',
  'Eko',
  'Wahyu',
  'Rizky',
  'Fauzi',
  'Dedi',
  'Irwan',
  'Taufik',
  'Andi',
  'Hasan',
  'Joko',
  'Arif',
  'Syamsul',
  'Zulkifli',
  'Doni',
  'Fajar',
  'Iqbal',
  'Muhammad',
  'Ridwan',
  'Sutrisno',
  'Bambang',
  'Hadi',
  'Firman',
];
export const GIVEN_F = [
  'Siti',
  'Dewi',
  'Nur',
  'Putri',
  'Sri',
  'Rina',
  'Fitri',
  'Indah',
  'Ayu',
  'Kartika',
  'Nurhayati',
  'Maya',
  'Ratna',
  'Yuni',
  'Sari',
  'Wulan',
  'Eka',
  'Nia',
  'Rani',
  'Desi',
  'Mega',
  'Anisa',
  'Fatimah',
  'Rosmawati',
  'Lina',
  'Yanti',
];
export const FAMILY = [
  'Hidayat',
  'Lubis',
  'Siregar',
  'Nasution',
  'Harahap',
  'Sembiring',
  'Pratama',
  'Wijaya',
  'Kurniawan',
  'Setiawan',
  'Hasibuan',
  'Simanjuntak',
  'Gunawan',
  'Rangkuti',
  'Daulay',
  'Pohan',
  'Tanjung',
  'Marpaung',
  'Batubara',
  'Ginting',
];
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

/** The catalogue as the product reads and checks it (catalogue/: schema, quotas in working minutes). */
function readCatalogue(file: string): ValidCatalogue {
  return validateCatalogue(readStructuredFile(file), path.basename(file), new Map());
}

/** The names the catalogue gives its officers, by office/officer. */
export async function catalogueOfficerNames(file: string): Promise<Map<string, string>> {
  return new Map(
    readCatalogue(file)
      .officers.filter((o) => typeof o.name === 'string')
      .map((o) => [`${o.office}/${o.officer}`, o.name!]),
  );
}

export async function loadCatalogue(file: string, seed: number): Promise<Catalogue> {
  const doc = readCatalogue(file);
  const offices: OfficeDef[] = [];
  const byCode = new Map<string, OfficeDef>();
  for (const o of doc.offices) {
    const code = o.office;
    const prof = OFFICE_PROFILES[code];
    const od: OfficeDef = {
      code,
      name: o.name ?? code,
      offset: TZ_OFFSETS[o.timezone ?? 'Asia/Jakarta'] ?? '+07:00',
      prefix:
        prof?.prefix ??
        code
          .replace(/[^a-z]/gi, '')
          .slice(0, 3)
          .toUpperCase(),
      notify: prof?.notify ?? true,
      index: offices.length,
      roles: new Map(),
      dayMinutes: o.day_minutes ?? DEFAULT_DAY_MINUTES,
    };
    offices.push(od);
    byCode.set(code, od);
  }

  // roles per office: actors of office/external steps, plus a Sekretaris and a Kepala Dinas
  const roleOrder = new Map<string, string[]>();
  for (const od of offices) roleOrder.set(od.code, []);
  for (const s of doc.services) {
    const roles = roleOrder.get(s.office);
    if (!roles) continue;
    for (const st of s.steps) {
      if (st.clock === 'applicant') continue;
      if (!roles.includes(st.actor)) roles.push(st.actor);
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
      const code =
        ROLE_CODES[role] ??
        role
          .split(/\s+/)
          .map((w) => w[0] ?? '')
          .join('')
          .toUpperCase();
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
  for (const s of doc.services) {
    const od = byCode.get(s.office);
    if (!od) continue;
    const steps: StepDef[] = s.steps.map((st) => {
      const clock = st.clock === 'applicant' ? CL_APPLICANT : st.clock === 'external' ? CL_EXTERNAL : CL_OFFICE;
      return {
        code: st.step,
        actor: st.actor,
        clock,
        quotaMin: st.quotaMin,
        optional: st.optional,
        isKadis: st.actor === 'Kepala Dinas',
        officers: clock === CL_APPLICANT ? [] : (od.roles.get(st.actor) ?? []),
      };
    });
    let readyIdx = steps.findIndex((st) => st.code === s.readyStep);
    if (readyIdx < 0) {
      readyIdx = steps.length - 1;
      while (readyIdx > 0 && (steps[readyIdx] as StepDef).clock === CL_APPLICANT) readyIdx--;
    }
    const firstOfficeIdx = steps.findIndex((st) => st.clock === CL_OFFICE);
    const officeIdxs: number[] = [];
    for (let i = 0; i <= readyIdx; i++) if ((steps[i] as StepDef).clock === CL_OFFICE) officeIdxs.push(i);
    const post = steps.slice(readyIdx + 1);
    const desk = od.roles.get('Front Office') ?? od.roles.get('Back Office') ?? (steps[readyIdx] as StepDef).officers;
    services.push({
      office: od,
      code: s.service,
      key: `${od.code}/${s.service}`,
      quotaMin: s.quotaMin,
      effectiveFrom: s.effectiveFrom ? dayNumber(s.effectiveFrom) : -Infinity,
      steps,
      readyIdx,
      firstOfficeIdx,
      officeIdxs,
      hasCollection: post.some((st) => st.clock === CL_APPLICANT),
      estEvents: steps.reduce((n, st) => n + (st.clock === CL_APPLICANT ? 1 : 2), 0) + (od.notify ? 1 : 0),
      desk,
    });
  }
  if (services.length === 0) throw new BadRequestError(inBoth('generate_no_services', { file }));
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
