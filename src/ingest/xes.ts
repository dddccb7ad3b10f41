import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { listValue } from '@duckdb/node-api';
import type { Database, Session } from '../db/index.js';
import { InputError } from '../errors.js';
import { t, type Lang } from '../i18n/index.js';
import { EVENT_KINDS } from './kinds.js';
import { Fallback, XesScanner } from './xes-scan.js';
import type { FileScan, Places } from './lines.js';
import { defaultXesLimits, type XesLimits } from '../config.js';

/**
 * XES event logs (IEEE 1849), plain or gzipped, read as a stream with a SAX parser: never held
 * whole in memory. Each <event> of a <trace> becomes one row of our event log (SPEC §4):
 * trace concept:name → case_id, event concept:name → step (code or name), org:resource → officer,
 * lifecycle:transition → event (table below), time:timestamp → at (text, validated by the loader).
 * Rows go into a DuckDB staging table through the appender; the loader then validates and loads
 * them like any other format.
 */

/** XES standard lifecycle transitions → our events; null = not a transition of ours (skipped, counted). */
export const XES_LIFECYCLE: Readonly<Record<string, string | null>> = {
  start: 'start',
  complete: 'complete',
  // the case as a whole is aborted
  pi_abort: 'cancel',
  // work assigned to a desk before it starts, interruptions inside one desk's work, and activity
  // instances that never ran: none moves the file between desks
  schedule: null,
  assign: null,
  reassign: null,
  suspend: null,
  resume: null,
  withdraw: null,
  autoskip: null,
  manualskip: null,
};
/** Our own event names, accepted as written (systems that export our vocabulary in XES). */
const OWN = new Set<string>(EVENT_KINDS);
// Everything else (ate_abort, unknown, any non-standard value) is passed through unchanged and
// rejected by the loader's validation, naming trace, event and attribute.

/** The XES attribute each of our columns comes from (for error locations). */
const ATTRIBUTE: Record<string, string> = {
  case_id: 'concept:name (trace)',
  step: 'concept:name',
  event: 'lifecycle:transition',
  at: 'time:timestamp',
  officer: 'org:resource',
};

/** Where a trace is, for error locations: its number (1-based), the ordinal of its first event, its name. */
export interface XesTrace {
  trace: number;
  firstEvent: number;
  name: string | null;
}

export interface XesSummary {
  sha: string;
  traces: number;
  /** Rows emitted. */
  rows: number;
  /** Events skipped, by transition. */
  skipped: Map<string, number>;
  /** Offsets of time:timestamp values (e.g. '+01:00', 'Z', '' for none), with counts. */
  offsets: Map<string, number>;
}

/** First bytes of the file: gzip is recognised by its magic number, not by the extension. */
function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export const isGzip = (path: string): boolean => {
  const b = head(path, 2);
  return b.length === 2 && b[0] === 0x1f && b[1] === 0x8b;
};

