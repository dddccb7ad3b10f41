import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Helpers of the report tests: the demo data of sample-data/ loaded the way an operator loads it,
 * and the PDF read back with poppler (pdftotext, pdfinfo, pdffonts, pdfimages, pdftoppm).
 */

export { demoDb } from '../helpers.js';

function withFile<T>(pdf: Buffer, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sla-report-test-'));
  try {
    const path = join(dir, 'r.pdf');
    writeFileSync(path, pdf);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page (pdftotext -layout), in order. */
export function pdfPages(pdf: Buffer): string[] {
  const text = withFile(pdf, (p) => execFileSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' }));
  const pages = text.split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return pages;
}

/** pdfinfo's fields. */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = withFile(pdf, (p) => execFileSync('pdfinfo', ['-isodates', p], { encoding: 'utf8' }));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** Rows of pdffonts: name, type, embedded. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  const out = withFile(pdf, (p) => execFileSync('pdffonts', [p], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      return { name: cols[0]!, embedded: cols.at(-5) === 'yes' };
    });
}

/** Number of raster images in the file (pdfimages -list). */
export function pdfImageCount(pdf: Buffer): number {
  const out = withFile(pdf, (p) => execFileSync('pdfimages', ['-list', p], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim()).length;
}

/**
 * Per page, the share of pixels that are not white, from a 30 dpi greyscale rendering
 * (pdftoppm -gray writes binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel).
 */
export function pageInk(pdf: Buffer): number[] {
  return withFile(pdf, (p, dir) => {
    execFileSync('pdftoppm', ['-gray', '-r', '30', p, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => {
        const buf = readFileSync(join(dir, f));
        const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 40).toString('latin1'));
        if (!header) throw new Error(`${f}: not a binary PGM`);
        const [w, h] = [Number(header[1]), Number(header[2])];
        const pixels = buf.subarray(header[0].length);
        expectLength(pixels.length, w * h);
        let ink = 0;
        for (const v of pixels) if (v < 200) ink++;
        return ink / (w * h);
      });
  });
}

function expectLength(actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`PGM has ${actual} pixels, expected ${expected}`);
}

const formats = new Map<number, Intl.NumberFormat>();
/** id-ID number with exactly d decimals, written independently of src/report/format.ts. */
export function id(x: number, d = 0): string {
  let f = formats.get(d);
  if (!f) formats.set(d, (f = new Intl.NumberFormat('id-ID', { minimumFractionDigits: d, maximumFractionDigits: d })));
  return f.format(x);
}

/** The lines of the pages with runs of spaces collapsed: `SIKTG Surat Izin … 26 17 65,4%`. */
export function lines(pages: string[]): string[] {
  return pages.flatMap((p) => p.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')));
}
