import { EVENT_KINDS } from '../ingest/index.js';
import { DEFAULT_DAY_MINUTES } from '../vocabulary.js';
import { Rng } from './rng.js';
import { DAY, MIN, Calendar } from './calendar.js';
import { CL_OFFICE, CL_APPLICANT, CL_EXTERNAL, type Officer, type StepDef, type ServiceDef } from './catalogue.js';

// Case simulation
// ---------------------------------------------------------------------------------------------

export const K_START = 0;
export const K_COMPLETE = 1;
export const K_RETURN = 2;
export const K_RESUBMIT = 3;
export const K_NOTIFY = 4;
export const K_CANCEL = 6;
/** Kinds by number (K_NOTIFY, K_CANCEL): the loader's list, in its order. */
export const KIND_NAMES = EVENT_KINDS;

export const P_RETURN = 0.08;
export const P_RETURN_AGAIN = 0.12;
export const P_REWORK = 0.03;
export const P_CANCEL = 0.01;
export const P_OVERTIME = 0.4; // of completions that would otherwise spill into the next working day
export const P_UNCOLLECTED = 0.04;
export const P_SKIP_OPTIONAL = 0.4;

export const RETURN_NOTES = [
  'Berkas tidak lengkap: STR belum dilegalisir',
  'Berkas tidak lengkap: fotokopi ijazah, KTP belum dilampirkan',
  'Surat rekomendasi organisasi profesi belum ada',
  'Pas foto tidak sesuai ketentuan',
  'Data pada formulir tidak sesuai dengan KTP',
  'Surat keterangan sehat sudah kedaluwarsa',
];
export const NOTE_CANCEL = 'Dibatalkan atas permintaan pemohon';
export const NOTE_NOTIFY = 'Pemberitahuan izin selesai via WhatsApp';

export interface Sink {
  ev(step: string, kind: number, t: number, officer: string, note: string): void;
}

export interface Outcome {
  readyAt: number; // -1 when not reached
  collectedAt: number; // -1 when not collected (or no collection)
  lastAt: number;
  cancelled: boolean;
  late: boolean;
  electronic: boolean;
}

export class Simulator {
  private t = 0;
  private officeSecs = 0;
  private monthIdx = 0;

  constructor(
    private readonly cal: Calendar,
    private readonly rng: Rng,
  ) {}

  private officer(st: StepDef): Officer {
    const list = st.officers;
    if (list.length === 0) return { id: '', name: '', role: st.actor, office: '', speed: 1 };
    return list.length === 1 ? (list[0] as Officer) : (list[Math.floor(this.rng.next() * list.length)] as Officer);
  }

  private queueSecs(svc: ServiceDef, idx: number, st: StepDef): number {
    const rng = this.rng;
    let min: number;
    if (st.clock === CL_EXTERNAL) min = rng.logn(60, 0.8);
    else if (st.isKadis) {
      // the signature tray: hours to days, worse at month end, slowly growing over the range
      const dom = this.cal.dayOfMonth(Math.floor(this.t / DAY));
      const monthEnd = dom >= 22 ? 2.3 : dom >= 15 ? 1.3 : 1;
      const trend = 1 + 0.04 * Math.min(this.monthIdx, 24);
      min = rng.logn(140 * monthEnd * trend, 1.0);
    } else if (idx === svc.firstOfficeIdx) min = st.actor === 'Front Office' ? rng.logn(8, 0.8) : rng.logn(100, 0.9);
    else if (st.actor === 'Back Office') min = rng.logn(25, 0.9);
    else min = rng.logn(35, 1.0);
    return Math.max(30, Math.round(min * MIN));
  }

  private handlingSecs(st: StepDef, off: Officer): number {
    const rng = this.rng;
    let min: number;
    if (st.clock === CL_EXTERNAL) {
      min = DEFAULT_DAY_MINUTES * (0.9 + 4 * Math.pow(rng.next(), 1.6)); // 1–5 working days
    } else if (st.isKadis) {
      min = rng.logn(45, 1.1) * off.speed;
    } else if (st.quotaMin !== null) {
      const f = st.actor === 'Front Office' ? 0.55 : st.actor === 'Back Office' ? 0.6 : 0.5;
      min = rng.logn(st.quotaMin * f, 0.6) * off.speed;
    } else {
      const med =
        st.actor === 'Front Office' ? 15 : st.actor === 'Back Office' ? 40 : st.actor.startsWith('Kepala') ? 30 : 30;
      min = rng.logn(med, 0.8) * off.speed;
    }
    return Math.max(45, Math.round(min * MIN));
  }

