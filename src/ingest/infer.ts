import { basename } from 'node:path';
import type { Database, Session } from '../db/index.js';
import { InputError } from '../errors.js';
import { localeOf, t, type Lang, type MessageKey, type Params } from '../i18n/index.js';
import { readFirstLine } from './lines.js';
import { describeFile, detectFormat, quote } from './readers.js';
import { dropXesTables, looksLikeXml, stageXes } from './xes.js';

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

/** The draft's comments in the language, from the catalogue of src/i18n/catalogue.ts. */
const wordsIn = (lang: Lang) => {
  const w = (key: MessageKey, params?: Params) => t(lang, key, params);
  return {
    title: (file: string) => w('infer_title', { file }),
    stats: (cases: string, events: string, activities: string, resources: string, from: string, to: string) =>
      w('infer_stats', { cases, events, activities, resources, from, to }),
    review: w('infer_review'),
    quotas: w('infer_quotas'),
    order: w('infer_order'),
    clock: w('infer_clock'),
    badTimes: (n: string) => w('infer_bad_times', { n }),
    officeExists: (office: string) => w('infer_office_exists', { office }),
    tzGuess: (tz: string, offsets: string) => w('infer_tz_guess', { tz, offsets }),
    tzPlaceholder: (offsets: string) => w('infer_tz_placeholder', { offsets: offsets || w('infer_no_offset') }),
    officeName: w('infer_office_name'),
    serviceName: (file: string) => w('infer_service_name', { file }),
    serviceQuota: (value: string) => w('infer_service_quota', { value }),
    ready: (name: string, n: string) => w('infer_ready', { name, n }),
    step: (events: string, cases: string, pct: string, resources: string) =>
      w('infer_step', { events, cases, pct, resources }),
    suggest: (value: string) => w('infer_suggest', { value }),
    noSuggest: w('infer_no_suggest'),
    actor: w('infer_actor'),
    minutes: w('infer_minutes'),
    hours: w('infer_hours'),
    days: w('infer_days'),
    officers: w('infer_officers'),
    none: w('infer_none'),
  };
};
const words = { id: wordsIn('id'), en: wordsIn('en') };

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
        reason: t(lang, 'infer_missing_column', { column: m, found }),
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
  const nf = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 });
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
  const nf = new Intl.NumberFormat(localeOf(lang));
  const pf = new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 });
  if (!OFFICE_CODE.test(opts.office)) {
    throw new InputError(
      [{ file, field: 'office', reason: `"${opts.office}": ${t(lang, 'schema_rule_office_code')}` }],
      1,
      lang,
    );
  }
  if (!opts.service.trim())
    throw new InputError([{ file, field: 'service', reason: t(lang, 'infer_empty_service') }], 1, lang);

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
      if (totals.events === 0) throw new InputError([{ file, reason: t(lang, 'infer_empty_log') }], 1, lang);

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
          actor: res[0]?.officer ?? t(lang, 'infer_unknown_actor'),
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
