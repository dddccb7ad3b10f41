/**
 * What the service (`sla serve`) writes to its log for the person running it: start, users, the
 * automatic report drafts, the lake export and roll-up, the command channel. In the configured
 * language (SLA_LANG, docs/i18n.md "The service's log"); structured fields stay identifiers.
 */
import type { Catalogue } from './types.js';

const id = {
  serve_building_demo: '{db} belum ada: membangun basis data dari {sample}/ …',
  serve_users_loaded: '{file}: {users} pengguna, {tokens} token',
  serve_local_mode: 'belum ada pengguna: mode lokal, hanya mendengarkan di 127.0.0.1',
  serve_rollup_listening: 'sla-dpmptsp roll-up ({n} lake): {url}',
  serve_summaries_failed: 'ringkasan dasbor: {detail}',
  serve_failed: 'sla serve gagal: {detail}',
  drafts_recorded: 'laporan otomatis: draf {office} {month} dibuat (laporan {report})',
  drafts_skipped: 'laporan otomatis: {office} {month} dilewati: {reason}',
  drafts_failed: 'laporan otomatis: {detail}',
  lake_read: 'lake: {dir}: {files} berkas, diekspor {at}',
  lake_reloaded: 'lake: {dir}: ekspor baru dibaca',
  lake_exported: 'lake: {dir}: {written} berkas ditulis, {removed} dihapus',
  lake_failed: 'lake: {detail}',
  channel_failed: 'perintah sla: {detail}',
};

const en: Record<keyof typeof id, string> = {
  serve_building_demo: '{db} does not exist: building the database from {sample}/ …',
  serve_users_loaded: '{file}: {users} users, {tokens} tokens',
  serve_local_mode: 'no users configured: local mode, loopback only (127.0.0.1)',
  serve_rollup_listening: 'sla-dpmptsp roll-up ({n} lakes): {url}',
  serve_summaries_failed: 'dashboard summaries: {detail}',
  serve_failed: 'sla serve failed: {detail}',
  drafts_recorded: 'automatic reports: draft of {office} {month} recorded (report {report})',
  drafts_skipped: 'automatic reports: {office} {month} skipped: {reason}',
  drafts_failed: 'automatic reports: {detail}',
  lake_read: 'lake: {dir}: {files} files, exported {at}',
  lake_reloaded: 'lake: {dir}: new export read',
  lake_exported: 'lake: {dir}: {written} files written, {removed} removed',
  lake_failed: 'lake: {detail}',
  channel_failed: 'sla command: {detail}',
};

export const service = { id, en } satisfies Catalogue<typeof id>;
