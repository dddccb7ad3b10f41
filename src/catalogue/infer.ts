import { basename } from 'node:path';
import type { Database, Session } from '../db/database.js';
import { InputError } from '../errors.js';
import type { Lang } from '../i18n/index.js';
import { readFirstLine } from '../ingest/lines.js';
import { describeFile, detectFormat, quote } from '../ingest/readers.js';
import { dropXesTables, looksLikeXml, stageXes } from '../ingest/xes.js';

/**
 * `sla catalogue infer`: a draft SOP catalogue (YAML) from the event log of another system, for
 * the user to review and load with `sla ingest catalogue`. Steps are the log's activities in
 * their usual order (S1…Sn, named as in the log, so that the log loads by step name), actors
 * and officers from its resources. No quota is invented: every quota is null, and the observed
 * p80 handling time is written beside it as a comment marked SARAN (suggestion).
 */

export interface InferOptions {
  path: string;
  office: string;
  service: string;
  /** The office already exists in the target database: reference it, do not define it again. */
  officeExists?: boolean | undefined;
  lang?: Lang | undefined;
}

export interface InferredStep {
  step: string;
  name: string;
  events: number;
  cases: number;
  optional: boolean;
  actor: string;
  resources: Array<{ officer: string; n: number }>;
  /** p80 of the observed handling time, wall-clock minutes (null when never measurable). */
  p80Min: number | null;
}

export interface InferredCatalogue {
  yaml: string;
  cases: number;
  events: number;
  steps: InferredStep[];
  readyStep: string;
  officers: string[];
  timezone: string;
  offsets: Array<{ offset: string; n: number }>;
}

/** Our time zones by UTC offset; any other offset gets a placeholder the user must edit. */
const INDONESIAN_ZONES: Record<string, string> = {
  '+07:00': 'Asia/Jakarta',
  '+08:00': 'Asia/Makassar',
  '+09:00': 'Asia/Jayapura',
};
/** A step missing from more than this share of cases is marked optional. */
const OPTIONAL_BELOW = 0.9;

