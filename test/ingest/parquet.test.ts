import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { InputError } from '../../src/errors.js';
import { loadFile } from '../../src/ingest/load.js';
import { count, openTestDb, repoPath } from '../helpers.js';

let db: Database;
const dir = mkdtempSync(join(tmpdir(), 'sla-parquet-'));

beforeAll(async () => {
  db = await openTestDb();
  // Parquet files written by DuckDB itself: typed instants (TIMESTAMPTZ) and naive local times
  await db.write(async (w) => {
    await w.run(
      `copy (select * from read_csv('${repoPath('sample-data/surveys.csv')}', all_varchar = true) limit 50) to '${dir}/surveys.parquet' (format parquet)`,
    );
    await w.run(`copy (
        select 'PQ-1' as case_id, 'pekanbaru' as office, 'SIKTG' as service, 'S2' as step, 'start' as event,
          timestamptz '2026-05-29 15:50:00+07' as "at", 'PKU-FO-01' as officer
        union all
        select 'PQ-1', 'pekanbaru', 'SIKTG', 'S2', 'complete', timestamptz '2026-06-02 08:10:00+07', 'PKU-FO-01'
      ) to '${dir}/events.parquet' (format parquet)`);
    // a naive TIMESTAMP is local time of the office (here 08:00 WIB = 01:00Z)
    await w.run(`copy (select 'PQ-2' as case_id, 'pekanbaru' as office, 'SIKTG' as service, 'S1' as step, 'complete' as event,
        timestamp '2026-06-03 08:00:00' as "at") to '${dir}/local.parquet' (format parquet)`);
    await w.run(`copy (select 'PQ-3' as case_id, 'pekanbaru' as office, 'SIKTG' as service, step, 'complete' as event,
        timestamp '2026-06-03 08:00:00' as "at" from (values ('S1'), ('S42')) v(step)) to '${dir}/bad.parquet' (format parquet)`);
  });
});
afterAll(() => db?.close());

describe('Parquet input (same columns as the CSV)', () => {
  it('loads surveys and events, typed instants kept absolute', async () => {
    const s = await loadFile(db, { kind: 'surveys', path: `${dir}/surveys.parquet` });
    expect(s).toMatchObject({ status: 'committed', rowsRead: 50, accepted: 50 });
    const e = await loadFile(db, { kind: 'events', path: `${dir}/events.parquet` });
    expect(e).toMatchObject({ status: 'committed', rowsRead: 2, accepted: 2 });
    // the SPEC §2.3 worked example: Fri 15:50 → Tue 08:10 = 80 working minutes
    const v = await db.one<{ handling_min: number }>(
      "select handling_min from step_visits where case_id = 'PQ-1' and step = 'S2'",
    );
    expect(v!.handling_min).toBe(80);
    // loading it again adds nothing
    expect((await loadFile(db, { kind: 'events', path: `${dir}/events.parquet` })).status).toBe('already_loaded');
  });

  it('a naive timestamp is the office local time', async () => {
    await loadFile(db, { kind: 'events', path: `${dir}/local.parquet` });
    const r = await db.one<{ t: string }>(
      "select strftime(\"at\" at time zone 'UTC', '%Y-%m-%d %H:%M') as t from events where case_id = 'PQ-2'",
    );
    expect(r!.t).toBe('2026-06-03 01:00');
  });

  it('a bad row is reported by its row number and nothing is loaded', async () => {
    const before = await count(db, 'events');
    const err = await loadFile(db, { kind: 'events', path: `${dir}/bad.parquet` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({ file: 'bad.parquet', line: 2, field: 'step' });
    expect(await count(db, 'events')).toBe(before);
  });
});
