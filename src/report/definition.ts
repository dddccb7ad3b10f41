import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { report, type Lang } from '../i18n/index.js';

/**
 * The monthly report definition: the sections in order and the views that feed them from
 * reports/monthly.yaml, their headings, empty-month texts and every label id/en from the report
 * catalogue (src/i18n/report.ts).
 */
const sectionKeys = ['summary', 'service_time', 'officers', 'uncollected', 'complaints', 'ikm', 'signoff'] as const;
export type SectionKey = (typeof sectionKeys)[number];

const file = z.object({
  sections: z
    .array(z.object({ key: z.enum(sectionKeys), sources: z.array(z.string()).min(1) }))
    .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'a section appears twice'),
});

/** A text in each language. */
type Text = Record<Lang, string>;

/** What the renderer reads: the sections in order with their words, and every label. */
export interface ReportDefinition {
  title: Text;
  sections: { key: SectionKey; heading: Text; sources: string[]; empty: Text }[];
  labels: Record<string, Text>;
}

/** The words of the catalogue in the shape the renderer reads: each text with its id and en. */
function withWords(sections: z.infer<typeof file>['sections']): ReportDefinition {
  const both = (of: (w: (typeof report)['id']) => string) => ({ id: of(report.id), en: of(report.en) });
  const labels: Record<string, Text> = {};
  for (const k of Object.keys(report.id.labels) as (keyof (typeof report)['id']['labels'])[])
    labels[k] = both((w) => w.labels[k]);
  return {
    title: both((w) => w.title),
    sections: sections.map((s) => ({
      ...s,
      heading: both((w) => w.headings[s.key]),
      empty: both((w) => w.empty[s.key]),
    })),
    labels,
  };
}

const DEFAULT = fileURLToPath(new URL('../../reports/monthly.yaml', import.meta.url));
let cached: ReportDefinition | undefined;

/** Parses and validates a report definition file (the shipped one by default, read once). */
export function loadDefinition(path = DEFAULT): ReportDefinition {
  if (path === DEFAULT && cached) return cached;
  const parsed = file.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${path}: ${i.path.join('.')}: ${i.message}`);
  }
  const def = withWords(parsed.data.sections);
  if (path === DEFAULT) cached = def;
  return def;
}

/** A label of the definition in the language; a missing key is a programming error. */
export function labeller(def: ReportDefinition, lang: Lang): (key: string) => string {
  return (key) => {
    const l = def.labels[key];
    if (!l) throw new Error(`report label "${key}" is not defined in src/i18n/report.ts`);
    return l[lang];
  };
}
