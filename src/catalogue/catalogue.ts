import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Database, Session } from '../db/index.js';
import { InputError, type InputIssue } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { rule, schemaReason } from '../schema-reason.js';
import { parseQuota, quotaMinutes } from './quota.js';
import {
  DATE_PATTERN,
  DEFAULT_COMPLAINT_TARGET,
  DEFAULT_DAY_MINUTES,
  DEFAULT_WITHIN_QUOTA_TARGET,
} from '../vocabulary.js';

/**
 * The SOP catalogue (SPEC §2, §2.2): offices, services with their versioned SOP steps, officers.
 * A file is validated whole; one error rejects it with a message naming service, step and field,
 * in the reader's language (src/i18n/catalogue.ts; the schema's faults through `schemaReason`).
 */

const code = z.string().trim().min(1);
const isoDate = z
  .union([z.date(), z.string().regex(DATE_PATTERN, rule('schema_rule_date'))])
  .transform((d) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10)));
const quota = z.union([z.string(), z.number(), z.null()]).optional();

/** The time zones of Indonesia (WIB, WITA, WIT). */
export const INDONESIAN_ZONES: readonly string[] = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];

/** Warnings of a valid catalogue: offices accepted in a zone outside Indonesia. */
export function catalogueWarnings(cat: ValidCatalogue, lang: Lang = 'id'): string[] {
  return cat.offices
    .filter((o) => !INDONESIAN_ZONES.includes(o.timezone))
    .map((o) => t(lang, 'foreign_zone_warning', { office: o.office, tz: o.timezone }));
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/');
  } catch {
    return false;
  }
}

const officeSchema = z.object({
  office: code.regex(/^[a-z0-9-]+$/, rule('schema_rule_office_code')),
  name: z.string().min(1),
  timezone: z.string().refine(isTimeZone, rule('schema_rule_time_zone')),
  day_minutes: z.number().positive().optional(),
  complaint_target: z.number().min(0).max(1).optional(),
  /** The share of cases within quota the office aims at (ratio 0–1; default 0.9): a setting, not a regulation. */
  within_quota_target: z.number().min(0).max(1).optional(),
  /** An explicit yes to a time zone outside Indonesia's three (SPEC §2.1: accepted with a warning). */
  foreign_timezone: z.boolean().optional(),
  /** The letterhead (kop surat) of its monthly report: 'Pemerintah Kota Pekanbaru', the dinas' full name, contacts. */
  government: z.string().min(1).optional(),
  dinas_name: z.string().min(1).optional(),
  /** The place of the report's place-and-date line ("Pekanbaru, 3 November 2026"). */
  place: z.string().min(1).optional(),
  address: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  website: z.string().min(1).optional(),
  /** A PNG or JPEG file printed at the left of the letterhead (relative to the working folder). */
  logo: z.string().min(1).optional(),
  /** The office's own complaint targets per category, in hari kerja (defaults: complaint_deadlines '*'). */
  complaint_deadlines: z
    .partialRecord(
      z.enum(['ringan', 'sedang', 'berat']),
      z
        .object({ respond: z.number().positive(), resolve: z.number().positive() })
        .refine((d) => d.respond <= d.resolve, rule('schema_rule_respond')),
    )
    .optional(),
});

const stepSchema = z.object({
  step: code,
  name: z.string().min(1),
  actor: z.string().min(1),
  quota,
  clock: z.enum(['office', 'applicant', 'external']),
  optional: z.boolean().optional(),
  /** Other spellings of the name, for matching a log's activities by name (e.g. seed 004's PENONOMORAN: PENOMORAN). */
  aliases: z.array(z.string().min(1)).optional(),
});

const serviceSchema = z.object({
  office: code,
  service: code,
  name: z.string().min(1),
  quota,
  fee: z.number().nonnegative().nullable().optional(),
  effective_from: isoDate.nullable().optional(),
  ready_step: code,
  steps: z.array(stepSchema).min(1),
});

/** The positions that sign the monthly report (the Sekretaris checks, the Kepala Dinas approves). */
export const SIGNING_POSITIONS = ['sekretaris', 'kepala_dinas'] as const;