  /** One visit of an office/external step. Returns false when the case was cancelled there. */
  private visit(
    svc: ServiceDef,
    idx: number,
    sink: Sink,
    allowReturn: boolean,
    cancelHere: boolean,
    note: string,
  ): boolean {
    const st = svc.steps[idx] as StepDef;
    const cal = this.cal;
    const rng = this.rng;
    let returns = 0;
    for (;;) {
      const q = this.queueSecs(svc, idx, st);
      const start = cal.addWorking(this.t, q);
      const off = this.officer(st);
      sink.ev(st.code, K_START, start, off.id, note);
      note = '';
      const h = this.handlingSecs(st, off);
      if (cancelHere) {
        const end = cal.addWorking(start, Math.max(60, Math.round(h / 2)));
        sink.ev(st.code, K_CANCEL, end, off.id, NOTE_CANCEL);
        this.t = end;
        return false;
      }
      if (allowReturn && returns < 2 && rng.next() < (returns === 0 ? P_RETURN : P_RETURN_AGAIN)) {
        const end = cal.addWorking(start, h);
        sink.ev(st.code, K_RETURN, end, off.id, rng.pick(RETURN_NOTES));
        returns++;
        const day = cal.workingDayAfter(Math.floor(end / DAY), rng.int(1, 10));
        const back = cal.timeOnDay(day, rng.next() * 0.8);
        sink.ev(st.code, K_RESUBMIT, back, '', '');
        this.t = back;
        continue;
      }
      let end = cal.addWorking(start, h);
      const sd = Math.floor(start / DAY);
      if (st.clock === CL_OFFICE && Math.floor(end / DAY) !== sd && rng.next() < P_OVERTIME) {
        end = sd * DAY + cal.closeSec(sd) + rng.int(120, 3480);
      }
      sink.ev(st.code, K_COMPLETE, end, off.id, '');
      this.officeSecs += q + h;
      this.t = end;
      return true;
    }
  }

