import { DEFAULT_DAY_MINUTES } from '../vocabulary.js';
import { Rng } from './rng.js';
import { DAY, MIN, monthStartDay, Calendar } from './calendar.js';
import { type Officer, type Catalogue, personName } from './catalogue.js';
import { csvRow, ChunkWriter } from './writer.js';
import { type CaseRec } from './cases.js';
import { COMPLAINT_CHANNELS } from './options.js';

// ---------------------------------------------------------------------------------------------
// Complaints
// ---------------------------------------------------------------------------------------------

export interface Subject {
  text: string;
  resolution: string;
  service: boolean;
  heavy?: boolean;
}

export const SUBJECTS: readonly Subject[] = [
  {
    text: 'Berkas belum selesai melewati jangka waktu',
    resolution: 'Berkas diprioritaskan dan izin telah diterbitkan',
    service: true,
  },
  {
    text: 'Petugas loket tidak ramah',
    resolution: 'Petugas telah diberi pembinaan oleh atasan langsung',
    service: false,
  },
  {
    text: 'Persyaratan berbeda dengan informasi di website',
    resolution: 'Informasi persyaratan di website telah diperbarui',
    service: true,
  },
  { text: 'Antrean di loket terlalu lama', resolution: 'Penambahan petugas loket pada jam sibuk', service: false },
  {
    text: 'Aplikasi perizinan tidak dapat diakses',
    resolution: 'Gangguan sistem telah diperbaiki oleh pengelola aplikasi',
    service: true,
  },
  {
    text: 'Tidak ada pemberitahuan saat izin sudah selesai',
    resolution: 'Notifikasi WhatsApp dan SMS telah diaktifkan kembali',
    service: true,
  },
  {
    text: 'Kesalahan penulisan nama pada surat izin',
    resolution: 'Surat izin telah diperbaiki dan diterbitkan ulang',
    service: true,
  },
  {
    text: 'Dugaan permintaan biaya tidak resmi oleh oknum',
    resolution: 'Telah dilakukan pemeriksaan dan oknum dijatuhi sanksi disiplin',
    service: true,
    heavy: true,
  },
  {
    text: 'Ruang tunggu panas dan kursi kurang',
    resolution: 'Pendingin ruangan diperbaiki dan kursi ditambah',
    service: false,
  },
  {
    text: 'Telepon kantor tidak pernah diangkat',
    resolution: 'Petugas piket telepon telah ditetapkan',
    service: false,
  },
  {
    text: 'Status permohonan tidak diperbarui',
    resolution: 'Status permohonan telah disinkronkan dan pemohon diberi penjelasan',
    service: true,
  },
  {
    text: 'Tanda tangan Kepala Dinas terlalu lama',
    resolution: 'Penandatanganan elektronik dijadwalkan setiap hari kerja',
    service: true,
  },
  {
    text: 'Berkas dikembalikan tanpa penjelasan yang jelas',
    resolution: 'Pemohon telah diberi penjelasan tertulis kekurangan berkas',
    service: true,
  },
  {
    text: 'Jam layanan tidak sesuai dengan yang diumumkan',
    resolution: 'Jam layanan diumumkan ulang dan petugas ditegur',
    service: false,
  },
  {
    text: 'Rekomendasi dinas teknis belum keluar',
    resolution: 'Telah dikoordinasikan dengan dinas teknis dan rekomendasi terbit',
    service: true,
  },
  {
    text: 'Tempat parkir pemohon tidak tertata',
    resolution: 'Petugas parkir telah ditambah dan area parkir ditata',
    service: false,
  },
];

export const CHANNEL_WEIGHTS = [4, 5, 12, 7, 8, 8, 3, 16, 10, 12, 7, 1.5, 5]; // aligned with COMPLAINT_CHANNELS
export const ONLINE_CHANNELS = new Set(['email', 'website', 'sms', 'whatsapp', 'sp4n_lapor', 'media_sosial']);
export const CATEGORIES = ['ringan', 'sedang', 'berat'] as const;
export const PHONE_PREFIXES = [
  '0811',
  '0812',
  '0813',
  '0821',
  '0822',
  '0852',
  '0853',
  '0815',
  '0816',
  '0817',
  '0818',
  '0819',
  '0857',
  '0858',
  '0877',
  '0878',
  '0895',
  '0896',
  '0881',
  '0882',
];
/** the one office-year that misses the 75% target */
export const LOW_RESOLUTION = { office: 'rokan-hilir', year: 2025 };

