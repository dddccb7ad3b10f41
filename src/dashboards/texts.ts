/**
 * The pages of the dashboards and their addresses. Their words live in the dashboards catalogue
 * (src/i18n/dashboards.ts).
 */

export const pageIds = [
  'ringkasan',
  'tahapan',
  'petugas',
  'tren',
  'berkas',
  'pengaduan',
  'skm',
  'perbandingan',
] as const;
export type PageId = (typeof pageIds)[number];

/** URL path of each page (`/` is the Ringkasan). */
export const pagePath: Record<PageId, string> = {
  ringkasan: '/',
  tahapan: '/tahapan',
  petugas: '/petugas',
  tren: '/tren',
  berkas: '/berkas',
  pengaduan: '/pengaduan',
  skm: '/skm',
  perbandingan: '/perbandingan',
};
