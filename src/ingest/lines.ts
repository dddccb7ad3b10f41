import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * One pass over a file's bytes: its sha256, its number of data records, and where each record
 * starts. A record ends at a newline outside double quotes (CSV) or at any newline (JSON Lines);
 * blank lines hold no record, as DuckDB's readers skip them. Error reports use the start lines
 * so that a line number always points at the file's physical line.
 */
export interface FileScan {
  sha: string;
  /** Data records (after the CSV header). */
  records: number;
  /** Physical line (1-based) on which data record n (1-based) starts. */
  lineOf(record: number): number | undefined;
  /** For formats without lines (XES): where record n is, naming the source attribute of `field`. */
  locate?: ((record: number, field?: string) => string) | undefined;
}

function blank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (b !== 13 && b !== 32 && b !== 9) return false;
  }
  return true;
}

/**
 * `chunkSize`: bytes read at a time (tests use tiny chunks to cross every boundary); `hash`: false
 * when the caller has the sha256 already (the loader computes it first), then `sha` is ''.
 */
export async function scanFile(path: string, csv: boolean, chunkSize = 1 << 20, hash = true): Promise<FileScan> {
  const digest = hash ? createHash('sha256') : undefined;
  // Records start on consecutive lines except after a blank line or a record spanning lines: keep
  // only those breaks, as [record index, start line] pairs (records counted from 0, header included).
  const breaks: Array<[number, number]> = [];
  let count = 0;
  const push = (start: number) => {
    const expected = breaks.length ? breaks[breaks.length - 1]![1] + (count - breaks[breaks.length - 1]![0]) : count + 1;
    if (start !== expected) breaks.push([count, start]);
    count++;
  };
  let line = 1; // current physical line
  let recordStart = 1;
  let inQuotes = false;
  let content = false; // the current record has a non-blank byte
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    const buf = chunk as Buffer;
    digest?.update(buf);
    if (!inQuotes && (!csv || buf.indexOf(34) === -1)) {
      // No quote in this chunk. Without a blank line inside it either (the common case), every
      // newline after the first ends a record on the line after the previous one: counted in bulk
      // (native string operations) rather than one by one.
      const first = buf.indexOf(10);
      const last = buf.lastIndexOf(10);
      if (first !== -1 && first !== last) {
        // newlines after the first; a line starting with a blank byte might be blank: then the
        // chunk takes the careful path below
        let more = 0;
        for (let nl = first; nl < last; nl = buf.indexOf(10, nl + 1)) {
          const next = buf[nl + 1];
          if (next === 10 || next === 13 || next === 32 || next === 9) {
            more = -1;
            break;
          }
          more++;
        }
        if (more >= 0) {
          if (content || !blank(buf, 0, first)) push(recordStart);
          line++;
          if (more > 0) {
            // the first of these records through push (a break when the line before held none),
            // the others on the lines that follow it
            push(line);
            count += more - 1;
            line += more;
          }
          recordStart = line;
          content = !blank(buf, last + 1, buf.length);
          continue;
        }
      }
      let from = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, from)) {
        if (content || !blank(buf, from, nl)) push(recordStart);
        content = false;
        line++;
        recordStart = line;
        from = nl + 1;
      }
      content ||= !blank(buf, from, buf.length);
      continue;
    }
    // quotes in this chunk: from newline to quote to newline (indexOf), not byte by byte
    let i = 0;
    let nextQuote = csv ? buf.indexOf(34) : -1;
    while (i < buf.length) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = buf.indexOf(34, i);
      if (inQuotes) {
        // a newline inside quotes is a line of the same record
        const end = nextQuote === -1 ? buf.length : nextQuote;
        for (let nl = buf.indexOf(10, i); nl !== -1 && nl < end; nl = buf.indexOf(10, nl + 1)) line++;
        if (nextQuote === -1) break;
        inQuotes = false;
        i = nextQuote + 1;
        continue;
      }
      const nl = buf.indexOf(10, i);
      if (nextQuote !== -1 && (nl === -1 || nextQuote < nl)) {
        // a quote opens (the quote itself is content)
        if (!content) {
          content = true;
          recordStart = line;
        }
        inQuotes = true;
        i = nextQuote + 1;
        continue;
      }
      const end = nl === -1 ? buf.length : nl;
      if (!content && !blank(buf, i, end)) {
        content = true;
        recordStart = line;
      }
      if (nl === -1) break;
      line++;
      if (content) push(recordStart);
      content = false;
      recordStart = line;
      i = nl + 1;
    }
  }
  if (content) push(recordStart);
  const offset = csv ? 1 : 0;
  const lineOf = (record: number): number | undefined => {
    const index = record - 1 + offset;
    if (index < 0 || index >= count) return undefined;
    let lo = 0;
    let hi = breaks.length - 1;
    let found = -1; // the last break at or before index
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]![0] <= index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? index + 1 : breaks[found]![1] + (index - breaks[found]![0]);
  };
  return {
    sha: digest ? digest.digest('hex') : '',
    records: Math.max(0, count - offset),
    lineOf,
  };
}

/** The delimiter of a CSV file, from its header line: the most frequent of , ; tab |. */
export function sniffDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = header.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** The first line of a file (a CSV header), read on its own so that loading need not wait for a scan. */
export async function readFirstLine(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const buf = chunk as Buffer;
    const nl = buf.indexOf(10);
    chunks.push(nl === -1 ? buf : buf.subarray(0, nl));
    if (nl !== -1 || chunks.length > 16) break;
  }
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
}
