/**
 * The fast path of the XES reader: a scanner for the strict subset of XML that XES exports write
 * (an optional XML 1.0 declaration, elements with quoted attributes, whitespace between them,
 * comments, the five predefined entities and character references), about four times faster than
 * saxes on the bench's log (bench/xes.ts; measurements in docs/benchmarks.md). saxes is a
 * complete, well-kept parser and remains the reader of every other file: anything the scanner
 * does not know — text content, CDATA, a DOCTYPE, processing instructions, XML 1.1, names
 * outside ASCII, and every well-formedness error — throws `Fallback`, and the caller reads the
 * file again from its start with saxes, which gives the error with its line and column. So the
 * scanner needs no positions and no error messages: what it accepts is well-formed, and the
 * rest is saxes' to judge.
 */

/** The file leaves the subset the scanner reads (or is not well-formed): read it again with saxes. */
export class Fallback extends Error {}

export interface ScanHandlers {
  /** An element opened: its name as written, its `key` and `value` attributes (XES' only ones we read). */
  open(name: string, key: string | undefined, value: string | undefined): void;
  close(): void;
}

/**
 * The scanner reads bytes as Latin-1 (one character per byte: no decoder, no character cut in two
 * between chunks, and V8's one-byte strings): XML markup is ASCII, and a value holding bytes past
 * ASCII is decoded from UTF-8 on its own. Characters XML 1.0 allows nowhere: C0 controls but tab,
 * LF and CR, and U+FFFE, U+FFFF (UTF-8 EF BF BE, EF BF BF).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const C0 = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
const HIGH = /[\x80-\xff]/;
/** What makes an attribute value more than its raw text (or not well-formed): see attributeValue. */
const SPECIAL = /[<&\r\n\t\x80-\xff]/;

/** Whether a chunk (Latin-1) holds a character XML 1.0 allows nowhere: a C0 control, U+FFFE or U+FFFF. */
function notXml(chunk: string): boolean {
  if (C0.test(chunk)) return true;
  // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8; a plain search is faster than a regex
  for (let i = chunk.indexOf('\xef\xbf'); i !== -1; i = chunk.indexOf('\xef\xbf', i + 1)) {
    const c = chunk.charCodeAt(i + 2);
    if (c === 0xbe || c === 0xbf) return true;
  }
  return false;
}
/** The declaration the scanner reads; any other (XML 1.1, a mistake) is saxes'. */
const DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A construct longer than this is saxes' (the scanner keeps at most this much between writes). */
const MAX_PENDING = 1 << 20;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
const isXmlChar = (n: number) =>
  n === 9 ||
  n === 10 ||
  n === 13 ||
  (n >= 0x20 && n <= 0xd7ff) ||
  (n >= 0xe000 && n <= 0xfffd) ||
  (n >= 0x10000 && n <= 0x10ffff);

function spaces(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** An attribute value as XML reads it: line ends and tabs become spaces, then references are replaced. */
function attributeValue(raw: string): string {
  let v = HIGH.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
  if (v.includes('\r')) v = v.replaceAll('\r\n', ' ').replaceAll('\r', ' ');
  if (v.includes('\n')) v = v.replaceAll('\n', ' ');
  if (v.includes('\t')) v = v.replaceAll('\t', ' ');
  if (!v.includes('&')) return v;
  let replaced = 0;
  const out = v.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    replaced++;
    if (named) return NAMED[named]!;
    const n = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (!isXmlChar(n)) throw new Fallback();
    return String.fromCodePoint(n);
  });
  // an '&' that starts no reference is not well-formed
  if (v.split('&').length - 1 !== replaced) throw new Fallback();
  return out;
}

export class XesScanner {
  private pending = '';
  private readonly stack: string[] = [];
  private begun = false;
  private rootSeen = false;
  private rootClosed = false;

  constructor(private readonly h: ScanHandlers) {}

  /** Reads a chunk of the file; what ends in the middle of a construct waits for the next one. */
  write(bytes: Buffer): void {
    const chunk = bytes.toString('latin1');
    if (notXml(chunk)) throw new Fallback();
    let s = this.pending ? this.pending + chunk : chunk;
    let i = 0;
    if (!this.begun) {
      if (s.length < 3) {
        this.pending = s;
        return;
      }
      if (s.startsWith('\xef\xbb\xbf')) s = s.slice(3); // the byte order mark
      if (s.length < 6) {
        this.pending = s;
        return;
      }
      if (s.startsWith('<?xml') && isSpace(s.charCodeAt(5))) {
        const end = s.indexOf('?>');
        if (end === -1) {
          if (s.length > MAX_PENDING) throw new Fallback();
          this.pending = s;
          return;
        }
        const d = DECLARATION.exec(s);
        if (!d || d[0].length !== end + 2) throw new Fallback();
        i = end + 2;
      }
      this.begun = true;
    }
    i = this.scan(s, i);
    this.pending = i === s.length ? '' : s.slice(i);
    if (this.pending.length > MAX_PENDING) throw new Fallback();
  }

