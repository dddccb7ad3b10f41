import { existsSync, readFileSync } from 'node:fs';
import type { Session } from '../db/index.js';
import { type Lang, localeOf } from '../i18n/index.js';
import type { Signatory } from './signatories.js';

/**
 * What makes the monthly report a letter of the office: the letterhead (kop surat) from the
 * catalogue's office block, and, on the approved copy, the approval (who checked and approved,
 * when, the report number, the place-and-date line and a verification line).
 */
export interface Letterhead {
  government: string | null;
  dinas_name: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  /** The logo file's bytes (base64), read when the report is rendered; null when none or missing. */
  logo: string | null;
  place: string | null;
}

/** The office's letterhead; the logo is read from its file (a missing file prints none). */
export async function readLetterhead(db: Pick<Session, 'one'>, office: string): Promise<Letterhead> {
  const row = await db.one<Omit<Letterhead, 'logo'> & { logo_path: string | null }>(
    'select government, dinas_name, address, phone, email, website, logo_path, place from offices where office = $office',
    { office },
  );
  const { logo_path, ...rest } = row ?? {
    government: null,
    dinas_name: null,
    address: null,
    phone: null,
    email: null,
    website: null,
    logo_path: null,
    place: null,
  };
  return { ...rest, logo: logo_path && existsSync(logo_path) ? readFileSync(logo_path).toString('base64') : null };
}

export interface Approval {
  report_id: number;
  report_no: string;
  /** sha256 of the copy the Sekretaris checked (the verification line prints its first 16 digits). */
  checked_sha256: string;
  checked: { at: string; by: Signatory | null };
  approved: { at: string; by: Signatory | null };
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/**
 * The number of an approved report: `12/LAP-SLA/PEKANBARU/X/2026` (record id, office, month in Roman numerals, year).
 */
export function reportNumber(reportId: number, office: string, month: string): string {
  return `${reportId}/LAP-SLA/${office.toUpperCase()}/${ROMAN[Number(month.slice(5, 7)) - 1]}/${month.slice(0, 4)}`;
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** A local date in words: `3 November 2026` (id-ID) or `3 November 2026` (en-GB). */
export function fmtDate(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * Everything a copy is rendered from, as JSON (kept in the approved record so the copy can be
 * rendered again byte for byte): Dates become `{"$date": iso}`.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v) =>
    v && typeof v === 'object' && typeof (v as { $date?: unknown }).$date === 'string' && Object.keys(v).length === 1
      ? new Date((v as { $date: string }).$date)
      : v,
  ) as T;
}
