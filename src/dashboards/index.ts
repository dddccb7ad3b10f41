/**
 * The pages of the Kepala Dinas and the other users: filters, layout, Vega-Lite specs, the
 * drill-down lists and their CSV/XLSX; the figures come from read/.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './drill.js';
export { errorPage } from './error-page.js';
export { categoryLabel, categoryOrder, channelLabel, stageLabel } from './labels.js';
export { buildPage } from './pages.js';
export { dashFilters, resolvePeriod } from './period.js';
export { renderReportsPage, renderVerifyPage, type ReportPageOffice } from './reports.js';
export { esc, renderShell, reportLinks, userBox, usersLink, type Who, whoOf } from './shell.js';
export { complaintResolutionSpec, ikmUnsurSpec, stepTimeSpec, trendSpec } from './specs.js';
export { pageIds, pagePath } from './texts.js';
export { renderUploadPage } from './upload.js';
export { sectionWorkbook } from './xlsx.js';
