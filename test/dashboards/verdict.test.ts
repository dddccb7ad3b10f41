import { describe, expect, it } from 'vitest';
import { judge } from '../../src/dashboards/verdict.js';

describe('the verdict of a Ringkasan tile, in words, from the value as shown', () => {
  it('share within quota against the office setting (default 90%)', () => {
    expect(judge({ kind: 'pct', value: 92.31, target: 90 }, 'id')).toEqual({
      met: true,
      text: 'tercapai (target 90,0%)',
    });
    // 86.8 shown: 90.0 − 86.8 = 3.2 points short
    expect(judge({ kind: 'pct', value: 86.84, target: 90 }, 'id')).toEqual({
      met: false,
      text: 'belum tercapai: kurang 3,2 poin dari target 90,0%',
    });
    expect(judge({ kind: 'pct', value: 86.84, target: 90 }, 'en')).toEqual({
      met: false,
      text: 'not met: 3.2 points short of target 90.0%',
    });
    // 89.96 is shown as 90,0%: met, never "0,0 short"
    expect(judge({ kind: 'pct', value: 89.96, target: 90 }, 'id').met).toBe(true);
    expect(judge({ kind: 'pct', value: 89.94, target: 90 }, 'id')).toEqual({
      met: false,
      text: 'belum tercapai: kurang 0,1 poin dari target 90,0%',
    });
  });

  it('complaints resolved year to date against 75% (Rokan Hilir 2025: 57,9%)', () => {
    // 11 of 19 = 0.578947… shown 57,9%: 75,0 − 57,9 = 17,1 points
    expect(judge({ kind: 'ratio', value: 11 / 19, target: 0.75 }, 'id')).toEqual({
      met: false,
      text: 'belum tercapai: kurang 17,1 poin dari target 75,0%',
    });
    expect(judge({ kind: 'ratio', value: 0.75, target: 0.75 }, 'id')).toEqual({
      met: true,
      text: 'tercapai (target 75,0%)',
    });
  });

  it('IKM against grade B (76,61)', () => {
    expect(judge({ kind: 'ikm', value: 80.02 }, 'id')).toEqual({ met: true, text: 'tercapai (mutu B, 76,61)' });
    // 74.26 shown: 76.61 − 74.26 = 2.35
    expect(judge({ kind: 'ikm', value: 74.256 }, 'id')).toEqual({
      met: false,
      text: 'belum tercapai: kurang 2,35 dari mutu B, 76,61',
    });
    expect(judge({ kind: 'ikm', value: 76.605 }, 'en')).toEqual({ met: true, text: 'met (grade B, 76.61)' });
  });

  it('cases overdue now against zero', () => {
    expect(judge({ kind: 'zero', value: 0 }, 'id')).toEqual({
      met: true,
      text: 'tercapai (tidak ada yang lewat batas)',
    });
    expect(judge({ kind: 'zero', value: 7 }, 'id')).toEqual({
      met: false,
      text: 'belum tercapai: 7 berkas lewat batas waktu (target 0)',
    });
  });
});
