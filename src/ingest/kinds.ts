import type { MessageKey } from '../i18n/index.js';

/**
 * The three kinds of row data (SPEC §2.3–2.5), each described by its columns. One generic SQL
 * builder (staging.ts) turns a description into a set-based validation inside DuckDB.
 */
export type ColumnType =
  'text' | 'office' | 'service' | 'step' | 'enum' | 'timestamp' | 'timestamp_or_date' | 'score' | 'integer';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** Allowed values for 'enum' (after lowercase and spaces → '_'). */
  values?: readonly string[];
  /** Error shown for a value outside `values` (default bad_enum). */
  enumError?: MessageKey;
  /** Table of per-office aliases for an enum (columns office, alias, channel). */
  aliasTable?: string;
  /** Plausible range of an 'integer' (inclusive); a value outside it is refused. */
  range?: readonly [number, number];
}

export interface RowCheck {
  /** SQL condition over staged columns (s.*) that marks an error. */
  when: string;
  field: string;
  code: MessageKey;
  value: string;
}

export interface KindSpec {
  kind: 'events' | 'complaints' | 'surveys';
  table: 'events' | 'complaints' | 'survey_responses';
  columns: ColumnSpec[];
  /** Columns that identify a row; a second row with the same key is the same row. */
  key: string[];
  /** When true, a second row with the same key but other values is an error, not a duplicate. */
  conflictsAreErrors: boolean;
  /** Checks across columns, after each column parsed. */
  checks?: RowCheck[];
  /** Derived values for columns the file may leave empty (SQL over staged columns s.*). */
  defaults?: Record<string, string>;
  /**
   * Personal data (UU 27/2022): columns read and validated like the others but stored apart, in
   * `table` (one row per `id`), and replaced in the main table by a pseudonym column computed by
   * the SQL expression `pseudonym` over the staged row (s.*).
   */
  personal?: { columns: string[]; table: 'complainants'; id: string[]; pseudonymColumn: string; pseudonym: string };
}

/** Columns of a kind stored in its own table (its columns less the personal ones). */
export function storedColumns(spec: KindSpec): string[] {
  const personal = new Set(spec.personal?.columns ?? []);
  return spec.columns.map((c) => c.name).filter((c) => !personal.has(c));
}

export const EVENT_KINDS = ['start', 'complete', 'return', 'resubmit', 'notify', 'collect', 'cancel'] as const;
export const CHANNELS = [
  'surat',
  'kotak_saran',
  'loket',
  'email',
  'website',
  'telepon',
  'sms',
  'whatsapp',
  'tatap_muka',
  'sp4n_lapor',
  'media_sosial',
  'fax',
  'formulir',
] as const;
export const CATEGORIES = ['ringan', 'sedang', 'berat'] as const;
export const STAGES = [
  'diterima',
  'cek_administrasi',
  'survei_lapangan',
  'koordinasi_internal',
  'koordinasi_instansi',
  'selesai',
] as const;

export const eventsSpec: KindSpec = {
  kind: 'events',
  table: 'events',
  columns: [
    { name: 'case_id', type: 'text', required: true },
    { name: 'office', type: 'office', required: true },
    { name: 'service', type: 'service', required: true },
    { name: 'step', type: 'step', required: true },
    { name: 'event', type: 'enum', required: true, values: EVENT_KINDS, enumError: 'unknown_event' },
    { name: 'at', type: 'timestamp', required: true },
    { name: 'officer', type: 'text' },
    { name: 'note', type: 'text' },
  ],
  key: ['office', 'case_id', 'step', 'event', 'at'],
  conflictsAreErrors: false,
};

export const complaintsSpec: KindSpec = {
  kind: 'complaints',
  table: 'complaints',
  columns: [
    { name: 'complaint_id', type: 'text', required: true },
    { name: 'office', type: 'office', required: true },
    { name: 'received_at', type: 'timestamp_or_date', required: true },
    { name: 'channel', type: 'enum', required: true, values: CHANNELS, aliasTable: 'channel_aliases' },
    { name: 'category', type: 'enum', required: true, values: CATEGORIES },
    { name: 'subject', type: 'text' },
    { name: 'service', type: 'service' },
    { name: 'case_id', type: 'text' },
    { name: 'complainant_name', type: 'text' },
    { name: 'complainant_contact', type: 'text' },
    { name: 'stage', type: 'enum', values: STAGES },
    { name: 'stage_at', type: 'timestamp_or_date' },
    { name: 'responded_at', type: 'timestamp_or_date' },
    { name: 'resolved_at', type: 'timestamp_or_date' },
    { name: 'resolution', type: 'text' },
    { name: 'handled_by', type: 'text' },
  ],
  defaults: {
    // A register without a stage column: resolved rows are 'selesai', the rest 'diterima'.
    stage: "case when s.resolved_at is not null then 'selesai' else 'diterima' end",
    stage_at: "case when s.stage = 'selesai' then coalesce(s.resolved_at, s.received_at) else s.received_at end",
  },
  checks: [
    { when: 's.responded_at < s.received_at', field: 'responded_at', code: 'before_received', value: 's.responded_at' },
    { when: 's.resolved_at < s.received_at', field: 'resolved_at', code: 'before_received', value: 's.resolved_at' },
    { when: 's.stage_at < s.received_at', field: 'stage_at', code: 'before_received', value: 's.stage_at' },
  ],
  key: ['office', 'complaint_id', 'stage', 'stage_at'],
  conflictsAreErrors: true,
  personal: {
    columns: ['complainant_name', 'complainant_contact'],
    table: 'complainants',
    id: ['office', 'complaint_id'],
    pseudonymColumn: 'complainant',
    pseudonym: 'complainant_pseudonym(s.office, s.complainant_name, s.complainant_contact)',
  },
};

const scores: ColumnSpec[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ name: `u${i}`, type: 'score' }));

export const surveysSpec: KindSpec = {
  kind: 'surveys',
  table: 'survey_responses',
  columns: [
    { name: 'response_id', type: 'text', required: true },
    { name: 'office', type: 'office', required: true },
    { name: 'service', type: 'service' },
    { name: 'submitted_at', type: 'timestamp_or_date', required: true },
    ...scores,
    { name: 'case_id', type: 'text' },
    { name: 'gender', type: 'text' },
    // a respondent of a public-service survey: a plausible age, not a typo (−5, 300)
    { name: 'age', type: 'integer', range: [10, 120] },
    { name: 'education', type: 'text' },
    { name: 'occupation', type: 'text' },
    { name: 'comment', type: 'text' },
  ],
  checks: [
    // an empty questionnaire is not a response
    {
      when: 'coalesce(s.u1, s.u2, s.u3, s.u4, s.u5, s.u6, s.u7, s.u8, s.u9) is null',
      field: 'u1',
      code: 'no_scores',
      value: 's.response_id',
    },
  ],
  key: ['office', 'response_id'],
  conflictsAreErrors: true,
};

export const kindSpecs = { events: eventsSpec, complaints: complaintsSpec, surveys: surveysSpec } as const;
export type RowKind = keyof typeof kindSpecs;
