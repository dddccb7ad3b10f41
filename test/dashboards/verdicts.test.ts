import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { judge } from '../../src/dashboards/verdict.js';
import { loadConfigFile } from '../../src/ingest/batches.js';
import { openDemoEventsDb } from '../helpers.js';

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
