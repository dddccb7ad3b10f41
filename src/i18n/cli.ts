/** What the `sla` command prints of its own (output lines, warnings, errors of the command itself). */
import type { Catalogue } from './types.js';

const id = {
  demo_service_running:
    'layanan `sla serve` sedang berjalan dengan basis data {path} (PID {pid}); `sla demo` mengganti berkas itu: hentikan layanan dulu',
  db_missing: 'basis data {path} belum ada: muat data dulu (`sla ingest …`) atau buat contoh dengan `sla demo`',
  service_lost: 'layanan memutus sambungan sebelum perintah selesai',
  warning: 'peringatan: {text}',
  calendar_unknown_office: 'kantor "{office}" tidak dikenal',
  calendar_header: 'kantor\ttahun data\thari libur\tRamadan\tbelum dimuat',
  calendar_missing_holidays: 'libur {year}',
  lake_dir_needed: 'sebutkan folder lake (DIR) atau SLA_LAKE_DIR',
  lake_table_line: '{name}\t{rows} baris\t{files} partisi',
  user_added: 'pengguna {id}: {roles}',
  user_added_offices: 'pengguna {id}: {roles} (kantor {offices})',
  complainants_purged: '{n} identitas pengadu dihapus (pengaduan selesai sebelum {before})',
  report_pages: '{n} halaman',
  verify_copy_status: 'salinan berstatus {status}',
  verify_copy_checked: 'salinan yang diperiksa sebelum persetujuan',
  verify_approved: 'salinan yang disetujui: laporan {id}, nomor {no}',
  verify_not_approved: 'BUKAN salinan yang disetujui: {what} dari laporan {id}',
  file_not_found: '{file}: berkas tidak ditemukan',
  // the columns of the listings (sla batches, sla user list, sla reports): labels before a value
  batch_read: 'dibaca {n}',
  batch_accepted: 'dimuat {n}',
  batch_duplicate: 'duplikat {n}',
  batch_rejected: 'ditolak {n}',
  user_has_password: 'kata sandi',
  user_tokens: '{n} token',
  report_column: 'laporan {id}',
  report_as_of: 'per {at}',
  report_generated: 'dibuat {at}',
  report_checked_by: 'diperiksa oleh {who} {at}',
  report_returned_by: 'dikembalikan oleh {who} {at}',
  report_approved_by: 'disetujui oleh {who} {at}',
  option_not_date: '{option} "{value}" bukan tanggal (YYYY-MM-DD)',
  option_not_positive: '{option} "{value}" bukan bilangan bulat positif',
  not_through_service: '{name}: tidak tersedia melalui layanan yang sedang berjalan',
  rollup_exports_none: '--lake: roll-up membaca lake, tidak mengekspornya (hilangkan --lake-dir / --lake-every)',
  lake_every_needs_dir: '--lake-every: sebutkan folder lake (--lake-dir atau SLA_LAKE_DIR)',
  infer_written: '{file}: {steps} langkah, {officers} petugas ({cases} kasus, {events} kejadian)',
  token_not_revocable: 'token {id} tidak ada atau sudah dicabut',
  token_revoked: 'token {id} dicabut',
  password_too_short: 'kata sandi paling sedikit {n} karakter',
  verify_no_match: '{file}: sha256 {sha} tidak cocok dengan laporan mana pun yang pernah dibuat',
  generated_events: '{events} kejadian, {cases} kasus → {file}',
  generated_sample: '{cases} kasus, {events} kejadian, {complaints} pengaduan, {surveys} jawaban survei → {files}',
  channel_not_private:
    '{dir}: bukan folder pribadi pengguna ini (mode 0700): saluran perintah tidak dijalankan di sana',
  channel_not_socket: '{path}: ada dan bukan soket: hapus berkas itu (saluran perintah layanan berada di sana)',
  channel_taken: '{path}: layanan lain sudah menjawab untuk basis data ini',
  channel_other_db: 'layanan ini melayani {served}, bukan {asked}',
};

