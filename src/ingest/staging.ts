import type { ColumnSpec, KindSpec } from './kinds.js';
import type { MessageKey } from '../i18n.js';
import { quote, type Staged } from './readers.js';

/**
 * Builds the set-based validation of one kind over `stage_raw`: one pass that parses every
 * column, resolves office, service and step against the catalogue and numbers the first error
 * of each row. The result is the temp table `staged` (line, err_no, err_value, parsed columns).
 */

export interface ErrorDef {
  code: MessageKey;
  field: string;
  /** Unknown catalogue values are reported grouped by value, not row by row. */
  grouped: boolean;
}

export interface StagingPlan {
  missing: string[];
  sql: string;
  params: Record<string, string>;
  errors: ErrorDef[];
}

const TS_WITH_OFFSET = String.raw`'[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)$'`;
const FIX_SECONDS = (v: string) => String.raw`regexp_replace(${v}, '^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2})([^:\d]|$)', '\1:00\2')`;

/** An instant from text: with an offset it is absolute, without one local time in `tz`. */
function timestampExpr(v: string, tz: string, allowDate: boolean): string {
  return `case
    when regexp_full_match(${v}, '\\d{4}-\\d{2}-\\d{2}') then ${allowDate ? `timezone(${tz}, try_cast(${v} as timestamp))` : 'null'}
    when regexp_matches(${v}, ${TS_WITH_OFFSET}) then try_cast(${FIX_SECONDS(v)} as timestamptz)
    else timezone(${tz}, try_cast(${FIX_SECONDS(v)} as timestamp)) end`;
}

function enumNorm(v: string): string {
  return `replace(lower(${v}), ' ', '_')`;
}

export function planStaging(spec: KindSpec, staged: Staged, defaults: { office?: string | undefined; service?: string | undefined }): StagingPlan {
  const params: Record<string, string> = {};
  const missing: string[] = [];
  const source = (c: ColumnSpec): string => {
    const col = staged.columns.get(c.name);
    const dflt = c.name === 'office' || c.name === 'service' ? defaults[c.name] : undefined;
    if (dflt !== undefined) params[c.name] = dflt;
    const fromFile = col !== undefined ? `nullif(trim(r.${quote(col)}), '')` : undefined;
    if (fromFile && dflt !== undefined) return `coalesce(${fromFile}, $${c.name})`;
    if (fromFile) return fromFile;
    if (dflt !== undefined) return `$${c.name}`;
    if (c.required) missing.push(c.name);
    return 'cast(null as varchar)';
  };
  const raw = spec.columns.map((c) => `${source(c)} as ${quote(c.name)}`);

  const has = (type: ColumnSpec['type']) => spec.columns.some((c) => c.type === type);
  const joins: string[] = ['left join offices o on o.office = n.office'];
  if (has('service')) joins.push('left join (select distinct office, service from services) sv on sv.office = n.office and sv.service = n.service');
  if (has('step')) joins.push('left join step_lookup sl on sl.office = n.office and sl.service = n.service and sl.key = n.step');
  const aliasTables = [...new Set(spec.columns.flatMap((c) => (c.aliasTable ? [c] : [])))];

  const parsed: string[] = [];
  const errors: ErrorDef[] = [];
  const conds: string[] = [];
  const values: string[] = [];
  const err = (cond: string, code: MessageKey, field: string, value: string, grouped = false) => {
    errors.push({ code, field, grouped });
    conds.push(cond);
    values.push(`cast(${value} as varchar)`);
  };

  for (const c of spec.columns) {
    const v = `n.${quote(c.name)}`;
    let expr: string;
    if (c.required) err(`${v} is null`, 'required', c.name, "''");
    switch (c.type) {
      case 'text':
        expr = v;
        break;
      case 'office':
        expr = v;
        err(`${v} is not null and o.office is null`, 'unknown_office', c.name, v, true);
        break;
      case 'service':
        expr = v;
        err(`${v} is not null and o.office is not null and sv.service is null`, 'unknown_service', c.name, `n.office || '/' || ${v}`, true);
        break;
      case 'step':
        expr = 'sl.step';
        err(`${v} is not null and sv.service is not null and sl.step is null`, 'unknown_step', c.name, `n.office || '/' || n.service || '/' || ${v}`, true);
        break;
      case 'enum': {
        const alias = `a_${c.name}`;
        if (c.aliasTable) {
          joins.push(`left join alias_${c.name} ${alias} on ${alias}.office = n.office and ${alias}.alias = lower(${v})`);
          expr = `coalesce(${alias}.value, ${enumNorm(v)})`;
        } else expr = enumNorm(v);
        const list = (c.values ?? []).map((x) => `'${x}'`).join(', ');
        err(`${v} is not null and ${expr} not in (${list})`, c.enumError ?? 'bad_enum', c.name, v);
        break;
      }
      case 'timestamp':
      case 'timestamp_or_date':
        expr = timestampExpr(v, 'o.timezone', c.type === 'timestamp_or_date');
        err(`${v} is not null and o.office is not null and (${expr}) is null`, 'bad_timestamp', c.name, v);
        err(`year(${expr}) not between 2000 and 2099`, 'implausible_timestamp', c.name, v);
        break;
      case 'score':
        expr = `case when regexp_full_match(${v}, '[1-4](\\.0+)?') then cast(left(${v}, 1) as utinyint) end`;
        err(`${v} is not null and (${expr}) is null`, 'score_range', c.name, v);
        break;
      case 'integer':
        expr = `try_cast(${v} as integer)`;
        err(`${v} is not null and (${expr}) is null`, 'bad_integer', c.name, v);
        break;
    }
    parsed.push(`${expr} as ${quote(c.name)}`);
  }

  const aliasCtes = aliasTables.map(
    (c) => `alias_${c.name} as (
      select o.office, a.alias, a.channel as value
      from offices o join ${c.aliasTable} a on a.office in ('*', o.office)
      qualify row_number() over (partition by o.office, a.alias order by a.office = '*') = 1)`,
  );
  const stepCte = `step_lookup as (
      select office, service, key, step from (
        select office, service, effective_from, step as key, step, 0 as pref from sop_steps
        union all
        select office, service, effective_from, cast(seq as varchar) as key, step, 1 as pref from sop_steps)
      qualify row_number() over (partition by office, service, key order by pref, effective_from desc) = 1)`;
  const ctes = [...(has('step') ? [stepCte] : []), ...aliasCtes];

  const errNo = `case ${conds.map((cond, i) => `when ${cond} then ${i + 1}`).join(' ')} end`;
  const errValue = `case ${conds.map((cond, i) => `when ${cond} then ${values[i]}`).join(' ')} end`;

  let select = `select n.line, ${errNo} as err_no, ${errValue} as err_value, ${parsed.join(', ')}
      from (select ${staged.lineOf} as line, ${raw.join(', ')} from stage_raw r) n
      ${joins.join('\n      ')}`;

  // Defaults for derived columns (each may use the ones before it), then checks across columns.
  for (const [col, d] of Object.entries(spec.defaults ?? {})) {
    select = `select s.* replace (coalesce(s.${quote(col)}, ${d}) as ${quote(col)}) from (${select}) s`;
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

  const sql = `create or replace temp table staged as
    with ${ctes.length ? ctes.join(',\n') + ',\n' : ''} _x as (select 1)
    ${select}`;
  return { missing, sql, params, errors };
}

