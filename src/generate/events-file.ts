import { csvField } from '../csv.js';
import { Rng } from './rng.js';
import { DAY, parseMonth, monthStartDay, Calendar, loadHolidays, loadHours } from './calendar.js';
import { type ServiceDef, loadCatalogue, serviceGroups, versionAt } from './catalogue.js';
import { ChunkWriter } from './writer.js';
import { KIND_NAMES, type Sink, Simulator, arrivals, monthCount, newOutcome } from './cases.js';
import { type GenerateEventsFileOptions, DEFAULT_CASES_PER_MONTH, EVENTS_HEADER, DEFAULT_CALENDAR } from './options.js';

export class BenchSink implements Sink {
  chunk = '';
  rows = 0;
  prefix = '';
  offset = '';
  private readonly notes = new Map<string, string>();

  constructor(private readonly cal: Calendar) {}

  ev(step: string, kind: number, t: number, officer: string, note: string): void {
    let n = note;
    if (n !== '') {
      let q = this.notes.get(note);
      if (q === undefined) {
        q = csvField(note);
        this.notes.set(note, q);
      }
      n = q;
    }
    this.chunk +=
      this.prefix +
      step +
      ',' +
      (KIND_NAMES[kind] as string) +
      ',' +
      this.cal.iso(t) +
      this.offset +
      ',' +
      officer +
      ',' +
      n +
      '\n';
    this.rows++;
  }
}

export async function generateEventsFile(opts: GenerateEventsFileOptions): Promise<{ events: number; cases: number }> {
  const target = Math.max(0, Math.floor(opts.events));
  const from = parseMonth(opts.from ?? '2025-01');
  const cat = await loadCatalogue(opts.catalogue, opts.seed);
  const holidays = await loadHolidays(opts.holidays);
  const groups = serviceGroups(cat.services);
  // volumes scaled so that the log spans about a year
  const perMonthAtScale1 = groups.reduce(
    (n, g) => n + (DEFAULT_CASES_PER_MONTH[(g[0] as ServiceDef).key] ?? 10) * (g[0] as ServiceDef).estEvents,
    0,
  );
  const scale = Math.max(1, target / (12 * perMonthAtScale1));
  const estMonths = Math.ceil(target / (perMonthAtScale1 * scale * 0.8)) + 2;
  const cal = new Calendar(
    holidays,
    loadHours(opts.calendar ?? DEFAULT_CALENDAR),
    from.y - 1,
    Math.ceil(estMonths / 12) + 4,
  );

  const rng = new Rng(opts.seed, 'bench');
  const sim = new Simulator(cal, rng);
  const sink = new BenchSink(cal);
  const out = newOutcome();
  const w = new ChunkWriter(opts.out);
  w.add(EVENTS_HEADER + '\n');
  let cases = 0;
  const seq = new Map<string, number>();
  const FLUSH_ROWS = 65536;
  let sinceFlush = 0;

  for (let mi = 0; sink.rows < target; mi++) {
    const y = from.y + Math.floor((from.m - 1 + mi) / 12);
    const m = ((from.m - 1 + mi) % 12) + 1;
    const d0 = monthStartDay(y, m);
    const d1 = monthStartDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
    const days = cal.workingDaysIn(d0, d1);
    if (days.length === 0) continue;
    // arrivals of all services this month, in time order
    const ts: number[] = [];
    const gi: number[] = [];
    groups.forEach((g, k) => {
      const base = (DEFAULT_CASES_PER_MONTH[(g[0] as ServiceDef).key] ?? 10) * scale;
      const a = arrivals(cal, days, monthCount(base, days.length, rng), rng);
      for (const t of a) {
        ts.push(t);
        gi.push(k);
      }
    });
    const order = ts
      .map((_, i) => i)
      .sort((a, b) => (ts[a] as number) - (ts[b] as number) || (gi[a] as number) - (gi[b] as number));
    for (const i of order) {
      if (sink.rows >= target) break;
      const t0 = ts[i] as number;
      const svc = versionAt(groups[gi[i] as number] as ServiceDef[], Math.floor(t0 / DAY));
      const n = (seq.get(svc.key + y) ?? 0) + 1;
      seq.set(svc.key + y, n);
      sink.prefix = `${svc.office.prefix}-${svc.code}-${y}-${String(n).padStart(6, '0')},${svc.office.code},${svc.code},`;
      sink.offset = svc.office.offset;
      const before = sink.rows;
      sim.run(svc, t0, mi, sink, out);
      cases++;
      sinceFlush += sink.rows - before;
      if (sinceFlush >= FLUSH_ROWS) {
        w.add(sink.chunk);
        sink.chunk = '';
        sinceFlush = 0;
        await w.flush();
      }
    }
  }
  w.add(sink.chunk);
  sink.chunk = '';
  await w.close();
  return { events: sink.rows, cases };
}