const en: Record<keyof typeof id, string> = {
  demo_service_running:
    'an `sla serve` service is running on the database {path} (PID {pid}); `sla demo` replaces that file: stop the service first',
  db_missing: 'the database {path} does not exist: load data first (`sla ingest …`) or build the demo with `sla demo`',
  service_lost: 'the service closed the connection before the command finished',
  warning: 'warning: {text}',
  calendar_unknown_office: 'unknown office "{office}"',
  calendar_header: 'office\tdata years\tholidays\tRamadan\tmissing',
  calendar_missing_holidays: 'holidays {year}',
  lake_dir_needed: 'name the lake folder (DIR) or set SLA_LAKE_DIR',
  lake_table_line: '{name}\t{rows} rows\t{files} partitions',
  user_added: 'user {id}: {roles}',
  user_added_offices: 'user {id}: {roles} (offices {offices})',
  complainants_purged: '{n} complainant identities erased (complaints resolved before {before})',
  report_pages: '{n} pages',
  verify_copy_status: 'a {status} copy',
  verify_copy_checked: 'the copy checked before approval',
  verify_approved: 'approved copy: report {id}, number {no}',
  verify_not_approved: 'NOT an approved copy: {what} of report {id}',
  file_not_found: '{file}: file not found',
  batch_read: 'read {n}',
  batch_accepted: 'accepted {n}',
  batch_duplicate: 'dup {n}',
  batch_rejected: 'rejected {n}',
  user_has_password: 'password',
  user_tokens: '{n} token(s)',
  report_column: 'report {id}',
  report_as_of: 'as of {at}',
  report_generated: 'generated {at}',
  report_checked_by: 'checked by {who} {at}',
  report_returned_by: 'returned by {who} {at}',
  report_approved_by: 'approved by {who} {at}',
  option_not_date: '{option} "{value}" is not a date (YYYY-MM-DD)',
  option_not_positive: '{option} "{value}" is not a positive whole number',
  not_through_service: '{name}: not available through a running service',
  rollup_exports_none: '--lake: a roll-up reads lakes, it exports none (leave out --lake-dir / --lake-every)',
  lake_every_needs_dir: '--lake-every: name the lake folder (--lake-dir or SLA_LAKE_DIR)',
  infer_written: '{file}: {steps} steps, {officers} officers ({cases} cases, {events} events)',
  token_not_revocable: 'token {id} does not exist or is already revoked',
  token_revoked: 'token {id} revoked',
  password_too_short: 'a password has at least {n} characters',
  verify_no_match: '{file}: sha256 {sha} matches no generated report',
  generated_events: '{events} events, {cases} cases → {file}',
  generated_sample: '{cases} cases, {events} events, {complaints} complaints, {surveys} survey responses → {files}',
  channel_not_private: '{dir}: not a private folder of this user (mode 0700): the command channel is not started there',
  channel_not_socket: '{path}: exists and is not a socket: remove it (the command channel of the service lives there)',
  channel_taken: '{path}: another service already answers for this database',
  channel_other_db: 'this service serves {served}, not {asked}',
};

export const cli = { id, en } satisfies Catalogue<typeof id>;

/**
 * `sla --help` and each command's help: the descriptions of the commands, options, arguments and
 * their choices, and the words commander lets a program give (headings, the help option and
 * command, "choices"/"default" of an option). Read as objects (`cliHelp[lang].serve.port`).
 */
