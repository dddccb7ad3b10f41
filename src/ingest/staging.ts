import type { ColumnSpec, KindSpec } from './kinds.js';
import type { MessageKey } from '../i18n/index.js';
import { quote, type Staged } from './readers.js';

/**
 * Builds the set-based validation of one kind over a file's relation: one pass that parses every
 * column once, resolves office, service and step against the catalogue, and numbers the first
 * error of each row (err_no, 1-based index into `errors`; null when the row is valid).
 */

export interface ErrorDef {
  code: MessageKey;
  field: string;
  /** Unknown catalogue values are reported grouped by value, not row by row. */
  grouped: boolean;
  /** Extra message parameters (the allowed values of an enum). */
  params?: Record<string, string>;
  /** The field is the error's value (a reader's fault naming the column, e.g. a JSON key twice). */
  fieldFromValue?: boolean;
}

export interface StagingPlan {
  missing: string[];
  /** SELECT of line, err_no, err_value and the parsed columns. */
  select: string;
  params: Record<string, string>;
  errors: ErrorDef[];
}

// After a length-10 date has been ruled out, a trailing zone designator means an offset: a valid
// one (−14:00 … +14:00, minutes 00–59: DuckDB itself casts '+25:00' and '+07:99') is absolute;
// anything else that looks like an offset is refused, never read as local time without it.
const TS_WITH_OFFSET = String.raw`'([Zz]|[+-]((0\d|1[0-3])(:?[0-5]\d)?|14(:?00)?))$'`;
const ANY_OFFSET = String.raw`'\d:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?$'`;
// Slow path only for times DuckDB does not cast as written: no seconds, 'z', a space before the offset.
const FIX_SECONDS = (v: string) =>
  String.raw`regexp_replace(regexp_replace(regexp_replace(${v}, '^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})([^:\d]|$)', '\1:00\2'), 'z$', 'Z'), '\s+([+-]\d{2}(:?\d{2})?)$', '\1')`;

/** An instant from text: with an offset it is absolute, without one local time in `tz`. */
function timestampExpr(v: string, allowDate: boolean): string {
  const local = (l: string) => `utc_of_local(${l}, o.utc_offset_min, o.timezone)`;
  return `case
    when length(${v}) = 10 then ${allowDate ? local(`try_cast(${v} as date)::timestamp`) : 'null'}
    when regexp_matches(${v}, ${TS_WITH_OFFSET}) then coalesce(try_cast(${v} as timestamptz), try_cast(${FIX_SECONDS(v)} as timestamptz))
    when regexp_matches(${v}, ${ANY_OFFSET}) then null
    else ${local(`coalesce(try_cast(${v} as timestamp), try_cast(${FIX_SECONDS(v)} as timestamp))`)} end`;
}

/** A value without surrounding spaces, null when empty; trim() only where a space is there (trim() on
 * every value costs ~0.06 s per column per million rows, the LIKE prefix/suffix test a tenth of that). */
const trimmed = (v: string) =>
  `case when ${v} like ' %' or ${v} like '% ' then nullif(trim(${v}), '') else nullif(${v}, '') end`;

const raw = (name: string) => quote(`${name}__raw`);
const col = (name: string) => quote(name);

export interface StagingOptions {
  office?: string | undefined;
  service?: string | undefined;
  /** A step may also be given by its name (case-insensitive, trimmed), as XES logs do. */
  stepByName?: boolean | undefined;
  /** Only rows of these offices may load (a caller limited to some offices); undefined: any office. */
  offices?: readonly string[] | undefined;
}

