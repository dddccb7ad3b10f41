/**
 * The complaint register (SPEC §2.4): stages, resolution within the target, escalations, the
 * monthly figures and the complainants' retention.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export {
  complaintMonthly,
  type ComplaintMonthly,
  escalationLabel,
  latestAsOf,
  monthAsOf,
  type OpenComplaint,
  openComplaints,
  purgeComplainants,
  purgeCutoff,
  type ResolutionRow,
  resolutionRows,
} from './complaints.js';
