import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Session } from '../db/index.js';

/**
 * One pass over a file's bytes: its sha256, its number of data records, and checkpoints from which
 * the line where a record starts is found again. A record ends at a newline outside double quotes
 * (CSV) or at any newline (JSON Lines); blank lines hold no record, as DuckDB's readers skip them.
 * Error reports use the start lines so that a line number always points at the file's physical
 * line.
 *
 * Memory does not grow with the file: a list of every record's line (or of every break in the
 * sequence, which a file of records between blank lines has at each record: 3 GB for 96 MB)
 * would. Instead the scanner's state is kept at most `MAX_CHECKPOINTS` times (every 2^k-th chunk,
 * k growing with the file), and the lines of the few records an error report names are found by
 * reading again from the checkpoint before each (`places`); a stretch without any break (the
 * common case) needs no reading.
 */
export interface FileScan {
  sha: string;
  /** Data records (after the CSV header). */
  records: number;
  /**
   * Where the given data records (1-based) are, found together. `s`: the session that sees the
   * file's staging (XES keeps its trace locations in DuckDB).
   */
  places(records: readonly number[], s: Session): Promise<Places>;
}

/** Locations of some records of a file, from `FileScan.places`. */
export interface Places {
  /** Physical line (1-based) on which data record n starts; undefined for a record not asked for or not in the file. */
  lineOf(record: number): number | undefined;
  /** For formats without lines (XES): where record n is, naming the source attribute of `field`. */
  locate?: ((record: number, field?: string) => string) | undefined;
}

/** For formats where a record's number is its place (Parquet rows). */
export const recordPlaces = (): Promise<Places> => Promise.resolve({ lineOf: (r) => r });

/** Most checkpoints a scan keeps; past it every other one is dropped (and the spacing doubles). */
export const MAX_CHECKPOINTS = 1024;

function blank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (b !== 13 && b !== 32 && b !== 9) return false;
  }
  return true;
}

/**
 * The scanner's state at the start of a chunk, and whether every record from there to the next checkpoint starts on the
 * line after the one before.
 */
interface Checkpoint {
  byte: number;
  line: number;
  recordStart: number;
  inQuotes: boolean;
  content: boolean;
  count: number;
  lastStart: number;
  regular: boolean;
}

/**
 * The byte scanner. Records are counted from 0, the CSV header included; `onRun(index, start, n)`
 * is told of every run of n records starting on consecutive lines from `start` (when re-reading).
 */
class LineScanner {
  line = 1; // current physical line
  recordStart = 1;
  inQuotes = false;
  content = false; // the current record has a non-blank byte
  count = 0;
  /** Start line of the last record counted (0 before the first). */
  lastStart = 0;
  /** A record started elsewhere than on the line after the last one's start, since the flag was cleared. */
  irregular = false;

  constructor(
    readonly csv: boolean,
    readonly onRun?: (index: number, start: number, n: number) => void,
  ) {}

  static from(csv: boolean, c: Checkpoint, onRun?: (index: number, start: number, n: number) => void): LineScanner {
    const sc = new LineScanner(csv, onRun);
    Object.assign(sc, {
      line: c.line,
      recordStart: c.recordStart,
      inQuotes: c.inQuotes,
      content: c.content,
      count: c.count,
      lastStart: c.lastStart,
    });
    return sc;
  }

  checkpoint(byte: number): Checkpoint {
    const { line, recordStart, inQuotes, content, count, lastStart } = this;
    return { byte, line, recordStart, inQuotes, content, count, lastStart, regular: true };
  }

  /** n records on consecutive lines from `start`. */
  private run(start: number, n: number) {
    if (start !== this.lastStart + 1) this.irregular = true;
    this.onRun?.(this.count, start, n);
    this.count += n;
    this.lastStart = start + n - 1;
  }