export function planStaging(spec: KindSpec, staged: Staged, defaults: StagingOptions): StagingPlan {
  const params: Record<string, string> = {};
  const missing: string[] = [];
  const source = (c: ColumnSpec): string => {
    const inFile = staged.columns.get(c.name);
    const dflt = c.name === 'office' || c.name === 'service' ? defaults[c.name] : undefined;
    if (dflt !== undefined) params[c.name] = dflt;
    const fromFile = inFile !== undefined ? trimmed(`r.${quote(inFile)}`) : undefined;
    if (fromFile && dflt !== undefined) return `coalesce(${fromFile}, $${c.name})`;
    if (fromFile) return fromFile;
    if (dflt !== undefined) return `$${c.name}`;
    if (c.required) missing.push(c.name);
    return 'cast(null as varchar)';
  };

  const has = (type: ColumnSpec['type']) => spec.columns.some((c) => c.type === type);
  const joins: string[] = ['left join offices o on o.office = n.office'];
  if (has('service'))
    joins.push(
      'left join (select distinct office, service from services) sv on sv.office = n.office and sv.service = n.service',
    );
  if (has('step'))
    joins.push('left join step_lookup sl on sl.office = n.office and sl.service = n.service and sl.key = n.step');
  if (has('step') && defaults.stepByName) {
    joins.push(
      'left join step_by_name sn on sn.office = n.office and sn.service = n.service and sn.key = lower(trim(n.step))',
    );
  }

  // Layer p: raw text and parsed value of every column, computed once.
  const parsed: string[] = ['n.line', 'o.office is not null as "_office_ok"'];
  if (defaults.offices) {
    params.allowed_offices = defaults.offices.join('\u001f');
    parsed.push(`list_contains(string_split($allowed_offices, chr(31)), n.office) as "_office_allowed"`);
  }
  if (has('service')) parsed.push('sv.service is not null as "_service_ok"');
  const ctes: string[] = [];
  for (const c of spec.columns) {
    const v = `n.${quote(c.name)}`;
    let expr: string;
    switch (c.type) {
      case 'text':
      case 'office':
      case 'service':
        expr = v;
        break;
      case 'step':
        expr = defaults.stepByName ? 'coalesce(sl.step, sn.step)' : 'sl.step';
        break;
      case 'enum':
        if (c.aliasTable) {
          ctes.push(`alias_${c.name} as (
            select o.office, a.alias, a.channel as value
            from offices o join ${c.aliasTable} a on a.office in ('*', o.office)
            qualify row_number() over (partition by o.office, a.alias order by a.office = '*') = 1)`);
          joins.push(
            `left join alias_${c.name} a_${c.name} on a_${c.name}.office = n.office and a_${c.name}.alias = lower(${v})`,
          );
          expr = `coalesce(a_${c.name}.value, replace(lower(${v}), ' ', '_'))`;
        } else expr = `replace(lower(${v}), ' ', '_')`;
        break;
      case 'timestamp':
      case 'timestamp_or_date':
        expr = timestampExpr(v, c.type === 'timestamp_or_date');
        break;
      case 'score':
        expr = `case when regexp_full_match(${v}, '[1-4](\\.0+)?') then cast(left(${v}, 1) as utinyint) end`;
        break;
      case 'integer':
        expr = `try_cast(${v} as integer)`;
        break;
    }
    parsed.push(`${v} as ${raw(c.name)}`, `${expr} as ${col(c.name)}`);
  }
  if (has('step')) {
    ctes.unshift(`step_lookup as (
      select office, service, key, step from (
        select office, service, effective_from, step as key, step, 0 as pref from sop_steps
        union all
        select office, service, effective_from, cast(seq as varchar) as key, step, 1 as pref from sop_steps)
      qualify row_number() over (partition by office, service, key order by pref, effective_from desc) = 1)`);
    // by the step's name, else by one of its aliases (other spellings); two steps with the same
    // name: the earlier one in the SOP
    if (defaults.stepByName) {
      ctes.push(`step_by_name as (
      select office, service, key, step from (
        select office, service, effective_from, seq, lower(trim(name)) as key, step, 0 as pref from sop_steps
        union all
        select office, service, effective_from, seq, lower(trim(unnest(aliases))) as key, step, 1 as pref from sop_steps)
      qualify row_number() over (partition by office, service, key order by pref, effective_from desc, seq) = 1)`);
    }
  }

  // Layer e: the first error of each row, from the parsed values.
  const errors: ErrorDef[] = [];
  const conds: string[] = [];
  const values: string[] = [];
  const err = (
    cond: string,
    code: MessageKey,
    field: string,
    value: string,
    grouped = false,
    params?: Record<string, string>,
  ) => {
    errors.push(params ? { code, field, grouped, params } : { code, field, grouped });
    conds.push(cond);
    values.push(`cast(${value} as varchar)`);
  };
  // faults the reader found in the row itself (a JSON key twice) come first: they name their column
  for (const f of staged.faults ?? []) {
    errors.push({ code: f.code, field: '', grouped: false, fieldFromValue: true });
    conds.push(`p.${quote(f.column)} is not null`);
    values.push(`p.${quote(f.column)}`);
  }
  for (const c of spec.columns) {
    const r = `p.${raw(c.name)}`;
    const v = `p.${col(c.name)}`;
    // a NUL byte in free text (other types refuse it through their own check); memchr-cheap
    if (c.type === 'text') err(`contains(${r}, chr(0))`, 'nul_byte', c.name, "''");
    if (c.required) err(`${r} is null`, 'required', c.name, "''");
    switch (c.type) {
      case 'office':
        err(`${r} is not null and not p._office_ok`, 'unknown_office', c.name, r, true);
        if (defaults.offices) err(`${r} is not null and not p._office_allowed`, 'office_not_allowed', c.name, r, true);
        break;
      case 'service':
        err(`${r} is not null and p._office_ok and not p._service_ok`, 'unknown_service', c.name, r, true);
        break;
      case 'step':
        err(`${r} is not null and p._service_ok and ${v} is null`, 'unknown_step', c.name, r, true);
        break;
      case 'enum': {
        const list = (c.values ?? []).map((x) => `'${x}'`).join(', ');
        err(`${r} is not null and ${v} not in (${list})`, c.enumError ?? 'bad_enum', c.name, r, false, {
          allowed: (c.values ?? []).join(', '),
        });
        break;
      }
      case 'timestamp':
      case 'timestamp_or_date':
        err(
          `${r} is not null and ${v} is null and regexp_matches(${r}, ${ANY_OFFSET}) and not regexp_matches(${r}, ${TS_WITH_OFFSET})`,
          'bad_offset',
          c.name,
          r,
        );
        err(`${r} is not null and p._office_ok and ${v} is null`, 'bad_timestamp', c.name, r);
        // years 2000–2099 (UTC), as a range: year() of a TIMESTAMPTZ goes through ICU (~0.1 s per million)
        err(
          `not (${v} >= timestamptz '2000-01-01 00:00:00+00' and ${v} < timestamptz '2100-01-01 00:00:00+00')`,
          'implausible_timestamp',
          c.name,
          r,
        );
        break;
      case 'score':
        err(`${r} is not null and ${v} is null`, 'score_range', c.name, r);
        break;
      case 'integer':
        err(`${r} is not null and ${v} is null`, 'bad_integer', c.name, r);
        if (c.range)
          err(`${v} not between ${c.range[0]} and ${c.range[1]}`, 'out_of_range', c.name, r, false, {
            min: String(c.range[0]),
            max: String(c.range[1]),
          });
        break;
      case 'text':
        break;
    }
  }

  const errNo = conds.length ? `case ${conds.map((cond, i) => `when ${cond} then ${i + 1}`).join(' ')} end` : 'null';
  const errValue = conds.length
    ? `case ${conds.map((cond, i) => `when ${cond} then ${values[i]}`).join(' ')} end`
    : 'null';
  const outCols = spec.columns.map((c) => `p.${col(c.name)}`).join(', ');
  const faultCols = (staged.faults ?? []).map((f) => quote(f.column));

  let select = `select p.line, ${errNo} as err_no, ${errValue} as err_value, ${outCols}
    from (
      select ${parsed.join(', ')}${faultCols.map((f) => `, n.${f}`).join('')}
      from (select r.line, ${[...spec.columns.map((c) => `${source(c)} as ${quote(c.name)}`), ...faultCols.map((f) => `r.${f}`)].join(', ')} from ${staged.relation} r) n
      ${joins.join('\n      ')}
    ) p`;

  // Defaults for derived columns (each may use the ones before it), then checks across columns.
  for (const [name, d] of Object.entries(spec.defaults ?? {})) {
    select = `select s.* replace (coalesce(s.${col(name)}, ${d}) as ${col(name)}) from (${select}) s`;
  }
  const checks = spec.checks ?? [];
  if (checks.length) {
    const base = errors.length;
    for (const ch of checks) errors.push({ code: ch.code, field: ch.field, grouped: false });
    const checkNo = `case ${checks.map((ch, i) => `when ${ch.when} then ${base + i + 1}`).join(' ')} end`;
    const checkValue = `case ${checks.map((ch) => `when ${ch.when} then cast(${ch.value} as varchar)`).join(' ')} end`;
    select = `select s.* replace (coalesce(s.err_no, ${checkNo}) as err_no,
      case when s.err_no is null then ${checkValue} else s.err_value end as err_value) from (${select}) s`;
  }

  return { missing, select: `${ctes.length ? `with ${ctes.join(',\n')}\n` : ''}${select}`, params, errors };
}