const words = {
  id: {
    title: (file: string) => `Draf katalog SOP dari ${file}, disusun oleh \`sla catalogue infer\`.`,
    stats: (c: string, e: string, a: string, r: string, from: string, to: string) =>
      `${c} kasus, ${e} kejadian, ${a} aktivitas, ${r} sumber daya; ${from} s.d. ${to} (UTC).`,
    review: 'Tinjau setiap baris bertanda EDIT dan SARAN, lalu muat dengan `sla ingest catalogue <berkas>`.',
    quotas:
      'Tidak ada kuota yang ditetapkan (null). SARAN = p80 waktu penanganan teramati, dalam menit jam dinding (bukan menit kerja): bahan pertimbangan, bukan baku mutu.',
    order:
      'Urutan langkah = urutan yang paling sering teramati; langkah yang tidak ada pada lebih dari 10% kasus ditandai optional.',
    clock: 'clock semua langkah = office: EDIT untuk langkah pemohon (applicant) atau instansi lain (external).',
    badTimes: (n: string) => `${n} kejadian tanpa waktu yang terbaca diabaikan dalam perhitungan ini.`,
    officeExists: (o: string) => `Kantor ${o} sudah ada di basis data: tidak didefinisikan ulang.`,
    tzGuess: (tz: string, offs: string) => `zona waktu ${tz} dari offset log (${offs})`,
    tzPlaceholder: (offs: string) =>
      `EDIT: zona waktu pengganti; offset log (${offs || 'tanpa offset'}) bukan zona Indonesia (WIB/WITA/WIT)`,
    officeName: 'EDIT: nama kantor',
    serviceName: (file: string) => `EDIT: nama layanan (draf dari ${file})`,
    serviceQuota: (v: string) => `SARAN: p80 durasi kasus (kejadian pertama s.d. terakhir) = ${v}`,
    ready: (name: string, n: string) =>
      `EDIT: langkah saat produk siap; dipilih aktivitas terakhir yang paling sering ("${name}", ${n} kasus)`,
    step: (e: string, c: string, pct: string, res: string) =>
      `${e} kejadian di ${c} kasus (${pct}); sumber daya: ${res}`,
    suggest: (v: string) => `SARAN kuota: p80 = ${v}`,
    noSuggest: 'tanpa SARAN kuota (waktu penanganan tidak teramati)',
    actor: 'actor = sumber daya tersering: EDIT menjadi jabatan (Front Office, Back Office, …)',
    minutes: 'menit',
    hours: 'jam',
    days: 'hari',
    officers: 'Petugas = sumber daya (org:resource) di log.',
    none: 'tidak ada',
  },
  en: {
    title: (file: string) => `Draft SOP catalogue from ${file}, made by \`sla catalogue infer\`.`,
    stats: (c: string, e: string, a: string, r: string, from: string, to: string) =>
      `${c} cases, ${e} events, ${a} activities, ${r} resources; ${from} to ${to} (UTC).`,
    review: 'Review every line marked EDIT and SARAN (suggestion), then load it with `sla ingest catalogue <file>`.',
    quotas:
      'No quota is set (null). SARAN = observed p80 handling time, in wall-clock minutes (not working minutes): a hint, not a service standard.',
    order: 'Step order = the order most often observed; a step missing from more than 10% of cases is marked optional.',
    clock: 'clock of every step = office: EDIT applicant steps (applicant) and other agencies (external).',
    badTimes: (n: string) => `${n} events without a readable time were left out of these figures.`,
    officeExists: (o: string) => `Office ${o} already exists in the database: not defined again.`,
    tzGuess: (tz: string, offs: string) => `time zone ${tz} from the log's offsets (${offs})`,
    tzPlaceholder: (offs: string) =>
      `EDIT: placeholder time zone; the log's offsets (${offs || 'no offset'}) are not an Indonesian zone (WIB/WITA/WIT)`,
    officeName: 'EDIT: office name',
    serviceName: (file: string) => `EDIT: service name (draft from ${file})`,
    serviceQuota: (v: string) => `SARAN: p80 case duration (first to last event) = ${v}`,
    ready: (name: string, n: string) =>
      `EDIT: the step at which the product is ready; chosen: the most frequent last activity ("${name}", ${n} cases)`,
    step: (e: string, c: string, pct: string, res: string) => `${e} events in ${c} cases (${pct}); resources: ${res}`,
    suggest: (v: string) => `SARAN quota: p80 = ${v}`,
    noSuggest: 'no quota suggestion (handling time not observed)',
    actor: 'actor = most frequent resource: EDIT to the role (Front Office, Back Office, …)',
    minutes: 'minutes',
    hours: 'hours',
    days: 'days',
    officers: 'Officers = the resources (org:resource) of the log.',
    none: 'none',
  },
} as const;

const str = (v: string) => JSON.stringify(v); // a JSON string is a YAML double-quoted scalar

/**
 * The log as a relation (case_id, activity, event, at, officer, line). XES is streamed into a
 * staging table; CSV, JSON Lines and Parquet are read by the loader's readers, with our column
 * names or the XES-style ones pm4py writes (case:concept:name, concept:name, time:timestamp, …).
 */
async function logRelation(s: Session, path: string, lang: Lang): Promise<{ relation: string; table?: string }> {
  let format = detectFormat(path);
  if (format === 'csv' && (await looksLikeXml(path))) format = 'xes';
  if (format === 'xes') {
    const x = await stageXes(s, path, lang);
    return {
      relation: `(select line, case_id, step as activity, event, "at", officer from temp.${quote(x.table)})`,
      table: x.table,
    };
  }
  const staged = await describeFile(s, path, lang, true, format === 'csv' ? await readFirstLine(path) : '', format);
  const pick = (...names: string[]) => {
    for (const n of names) {
      const c = staged.columns.get(n);
      if (c !== undefined) return `nullif(trim(r.${quote(c)}), '')`;
    }
    return undefined;
  };
  const cols = {
    case_id: pick('case_id', 'case:concept:name'),
    activity: pick('step', 'concept:name', 'activity'),
    event: pick('event', 'lifecycle:transition') ?? "'complete'",
    at: pick('at', 'time:timestamp', 'timestamp'),
    officer: pick('officer', 'org:resource', 'resource') ?? 'cast(null as varchar)',
  };
  const missing = Object.entries(cols)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length) {
    const found = [...staged.columns.keys()].join(', ');
    throw new InputError(
      missing.map((m) => ({
        file: basename(path),
        reason: `${lang === 'id' ? 'kolom tidak ada' : 'missing column'}: ${m} (${found})`,
      })),
      missing.length,
      lang,
    );
  }
  return {
    relation: `(select r.line, ${Object.entries(cols)
      .map(([k, v]) => `${v} as ${quote(k)}`)
      .join(', ')} from ${staged.relation} r)`,
  };
}

