import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { Rng } from './rng.js';
import { DAY, parseMonth, monthStartDay, Calendar, loadHolidays, loadHours } from './calendar.js';
import { type ServiceDef, catalogueOfficerNames, loadCatalogue, serviceGroups, versionAt } from './catalogue.js';
import { csvRow, ChunkWriter } from './writer.js';
import { KIND_NAMES, Simulator, arrivals, monthCount, type CaseRec, CollectSink, newOutcome } from './cases.js';
import { writeComplaints } from './complaints.js';
import { writeSurveys } from './surveys.js';
import {
  type GenerateOptions,
  type GenerateResult,
  DEFAULT_CASES_PER_MONTH,
  EVENTS_HEADER,
  COMPLAINTS_HEADER,
  SURVEYS_HEADER,
  DEFAULT_CALENDAR,
} from './options.js';
import { BadRequestError } from '../errors.js';
import { inBoth } from '../i18n/index.js';

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const from = parseMonth(opts.from);
  const to = parseMonth(opts.to);
  const nMonths = (to.y - from.y) * 12 + (to.m - from.m) + 1;
  if (nMonths < 1) throw new BadRequestError(inBoth('generate_month_order', { to: opts.to, from: opts.from }));
  const scale = opts.scale ?? 1;
  const cat = await loadCatalogue(opts.catalogue, opts.seed);
  const holidays = await loadHolidays(opts.holidays);
  const cal = new Calendar(holidays, loadHours(opts.calendar ?? DEFAULT_CALENDAR), from.y - 1, to.y - from.y + 4);
  const rangeStart = monthStartDay(from.y, from.m) * DAY;
  const rangeEnd = monthStartDay(to.y + (to.m === 12 ? 1 : 0), to.m === 12 ? 1 : to.m + 1) * DAY; // exclusive
  const volumes: Record<string, number> = { ...DEFAULT_CASES_PER_MONTH, ...(opts.casesPerMonth ?? {}) };

  const months: Array<{ y: number; m: number; d0: number; d1: number }> = [];
  for (let i = 0; i < nMonths; i++) {
    const y = from.y + Math.floor((from.m - 1 + i) / 12);
    const m = ((from.m - 1 + i) % 12) + 1;
    const d0 = monthStartDay(y, m);
    const d1 = monthStartDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
    months.push({ y, m, d0, d1 });
  }

  // ---- cases
  const cases: CaseRec[] = [];
  const sink = new CollectSink();
  for (const group of serviceGroups(cat.services)) {
    const head = group[0] as ServiceDef;
    const base = (volumes[head.key] ?? 10) * scale;
    const arrRng = new Rng(opts.seed, 'arrivals:' + head.key);
    const sim = new Simulator(cal, new Rng(opts.seed, 'cases:' + head.key));
    const seq = new Map<number, number>();
    months.forEach((mo, mi) => {
      const days = cal.workingDaysIn(mo.d0, mo.d1);
      if (days.length === 0) return;
      const ts = arrivals(cal, days, monthCount(base, days.length, arrRng), arrRng);
      for (const t0 of ts) {
        const svc = versionAt(group, Math.floor(t0 / DAY));
        const n = (seq.get(mo.y) ?? 0) + 1;
        seq.set(mo.y, n);
        const rec: CaseRec = {
          id: `${svc.office.prefix}-${svc.code}-${mo.y}-${String(n).padStart(6, '0')}`,
          svc,
          t0,
          kinds: [],
          steps: [],
          ts: [],
          officers: [],
          notes: [],
          out: newOutcome(),
        };
        sink.rec = rec;
        sim.run(svc, t0, mi, sink, rec.out);
        // events stop at the end of the range
        let k = rec.ts.length;
        while (k > 0 && (rec.ts[k - 1] as number) >= rangeEnd) k--;
        if (k < rec.ts.length) {
          rec.ts.length = k;
          rec.kinds.length = k;
          rec.steps.length = k;
          rec.officers.length = k;
          rec.notes.length = k;
        }
        cases.push(rec);
      }
    });
  }
  cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  await mkdir(opts.outDir, { recursive: true });
  const files: string[] = [];

  // ---- events
  const fmt = opts.eventsFormat ?? 'csv';
  const evFile = path.join(opts.outDir, fmt === 'jsonl' ? 'events.jsonl' : 'events.csv');
  const ew = new ChunkWriter(evFile);
  if (fmt === 'csv') ew.add(EVENTS_HEADER + '\n');
  let nEvents = 0;
  for (const c of cases) {
    const office = c.svc.office;
    for (let i = 0; i < c.ts.length; i++) {
      const at = cal.iso(c.ts[i] as number) + office.offset;
      const step = c.steps[i] as string;
      const kind = KIND_NAMES[c.kinds[i] as number] as string;
      const officer = c.officers[i] as string;
      const note = c.notes[i] as string;
      if (fmt === 'csv') ew.add(csvRow([c.id, office.code, c.svc.code, step, kind, at, officer, note]));
      else
        ew.add(
          JSON.stringify({
            case_id: c.id,
            office: office.code,
            service: c.svc.code,
            step,
            event: kind,
            at,
            officer: officer || null,
            note: note || null,
          }) + '\n',
        );
      nEvents++;
    }
    if (ew.pending > 1 << 20) await ew.flush();
  }
  await ew.close();
  files.push(evFile);

  // ---- complaints
  const cw = new ChunkWriter(path.join(opts.outDir, 'complaints.csv'));
  cw.add(COMPLAINTS_HEADER + '\n');
  const nComplaints = writeComplaints(cw, opts.seed, cat, cal, months, cases, rangeEnd);
  await cw.close();
  files.push(path.join(opts.outDir, 'complaints.csv'));

  // ---- surveys
  const sw = new ChunkWriter(path.join(opts.outDir, 'surveys.csv'));
  sw.add(SURVEYS_HEADER + '\n');
  const nSurveys = writeSurveys(sw, opts.seed, cat, cal, months, cases, rangeStart, rangeEnd);
  await sw.close();
  files.push(path.join(opts.outDir, 'surveys.csv'));

  // ---- officers
  const ow = new ChunkWriter(path.join(opts.outDir, 'officers.yaml'));
  ow.add('# Demo officers (generated; fake names)\n');
  // an officer the catalogue names (the Sekretaris and Kepala Dinas who sign the reports) keeps
  // the catalogue's name, so the report's officer tables and its sign-off name the same person
  const named = await catalogueOfficerNames(opts.catalogue);
  ow.add(
    stringifyYaml({
      officers: cat.officers.map((o) => ({
        officer: o.id,
        name: named.get(`${o.office}/${o.id}`) ?? o.name,
        role: o.role,
        office: o.office,
      })),
    }),
  );
  await ow.close();
  files.push(path.join(opts.outDir, 'officers.yaml'));

  return { events: nEvents, cases: cases.length, complaints: nComplaints, surveys: nSurveys, files };
}
