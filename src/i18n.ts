/** User-facing text: Bahasa Indonesia by default, English available. */
export type Lang = 'id' | 'en';

type Dict = Record<string, { id: string; en: string }>;

const messages = {
  line: { id: 'baris', en: 'line' },
  field: { id: 'kolom', en: 'field' },
  errors_nothing_loaded: { id: '{n} kesalahan; tidak ada data yang dimuat', en: '{n} error(s); nothing was loaded' },
  and_more: { id: '… dan {n} lainnya', en: '… and {n} more' },
  required: { id: 'wajib diisi', en: 'is required' },
  missing_column: {
    id: 'kolom wajib "{col}" tidak ada (kolom yang ada: {found})',
    en: 'required column "{col}" is missing (columns found: {found})',
  },
  empty_file: { id: 'berkas kosong: tidak ada baris data', en: 'empty file: no data rows' },
  unreadable: { id: 'berkas tidak dapat dibaca: {detail}', en: 'file cannot be read: {detail}' },
  unknown_office: {
    id: 'kantor "{value}" tidak dikenal (belum ada di katalog)',
    en: 'unknown office "{value}" (not in the catalogue)',
  },
  unknown_service: {
    id: 'layanan "{value}" tidak dikenal untuk kantor {office}',
    en: 'unknown service "{value}" for office {office}',
  },
  unknown_step: {
    id: 'tahap "{value}" tidak ada di SOP layanan {office}/{service}',
    en: 'step "{value}" is not in the SOP of {office}/{service}',
  },
  unknown_event: {
    id: 'jenis kejadian "{value}" tidak dikenal (start, complete, return, resubmit, notify, collect, cancel)',
    en: 'unknown event "{value}" (start, complete, return, resubmit, notify, collect, cancel)',
  },
  bad_timestamp: {
    id: 'waktu "{value}" tidak dapat dibaca (format ISO 8601: YYYY-MM-DD HH:MM[:SS][±HH:MM])',
    en: 'cannot read time "{value}" (ISO 8601: YYYY-MM-DD HH:MM[:SS][±HH:MM])',
  },
  implausible_timestamp: {
    id: 'waktu "{value}" tidak masuk akal (di luar tahun 2000–2099)',
    en: 'implausible time "{value}" (outside 2000–2099)',
  },
  bad_enum: {
    id: 'nilai "{value}" tidak dikenal; pilihan: {allowed}',
    en: 'unknown value "{value}"; allowed: {allowed}',
  },
  score_range: {
    id: 'nilai "{value}" harus bilangan bulat 1–4 atau kosong',
    en: 'score "{value}" must be a whole number 1–4 or blank',
  },
  no_scores: { id: 'tidak ada unsur yang dijawab (u1–u9 kosong semua)', en: 'no element answered (u1–u9 all blank)' },
  bad_integer: { id: 'nilai "{value}" bukan bilangan bulat', en: '"{value}" is not a whole number' },
  duplicate_key: {
    id: 'kunci "{value}" muncul lebih dari sekali dengan isi berbeda (juga di baris {other})',
    en: 'key "{value}" appears more than once with different values (also line {other})',
  },
  conflict_loaded: {
    id: 'kunci "{value}" sudah dimuat dengan isi berbeda (batch {other})',
    en: 'key "{value}" was already loaded with different values (batch {other})',
  },
  before_received: { id: 'waktu lebih awal dari received_at', en: 'time is before received_at' },
  already_loaded: {
    id: 'berkas ini sudah dimuat sebagai batch {batch}; tidak ada yang ditambahkan',
    en: 'this file was already loaded as batch {batch}; nothing added',
  },
  loaded: {
    id: '{file}: {accepted} baris dimuat, {duplicate} duplikat dilewati (batch {batch})',
    en: '{file}: {accepted} rows loaded, {duplicate} duplicates skipped (batch {batch})',
  },
  dry_run_ok: {
    id: '{file}: {accepted} baris valid, {duplicate} duplikat; uji coba, tidak ada yang disimpan',
    en: '{file}: {accepted} valid rows, {duplicate} duplicates; dry run, nothing saved',
  },
  xes_malformed: {
    id: 'XML tidak valid (baris {line}, kolom {column}): {detail}',
    en: 'malformed XML (line {line}, column {column}): {detail}',
  },
  xes_not_log: {
    id: 'bukan log XES (elemen akar <{root}>, seharusnya <log>)',
    en: 'not an XES log (root element <{root}>, expected <log>)',
  },
  xes_events_only: {
    id: 'berkas XES hanya berisi kejadian (events), bukan {kind}',
    en: 'an XES file holds events only, not {kind}',
  },
  xes_needs_option: { id: 'XES tidak memuat {col}: berikan --{col}', en: 'XES does not carry {col}: give --{col}' },
  unknown_xes_transition: {
    id: 'lifecycle:transition "{value}" tidak dapat dipetakan (start→start, complete→complete, pi_abort→cancel; schedule, assign, reassign, suspend, resume, withdraw, autoskip, manualskip dilewati; juga diterima: return, resubmit, notify, collect, cancel)',
    en: 'lifecycle:transition "{value}" cannot be mapped (start→start, complete→complete, pi_abort→cancel; schedule, assign, reassign, suspend, resume, withdraw, autoskip, manualskip skipped; also accepted: return, resubmit, notify, collect, cancel)',
  },
  xlsx_no_sheet: {
    id: 'lembar "{sheet}" tidak ada (lembar yang ada: {sheets})',
    en: 'no sheet "{sheet}" (sheets: {sheets})',
  },
  xes_too_many: {
    id: 'berkas XES melebihi batas {n} elemen <{what}> ({setting}); bagi berkasnya atau naikkan batasnya',
    en: 'the XES file holds more than {n} <{what}> elements ({setting}); split the file or raise the limit',
  },
  xes_skipped: { id: '{n} kejadian XES dilewati ({detail})', en: '{n} XES events skipped ({detail})' },
  at_places: { id: 'di', en: 'at' },
  db_locked: {
    id: 'basis data {path} sedang dibuka oleh program lain (PID {pid}), bukan oleh layanan `sla serve` yang dapat menjalankan perintah ini; tutup program itu lalu coba lagi',
    en: 'the database {path} is open in another program (PID {pid}), not in an `sla serve` service that could run this command; close that program and try again',
  },
  pid_unknown: { id: 'tidak diketahui', en: 'unknown' },
  demo_service_running: {
    id: 'layanan `sla serve` sedang berjalan dengan basis data {path} (PID {pid}); `sla demo` mengganti berkas itu: hentikan layanan dulu',
    en: 'an `sla serve` service is running on the database {path} (PID {pid}); `sla demo` replaces that file: stop the service first',
  },
  db_missing: {
    id: 'basis data {path} belum ada: muat data dulu (`sla ingest …`) atau buat contoh dengan `sla demo`',
    en: 'the database {path} does not exist: load data first (`sla ingest …`) or build the demo with `sla demo`',
  },
  service_lost: {
    id: 'layanan memutus sambungan sebelum perintah selesai',
    en: 'the service closed the connection before the command finished',
  },
  office_not_allowed: {
    id: 'kantor "{value}" di luar kantor yang boleh Anda muat',
    en: 'office "{value}" is not one of the offices you may load',
  },
  upload_not_multipart: { id: 'kirim berkas sebagai multipart/form-data', en: 'send the files as multipart/form-data' },
  upload_no_file: { id: 'tidak ada berkas yang diunggah', en: 'no file was uploaded' },
  upload_too_large: {
    id: 'unggahan terlalu besar: batasnya {limit} (semua berkas bersama); tidak ada yang dimuat',
    en: 'upload too large: the limit is {limit} (all files together); nothing was loaded',
  },
  upload_rolled_back: {
    id: 'tidak dimuat: {file} ditolak, dan berkas satu unggahan dimuat bersama atau tidak sama sekali',
    en: 'not loaded: {file} was refused, and the files of one upload load together or not at all',
  },
  batch_undone: { id: 'batch {batch}: {removed} baris dihapus', en: 'batch {batch}: {removed} rows removed' },
  bad_offset: {
    id: 'waktu "{value}": selisih zona waktu tidak sah (harus antara −14:00 dan +14:00, menit 00–59)',
    en: 'time "{value}": invalid UTC offset (must be between −14:00 and +14:00, minutes 00–59)',
  },
  out_of_range: {
    id: 'nilai "{value}" di luar rentang yang masuk akal ({min}–{max})',
    en: '"{value}" is outside the plausible range ({min}–{max})',
  },
  nul_byte: {
    id: 'nilai memuat karakter NUL (byte 0x00), yang tidak boleh ada dalam teks',
    en: 'the value contains a NUL character (byte 0x00), not allowed in text',
  },
  duplicate_column: {
    id: 'kolom "{col}" muncul lebih dari sekali di baris judul ({names}); hapus salah satunya',
    en: 'column "{col}" appears more than once in the header ({names}); remove one',
  },
  json_duplicate_key: {
    id: 'kunci "{value}" muncul lebih dari sekali dalam objek JSON baris ini',
    en: 'key "{value}" appears more than once in the JSON object of this line',
  },
  bad_utf8: {
    id: 'byte 0x{byte} bukan UTF-8 yang sah (berkas tampaknya Latin-1/Windows-1252); simpan ulang sebagai UTF-8',
    en: 'byte 0x{byte} is not valid UTF-8 (the file looks like Latin-1/Windows-1252); save it again as UTF-8',
  },
  not_utf8: {
    id: 'berkas berkode {encoding}, bukan UTF-8; simpan ulang sebagai UTF-8',
    en: 'the file is encoded as {encoding}, not UTF-8; save it again as UTF-8',
  },
  unclosed_quote: {
    id: 'tanda kutip (") yang dibuka di baris ini tidak pernah ditutup',
    en: 'the quote (") opened on this line is never closed',
  },
  text_after_quote: {
    id: 'ada teks setelah tanda kutip penutup (tanda kutip di dalam nilai ditulis dua kali: "")',
    en: 'text after a closing quote (a quote inside a value is written twice: "")',
  },
  mixed_delimiter: {
    id: 'baris ini memakai pemisah "{used}", sedangkan baris judul memakai "{delim}"',
    en: 'this line uses the delimiter "{used}" while the header uses "{delim}"',
  },
  field_count: {
    id: 'baris berisi {n} kolom, baris judul {expected}',
    en: 'the line has {n} fields, the header {expected}',
  },
  line_too_long: {
    id: 'baris terlalu panjang: lebih dari {limit} MB; periksa nilai kolom ini',
    en: 'line too long: over {limit} MB; check the value of this field',
  },
  bad_json: { id: 'bukan objek JSON yang sah: {detail}', en: 'not a valid JSON object: {detail}' },
  report_month_unknown: {
    id: 'tidak ada laporan {office} untuk bulan {month}: data kantor ini mencakup {first} s.d. {last}',
    en: 'no report of {office} for {month}: the data of this office cover {first} to {last}',
  },
  report_future: {
    id: 'bulan {month} belum tiba: laporan {office} baru dapat dibuat untuk bulan yang sudah dimulai (sekarang {current})',
    en: '{month} has not begun: a report of {office} can only be made for a month that has begun (now {current})',
  },
  report_before_data: {
    id: 'bulan {month} sebelum data kantor {office}: data mulai {first} (s.d. {last}), tidak ada laporan yang dibuat',
    en: '{month} is before the data of {office}: they begin in {first} (to {last}); no report is made',
  },
  report_no_data: {
    id: 'belum ada data kantor {office}: tidak ada laporan untuk bulan {month}',
    en: 'no data of office {office} yet: no report for {month}',
  },
  sql_one_statement: {
    id: 'hanya satu pernyataan SQL per permintaan (ada {n})',
    en: 'exactly one SQL statement per request (got {n})',
  },
  sql_read_only: {
    id: 'hanya satu kueri baca (SELECT) yang diizinkan, bukan {type}',
    en: 'only one read-only query (SELECT) is allowed, not {type}',
  },
  sql_refused: { id: 'ditolak oleh sandbox: {detail}', en: 'refused by the sandbox: {detail}' },
  sql_failed: { id: 'kueri gagal: {detail}', en: 'query failed: {detail}' },
  sql_timeout: {
    id: 'kueri dihentikan: melewati batas waktu {s} detik',
    en: 'query stopped: over the time limit of {s} s',
  },
  sql_too_large: {
    id: 'hasil Parquet {mb} MB melewati batas {max} MB (SLA_SQL_MAX_BYTES); minta lebih sedikit baris atau kolom, atau format lain (dipotong di batas)',
    en: 'the Parquet result of {mb} MB is over the limit of {max} MB (SLA_SQL_MAX_BYTES); ask fewer rows or columns, or another format (cut at the limit)',
  },
  sql_busy: {
    id: 'terlalu banyak kueri auditor berjalan bersamaan (maksimum {n}); coba lagi sebentar lagi',
    en: 'too many auditor queries at once (at most {n}); try again shortly',
  },
} satisfies Dict;