function duration(min: number, lang: Lang): string {
  const w = words[lang];
  const nf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 });
  const text = `${nf.format(min)} ${w.minutes}`;
  if (min >= 1440) return `${text} (≈ ${nf.format(min / 1440)} ${w.days})`;
  if (min >= 60) return `${text} (≈ ${nf.format(min / 60)} ${w.hours})`;
  return text;
}

const OFFICE_CODE = /^[a-z0-9-]+$/;

/**
 * The order of `items` (given in a starting order) that disagrees with the fewest observations
 * `a before b` (n times): a weighted feedback-arc-set problem, solved well enough for a draft by
 * moving one item at a time to its best position until no move helps. Rare activities weigh
 * little and settle where their few cases put them. Returns item → position.
 */
export function usualOrder(items: string[], pairs: Array<{ a: string; b: string; n: number }>): Map<string, number> {
  const index = new Map(items.map((x, i) => [x, i]));
  const k = items.length;
  const w = Array.from({ length: k }, () => new Float64Array(k)); // w[i][j]: times i came before j
  for (const p of pairs) {
    const i = index.get(p.a);
    const j = index.get(p.b);
    if (i !== undefined && j !== undefined) w[i]![j]! += p.n;
  }
  const order = items.map((_, i) => i);
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    for (let from = 0; from < k; from++) {
      const x = order[from]!;
      // gain of moving x left or right past each neighbour in turn, keeping the best position
      let best = from;
      let bestGain = 1e-9;
      let gain = 0;
      for (let to = from - 1; to >= 0; to--) {
        const y = order[to]!;
        gain += w[x]![y]! - w[y]![x]!;
        if (gain > bestGain) [best, bestGain] = [to, gain];
      }
      gain = 0;
      for (let to = from + 1; to < k; to++) {
        const y = order[to]!;
        gain += w[y]![x]! - w[x]![y]!;
        if (gain > bestGain) [best, bestGain] = [to, gain];
      }
      if (best !== from) {
        order.splice(from, 1);
        order.splice(best, 0, x);
        improved = true;
      }
    }
    if (!improved) break;
  }
  return new Map(order.map((i, pos) => [items[i]!, pos]));
}

