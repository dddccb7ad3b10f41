import type { Bilingual } from './relations.js';

/**
 * What each column of the auditor sandbox holds, in Bahasa Indonesia and English, by relation
 * and by the column's name in the sandbox (GET /api/sql/schema, and the column comments of the
 * sandbox). Units as in docs/data-dictionary.md: *_min are working minutes of the office's calendar, instants
 * are TIMESTAMPTZ, months are the first day of the month in the office's time zone.
 */

const office: Bilingual = { id: 'Kode kantor (DPMPTSP)', en: 'Office code (DPMPTSP)' };
const officeOrAll: Bilingual = {
  id: "Kode kantor; '*' = berlaku bagi setiap kantor",
  en: "Office code; '*' = applies to every office",
};
const service: Bilingual = { id: 'Kode layanan', en: 'Service code' };
const servicePooled: Bilingual = {
  id: 'Kode layanan; null = seluruh layanan kantor digabung',
  en: 'Service code; null = all services of the office pooled',
};
const caseId: Bilingual = {
  id: 'Nomor berkas (permohonan) di kantor',
  en: 'Case (application) number within the office',
};
const step: Bilingual = { id: 'Kode tahap SOP', en: 'SOP step code' };
const officer: Bilingual = { id: 'Kode petugas', en: 'Officer code' };
const month: Bilingual = {
  id: 'Bulan (tanggal pertama, zona waktu kantor)',
  en: 'Month (its first day, office time zone)',
};
const batch: Bilingual = {
  id: 'Pemuatan yang membawa baris ini (ingest_batches.batch_id)',
  en: 'Load that brought this row (ingest_batches.batch_id)',
};
const effectiveFrom: Bilingual = {
  id: 'Berlaku sejak (versi SOP; kosong bila sumber tidak memberi tanggal)',
  en: 'In force from (SOP version; null when the source gives no date)',
};
const versionOfCase: Bilingual = {
  id: 'Versi SOP berkas (effective_from yang berlaku pada tanggal transisi pertamanya)',
  en: 'SOP version of the case (the effective_from in force on the date of its first transition)',
};
const quotaText: Bilingual = {
  id: "Standar waktu sebagaimana tertulis, mis. '2 hari kerja'; null bila tidak ada",
  en: "Quota as written, e.g. '2 hari kerja'; null when none",
};
const quotaMin: Bilingual = {
  id: 'Standar waktu dalam menit kerja; null bila tidak ada',
  en: 'Quota in working minutes; null when none',
};
const seq: Bilingual = { id: 'Urutan tahap dalam SOP (mulai 1)', en: 'Order of the step in the SOP (from 1)' };
const clock: Bilingual = {
  id: 'Jam yang berjalan di tahap: office (kantor), applicant (pemohon), external (instansi lain)',
  en: 'Whose clock runs at the step: office, applicant or external (another agency)',
};
const optional: Bilingual = { id: 'Tahap opsional (boleh dilewati)', en: 'Optional step (may be skipped)' };
const visits: Bilingual = { id: 'Jumlah kunjungan yang selesai di bulan itu', en: 'Visits handed on in the month' };
const medianHandling: Bilingual = { id: 'Median menit kerja penanganan', en: 'Median handling time, working minutes' };
const p90Handling: Bilingual = {
  id: 'Persentil ke-90 menit kerja penanganan',
  en: '90th percentile of handling time, working minutes',
};
const withinQuotaPct: Bilingual = {
  id: 'Persentase kunjungan tepat waktu di antara yang punya standar waktu (0–100)',
  en: 'Percentage of visits within quota among those with a quota (0–100)',
};
const periodType: Bilingual = {
  id: 'Jenis periode: month, quarter, semester, year (tanggal lokal pengisian)',
  en: 'Kind of period: month, quarter, semester, year (local date of submission)',
};
const period: Bilingual = {
  id: 'Label periode, mis. 2026-07, 2026-Q3, 2026-S2, 2026',
  en: 'Period label, e.g. 2026-07, 2026-Q3, 2026-S2, 2026',
};
const grade: Bilingual = {
  id: 'Mutu: A ≥ 88,31, B ≥ 76,61, C ≥ 65,00, selain itu D (nilai × 25, dibulatkan 2 desimal)',
  en: 'Grade: A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, else D (value × 25, rounded to 2 decimals)',
};
const receivedAt: Bilingual = { id: 'Waktu pengaduan diterima', en: 'When the complaint was received' };
const channel: Bilingual = {
  id: 'Kanal pengaduan baku (loket, email, whatsapp, sp4n_lapor, …)',
  en: 'Standard complaint channel (loket, email, whatsapp, sp4n_lapor, …)',
};
const category: Bilingual = {
  id: 'Kategori pengaduan: ringan, sedang, berat',
  en: 'Complaint category: ringan (minor), sedang (moderate), berat (serious)',
};
const complaintId: Bilingual = { id: 'Nomor pengaduan di kantor', en: 'Complaint number within the office' };
const subject: Bilingual = { id: 'Pokok pengaduan', en: 'Subject of the complaint' };
const complaintCase: Bilingual = {
  id: 'Nomor berkas yang diadukan, bila disebut',
  en: 'Case complained about, when named',
};
const stage: Bilingual = {
  id: 'Tahap penanganan: diterima, cek_administrasi, survei_lapangan, koordinasi_internal, koordinasi_instansi, selesai',
  en: 'Handling stage: diterima, cek_administrasi, survei_lapangan, koordinasi_internal, koordinasi_instansi, selesai',
};
const stageAt: Bilingual = { id: 'Waktu tahap ini dicapai', en: 'When this stage was reached' };
const respondedAt: Bilingual = {
  id: 'Waktu pengadu pertama kali ditanggapi',
  en: 'When the complainant was first answered',
};
const resolvedAt: Bilingual = { id: 'Waktu pengaduan diselesaikan', en: 'When the complaint was resolved' };
const resolution: Bilingual = { id: 'Penyelesaian yang diberikan', en: 'Resolution given' };
const handledBy: Bilingual = { id: 'Petugas yang menangani', en: 'Officer handling the complaint' };
const complainant: Bilingual = {
  id: 'Pseudonim pengadu (tetap untuk orang yang sama; identitas tidak ada di sandbox)',
  en: "Complainant's pseudonym (the same for the same person; the identity is not in the sandbox)",
};
const respondWorkdays: Bilingual = {
  id: 'Target kantor untuk menanggapi, hari kerja',
  en: "Office's target for a response, working days",
};
const resolveWorkdays: Bilingual = {
  id: 'Target kantor untuk menyelesaikan, hari kerja',
  en: "Office's target for a resolution, working days",
};
const respondents: Bilingual = { id: 'Jumlah responden', en: 'Number of respondents' };
const followUp: Bilingual = {
  id: 'Mutu C atau D: perlu rencana tindak lanjut',
  en: 'Graded C or D: needs a follow-up plan',
};
const readyAt: Bilingual = {
  id: 'Waktu produk siap (penyelesaian terakhir tahap siap layanan)',
  en: "When the product was ready (last completion of the service's ready step)",
};
const elapsedCase: Bilingual = {
  id: 'Menit kerja kantor sejak diajukan sampai siap (atau dibatalkan, atau waktu acuan), tanpa waktu jeda',
  en: "The office's working minutes from submission to ready (or cancellation, or the as-of instant), without paused time",
};
const withinQuotaCase: Bilingual = {
  id: 'Tepat waktu: elapsed_min ≤ quota_min untuk berkas siap/diambil; berkas terbuka false bila sudah lewat, selain itu null; null bila dibatalkan atau tanpa standar',
  en: 'Within quota: elapsed_min ≤ quota_min for ready and collected cases; an open case false once over, else null; null when cancelled or without a quota',
};
const excessCase: Bilingual = {
  id: 'Kelebihan atas standar waktu layanan, menit kerja (0 bila tidak lewat)',
  en: 'Excess over the service quota, working minutes (0 when not over)',
};

