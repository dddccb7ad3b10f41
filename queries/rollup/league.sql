-- league: offices compared over one period (issue #27 §2, the "Perbandingan kantor" page).
-- Grain: office (every office of offices). Units: within_quota_pct percent 0–100;
-- median_elapsed_days working days (elapsed working minutes / the office's nominal working day);
-- complaint_ytd_rate and complaint_target ratios 0–1; ikm_converted 25–100.
-- Inputs: the lake's tables offices, case_sla, complaint_resolution, ikm_summary; and
-- rollup_period, one row per office, which the caller gives (a table, a view or a CTE):
--   office, from_at and to_at (TIMESTAMP WITH TIME ZONE: the instants the period begins and ends
--   in the office's own time zone), last_month (DATE: first day of the period's last month),
--   ikm_period_type ('month', 'quarter', 'year') and ikm_period ('2026-05', '2026-Q2', '2026').
-- Definitions, as the Ringkasan tiles of each office: of the cases that became ready in the
-- period, how many, the share within quota and the median working days; complaints resolved year
-- to date at the end of the period's last month, against the office's target (75% unless set);
-- the IKM of the period, all services, and its grade.
--
-- Portable SQL: standard aggregates, CASE, COALESCE, CAST, NULLS LAST, and the ordered-set
-- aggregate PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY …), as DuckDB, PostgreSQL (also on
-- Citus) and Spark SQL (3.3 and later) run it, unchanged (test/lake/postgres.test.ts runs it on
-- PostgreSQL 15 and DuckDB and compares). What differs elsewhere:
--   Trino:      PERCENTILE_CONT … WITHIN GROUP does not exist; write
--               approx_percentile(c.elapsed_min / o.day_minutes, 0.5) (approximate, not
--               interpolated), or the exact median with row_number() over the ready cases.
--   ClickHouse: quantileExact(0.5)(c.elapsed_min / o.day_minutes) — or quantileExactInclusive,
--               which interpolates as PERCENTILE_CONT does.
with
ready as (
    select
        c.office,
        count(*) as ready,
        100.0 * avg(case when c.within_quota then 1.0 when not c.within_quota then 0.0 end) as within_quota_pct,
        percentile_cont(0.5) within group (order by c.elapsed_min / o.day_minutes) as median_elapsed_days
    from case_sla as c
    join offices as o on o.office = c.office
    join rollup_period as p on p.office = c.office
    where c.ready_at >= p.from_at and c.ready_at < p.to_at
    group by c.office
),

complaints as (
    select
        r.office,
        r.ytd_received,
        r.ytd_resolved,
        r.target
    from complaint_resolution as r
    join rollup_period as p on p.office = r.office
    where r.channel is null and r.category is null and r.month = p.last_month
),

ikm as (
    select
        s.office,
        s.ikm_converted_rounded as ikm_converted,
        s.grade,
        s.respondents
    from ikm_summary as s
    join rollup_period as p on p.office = s.office
    where s.service is null and s.period_type = p.ikm_period_type and s.period = p.ikm_period
)

select
    o.office,
    o.name,
    coalesce(r.ready, 0) as ready,
    r.within_quota_pct,
    r.median_elapsed_days,
    k.ytd_received as complaints_received,
    k.ytd_resolved as complaints_resolved,
    case when k.ytd_received > 0 then 1.0 * k.ytd_resolved / k.ytd_received end as complaint_ytd_rate,
    coalesce(k.target, o.complaint_target, 0.75) as complaint_target,
    case when k.ytd_received > 0 then k.ytd_resolved >= coalesce(k.target, o.complaint_target, 0.75) * k.ytd_received end as complaints_meet_target,
    i.ikm_converted,
    i.grade as ikm_grade,
    i.respondents as ikm_respondents
from offices as o
left join ready as r on r.office = o.office
left join complaints as k on k.office = o.office
left join ikm as i on i.office = o.office
order by r.within_quota_pct desc nulls last, o.office
