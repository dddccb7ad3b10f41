-- read/service_period: the case figures of a period per office and service, and pooled per office.
-- Grain: office × service (g = 0; every service of the catalogue and every service with cases) and office
-- (g = 1, service null: the office's totals, aggregated from the cases, not from the service rows).
-- Parameters: $office, $service ('' = every one); $from, $to: local dates of each office's own zone,
-- [from, to). A case counts as submitted (ready) in the period by the local date of submitted_at (ready_at).
-- Units: *_min working minutes; median_elapsed_days working days of the office (offices.day_minutes);
-- within_quota_pct percent 0–100 of the ready cases with a quota (share_within, as every "tepat waktu").
-- quota_min: the service's quota in its latest SOP version (null: none). Status counts (in_progress,
-- overdue_now, uncollected) are as of the tables' as-of instant, whatever the period.
-- Read by src/read/services.ts: GET /api/sla/summary, the monthly report's service table and totals.
with
cases as (
    select
        t.office,
        t.service,
        t.elapsed_min,
        t.within_quota,
        t.status,
        t.returned_count,
        o.day_minutes,
        coalesce(
            cast(local_ts(t.submitted_at, o.utc_offset_min, o.timezone) as date) >= cast($from as date)
            and cast(local_ts(t.submitted_at, o.utc_offset_min, o.timezone) as date) < cast($to as date),
            false
        ) as submitted_in,
        coalesce(
            cast(local_ts(t.ready_at, o.utc_offset_min, o.timezone) as date) >= cast($from as date)
            and cast(local_ts(t.ready_at, o.utc_offset_min, o.timezone) as date) < cast($to as date),
            false
        ) as ready_in
    from case_sla as t
    inner join offices as o on o.office = t.office
    where ($office = '' or t.office = $office) and ($service = '' or t.service = $service)
),

figures as (
    select
        office,
        service,
        grouping(service) as g,
        count(*) as cases,
        count(*) filter (where submitted_in) as submitted,
        count(*) filter (where ready_in) as ready,
        count(*) filter (where ready_in and within_quota) as within_quota,
        share_within(case when ready_in then within_quota end) as within_quota_pct,
        quantile_cont(elapsed_min, 0.5) filter (where ready_in) as median_elapsed_min,
        quantile_cont(elapsed_min, 0.9) filter (where ready_in) as p90_elapsed_min,
        quantile_cont(elapsed_min / day_minutes, 0.5) filter (where ready_in) as median_elapsed_days,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'in_progress' and within_quota = false) as overdue_now,
        count(*) filter (where submitted_in and returned_count > 0) as returned_cases
    from cases
    group by grouping sets ((office, service), (office))
),

catalogue as (
    select
        office,
        service,
        arg_max(name, effective_from) as name,
        arg_max_null(quota_min, effective_from) as quota_min
    from services
    where ($office = '' or office = $office) and ($service = '' or service = $service)
    group by office, service
),

waiting as (
    select office, service, count(*) as uncollected
    from uncollected_products
    where ($office = '' or office = $office) and ($service = '' or service = $service)
    group by office, service
),

rows as (
    select
        coalesce(f.office, c.office) as office,
        coalesce(f.service, c.service) as service,
        coalesce(f.g, 0) as g,
        c.name,
        c.quota_min,
        f.cases,
        f.submitted,
        f.ready,
        f.within_quota,
        f.within_quota_pct,
        f.median_elapsed_min,
        f.p90_elapsed_min,
        f.median_elapsed_days,
        f.in_progress,
        f.overdue_now,
        f.returned_cases
    from (select * from figures where g = 0) as f
    full join catalogue as c on c.office = f.office and c.service = f.service
    union all
    select office, null, 1, null, null, cases, submitted, ready, within_quota, within_quota_pct, median_elapsed_min,
        p90_elapsed_min, median_elapsed_days, in_progress, overdue_now, returned_cases
    from figures where g = 1
)

select
    r.office,
    r.service,
    r.g,
    r.name,
    r.quota_min,
    coalesce(r.cases, 0) as cases,
    coalesce(r.submitted, 0) as submitted,
    coalesce(r.ready, 0) as ready,
    coalesce(r.within_quota, 0) as within_quota,
    r.within_quota_pct,
    r.median_elapsed_min,
    r.p90_elapsed_min,
    r.median_elapsed_days,
    coalesce(r.in_progress, 0) as in_progress,
    coalesce(r.overdue_now, 0) as overdue_now,
    coalesce(r.returned_cases, 0) as returned_cases,
    case when r.g = 0 then coalesce(w.uncollected, 0)
        else (select coalesce(sum(x.uncollected), 0) from waiting as x where x.office = r.office) end as uncollected
from rows as r
left join waiting as w on w.office = r.office and w.service = r.service
order by r.office, r.g, r.service
