/**
 * Memory of an auditor result is bounded by configuration, not by the result (#23): POST /api/sql
 * on a listening service in a child process (test/memory/child.ts), the body read and dropped as
 * it arrives, the child's peak resident set asserted under a bound. Measured on this code and on
 * the code before #23, for 500.000 rows of ~99 bytes in CSV (49.388.895 bytes: the header "i,s"
 * and CRLF, then per row its number, a comma, 90 × "x" and CRLF):
 *   before +~500 MB (the rows as DuckDB values, as JSON values and as CSV text, all at once),
 *   now +~35 MB on Node 20 (one chunk of 2048 rows; the CSV written to a file, then streamed),
 *   and +~185–220 MB on Node 24 for the same run (also with --max-semi-space-size=16; at 2M rows
 *   +281 MB against +87 MB on Node 20: not analysed yet, see the note of session 10).
 * The bound, 350 MB, holds on both lines and still fails the code before #23 (+~500 MB).
 */
import { describe, expect, it } from 'vitest';
import { child } from './run.js';

describe('auditor SQL: a large result is streamed', () => {
  it('500.000 rows, 49 MB of CSV under a 1 GB byte limit: all sent, within +350 MB, logged as sent', async () => {
    // bytes: "i,s\r\n" = 5; rows 0–9: 1 digit, 10–99: 2, …, 100.000–499.999: 6; each + 1 + 90 + 2
    const digits = 10 * 1 + 90 * 2 + 900 * 3 + 9_000 * 4 + 90_000 * 5 + 400_000 * 6;
    const bytes = 5 + digits + 500_000 * 93;
    expect(bytes).toBe(49_388_895);
    const r = await child('sql', 'csv', String(1 << 30), "select i, repeat('x', 90) as s from range(500000) t(i)");
    expect(r.answer).toEqual({
      status: 200,
      bytes,
      rowCount: '500000',
      truncated: 'false',
      truncatedBy: null,
      audit: [{ outcome: 'ok', rows_returned: 500_000, bytes_returned: bytes, truncated: null }],
    });
    expect(r.peak - r.before).toBeLessThan(350);
  });
});
