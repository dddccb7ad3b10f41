/**
 * The work each officer handed on: one definition for every surface that shows it (the SLA API
 * and the dashboards), over step_visits as `v`.
 */

/** The figures of the work handed on over visits `v` (see handedOnByOfficer). */
export const OFFICER_AGGS = `count(*) as visits,
      quantile_cont(v.handling_min, 0.5) as median_handling_min,
      quantile_cont(v.handling_min, 0.9) as p90_handling_min,
      share_within(v.within_quota) as within_quota_pct,
      count(*) filter (where v.within_quota = false) as breaches`;

/**
 * Per office and officer, the visits of office and external steps completed (handed on) that
 * satisfy `where`: visits, median and p90 handling minutes (`quantile_cont`), share within the
 * step quota as a percentage 0–100 (visits without a quota not counted), and breaches.
 * `join` adds relations the condition reads (e.g. `offices o`).
 */
export function handedOnByOfficer(where: string, join = ''): string {
  return `select v.office, v.officer, ${OFFICER_AGGS}
    from step_visits v ${join}
    where v.officer is not null and v.clock <> 'applicant' and v.completed_at is not null and (${where})
    group by v.office, v.officer`;
}
