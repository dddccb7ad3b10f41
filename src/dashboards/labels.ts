/**
 * The words a person reads for the codes of the complaint register (issue #25 §4): channels,
 * categories (weights) and stages, in Bahasa Indonesia and English (the dashboards catalogue's
 * `codes`). The API keeps the codes; tables, charts, tooltips and CSV downloads of the pages show these.
 */
import { dashboards, type Lang } from '../i18n/index.js';
import { CATEGORIES } from '../ingest/index.js';

const codes = (lang: Lang) => dashboards[lang].codes;

/** The label of a channel code (an unknown code as it is). */
export const channelLabel = (code: string, lang: Lang) =>
  (codes(lang).channels as Record<string, string>)[code] ?? code;
/** The label of a category code. */
export const categoryLabel = (code: string, lang: Lang) =>
  (codes(lang).categories as Record<string, string>)[code] ?? code;
/** The label of a stage code. */
export const stageLabel = (code: string, lang: Lang) => (codes(lang).stages as Record<string, string>)[code] ?? code;

/** Categories in their order of weight: ringan, sedang, berat (unknown codes last). */
export function categoryOrder(a: string, b: string): number {
  const rank = (c: string) => {
    const i = (CATEGORIES as readonly string[]).indexOf(c);
    return i < 0 ? CATEGORIES.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * The words for the codes of case status, visit outcome, complaint deadline and yes/no, where a
 * person reads: the pages (served to the page script as /assets/dash/codes.js) and the XLSX
 * download.
 */
export const codeLabels: Record<
  Lang,
  {
    status: Record<string, string>;
    outcome: Record<string, string>;
    deadline: Record<string, string>;
    bool: Record<'true' | 'false', string>;
  }
> = {
  id: (({ status, outcome, deadline, bool }) => ({ status, outcome, deadline, bool }))(dashboards.id.codes),
  en: (({ status, outcome, deadline, bool }) => ({ status, outcome, deadline, bool }))(dashboards.en.codes),
};
