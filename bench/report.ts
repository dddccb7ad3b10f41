/**
 * Monthly report timing (issue #9; target < 3 s for one office-month): a database of N generated
 * events; for the office with the most cases, the report of its busiest month and of the month
 * before its latest data, split into reading the figures (SQL on the stored views) and rendering
 * (pdfkit, charts). Baseline in the same run: the report of a month without data (cover, empty
 * sections, sign-off: the fixed cost of pdfkit, fonts and layout). For comparison, the cost of
 * recomputing every SLA stage of that office as of the month's end (`computeAsOf`, the
 * alternative as-of the report does not use). Each report is timed three times; the median is
 * printed. `--db PATH` measures an existing database instead (e.g. one of bench/build-db.ts).
 */
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/store/open.js';
import { readReportData } from '../src/report/data.js';
import { renderReport } from '../src/report/render.js';
import { withSla } from '../src/sla/read.js';

export async function benchReport(
  freshDb: (name: string) => Promise<Database>,
  eventsFile: (name: string, events: number, seed: number, from: string) => Promise<string>,
  load: (db: Database, path: string) => Promise<{ total: number }>,
  events: number,
  existing?: string,
): Promise<void> {
  let db: Database;
  let loaded = { total: 0 };
  if (existing) db = await openDatabase(existing);
  else {
    const file = await eventsFile(`report-${events}`, events, 5, '2025-01');
    db = await freshDb(`report-${events}`);
    loaded = await load(db, file);
  }
  const office = (await db.one<{ office: string; cases: number }>(
    'select office, count(*) as cases from case_sla group by 1 order by 2 desc limit 1',
  ))!;
  const totals = (await db.one<{ cases: number; events: number }>(
    'select (select count(*) from case_sla) as cases, (select count(*) from events) as events',
  ))!;
  // the office's busiest month, and the month before its last one
  const months = (await db.one<{ last: string; earlier: string }>(
    `select
       (select strftime(timezone(o.timezone, c.submitted_at), '%Y-%m') as m from case_sla c join offices o using (office)
        where c.office = $office group by m order by count(*) desc, m limit 1) as last,
       (select strftime(max(timezone(o.timezone, e."at")) - interval 1 month, '%Y-%m') from events e join offices o using (office) where e.office = $office) as earlier`,
    { office: office.office },
  ))!;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const median = async (month: string) => {
    const runs: { data: number; render: number; pages: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const data = await readReportData(db, office.office, month);
      const t1 = performance.now();
      const r = await renderReport(data, { lang: 'id' });
      runs.push({ data: t1 - t0, render: performance.now() - t1, pages: r.pages });
    }
    runs.sort((a, b) => a.data + a.render - (b.data + b.render));
    return runs[1]!;
  };
  const line = (label: string, r: { data: number; render: number; pages: number }, base?: number) =>
    console.log(
      `   ${label.padEnd(34)} ${s(r.data + r.render)}  (figures ${s(r.data)}, PDF ${s(r.render)}, ${r.pages} pages${base ? `; ratio ${((r.data + r.render) / base).toFixed(2)}` : ''}; target < 3 s)`,
    );
  const empty = await median('2019-01');
  const last = await median(months.last);
  const earlier = await median(months.earlier);
  const monthCases = (await db.one<{ n: number }>(
    `select count(*) as n from case_sla c join offices o using (office) where c.office = $office and strftime(timezone(o.timezone, c.submitted_at), '%Y-%m') = $m`,
    { office: office.office, m: months.last },
  ))!.n;
  // (skipped on an existing database: minutes at 1M cases)
  let tAsOf = NaN;
  if (!existing) {
    const t0 = performance.now();
    await withSla(db, `${months.last}-28`, office.office, (x) => x.one('select 1'));
    tAsOf = performance.now() - t0;
  }
  console.log(
    `\nR. monthly report over ${totals.events.toLocaleString('en')} events, ${totals.cases.toLocaleString('en')} cases (${existing ? existing : `loaded in ${s(loaded.total)}`})`,
  );
  console.log(
    `   office ${office.office}: ${office.cases.toLocaleString('en')} cases, ${monthCases.toLocaleString('en')} submitted in ${months.last}`,
  );
  line('baseline: a month without data', empty);
  const base = empty.data + empty.render;
  line(`${months.last}`, last, base);
  line(`${months.earlier}`, earlier, base);
  if (!existing)
    console.log(`   (not used) every SLA stage of the office recomputed as of a past instant: ${s(tAsOf)}`);
  db.close();
}
