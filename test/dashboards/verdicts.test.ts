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
  return Object.fromEntries(
    (r.json().tiles as Array<{ id: string; value: number | null; verdict: { met: boolean; text: string } | null }>).map(
      (t) => [t.id, t],
    ),
  );
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
    const r = (
      await app.inject({ method: 'GET', url: '/api/dash/ringkasan?office=pekanbaru&period=month&month=2026-10' })
    ).json();
    const ikm = r.tiles.find((x: { id: string }) => x.id === 'ikm');
    const row = await db.one<{ respondents: number; required_sample: number | null; sample_adequate: boolean | null }>(
      "select respondents, required_sample, sample_adequate from ikm_summary where office = 'pekanbaru' and service is null and period_type = 'month' and period = '2026-10'",
    );
    expect(row).toBeDefined();
    expect(ikm.note).toContain('periode Oktober 2026');
    // the demo's October 2026 at Pekanbaru: fewer respondents than the sample its population needs
    expect(row!.sample_adequate).toBe(false);
    expect(ikm.note).toContain(
      `sampel belum memadai (${row!.respondents} dari minimal ${row!.required_sample}, Krejcie–Morgan)`,
    );
  });

  it('follows the office setting within_quota_target of the catalogue', async () => {
    const before = (await tiles('office=pekanbaru&period=year&year=2025')).within_quota_pct!;
    const file = join(dir, 'target.yaml');
    writeFileSync(
      file,
      'offices:\n  - office: pekanbaru\n    name: DPMPTSP Kota Pekanbaru\n    timezone: Asia/Jakarta\n    within_quota_target: 0.5\n',
    );
    await loadConfigFile(db, 'catalogue', file);
    const after = (await tiles('office=pekanbaru&period=year&year=2025')).within_quota_pct!;
    expect(after.value).toBe(before.value);
    expect(after.verdict).toEqual(judge({ kind: 'pct', value: before.value!, target: 50 }, 'id'));
    expect(after.verdict!.text).toContain('target 50,0%');
    // in English too
    expect((await tiles('office=pekanbaru&period=year&year=2025&lang=en')).within_quota_pct!.verdict!.text).toMatch(
      /^(met|not met)/,
    );
  });
});

describe('Ringkasan verdicts: one office-month with every target met, one with every target missed', () => {
  const judged = ['within_quota_pct', 'overdue_now', 'complaint_ytd_rate', 'ikm'];
  beforeAll(async () => {
    await loadFile(db, { kind: 'complaints', path: repoPath('sample-data/complaints.csv') });
  });

  it('Rokan Hilir, May 2026: every judged tile met, in words, against its own target', async () => {
    // the demo's Rokan Hilir in May 2026: every case ready within quota, none overdue at the
    // month's end, complaints resolved above 75% year to date, IKM above grade B (76,61)
    const t = await tiles('office=rokan-hilir&period=month&month=2026-05');
    for (const id of judged) {
      expect(t[id]!.value, id).not.toBeNull();
      expect(t[id]!.verdict!.met, id).toBe(true);
      expect(t[id]!.verdict!.text, id).toMatch(/^tercapai \(/);
    }
    expect(t.within_quota_pct!.verdict).toEqual(
      judge({ kind: 'pct', value: t.within_quota_pct!.value!, target: 90 }, 'id'),
    );
    expect(t.overdue_now!.verdict!.text).toBe('tercapai (tidak ada yang lewat batas)');
    expect(t.complaint_ytd_rate!.verdict).toEqual(
      judge({ kind: 'ratio', value: t.complaint_ytd_rate!.value!, target: 0.75 }, 'id'),
    );
    expect(t.ikm!.verdict).toEqual(judge({ kind: 'ikm', value: t.ikm!.value! }, 'id'));
  });

  it('Pekanbaru, May 2026 with a complaint target of 99% and thirty more respondents answering 2: every judged tile missed', async () => {
    // the demo's 20 respondents of May 2026 (IKM 82,89) and 30 more answering 2 ("kurang baik")
    // to every element: NRR per element at most (20 · 4 + 30 · 2) / 50 = 2,8, IKM ≤ 70 < 76,61
    const lines = [
      'response_id,office,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,case_id,gender,age,education,occupation,comment',
    ];
    for (let i = 1; i <= 30; i++)
      lines.push(
        `SKM-PKU-LOW-${String(i).padStart(3, '0')},pekanbaru,SIKTG,2026-05-${String(4 + (i % 20)).padStart(2, '0')}T10:00:00+07:00,2,2,2,2,2,2,2,2,2,,P,40,S1,Lainnya,`,
      );
    const surveys = join(dir, 'low-surveys.csv');
    writeFileSync(surveys, `${lines.join('\n')}\n`);
    await loadFile(db, { kind: 'surveys', path: surveys });
    const file = join(dir, 'strict.yaml');
    writeFileSync(
      file,
      'offices:\n  - office: pekanbaru\n    name: DPMPTSP Kota Pekanbaru\n    timezone: Asia/Jakarta\n    within_quota_target: 0.9\n    complaint_target: 0.99\n',
    );
    await loadConfigFile(db, 'catalogue', file);
    const t = await tiles('office=pekanbaru&period=month&month=2026-05');
    for (const id of judged) {
      expect(t[id]!.value, id).not.toBeNull();
      expect(t[id]!.verdict!.met, id).toBe(false);
      expect(t[id]!.verdict!.text, id).toMatch(/^belum tercapai: /);
    }
    expect(t.ikm!.value!).toBeLessThanOrEqual(70);
    expect(t.ikm!.verdict).toEqual(judge({ kind: 'ikm', value: t.ikm!.value! }, 'id'));
    expect(t.complaint_ytd_rate!.verdict!.text).toContain('target 99,0%');
    expect(t.overdue_now!.verdict!.text).toBe(
      `belum tercapai: ${t.overdue_now!.value} berkas lewat batas waktu (target 0)`,
    );
    expect(t.within_quota_pct!.verdict!.text).toContain('target 90,0%');
    // in English too
    const en = await tiles('office=pekanbaru&period=month&month=2026-05&lang=en');
    for (const id of judged) expect(en[id]!.verdict!.text, id).toMatch(/^not met: /);
  });
});