export function phone(rng: Rng): string {
  let s = rng.pick(PHONE_PREFIXES);
  const n = rng.int(7, 8);
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

export function writeComplaints(
  w: ChunkWriter,
  seed: number,
  cat: Catalogue,
  cal: Calendar,
  months: Array<{ y: number; m: number; d0: number; d1: number }>,
  cases: CaseRec[],
  rangeEnd: number,
): number {
  let total = 0;
  for (const od of cat.offices) {
    const services = cat.services.filter((s) => s.office === od);
    if (services.length === 0) continue;
    const rng = new Rng(seed, 'complaints:' + od.code);
    const officeCases = cases.filter((c) => c.svc.office === od).sort((a, b) => a.t0 - b.t0);
    const caseTimes = officeCases.map((c) => c.t0);
    const desk = od.roles.get('Front Office') ?? od.roles.get('Back Office') ?? [];
    const head = od.roles.get('Kepala Bidang') ?? od.roles.get('Sekretaris') ?? [];
    const kadis = od.roles.get('Kepala Dinas') ?? [];
    const seq = new Map<number, number>();
    months.forEach((mo, mi) => {
      const n = rng.int(8, 15);
      const days = cal.workingDaysIn(mo.d0, mo.d1);
      const items: Array<{ t: number; channel: string }> = [];
      for (let j = 0; j < n; j++) {
        // the first complaint of each month rotates through the channels so every channel occurs
        const channel =
          j === 0
            ? (COMPLAINT_CHANNELS[(mi + od.index * 5) % 13] as string)
            : (COMPLAINT_CHANNELS[rng.weighted(CHANNEL_WEIGHTS)] as string);
        let t: number;
        if (ONLINE_CHANNELS.has(channel) || days.length === 0) {
          const d = mo.d0 + Math.floor(rng.next() * (mo.d1 - mo.d0));
          t = d * DAY + 6 * 3600 + Math.floor(rng.next() * 17 * 3600);
        } else t = cal.timeOnDay(rng.pick(days), rng.next());
        items.push({ t, channel });
      }
      items.sort((a, b) => a.t - b.t);
      for (const it of items) {
        const k = (seq.get(mo.y) ?? 0) + 1;
        seq.set(mo.y, k);
        const id = `PGD-${od.prefix}-${mo.y}-${String(k).padStart(4, '0')}`;
        const subj = rng.pick(SUBJECTS);
        const cat3 = subj.heavy ? (rng.next() < 0.7 ? 2 : 1) : rng.weighted([72, 22, 6]);
        const category = CATEGORIES[cat3] as string;
        let service = '';
        let caseId = '';
        if (subj.service && rng.next() < 0.75) {
          service = rng.pick(services).code;
          if (rng.next() < 0.5) {
            // link to a case of that service submitted in the 45 days before
            const hi = lowerBound(caseTimes, it.t);
            const lo = lowerBound(caseTimes, it.t - 45 * DAY);
            for (let tries = 0; tries < 6 && hi > lo; tries++) {
              const c = officeCases[lo + Math.floor(rng.next() * (hi - lo))] as CaseRec;
              if (c.svc.code === service) {
                caseId = c.id;
                break;
              }
            }
          }
        }
        const anonymous = (it.channel === 'kotak_saran' || it.channel === 'sp4n_lapor') && rng.next() < 0.5;
        const name = anonymous ? '' : personName(rng);
        const contact = anonymous ? '' : phone(rng);
        const handler = cat3 === 0 ? desk : cat3 === 1 ? head : kadis;
        const handledBy = handler.length ? (rng.pick(handler) as Officer).id : '';

        // outcome group
        const low = od.code === LOW_RESOLUTION.office && mo.y === LOW_RESOLUTION.year;
        const g = low ? rng.weighted([62, 18, 20]) : rng.weighted([83, 9, 8]); // fast, slow/next year, open
        const stages: string[] = ['cek_administrasi'];
        if (rng.next() < [0.1, 0.4, 0.7][cat3]!) stages.push('survei_lapangan');
        stages.push('koordinasi_internal');
        if (rng.next() < [0.05, 0.25, 0.6][cat3]!) stages.push('koordinasi_instansi');
        const cek = cal.addWorking(it.t, Math.round(rng.logn(90, 0.8) * MIN));
        let resolved = -1;
        if (g === 0) resolved = cal.addWorking(cek, Math.round(rng.logn([900, 2250, 4500][cat3]!, 0.5) * MIN));
        else if (g === 1) {
          if (low) {
            // resolved only in the next year (January–April)
            const nd = cal.workingDaysIn(monthStartDay(mo.y + 1, 1), monthStartDay(mo.y + 1, 5));
            resolved = Math.max(cal.timeOnDay(rng.pick(nd), rng.next()), cal.addWorking(cek, 3600));
          } else resolved = cal.addWorking(cek, Math.round(DEFAULT_DAY_MINUTES * rng.int(20, 60) * MIN));
        }
        if (resolved >= 0) stages.push('selesai');
        else stages.length = 1 + Math.floor(rng.next() * (stages.length - 1)) + 1; // stops at an intermediate stage
        // intermediate stage changes spread over the working time between cek and the end
        const span = resolved >= 0 ? cal.workingSecs(cek, resolved) : Math.round(rng.logn(2000, 0.6) * MIN);
        const times: number[] = [it.t, cek];
        const mids = stages.length - 1 - (resolved >= 0 ? 1 : 0);
        const fr: number[] = [];
        for (let s = 0; s < mids; s++) fr.push(0.1 + 0.8 * rng.next());
        fr.sort((a, b) => a - b);
        for (const f of fr) times.push(cal.addWorking(cek, Math.round(span * f)));
        if (resolved >= 0) times.push(resolved);
        const allStages = ['diterima', ...stages];
        const common = [
          id,
          od.code,
          cal.iso(it.t) + od.offset,
          it.channel,
          category,
          subj.text,
          service,
          caseId,
          name,
          contact,
        ];
        for (let s = 0; s < allStages.length; s++) {
          const at = times[s] as number;
          if (at >= rangeEnd) break;
          const st = allStages[s] as string;
          const isDone = st === 'selesai';
          w.add(
            csvRow([
              ...common,
              st,
              cal.iso(at) + od.offset,
              s >= 1 ? cal.iso(cek) + od.offset : '',
              isDone ? cal.iso(at) + od.offset : '',
              isDone ? subj.resolution : '',
              s >= 1 ? handledBy : '',
            ]),
          );
        }
        total++;
      }
    });
  }
  return total;
}

export function lowerBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