  feed(buf: Buffer) {
    if (!this.inQuotes && (!this.csv || buf.indexOf(34) === -1)) {
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
          if (this.content || !blank(buf, 0, first)) this.run(this.recordStart, 1);
          this.line++;
          if (more > 0) {
            // these records on the lines that follow each other
            this.run(this.line, more);
            this.line += more;
          }
          this.recordStart = this.line;
          this.content = !blank(buf, last + 1, buf.length);
          return;
        }
      }
      let from = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, from)) {
        if (this.content || !blank(buf, from, nl)) this.run(this.recordStart, 1);
        this.content = false;
        this.line++;
        this.recordStart = this.line;
        from = nl + 1;
      }
      this.content ||= !blank(buf, from, buf.length);
      return;
    }
    // quotes in this chunk: from newline to quote to newline (indexOf), not byte by byte
    let i = 0;
    let nextQuote = this.csv ? buf.indexOf(34) : -1;
    while (i < buf.length) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = buf.indexOf(34, i);
      if (this.inQuotes) {
        // a newline inside quotes is a line of the same record
        const end = nextQuote === -1 ? buf.length : nextQuote;
        for (let nl = buf.indexOf(10, i); nl !== -1 && nl < end; nl = buf.indexOf(10, nl + 1)) this.line++;
        if (nextQuote === -1) break;
        this.inQuotes = false;
        i = nextQuote + 1;
        continue;
      }
      const nl = buf.indexOf(10, i);
      if (nextQuote !== -1 && (nl === -1 || nextQuote < nl)) {
        // a quote opens (the quote itself is content)
        if (!this.content) {
          this.content = true;
          this.recordStart = this.line;
        }
        this.inQuotes = true;
        i = nextQuote + 1;
        continue;
      }
      const end = nl === -1 ? buf.length : nl;
      if (!this.content && !blank(buf, i, end)) {
        this.content = true;
        this.recordStart = this.line;
      }
      if (nl === -1) break;
      this.line++;
      if (this.content) this.run(this.recordStart, 1);
      this.content = false;
      this.recordStart = this.line;
      i = nl + 1;
    }
  }

  end() {
    if (this.content) this.run(this.recordStart, 1);
  }
}

/**
 * `chunkSize`: bytes read at a time (tests use tiny chunks to cross every boundary); `hash`: false
 * when the caller has the sha256 already (the loader computes it first), then `sha` is ''.
 * `maxCheckpoints`: tests use a few, so that re-reading spans many chunks.
 */
export async function scanFile(
  path: string,
  csv: boolean,
  chunkSize = 1 << 20,
  hash = true,
  maxCheckpoints = MAX_CHECKPOINTS,
): Promise<FileScan> {
  const digest = hash ? createHash('sha256') : undefined;
  const sc = new LineScanner(csv);
  let checkpoints: Checkpoint[] = [];
  let every = 1; // a checkpoint every `every` chunks
  let chunkNo = 0;
  let byte = 0;
  const close = () => {
    const last = checkpoints[checkpoints.length - 1];
    if (last) last.regular &&= !sc.irregular;
    sc.irregular = false;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    const buf = chunk as Buffer;
    digest?.update(buf);
    if (chunkNo % every === 0) {
      close();
      if (checkpoints.length >= maxCheckpoints) {
        // keep every other one; a kept one's stretch now runs to the next kept one
        const kept: Checkpoint[] = [];
        for (let i = 0; i < checkpoints.length; i += 2)
          kept.push({ ...checkpoints[i]!, regular: checkpoints[i]!.regular && (checkpoints[i + 1]?.regular ?? true) });
        checkpoints = kept;
        every *= 2;
      }
      if (chunkNo % every === 0) checkpoints.push(sc.checkpoint(byte));
    }
    chunkNo++;
    byte += buf.length;
    sc.feed(buf);
  }
  sc.end();
  close();
  const count = sc.count;
  const offset = csv ? 1 : 0;
  const places = async (records: readonly number[]): Promise<Places> => {
    const lines = new Map<number, number>();
    // the records to read again, by checkpoint: the last one at or before each record's index
    const pending = new Map<Checkpoint, Set<number>>();
    for (const record of new Set(records)) {
      const index = record - 1 + offset;
      if (index < 0 || index >= count) continue;
      let lo = 0;
      let hi = checkpoints.length - 1;
      let found = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (checkpoints[mid]!.count <= index) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const c = checkpoints[found]!;
      if (c.regular) lines.set(record, c.lastStart + 1 + (index - c.count));
      else pending.set(c, (pending.get(c) ?? new Set()).add(index));
    }
    for (const [c, indexes] of pending) {
      const last = Math.max(...indexes);
      const again = LineScanner.from(csv, c, (index, start, n) => {
        for (const i of indexes) if (i >= index && i < index + n) lines.set(i + 1 - offset, start + (i - index));
      });
      for await (const chunk of createReadStream(path, { start: c.byte, highWaterMark: chunkSize })) {
        again.feed(chunk as Buffer);
        if (again.count > last) break;
      }
      again.end();
    }
    return { lineOf: (record) => lines.get(record) };
  };
  return {
    sha: digest ? digest.digest('hex') : '',
    records: Math.max(0, count - offset),
    places,
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
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
}
