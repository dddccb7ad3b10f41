import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { InputError } from '../../src/errors.js';
import { loadFile, type LoadOptions } from '../../src/ingest/load.js';
import { count, openTestDb } from '../helpers.js';

/**
 * Bad input, table-driven over files generated here (nothing large is committed): each fault is
 * refused whole, and its one issue names the file, the physical line where the fault is (the
 * header is line 1; for a quote, the line where the open quote starts), the field and a reason
 * that says what is wrong. Issue 23 part 4.
 */

let db: Database;
let dir: string;

beforeAll(async () => {
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'sla-fuzz-'));
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const EH = 'case_id,office,service,step,event,at,officer,note\n';
/** One valid event row (pekanbaru, SIKTG, S1, start). */
const ev = (id: string, o: { at?: string; note?: string; officer?: string; d?: string } = {}) =>
  [id, 'pekanbaru', 'SIKTG', 'S1', 'start', o.at ?? '2026-05-29 15:40', o.officer ?? '', o.note ?? ''].join(
    o.d ?? ',',
  ) + '\n';
const SH = 'response_id,office,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age\n';
const sv = (id: string, age: string) => `${id},pekanbaru,SIKTG,2026-05-10 10:00,4,3,3,4,4,3,4,3,3,P,${age}\n`;
const jl = (o: string) => `{${o}}\n`;
const jev = (id: string, extra = '') =>
  jl(
    `"case_id":"${id}","office":"pekanbaru","service":"SIKTG","step":"S1","event":"start","at":"2026-05-29 15:40"${extra}`,
  );
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ev(`${prefix}-${i}`)).join('');

interface Case {
  name: string;
  kind?: LoadOptions['kind'];
  ext?: 'csv' | 'jsonl';
  content: () => string | Buffer;
  line: number;
  field?: string;
  reason: RegExp;
  lang?: 'id' | 'en';
}

