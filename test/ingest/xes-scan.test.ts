import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { Fallback, XesScanner } from '../../src/ingest/xes-scan.js';
import { offsetOf } from '../../src/ingest/xes.js';
import { propertySeed } from '../property.js';
import { fixture } from '../helpers.js';

/*
 * The scanner (the XES reader's fast path) against saxes, the parser it stands in for: on a file
 * it accepts it must report exactly what saxes reports (element names, key and value attributes,
 * closes), and it must never accept a file saxes finds malformed — it gives up (Fallback) and
 * saxes reads the file again. Chunk boundaries anywhere (even inside a UTF-8 character) change
 * nothing.
 */

propertySeed('test/ingest/xes-scan.test.ts', 2026_12_07);

type Trace = string[];

function bySaxes(doc: Buffer): { events: Trace; error: boolean } {
  const events: Trace = [];
  let error = false;
  const p = new SaxesParser({ xmlns: false });
  p.on('error', () => (error = true));
  p.on('opentag', (t) =>
    events.push(`<${t.name} ${JSON.stringify(t.attributes.key)} ${JSON.stringify(t.attributes.value)}`),
  );
  p.on('closetag', () => events.push('>'));
  p.write(doc.toString('utf8')).close();
  // a document without a root is malformed to saxes too, but reported at close only in some versions
  if (!events.length) error = true;
  return { events, error };
}

function byScanner(doc: Buffer, cuts: number[]): Trace | 'fallback' {
  const events: Trace = [];
  const s = new XesScanner({
    open: (n, k, v) => events.push(`<${n} ${JSON.stringify(k)} ${JSON.stringify(v)}`),
    close: () => events.push('>'),
  });
  try {
    let at = 0;
    for (const c of [...cuts.filter((x) => x > 0 && x < doc.length)].sort((a, b) => a - b).concat(doc.length)) {
      s.write(doc.subarray(at, c));
      at = c;
    }
    s.end();
  } catch (err) {
    if (err instanceof Fallback) return 'fallback';
    throw err;
  }
  return events;
}

const value = fc.oneof(
  fc.constantFrom(
    'S1',
    'complete',
    '2026-06-03T09:00:00+07:00',
    'Siti Nur',
    'é ü 中',
    '',
    'a &amp; b',
    '&lt;x&gt;',
    '&quot;q&quot; &apos;',
    '&#233;&#x4E2D;',
    'tab\there',
    'line\r\nend',
    'bad & amp',
    '&#1;',
    '&bogus;',
    'a<b',
    '>',
    'x\uFFFEy',
    '\uFFFF',
    '\uFFFD ok',
  ),
  fc.string({ maxLength: 6 }),
);
const attr = fc.tuple(fc.constantFrom('key', 'value', 'xmlns', 'x:y', '1bad'), value, fc.constantFrom('"', "'"));
const leaf = fc
  .tuple(fc.constantFrom('string', 'date', 'int', 'extension', 'é'), fc.array(attr, { maxLength: 3 }))
  .map(([name, attrs]) => {
    const a = attrs
      .map(([k, v, q]) => ` ${k}=${q}${q === '"' ? v.replaceAll('"', '&quot;') : v.replaceAll("'", '&apos;')}${q}`)
      .join('');
    return `<${name}${a}/>`;
  });
const event = fc.array(leaf, { maxLength: 4 }).map((ls) => `<event>${ls.join('\n  ')}</event>`);
const trace = fc
  .tuple(fc.array(leaf, { maxLength: 2 }), fc.array(event, { maxLength: 3 }))
  .map(([ls, es]) => `<trace>\n${[...ls, ...es].join('\n')}\n</trace>`);
