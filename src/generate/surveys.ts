import { Rng } from './rng.js';
import { MIN, Calendar } from './calendar.js';
import { type OfficeDef, type Catalogue } from './catalogue.js';
import { csvRow, ChunkWriter } from './writer.js';
import { type CaseRec } from './cases.js';

// ---------------------------------------------------------------------------------------------
// Surveys (SKM)
// ---------------------------------------------------------------------------------------------

/** score distributions P(1..4) */
export const D_A = [0.01, 0.04, 0.34, 0.61]; // ≈3.55
export const D_BH = [0.01, 0.06, 0.45, 0.48]; // ≈3.40
export const D_B = [0.02, 0.07, 0.5, 0.41]; // ≈3.30
export const D_U3 = [0.02, 0.1, 0.54, 0.34]; // ≈3.20
// ≈2.96 before the lateness penalty, ≈2.85 after (Pekanbaru: waiting time graded C)
export const D_U3_SLOW = [0.04, 0.2, 0.52, 0.24];
export const ELEMENTS_DEFAULT = [D_B, D_B, D_U3, D_A, D_BH, D_BH, D_BH, D_B, D_B];
export const ELEMENTS_BY_OFFICE: Readonly<Record<string, number[][]>> = {
  pekanbaru: [D_B, D_B, D_U3_SLOW, D_A, D_BH, D_BH, D_B, D_B, D_B],
  'lampung-selatan': [D_BH, D_B, D_U3, D_A, D_A, D_BH, D_A, D_B, D_BH],
  'rokan-hilir': [D_B, D_B, D_U3, D_A, D_BH, D_B, D_BH, D_B, D_B],
};
export const EDUCATION = ['SD', 'SMP', 'SMA', 'D3', 'S1', 'S2', 'S3'];
export const EDUCATION_W = [2, 4, 28, 22, 34, 8, 2];
export const OCCUPATION = ['PNS', 'TNI/Polri', 'Swasta', 'Wiraswasta', 'Pelajar/Mahasiswa', 'Lainnya'];
export const OCCUPATION_W = [14, 3, 38, 25, 8, 12];
export const COMMENTS_GOOD = [
  'Pelayanan cepat dan ramah',
  'Petugas sangat membantu, terima kasih',
  'Prosesnya mudah dan tidak dipungut biaya',
  'Sudah bagus, pertahankan',
  'Informasi persyaratan jelas',
];
export const COMMENTS_BAD = [
  'Proses tanda tangan terlalu lama',
  'Mohon ada pemberitahuan jika izin sudah selesai',
  'Ruang tunggu panas, mohon AC diperbaiki',
  'Waktu penyelesaian tidak sesuai standar pelayanan',
  'Antrean lama, loket yang buka hanya satu',
  'Petugas kurang menjelaskan kekurangan berkas',
];

export function writeSurveys(
  w: ChunkWriter,
  seed: number,
  cat: Catalogue,
  cal: Calendar,
  months: Array<{ y: number; m: number; d0: number; d1: number }>,
  cases: CaseRec[],
  rangeStart: number,
  rangeEnd: number,
): number {
  const rng = new Rng(seed, 'surveys');
  interface Resp {
    office: OfficeDef;
    service: string;
    t: number;
    caseId: string;
    late: boolean;
  }
  const resp: Resp[] = [];
  const byTime = [...cases].sort((a, b) => a.t0 - b.t0 || (a.id < b.id ? -1 : 1));
  for (const c of byTime) {
    const o = c.out;
    if (o.cancelled || o.readyAt < 0 || o.readyAt >= rangeEnd) continue;
    if (rng.next() >= 0.7) continue;
    let t: number;
    if (o.electronic) t = cal.addWorking(o.readyAt, Math.round(rng.logn(240, 1.2) * MIN));
    else if (o.collectedAt >= 0) t = cal.addWorking(o.collectedAt, rng.int(60, 900));
    else continue;
    if (t >= rangeEnd) continue;
    resp.push({ office: c.svc.office, service: c.svc.code, t, caseId: c.id, late: o.late });
  }
  // some walk-in responses not linked to a case
  for (const od of cat.offices) {
    const svcs = cat.services.filter((s) => s.office === od);
    if (svcs.length === 0) continue;
    for (const mo of months) {
      const days = cal.workingDaysIn(mo.d0, mo.d1);
      if (days.length === 0) continue;
      const n = rng.int(0, 3);
      for (let i = 0; i < n; i++) {
        const t = cal.timeOnDay(rng.pick(days), rng.next());
        if (t < rangeStart || t >= rangeEnd) continue;
        resp.push({ office: od, service: rng.pick(svcs).code, t, caseId: '', late: false });
      }
    }
  }
  resp.sort(
    (a, b) => a.office.index - b.office.index || a.t - b.t || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0),
  );
  const seq = new Map<string, number>();
  for (const r of resp) {
    const y = cal.iso(r.t).slice(0, 4);
    const key = r.office.code + '/' + y;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    const dists = ELEMENTS_BY_OFFICE[r.office.code] ?? ELEMENTS_DEFAULT;
    const scores: string[] = [];
    let sum = 0;
    let cnt = 0;
    for (let u = 0; u < 9; u++) {
      let v = rng.weighted(dists[u] as number[]) + 1;
      if (r.late && (u === 2 ? rng.next() < 0.5 : (u === 1 || u === 7) && rng.next() < 0.15)) v = Math.max(1, v - 1);
      if (rng.next() < 0.02) scores.push('');
      else {
        scores.push(String(v));
        sum += v;
        cnt++;
      }
    }
    const mean = cnt ? sum / cnt : 3;
    let comment = '';
    if (rng.next() < 0.15) comment = mean < 3 || r.late ? rng.pick(COMMENTS_BAD) : rng.pick(COMMENTS_GOOD);
    const age = Math.min(70, Math.max(18, Math.round(36 + 10 * rng.normal())));
    w.add(
      csvRow([
        `SKM-${r.office.prefix}-${y}-${String(n).padStart(5, '0')}`,
        r.office.code,
        r.service,
        cal.iso(r.t) + r.office.offset,
        ...scores,
        r.caseId,
        rng.next() < 0.48 ? 'L' : 'P',
        String(age),
        EDUCATION[rng.weighted(EDUCATION_W)] as string,
        OCCUPATION[rng.weighted(OCCUPATION_W)] as string,
        comment,
      ]),
    );
  }
  return resp.length;
}

// ---------------------------------------------------------------------------------------------
// generateEventsFile() — benchmark log
// ---------------------------------------------------------------------------------------------