export type MessageKey = keyof typeof messages;

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  let text: string = messages[key][lang];
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** The language named in an address (`?lang=id|en`, as sent: a schema's default is no choice), or null. */
export function urlLang(url: string): Lang | null {
  const at = url.indexOf('?');
  const q = at < 0 ? null : new URLSearchParams(url.slice(at + 1)).get('lang');
  return q === 'id' || q === 'en' ? q : null;
}

/**
 * The language an API caller asked for: `?lang=id|en`, else the first language of its
 * Accept-Language header (English for any `en…`, Indonesian for `id`/`in`); null when it says
 * neither (a script or a test with no header: it gets both languages, as the messages are made).
 * Pages take theirs from the address only (Indonesian unless `lang=en`), as the dashboards do.
 */
export function callerLang(req: { url: string; headers: Record<string, string | string[] | undefined> }): Lang | null {
  const q = urlLang(req.url);
  if (q) return q;
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  if (!first) return null;
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('id') || first.startsWith('in')) return 'id';
  return null;
}

/**
 * One language of a message made in both, "Indonesian / English" (the convention of the
 * errors thrown across the product); a message without the separator, or no language, as it is.
 */
export function messageIn(message: string, lang: Lang | null): string {
  const at = message.indexOf(' / ');
  if (lang === null || at < 0) return message;
  return lang === 'id' ? message.slice(0, at) : message.slice(at + 3);
}