const prolog = fc.constantFrom(
  '',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  "<?xml version='1.0'?>",
  '<?xml version="1.1"?>',
  '\uFEFF<?xml version="1.0"?>\n',
  '<!-- c -->\n',
  '<!DOCTYPE log>\n',
  '<?pi x?>',
);
const doc = fc
  .tuple(prolog, fc.array(trace, { maxLength: 3 }), fc.constantFrom('', '\n<!-- end -->\n', 'text', '<log/>'))
  .map(([p, ts, tail]) => `${p}<log xes.version="1.0">\n${ts.join('\n')}\n</log>${tail}`);

/** Small damage of the kinds a broken export has: a byte removed, doubled or replaced. */
const damaged = fc
  .tuple(doc, fc.nat(), fc.constantFrom('', '<', '>', '&', '"', "'", '/', '-', ' ', '\x01', '<!--', '--', '</x>'))
  .map(([d, at, put]) => {
    const i = at % (d.length + 1);
    return d.slice(0, i) + put + d.slice(i + 1);
  });

describe('the XES scanner reports what saxes reports, or gives up', () => {
  it('generated logs, whole and damaged, cut into chunks anywhere', () => {
    let accepted = 0;
    let fellBack = 0;
    fc.assert(
      fc.property(fc.oneof(doc, damaged), fc.array(fc.nat({ max: 400 }), { maxLength: 4 }), (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const want = bySaxes(bytes);
        const got = byScanner(bytes, cuts);
        if (got === 'fallback') fellBack++;
        else {
          accepted++;
          expect(want.error).toBe(false);
          expect(got).toEqual(want.events);
        }
      }),
      { numRuns: 3000 },
    );
    // both sides were exercised (the counts depend on the seed; neither may be empty)
    expect(accepted).toBeGreaterThan(100);
    expect(fellBack).toBeGreaterThan(100);
  });

  it('reads a log of the usual shape without giving up (a hand-checked example)', () => {
    const text =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- ProM -->\n<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n' +
      '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n' +
      '  <trace>\n    <string key="concept:name" value="K-1 &amp; é"/>\n    <event>\n      <string key="concept:name" value="S1"/>\n' +
      "      <date key='time:timestamp' value='2026-06-03T09:00:00+07:00' />\n    </event>\n  </trace>\n</log>\n";
    expect(byScanner(Buffer.from(text, 'utf8'), [1, 2, 7, 160, 161])).toEqual([
      '<log undefined undefined',
      '<extension undefined undefined',
      '>',
      '<trace undefined undefined',
      '<string "concept:name" "K-1 & é"',
      '>',
      '<event undefined undefined',
      '<string "concept:name" "S1"',
      '>',
      '<date "time:timestamp" "2026-06-03T09:00:00+07:00"',
      '>',
      '>',
      '>',
      '>',
    ]);
  });

  it('the public logs of test/fixtures/logs are read by the scanner, as saxes reads them', () => {
    for (const bytes of [
      readFileSync(fixture('logs/running-example.xes')),
      gunzipSync(readFileSync(fixture('logs/08_receipt.xes.gz'))),
    ]) {
      const want = bySaxes(bytes);
      expect(want.error).toBe(false);
      expect(byScanner(bytes, [4096, 65536])).toEqual(want.events);
    }
  });
});

describe('the offset of a time:timestamp', () => {
  it('is what /([Zz]|[+-]\\d{2}:?\\d{2})$/ finds, for any text of the characters a timestamp is made of', () => {
    const re = /([Zz]|[+-]\d{2}:?\d{2})$/;
    const chars = fc.constantFrom(...'0123456789+-:Zz T.');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), fc.constantFrom('', '2026-06-03T09:00:00'), (cs, prefix) => {
        const at = prefix + cs.join('');
        expect(offsetOf(at)).toBe(re.exec(at)?.[1] ?? '');
      }),
      { numRuns: 5000 },
    );
    expect(
      ['2026-06-03T09:00:00+07:00', '2026-06-03T09:00:00-0530', '2026-06-03T09:00:00Z', '2026-06-03'].map(offsetOf),
    ).toEqual(['+07:00', '-0530', 'Z', '']);
  });
});