const cases: Case[] = [
  // accepted today and wrong
  {
    name: 'offset +25:00',
    content: () => EH + ev('OF-1') + ev('OF-2', { at: '2026-05-29T15:40:00+25:00' }),
    line: 3,
    field: 'at',
    reason: /\+25:00.*(zona waktu|offset)|(zona waktu|offset).*\+25:00/i,
  },
  {
    name: 'offset minutes 99',
    content: () => EH + ev('OF-3', { at: '2026-05-29 15:40+07:99' }),
    line: 2,
    field: 'at',
    reason: /zona waktu.*−14:00.*\+14:00/,
  },
  {
    name: 'offset in English',
    lang: 'en',
    content: () => EH + ev('OF-4', { at: '2026-05-29T15:40:00-1500' }),
    line: 2,
    field: 'at',
    reason: /invalid UTC offset/,
  },
  {
    name: 'age −5',
    kind: 'surveys',
    content: () => SH + sv('FZ-S1', '34') + sv('FZ-S2', '-5'),
    line: 3,
    field: 'age',
    reason: /"-5".*rentang.*10–120/,
  },
  {
    name: 'age 300',
    kind: 'surveys',
    content: () => SH + sv('FZ-S3', '300'),
    line: 2,
    field: 'age',
    reason: /"300".*rentang.*10–120/,
  },
  {
    name: 'NUL byte in a CSV value',
    content: () => EH + ev('NUL-1') + ev('NUL-2', { note: 'ab\0cd' }),
    line: 3,
    field: 'note',
    reason: /NUL/,
  },
  { name: 'NUL byte in a case id', content: () => EH + ev('NUL-3\0x'), line: 2, field: 'case_id', reason: /NUL/ },
  {
    name: 'NUL escaped in JSON',
    ext: 'jsonl',
    content: () => jev('NUL-J1') + jev('NUL-J2', ',"note":"a\\u0000b"'),
    line: 2,
    field: 'note',
    reason: /NUL/,
  },
  {
    name: 'header names case_id twice',
    content: () => 'case_id,office,service,step,event,at,case_id\nH-1,pekanbaru,SIKTG,S1,start,2026-05-29 15:40,H-2\n',
    line: 1,
    field: 'case_id',
    reason: /"case_id".*lebih dari sekali/,
  },
  {
    name: 'header names case_id and CASE_ID',
    content: () => 'case_id,office,service,step,event,at,CASE_ID\nH-3,pekanbaru,SIKTG,S1,start,2026-05-29 15:40,H-4\n',
    line: 1,
    field: 'case_id',
    reason: /"case_id".*lebih dari sekali.*CASE_ID/,
  },
  {
    name: 'JSON line with a key twice',
    ext: 'jsonl',
    content: () =>
      jev('JK-1') +
      jl(
        '"case_id":"JK-2","case_id":"JK-3","office":"pekanbaru","service":"SIKTG","step":"S1","event":"start","at":"2026-05-29 15:40"',
      ),
    line: 2,
    field: 'case_id',
    reason: /"case_id".*lebih dari sekali/,
  },
  {
    name: 'JSON line with case_id and CASE_ID',
    ext: 'jsonl',
    content: () =>
      jl(
        '"case_id":"JK-4","CASE_ID":"JK-5","office":"pekanbaru","service":"SIKTG","step":"S1","event":"start","at":"2026-05-29 15:40"',
      ),
    line: 1,
    field: 'case_id',
    reason: /lebih dari sekali/,
  },
  // vague today: say what is wrong, and where
  {
    name: 'a Latin-1 byte',
    content: () => Buffer.concat([Buffer.from(EH + ev('L1-1')), Buffer.from(ev('L1-2', { note: 'kafé' }), 'latin1')]),
    line: 3,
    field: 'note',
    reason: /0xE9.*UTF-8.*simpan ulang sebagai UTF-8/,
  },
  {
    name: 'a Latin-1 byte on line 2',
    content: () => Buffer.concat([Buffer.from(EH), Buffer.from(ev('L1-3', { officer: 'Pak Agüs' }), 'latin1')]),
    line: 2,
    field: 'officer',
    reason: /simpan ulang sebagai UTF-8/,
  },
  {
    name: 'a Latin-1 byte after the sniffer sample',
    content: () =>
      Buffer.concat([Buffer.from(EH + many('L1-M', 25_000)), Buffer.from(ev('L1-4', { note: 'café' }), 'latin1')]),
    line: 25_002,
    field: 'note',
    reason: /simpan ulang sebagai UTF-8/,
  },
  {
    name: 'UTF-16 with BOM',
    content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EH + ev('U16-1'), 'utf16le')]),
    line: 1,
    reason: /UTF-16.*simpan ulang sebagai UTF-8/,
  },
  {
    name: 'UTF-16 big-endian with BOM',
    content: () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(EH + ev('U16-2'), 'utf16le').swap16()]),
    line: 1,
    reason: /UTF-16.*simpan ulang sebagai UTF-8/,
  },
  {
    name: 'an unbalanced quote on line 3',
    content: () => EH + ev('Q-1') + ev('Q-2', { note: '"belum ditutup' }) + ev('Q-3') + ev('Q-4'),
    line: 3,
    field: 'note',
    reason: /tanda kutip.*tidak pernah ditutup/,
  },
  {
    name: 'an unbalanced quote on line 2',
    content: () => EH + ev('Q-5', { officer: '"FO-01' }) + ev('Q-6'),
    line: 2,
    field: 'officer',
    reason: /tanda kutip/,
  },
  {
    name: 'an unbalanced quote after the sniffer sample',
    content: () => EH + many('Q-M', 25_000) + ev('Q-7', { note: '"terbuka' }) + ev('Q-8'),
    line: 25_002,
    field: 'note',
    reason: /tidak pernah ditutup/,
  },
  {
    name: 'text after a closing quote',
    content: () => EH + ev('Q-9') + ev('Q-10', { note: '"kata"nya' }),
    line: 3,
    field: 'note',
    reason: /setelah tanda kutip penutup/,
  },
  {
    name: 'mixed delimiters',
    content: () => EH + ev('MD-1') + ev('MD-2', { d: ';' }),
    line: 3,
    reason: /pemisah ";".*","/,
  },
  {
    name: 'mixed delimiters on line 2',
    content: () => EH + ev('MD-3', { d: ';' }) + ev('MD-4'),
    line: 2,
    reason: /pemisah ";"/,
  },
  {
    name: 'a row with too many fields',
    content: () => EH + ev('RG-1') + ev('RG-2').replace('\n', ',lebih\n'),
    line: 3,
    reason: /9 kolom.*8/,
  },
  {
    name: 'a 10 MB field',
    content: () => EH + ev('BIG-1') + ev('BIG-2', { note: 'x'.repeat(10 << 20) }),
    line: 3,
    field: 'note',
    reason: /terlalu panjang|lebih panjang/,
  },
  {
    name: 'malformed JSON on line 3',
    ext: 'jsonl',
    content: () => jev('MJ-1') + jev('MJ-2') + '{"case_id": oops}\n',
    line: 3,
    reason: /JSON/,
  },
  {
    name: 'a Latin-1 byte in JSON Lines',
    ext: 'jsonl',
    content: () => Buffer.concat([Buffer.from(jev('MJ-3')), Buffer.from(jev('MJ-4', ',"note":"kafé"'), 'latin1')]),
    line: 2,
    reason: /simpan ulang sebagai UTF-8/,
  },
];

