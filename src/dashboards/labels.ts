/**
 * The words a person reads for the codes of the complaint register (issue #25 §4): channels,
 * categories (weights) and stages, in Bahasa Indonesia and English. The API keeps the codes;
 * tables, charts, tooltips and CSV downloads of the pages show these.
 */
import type { Lang } from './specs.js';
import { CATEGORIES } from '../ingest/kinds.js';

const channels: Record<Lang, Record<string, string>> = {
  id: {
    surat: 'Surat',
    kotak_saran: 'Kotak saran',
    loket: 'Loket',
    email: 'Surel',
    website: 'Situs web',
    telepon: 'Telepon',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    tatap_muka: 'Tatap muka',
    sp4n_lapor: 'SP4N-LAPOR!',
    media_sosial: 'Media sosial',
    fax: 'Faksimile',
    formulir: 'Formulir',
  },
  en: {
    surat: 'Letter',
    kotak_saran: 'Suggestion box',
    loket: 'Counter',
    email: 'Email',
    website: 'Website',
    telepon: 'Telephone',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    tatap_muka: 'In person',
    sp4n_lapor: 'SP4N-LAPOR!',
    media_sosial: 'Social media',
    fax: 'Fax',
    formulir: 'Form',
  },
};

const categories: Record<Lang, Record<string, string>> = {
  id: { ringan: 'Ringan', sedang: 'Sedang', berat: 'Berat' },
  en: { ringan: 'Minor (ringan)', sedang: 'Moderate (sedang)', berat: 'Serious (berat)' },
};

const stages: Record<Lang, Record<string, string>> = {
  id: {
    diterima: 'Diterima',
    cek_administrasi: 'Cek administrasi',
    survei_lapangan: 'Survei lapangan',
    koordinasi_internal: 'Koordinasi internal',
    koordinasi_instansi: 'Koordinasi antarinstansi',
    selesai: 'Selesai',
  },
  en: {
    diterima: 'Received',
    cek_administrasi: 'Administrative check',
    survei_lapangan: 'Field survey',
    koordinasi_internal: 'Internal coordination',
    koordinasi_instansi: 'Coordination with other agencies',
    selesai: 'Resolved',
  },
};

/** The label of a channel code (an unknown code as it is). */
export const channelLabel = (code: string, lang: Lang) => channels[lang][code] ?? code;
/** The label of a category code. */
export const categoryLabel = (code: string, lang: Lang) => categories[lang][code] ?? code;
/** The label of a stage code. */
export const stageLabel = (code: string, lang: Lang) => stages[lang][code] ?? code;

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
  id: {
    status: { in_progress: 'dalam proses', ready: 'siap diambil', collected: 'sudah diambil', cancelled: 'dibatalkan' },
    outcome: { completed: 'diserahkan', returned: 'dikembalikan', open: 'terbuka', cancelled: 'dibatalkan' },
    deadline: { on_time: 'tepat waktu', due_soon: 'segera jatuh tempo', overdue: 'lewat batas waktu' },
    bool: { true: 'ya', false: 'tidak' },
  },
  en: {
    status: { in_progress: 'in progress', ready: 'ready', collected: 'collected', cancelled: 'cancelled' },
    outcome: { completed: 'handed over', returned: 'returned', open: 'open', cancelled: 'cancelled' },
    deadline: { on_time: 'on time', due_soon: 'due soon', overdue: 'overdue' },
    bool: { true: 'yes', false: 'no' },
  },
};