  run(svc: ServiceDef, t0: number, monthIdx: number, sink: Sink, out: Outcome): void {
    const cal = this.cal;
    const rng = this.rng;
    const steps = svc.steps;
    this.t = t0;
    this.officeSecs = 0;
    this.monthIdx = monthIdx;
    out.readyAt = -1;
    out.collectedAt = -1;
    out.cancelled = false;
    out.late = false;
    out.electronic = !svc.hasCollection;

    let cancelIdx = -1;
    if (rng.next() < P_CANCEL && svc.officeIdxs.length > 0) cancelIdx = rng.pick(svc.officeIdxs);
    let reworkLater = -1;
    let reworkEarlier = -1;
    if (rng.next() < P_REWORK && svc.officeIdxs.length >= 2) {
      const k = 1 + Math.floor(rng.next() * (svc.officeIdxs.length - 1));
      reworkLater = svc.officeIdxs[k] as number;
      reworkEarlier = svc.officeIdxs[k - 1] as number;
    }

    let first = true;
    for (let i = 0; i <= svc.readyIdx; i++) {
      const st = steps[i] as StepDef;
      if (st.optional && rng.next() < P_SKIP_OPTIONAL) continue;
      if (st.clock === CL_APPLICANT) {
        if (!first) this.t = cal.addWorking(this.t, Math.max(30, Math.round(rng.logn(15, 1.6) * MIN)));
        sink.ev(st.code, K_COMPLETE, this.t, '', '');
        first = false;
        continue;
      }
      first = false;
      if (!this.visit(svc, i, sink, i === svc.firstOfficeIdx, i === cancelIdx, '')) {
        out.cancelled = true;
        out.lastAt = this.t;
        return;
      }
      if (i === reworkLater) {
        const back = (steps[reworkLater] as StepDef).actor;
        this.visit(svc, reworkEarlier, sink, false, false, `Perbaikan: dikembalikan oleh ${back}`);
        this.visit(svc, reworkLater, sink, false, false, '');
      }
    }
    out.readyAt = this.t;
    out.late = svc.quotaMin !== null && this.officeSecs / 60 > svc.quotaMin;

    const ready = steps[svc.readyIdx] as StepDef;
    if (svc.readyIdx + 1 >= steps.length) {
      out.lastAt = this.t;
      return;
    }
    if (!svc.hasCollection) {
      // electronic product: post-ready office steps (e.g. the SMS notice) right after
      for (let i = svc.readyIdx + 1; i < steps.length; i++) {
        const st = steps[i] as StepDef;
        if (st.clock === CL_APPLICANT) continue;
        const start = cal.addWorking(this.t, rng.int(60, 1200));
        const off = this.officer(st);
        sink.ev(st.code, K_START, start, off.id, '');
        const end = cal.addWorking(start, rng.int(30, 300));
        sink.ev(st.code, K_COMPLETE, end, off.id, '');
        this.t = end;
      }
      out.lastAt = this.t;
      return;
    }
    if (svc.office.notify) {
      const n = cal.addWorking(this.t, rng.int(60, 1800));
      const desk = svc.desk.length ? (rng.pick(svc.desk) as Officer).id : '';
      sink.ev(ready.code, K_NOTIFY, n, desk, NOTE_NOTIFY);
      this.t = n;
    }
    if (rng.next() < P_UNCOLLECTED) {
      out.lastAt = this.t;
      return;
    }
    // the applicant comes back 0–20 working days later
    const days = Math.floor(21 * Math.pow(rng.next(), 2.5));
    let c: number;
    if (days === 0) c = cal.addWorking(this.t, Math.round(rng.logn(90, 0.8) * MIN));
    else c = cal.timeOnDay(cal.workingDayAfter(Math.floor(this.t / DAY), days), rng.next() * 0.95);
    let firstPost = true;
    for (let i = svc.readyIdx + 1; i < steps.length; i++) {
      const st = steps[i] as StepDef;
      if (st.clock === CL_APPLICANT) {
        c = firstPost ? cal.addWorking(c, rng.int(60, 600)) : cal.addWorking(c, rng.int(20, 180));
        sink.ev(st.code, K_COMPLETE, c, '', '');
      } else {
        const start = cal.addWorking(c, rng.int(60, 600));
        const off = this.officer(st);
        sink.ev(st.code, K_START, start, off.id, '');
        const end = cal.addWorking(start, this.handlingSecs(st, off));
        sink.ev(st.code, K_COMPLETE, end, off.id, '');
        c = end;
      }
      firstPost = false;
    }
    this.t = c;
    out.collectedAt = c;
    out.lastAt = c;
  }
}

/** Arrival instants of `n` cases in working days `days` (mostly mornings), sorted. */
export function arrivals(cal: Calendar, days: number[], n: number, rng: Rng): number[] {
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const d = days[Math.floor(rng.next() * days.length)] as number;
    const [a1, b1, a2, b2] = cal.sched(d);
    let s: number;
    if (rng.next() < 0.72) s = a1 + Math.floor(Math.pow(rng.next(), 1.3) * (b1 - a1 - 600));
    else s = a2 + Math.floor(rng.next() * (b2 - a2 - 1800));
    out[i] = d * DAY + s;
  }
  out.sort((a, b) => a - b);
  return out;
}

export function monthCount(base: number, workDays: number, rng: Rng): number {
  const v = base * (workDays / 21) * (0.85 + 0.3 * rng.next());
  return Math.max(0, Math.round(v));
}

// ---------------------------------------------------------------------------------------------
// generate()
// ---------------------------------------------------------------------------------------------

export interface CaseRec {
  id: string;
  svc: ServiceDef;
  t0: number;
  kinds: number[];
  steps: string[];
  ts: number[];
  officers: string[];
  notes: string[];
  out: Outcome;
}

export class CollectSink implements Sink {
  rec: CaseRec | undefined;
  ev(step: string, kind: number, t: number, officer: string, note: string): void {
    const r = this.rec as CaseRec;
    r.steps.push(step);
    r.kinds.push(kind);
    r.ts.push(t);
    r.officers.push(officer);
    r.notes.push(note);
  }
}

export function newOutcome(): Outcome {
  return { readyAt: -1, collectedAt: -1, lastAt: -1, cancelled: false, late: false, electronic: false };
}