const officerSchema = z.object({
  office: code,
  officer: code,
  name: z.string().optional(),
  role: z.string().optional(),
  /** Nomor Induk Pegawai, printed under the name of who signs. */
  nip: z
    .string()
    .regex(/^\d{18}$/, rule('schema_rule_nip'))
    .optional(),
  /** The posting: e.g. sekretaris or kepala_dinas (who signs the report), from/to dates (inclusive). */
  position: z
    .string()
    .regex(/^[a-z_]+$/, rule('schema_rule_position'))
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

/** An acting official (Plt./Plh.): an officer of the office holds a position for a while, and signs in it. */
const actingSchema = z.object({
  office: code,
  position: z.enum(SIGNING_POSITIONS),
  officer: code,
  title: z.enum(['Plt.', 'Plh.']),
  from: isoDate,
  to: isoDate.optional(),
});

export const catalogueSchema = z.object({
  offices: z.array(officeSchema).optional().default([]),
  services: z.array(serviceSchema).optional().default([]),
  officers: z.array(officerSchema).optional().default([]),
  acting: z.array(actingSchema).optional().default([]),
});

/** Names the thing a zod path points at: "layanan pekanbaru/SIKTG, langkah S3" and the field (quota). */
function locate(doc: unknown, path: PropertyKey[], lang: Lang): { where: string; field: string | undefined } {
  const parts: string[] = [];
  let node: unknown = doc;
  let field: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    node = (node as Record<PropertyKey, unknown> | undefined)?.[key as string];
    const next = path[i + 1];
    if (typeof next === 'number') {
      const item = (node as unknown[] | undefined)?.[next] as Record<string, unknown> | undefined;
      const nth = `#${next + 1}`;
      const of = (k: string, fallback = nth) => String(item?.[k] ?? fallback);
      if (key === 'services')
        parts.push(t(lang, 'where_service', { office: of('office', '?'), service: of('service') }));
      else if (key === 'steps') parts.push(t(lang, 'where_step', { step: of('step') }));
      else if (key === 'offices') parts.push(t(lang, 'where_office', { office: of('office') }));
      else if (key === 'officers') parts.push(t(lang, 'where_officer', { officer: of('officer') }));
      else if (key === 'acting')
        parts.push(t(lang, 'where_acting', { office: of('office', '?'), position: of('position') }));
      node = item;
      i++;
    } else {
      field = String(key);
    }
  }
  return { where: parts.join(', '), field };
}

/** Reads a YAML or JSON file; one that does not parse is refused with the parser's first line (its position). */
export function readStructuredFile(path: string, lang: Lang = 'id'): unknown {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  try {
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0] ?? '';
    throw new InputError([{ file: basename(path), reason: t(lang, 'file_unparsable', { detail }) }], 1, lang);
  }
}

export interface ValidCatalogue {
  offices: Array<z.infer<typeof officeSchema>>;
  services: Array<{
    office: string;
    service: string;
    name: string;
    quotaText: string | null;
    quotaMin: number | null;
    fee: number | null;
    effectiveFrom: string | null;
    readyStep: string;
    steps: Array<{
      step: string;
      seq: number;
      name: string;
      actor: string;
      clock: 'office' | 'applicant' | 'external';
      quotaText: string | null;
      quotaMin: number | null;
      optional: boolean;
      aliases: string[] | null;
    }>;
  }>;
  officers: Array<z.infer<typeof officerSchema>>;
  acting: Array<z.infer<typeof actingSchema>>;
}

/**
 * Validates a catalogue document. `knownOffices` maps offices already in the database to their
 * nominal working day, so a file may add services to an office loaded earlier.
 */