const table = (columns: Record<string, Bilingual>) => columns;

export const COLUMN_DESCRIPTIONS: Readonly<Record<string, Readonly<Record<string, Bilingual>>>> = {
  offices: table({
    office,
    name: { id: 'Nama kantor', en: 'Office name' },
    timezone: { id: 'Zona waktu IANA kantor, mis. Asia/Jakarta', en: "The office's IANA time zone, e.g. Asia/Jakarta" },
    day_minutes: {
      id: 'Menit kerja satu hari kerja nominal (untuk satuan hari kerja)',
      en: 'Working minutes of one nominal working day (the unit of working days)',
    },
    complaint_target: {
      id: 'Target penyelesaian pengaduan per tahun (rasio 0–1)',
      en: 'Yearly complaint resolution target (ratio 0–1)',
    },
    within_quota_target: {
      id: 'Target kantor untuk bagian berkas yang selesai sesuai baku mutu (rasio 0–1; bawaan 0,9): pengaturan kantor, bukan peraturan',
      en: "The office's target for the share of cases within quota (ratio 0–1; default 0.9): an office setting, not a regulation",
    },
    utc_offset_min: {
      id: 'Selisih tetap dari UTC dalam menit bila zona waktunya tetap; selain itu null',
      en: 'Fixed offset from UTC in minutes when the zone keeps one; else null',
    },
    government: {
      id: 'Pemerintah daerah pada kop surat laporan, mis. Pemerintah Kota Pekanbaru',
      en: "The local government on the report's letterhead, e.g. Pemerintah Kota Pekanbaru",
    },
    dinas_name: { id: 'Nama lengkap dinas pada kop surat', en: "The dinas' full name on the letterhead" },
    place: {
      id: 'Tempat pada baris tempat dan tanggal laporan yang disetujui',
      en: "The place of the approved report's place-and-date line",
    },
    address: { id: 'Alamat kantor (kop surat)', en: 'Office address (letterhead)' },
    phone: { id: 'Telepon kantor (kop surat)', en: 'Office phone (letterhead)' },
    email: { id: 'Email kantor (kop surat)', en: 'Office email (letterhead)' },
    website: { id: 'Laman kantor (kop surat)', en: 'Office website (letterhead)' },
    logo_path: {
      id: 'Berkas logo pada kop surat; null bila tidak ada',
      en: 'Logo file of the letterhead; null when none',
    },
  }),
  services: table({
    office,
    service,
    effective_from: effectiveFrom,
    name: { id: 'Nama layanan', en: 'Service name' },
    quota_text: quotaText,
    quota_min: quotaMin,
    fee: { id: 'Biaya layanan (rupiah)', en: 'Fee of the service (rupiah)' },
    ready_step: {
      id: 'Tahap yang penyelesaiannya berarti produk siap',
      en: 'Step whose completion makes the product ready',
    },
  }),
  sop_steps: table({
    office,
    service,
    effective_from: effectiveFrom,
    step,
    seq,
    name: { id: 'Nama tahap', en: 'Step name' },
    actor: { id: 'Pelaksana tahap (jabatan atau pihak)', en: 'Who performs the step (role or party)' },
    clock,
    quota_text: quotaText,
    quota_min: quotaMin,
    optional,
    aliases: { id: 'Nama lain tahap dalam log sistem lain', en: "The step's other names in other systems' logs" },
  }),
  officers: table({
    office,
    officer,
    name: { id: 'Nama petugas', en: 'Officer name' },
    role: { id: 'Peran atau jabatan petugas', en: "The officer's role or position" },
    nip: {
      id: 'Nomor Induk Pegawai (18 digit); null bila tidak diberikan',
      en: 'Civil servant number (NIP, 18 digits); null when not given',
    },
    position: {
      id: 'Kedudukan yang menandatangani laporan: sekretaris, kepala_dinas; null bila lain',
      en: 'The position that signs the report: sekretaris, kepala_dinas; null otherwise',
    },
    posted_from: {
      id: 'Menjabat kedudukan itu sejak (null: tanpa batas awal)',
      en: 'Holds the position from (null: no start)',
    },
    posted_to: {
      id: 'Menjabat sampai (termasuk; null: masih menjabat)',
      en: 'Holds it to (inclusive; null: still in post)',
    },
  }),
  office_hours: table({
    office: {
      id: "Kode kantor; '*' = setiap kantor tanpa jadwal sendiri",
      en: "Office code; '*' = every office without a schedule of its own",
    },
    schedule: { id: 'Nama jadwal (mis. reguler, ramadan)', en: 'Schedule name (e.g. regular, Ramadan)' },
    valid_from: { id: 'Berlaku sejak tanggal ini', en: 'Valid from this date' },
    valid_to: {
      id: 'Berlaku sampai tanggal ini (termasuk); null = tanpa batas',
      en: 'Valid to this date (inclusive); null = open-ended',
    },
    weekday: { id: 'Hari ISO: 1 = Senin … 7 = Minggu', en: 'ISO weekday: 1 = Monday … 7 = Sunday' },
    start_time: { id: 'Jam buka (waktu lokal)', en: 'Opening time (local time)' },
    end_time: { id: 'Jam tutup (waktu lokal)', en: 'Closing time (local time)' },
  }),
  holidays: table({
    office: { id: "Kode kantor; '*' = nasional", en: "Office code; '*' = national" },
    date: { id: 'Tanggal', en: 'Date' },
    kind: {
      id: 'Jenis: libur_nasional, cuti_bersama, libur_lokal, masuk (hari kerja pengganti)',
      en: 'Kind: libur_nasional (national holiday), cuti_bersama (collective leave), libur_lokal (local holiday), masuk (a working day)',
    },
    name: { id: 'Nama hari libur', en: 'Name of the holiday' },
    source: {
      id: 'Dasar penetapan (mis. SKB 3 Menteri)',
      en: 'Where it was decreed (e.g. the joint ministerial decree)',
    },
  }),
  working_intervals: table({
    office,
    local_date: { id: 'Tanggal lokal interval', en: 'Local date of the interval' },
    start_at: { id: 'Awal interval kerja', en: 'Start of the working interval' },
    end_at: { id: 'Akhir interval kerja', en: 'End of the working interval' },
    minutes: { id: 'Menit kerja interval', en: 'Working minutes of the interval' },
    cum_start: {
      id: 'Menit kerja kantor sebelum start_at (posisi kerja kumulatif)',
      en: "The office's working minutes before start_at (cumulative working position)",
    },
  }),
  events: table({
    office,
    case_id: caseId,
    service,
    step,
    event: {
      id: 'Kejadian: start, complete, return, resubmit, notify, collect, cancel',
      en: 'Event: start, complete, return, resubmit, notify, collect, cancel',
    },
    at: {
      id: 'Waktu kejadian (SPEC §2.3; kata kunci DuckDB: tulis "at" atau pakai event_at)',
      en: 'When it happened (SPEC §2.3; a DuckDB keyword: write "at" or use event_at)',
    },
    event_at: {
      id: 'Waktu kejadian, sama dengan "at" (tanpa tanda kutip)',
      en: 'When it happened, the same as "at" (no quoting needed)',
    },
    officer,
    note: { id: 'Catatan', en: 'Note' },
    batch_id: batch,
  }),
  complaints: table({
    office,
    complaint_id: complaintId,
    complainant,
    received_at: receivedAt,
    channel,
    category,
    subject,
    service,
    case_id: complaintCase,
    stage,
    stage_at: stageAt,
    responded_at: respondedAt,
    resolved_at: resolvedAt,
    resolution,
    handled_by: handledBy,
    batch_id: batch,
  }),
  survey_responses: table({
    office,
    response_id: { id: 'Nomor jawaban survei', en: 'Survey response number' },
    service,
    submitted_at: { id: 'Waktu survei diisi', en: 'When the survey was filled in' },
    ...Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [
        `u${i + 1}`,
        {
          id: `Nilai unsur ${i + 1} (1–4; null = tidak dijawab)`,
          en: `Score of element ${i + 1} (1–4; null = not answered)`,
        },
      ]),
    ),
    case_id: { id: 'Nomor berkas responden, bila disebut', en: "The respondent's case, when named" },
    gender: { id: 'Jenis kelamin responden', en: "Respondent's gender" },
    age: { id: 'Umur responden (tahun)', en: "Respondent's age (years)" },
    education: { id: 'Pendidikan responden', en: "Respondent's education" },
    occupation: { id: 'Pekerjaan responden', en: "Respondent's occupation" },
    comment: { id: 'Saran atau komentar', en: 'Suggestion or comment' },
    batch_id: batch,
  }),
  channel_aliases: table({
    office: officeOrAll,
    alias: {
      id: 'Nama kanal sebagaimana ditulis kantor (huruf kecil)',
      en: 'Channel name as an office writes it (lowercase)',
    },
    channel: { id: 'Kanal baku yang dimaksud', en: 'Standard channel it stands for' },
  }),
  ingest_batches: table({
    batch_id: { id: 'Nomor pemuatan', en: 'Load number' },
    kind: {
      id: 'Jenis data: events, complaints, surveys, catalogue, calendar',
      en: 'Kind of data: events, complaints, surveys, catalogue, calendar',
    },
    file_name: { id: 'Nama berkas (tanpa lokasinya di server)', en: 'File name (without where it lay on the server)' },
    file_sha256: { id: 'SHA-256 isi berkas', en: "SHA-256 of the file's content" },
    format: {
      id: 'Format berkas: csv, jsonl, parquet, xes; katalog dan kalender: ekstensi berkas',
      en: "File format: csv, jsonl, parquet, xes; catalogue and calendar: the file's extension",
    },
    options: {
      id: 'Opsi pemuatan (--office, --service) sebagai JSON; null untuk katalog dan kalender',
      en: 'Load options (--office, --service) as JSON; null for catalogue and calendar',
    },
    status: {
      id: 'Status: committed (dimuat), rejected (ditolak), undone (dibatalkan)',
      en: 'Status: committed, rejected, undone',
    },
    rows_read: {
      id: 'Baris yang dibaca dari berkas; null bagi auditor kantor bila berkas juga membawa baris kantor lain',
      en: "Rows read from the file; null for an office's auditor when the file also brought other offices' rows",
    },
    rows_accepted: {
      id: 'Baris yang dimuat; bagi auditor kantor: baris kantornya',
      en: "Rows loaded; for an office's auditor: the rows of their offices",
    },
    rows_duplicate: {
      id: 'Baris yang sudah ada dan dilewati; null bagi auditor kantor bila berkas juga membawa baris kantor lain',
      en: "Rows already loaded and skipped; null for an office's auditor when the file also brought other offices' rows",
    },
    rows_rejected: {
      id: 'Baris yang salah (pemuatan ditolak utuh); null bagi auditor kantor bila berkas juga membawa baris kantor lain',
      en: "Rows in error (the load is refused whole); null for an office's auditor when the file also brought other offices' rows",
    },
    message: { id: 'Ringkasan atau alasan penolakan', en: 'Summary, or why the load was refused' },
    started_at: { id: 'Awal pemuatan', en: 'When the load started' },
    finished_at: { id: 'Akhir pemuatan', en: 'When the load finished' },
    undone_at: {
      id: 'Waktu pemuatan dibatalkan (undo); null bila tidak',
      en: 'When the load was undone; null when not',
    },
  }),
  query_audit_log: table({
    query_id: { id: 'Nomor kueri', en: 'Query number' },
    queried_at: { id: 'Awal kueri', en: 'When the query started' },
    who: {
      id: 'Siapa yang menjalankan (pengguna, cli:<pengguna>, local@<alamat>)',
      en: 'Who ran it (user, cli:<user>, local@<address>)',
    },
    statement: {
      id: 'Teks SQL sebagaimana dikirim (kolom "sql" di basis data layanan)',
      en: 'The SQL text as sent (column "sql" in the service\'s database)',
    },
    sql_sha256: { id: 'SHA-256 teks SQL (UTF-8)', en: 'SHA-256 of the SQL text (UTF-8)' },
    outcome: {
      id: 'Hasil: ok, refused (ditolak), failed (gagal), timeout (melewati batas waktu)',
      en: 'Outcome: ok, refused, failed, timeout',
    },
    duration_ms: { id: 'Durasi, milidetik', en: 'Duration, milliseconds' },
    rows_returned: { id: 'Baris yang dikembalikan; null bila tidak berhasil', en: 'Rows returned; null when not ok' },
    bytes_returned: {
      id: 'Bita hasil yang dikirim (format yang diminta); null bila tidak berhasil atau tidak dikodekan',
      en: 'Bytes of the result sent (in the format asked); null when not ok or not encoded',
    },
    truncated: {
      id: 'Mengapa hasil dipotong: rows (batas baris), bytes (batas bita, SLA_SQL_MAX_BYTES); null bila utuh',
      en: 'Why the result was cut off: rows (row limit), bytes (byte limit, SLA_SQL_MAX_BYTES); null when complete',
    },
    error: { id: 'Pesan galat; null bila berhasil', en: 'Error message; null when ok' },
    finished_at: {
      id: 'Akhir kueri (bagi yang dihentikan: saat berhenti)',
      en: 'When the query ended (for a stopped one: when it stopped)',
    },
  }),
  office_extent: table({
    office,
    first_at: { id: 'Transisi pertama kantor', en: "The office's first transition" },
    last_at: {
      id: 'Transisi terakhir kantor (waktu acuan bawaan)',
      en: "The office's latest transition (the default as-of instant)",
    },
    events: { id: 'Jumlah kejadian kantor', en: "Number of the office's events" },
  }),
  step_visits: table({
    case_id: caseId,
    office,
    service,
    step,
    visit_no: {
      id: 'Kunjungan ke-n berkas di tahap ini (> 1 = pengerjaan ulang)',
      en: "The case's n-th visit to this step (> 1 = rework)",
    },
    officer,
    arrived_at: {
      id: 'Waktu berkas tiba di meja (serah terima sebelumnya, atau transisi pertama berkas)',
      en: "When the file reached the desk (the hand-over before, or the case's first transition)",
    },
    started_at: { id: 'Mulai ditangani; null bila tidak diketahui', en: 'When handling started; null when unknown' },
    completed_at: {
      id: 'Selesai (complete atau return); null bila masih terbuka',
      en: 'When it was handed on (complete or return); null while open',
    },
    outcome: {
      id: 'Hasil kunjungan: completed, returned, cancelled, open',
      en: 'Outcome of the visit: completed, returned, cancelled, open',
    },
    queue_min: { id: 'Antre: tiba → mulai, menit kerja', en: 'Queue: arrival → start, working minutes' },
    handling_min: {
      id: 'Penanganan: mulai → selesai (tiba → selesai bila mulai tidak diketahui), menit kerja',
      en: 'Handling: start → hand-over (arrival → hand-over when the start is unknown), working minutes',
    },
    elapsed_min: { id: 'Berlalu: tiba → selesai, menit kerja', en: 'Elapsed: arrival → hand-over, working minutes' },
    quota_min: {
      id: 'Standar waktu tahap, menit kerja; null bila tidak ada',
      en: 'Step quota, working minutes; null when none',
    },
    within_quota: {
      id: 'handling_min ≤ standar tahap; kunjungan terbuka false bila sudah lewat, selain itu null',
      en: 'handling_min ≤ the step quota; an open visit false once over, else null',
    },
    excess_min: {
      id: 'Kelebihan penanganan atas standar, menit kerja',
      en: 'Handling over the quota, working minutes',
    },
    over_min: {
      id: 'Kelebihan antre + penanganan atas standar, menit kerja (ukuran tahap hambatan)',
      en: 'Queue + handling over the quota, working minutes (what the bottleneck is judged by)',
    },
    seq,
    clock,
    optional,
    effective_from: versionOfCase,
    arrived_by: {
      id: 'Serah terima yang membawa berkas: complete, return, resubmit; null untuk yang pertama',
      en: 'The hand-over that brought the file: complete, return, resubmit; null for the first',
    },
    first_ord: {
      id: 'Urutan kunjungan dalam berkas (urutan transisi pertamanya)',
      en: 'Order of the visit in the case (of its first transition)',
    },
    completed_month: { id: 'Bulan lokal selesai', en: 'Local month of the hand-over' },
    started_month: {
      id: 'Bulan lokal mulai (atau tiba bila mulai tidak diketahui)',
      en: 'Local month of the start (or arrival when the start is unknown)',
    },
  }),
  case_sla: table({
    case_id: caseId,
    office,
    service,
    submitted_at: { id: 'Waktu diajukan (transisi pertama)', en: 'When it was submitted (first transition)' },
    ready_at: readyAt,
    collected_at: {
      id: 'Waktu produk diambil; null bila belum',
      en: 'When the product was collected; null when not yet',
    },
    status: {
      id: 'Status: cancelled (dibatalkan), collected (diambil), ready (siap), in_progress (diproses)',
      en: 'Status: cancelled, collected, ready, in_progress',
    },
    elapsed_min: elapsedCase,
    paused_min: {
      id: 'Waktu jeda (bukan milik kantor) dalam rentang itu, menit kerja',
      en: "Paused time (not the office's) in that span, working minutes",
    },
    external_min: {
      id: 'Bagian elapsed_min di tahap instansi lain, menit kerja',
      en: 'Part of elapsed_min at external steps, working minutes',
    },
    quota_min: {
      id: 'Standar waktu layanan, menit kerja; null bila tidak ada',
      en: 'Service quota, working minutes; null when none',
    },
    due_at: {
      id: 'Waktu elapsed_min mencapai standar (batas waktu)',
      en: 'When elapsed working time reaches the quota (the deadline)',
    },
    within_quota: withinQuotaCase,
    excess_min: excessCase,
    bottleneck_step: {
      id: 'Tahap hambatan: total over_min terbesar, selain itu antre + penanganan terbesar',
      en: 'Bottleneck step: largest total over_min, else largest queue + handling',
    },
    returned_count: { id: 'Jumlah pengembalian (return) berkas', en: 'Number of returns of the case' },
    rework_count: { id: 'Jumlah kunjungan ulang (visit_no > 1)', en: 'Number of repeat visits (visit_no > 1)' },
    conformant: {
      id: 'Mengikuti urutan SOP tanpa melewati tahap kantor wajib',
      en: 'Follows the SOP order without skipping a required office step',
    },
    cancelled_at: { id: 'Waktu dibatalkan; null bila tidak', en: 'When it was cancelled; null when not' },
    effective_from: versionOfCase,
    runs_to_as_of: {
      id: 'Angkanya bergerak dengan waktu acuan (masih berjalan atau ada kunjungan terbuka)',
      en: 'Its figures move with the as-of instant (in progress, or an open visit)',
    },
  }),
  step_performance: table({
    office,
    service,
    step,
    month,
    visits,
    median_handling_min: medianHandling,
    p90_handling_min: p90Handling,
    within_quota_pct: withinQuotaPct,
    excess_min_total: {
      id: 'Total kelebihan penanganan atas standar, menit kerja',
      en: 'Total handling over the quota, working minutes',
    },
    over_min_total: {
      id: 'Total kelebihan antre + penanganan atas standar, menit kerja',
      en: 'Total queue + handling over the quota, working minutes',
    },
    queue_handling_min_total: {
      id: 'Total antre + penanganan (tahap kantor dan instansi lain), menit kerja',
      en: 'Total queue + handling (office and external steps), working minutes',
    },
    quota_min: { id: 'Standar waktu tahap, menit kerja', en: 'Step quota, working minutes' },
    median_queue_min: { id: 'Median menit kerja antre', en: 'Median queue time, working minutes' },
    visits_with_start: { id: 'Kunjungan yang waktu mulainya diketahui', en: 'Visits whose start is known' },
    seq,
    clock,
  }),
  officer_performance: table({
    office,
    officer,
    month,
    visits,
    median_handling_min: medianHandling,
    p90_handling_min: p90Handling,
    within_quota_pct: withinQuotaPct,
    breaches: { id: 'Kunjungan selesai yang melewati standar', en: 'Visits handed on over their quota' },
    open_visits: {
      id: 'Kunjungan di meja petugas pada akhir bulan',
      en: "Visits at the officer's desk at the end of the month",
    },
  }),
  complaint_register: table({
    office,
    complaint_id: complaintId,
    received_at: receivedAt,
    channel,
    category,
    subject,
    service,
    case_id: complaintCase,
    complainant,
    stage: { id: 'Tahap terakhir', en: 'Latest stage' },
    stage_at: { id: 'Waktu tahap terakhir dicapai', en: 'When the latest stage was reached' },
    responded_at: { id: 'Tanggapan pertama (atau penyelesaian)', en: 'First response (or the resolution)' },
    resolved_at: { id: 'Waktu selesai; null bila belum selesai', en: 'When it was resolved; null when not (yet)' },
    resolution,
    handled_by: handledBy,
    stage_rows: { id: 'Jumlah baris tahap dalam register', en: 'Number of stage rows in the register' },
    reopened_count: {
      id: 'Berapa kali dibuka kembali setelah selesai',
      en: 'Times it was taken up again after being resolved',
    },
    escalation_owner: {
      id: 'Penanggung jawab eskalasi menurut kategori',
      en: 'Who the complaint escalates to, by category',
    },
    respond_workdays: respondWorkdays,
    resolve_workdays: resolveWorkdays,
    respond_due_at: { id: 'Batas tanggapan menurut target kantor', en: "Response deadline by the office's target" },
    resolve_due_at: {
      id: 'Batas penyelesaian menurut target kantor',
      en: "Resolution deadline by the office's target",
    },
    legal_respond_due_at: {
      id: 'Batas tanggapan menurut UU 25/2009 Ps. 44(3): akhir hari kalender ke-14',
      en: 'Legal response deadline, UU 25/2009 Art. 44(3): end of the 14th calendar day',
    },
    legal_resolve_due_at: {
      id: 'Batas penyelesaian menurut UU 25/2009 Ps. 50(1): akhir hari kalender ke-60 setelah berkas lengkap',
      en: 'Legal resolution deadline, UU 25/2009 Art. 50(1): end of the 60th calendar day after the file was complete',
    },
    responded_within_target: { id: 'Ditanggapi dalam target kantor', en: "Answered within the office's target" },
    responded_within_legal: { id: 'Ditanggapi dalam batas undang-undang', en: 'Answered within the legal deadline' },
    resolved_within_target: { id: 'Diselesaikan dalam target kantor', en: "Resolved within the office's target" },
    resolved_within_legal: { id: 'Diselesaikan dalam batas undang-undang', en: 'Resolved within the legal deadline' },
  }),
  complaint_resolution: table({
    office,
    year: { id: 'Tahun', en: 'Year' },
    month,
    channel: {
      id: 'Kanal (baris per kanal); null = semua kanal',
      en: 'Channel (rows per channel); null = all channels',
    },
    category: {
      id: 'Kategori (baris per kategori); null = semua kategori',
      en: 'Category (rows per category); null = all categories',
    },
    received: { id: 'Pengaduan diterima di bulan itu', en: 'Complaints received in the month' },
    resolved: {
      id: 'Dari yang diterima, yang selesai sampai akhir bulan',
      en: 'Of those, resolved by the end of the month',
    },
    rate: {
      id: 'resolved / received (rasio 0–1); null bila tidak ada yang diterima',
      en: 'resolved / received (ratio 0–1); null when none received',
    },
    ytd_received: {
      id: 'Diterima sejak Januari sampai akhir bulan',
      en: 'Received from January to the end of the month',
    },
    ytd_resolved: { id: 'Dari itu, yang selesai sampai akhir bulan', en: 'Of those, resolved by the end of the month' },
    ytd_rate: { id: 'ytd_resolved / ytd_received (rasio 0–1)', en: 'ytd_resolved / ytd_received (ratio 0–1)' },
    target: { id: 'Target kantor (rasio 0–1)', en: "The office's target (ratio 0–1)" },
    meets_target: { id: 'Target tercapai: ytd_rate ≥ target', en: 'Target met: ytd_rate ≥ target' },
  }),
  complaint_deadlines: table({
    office: { id: "Kode kantor; '*' = bawaan setiap kantor", en: "Office code; '*' = the default of every office" },
    category,
    respond_workdays: respondWorkdays,
    resolve_workdays: resolveWorkdays,
    legal_respond_days: {
      id: 'Batas tanggapan UU 25/2009, hari kalender',
      en: 'Legal response ceiling of UU 25/2009, calendar days',
    },
    legal_resolve_days: {
      id: 'Batas penyelesaian UU 25/2009, hari kalender',
      en: 'Legal resolution ceiling of UU 25/2009, calendar days',
    },
  }),
  ikm_by_unsur: table({
    office,
    service: servicePooled,
    period_type: periodType,
    period,
    unsur: { id: 'Nomor unsur (1–9, PermenPANRB 14/2017)', en: 'Element number (1–9, PermenPANRB 14/2017)' },
    unsur_name: { id: 'Nama unsur', en: 'Name of the element' },
    respondents: { id: 'Responden yang menjawab unsur ini', en: 'Respondents who answered this element' },
    score_sum: { id: 'Jumlah nilai', en: 'Sum of the scores' },
    nrr: { id: 'Nilai rata-rata unsur (1–4), tanpa pembulatan', en: 'Mean score of the element (1–4), unrounded' },
    nrr_weighted: { id: 'NRR tertimbang: nrr / 9', en: 'Weighted mean: nrr / 9' },
    grade,
    follow_up: followUp,
  }),
  ikm_summary: table({
    office,
    service: servicePooled,
    period_type: periodType,
    period,
    respondents,
    ikm: { id: 'IKM: Σ NRR / 9 (skala 1–4)', en: 'IKM: Σ nrr / 9 (1–4 scale)' },
    ikm_converted: { id: 'IKM × 25 (25–100), tanpa pembulatan', en: 'IKM × 25 (25–100), unrounded' },
    ikm_converted_rounded: {
      id: 'IKM × 25 dibulatkan (setengah ke atas) pada 2 desimal',
      en: 'IKM × 25 rounded half-up to 2 decimals',
    },
    grade,
    label: {
      id: 'Kinerja: Sangat Baik, Baik, Kurang Baik, Tidak Baik',
      en: 'Performance label (Sangat Baik, Baik, Kurang Baik, Tidak Baik)',
    },
    population: { id: 'Populasi: berkas yang siap di periode itu', en: 'Population: cases ready in the period' },
    required_sample: { id: 'Sampel minimum (Krejcie–Morgan)', en: 'Required sample (Krejcie–Morgan)' },
    sample_adequate: {
      id: 'Sampel cukup: respondents ≥ required_sample',
      en: 'Sample adequate: respondents ≥ required_sample',
    },
    ci_low: {
      id: 'Batas bawah selang kepercayaan 95% ikm_converted',
      en: 'Lower bound of the 95% interval of ikm_converted',
    },
    ci_high: {
      id: 'Batas atas selang kepercayaan 95% ikm_converted',
      en: 'Upper bound of the 95% interval of ikm_converted',
    },
    ikm_converted_w0111: {
      id: 'Varian dengan bobot tercetak 0,111 (tidak dipakai untuk mutu)',
      en: 'Variant with the printed weight 0.111 (never used for the grade)',
    },
    follow_up: followUp,
    weakest_unsur: { id: 'Tiga unsur dengan NRR terendah', en: 'The three elements with the lowest nrr' },
    any_element_follow_up: { id: 'Ada unsur bermutu C atau D', en: 'Some element is graded C or D' },
    elements: {
      id: 'Unsur yang dijawab (9 kecuali ada unsur yang tidak dijawab siapa pun)',
      en: 'Elements answered (9 unless nobody answered one)',
    },
  }),
  uncollected_products: table({
    case_id: caseId,
    office,
    service,
    ready_at: readyAt,
    days_waiting: { id: 'Hari kalender menunggu sejak siap', en: 'Calendar days waiting since ready' },
    letter_due: {
      id: 'Tanggal surat pemberitahuan jatuh tempo (tanggal siap + 1 bulan)',
      en: 'When the letter to the applicant is due (the ready date plus one month)',
    },
  }),
};

/** The description of a column of the sandbox, by relation and its name there; undefined when none is written. */
export function columnDescription(relation: string, column: string): Bilingual | undefined {
  return COLUMN_DESCRIPTIONS[relation]?.[column];
}
