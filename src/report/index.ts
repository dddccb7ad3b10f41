/**
 * The monthly PDF report (docs/reports.md): its data, rendering, archive, the sign-off by the
 * Sekretaris and the Kepala Dinas, and the draft scheduler.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export {
  approveReport,
  checkReport,
  currentReport,
  listReports,
  type ReportRecord,
  reportStates,
  servedReport,
  verifyCopy,
} from './archive.js';
export { checkMonth } from './data.js';
export { startDraftScheduler } from './scheduler.js';