export function validateCatalogue(
  doc: unknown,
  file: string,
  knownOffices: Map<string, number>,
  lang: Lang = 'id',
): ValidCatalogue {
  const parsed = catalogueSchema.safeParse(doc ?? {});
  if (!parsed.success) {
    const issues: InputIssue[] = parsed.error.issues.map((iss) => {
      const { where, field } = locate(doc, iss.path, lang);
      return { file, field: field ?? undefined, reason: `${where ? where + ': ' : ''}${schemaReason(iss, lang, doc)}` };
    });
    throw new InputError(issues, issues.length, lang);
  }
  const cat = parsed.data;
  const issues: InputIssue[] = [];
  const dayMinutes = new Map(knownOffices);
  for (const o of cat.offices) dayMinutes.set(o.office, o.day_minutes ?? DEFAULT_DAY_MINUTES);
  for (const o of cat.offices) {
    if (!INDONESIAN_ZONES.includes(o.timezone) && !o.foreign_timezone) {
      issues.push({
        file,
        field: 'timezone',
        reason: `${t(lang, 'where_office', { office: o.office })}: ${t(lang, 'foreign_zone_refused', { tz: o.timezone, zones: INDONESIAN_ZONES.join(', ') })}`,
      });
    }
  }

  const seen = new Set<string>();
  const services: ValidCatalogue['services'] = [];
  for (const s of cat.services) {
    const where = t(lang, 'where_service', { office: s.office, service: s.service });
    const issue = (reason: string, field?: string, step?: string) =>
      issues.push({ file, field, reason: `${where}${step ? `, ${t(lang, 'where_step', { step })}` : ''}: ${reason}` });
    const dm = dayMinutes.get(s.office);
    if (dm === undefined) issue(t(lang, 'catalogue_unknown_office_add', { office: s.office }), 'office');
    const key = `${s.office}/${s.service}/${s.effective_from ?? ''}`;
    if (seen.has(key)) issue(t(lang, 'catalogue_service_twice'), 'effective_from');
    seen.add(key);
    let total = null;
    try {
      total = parseQuota(s.quota, lang);
    } catch (err) {
      issue((err as Error).message, 'quota');
    }
    const stepCodes = new Set<string>();
    const steps: ValidCatalogue['services'][number]['steps'] = [];
    s.steps.forEach((st, i) => {
      if (stepCodes.has(st.step)) issue(t(lang, 'catalogue_step_twice'), 'step', st.step);
      stepCodes.add(st.step);
      let q = null;
      try {
        q = parseQuota(st.quota, lang);
      } catch (err) {
        issue((err as Error).message, 'quota', st.step);
      }
      steps.push({
        step: st.step,
        seq: i + 1,
        name: st.name,
        actor: st.actor,
        clock: st.clock,
        quotaText: q?.text ?? null,
        quotaMin: quotaMinutes(q, dm ?? DEFAULT_DAY_MINUTES),
        optional: st.optional ?? false,
        aliases: st.aliases?.length ? st.aliases : null,
      });
    });
    const ready = s.steps.find((st) => st.step === s.ready_step);
    if (!ready) issue(t(lang, 'catalogue_ready_not_step', { step: s.ready_step }), 'ready_step');
    else if (ready.clock === 'applicant')
      issue(t(lang, 'catalogue_ready_applicant', { step: s.ready_step }), 'ready_step');
    services.push({
      office: s.office,
      service: s.service,
      name: s.name,
      quotaText: total?.text ?? null,
      quotaMin: quotaMinutes(total, dm ?? DEFAULT_DAY_MINUTES),
      fee: s.fee ?? null,
      effectiveFrom: s.effective_from ?? null,
      readyStep: s.ready_step,
      steps,
    });
  }
  const unknownOffice = (office: string) => t(lang, 'catalogue_unknown_office', { office });
  const toBeforeFrom = (from: string, to: string) => t(lang, 'catalogue_to_before_from', { from, to });
  for (const o of cat.officers) {
    const where = t(lang, 'where_officer', { officer: o.officer });
    if (!dayMinutes.has(o.office))
      issues.push({ file, field: 'office', reason: `${where}: ${unknownOffice(o.office)}` });
    if (o.from && o.to && o.to < o.from)
      issues.push({ file, field: 'to', reason: `${where}: ${toBeforeFrom(o.from, o.to)}` });
  }
  for (const a of cat.acting) {
    const where = t(lang, 'where_acting', { office: a.office, position: a.position });
    if (!dayMinutes.has(a.office))
      issues.push({ file, field: 'office', reason: `${where}: ${unknownOffice(a.office)}` });
    if (a.to && a.to < a.from) issues.push({ file, field: 'to', reason: `${where}: ${toBeforeFrom(a.from, a.to)}` });
  }
  if (issues.length) throw new InputError(issues, issues.length, lang);
  return { offices: cat.offices, services, officers: cat.officers, acting: cat.acting };
}

