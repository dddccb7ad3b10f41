import { type Lang, localeOf } from '../i18n/index.js';

/**
 * Whether a Ringkasan tile keeps its promise (issue #25 §1), in colour *and* words: a target per
 * tile, compared on the value as the tile shows it (rounded as displayed, so "90,0%" is never
 * judged short of 90%), and the amount short computed from those rounded numbers.
 */
export interface Verdict {
  met: boolean;
  /** e.g. "tercapai (target 90,0%)", "belum tercapai: kurang 3,2 poin dari target 90,0%" */
  text: string;
}

/** IKM grade B begins at 76,61 (PermenPANRB 14/2017, converted value). */
export const IKM_GRADE_B = 76.61;

export type Judged =
  | { kind: 'pct'; value: number; target: number } // percent 0–100, one decimal shown
  | { kind: 'ratio'; value: number; target: number } // ratio 0–1, shown as a percent with one decimal
  | { kind: 'ikm'; value: number } // converted IKM, two decimals shown, against grade B
  | { kind: 'zero'; value: number }; // a count that should be zero (cases overdue now)

const num = (lang: Lang, digits: number) =>
  new Intl.NumberFormat(localeOf(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function judge(j: Judged, lang: Lang): Verdict {
  const id = lang === 'id';
  const met = (t: string) => ({ met: true, text: id ? `tercapai (${t})` : `met (${t})` });
  const short = (amount: string, t: string) => ({
    met: false,
    text: id ? `belum tercapai: kurang ${amount} dari ${t}` : `not met: ${amount} short of ${t}`,
  });
  switch (j.kind) {
    case 'pct':
    case 'ratio': {
      // both shown as a percentage with one decimal
      const shown = round(j.kind === 'pct' ? j.value : j.value * 100, 1);
      const target = round(j.kind === 'pct' ? j.target : j.target * 100, 1);
      const t = `target ${num(lang, 1).format(target)}%`;
      if (shown >= target) return met(t);
      return short(`${num(lang, 1).format(round(target - shown, 1))} ${id ? 'poin' : 'points'}`, t);
    }
    case 'ikm': {
      const shown = round(j.value, 2);
      const t = id ? `mutu B, ${num(lang, 2).format(IKM_GRADE_B)}` : `grade B, ${num(lang, 2).format(IKM_GRADE_B)}`;
      if (shown >= IKM_GRADE_B) return met(t);
      return short(num(lang, 2).format(round(IKM_GRADE_B - shown, 2)), t);
    }
    case 'zero': {
      if (j.value === 0) return met(id ? 'tidak ada yang lewat batas' : 'none overdue');
      return {
        met: false,
        text: id
          ? `belum tercapai: ${j.value} berkas lewat batas waktu (target 0)`
          : `not met: ${j.value} cases overdue (target 0)`,
      };
    }
  }
}
