import { t, type Lang } from './i18n/index.js';

/**
 * The catalogue of errors the product reports. Each has a stable code, an HTTP status and a
 * user-facing message; anything else is an internal error whose details are logged, never sent.
 */
export class AppError extends Error {
  /** The message in each language when it was made from the catalogue (`inBoth`): the API answers in the caller's. */
  readonly texts: Record<Lang, string> | undefined;

  constructor(
    readonly code: string,
    readonly statusCode: number,
    /** One text (already in the reader's language, or "Indonesian / English"), or both from `inBoth`. */
    message: Message,
  ) {
    super(typeof message === 'string' ? message : `${message.id} / ${message.en}`);
    this.texts = typeof message === 'string' ? undefined : message;
    this.name = new.target.name;
  }
}

/** An error's message: one text, or the same message in both languages. */
export type Message = string | Record<Lang, string>;

/** One problem in an input file, located as precisely as the format allows. */
export interface InputIssue {
  file: string;
  line?: number | undefined;
  field?: string | undefined;
  /** Instead of line and field, for formats without lines (XES: trace, event and attribute). */
  location?: string | undefined;
  reason: string;
}

/** Input rejected whole (nothing was loaded). Reasons are already in the user's language. */
export class InputError extends AppError {
  /** Data rows the file held, when known (the loader sets it once it has read them). */
  rowsRead?: number | undefined;

  constructor(
    readonly issues: InputIssue[],
    readonly total: number = issues.length,
    lang: Lang = 'id',
    /** Errors not listed (default: total − listed). */
    more: number = total - issues.length,
  ) {
    super('INVALID_INPUT', 422, formatIssues(issues, total, lang, more));
  }
}

export class NotFoundError extends AppError {
  constructor(message: Message) {
    super('NOT_FOUND', 404, message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: Message) {
    super('BAD_REQUEST', 400, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: Message) {
    super('UNAUTHORIZED', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: Message) {
    super('FORBIDDEN', 403, message);
  }
}

/**
 * The database file is held by another process (DuckDB lets one process open a file): `pid` is
 * the holder's, read from DuckDB's message, when it names one. The message is the user's
 * language's (`lockedMessage`), never DuckDB's own text.
 */
export class DatabaseLockedError extends AppError {
  constructor(
    readonly path: string,
    readonly pid: number | undefined,
    lang: Lang = 'id',
  ) {
    super('DATABASE_LOCKED', 503, lockedMessage(path, pid, lang));
  }
}

export function lockedMessage(path: string, pid: number | undefined, lang: Lang): string {
  return t(lang, 'db_locked', { path, pid: pid === undefined ? t(lang, 'pid_unknown') : String(pid) });
}

/** An error's message for a reader of a known language (the CLI): a catalogue message in that language. */
export function errorIn(err: Error, lang: Lang): string {
  if (err instanceof DatabaseLockedError) return lockedMessage(err.path, err.pid, lang);
  return err instanceof AppError && err.texts ? err.texts[lang] : err.message;
}

export class ConfigError extends AppError {
  constructor(message: Message) {
    super('CONFIG', 500, message);
  }
}

export function formatIssue(i: InputIssue, lang: Lang = 'id'): string {
  const where = [
    i.file,
    i.location,
    i.location === undefined && i.line !== undefined ? `${t(lang, 'line')} ${i.line}` : undefined,
    i.location === undefined && i.field ? `${t(lang, 'field')} ${i.field}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${i.reason}`;
}

export function formatIssues(
  issues: InputIssue[],
  total: number,
  lang: Lang = 'id',
  more = total - issues.length,
): string {
  const head = issues.map((i) => formatIssue(i, lang)).join('\n');
  const tail = more > 0 ? `\n${t(lang, 'and_more', { n: more })}` : '';
  return `${t(lang, 'errors_nothing_loaded', { n: total })}\n${head}${tail}`;
}

/** An auditor query the sandbox refuses before it runs (not one read-only statement, a forbidden access). */
export class SqlRefusedError extends AppError {
  constructor(message: Message) {
    super('SQL_REFUSED', 400, message);
  }
}

/** An auditor query that failed (syntax, unknown name, runtime error). */
export class SqlFailedError extends AppError {
  constructor(message: Message) {
    super('SQL_FAILED', 400, message);
  }
}

/** An auditor query stopped by the time limit. */
export class SqlTimeoutError extends AppError {
  constructor(message: Message) {
    super('SQL_TIMEOUT', 408, message);
  }
}

/** Too many auditor queries at once; the caller may retry shortly. */
/** A result past SLA_SQL_MAX_BYTES that cannot be cut (Parquet). */
export class SqlTooLargeError extends AppError {
  constructor(message: Message) {
    super('SQL_TOO_LARGE', 413, message);
  }
}

export class SqlBusyError extends AppError {
  constructor(message: Message) {
    super('SQL_BUSY', 503, message);
  }
}
