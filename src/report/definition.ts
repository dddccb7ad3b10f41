import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Lang } from '../i18n/index.js';

/** The monthly report definition (reports/monthly.yaml): sections in order, headings and texts id/en. */
const text = z.object({ id: z.string().min(1), en: z.string().min(1) });
const sectionKeys = ['summary', 'service_time', 'officers', 'uncollected', 'complaints', 'ikm', 'signoff'] as const;
export type SectionKey = (typeof sectionKeys)[number];

const schema = z.object({
  title: text,
  sections: z
    .array(z.object({ key: z.enum(sectionKeys), heading: text, sources: z.array(z.string()).min(1), empty: text }))
    .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'a section appears twice'),
  labels: z.record(z.string(), text),
});

export type ReportDefinition = z.infer<typeof schema>;

const DEFAULT = fileURLToPath(new URL('../../reports/monthly.yaml', import.meta.url));
let cached: ReportDefinition | undefined;

/** Parses and validates a report definition file (the shipped one by default, read once). */
export function loadDefinition(path = DEFAULT): ReportDefinition {
  if (path === DEFAULT && cached) return cached;
  const parsed = schema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${path}: ${i.path.join('.')}: ${i.message}`);
  }
  if (path === DEFAULT) cached = parsed.data;
  return parsed.data;
}

/** A label of the definition in the language; a missing key is a programming error. */
export function labeller(def: ReportDefinition, lang: Lang): (key: string) => string {
  return (key) => {
    const l = def.labels[key];
    if (!l) throw new Error(`report label "${key}" is not defined in reports/monthly.yaml`);
    return l[lang];
  };
}
