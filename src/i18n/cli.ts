/** What the `sla` command prints of its own (output lines, warnings, errors of the command itself). */
import type { Catalogue } from './types.js';

const id = {
  demo_service_running:
    'layanan `sla serve` sedang berjalan dengan basis data {path} (PID {pid}); `sla demo` mengganti berkas itu: hentikan layanan dulu',
  db_missing: 'basis data {path} belum ada: muat data dulu (`sla ingest …`) atau buat contoh dengan `sla demo`',
  service_lost: 'layanan memutus sambungan sebelum perintah selesai',
};

const en: Record<keyof typeof id, string> = {
  demo_service_running:
    'an `sla serve` service is running on the database {path} (PID {pid}); `sla demo` replaces that file: stop the service first',
  db_missing: 'the database {path} does not exist: load data first (`sla ingest …`) or build the demo with `sla demo`',
  service_lost: 'the service closed the connection before the command finished',
};

export const cli = { id, en } satisfies Catalogue<typeof id>;
