/**
 * What the auditor sandbox exposes: an allow-list of relations of the public schema (SPEC §3),
 * in this order. Anything not listed (complainant identities, the internal `sla_*` stages and
 * scopes, migrations, report records…) is not copied into the sandbox and so cannot be read.
 * Relations missing from a database are skipped, so the list may name relations that a later
 * version adds.
 */
export interface ExposedRelation {
  name: string;
  kind: 'base table' | 'derived view';
  grain: string;
  description: string;
  /**
   * Only these columns are copied, where the table holds personal data (absent: all columns).
   * A column added later to such a table stays hidden until it is listed here.
   */
  columns?: readonly string[];
  /** How an auditor limited to some offices sees the rows (absent: rows of those offices). */
  scope?: 'office_or_national' | 'batches_of_offices' | 'own_queries';
}

/** Columns of `complaints` an auditor sees: everything but the complainant's identity (UU 27/2022). */
const COMPLAINT_COLUMNS = [
  'office',
  'complaint_id',
  'complainant', // pseudonym, when the database has it
  'received_at',
  'channel',
  'category',
  'subject',
  'service',
  'case_id',
  'stage',
  'stage_at',
  'responded_at',
  'resolved_at',
  'resolution',
  'handled_by',
  'batch_id',
] as const;

export const EXPOSED: readonly ExposedRelation[] = [
  { name: 'offices', kind: 'base table', grain: 'office', description: 'Offices (DPMPTSP): name, time zone, nominal working day (minutes), complaint target (ratio 0–1).' },
  { name: 'services', kind: 'base table', grain: 'office × service × SOP version', description: 'Services of the SOP catalogue with their quota as written and in working minutes, fee, ready step.' },
  { name: 'sop_steps', kind: 'base table', grain: 'service version × step', description: 'SOP steps: order, actor, clock (office/applicant/external), quota in working minutes, optional.' },
  { name: 'officers', kind: 'base table', grain: 'office × officer', description: 'Officers of an office (code, name, role).' },
  { name: 'office_hours', kind: 'base table', grain: 'schedule × weekday × interval', scope: 'office_or_national', description: "Office opening hours per ISO weekday; office '*' = every office without a schedule of its own." },
  { name: 'holidays', kind: 'base table', grain: 'office × date', scope: 'office_or_national', description: "Holidays and collective leave; office '*' = national, kind 'masuk' = a working day." },
  { name: 'working_intervals', kind: 'base table', grain: 'office × working interval', description: 'Working intervals derived from hours and holidays, with the cumulative working minutes before each (the working-time clock).' },
  { name: 'events', kind: 'base table', grain: 'stage transition', description: 'Event log of applications: case, service, step, event (start, complete, return, resubmit, notify, collect, cancel), instant, officer.' },
  { name: 'complaints', kind: 'base table', grain: 'complaint × stage change', columns: COMPLAINT_COLUMNS, description: "Complaint register (pengaduan) with stage history. The complainant's identity is personal data and is not in the sandbox." },
  { name: 'survey_responses', kind: 'base table', grain: 'response', description: 'Satisfaction survey responses (SKM): scores u1…u9 on 1–4 (null = not answered) and anonymous respondent profile.' },
  { name: 'channel_aliases', kind: 'base table', grain: 'office × alias', scope: 'office_or_national', description: "Office names of complaint channels mapped onto the standard channels; office '*' = every office." },
  { name: 'ingest_batches', kind: 'base table', grain: 'load', scope: 'batches_of_offices', description: 'Every load of a file: kind, file, sha256, status (committed, rejected, undone), row counts.' },
  { name: 'query_audit_log', kind: 'base table', grain: 'auditor query', scope: 'own_queries', description: 'Every auditor query (accepted, refused, failed, timed out): who, when, SQL text and sha256, duration (ms), rows returned, outcome, error.' },
  { name: 'office_extent', kind: 'derived view', grain: 'office', description: "Extent of each office's events: first and latest transition (the default as-of instant) and the number of events." },
  { name: 'step_visits', kind: 'derived view', grain: 'case × step × visit', description: 'Each visit of a case to an SOP step, with queue, handling and elapsed working minutes against the step quota.' },
  { name: 'case_sla', kind: 'derived view', grain: 'case', description: 'Each case with its elapsed working minutes against the service quota, status, due instant, bottleneck step, conformance.' },
  { name: 'step_performance', kind: 'derived view', grain: 'office × service × step × month', description: 'Monthly step figures: visits, median and p90 handling minutes, within-quota percentage (0–100), total excess.' },
  { name: 'officer_performance', kind: 'derived view', grain: 'office × officer × month', description: 'Monthly officer figures: visits, median and p90 handling minutes, within-quota percentage (0–100), breaches, open visits.' },
  { name: 'complaint_register', kind: 'derived view', grain: 'complaint', description: "Each complaint as it stands: latest stage, resolution, the complainant's pseudonym, the office's and the legal deadlines and whether they were kept, escalation owner." },
  { name: 'complaint_resolution', kind: 'derived view', grain: 'office × month (overall, per channel, per category)', description: 'Complaints received and resolved per month and year to date, against the office target.' },
  { name: 'complaint_deadlines', kind: 'base table', grain: 'office × category', scope: 'office_or_national', description: "Complaint deadlines per category: the office's own targets (hari kerja) and the legal ceilings of UU 25/2009 (calendar days); office '*' = the default." },
  { name: 'ikm_by_unsur', kind: 'derived view', grain: 'office × service × period × unsur', description: 'Satisfaction per element: respondents, NRR (1–4), weighted NRR, grade.' },
  { name: 'ikm_summary', kind: 'derived view', grain: 'office × service × period', description: 'IKM per service and office: ikm (1–4), converted (25–100), grade, sample adequacy.' },
  { name: 'uncollected_products', kind: 'derived view', grain: 'case', description: 'Products ready but not collected: days waiting, reminder letter due.' },
];

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
