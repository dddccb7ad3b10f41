import { type Lang, localeOf, report } from '../i18n/index.js';

/**
 * Number and date formats of the report: id-ID by default (`1.234,5`, `23 November 2026`),
 * en-GB in English. Values are rounded only here, for display.
 */
const locale = localeOf;

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number with exactly `digits` decimals, grouped (id: `1.234,5`); '-' for null. */
export function fmtNumber(value: number | null | undefined, digits: number, lang: Lang): string {
  if (value == null || !Number.isFinite(value)) return '-';
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** A ratio 0–1 as a percentage with one decimal (`76,5%`). */
export function fmtRatioPct(ratio: number | null | undefined, lang: Lang): string {
  return ratio == null ? '-' : `${fmtNumber(ratio * 100, 1, lang)}%`;
}

/** The month `YYYY-MM` in words (`Oktober 2026`). */
export function fmtMonth(month: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** The zone's Indonesian abbreviation (WIB, WITA, WIT), or the IANA name. */
function zoneLabel(timezone: string): string {
  return (
    { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' }[timezone] ??
    timezone
  );
}

/** An instant as the office's wall clock (`31 Oktober 2026 23.59 WIB`). */
export function fmtInstant(at: Date, timezone: string, lang: Lang): string {
  const day = new Intl.DateTimeFormat(locale(lang), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: timezone,
  }).format(at);
  const time = new Intl.DateTimeFormat(locale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timezone,
  }).format(at);
  return `${day} ${time} ${zoneLabel(timezone)}`;
}

/** A short local date-time (`31-10-2026 14.05`) for table cells. */
export function fmtShortInstant(at: Date, timezone: string, lang: Lang): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timezone,
  }).formatToParts(at);
  const p = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${p('day')}-${p('month')}-${p('year')} ${p('hour')}${report[lang].timeSeparator}${p('minute')}`;
}

/** A local date as `31-10-2026` for table cells. */
export function fmtShortDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y}`;
}

/** Replaces `{name}` placeholders. */
export function fill(text: string, params: Record<string, string | number>): string {
  let out = text;
  for (const [k, v] of Object.entries(params)) out = out.replaceAll(`{${k}}`, String(v));
  return out;
}
