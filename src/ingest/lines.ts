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

export async function scanFile(path: string, csv: boolean): Promise<FileScan> {
  const hash = createHash('sha256');
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
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (!inQuotes && (!csv || buf.indexOf(34) === -1)) {
      // No quote in this chunk: jump from newline to newline.
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
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === 10) {
        line++;
        if (!inQuotes) {
          if (content) push(recordStart);
          content = false;
          recordStart = line;
        }
      } else if (b !== 13) {
        if (!content && b !== 32 && b !== 9) {
          content = true;
          recordStart = line;
        }
        if (csv && b === 34) inQuotes = !inQuotes;
      }
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
    sha: hash.digest('hex'),
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
