import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../src/demo.js';
import { openDatabase } from '../src/store/open.js';
import { fixture, repoPath } from './helpers.js';

/*
 * `buildDemo` (what `sla demo` and a first `sla serve` run) over a small sample folder: the shipped
 * catalogue, officers, calendar and holidays, and 4 events (case CLI-1) in place of the demo's
 * 22 600, no complaints or surveys file. What the whole sample data give is what every test over
 * `demoDb()` reads (test/helpers.ts: the same files loaded the same way).
 */

const tmp = mkdtempSync(join(tmpdir(), 'sla-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sample = join(tmp, 'sample');
const db = join(tmp, 'out', 'demo.duckdb');

const batches = async () => {
  const d = await openDatabase(db);
  try {
    return (
      await d.all<{ kind: string; file: string; status: string; rows: number | null }>(
        'select kind, file_name as file, status, rows_accepted as rows from ingest_batches order by batch_id',
      )
    ).map((b) => ({ ...b, file: basename(b.file) }));
  } finally {
    d.close();
  }
};

describe('buildDemo', () => {
  it('loads the catalogue and calendar files first, then the rows, one batch each, skipping a missing file; replaces the file whole', async () => {
    mkdirSync(sample);
    for (const f of ['catalogue.yaml', 'officers.yaml', 'calendar.yaml', 'holidays-id-2024-2026.csv'])
      copyFileSync(repoPath(`sample-data/${f}`), join(sample, f));
    copyFileSync(fixture('api/cli-events-good.csv'), join(sample, 'events.csv'));
    // what a build cut off left: an old file where the database goes, a half-built one beside it
    mkdirSync(join(tmp, 'out'));
    for (const f of [db, `${db}.wal`, `${db}.building`, `${db}.building.wal`]) writeFileSync(f, 'not a database');
    const log: string[] = [];
    await buildDemo(db, sample, (l) => log.push(l));
    expect(log).toHaveLength(5);
    expect(log[4]).toContain('4 baris dimuat');
    expect(await batches()).toMatchObject([
      { kind: 'catalogue', file: 'catalogue.yaml', status: 'committed' },
      { kind: 'catalogue', file: 'officers.yaml', status: 'committed' },
      { kind: 'calendar', file: 'calendar.yaml', status: 'committed' },
      { kind: 'calendar', file: 'holidays-id-2024-2026.csv', status: 'committed' },
      { kind: 'events', file: 'events.csv', status: 'committed', rows: 4 },
    ]);
    // built beside the target and renamed over it: nothing else is left in the folder
    expect(readdirSync(join(tmp, 'out'))).toEqual(['demo.duckdb']);
  });
});
