/**
 * scanFile (src/ingest/lines.ts): the record count and the physical line of every record, which
 * every error message names, against a byte-by-byte reference over random CSV and JSON Lines
 * text (quoted fields spanning lines, doubled quotes, blank and whitespace-only lines, CRLF),
 * read in chunks of every size so that each case meets a chunk boundary, with few checkpoints so
 * that the lines are found again by reading from one across many chunks.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../src/ingest/lines.js';
import { propertySeed } from '../property.js';

const SEED = propertySeed('ingest/lines.test.ts', 20261207);
const dir = mkdtempSync(join(tmpdir(), 'sla-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference: one byte at a time; the start line of every record (header included). */
function reference(text: Buffer, csv: boolean): number[] {
  const starts: number[] = [];
  let line = 1;
  let recordStart = 1;
  let inQuotes = false;
  let content = false;
  for (const b of text) {
    if (b === 10) {
      line++;
      if (!inQuotes) {
        if (content) starts.push(recordStart);
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
  if (content) starts.push(recordStart);
  return starts;
}

// lines made of a few kinds of pieces, so that quotes, blanks and newlines meet often
const piece = fc.constantFrom('a', 'b,c', '"', '""', '"x\ny"', ' ', '\t', '\r', '\n', '\r\n', '\n\n', ' \n', 'é');
const text = fc.array(piece, { maxLength: 60 }).map((ps) => Buffer.from(`h1,h2\n${ps.join('')}`, 'utf8'));

/** `checkpoints`: how many the scan may keep (few: records are found again across many chunks). */
async function check(buf: Buffer, csv: boolean, chunk: number, checkpoints?: number) {
  const path = join(dir, `f-${createHash('md5').update(buf).digest('hex')}-${csv}.txt`);
  writeFileSync(path, buf);
  const scan = await scanFile(path, csv, chunk, true, checkpoints);
  const starts = reference(buf, csv);
  const offset = csv ? 1 : 0;
  expect(scan.records).toBe(Math.max(0, starts.length - offset));
  const all = Array.from({ length: scan.records + 1 }, (_, i) => i + 1);
  // the session is for XES only
  const places = await scan.places(all, undefined as never);
  for (let r = 1; r <= scan.records; r++) expect(places.lineOf(r)).toBe(starts[r - 1 + offset]);
  expect(places.lineOf(scan.records + 1)).toBeUndefined();
  // one record asked alone is found the same
  if (scan.records > 0)
    expect((await scan.places([scan.records], undefined as never)).lineOf(scan.records)).toBe(
      starts[scan.records - 1 + offset],
    );
  expect(scan.sha).toBe(createHash('sha256').update(buf).digest('hex'));
}

describe('scanFile', () => {
  it('counts records and their lines as a byte-by-byte reader does, whatever the chunk size', async () => {
    // cases fast-check once found: a blank line just before a chunk of plain lines (JSON Lines)
    await check(Buffer.from('h1,h2\n \na \n'), false, 6);
    await check(Buffer.from('h1,h2\n\n\na\n'), false, 7);
    await check(Buffer.from('h1,h2\né\n\na\n'), false, 3);
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.boolean(),
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 1, max: 6 }),
        async (buf, csv, chunk, checkpoints) => check(buf, csv, chunk, checkpoints),
      ),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('a long file of plain lines with a quoted field now and then, in 1 MB and 7-byte chunks', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      i % 997 === 0 ? `C${i},"note, with comma\non two lines"` : i % 1_501 === 0 ? '' : `C${i},plain`,
    );
    const buf = Buffer.from(`case_id,note\n${rows.join('\n')}\n`);
    await check(buf, true, 1 << 20);
    await check(buf, true, 7);
    await check(buf, false, 4096);
    // 64-byte chunks (~4.000 of them) and 5 checkpoints: each stretch is read again from its checkpoint
    await check(buf, true, 64, 5);
  });
});
