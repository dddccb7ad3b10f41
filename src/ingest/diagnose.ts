import { createReadStream } from 'node:fs';
import type { MessageKey } from '../i18n/index.js';
import { MAX_LINE_BYTES, normalName } from './readers.js';

/**
 * Why DuckDB could not read a text file, and where. DuckDB's own messages are vague for the
 * faults spreadsheet exports have ("CSV Error on Line: 1", "Error when sniffing file") and often
 * name the wrong line; so when a CSV or JSON Lines file is refused by DuckDB, its bytes are
 * walked once here to find the first fault: the encoding (a UTF-16 BOM, a byte that is not
 * UTF-8, e.g. Latin-1 "é"), an open quote never closed (the line where it opens), text after a
 * closing quote, a line with another delimiter or another number of fields than the header, a
 * line over DuckDB's limit; for JSON Lines the first line that is not a JSON object. Lines are
 * physical lines (header = line 1), fields are header names. Only run after a failure: it is a
 * byte-by-byte loop in JavaScript (about 0.3 s per 100 MB).
 */
export interface Fault {
  line: number;
  field?: string | undefined;
  code: MessageKey;
  params?: Record<string, string | number>;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** The encoding named by a byte-order mark other than UTF-8's, or a UTF-16 text without one. */
function foreignEncoding(head: Buffer): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'UTF-16 (little-endian)';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16 (big-endian)';
  const sample = head.subarray(0, 200);
  let nul = 0;
  for (const b of sample) if (b === 0) nul++;
  return sample.length >= 8 && nul > sample.length / 4 ? 'UTF-16' : undefined;
}

/** A UTF-8 validator fed one byte at a time: the bad byte (a lead byte, or the lead of a broken sequence), else -1. */
class Utf8 {
  private need = 0;
  private lead = 0;
  push(b: number): number {
    if (this.need > 0) {
      if ((b & 0xc0) !== 0x80) return this.lead;
      this.need--;
      return -1;
    }
    if (b < 0x80) return -1;
    this.lead = b;
    if (b >= 0xc2 && b <= 0xdf) this.need = 1;
    else if (b >= 0xe0 && b <= 0xef) this.need = 2;
    else if (b >= 0xf0 && b <= 0xf4) this.need = 3;
    else return b;
    return -1;
  }
  /** At the end of the file: the lead byte of a truncated sequence, else -1. */
  end(): number {
    return this.need > 0 ? this.lead : -1;
  }
}

const badByte = (line: number, field: string | undefined, b: number): Fault => ({
  line,
  field,
  code: 'bad_utf8',
  params: { byte: hex(b) },
});
const shown = (d: string) => (d === '\t' ? 'tab' : d);

