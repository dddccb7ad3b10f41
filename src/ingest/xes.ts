import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import type { Database, Session } from '../db/database.js';
import { InputError } from '../errors.js';
import { t, type Lang } from '../i18n.js';
import type { FileScan } from './lines.js';

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
const OWN = new Set(['start', 'complete', 'return', 'resubmit', 'notify', 'collect', 'cancel']);
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

export interface XesRow {
  /** Ordinal of the <event> element in the file (1-based, skipped events included). */
  line: number;
  case_id: string | null;
  step: string | null;
  event: string;
  at: string | null;
  officer: string | null;
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
  locate: (line: number, field?: string, lang?: Lang) => string;
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
  if (!isGzip(path)) return /^\s*</.test(head(path, 256).toString('utf8').replace(/^\uFEFF/, ''));
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

const ATTRIBUTE_TAGS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
const local = (name: string) => {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
};

/** Where trace k (1-based) starts (ordinal of its first event) and its name: for error locations. */
class TraceIndex {
  starts: number[] = [];
  names: Array<string | null> = [];
  add(start: number, name: string | null) {
    this.starts.push(start);
    this.names.push(name);
  }
  find(line: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

function describeTrace(k: number, name: string | null | undefined): string {
  return name ? `trace ${k} ("${name}")` : `trace ${k}`;
}

/**
 * Reads an XES file, calling `onRow` for every event row (in file order, trace by trace).
 * Malformed XML or a file that is not an XES log is an InputError naming the place.
 */
export async function readXes(
  path: string,
  onRow: (row: XesRow) => void,
  lang: Lang,
  onBytes?: (bytes: number) => void,
): Promise<XesSummary> {
  const file = basename(path);
  const hash = createHash('sha256');
  const traces = new TraceIndex();
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
  let pending: XesRow[] = [];
  let ev: { step: string | null; transition: string | null; at: string | null; officer: string | null } | null = null;
  let sawLog = false;

  const where = () => (traceNo === 0 ? '' : `${describeTrace(traceNo, traceName)}${ev ? `, event ${eventInTrace}` : ''}: `);
  const fail = (reason: string) => new InputError([{ file, reason: `${where()}${reason}` }], 1, lang);

  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  let error: InputError | undefined;
  parser.on('error', (err) => {
    error ??= fail(t(lang, 'xes_malformed', { detail: err.message.replace(/^[^:]*:\d+:\d+: /, ''), line: parser.line, column: parser.column }));
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (stack.length === 1) {
      if (name !== 'log') error ??= fail(t(lang, 'xes_not_log', { root: tag.name }));
      sawLog = true;
      return;
    }
    if (name === 'trace' && parent === 'log' && stack.length === 2) {
      traceNo++;
      eventInTrace = 0;
      traceName = null;
      traceStart = ordinal + 1;
      pending = [];
      return;
    }
    if (name === 'event' && parent === 'trace' && stack.length === 3) {
      ordinal++;
      eventInTrace++;
      ev = { step: null, transition: null, at: null, officer: null };
      return;
    }
    if (!ATTRIBUTE_TAGS.has(name)) return;
    const key = tag.attributes.key;
    const value = tag.attributes.value;
    if (typeof key !== 'string' || typeof value !== 'string') return;
    if (parent === 'event' && stack.length === 4 && ev) {
      if (key === 'concept:name') ev.step = value;
      else if (key === 'lifecycle:transition') ev.transition = value;
      else if (key === 'time:timestamp') ev.at = value;
      else if (key === 'org:resource') ev.officer = value;
    } else if (parent === 'trace' && stack.length === 3 && key === 'concept:name') {
      traceName = value;
    }
  });
  parser.on('closetag', () => {
    const name = stack.pop();
    if (name === 'event' && stack.length === 2 && ev) {
      const raw = ev.transition?.trim().toLowerCase() ?? 'complete';
      const mapped = raw in XES_LIFECYCLE ? XES_LIFECYCLE[raw] : OWN.has(raw) ? raw : ev.transition!;
      if (mapped === null) skipped.set(raw, (skipped.get(raw) ?? 0) + 1);
      else {
        const at = ev.at?.trim() ?? null;
        if (at) {
          const off = /([Zz]|[+-]\d{2}:?\d{2})$/.exec(at)?.[1] ?? '';
          offsets.set(off, (offsets.get(off) ?? 0) + 1);
        }
        pending.push({ line: ordinal, case_id: null, step: ev.step, event: mapped, at, officer: ev.officer });
      }
      ev = null;
    } else if (name === 'trace' && stack.length === 1) {
      traces.add(traceStart, traceName);
      const caseId = traceName?.trim() || null;
      for (const r of pending) {
        r.case_id = caseId;
        onRow(r);
        rows++;
      }
      pending = [];
      traceName = null;
    }
  });

  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
      cb(null, chunk);
    },
  });
  const sink = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      parser.write(decoder.write(chunk));
      if (error) throw error;
    }
    parser.write(decoder.end());
    parser.close();
    if (error) throw error;
  };
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    if (isGzip(path)) await pipeline(raw, hashing, createGunzip(), sink);
    else await pipeline(raw, hashing, sink);
  } catch (err) {
    // an error of the parse aborts the pipeline (which may report the abort instead)
    if (error) throw error;
    if (err instanceof InputError) throw err;
    throw new InputError([{ file, reason: t(lang, 'unreadable', { detail: (err as Error).message.split('\n')[0]! }) }], 1, lang);
  }
  if (!sawLog) throw fail(t(lang, 'xes_not_log', { root: '—' }));

  const locate = (line: number, field?: string, l: Lang = lang): string => {
    const k = traces.find(line);
    const trace = describeTrace(k + 1, traces.names[k]);
    const attr = field ? ATTRIBUTE[field] : undefined;
    const attribute = l === 'id' ? 'atribut' : 'attribute';
    if (field === 'case_id') return `${trace}, ${attribute} ${attr}`;
    if (field === 'office' || field === 'service') return `${trace}, event ${line - traces.starts[k]! + 1}, --${field}`;
    return `${trace}, event ${line - traces.starts[k]! + 1}${attr ? `, ${attribute} ${attr}` : ''}`;
  };
  return { sha: hash.digest('hex'), traces: traces.starts.length, rows, skipped, offsets, locate };
}

