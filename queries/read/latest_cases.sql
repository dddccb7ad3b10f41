-- read/latest_cases: the latest cases submitted in a period, with their status and bottleneck step.
-- Grain: case (case_sla), at most $n, the latest submitted first (then case_id descending).
-- Parameters: $office; $from, $to: local dates of the office's zone, [from, to), of submitted_at; $n.
-- Units: elapsed_min, quota_min working minutes; status and within_quota as of the tables' as-of instant.
-- bottleneck_name: the name of the case's bottleneck step in the case's own SOP version.
-- Read by src/read/report.ts: the monthly report's latest cases.
select
    c.case_id,
    c.service,
    c.submitted_at,
    c.status,
    c.elapsed_min,
    c.quota_min,
    c.within_quota,
    c.bottleneck_step,
    n.name as bottleneck_name
from case_sla as c
inner join offices as o on o.office = c.office
left join sop_steps as n
    on n.office = c.office and n.service = c.service and n.effective_from = c.effective_from and n.step = c.bottleneck_step
where c.office = $office
    and cast(local_ts(c.submitted_at, o.utc_offset_min, o.timezone) as date) >= cast($from as date)
    and cast(local_ts(c.submitted_at, o.utc_offset_min, o.timezone) as date) < cast($to as date)
order by c.submitted_at desc, c.case_id desc
limit $n
