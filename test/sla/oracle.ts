import { workInstant, workPos, type Interval } from '../../src/calendar/positions.js';

/**
 * A second implementation of the SLA rules (SPEC §2.3 and the choices written in docs/engine.md, "SLA
 * engine"), in plain TypeScript, one case at a time: a loop over the case's transitions where the
 * SQL of queries/ uses windows, ASOF joins and aggregates. The differential test
 * (oracle.test.ts) runs both over random messy cases and compares every figure. It shares nothing
 * with the SQL but the working-time arithmetic (src/calendar/positions.ts, itself checked against
 * the SQL macros by test/calendar/positions.test.ts).
 */

export type EventKind = 'start' | 'complete' | 'return' | 'resubmit' | 'notify' | 'collect' | 'cancel';

export interface Transition {
  step: string;
  event: EventKind;
  /** instant, microseconds since the epoch */
  at: number;
  officer: string | null;
}

export interface SopStep {
  step: string;
  seq: number;
  clock: 'office' | 'applicant' | 'external';
  quota: number | null;
  optional: boolean;
}

export interface Service {
  readyStep: string;
  quota: number | null;
  steps: SopStep[];
}

export interface OracleVisit {
  step: string;
  visit_no: number;
  officer: string | null;
  arrived_at: number;
  started_at: number | null;
  completed_at: number | null;
  outcome: 'completed' | 'returned' | 'cancelled' | 'open';
  queue_min: number | null;
  handling_min: number;
  elapsed_min: number;
  quota_min: number | null;
  within_quota: boolean | null;
  excess_min: number | null;
  over_min: number | null;
}

export interface OracleCase {
  submitted_at: number;
  ready_at: number | null;
  collected_at: number | null;
  cancelled_at: number | null;
  status: 'in_progress' | 'ready' | 'collected' | 'cancelled';
  elapsed_min: number;
  paused_min: number;
  external_min: number;
  quota_min: number | null;
  due_at: number | null;
  within_quota: boolean | null;
  excess_min: number | null;
  bottleneck_step: string | null;
  returned_count: number;
  rework_count: number;
  conformant: boolean;
}

const KIND_RANK: Record<EventKind, number> = {
  resubmit: 1,
  start: 2,
  complete: 3,
  return: 4,
  notify: 5,
  collect: 6,
  cancel: 7,
};

/** Minutes as the SQL rounds them (10⁻⁶; the test's times are whole minutes, so exact anyway). */
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * SLA order (SPEC §2.3 point 1, revised): instant; a cancel after every other transition of its
 * instant; SOP order of the step (unknown steps last, by code); kind.
 */
export function slaOrder(ts: Transition[], service: Service): Transition[] {
  const seq = (s: string) => service.steps.find((x) => x.step === s)?.seq ?? Infinity;
  const cancel = (t: Transition) => (t.event === 'cancel' ? 1 : 0);
  const bySeq = (a: Transition, b: Transition) => {
    const x = seq(a.step);
    const y = seq(b.step);
    return x === y ? 0 : x < y ? -1 : 1; // Infinity − Infinity would be NaN
  };
  return [...ts].sort(
    (a, b) =>
      a.at - b.at ||
      cancel(a) - cancel(b) ||
      bySeq(a, b) ||
      (a.step < b.step ? -1 : a.step > b.step ? 1 : 0) ||
      KIND_RANK[a.event] - KIND_RANK[b.event],
  );
}

interface RawVisit {
  step: string;
  firstIndex: number;
  starts: Transition[];
  close: Transition | null;
  arrivedAt: number;
  arrivedBy: EventKind | null;
}

/**
 * The figures of one case: its transitions (deduplicated, up to the as-of instant), its service,
 * the office's working intervals and the as-of instant (µs).
 */
export interface OracleIsland {
  s: number;
  e: number;
  running: boolean;
  paused_min: number;
}