/** Whether a file (plain or gzipped) is XML: its first non-blank character is '<'. */
export async function looksLikeXml(path: string): Promise<boolean> {
  if (statSync(path).size === 0) return false;
  if (!isGzip(path))
    return /^\s*</.test(
      head(path, 256)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  const stream = createReadStream(path, { start: 0, end: 65535 }).pipe(createGunzip());
  try {
    for await (const chunk of stream) return /^\s*</.test((chunk as Buffer).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return false;
  } finally {
    stream.destroy();
  }
  return false;
}

/** C0 controls but tab, LF and CR: only XML 1.1 lets them in (as references); our packing needs them out. */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const CONTROL = /[\x01-\x08\x0b\x0c\x0e-\x1f]/;
const ATTRIBUTE_TAGS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
const local = (name: string) => {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
};

/**
 * The UTC offset a time:timestamp ends with ('Z', '+07:00', '+0700', or '' for none): what
 * /([Zz]|[+-]\d{2}:?\d{2})$/ finds, read from the last characters instead (one call per event).
 */
export function offsetOf(at: string): string {
  const n = at.length;
  if (n >= 6 && isSign(at, n - 6) && digits(at, n - 5, 2) && at.charCodeAt(n - 3) === 58 && digits(at, n - 2, 2))
    return at.slice(n - 6);
  if (n >= 5 && isSign(at, n - 5) && digits(at, n - 4, 4)) return at.slice(n - 5);
  const last = at.charCodeAt(n - 1);
  return last === 90 || last === 122 ? at.slice(n - 1) : '';
}
const isSign = (s: string, i: number) => s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45;
/** Whether `s` holds `k` ASCII digits from `i`. */
function digits(s: string, i: number, k: number): boolean {
  for (let j = i; j < i + k; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function describeTrace(k: number, name: string | null | undefined): string {
  return name ? `trace ${k} ("${name}")` : `trace ${k}`;
}

/**
 * Reads an XES file, calling `onRow` for every event row (in file order, trace by trace) with its
 * packed text (the fields line — the ordinal of the <event> element in the file, 1-based, skipped
 * events included —, case_id, step, event, at and officer, packed as described at PACK_ROWS), and
 * `onTrace` for every trace holding an <event> (an empty one is no row's location): nothing of
 * the file is kept here, so that memory does not grow with it (a file of 134M empty traces once
 * took 3.4 GB in an index of traces). Malformed XML, a file that is not an XES log or one past
 * `limits` is an InputError naming the place.
 *
 * The file is read by the scanner of xes-scan.ts first; where it gives up (a construct outside
 * its subset of XML, or malformed XML) the file is read again from its start by saxes, after
 * `onRestart` (which must forget every row and trace given so far). Errors with line and column
 * are saxes': a malformed file is always read twice, up to its error.
 */
export async function readXes(
  path: string,
  onRow: (row: string) => void,
  lang: Lang,
  onBytes?: (bytes: number) => void,
  onTrace?: (trace: XesTrace) => void,
  limits: XesLimits = defaultXesLimits,
  onRestart?: () => Promise<void>,
  sha?: string,
): Promise<XesSummary> {
  try {
    return await readXesWith(true, path, onRow, lang, onBytes, onTrace, limits, sha);
  } catch (err) {
    if (!(err instanceof Fallback)) throw err;
  }
  await onRestart?.();
  return readXesWith(false, path, onRow, lang, onBytes, onTrace, limits, sha);
}

/** One reading of the file: with the scanner (`fast`, which may give up: Fallback) or with saxes. */
async function readXesWith(
  fast: boolean,
  path: string,
  onRow: (row: string) => void,
  lang: Lang,
  onBytes: ((bytes: number) => void) | undefined,
  onTrace: ((trace: XesTrace) => void) | undefined,
  limits: XesLimits,
  sha: string | undefined,
): Promise<XesSummary> {
  const file = basename(path);
  // the digest, unless the caller has it already (the loader reads it first)
  const hash = sha === undefined ? createHash('sha256') : undefined;
  const skipped = new Map<string, number>();
  const offsets = new Map<string, number>();
  let rows = 0;
  let ordinal = 0; // <event> elements seen
  let traceNo = 0;
  let eventInTrace = 0;
  // the element path, local names
  const stack: string[] = [];
  let traceName: string | null = null;
  let traceStart = 0;
  // the rows of the trace being read, without their case_id (its concept:name may come last)
  let pendingLines: number[] = [];
  let pendingRest: string[] = [];
  let ev: { step: string | null; transition: string | null; at: string | null; officer: string | null } | null = null;
  let sawLog = false;
  // XML 1.1 only: C0 control characters as character references (see stageXes)
  let controls = false;

  const where = () =>
    traceNo === 0 ? '' : `${describeTrace(traceNo, traceName)}${ev ? `, event ${eventInTrace}` : ''}: `;
  const fail = (reason: string) => new InputError([{ file, reason: `${where()}${reason}` }], 1, lang);
  /** A file past a limit (SLA_XES_MAX_*): named, without a place (the whole file is refused). */
  const tooMany = (n: number, what: string, setting: string) =>
    new InputError([{ file, reason: t(lang, 'xes_too_many', { n, what, setting }) }], 1, lang);

  let error: InputError | undefined;
  // saxes only: the scanner gives up on what saxes is to judge, so it needs neither
  let parser: SaxesParser<{ xmlns: false; position: true }> | undefined;
  const open = (written: string, key: string | undefined, value: string | undefined) => {
    const name = local(written);
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (stack.length === 1) {
      controls = parser !== undefined && parser.xmlDecl.version !== undefined && parser.xmlDecl.version !== '1.0';
      if (name !== 'log') error ??= fail(t(lang, 'xes_not_log', { root: written }));
      sawLog = true;
      return;
    }
    if (name === 'trace' && parent === 'log' && stack.length === 2) {
      if (traceNo === limits.maxTraces) error ??= tooMany(limits.maxTraces, 'trace', 'SLA_XES_MAX_TRACES');
      traceNo++;
      eventInTrace = 0;
      traceName = null;
      traceStart = ordinal + 1;
      pendingLines = [];
      pendingRest = [];
      return;
    }
    if (name === 'event' && parent === 'trace' && stack.length === 3) {
      if (ordinal === limits.maxEvents) error ??= tooMany(limits.maxEvents, 'event', 'SLA_XES_MAX_EVENTS');
      ordinal++;
      eventInTrace++;
      ev = { step: null, transition: null, at: null, officer: null };
      return;
    }
    if (!ATTRIBUTE_TAGS.has(name)) return;
    if (typeof key !== 'string' || typeof value !== 'string') return;
    if (controls && CONTROL.test(value)) {
      const c = CONTROL.exec(value)![0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      error ??= fail(
        t(lang, 'xes_malformed', { detail: `U+${c} in ${key}`, line: parser!.line, column: parser!.column }),
      );
      return;
    }
    if (parent === 'event' && stack.length === 4 && ev) {
      if (key === 'concept:name') ev.step = value;
      else if (key === 'lifecycle:transition') ev.transition = value;
      else if (key === 'time:timestamp') ev.at = value;
      else if (key === 'org:resource') ev.officer = value;
    } else if (parent === 'trace' && stack.length === 3 && key === 'concept:name') {
      traceName = value;
    }
  };
  const close = () => {
    const name = stack.pop();
    if (name === 'event' && stack.length === 2 && ev) {
      const raw = ev.transition?.trim().toLowerCase() ?? 'complete';
      const mapped = raw in XES_LIFECYCLE ? (XES_LIFECYCLE[raw] as string | null) : OWN.has(raw) ? raw : ev.transition!;
      if (mapped === null) skipped.set(raw, (skipped.get(raw) ?? 0) + 1);
      else {
        const at = ev.at?.trim() ?? null;
        if (at) {
          const off = offsetOf(at);
          offsets.set(off, (offsets.get(off) ?? 0) + 1);
        }
        pendingLines.push(ordinal);
        pendingRest.push(UNIT + packed(ev.step) + UNIT + mapped + UNIT + packed(at) + UNIT + packed(ev.officer));
      }
      ev = null;
    } else if (name === 'trace' && stack.length === 1) {
      if (eventInTrace > 0) onTrace?.({ trace: traceNo, firstEvent: traceStart, name: traceName });
      const caseId = UNIT + packed(traceName?.trim() || null);
      for (let k = 0; k < pendingLines.length; k++) {
        onRow(pendingLines[k] + caseId + pendingRest[k]!);
        rows++;
      }
      pendingLines = [];
      pendingRest = [];
      traceName = null;
    }
  };
  if (!fast) {
    const p = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
    parser = p;
    p.on('error', (err) => {
      error ??= fail(
        t(lang, 'xes_malformed', {
          detail: err.message.replace(/^[^:]*:\d+:\d+: /, ''),
          line: p.line,
          column: p.column,
        }),
      );
    });
    p.on('opentag', (tag) => open(tag.name, tag.attributes.key, tag.attributes.value));
    p.on('closetag', close);
  }
  const scanner = fast ? new XesScanner({ open, close }) : undefined;
  let gaveUp: Fallback | undefined;

  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash?.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
      cb(null, chunk);
    },
  });
  const sink = async (source: AsyncIterable<Buffer>) => {
    try {
      for await (const chunk of source) {
        if (scanner) scanner.write(chunk);
        else parser!.write(decoder.write(chunk));
        if (error) throw error;
      }
      if (scanner) scanner.end();
      else parser!.write(decoder.end()).close();
    } catch (err) {
      if (err instanceof Fallback) gaveUp = err;
      throw err;
    }
    if (error) throw error;
  };
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    if (isGzip(path)) await pipeline(raw, hashing, createGunzip(), sink);
    else await pipeline(raw, hashing, sink);
  } catch (err) {
    // an error of the parse aborts the pipeline (which may report the abort instead)
    if (error) throw error;
    if (gaveUp) throw gaveUp;
    if (err instanceof InputError) throw err;
    throw new InputError(
      [{ file, reason: t(lang, 'unreadable', { detail: (err as Error).message.split('\n')[0]! }) }],
      1,
      lang,
    );
  }
  if (!sawLog) throw fail(t(lang, 'xes_not_log', { root: '—' }));

  return { sha: sha ?? hash!.digest('hex'), traces: traceNo, rows, skipped, offsets };
}

export const XES_COLUMNS = ['case_id', 'step', 'event', 'at', 'officer', 'note'] as const;

let stagingSeq = 0;

export interface XesStaging extends XesSummary {
  /** Temp view of the rows: line, case_id, step, event, at, officer, note (all text but line). */
  table: string;
  scan: FileScan;
}

/** The temp table of a staging's packed rows (below). */
const packedOf = (table: string) => `${table}_packed`;
/** The temp table of a staging's trace locations (trace, first_event, name), one row per trace with events. */
const tracesOf = (table: string) => `${table}_traces`;

/*
 * Rows reach DuckDB packed: each row is one text of its fields joined by U+001F (unit separator),
 * rows joined by U+001D (group separator) into a text of up to PACK_ROWS rows, appended as one
 * value; the staging relation is a view splitting them, so that the loader's one statement reading
 * it splits them too (materialised, the split cost ~0.75 s per 500k rows). The appender costs a call
 * into the native binding per value, ~0.8 µs each: seven per row took as long as the whole XML
 * parse (2.7 s of CPU per 500k events, bench/xes.ts, 2026-12-07). Packed, it is one call per
 * PACK_ROWS rows and DuckDB splits in parallel. XML 1.0 cannot carry these characters (not even
 * as character references, and saxes refuses them), so no value can hold a separator; an
 * XML 1.1 document can, and readXes refuses a control character in a value of one as malformed
 * (no log has a use for them). A null is the field U+001E alone.
 */
const UNIT = '\x1f';
const GROUP = '\x1d';
const NULL = '\x1e';
const PACK_ROWS = 4096;
const packed = (v: string | null) => (v === null ? NULL : v);

/**
 * Parses an XES file into a new temp view on `s` (over packed rows appended as they come), and the
 * locations of its traces into a temp table. The caller drops them (`dropXesTables`).
 */
export async function stageXes(
  s: Session,
  path: string,
  lang: Lang,
  onBytes?: (bytes: number) => void,
  limits?: XesLimits,
  sha?: string,
): Promise<XesStaging> {
  const table = `xes_rows_${++stagingSeq}`;
  const packed = packedOf(table);
  await s.run(`create temp table ${packed} (rows varchar)`);
  await s.run(`create temp table ${tracesOf(table)} (trace bigint, first_event bigint, name varchar)`);
  let appender = await s.conn.createAppender(packed, 'main', 'temp');
  let traceAppender = await s.conn.createAppender(tracesOf(table), 'main', 'temp');
  let pack: string[] = [];
  try {
    const summary = await readXes(
      path,
      (row) => {
        if (pack.push(row) === PACK_ROWS) {
          appender.appendVarchar(pack.join(GROUP));
          appender.endRow();
          pack = [];
        }
      },
      lang,
      onBytes,
      (tr) => {
        traceAppender.appendBigInt(BigInt(tr.trace));
        traceAppender.appendBigInt(BigInt(tr.firstEvent));
        if (tr.name === null) traceAppender.appendNull();
        else traceAppender.appendVarchar(tr.name);
        traceAppender.endRow();
      },
      limits,
      // the scanner gave up and saxes reads the file again: what it gave is forgotten
      async () => {
        appender.closeSync();
        traceAppender.closeSync();
        pack = [];
        await s.run(`delete from temp.${packed}`);
        await s.run(`delete from temp.${tracesOf(table)}`);
        appender = await s.conn.createAppender(packed, 'main', 'temp');
        traceAppender = await s.conn.createAppender(tracesOf(table), 'main', 'temp');
      },
      sha,
    );
    if (pack.length > 0) {
      appender.appendVarchar(pack.join(GROUP));
      appender.endRow();
    }
    appender.closeSync();
    traceAppender.closeSync();
    const f = (i: number) => `nullif(f[${i}], chr(30))`;
    await s.run(
      `create temp view ${table} as
       select cast(f[1] as bigint) as line, ${f(2)} as case_id, ${f(3)} as step, f[4] as event, ${f(5)} as "at", ${f(6)} as officer, cast(null as varchar) as note
       from (select string_split(r, chr(31)) as f from (select unnest(string_split(rows, chr(29))) as r from temp.${packed}))`,
    );
    const scan: FileScan = {
      sha: summary.sha,
      records: summary.rows,
      places: (records, session) => xesPlaces(session, tracesOf(table), records, lang),
    };
    return { ...summary, table, scan };
  } catch (err) {
    for (const a of [appender, traceAppender]) {
      try {
        a.closeSync();
      } catch {
        // the error that matters is err
      }
    }
    await dropXesTables(s, table);
    throw err;
  }
}

/** Where records (event ordinals) are: each record's trace is the last starting at or before it. */
async function xesPlaces(s: Session, traces: string, records: readonly number[], lang: Lang): Promise<Places> {
  const found = new Map<number, XesTrace>();
  if (records.length) {
    const rows = await s.all<{ line: number; trace: number; first_event: number; name: string | null }>(
      `select r.line, t.trace, t.first_event, t.name
       from (select unnest(cast($lines as bigint[])) as line) as r asof join temp.${traces} as t on r.line >= t.first_event`,
      { lines: listValue([...new Set(records)]) },
    );
    for (const r of rows) found.set(r.line, { trace: r.trace, firstEvent: r.first_event, name: r.name });
  }
  const attribute = t(lang, 'xes_attribute');
  const locate = (line: number, field?: string): string => {
    const tr = found.get(line);
    if (!tr) return `event ${line}`;
    const trace = describeTrace(tr.trace, tr.name);
    const event = `event ${line - tr.firstEvent + 1}`;
    const attr = field ? ATTRIBUTE[field] : undefined;
    if (field === 'case_id') return `${trace}, ${attribute} ${attr}`;
    if (field === 'office' || field === 'service') return `${trace}, ${event}, --${field}`;
    return `${trace}, ${event}${attr ? `, ${attribute} ${attr}` : ''}`;
  };
  return { lineOf: (r) => r, locate };
}

/** Stages an XES file on the database's write connection (outside any transaction). */
export function stageXesFile(
  db: Database,
  path: string,
  lang: Lang,
  onBytes?: (bytes: number) => void,
  limits?: XesLimits,
  sha?: string,
): Promise<XesStaging> {
  return db.write((w) => stageXes(w, path, lang, onBytes, limits, sha));
}

/** Drops the tables of a staging (rows and trace locations). */
export async function dropXesTables(s: Session, table: string): Promise<void> {
  await s.run(`drop view if exists temp.${table}`);
  await s.run(`drop table if exists temp.${packedOf(table)}`);
  await s.run(`drop table if exists temp.${tracesOf(table)}`);
}

export function dropXesStaging(db: Database, table: string): Promise<void> {
  return db.write((w) => dropXesTables(w, table));
}