export const XES_COLUMNS = ['case_id', 'step', 'event', 'at', 'officer', 'note'] as const;

let stagingSeq = 0;

export interface XesStaging extends XesSummary {
  /** Temp table holding the rows: line, case_id, step, event, at, officer, note (all text but line). */
  table: string;
  scan: FileScan;
}

/**
 * Parses an XES file into a new temp table on `s` (appender, flushed in batches as rows come).
 * The caller drops the table.
 */
export async function stageXes(s: Session, path: string, lang: Lang, onBytes?: (bytes: number) => void): Promise<XesStaging> {
  const table = `xes_rows_${++stagingSeq}`;
  await s.run(`create temp table ${table} (line bigint, case_id varchar, step varchar, event varchar, "at" varchar, officer varchar, note varchar)`);
  const appender = await s.conn.createAppender(table, 'main', 'temp');
  const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
  try {
    const summary = await readXes(
      path,
      (r) => {
        appender.appendBigInt(BigInt(r.line));
        text(r.case_id);
        text(r.step);
        appender.appendVarchar(r.event);
        text(r.at);
        text(r.officer);
        appender.appendNull();
        appender.endRow();
      },
      lang,
      onBytes,
    );
    appender.closeSync();
    const scan: FileScan = { sha: summary.sha, records: summary.rows, lineOf: (r) => r, locate: summary.locate };
    return { ...summary, table, scan };
  } catch (err) {
    try {
      appender.closeSync();
    } catch {
      // the error that matters is err
    }
    await s.run(`drop table if exists temp.${table}`);
    throw err;
  }
}

/** Stages an XES file on the database's write connection (outside any transaction). */
export function stageXesFile(db: Database, path: string, lang: Lang, onBytes?: (bytes: number) => void): Promise<XesStaging> {
  return db.write((w) => stageXes(w, path, lang, onBytes));
}

export function dropXesStaging(db: Database, table: string): Promise<number> {
  return db.write((w) => w.run(`drop table if exists temp.${table}`));
}
