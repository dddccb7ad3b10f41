/**
 * What the auditor sandbox exposes: an allow-list of relations of the public schema (SPEC §3),
 * in this order, described in both languages (the columns: columns.ts). Anything not listed (complainant identities,
 * the internal `sla_*` stages and
 * scopes, migrations, report records…) is not copied into the sandbox and so cannot be read.
 * Relations missing from a database are skipped, so the list may name relations that a later
 * version adds.
 */
/** A text in both languages of the service. */
export interface Bilingual {
  id: string;
  en: string;
}

export interface ExposedRelation {
  name: string;
  kind: 'base table' | 'derived view';
  grain: string;
  description: Bilingual;
  /**
   * Only these columns are copied, where the table holds personal data (absent: all columns).
   * A column added later to such a table stays hidden until it is listed here.
   */
  columns?: readonly string[];
  /**
   * Columns shown under another name, so that no column of the sandbox needs quoting (the
   * service's name → the sandbox's). The definitions of queries/ use the service's names.
   */
  rename?: Readonly<Record<string, string>>;
  /**
   * Columns shown twice: under the public name (SPEC §3, which the definitions of queries/ use)
   * and under a second one that needs no quoting (the service's name → the extra name).
   */
  also?: Readonly<Record<string, string>>;
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
  {
    name: 'offices',
    kind: 'base table',
    grain: 'office',
    description: {
      id: 'Kantor (DPMPTSP): nama, zona waktu, hari kerja nominal (menit), target penyelesaian pengaduan (rasio 0–1).',
      en: 'Offices (DPMPTSP): name, time zone, nominal working day (minutes), complaint target (ratio 0–1).',
    },
  },
  {
    name: 'services',
    kind: 'base table',
    grain: 'office × service × SOP version',
    description: {
      id: 'Layanan katalog SOP dengan standar waktu sebagaimana tertulis dan dalam menit kerja, biaya, tahap siap.',
      en: 'Services of the SOP catalogue with their quota as written and in working minutes, fee, ready step.',
    },
  },
  {
    name: 'sop_steps',
    kind: 'base table',
    grain: 'service version × step',
    description: {
      id: 'Tahap SOP: urutan, pelaksana, jam yang berjalan (kantor/pemohon/instansi lain), standar waktu dalam menit kerja, opsional.',
      en: 'SOP steps: order, actor, clock (office/applicant/external), quota in working minutes, optional.',
    },
  },
  {
    name: 'officers',
    kind: 'base table',
    grain: 'office × officer',
    description: { id: 'Petugas kantor (kode, nama, peran).', en: 'Officers of an office (code, name, role).' },
  },
  {
    name: 'office_hours',
    kind: 'base table',
    grain: 'schedule × weekday × interval',
    scope: 'office_or_national',
    description: {
      id: "Jam layanan kantor per hari ISO; kantor '*' = setiap kantor tanpa jadwal sendiri.",
      en: "Office opening hours per ISO weekday; office '*' = every office without a schedule of its own.",
    },
  },
  {
    name: 'holidays',
    kind: 'base table',
    grain: 'office × date',
    scope: 'office_or_national',
    description: {
      id: "Hari libur dan cuti bersama; kantor '*' = nasional, jenis 'masuk' = hari kerja.",
      en: "Holidays and collective leave; office '*' = national, kind 'masuk' = a working day.",
    },
  },
  {
    name: 'working_intervals',
    kind: 'base table',
    grain: 'office × working interval',
    description: {
      id: 'Interval kerja yang diturunkan dari jam layanan dan hari libur, dengan menit kerja kumulatif sebelum masing-masing (jam waktu kerja).',
      en: 'Working intervals derived from hours and holidays, with the cumulative working minutes before each (the working-time clock).',
    },
  },
  {
    name: 'events',
    kind: 'base table',
    grain: 'stage transition',
    also: { at: 'event_at' },
    description: {
      id: 'Log kejadian permohonan: berkas, layanan, tahap, kejadian (start, complete, return, resubmit, notify, collect, cancel), waktu (event_at), petugas.',
      en: 'Event log of applications: case, service, step, event (start, complete, return, resubmit, notify, collect, cancel), instant (event_at), officer.',
    },
  },
  {
    name: 'complaints',
    kind: 'base table',
    grain: 'complaint × stage change',
    columns: COMPLAINT_COLUMNS,
    description: {
      id: 'Register pengaduan dengan riwayat tahapnya. Identitas pengadu adalah data pribadi dan tidak ada di sandbox.',
      en: "Complaint register (pengaduan) with stage history. The complainant's identity is personal data and is not in the sandbox.",
    },
  },
  {
    name: 'survey_responses',
    kind: 'base table',
    grain: 'response',
    description: {
      id: 'Jawaban survei kepuasan masyarakat (SKM): nilai u1…u9 skala 1–4 (null = tidak dijawab) dan profil responden tanpa nama.',
      en: 'Satisfaction survey responses (SKM): scores u1…u9 on 1–4 (null = not answered) and anonymous respondent profile.',
    },
  },
  {
    name: 'channel_aliases',
    kind: 'base table',
    grain: 'office × alias',
    scope: 'office_or_national',
    description: {
      id: "Nama kanal pengaduan yang dipakai kantor, dipetakan ke kanal baku; kantor '*' = setiap kantor.",
      en: "Office names of complaint channels mapped onto the standard channels; office '*' = every office.",
    },
  },
  {
    name: 'ingest_batches',
    kind: 'base table',
    grain: 'load',
    scope: 'batches_of_offices',
    description: {
      id: 'Setiap pemuatan berkas: jenis, nama berkas (tanpa lokasinya di server), sha256, status (committed, rejected, undone), jumlah baris. Auditor kantor melihat pemuatan yang membawa baris kantornya; dari pemuatan yang juga membawa baris kantor lain hanya jumlah baris kantornya.',
      en: "Every load of a file: kind, file name (not where it lay on the server), sha256, status (committed, rejected, undone), row counts. An office's auditor sees the loads that brought rows of their offices; of a load that also brought other offices' rows, only the count of their own.",
    },
  },
  {
    name: 'query_audit_log',
    kind: 'base table',
    grain: 'auditor query',
    scope: 'own_queries',
    rename: { sql: 'statement' },
    description: {
      id: 'Setiap kueri auditor (diterima, ditolak, gagal, melewati batas waktu): siapa, kapan, teks SQL (statement) dan sha256-nya, durasi (ms), baris yang dikembalikan, hasil, galat.',
      en: 'Every auditor query (accepted, refused, failed, timed out): who, when, SQL text (statement) and its sha256, duration (ms), rows returned, outcome, error.',
    },
  },
  {
    name: 'office_extent',
    kind: 'derived view',
    grain: 'office',
    description: {
      id: 'Rentang kejadian tiap kantor: transisi pertama dan terakhir (waktu acuan bawaan) dan jumlah kejadian.',
      en: "Extent of each office's events: first and latest transition (the default as-of instant) and the number of events.",
    },
  },
  {
    name: 'step_visits',
    kind: 'derived view',
    grain: 'case × step × visit',
    description: {
      id: 'Setiap kunjungan berkas ke suatu tahap SOP, dengan menit kerja antre, penanganan dan berlalu terhadap standar waktu tahap.',
      en: 'Each visit of a case to an SOP step, with queue, handling and elapsed working minutes against the step quota.',
    },
  },
  {
    name: 'case_sla',
    kind: 'derived view',
    grain: 'case',
    description: {
      id: 'Setiap berkas dengan menit kerja yang berlalu terhadap standar waktu layanan, status, batas waktu, tahap hambatan, kesesuaian dengan SOP.',
      en: 'Each case with its elapsed working minutes against the service quota, status, due instant, bottleneck step, conformance.',
    },
  },
  {
    name: 'step_performance',
    kind: 'derived view',
    grain: 'office × service × step × month',
    description: {
      id: 'Angka bulanan per tahap: kunjungan, median dan p90 menit penanganan, persentase tepat waktu (0–100), total kelebihan.',
      en: 'Monthly step figures: visits, median and p90 handling minutes, within-quota percentage (0–100), total excess.',
    },
  },
  {
    name: 'officer_performance',
    kind: 'derived view',
    grain: 'office × officer × month',
    description: {
      id: 'Angka bulanan per petugas: kunjungan, median dan p90 menit penanganan, persentase tepat waktu (0–100), pelanggaran, kunjungan terbuka.',
      en: 'Monthly officer figures: visits, median and p90 handling minutes, within-quota percentage (0–100), breaches, open visits.',
    },
  },
  {
    name: 'complaint_register',
    kind: 'derived view',
    grain: 'complaint',
    description: {
      id: 'Setiap pengaduan sebagaimana keadaannya: tahap terakhir, penyelesaian, pseudonim pengadu, batas waktu kantor dan undang-undang serta apakah dipenuhi, penanggung jawab eskalasi.',
      en: "Each complaint as it stands: latest stage, resolution, the complainant's pseudonym, the office's and the legal deadlines and whether they were kept, escalation owner.",
    },
  },
  {
    name: 'complaint_resolution',
    kind: 'derived view',
    grain: 'office × month (overall, per channel, per category)',
    description: {
      id: 'Pengaduan yang diterima dan diselesaikan per bulan dan sejak awal tahun, terhadap target kantor.',
      en: 'Complaints received and resolved per month and year to date, against the office target.',
    },
  },
  {
    name: 'complaint_deadlines',
    kind: 'base table',
    grain: 'office × category',
    scope: 'office_or_national',
    description: {
      id: "Batas waktu pengaduan per kategori: target kantor sendiri (hari kerja) dan batas UU 25/2009 (hari kalender); kantor '*' = bawaan.",
      en: "Complaint deadlines per category: the office's own targets (hari kerja) and the legal ceilings of UU 25/2009 (calendar days); office '*' = the default.",
    },
  },
  {
    name: 'ikm_by_unsur',
    kind: 'derived view',
    grain: 'office × service × period × unsur',
    description: {
      id: 'Kepuasan per unsur: responden, NRR (1–4), NRR tertimbang, mutu.',
      en: 'Satisfaction per element: respondents, NRR (1–4), weighted NRR, grade.',
    },
  },
  {
    name: 'ikm_summary',
    kind: 'derived view',
    grain: 'office × service × period',
    description: {
      id: 'IKM per layanan dan kantor: ikm (1–4), nilai konversi (25–100), mutu, kecukupan sampel.',
      en: 'IKM per service and office: ikm (1–4), converted (25–100), grade, sample adequacy.',
    },
  },
  {
    name: 'uncollected_products',
    kind: 'derived view',
    grain: 'case',
    description: {
      id: 'Produk yang sudah siap tetapi belum diambil: hari menunggu, jatuh tempo surat pemberitahuan.',
      en: 'Products ready but not collected: days waiting, reminder letter due.',
    },
  },
];

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
