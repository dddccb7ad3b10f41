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
};

export const cli = { id, en } satisfies Catalogue<typeof id>;
