import type { Database, Session } from '../db/index.js';
import { complaintMonthly, resolutionRows, type ComplaintMonthly, type ResolutionRow } from '../complaints/index.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { inBoth, type Lang } from '../i18n/index.js';
import { calendarCoverage, coverageWarnings } from '../calendar/index.js';
import { addMonths, MONTH_PATTERN } from '../vocabulary.js';
import {
  latestCases,
  lettersDueByService,
  lettersDueIn,
  officerPeriod,
  reportOffice,
  servicePeriod,
  skm,
  ikmSummaries,
  steps as readSteps,
  trend as readTrend,
  type SkmSummary,
  type SkmUnsur,
  type LatestCase,
  type LetterDueIn,
  type LettersDueByService,
  type Period,
  type ServicePeriod,
} from '../read/index.js';

/**
 * Everything the monthly report prints for one office and month, read through the read model
 * (src/read/) and the complaint register's reads: the figures the pages and the API show —
 * services and totals (GET /api/sla/summary), steps (Tahapan), trend (Tren), officers (GET
 * /api/sla/officers), the letters due (Ringkasan), the IKM (SKM) — and the report's own office
 * header and latest cases (queries/read/). This module holds no SQL: it only shapes the rows.
 *
 * The report's as-of is the office's latest loaded transition (SPEC §2.3 point 8, the as-of of
 * the stored tables), or the end of the month in the office's time zone when the office has no
 * transition at all. The month's own figures (cases that became ready in it, visits handed on in
 * it, work open at its end, its complaints and survey) do not move once the month has closed;
 * what is "as of" — the products waiting for collection, the status of the latest cases — is the
 * state at that instant, printed on the cover. Recomputing every stage as of the month's end
 * instead (`computeAsOf`) was measured at 17–23 s for one office of a 1M-event database, far
 * over the 3 s target, so the stored tables are read. Regenerating after new data are loaded
 * gives a new as-of and so a new file; the same data give the same bytes.
 */
type Reader = Pick<Session, 'all' | 'one'>;

export interface OfficeInfo {
  office: string;
  name: string;
  timezone: string;
  day_minutes: number;
  complaint_target: number;
}

export interface ServiceRow {
  service: string;
  name: string;
  quota_min: number | null;
  ready: number;
  within: number;
  within_pct: number | null;
  median_min: number | null;
  p90_min: number | null;
  prev_median_min: number | null;
}

export interface StepRow {
  service: string;
  step: string;
  name: string | null;
  clock: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  quota_min: number | null;
  within_quota_pct: number | null;
  excess_min_total: number | null;
  over_min_total: number | null;
  /** The month's bottleneck of its service (SPEC §2.3.9; src/sla/bottleneck.ts). */
  bottleneck: boolean;
}

export interface TrendRow {
  month: string;
  submitted: number;
  ready: number;
  within_quota_pct: number | null;
  median_elapsed_days: number | null;
}

export type CaseRow = LatestCase;

export interface OfficerRow {
  role: string;
  officer: string;
  name: string | null;
  visits: number;
  median_handling_min: number | null;
  p90_handling_min: number | null;
  within_quota_pct: number | null;
  breaches: number;
  open_visits: number;
}

export type UncollectedRow = LetterDueIn;

export type UncollectedServiceRow = LettersDueByService;

export interface ServiceIkmRow {
  service: string;
  ikm_converted_rounded: number;
  grade: string;
}

export interface Totals {
  ready: number;
  within: number;
  within_pct: number | null;
}

export interface ReportData {
  office: OfficeInfo;
  month: string; // YYYY-MM
  prevMonth: string;
  asOf: Date;
  /** The as-of instant as exact text (microseconds), for `computeAsOf` and the record. */
  asOfText: string;
  /** Why the month's figures are provisional (its year lacks a holiday list or Ramadan hours); empty when final. */
  provisional: string[];
  totals: Totals;
  prevTotals: Totals;
  services: ServiceRow[];
  steps: StepRow[];
  trend: TrendRow[];
  latest: CaseRow[];
  submitted: number;
  officers: OfficerRow[];
  uncollectedByService: UncollectedServiceRow[];
  uncollected: UncollectedRow[];
  complaints: ComplaintMonthly;
  prevComplaintsYtdRate: number | null;
  /** complaint_resolution overall rows of the year up to the month (chart) */
  complaintYear: ResolutionRow[];
  /** the SKM page's figures of the month and the month before (read/ skm) */
  ikm: SkmSummary | null;
  prevIkm: SkmSummary | null;
  unsur: SkmUnsur[];
  serviceFollowUps: ServiceIkmRow[];
}

export function checkMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new BadRequestError(inBoth('month_format', { month }));
}

interface AsOf {
  office: OfficeInfo;
  asOf: Date;
  asOfText: string;
}

/** The office and the report's as-of instant (see the module comment). */
async function reportAsOf(db: Reader, office: string, month: string): Promise<AsOf> {
  checkMonth(month);
  const row = await reportOffice(db, office, `${addMonths(month, 1)}-01`);
  if (!row) throw new NotFoundError(inBoth('office_not_in_catalogue', { office }));
  const { as_of, as_of_text, ...info } = row;
  return { office: info, asOf: as_of, asOfText: as_of_text };
}

/** Code-unit order of two texts (as SQL's binary collation orders codes). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reads the report's figures from the stored tables. */
export async function readReportData(
  db: Database,
  office: string,
  month: string,
  lang: Lang = 'id',
): Promise<ReportData> {
  return gather(db, await reportAsOf(db, office, month), month, lang);
}

