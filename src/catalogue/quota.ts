import { t, type Lang } from '../i18n/index.js';

/** A quota as written in a Standar Pelayanan: "N menit", "N jam" or "N hari kerja". */
export interface Quota {
  text: string;
  value: number;
  unit: 'menit' | 'jam' | 'hari kerja';
}

const QUOTA = /^\s*(\d+(?:[.,]\d+)?)\s*(menit|jam|hari kerja)\s*$/i;

/** Parses a quota; returns null for null/empty and throws a message (in `lang`) for anything else. */
export function parseQuota(text: string | number | null | undefined, lang: Lang = 'id'): Quota | null {
  if (text === null || text === undefined || (typeof text === 'string' && text.trim() === '')) return null;
  const m = QUOTA.exec(String(text));
  if (!m) throw new Error(t(lang, 'quota_invalid', { text: String(text) }));
  const value = Number(m[1]!.replace(',', '.'));
  return { text: String(text).trim(), value, unit: m[2]!.toLowerCase() as Quota['unit'] };
}

/** Working minutes of a quota; a hari kerja is the office's nominal working day (450 by default). */
export function quotaMinutes(q: Quota | null, dayMinutes: number): number | null {
  if (!q) return null;
  if (q.unit === 'menit') return q.value;
  if (q.unit === 'jam') return q.value * 60;
  return q.value * dayMinutes;
}