/** Drafts a catalogue from a log file; the computation runs in `db` (an in-memory database will do). */
export async function inferCatalogue(db: Database, opts: InferOptions): Promise<InferredCatalogue> {
  const lang = opts.lang ?? 'id';
  const w = words[lang];
  const file = basename(opts.path);
  const nf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB');
  const pf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 });
  if (!OFFICE_CODE.test(opts.office)) {
    throw new InputError(
      [{ file, field: 'office', reason: `"${opts.office}": office codes are lowercase letters, digits and "-"` }],
      1,
      lang,
    );
  }
  if (!opts.service.trim()) throw new InputError([{ file, field: 'service', reason: 'empty service code' }], 1, lang);

  return db.write(async (s) => {
    const { relation, table } = await logRelation(s, opts.path, lang);
    try {
      await s.run(`create or replace temp table infer_ev as
        select line, case_id, trim(activity) as activity, lower(trim(coalesce(event, 'complete'))) as event,
          try_cast("at" as timestamptz) as t, "at" as at_text, officer,
          coalesce(regexp_extract("at", '([Zz]|[+-]\\d{2}:?\\d{2})$', 1), '') as off
        from ${relation} where case_id is not null and nullif(trim(activity), '') is not null`);
      const totals = (await s.one<{ cases: number; events: number; bad: number; t0: string | null; t1: string | null }>(
        `select count(distinct case_id) as cases, count(*) as events, count(*) filter (where t is null) as bad,
           strftime(min(t), '%Y-%m-%d') as t0, strftime(max(t), '%Y-%m-%d') as t1 from infer_ev`,
      ))!;
      if (totals.events === 0)
        throw new InputError(
          [{ file, reason: lang === 'id' ? 'log kosong: tidak ada kejadian' : 'empty log: no events' }],
          1,
          lang,
        );

      // Order: the order that agrees with the most observed pairs (activity A before B in a case,
      // by first occurrences), found by local search from the mean-rank order (see usualOrder).
      const acts = await s.all<{ activity: string; events: number; cases: number }>(`
        with ev as (select * from infer_ev where t is not null),
        fo as (select case_id, activity, min(t) as t from ev group by all),
        ranked as (select activity, avg(r) as rk from (select activity, rank() over (partition by case_id order by t) as r from fo) group by all),
        stats as (select activity, count(*) as events, count(distinct case_id) as cases, min(line) as first_line from infer_ev group by all)
        select st.activity, st.events, st.cases from stats st left join ranked using (activity)
        order by coalesce(ranked.rk, 1e9), st.first_line`);
      const pairs = await s.all<{ a: string; b: string; n: number }>(`
        with fo as (select case_id, activity, min(t) as t from infer_ev where t is not null group by all)
        select x.activity as a, y.activity as b, count(*) as n from fo x join fo y on x.case_id = y.case_id and x.t < y.t group by all`);
      const order = usualOrder(
        acts.map((a) => a.activity),
        pairs,
      );
      acts.sort((x, y) => order.get(x.activity)! - order.get(y.activity)!);

      // Handling time of each completion: from the open start of the same step, else from the
      // case's previous event (the file arrived at the desk); wall-clock minutes.
      const handling = await s.all<{ activity: string; p80: number | null }>(`
        with o as (
          select *,
            lag(t) over (partition by case_id order by t, line) as prev_t,
            last_value(case when event = 'start' then t end ignore nulls) over w as last_start,
            last_value(case when event in ('complete', 'return') then t end ignore nulls) over w as last_done
          from infer_ev where t is not null
          window w as (partition by case_id, activity order by t, line rows between unbounded preceding and 1 preceding)
        )
        select activity,
          quantile_cont(epoch(t - coalesce(case when last_start > coalesce(last_done, '-infinity'::timestamptz) then last_start end, prev_t)) / 60, 0.8) as p80
        from o where event in ('complete', 'return') group by all`);
      const p80 = new Map(handling.map((h) => [h.activity, h.p80]));
      const resources = await s.all<{ activity: string; officer: string; n: number }>(
        `select activity, officer, count(*) as n from infer_ev where officer is not null group by all order by activity, n desc, officer`,
      );
      const byActivity = new Map<string, Array<{ officer: string; n: number }>>();
      for (const r of resources) {
        const list = byActivity.get(r.activity) ?? [];
        list.push({ officer: r.officer, n: r.n });
        byActivity.set(r.activity, list);
      }
      const lastActs = await s.all<{ activity: string; n: number }>(
        `select activity, count(*) as n from (select case_id, arg_max(activity, (t, line)) as activity from infer_ev where t is not null group by all)
         group by all order by n desc, activity`,
      );
      const caseP80 = (await s.one<{ p80: number | null }>(
        `select quantile_cont(epoch(e - b) / 60, 0.8) as p80 from (select min(t) as b, max(t) as e from infer_ev where t is not null group by case_id)`,
      ))!.p80;
      const offsets = await s.all<{ offset: string; n: number }>(
        `select off as "offset", count(*) as n from infer_ev group by all order by n desc, off`,
      );
      const officers = (
        await s.all<{ officer: string }>(
          `select officer from infer_ev where officer is not null group by all order by count(*) desc, officer`,
        )
      ).map((r) => r.officer);

      const steps: InferredStep[] = acts.map((a, i) => {
        const res = byActivity.get(a.activity) ?? [];
        return {
          step: `S${i + 1}`,
          name: a.activity,
          events: a.events,
          cases: a.cases,
          optional: a.cases < OPTIONAL_BELOW * totals.cases,
          actor: res[0]?.officer ?? (lang === 'id' ? 'Tidak diketahui' : 'Unknown'),
          resources: res,
          p80Min: p80.get(a.activity) ?? null,
        };
      });
      const readyAct = lastActs[0]?.activity ?? steps[steps.length - 1]!.name;
      const readyStep = steps.find((st) => st.name === readyAct)!.step;

      // time zone: an Indonesian zone when every offset is its offset, else a placeholder
      const norm = (o: string) =>
        o === 'Z' || o === 'z' ? '+00:00' : o.length === 5 ? `${o.slice(0, 3)}:${o.slice(3)}` : o;
      const distinct = [...new Set(offsets.map((o) => norm(o.offset)))];
      const offText = offsets.map((o) => `${norm(o.offset) || '—'} ${nf.format(o.n)}×`).join(', ');
      const zone = distinct.length === 1 ? INDONESIAN_ZONES[distinct[0]!] : undefined;
      const timezone = zone ?? 'Asia/Jakarta';

      const lines: string[] = [];
      const c = (text: string, indent = '') => lines.push(`${indent}# ${text}`);
      c(w.title(file));
      c(
        w.stats(
          nf.format(totals.cases),
          nf.format(totals.events),
          nf.format(steps.length),
          nf.format(officers.length),
          totals.t0 ?? '—',
          totals.t1 ?? '—',
        ),
      );
      if (totals.bad) c(w.badTimes(nf.format(totals.bad)));
      c(w.review);
      c(w.quotas);
      c(w.order);
      c(w.clock);
      if (opts.officeExists) {
        c(w.officeExists(opts.office));
        lines.push('offices: []');
      } else {
        lines.push('offices:');
        c(zone ? w.tzGuess(zone, offText) : w.tzPlaceholder(offText), '  ');
        lines.push(`  - office: ${opts.office}`);
        lines.push(`    name: ${str(opts.office)}   # ${w.officeName}`);
        lines.push(`    timezone: ${timezone}`);
      }
      lines.push('services:');
      lines.push(`  - office: ${opts.office}`);
      lines.push(`    service: ${str(opts.service)}`);
      lines.push(`    name: ${str(opts.service)}   # ${w.serviceName(file)}`);
      lines.push(`    quota: null${caseP80 !== null ? `   # ${w.serviceQuota(duration(caseP80, lang))}` : ''}`);
      lines.push('    fee: null');
      const readyCases = lastActs[0]?.n ?? 0;
      lines.push(`    ready_step: ${readyStep}   # ${w.ready(readyAct, nf.format(readyCases))}`);
      lines.push('    steps:');
      c(w.actor, '      ');
      for (const st of steps) {
        const top = st.resources.slice(0, 5).map((r) => `${r.officer} (${nf.format(r.n)})`);
        const more = st.resources.length > 5 ? `, … (+${st.resources.length - 5})` : '';
        c(
          `${st.step}: ${w.step(nf.format(st.events), nf.format(st.cases), pf.format(st.cases / totals.cases), top.length ? top.join(', ') + more : w.none)}`,
          '      ',
        );
        const fields = [
          `step: ${st.step}`,
          `name: ${str(st.name)}`,
          `actor: ${str(st.actor)}`,
          'quota: null',
          'clock: office',
        ];
        if (st.optional) fields.push('optional: true');
        lines.push(
          `      - { ${fields.join(', ')} }   # ${st.p80Min !== null ? w.suggest(duration(st.p80Min, lang)) : w.noSuggest}`,
        );
      }
      if (officers.length) {
        c(w.officers);
        lines.push('officers:');
        for (const o of officers) lines.push(`  - { office: ${opts.office}, officer: ${str(o)}, name: ${str(o)} }`);
      }
      return {
        yaml: lines.join('\n') + '\n',
        cases: totals.cases,
        events: totals.events,
        steps,
        readyStep,
        officers,
        timezone,
        offsets,
      };
    } finally {
      await s.run('drop table if exists infer_ev');
      if (table) await dropXesTables(s, table);
    }
  });
}