async function gather(r: Reader, a: AsOf, month: string, lang: Lang): Promise<ReportData> {
  const office = a.office.office;
  const prevMonth = addMonths(month, -1);
  const from = `${month}-01`;
  const to = `${addMonths(month, 1)}-01`;
  const pfrom = `${prevMonth}-01`;
  const scope = { office, service: null, timezone: a.office.timezone };

  // the case figures of the month and the one before, per service and for the office: the read
  // model's (the API's /api/sla/summary reads the same)
  const [cur, prev] = await Promise.all([
    servicePeriod(r, { office }, { from, to }),
    servicePeriod(r, { office }, { from: pfrom, to: from }),
  ]);
  const totalsOf = (x: ServicePeriod): Totals => {
    const t = x.totals[0];
    return { ready: t?.ready ?? 0, within: t?.within_quota ?? 0, within_pct: t?.within_quota_pct ?? null };
  };
  const prevMedian = new Map(prev.services.map((x) => [x.service, x.median_elapsed_min]));
  const services: ServiceRow[] = cur.services.map((x) => ({
    service: x.service!,
    name: x.name ?? x.service!,
    quota_min: x.quota_min,
    ready: x.ready,
    within: x.within_quota,
    within_pct: x.within_quota_pct,
    median_min: x.median_elapsed_min,
    p90_min: x.p90_elapsed_min,
    prev_median_min: prevMedian.get(x.service) ?? null,
  }));

  // the Tahapan page's figures of the month (its bottleneck marks too)
  const monthPeriod: Period = { kind: 'month', from, to, ikmType: 'month', ikmPeriod: month };
  const steps: StepRow[] = (await readSteps(r, scope, monthPeriod)).map((x) => ({
    service: x.service,
    step: x.step,
    name: x.step_name,
    clock: x.clock,
    visits: x.visits,
    median_handling_min: x.median_handling_min,
    p90_handling_min: x.p90_handling_min,
    quota_min: x.quota_min,
    within_quota_pct: x.within_quota_pct,
    excess_min_total: x.excess_min_total,
    over_min_total: x.over_min_total,
    bottleneck: x.bottleneck,
  }));

  // the Tren page's twelve months up to this one: cases submitted, and of the cases that became
  // ready, the share within quota and the median working days
  const trend: TrendRow[] = (
    await readTrend(
      r,
      { office, service: null, timezone: a.office.timezone },
      { from: `${addMonths(month, -11)}-01`, to },
    )
  ).map((x) => ({ ...x, month: x.month.slice(0, 7) }));

  const latest = await latestCases(r, office, { from, to }, 10);
  const submitted = cur.totals[0]?.submitted ?? 0;

  // the API's officers of the month (GET /api/sla/officers): the work handed on in it and open at
  // its end, by role then officer
  const officers: OfficerRow[] = (await officerPeriod(r, { office }, { from, to }))
    .map((x) => ({
      role: x.role ?? '-',
      officer: x.officer,
      name: x.name,
      visits: x.visits,
      median_handling_min: x.median_handling_min,
      p90_handling_min: x.p90_handling_min,
      within_quota_pct: x.within_quota_pct,
      breaches: x.breaches,
      open_visits: x.open_visits,
    }))
    .sort((x, y) => cmp(x.role, y.role) || cmp(x.officer, y.officer));

  // the Ringkasan's products waiting whose Jaminan Pelayanan letter fell due by the month's end:
  // counted per service; listed one by one for the letters that fell due in the month (earlier
  // ones were listed in earlier reports, and a list of every waiting product grows without bound)
  const uncollectedByService = await lettersDueByService(r, { office }, { from, to });
  const uncollected = await lettersDueIn(r, { office }, { from, to });

  // the SKM page's figures of the month and the month before; the services to follow up (the
  // API's GET /api/ikm?service=each)
  const ikmOf = async (m: Period): Promise<{ ikm: SkmSummary | null; unsur: SkmUnsur[] }> => {
    const x = await skm(r, scope, m);
    return { ikm: x?.summary ?? null, unsur: x?.unsur ?? [] };
  };
  const prevPeriod: Period = { kind: 'month', from: pfrom, to: from, ikmType: 'month', ikmPeriod: prevMonth };
  const [ikm, prevIkm] = [await ikmOf(monthPeriod), await ikmOf(prevPeriod)];
  const serviceFollowUps: ServiceIkmRow[] = (
    await ikmSummaries(r, { office, service: 'each', period_type: 'month', period: month })
  )
    .filter((x) => x.follow_up)
    .map((x) => ({ service: x.service!, ikm_converted_rounded: x.ikm_converted_rounded, grade: x.grade }));

  return {
    office: a.office,
    month,
    prevMonth,
    asOf: a.asOf,
    asOfText: a.asOfText,
    provisional: (await calendarCoverage(r, office)).flatMap((c) =>
      coverageWarnings(c, lang, Number(month.slice(0, 4))),
    ),
    totals: totalsOf(cur),
    prevTotals: totalsOf(prev),
    services,
    steps,
    trend,
    latest,
    submitted,
    officers,
    uncollectedByService,
    uncollected,
    complaints: await complaintMonthly(r, office, month, lang),
    prevComplaintsYtdRate:
      (await resolutionRows(r, { office, year: Number(prevMonth.slice(0, 4)) })).find((x) =>
        x.month.startsWith(prevMonth),
      )?.ytd_rate ?? null,
    complaintYear: (await resolutionRows(r, { office, year: Number(month.slice(0, 4)) })).filter(
      (x) => x.month.slice(0, 7) <= month,
    ),
    ikm: ikm.ikm,
    prevIkm: prevIkm.ikm,
    unsur: ikm.unsur,
    serviceFollowUps,
  };
}