/** Loads a validated catalogue: a service version (office, service, effective_from) is replaced whole. */
export async function loadCatalogue(
  tx: Session,
  cat: ValidCatalogue,
): Promise<{ offices: number; services: number; steps: number; officers: number }> {
  for (const o of cat.offices) {
    await tx.run(
      `insert into offices (office, name, timezone, day_minutes, complaint_target, within_quota_target, government, dinas_name, place, address, phone, email, website, logo_path)
       values ($office, $name, $tz, $dm, $target, $wq, $government, $dinas, $place, $address, $phone, $email, $website, $logo)
       on conflict (office) do update set name = excluded.name, timezone = excluded.timezone,
         day_minutes = excluded.day_minutes, complaint_target = excluded.complaint_target, within_quota_target = excluded.within_quota_target,
         government = excluded.government, dinas_name = excluded.dinas_name, place = excluded.place, address = excluded.address,
         phone = excluded.phone, email = excluded.email, website = excluded.website, logo_path = excluded.logo_path`,
      {
        office: o.office,
        name: o.name,
        tz: o.timezone,
        dm: o.day_minutes ?? DEFAULT_DAY_MINUTES,
        target: o.complaint_target ?? DEFAULT_COMPLAINT_TARGET,
        wq: o.within_quota_target ?? DEFAULT_WITHIN_QUOTA_TARGET,
        government: o.government ?? null,
        dinas: o.dinas_name ?? null,
        place: o.place ?? null,
        address: o.address ?? null,
        phone: o.phone ?? null,
        email: o.email ?? null,
        website: o.website ?? null,
        logo: o.logo ?? null,
      },
    );
    // the office's own complaint targets replace its earlier ones; the legal ceilings stay the law's
    await tx.run('delete from complaint_deadlines where office = $office', { office: o.office });
    for (const [category, d] of Object.entries(o.complaint_deadlines ?? {})) {
      await tx.run(
        `insert into complaint_deadlines
         select $office, $category, $respond, $resolve, legal_respond_days, legal_resolve_days
         from complaint_deadlines where office = '*' and category = $category`,
        { office: o.office, category, respond: d.respond, resolve: d.resolve },
      );
    }
  }
  if (cat.offices.length) {
    // one offset at noon of every day 2000–2040 → a fixed offset
    await tx.run(`
      update offices set utc_offset_min = f.off
      from (
        select o.office,
          case when count(distinct epoch(cast(d.generate_series as timestamp)) - epoch(timezone(o.timezone, cast(d.generate_series as timestamp)))) = 1
            then cast(min(epoch(cast(d.generate_series as timestamp)) - epoch(timezone(o.timezone, cast(d.generate_series as timestamp)))) / 60 as integer)
          end as off
        from offices as o
        cross join generate_series(timestamp '2000-01-01 12:00:00', timestamp '2040-12-31 12:00:00', interval 1 day) as d
        group by o.office
      ) as f
      where f.office = offices.office`);
  }
  let steps = 0;
  for (const s of cat.services) {
    const key = { office: s.office, service: s.service, eff: s.effectiveFrom ?? '-infinity' };
    const where = 'office = $office and service = $service and effective_from = cast($eff as date)';
    await tx.run(`delete from sop_steps where ${where}`, key);
    await tx.run(`delete from services where ${where}`, key);
    await tx.run(
      `insert into services (office, service, effective_from, name, quota_text, quota_min, fee, ready_step)
       values ($office, $service, cast($eff as date), $name, $qt, $qm, $fee, $ready)`,
      { ...key, name: s.name, qt: s.quotaText, qm: s.quotaMin, fee: s.fee, ready: s.readyStep },
    );
    for (const st of s.steps) {
      await tx.run(
        `insert into sop_steps (office, service, effective_from, step, seq, name, actor, clock, quota_text, quota_min, optional, aliases)
         values ($office, $service, cast($eff as date), $step, $seq, $name, $actor, $clock, $qt, $qm, $opt, cast(json($al) as varchar[]))`,
        {
          ...key,
          step: st.step,
          seq: st.seq,
          name: st.name,
          actor: st.actor,
          clock: st.clock,
          qt: st.quotaText,
          qm: st.quotaMin,
          opt: st.optional,
          al: st.aliases ? JSON.stringify(st.aliases) : null,
        },
      );
      steps++;
    }
  }
  for (const o of cat.officers) {
    await tx.run(
      `insert into officers (office, officer, name, role, nip, position, posted_from, posted_to)
       values ($office, $officer, $name, $role, $nip, $position, cast($from as date), cast($to as date))
       on conflict (office, officer) do update set name = excluded.name, role = excluded.role,
         nip = case when $posting then excluded.nip else nip end,
         position = case when $posting then excluded.position else position end,
         posted_from = case when $posting then excluded.posted_from else posted_from end,
         posted_to = case when $posting then excluded.posted_to else posted_to end`,
      // a list of desk officers without postings (officers.yaml, loaded after the catalogue) keeps the posting the
      // catalogue gave
      {
        office: o.office,
        officer: o.officer,
        name: o.name ?? null,
        role: o.role ?? null,
        nip: o.nip ?? null,
        position: o.position ?? null,
        from: o.from ?? null,
        to: o.to ?? null,
        posting: !!(o.nip || o.position || o.from || o.to),
      },
    );
  }
  // the acting officials of an office named in this file are replaced by the file's (none: none)
  for (const office of new Set([...cat.offices.map((o) => o.office), ...cat.acting.map((a) => a.office)])) {
    await tx.run('delete from acting_officials where office = $office', { office });
  }
  for (const a of cat.acting) {
    await tx.run(
      `insert into acting_officials values ($office, $position, $officer, $title, cast($from as date), cast($to as date))`,
      { office: a.office, position: a.position, officer: a.officer, title: a.title, from: a.from, to: a.to ?? null },
    );
  }
  return { offices: cat.offices.length, services: cat.services.length, steps, officers: cat.officers.length };
}

/** The codes of the offices in the catalogue, in order. */
export async function officeCodes(db: Database | Session): Promise<string[]> {
  return (await db.all<{ office: string }>('select office from offices order by office')).map((r) => r.office);
}