export function computeCase(
  input: Transition[],
  service: Service,
  intervals: Interval[],
  asOf: number,
): { visits: OracleVisit[]; case: OracleCase; islands: OracleIsland[] } {
  const ts = slaOrder(
    input.filter((t) => t.at <= asOf),
    service,
  );
  const pos = (t: number) => workPos(intervals, t);
  // a step unknown to the case's SOP version (known to another): ordered last (seq Infinity here,
  // null in SQL), on the office's clock, without quota, and it makes the case non-conformant
  const sop = (s: string): SopStep =>
    service.steps.find((x) => x.step === s) ?? {
      step: s,
      seq: Infinity,
      clock: 'office',
      quota: null,
      optional: false,
    };
  const submittedAt = ts[0]!.at;
  const cancels = ts.filter((t) => t.event === 'cancel');
  const cancelAt = cancels.length ? Math.min(...cancels.map((t) => t.at)) : null;

  // visits: per step, a start opens one unless one is open (then it is the same visit); a
  // complete or return closes the open one, or is a visit of its own with its start unknown
  const visits: RawVisit[] = [];
  const open = new Map<string, RawVisit>();
  let lastHandover: Transition | null = null;
  ts.forEach((t, i) => {
    if (t.event === 'start' || t.event === 'complete' || t.event === 'return') {
      let v = open.get(t.step);
      if (!v) {
        v = {
          step: t.step,
          firstIndex: i,
          starts: [],
          close: null,
          arrivedAt: lastHandover?.at ?? submittedAt,
          arrivedBy: lastHandover?.event ?? null,
        };
        visits.push(v);
      }
      if (t.event === 'start') {
        v.starts.push(t);
        open.set(t.step, v);
      } else {
        v.close = t;
        open.delete(t.step);
      }
    }
    if (t.event === 'complete' || t.event === 'return' || t.event === 'resubmit') lastHandover = t;
  });

  const asOfPos = pos(asOf);
  const perStep = new Map<string, number>();
  const shaped = visits.map((v) => {
    const no = (perStep.get(v.step) ?? 0) + 1;
    perStep.set(v.step, no);
    const startedAt = v.starts[0]?.at ?? null;
    const cancelled = !v.close && cancelAt !== null && startedAt !== null && cancelAt >= startedAt;
    const completedAt = v.close?.at ?? (cancelled ? cancelAt : null);
    const outcome: OracleVisit['outcome'] = v.close
      ? v.close.event === 'complete'
        ? 'completed'
        : 'returned'
      : cancelled
        ? 'cancelled'
        : 'open';
    // the officer of the first start that names one, else of the close
    const officer = v.starts.find((x) => x.officer !== null)?.officer ?? v.close?.officer ?? null;
    return { ...v, no, startedAt, completedAt, outcome, officer, clock: sop(v.step).clock };
  });

  // pauses (SPEC §2.3 point 5), as instants [s, e] with "running" when they end at the as-of
  type Pause = { s: number; e: number; running: boolean };
  const pauses: Pause[] = [];
  ts.forEach((t, i) => {
    if (t.event !== 'return') return;
    const next = ts[i + 1];
    pauses.push({ s: t.at, e: next?.at ?? cancelAt ?? asOf, running: !next && cancelAt === null });
  });
  for (const v of shaped)
    if (v.clock === 'applicant')
      pauses.push({ s: v.arrivedAt, e: v.completedAt ?? asOf, running: v.completedAt === null });
  let readyIndex = -1;
  ts.forEach((t, i) => {
    if (t.event === 'complete' && t.step === service.readyStep) readyIndex = i;
  });
  if (readyIndex >= 0) {
    const back = ts
      .slice(readyIndex + 1)
      .find((t) => t.event === 'start' || t.event === 'complete' || t.event === 'collect');
    pauses.push({ s: ts[readyIndex]!.at, e: back?.at ?? asOf, running: !back });
  }
  // merged into islands, so that no minute counts twice
  const kept = pauses.filter((p) => p.e > p.s || p.running).sort((a, b) => a.s - b.s || a.e - b.e);
  const islands: { s: number; e: number; sPos: number; ePos: number; running: boolean }[] = [];
  for (const p of kept) {
    const last = islands[islands.length - 1];
    if (last && p.s <= last.e) {
      last.e = Math.max(last.e, p.e);
      last.running ||= p.running;
    } else islands.push({ s: p.s, e: p.e, sPos: 0, ePos: 0, running: p.running });
  }
  for (const i of islands) {
    i.sPos = pos(i.s);
    i.ePos = pos(i.e);
  }
  const pausedBefore = (p: number) => islands.reduce((sum, i) => sum + Math.max(0, Math.min(p, i.ePos) - i.sPos), 0);
  const unpaused = (p: number) => p - pausedBefore(p);

  const out: OracleVisit[] = shaped.map((v) => {
    const asIs = v.clock === 'applicant';
    const f = asIs ? (p: number) => p : unpaused;
    const arrived = f(pos(v.arrivedAt));
    const started = v.startedAt === null ? null : f(pos(v.startedAt));
    const end = f(v.completedAt === null ? asOfPos : pos(v.completedAt));
    const handling = r6(end - (started ?? arrived));
    const quota = sop(v.step).quota;
    let within: boolean | null = null;
    if (!asIs && quota !== null && v.outcome !== 'cancelled')
      within = v.outcome === 'open' ? (handling > quota ? false : null) : handling <= quota;
    const queue = started === null ? null : r6(started - arrived);
    return {
      step: v.step,
      visit_no: v.no,
      officer: v.officer,
      arrived_at: v.arrivedAt,
      started_at: v.startedAt,
      completed_at: v.completedAt,
      outcome: v.outcome,
      queue_min: queue,
      handling_min: handling,
      elapsed_min: r6(end - arrived),
      quota_min: quota,
      within_quota: within,
      excess_min: asIs || quota === null ? null : Math.max(0, handling - quota),
      // SPEC §2.3.9: the receiving desk owns the wait for it
      over_min: asIs || quota === null ? null : Math.max(0, (queue ?? 0) + handling - quota),
    };
  });

  // case figures (SPEC §2.3 points 6 and 9)
  const readyAt = readyIndex >= 0 ? ts[readyIndex]!.at : null;
  const collects = ts.filter((t) => t.event === 'collect');
  const lastStep = service.steps[service.steps.length - 1]!;
  const readySeq = sop(service.readyStep).seq;
  const lastStepDone = ts.filter(
    (t) =>
      t.event === 'complete' && t.step === lastStep.step && lastStep.clock === 'applicant' && lastStep.seq > readySeq,
  );
  const collectedAt = collects.length
    ? collects[0]!.at
    : readyAt !== null && lastStepDone.length
      ? lastStepDone[lastStepDone.length - 1]!.at
      : null;
  const status: OracleCase['status'] =
    cancelAt !== null ? 'cancelled' : collectedAt !== null ? 'collected' : readyAt !== null ? 'ready' : 'in_progress';
  const clockEndAt = readyAt ?? cancelAt ?? asOf;
  const submittedPos = pos(submittedAt);
  const clockEndPos = pos(clockEndAt);
  const submittedU = unpaused(submittedPos);
  const elapsed = r6(unpaused(clockEndPos) - submittedU);
  const quota = service.quota;
  // due: the quota counted from submission, plus the pauses that began before the clock stopped
  // and before the quota ran out on the case's own (unpaused) clock, up to the clock's stop
  let dueAt: number | null = null;
  if (quota !== null) {
    let shift = 0;
    let before = 0;
    for (const i of islands) {
      if (i.s < clockEndAt && i.sPos - before < submittedU + quota) shift += Math.min(i.ePos, clockEndPos) - i.sPos;
      before += i.ePos - i.sPos;
    }
    dueAt = workInstant(intervals, submittedU + quota + shift);
  }
  let within: boolean | null = null;
  if (quota !== null && cancelAt === null)
    within = readyAt === null ? (elapsed > quota ? false : null) : elapsed <= quota;

  // bottleneck (SPEC §2.3.9): office and external steps by total over_min, else (none over) by
  // total queue + handling, amounts rounded to 10⁻⁶ minute, ties to the earlier step
  const totals = new Map<string, { seq: number; over: number; busy: number }>();
  for (const v of out) {
    const st = sop(v.step);
    if (st.clock === 'applicant') continue;
    const x = totals.get(v.step) ?? { seq: st.seq, over: 0, busy: 0 };
    x.over += v.over_min ?? 0;
    x.busy += (v.queue_min ?? 0) + v.handling_min;
    totals.set(v.step, x);
  }
  let bottleneck: string | null = null;
  let best: { over: number; busy: number; seq: number; step: string } | null = null;
  for (const [step, t] of totals) {
    const x = { over: r6(t.over), busy: r6(t.busy), seq: t.seq };
    const b = x.over > 0 ? 0 : x.busy;
    const better =
      !best ||
      x.over > best.over ||
      (x.over === best.over &&
        (b > best.busy || (b === best.busy && (x.seq < best.seq || (x.seq === best.seq && step < best.step)))));
    if (better) {
      best = { over: x.over, busy: b, seq: x.seq, step };
      bottleneck = step;
    }
  }

  // conformance: no move forward past a required (office, not optional) step never reached, no
  // move back unless the file came back by a return or a resubmission
  let conformant = true;
  let reached = 0;
  for (const v of shaped) {
    const seq = sop(v.step).seq;
    if (seq === Infinity) {
      conformant = false; // a step unknown to the version; it moves `reached` no further
      continue;
    }
    const skipped = service.steps.some((s) => s.clock === 'office' && !s.optional && s.seq > reached && s.seq < seq);
    const back = seq < reached && v.arrivedBy !== 'return' && v.arrivedBy !== 'resubmit';
    if (skipped || back) conformant = false;
    reached = Math.max(reached, seq);
  }

  return {
    visits: out,
    islands: islands.map((i) => ({ s: i.s, e: i.e, running: i.running, paused_min: r6(i.ePos - i.sPos) })),
    case: {
      submitted_at: submittedAt,
      ready_at: readyAt,
      collected_at: collectedAt,
      cancelled_at: cancelAt,
      status,
      elapsed_min: elapsed,
      paused_min: r6(clockEndPos - submittedPos - (unpaused(clockEndPos) - submittedU)),
      external_min: r6(out.filter((v) => sop(v.step).clock === 'external').reduce((s, v) => s + v.elapsed_min, 0)),
      quota_min: quota,
      due_at: dueAt,
      within_quota: within,
      excess_min: quota === null ? null : Math.max(0, elapsed - quota),
      bottleneck_step: bottleneck,
      returned_count: ts.filter((t) => t.event === 'return').length,
      rework_count: out.filter((v) => v.visit_no > 1).length,
      conformant,
    },
  };
}
