/**
 * What the catalogue and calendar tools say: the comments of the draft catalogue
 * `sla catalogue infer` writes, the reasons it refuses a log, and the warnings of a calendar
 * that does not cover the years of the data (`sla ingest`, `sla calendar status`, the report).
 */
import type { Catalogue } from './types.js';

const id = {
  and: 'dan',
  calendar_no_holidays:
    'Daftar hari libur {years} belum dimuat untuk {office}: angka tahun itu dihitung tanpa hari libur dan bersifat sementara.',
  calendar_no_ramadan:
    'Jam kerja Ramadan {years} belum dimuat untuk {office}: angka tahun itu dihitung dengan jam kerja biasa dan bersifat sementara.',
  infer_missing_column: 'kolom tidak ada: {column} ({found})',
  infer_empty_log: 'log kosong: tidak ada kejadian',
  infer_unknown_actor: 'Tidak diketahui',
  infer_title: 'Draf katalog SOP dari {file}, disusun oleh `sla catalogue infer`.',
  infer_stats:
    '{cases} kasus, {events} kejadian, {activities} aktivitas, {resources} sumber daya; {from} s.d. {to} (UTC).',
  infer_review: 'Tinjau setiap baris bertanda EDIT dan SARAN, lalu muat dengan `sla ingest catalogue <berkas>`.',
  infer_quotas:
    'Tidak ada kuota yang ditetapkan (null). SARAN = p80 waktu penanganan teramati, dalam menit jam dinding (bukan menit kerja): bahan pertimbangan, bukan baku mutu.',
  infer_order:
    'Urutan langkah = urutan yang paling sering teramati; langkah yang tidak ada pada lebih dari 10% kasus ditandai optional.',
  infer_clock: 'clock semua langkah = office: EDIT untuk langkah pemohon (applicant) atau instansi lain (external).',
  infer_bad_times: '{n} kejadian tanpa waktu yang terbaca diabaikan dalam perhitungan ini.',
  infer_office_exists: 'Kantor {office} sudah ada di basis data: tidak didefinisikan ulang.',
  infer_tz_guess: 'zona waktu {tz} dari offset log ({offsets})',
  infer_tz_placeholder: 'EDIT: zona waktu pengganti; offset log ({offsets}) bukan zona Indonesia (WIB/WITA/WIT)',
  infer_no_offset: 'tanpa offset',
  infer_office_name: 'EDIT: nama kantor',
  infer_service_name: 'EDIT: nama layanan (draf dari {file})',
  infer_service_quota: 'SARAN: p80 durasi kasus (kejadian pertama s.d. terakhir) = {value}',
  infer_ready: 'EDIT: langkah saat produk siap; dipilih aktivitas terakhir yang paling sering ("{name}", {n} kasus)',
  infer_step: '{events} kejadian di {cases} kasus ({pct}); sumber daya: {resources}',
  infer_suggest: 'SARAN kuota: p80 = {value}',
  infer_no_suggest: 'tanpa SARAN kuota (waktu penanganan tidak teramati)',
  infer_actor: 'actor = sumber daya tersering: EDIT menjadi jabatan (Front Office, Back Office, …)',
  infer_minutes: 'menit',
  infer_hours: 'jam',
  infer_days: 'hari',
  infer_officers: 'Petugas = sumber daya (org:resource) di log.',
  infer_none: 'tidak ada',
};

const en: Record<keyof typeof id, string> = {
  and: 'and',
  calendar_no_holidays:
    'The holiday list of {years} is not loaded for {office}: figures of that year are computed without holidays and are provisional.',
  calendar_no_ramadan:
    'The Ramadan hours of {years} are not loaded for {office}: figures of that year are computed on normal hours and are provisional.',
  infer_missing_column: 'missing column: {column} ({found})',
  infer_empty_log: 'empty log: no events',
  infer_unknown_actor: 'Unknown',
  infer_title: 'Draft SOP catalogue from {file}, made by `sla catalogue infer`.',
  infer_stats: '{cases} cases, {events} events, {activities} activities, {resources} resources; {from} to {to} (UTC).',
  infer_review:
    'Review every line marked EDIT and SARAN (suggestion), then load it with `sla ingest catalogue <file>`.',
  infer_quotas:
    'No quota is set (null). SARAN = observed p80 handling time, in wall-clock minutes (not working minutes): a hint, not a service standard.',
  infer_order:
    'Step order = the order most often observed; a step missing from more than 10% of cases is marked optional.',
  infer_clock: 'clock of every step = office: EDIT applicant steps (applicant) and other agencies (external).',
  infer_bad_times: '{n} events without a readable time were left out of these figures.',
  infer_office_exists: 'Office {office} already exists in the database: not defined again.',
  infer_tz_guess: "time zone {tz} from the log's offsets ({offsets})",
  infer_tz_placeholder:
    "EDIT: placeholder time zone; the log's offsets ({offsets}) are not an Indonesian zone (WIB/WITA/WIT)",
  infer_no_offset: 'no offset',
  infer_office_name: 'EDIT: office name',
  infer_service_name: 'EDIT: service name (draft from {file})',
  infer_service_quota: 'SARAN: p80 case duration (first to last event) = {value}',
  infer_ready:
    'EDIT: the step at which the product is ready; chosen: the most frequent last activity ("{name}", {n} cases)',
  infer_step: '{events} events in {cases} cases ({pct}); resources: {resources}',
  infer_suggest: 'SARAN quota: p80 = {value}',
  infer_no_suggest: 'no quota suggestion (handling time not observed)',
  infer_actor: 'actor = most frequent resource: EDIT to the role (Front Office, Back Office, …)',
  infer_minutes: 'minutes',
  infer_hours: 'hours',
  infer_days: 'days',
  infer_officers: 'Officers = the resources (org:resource) of the log.',
  infer_none: 'none',
};

export const catalogue = { id, en } satisfies Catalogue<typeof id>;