  /** The end of the file: everything opened closed, one root, nothing left over. */
  end(): void {
    if (!this.begun || !spaces(this.pending, 0, this.pending.length) || !this.rootSeen || this.stack.length > 0)
      throw new Fallback();
  }

  /** Scans complete constructs from `i`; returns where the first incomplete one starts. */
  private scan(s: string, i: number): number {
    const n = s.length;
    const { stack, h } = this;
    for (;;) {
      // the next '<', over nothing but spaces (one loop: faster than indexOf, then a check)
      let lt = i;
      for (; lt < n; lt++) {
        const c = s.charCodeAt(lt);
        if (c === 60) break;
        if (!isSpace(c)) throw new Fallback();
      }
      if (lt === n) return n;
      i = lt;
      if (i + 1 >= n) return i;
      const c = s.charCodeAt(i + 1);
      if (c === 47) {
        // </name>
        const gt = s.indexOf('>', i + 2);
        if (gt === -1) return i;
        // the name of the open element, then nothing but spaces (compared in place: no slice)
        const open = stack.pop();
        if (open === undefined || !s.startsWith(open, i + 2) || !spaces(s, i + 2 + open.length, gt))
          throw new Fallback();
        h.close();
        if (stack.length === 0) this.rootClosed = true;
        i = gt + 1;
        continue;
      }
      if (c === 33) {
        if (n - i < 4) return i;
        if (!s.startsWith('<!--', i)) throw new Fallback();
        const e = s.indexOf('-->', i + 4);
        if (e === -1) return i;
        // '--' may not occur inside a comment (nor may it end in '-')
        if (s.indexOf('--', i + 4) < e) throw new Fallback();
        i = e + 3;
        continue;
      }
      if (c === 63 || this.rootClosed || !isNameStart(c)) throw new Fallback();
      // <name attr="v" …> or …/>
      let j = i + 2;
      while (j < n && isNameChar(s.charCodeAt(j))) j++;
      if (j >= n) return i;
      const name = s.slice(i + 1, j);
      let key: string | undefined;
      let value: string | undefined;
      // attributes other than key and value, to refuse one written twice (XES has none we read)
      let others: string[] | undefined;
      let selfClosing = false;
      for (;;) {
        let k = j;
        while (k < n && isSpace(s.charCodeAt(k))) k++;
        if (k >= n) return i;
        const ch = s.charCodeAt(k);
        if (ch === 62) {
          j = k + 1;
          break;
        }
        if (ch === 47) {
          if (k + 1 >= n) return i;
          if (s.charCodeAt(k + 1) !== 62) throw new Fallback();
          selfClosing = true;
          j = k + 2;
          break;
        }
        if (k === j || !isNameStart(ch)) throw new Fallback();
        let m = k + 1;
        while (m < n && isNameChar(s.charCodeAt(m))) m++;
        // key and value are recognised in place; only another attribute's name is sliced
        const which = m - k === 3 && s.startsWith('key', k) ? 1 : m - k === 5 && s.startsWith('value', k) ? 2 : 0;
        const attr = which === 0 ? s.slice(k, m) : '';
        while (m < n && isSpace(s.charCodeAt(m))) m++;
        if (m >= n) return i;
        if (s.charCodeAt(m) !== 61) throw new Fallback();
        m++;
        while (m < n && isSpace(s.charCodeAt(m))) m++;
        if (m >= n) return i;
        const q = s.charCodeAt(m);
        if (q !== 34 && q !== 39) throw new Fallback();
        const close = s.indexOf(q === 34 ? '"' : "'", m + 1);
        if (close === -1) return i;
        const raw = s.slice(m + 1, close);
        const plain = !SPECIAL.test(raw);
        if (!plain && raw.includes('<')) throw new Fallback();
        if (which === 1) {
          if (key !== undefined) throw new Fallback();
          key = plain ? raw : attributeValue(raw);
        } else if (which === 2) {
          if (value !== undefined) throw new Fallback();
          value = plain ? raw : attributeValue(raw);
        } else {
          if (others === undefined) others = [attr];
          else if (others.includes(attr)) throw new Fallback();
          else others.push(attr);
          if (!plain && raw.includes('&')) attributeValue(raw); // checked, not kept
        }
        j = close + 1;
      }
      stack.push(name);
      this.rootSeen = true;
      h.open(name, key, value);
      if (selfClosing) {
        stack.pop();
        h.close();
        if (stack.length === 0) this.rootClosed = true;
      }
      i = j;
    }
  }
}
