import type { z } from 'zod';
import { isMessageKey, t, type Lang, type MessageKey } from './i18n/index.js';

/**
 * Why a document fails its schema (a catalogue, a calendar, the users file), in the reader's
 * language: each zod issue code the schemas can produce has its text in src/i18n/catalogue.ts
 * (`schema_*`), and a message a schema gives itself (`.regex(…, rule('schema_rule_date'))`, a
 * refine) is a key of that catalogue. zod's own English never reaches the reader. A shared
 * top-level module (it needs only zod and the catalogues), so that every room above the floor
 * (auth/, catalogue/, calendar/) may use it.
 */

type Issue = z.core.$ZodIssue;

/** A schema's own message: a catalogue key, checked by the compiler, translated by `schemaReason`. */
export const rule = (key: MessageKey & `schema_rule_${string}`): string => key;

/** The value at a zod path of a document (undefined when the path leads nowhere). */
export function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let node = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The word for a zod type name ("string" → "teks"), the name itself for a type the schemas do not use. */
function typeWord(lang: Lang, expected: string): string {
  const key = `schema_type_${expected}`;
  return isMessageKey(key) ? t(lang, key) : expected;
}

/** The types a union accepts, when every option failed on the type alone (a quota: text, number or null). */
function unionTypes(iss: Extract<Issue, { code: 'invalid_union' }>): string[] | null {
  const types = iss.errors.map((option) =>
    option.length === 1 && option[0]!.code === 'invalid_type' ? option[0] : null,
  );
  if (types.some((o) => o === null)) return null;
  return types.map((o) => (o as Extract<Issue, { code: 'invalid_type' }>).expected);
}

/**
 * The reason of one zod issue of `doc`, in `lang`. An absent value is "required" whatever type it
 * lacks; a union names the types it takes ("teks atau angka atau null") or the reason of the
 * option that came closest.
 */
export function schemaReason(iss: Issue, lang: Lang, doc: unknown): string {
  if (isMessageKey(iss.message)) return t(lang, iss.message);
  const n = (v: number | bigint) => String(v);
  switch (iss.code) {
    case 'invalid_type':
      if (valueAt(doc, iss.path) === undefined) return t(lang, 'schema_required');
      return t(lang, 'schema_type', { expected: typeWord(lang, iss.expected) });
    case 'invalid_union': {
      if (valueAt(doc, iss.path) === undefined) return t(lang, 'schema_required');
      const types = unionTypes(iss);
      if (types) {
        const or = ` ${t(lang, 'schema_or')} `;
        return t(lang, 'schema_type', { expected: types.map((x) => typeWord(lang, x)).join(or) });
      }
      // the option with the fewest issues is the one the writer meant
      const closest = [...iss.errors].sort((a, b) => a.length - b.length)[0]?.[0];
      return closest
        ? schemaReason({ ...closest, path: [...iss.path, ...closest.path] }, lang, doc)
        : t(lang, 'schema_invalid');
    }
    case 'too_small':
      if (iss.origin === 'string')
        return Number(iss.minimum) === 1
          ? t(lang, 'schema_empty')
          : t(lang, 'schema_min_length', { n: n(iss.minimum) });
      if (iss.origin === 'array' || iss.origin === 'set') return t(lang, 'schema_min_items', { n: n(iss.minimum) });
      return t(lang, iss.inclusive === false ? 'schema_above' : 'schema_min', { n: n(iss.minimum) });
    case 'too_big':
      if (iss.origin === 'string') return t(lang, 'schema_max_length', { n: n(iss.maximum) });
      if (iss.origin === 'array' || iss.origin === 'set') return t(lang, 'schema_max_items', { n: n(iss.maximum) });
      return t(lang, iss.inclusive === false ? 'schema_below' : 'schema_max', { n: n(iss.maximum) });
    case 'invalid_value':
      return t(lang, 'schema_one_of', { values: iss.values.map((v) => String(v)).join(', ') });
    case 'unrecognized_keys':
      return t(lang, 'schema_unknown_keys', { keys: iss.keys.join(', ') });
    case 'invalid_key':
      return t(lang, 'schema_bad_key', { key: String(iss.path.at(-1) ?? '') });
    case 'invalid_element':
      return iss.issues[0] ? schemaReason(iss.issues[0], lang, doc) : t(lang, 'schema_invalid');
    case 'invalid_format':
      return t(lang, 'schema_format');
    case 'not_multiple_of':
      return t(lang, 'schema_multiple_of', { n: n(iss.divisor) });
    default:
      return t(lang, 'schema_invalid');
  }
}
