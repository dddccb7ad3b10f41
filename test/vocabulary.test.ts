import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { EVENT_KINDS, STAGES } from '../src/ingest/kinds.js';
import { openTestDb } from './helpers.js';

/**
 * The words of the domain are listed once on each side: the TypeScript lists (src/ingest/kinds.ts)
 * and the SQL macros of queries/_macros.sql that order them must name the same words.
 */
let db: Database;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db?.close());

describe('one vocabulary', () => {
  it('event_kind_rank orders every event kind of the loader: resubmit … collect, cancel last (SPEC §2.3.1)', async () => {
    const ranks = [];
    for (const k of EVENT_KINDS) ranks.push({ k, r: (await db.one<{ r: number }>('select event_kind_rank($k)::int as r', { k }))!.r });
    const byRank = [...ranks].sort((a, b) => a.r - b.r).map((x) => `${x.r} ${x.k}`);
    expect(byRank).toEqual(['1 resubmit', '2 start', '3 complete', '4 return', '5 notify', '6 collect', '7 cancel']);
  });

  it('complaint_stage_rank follows the register stages in their order', async () => {
    for (const [i, stage] of STAGES.entries()) {
      expect((await db.one<{ r: number }>('select complaint_stage_rank($s)::int as r', { s: stage }))!.r, stage).toBe(i + 1);
    }
    expect((await db.one<{ r: number | null }>("select complaint_stage_rank('tidak_ada')::int as r"))!.r).toBeNull();
  });
});
