/**
 * User-facing text: Bahasa Indonesia by default, English available. Every word a person reads
 * lives in a catalogue of this folder, one module per surface (api, ingest, cli, …), and is filled
 * by `fill`; docs/i18n.md says how to add a key or a language. This room imports no other.
 */
import { api } from './api.js';
import { catalogue } from './catalogue.js';
import { cli, cliHelp } from './cli.js';
import { dashboards } from './dashboards.js';
import { ingest } from './ingest.js';
import { report } from './report.js';
import { service } from './service.js';
import type { Lang } from './types.js';

export type { Catalogue, Lang } from './types.js';
export { api, catalogue, cli, cliHelp, dashboards, ingest, report, service };

/**
 * The catalogues whose entries are single messages, looked up by `t`. Their keys are distinct
 * (test/i18n/catalogue.test.ts checks it), so a key names one message whatever its surface.
 */
export const catalogues = { api, catalogue, cli, ingest, service };

/**
 * The catalogues read as objects of texts (nested groups, a page script's words), filled with
 * `fill`: their keys may repeat those of `catalogues`.
 */
export const textCatalogues = { cliHelp, dashboards, report };

type Messages = typeof api.id & typeof catalogue.id & typeof cli.id & typeof ingest.id & typeof service.id;
const messages: Record<Lang, Messages> = {
  id: { ...api.id, ...catalogue.id, ...cli.id, ...ingest.id, ...service.id },
  en: { ...api.en, ...catalogue.en, ...cli.en, ...ingest.en, ...service.en },
};

export type MessageKey = keyof (typeof messages)['id'];
export type Params = Record<string, string | number>;

/**
 * Fills the `{name}` placeholders of a text with `params`, in one pass (a value holding braces
 * stays as it is); a placeholder without a value stays visible rather than vanish. The one fill
 * function of the product: `t` and every page text go through it.
 */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
}

/**
 * The module the page scripts import as /assets/dash/texts.js: their words in both languages
 * (`texts[lang]`: main, reports, upload, and the words for codes) and `fill` itself, so the
 * browser fills templates as the server does.
 */
export function scriptTexts(): string {
  const of = (lang: Lang) => ({ ...dashboards[lang].script, codes: dashboards[lang].codes, locale: localeOf(lang) });
  return `export const texts = ${JSON.stringify({ id: of('id'), en: of('en') })};\nexport const fill = ${fill.toString()};\n`;
}

/** Whether a text is a key of the catalogues (a schema's message names one: src/schema-reason.ts). */
export const isMessageKey = (text: string): text is MessageKey => Object.hasOwn(messages.id, text);

/** A message of the catalogues in one language. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  return fill(messages[lang][key], params);
}

/**
 * A message in both languages, for an error whose reader is not known where it is thrown
 * (`new AppError(code, status, inBoth(key, params))`): the API's error handler answers in the
 * caller's language, the log keeps both. Params that differ by language (a list joined with
 * "atau"/"or") are a function of the language.
 */
export function inBoth(key: MessageKey, params: Params | ((lang: Lang) => Params) = {}): Record<Lang, string> {
  const of = (lang: Lang) => t(lang, key, typeof params === 'function' ? params(lang) : params);
  return { id: of('id'), en: of('en') };
}

/**
 * A message as one text "Indonesian / English", for where only a string fits (a schema's
 * message, a plain Error): `messageIn` gives one language of it again.
 */
export const bilingual = (key: MessageKey, params: Params = {}): string => messageIn(inBoth(key, params), null);

/** The Intl locale of a language (id-ID formats for dates and numbers). */
export const localeOf = (lang: Lang): string => (lang === 'id' ? 'id-ID' : 'en-GB');

/** The other language: the one a page's language link offers. */
export const otherLang = (lang: Lang): Lang => (lang === 'id' ? 'en' : 'id');

/** The language named in an address (`?lang=id|en`, as sent: a schema's default is no choice), or null. */
export function urlLang(url: string): Lang | null {
  const at = url.indexOf('?');
  const q = at < 0 ? null : new URLSearchParams(url.slice(at + 1)).get('lang');
  return q === 'id' || q === 'en' ? q : null;
}

/**
 * The language an API caller asked for: `?lang=id|en`, else the first language of its
 * Accept-Language header (English for any `en…`, Indonesian for `id`/`in`); null when it says
 * neither (a script or a test with no header: it gets both languages, as the messages are made).
 * Pages take theirs from the address only (Indonesian unless `lang=en`), as the dashboards do.
 */
export function callerLang(req: { url: string; headers: Record<string, string | string[] | undefined> }): Lang | null {
  const q = urlLang(req.url);
  if (q) return q;
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  if (!first) return null;
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('id') || first.startsWith('in')) return 'id';
  return null;
}

/**
 * One language of a message made in both: a pair from `inBoth`, or one text "Indonesian / English"
 * (the convention of the schemas' messages and older errors); a text without the separator, or no
 * language, as it is (a pair joined as "Indonesian / English").
 */
export function messageIn(message: string | Record<Lang, string>, lang: Lang | null): string {
  if (typeof message !== 'string') return lang ? message[lang] : `${message.id} / ${message.en}`;
  const at = message.indexOf(' / ');
  if (lang === null || at < 0) return message;
  return lang === 'id' ? message.slice(0, at) : message.slice(at + 3);
}