/** A file's chunks with the byte order mark dropped, or (instead) the fault of a file in another encoding. */
async function* utf8Chunks(path: string): AsyncGenerator<Buffer | Fault> {
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let buf = chunk as Buffer;
    if (first) {
      first = false;
      const foreign = foreignEncoding(buf);
      if (foreign) {
        yield { line: 1, code: 'not_utf8', params: { encoding: foreign } };
        return;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    yield buf;
  }
}

/** The first fault of a CSV file read with delimiter `delim` and RFC 4180 quotes, or undefined. */
export async function diagnoseCsv(path: string, delim: string): Promise<Fault | undefined> {
  const D = delim.charCodeAt(0);
  const utf8 = new Utf8();
  let header: string[] | undefined;
  let line = 1; // physical line of the current byte
  let recLine = 1; // where the current record starts
  let field = 0; // index of the current field in its record
  let fieldBytes: number[] | null = []; // bytes of the current field (header record only)
  const names: string[] = [];
  let recLen = 0;
  let fieldLen = 0;
  let content = false; // the record has a byte other than CR
  let inQuotes = false;
  let quotePending = false; // inside quotes, the previous byte was a quote
  let closed = false; // the current field's closing quote was seen
  let quoteLine = 0; // where the current quoted field opens
  let spanning: { line: number; field: number } | undefined; // a quoted field of this record spanning lines
  let recBytes: number[] = []; // the record's bytes, kept while short (to try other delimiters)

  const nameOf = (i: number) => header?.[i] ?? (header ? undefined : names[i]);
  const endField = () => {
    if (fieldBytes) {
      names.push(normalName(Buffer.from(fieldBytes).toString('utf8').replace(/^"|"$/g, '')));
      fieldBytes = [];
    }
  };
  const endRecord = (): Fault | undefined => {
    endField();
    const fields = field + 1;
    if (!header) {
      header = names;
      fieldBytes = null;
    } else if (content && fields !== header.length) {
      if (spanning) return { line: spanning.line, field: nameOf(spanning.field), code: 'unclosed_quote' };
      const text = Buffer.from(recBytes).toString('utf8');
      for (const other of [',', ';', '\t', '|']) {
        if (other !== delim && text.split(other).length === header.length)
          return { line: recLine, code: 'mixed_delimiter', params: { used: shown(other), delim: shown(delim) } };
      }
      return { line: recLine, code: 'field_count', params: { n: fields, expected: header.length } };
    }
    field = 0;
    recLen = 0;
    fieldLen = 0;
    content = false;
    closed = false;
    spanning = undefined;
    recBytes = [];
    return undefined;
  };

  for await (const buf of utf8Chunks(path)) {
    if (!Buffer.isBuffer(buf)) return buf;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      const bad = utf8.push(b);
      if (bad >= 0) return badByte(line, nameOf(field), bad);
      recLen++;
      if (recLen > MAX_LINE_BYTES) {
        if (inQuotes && line > quoteLine) return { line: quoteLine, field: nameOf(field), code: 'unclosed_quote' };
        return {
          line: recLine,
          field: nameOf(field),
          code: 'line_too_long',
          params: { limit: MAX_LINE_BYTES / 1_048_576 },
        };
      }
      if (recLen < 65_536) recBytes.push(b);
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (b === QUOTE) {
            fieldBytes?.push(b);
            continue;
          }
          inQuotes = false;
          closed = true;
          // the byte after the closing quote is read as outside quotes, below
        } else {
          if (b === QUOTE) quotePending = true;
          else {
            if (b === LF) {
              line++;
              spanning ??= { line: quoteLine, field };
            }
            fieldBytes?.push(b);
            fieldLen++;
          }
          continue;
        }
      }
      if (b === LF) {
        line++;
        const fault = endRecord();
        if (fault) return fault;
        recLine = line;
        continue;
      }
      if (b === CR) continue;
      if (b === D) {
        endField();
        field++;
        fieldLen = 0;
        closed = false;
        content = true;
        continue;
      }
      if (closed)
        return spanning
          ? { line: spanning.line, field: nameOf(spanning.field), code: 'unclosed_quote' }
          : { line, field: nameOf(field), code: 'text_after_quote' };
      content = true;
      if (b === QUOTE && fieldLen === 0) {
        inQuotes = true;
        quoteLine = line;
        continue;
      }
      fieldBytes?.push(b);
      fieldLen++;
    }
  }
  const bad = utf8.end();
  if (bad >= 0) return badByte(line, nameOf(field), bad);
  if (inQuotes && !quotePending) return { line: quoteLine, field: nameOf(field), code: 'unclosed_quote' };
  return content ? endRecord() : undefined;
}

/** The first line of a JSON Lines file that is not UTF-8 or not one JSON object, or undefined. */
export async function diagnoseJsonl(path: string, duckdbDetail?: string): Promise<Fault | undefined> {
  const utf8 = new Utf8();
  let line = 1;
  let pending: Buffer[] = [];
  const check = (bytes: Buffer): Fault | undefined => {
    const text = bytes.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return undefined;
    try {
      const v: unknown = JSON.parse(text);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return undefined;
      return { line, code: 'bad_json', params: { detail: typeof v } };
    } catch (err) {
      return { line, code: 'bad_json', params: { detail: duckdbDetail ?? (err as Error).message } };
    }
  };
  for await (const buf of utf8Chunks(path)) {
    if (!Buffer.isBuffer(buf)) return buf;
    let from = 0;
    for (let i = 0; i < buf.length; i++) {
      const bad = utf8.push(buf[i]!);
      if (bad >= 0) return badByte(line, undefined, bad);
      if (buf[i] === LF) {
        pending.push(buf.subarray(from, i));
        const fault = check(Buffer.concat(pending));
        if (fault) return fault;
        pending = [];
        from = i + 1;
        line++;
      }
    }
    pending.push(buf.subarray(from));
  }
  const bad = utf8.end();
  if (bad >= 0) return badByte(line, undefined, bad);
  return check(Buffer.concat(pending));
}