const helpId = {
  // commander's own words that it lets a program set (src/cli/program.ts: helpTexts)
  titles: {
    usage: 'Penggunaan:',
    arguments: 'Argumen:',
    options: 'Opsi:',
    commands: 'Perintah:',
    global_options: 'Opsi global:',
  },
  help_option: 'tampilkan bantuan untuk perintah',
  help_command: 'tampilkan bantuan untuk perintah',
  choices: 'pilihan: {list}',
  default: 'bawaan: {value}',
  program: {
    about: 'Analitik SLA untuk Standar Pelayanan DPMPTSP',
    db: 'berkas basis data',
    lang: 'bahasa pesan (id: Indonesia, en: Inggris)',
  },
  serve: {
    about: 'jalankan API dan dasbor (membuat basis data contoh dulu bila berkasnya belum ada)',
    host: 'alamat yang didengarkan',
    port: 'port',
    lake_dir: 'folder lake Parquet (SLA_LAKE_DIR)',
    lake_every: 'ekspor lake setelah setiap pemuatan yang tersimpan (SLA_LAKE_EVERY=true)',
    lake: 'roll-up hanya-baca: sajikan dasbor atas lake kantor-kantor ini (docs/lake.md), tanpa basis data',
  },
  demo: {
    about: 'buat basis data dari sample-data/ (mengganti berkas basis data)',
    sample: 'folder data contoh',
  },
  ingest: {
    about:
      'muat berkas: kejadian (CSV, JSON Lines, Parquet, XLSX, XES atau .xes.gz), pengaduan atau survei (CSV, JSON Lines, Parquet, XLSX), katalog atau kalender (YAML, JSON, CSV hari libur)',
    kind: 'isi berkas: events (kejadian proses), complaints (pengaduan), surveys (jawaban survei kepuasan), catalogue (katalog SOP), calendar (kalender kerja)',
    files: 'berkas yang dimuat, masing-masing dalam transaksinya sendiri',
    office: 'kantor untuk berkas tanpa kolom office',
    service: 'layanan untuk berkas tanpa kolom service',
    sheet: 'XLSX: lembar yang dibaca (bawaan: yang pertama)',
    dry_run: 'validasi dan hitung, tanpa menyimpan apa pun',
  },
  calendar: {
    about: 'kalender kerja',
    status:
      'tahun yang tercakup per kantor: daftar hari libur dan jam Ramadan, dibandingkan dengan tahun yang dicapai data (exit 0; tahun yang belum ada didaftar)',
    office: 'satu kantor',
  },
  catalogue: {
    about: 'kerjakan katalog SOP: `catalogue infer <log>` menyusun draf dari log sistem lain',
    infer:
      'susun draf katalog (YAML) dari log kejadian (XES, .xes.gz, CSV, JSON Lines, Parquet): langkah dalam urutan lazimnya, petugas dari resource, usulan kuota sebagai komentar',
    log: 'berkas log kejadian',
    office: 'kode kantor (kantor yang sudah ada di --db dirujuk, kantor baru disusun drafnya)',
    service: 'kode layanan',
    out: 'tulis YAML ke berkas, bukan ke stdout',
  },
  batches: {
    about: 'daftar pemuatan (ingest_batches); `batches undo <id>` menarik satu',
    undo: 'tarik setiap baris yang ditambahkan satu batch (yang lain tidak disentuh)',
    id: 'id batch',
  },
  sql: {
    about: 'jalankan satu kueri SQL hanya-baca di sandbox auditor (dicatat di query_audit_log)',
    query: 'teks SQL',
    format: 'format keluaran',
    out: 'tulis ke berkas, bukan ke stdout',
    limit: 'batas baris (paling banyak SLA_SQL_MAX_ROWS)',
    as_of: 'baca tabel SLA per instan ISO 8601 ini (kejadian sesudahnya diabaikan)',
    office: 'dengan --as-of: hitung untuk kantor ini saja (perlu untuk waktu setempat tanpa offset)',
  },
  export: {
    about: 'ekspor untuk roll-up atas banyak kantor: `export lake DIR` (docs/lake.md)',
    lake: 'tulis kejadian dan tabel turunannya sebagai lake Parquet berpartisi Hive (tanpa data pribadi); hanya partisi yang berubah sejak ekspor terakhir yang ditulis ulang, manifesnya terakhir',
    dir: 'folder lake (bawaan: SLA_LAKE_DIR)',
  },
  user: {
    about: 'pengguna dan token kendali akses (peran: kepala_dinas, sekretaris, auditor, operator, admin)',
    add: 'buat pengguna (atau ganti peran dan kantornya) dan cetak token baru, yang hanya ditampilkan sekali',
    id: 'id pengguna (huruf kecil)',
    role: 'satu peran; ulangi atau pisahkan dengan koma untuk beberapa',
    office: 'batasi pada satu kantor; ulangi atau pisahkan dengan koma untuk beberapa (bawaan: setiap kantor)',
    name: 'nama tampilan',
    password_stdin: 'setel juga kata sandi yang dibaca dari masukan standar (≥ 12 karakter)',
    no_token: 'jangan buat token',
    list: 'daftar pengguna (tidak pernah token atau kata sandi)',
    revoke: 'cabut token menurut id-nya (bagian sesudah "sla_")',
    token_id: 'id token',
    hash_password:
      'cetak hash scrypt kata sandi yang dibaca dari masukan standar, untuk berkas pengguna (password_scrypt)',
  },
  complaints: {
    about: 'Buku Pengaduan: Laporan Pengaduan bulanan, penghapusan identitas pengadu',
    monthly: 'Laporan Pengaduan satu kantor dan satu bulan (JSON)',
    office: 'kode kantor',
    month: 'bulan',
    purge:
      'hapus nama dan kontak pengadu yang pengaduannya selesai lebih lama dari masa simpan (bawaan {days} hari, SLA_COMPLAINANT_RETENTION_DAYS); buku dan angkanya tetap',
    retention_days: 'masa simpan dalam hari',
    before: 'sebagai gantinya: hapus pengaduan yang selesai sebelum tanggal ini (UTC)',
  },
  report: {
    about:
      'laporan PDF bulanan untuk Sekretaris: salinan yang disetujui bila ada, selain itu dibuat sekarang dan dicatat sebagai draf (pakai --lang global untuk bahasa Inggris)',
    month: 'bulan laporan',
    office: 'satu kantor (bawaan: setiap kantor)',
    out: 'berkas keluaran (satu kantor) atau folder (bawaan: laporan-<office>-<YYYY-MM>.pdf di folder saat ini)',
  },
  reports: {
    about:
      'laporan bulanan yang sudah dibuat dan pengesahannya (terbaru dulu); `reports verify <file>` mencari salinan menurut sha256-nya',
    office: 'satu kantor',
    month: 'satu bulan',
    status: 'draft, checked, returned, approved atau superseded',
    verify:
      'apakah berkas ini salinan laporan yang disetujui? mencetak putusan dan catatannya (exit 0 hanya untuk salinan yang disetujui, 1 selain itu)',
    file: 'salinan PDF sebuah laporan',
  },
  generate: {
    about:
      'buat data demo yang deterministik (sample-data/ memakai nilai bawaan), atau berkas kejadian besar untuk benchmark',
    out: 'folder keluaran',
    seed: 'benih acak',
    from: 'bulan pertama',
    to: 'bulan terakhir',
    scale: 'kalikan volume kasus',
    events: 'sebagai gantinya: tulis hanya events.csv dengan sekitar n kejadian (benchmark)',
  },
};

