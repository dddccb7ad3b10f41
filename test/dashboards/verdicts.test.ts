import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { judge } from '../../src/dashboards/verdict.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { loadFile } from '../../src/ingest/load.js';
import { openDemoEventsDb, repoPath } from '../helpers.js';

/**
 * Ringkasan judges each tile against its target (issue #25 §1) over the demo's events: the share
 * within quota against the office's setting, cases overdue now against zero. The words for given
 * numbers are hand-computed in verdict.test.ts; here: which target each tile is judged against,
 * that the judgement is that of the value shown, and that the office setting moves it.
 */
let db: Database;
let app: FastifyInstance;
let dir: string;
beforeAll(async () => {
  db = await openDemoEventsDb();
  await loadFile(db, { kind: 'surveys', path: repoPath('sample-data/surveys.csv') });
  app = await buildApp({ db });
  dir = mkdtempSync(join(tmpdir(), 'sla-verdicts-'));
});
afterAll(async () => {
  await app?.close();
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tiles = async (q: string) => {
  const r = await app.inject({ method: 'GET', url: `/api/dash/ringkasan?${q}` });
  expect(r.statusCode).toBe(200);
  return Object.fromEntries((r.json().tiles as Array<{ id: string; value: number | null; verdict: { met: boolean; text: string } | null }>).map((t) => [t.id, t]));
};

describe('Ringkasan verdicts', () => {
  it('the share within quota against 90% by default, overdue against zero, the median without a target', async () => {
    const t = await tiles('office=pekanbaru&period=year&year=2025');
    const within = t.within_quota_pct!;
    expect(within.value).not.toBeNull();
    expect(within.verdict).toEqual(judge({ kind: 'pct', value: within.value!, target: 90 }, 'id'));
    expect(within.verdict!.text).toContain('target 90,0%');
    expect(t.overdue_now!.verdict).toEqual(judge({ kind: 'zero', value: t.overdue_now!.value! }, 'id'));
    expect(t.median_elapsed_days!.verdict).toBeNull();
  });

  it('the IKM tile names the period it pools, and a sample below Krejcie–Morgan', async () => {
    const r = (await app.inject({ method: 'GET', url: '/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-10' })).json();
    const ikm = r.tiles.find((x: { id: string }) => x.id === 'ikm');
    const row = await db.one<{ respondents: number; required_sample: number | null; sample_adequate: boolean | null }>(
      "select respondents, required_sample, sample_adequate from ikm_summary where office = 'pekanbaru' and service is null and period_type = 'month' and period = '2026-10'",
    );
    expect(row).toBeDefined();
    expect(ikm.note).toContain('periode Oktober 2026');
    // the demo's October 2026 at Pekanbaru: fewer respondents than the sample its population needs
    expect(row!.sample_adequate).toBe(false);
    expect(ikm.note).toContain(`sampel belum memadai (${row!.respondents} dari minimal ${row!.required_sample}, Krejcie–Morgan)`);
  });

  it('follows the office setting within_quota_target of the catalogue', async () => {
    const before = (await tiles('office=pekanbaru&period=year&year=2025')).within_quota_pct!;
    const file = join(dir, 'target.yaml');
    writeFileSync(file, 'offices:\n  - office: pekanbaru\n    name: DPMPTSP Kota Pekanbaru\n    timezone: Asia/Jakarta\n    within_quota_target: 0.5\n');
    await loadConfigFile(db, 'catalogue', file);
    const after = (await tiles('office=pekanbaru&period=year&year=2025')).within_quota_pct!;
    expect(after.value).toBe(before.value);
    expect(after.verdict).toEqual(judge({ kind: 'pct', value: before.value!, target: 50 }, 'id'));
    expect(after.verdict!.text).toContain('target 50,0%');
    // in English too
    expect((await tiles('office=pekanbaru&period=year&year=2025&lang=en')).within_quota_pct!.verdict!.text).toMatch(/^(met|not met)/);
  });
});