describe('bad input is refused with file, line, field and reason', () => {
  for (const c of cases) {
    it(
      c.name,
      async () => {
        const file = `${c.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.${c.ext ?? 'csv'}`;
        const path = join(dir, file);
        writeFileSync(path, c.content());
        const kind = c.kind ?? 'events';
        const table = kind === 'surveys' ? 'survey_responses' : 'events';
        const before = await count(db, table);
        const err = await loadFile(db, { kind, path, lang: c.lang ?? 'id' }).then(
          (r) => r,
          (e: unknown) => e,
        );
        expect(err, JSON.stringify(err)).toBeInstanceOf(InputError);
        const issue = (err as InputError).issues[0]!;
        expect(issue.file).toBe(file);
        expect({ line: issue.line, field: issue.field }).toEqual({ line: c.line, field: c.field });
        expect(issue.reason).toMatch(c.reason);
        expect(await count(db, table)).toBe(before);
      },
      60_000,
    );
  }

  it('values at the edges of the ranges still load (offset ±14:00, −12:00, Z; ages 10 and 120)', async () => {
    const p = join(dir, 'edges.csv');
    writeFileSync(
      p,
      EH +
        ev('EDGE-1', { at: '2026-05-29T15:40:00+14:00' }) +
        ev('EDGE-2', { at: '2026-05-29T15:40:00-12:00' }) +
        ev('EDGE-3', { at: '2026-05-29T08:40:00Z' }) +
        ev('EDGE-4', { at: '2026-05-29 15:40 +0700' }),
    );
    expect(await loadFile(db, { kind: 'events', path: p })).toMatchObject({ status: 'committed', accepted: 4 });
    const s = join(dir, 'edges-surveys.csv');
    writeFileSync(s, SH + sv('EDGE-S1', '10') + sv('EDGE-S2', '120') + sv('EDGE-S3', ''));
    expect(await loadFile(db, { kind: 'surveys', path: s })).toMatchObject({ status: 'committed', accepted: 3 });
  });

  it('JSON Lines spelling a key differently on different lines is one column; Parquet naming a column twice is refused', async () => {
    const p = join(dir, 'spellings.jsonl');
    writeFileSync(
      p,
      jev('SP-1') +
        jl(
          '"CASE_ID":"SP-2","office":"pekanbaru","service":"SIKTG","step":"S1","event":"start","at":"2026-05-29 15:40"',
        ),
    );
    expect(await loadFile(db, { kind: 'events', path: p })).toMatchObject({ status: 'committed', accepted: 2 });
    // DuckDB itself never writes a name twice: write CASE_IX, then rename it in the footer (same length)
    const q = join(dir, 'twice.parquet');
    await db.write((w) =>
      w.run(`copy (select 'PQ-1' as case_id, 'PQ-2' as "CASE_IX", 'pekanbaru' as office) to '${q}' (format parquet)`),
    );
    writeFileSync(q, Buffer.from(readFileSync(q).toString('latin1').replaceAll('CASE_IX', 'CASE_ID'), 'latin1'));
    const err = await loadFile(db, { kind: 'events', path: q }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({
      file: 'twice.parquet',
      line: 1,
      field: 'case_id',
      reason: expect.stringMatching(/lebih dari sekali/),
    });
  });
});