const helpEn: typeof helpId = {
  titles: {
    usage: 'Usage:',
    arguments: 'Arguments:',
    options: 'Options:',
    commands: 'Commands:',
    global_options: 'Global Options:',
  },
  help_option: 'display help for command',
  help_command: 'display help for command',
  choices: 'choices: {list}',
  default: 'default: {value}',
  program: {
    about: 'SLA analytics for DPMPTSP service standards (Standar Pelayanan)',
    db: 'database file',
    lang: 'language of messages (id: Indonesian, en: English)',
  },
  serve: {
    about: 'serve the API and dashboards (builds the demo database first when the file does not exist)',
    host: 'address to listen on',
    port: 'port',
    lake_dir: 'the Parquet lake folder (SLA_LAKE_DIR)',
    lake_every: 'export the lake after each committed load (SLA_LAKE_EVERY=true)',
    lake: "the read-only roll-up: serve the dashboards over these offices' lakes (docs/lake.md), no database",
  },
  demo: {
    about: 'build the database from sample-data/ (replaces the database file)',
    sample: 'sample data folder',
  },
  ingest: {
    about:
      'load files: events (CSV, JSON Lines, Parquet, XLSX, XES or .xes.gz), complaints or surveys (CSV, JSON Lines, Parquet, XLSX), catalogue or calendar (YAML, JSON, holiday CSV)',
    kind: 'what the files hold: events (process events), complaints, surveys (satisfaction survey responses), catalogue (SOP catalogue), calendar (working calendar)',
    files: 'files to load, each in its own transaction',
    office: 'office for files without an office column',
    service: 'service for files without a service column',
    sheet: 'XLSX: the sheet to read (default the first)',
    dry_run: 'validate and count, save nothing',
  },
  calendar: {
    about: 'the working calendar',
    status:
      'years covered per office: holiday lists and Ramadan hours, against the years the data reach (exit 0; missing years are listed)',
    office: 'one office',
  },
  catalogue: {
    about: 'work with SOP catalogues: `catalogue infer <log>` drafts one from a log of another system',
    infer:
      'draft a catalogue (YAML) from an event log (XES, .xes.gz, CSV, JSON Lines, Parquet): steps in their usual order, officers from resources, quota suggestions as comments',
    log: 'event log file',
    office: 'office code (an office already in --db is referenced, a new one is drafted)',
    service: 'service code',
    out: 'write the YAML to a file instead of stdout',
  },
  batches: {
    about: 'list loads (ingest_batches); `batches undo <id>` retracts one',
    undo: 'retract every row a batch added (nothing else is touched)',
    id: 'batch id',
  },
  sql: {
    about: 'run one read-only SQL query in the auditor sandbox (logged in query_audit_log)',
    query: 'SQL text',
    format: 'output format',
    out: 'write to a file instead of stdout',
    limit: 'row limit (at most SLA_SQL_MAX_ROWS)',
    as_of: 'read the SLA tables as of this ISO 8601 instant (later events ignored)',
    office: 'with --as-of: compute for this office only (needed for a local time without offset)',
  },
  export: {
    about: 'export for roll-ups over many offices: `export lake DIR` (docs/lake.md)',
    lake: 'write the events and the derived tables as a Hive-partitioned Parquet lake (no personal data); only the partitions that changed since the last export are rewritten, the manifest last',
    dir: 'lake folder (default SLA_LAKE_DIR)',
  },
  user: {
    about: 'users and tokens of the access control (roles: kepala_dinas, sekretaris, auditor, operator, admin)',
    add: 'create a user (or replace its roles and offices) and print a new token, shown only once',
    id: 'user id (lowercase)',
    role: 'a role; repeat or comma-separate for several',
    office: 'limit to an office; repeat or comma-separate for several (default: every office)',
    name: 'display name',
    password_stdin: 'also set a password read from standard input (≥ 12 characters)',
    no_token: 'do not create a token',
    list: 'list users (never tokens or passwords)',
    revoke: 'revoke a token by its id (the part after "sla_")',
    token_id: 'token id',
    hash_password: 'print the scrypt hash of a password read from standard input, for a users file (password_scrypt)',
  },
  complaints: {
    about: 'the complaint register (Buku Pengaduan): monthly Laporan Pengaduan, purge of complainant identities',
    monthly: 'the Laporan Pengaduan of one office and month (JSON)',
    office: 'office code',
    month: 'month',
    purge:
      'erase the name and contact of complainants whose complaint was resolved more than the retention period ago (default {days} days, SLA_COMPLAINANT_RETENTION_DAYS); the register and its figures stay',
    retention_days: 'retention period in days',
    before: 'instead: purge complaints resolved before this date (UTC)',
  },
  report: {
    about:
      'monthly PDF report for the Sekretaris: the approved copy if there is one, else generated now and recorded as a draft (use the global --lang for English)',
    month: 'month of the report',
    office: 'one office (default: every office)',
    out: 'output file (one office) or folder (default: laporan-<office>-<YYYY-MM>.pdf in the current folder)',
  },
  reports: {
    about:
      'generated monthly reports and their sign-off (newest first); `reports verify <file>` finds a copy by its sha256',
    office: 'one office',
    month: 'one month',
    status: 'draft, checked, returned, approved or superseded',
    verify:
      'is this file an approved copy of a report? prints the verdict and its record (exit 0 only for an approved copy, 1 otherwise)',
    file: 'a PDF copy of a report',
  },
  generate: {
    about: 'generate deterministic demo data (sample-data/ uses the defaults), or a large events file for benchmarks',
    out: 'output folder',
    seed: 'random seed',
    from: 'first month',
    to: 'last month',
    scale: 'multiply case volumes',
    events: 'instead: write only events.csv with about n events (benchmarks)',
  },
};

export const cliHelp = { id: helpId, en: helpEn } satisfies Catalogue<typeof helpId>;
