-- officer_performance: work of each officer per calendar month.
-- Grain: office × officer × month (month in the office's time zone, a DATE, first day).
-- Units: *_min working minutes; within_quota_pct percent 0–100 of completed visits with a quota;
-- breaches = completed visits over their quota; open_visits = visits at the officer's desk at the
-- end of the month (or at the as-of instant, for the month holding it).
-- Inputs: step_visits (office and external steps with an officer), offices; only the
-- (office, month) pairs in sla_scope_months are computed (the refresh fills it).
-- A visit counts in the month of its completed_at; it is at the desk from its start (its arrival
-- when the start is unknown) until its completion.
with
visits as (select * from step_visits where officer is not null and clock <> 'applicant'),
offices as (select * from offices),

local as (
    select
        v.*,
        o.timezone,
        a.as_of,
        cast(date_trunc('month', timezone(o.timezone, v.completed_at)) as date) as done_month,
        cast(date_trunc('month', timezone(o.timezone, coalesce(v.started_at, v.arrived_at))) as date) as from_month,
        cast(date_trunc('month', timezone(o.timezone, a.as_of)) as date) as as_of_month
    from visits as v
    join offices as o on o.office = v.office
    join office_as_of() as a on a.office = v.office
),

done as (
    select
        office,
        officer,
        done_month as month,
        count(*) as visits,
        quantile_cont(handling_min, 0.5) as median_handling_min,
        quantile_cont(handling_min, 0.9) as p90_handling_min,
        100.0 * avg(case when within_quota then 1.0 when not within_quota then 0.0 end) as within_quota_pct,
        count(*) filter (where within_quota = false) as breaches
    from local
    semi join sla_scope_months as sm on sm.office = local.office and sm.month = local.done_month
    where completed_at is not null
    group by office, officer, done_month
),

-- every month of each officer from the first visit to the as-of month
months as (
    select office, officer, timezone, cast(m.generate_series as date) as month, as_of
    from (
        select office, officer, any_value(timezone) as timezone, min(from_month) as first_month,
            max(as_of_month) as last_month, any_value(as_of) as as_of
        from local
        group by office, officer
    ) as r
    cross join generate_series(r.first_month, r.last_month, interval 1 month) as m
    semi join sla_scope_months as sm on sm.office = r.office and sm.month = cast(m.generate_series as date)
),

month_ends as (
    select
        *,
        least(timezone(timezone, cast(month + interval 1 month as timestamp)), as_of) as month_end
    from months
),

open_at_end as (
    select
        e.office,
        e.officer,
        e.month,
        count(l.office) as open_visits
    from month_ends as e
    left join local as l
        on l.office = e.office
        and l.officer = e.officer
        and coalesce(l.started_at, l.arrived_at) < e.month_end
        and (l.completed_at is null or l.completed_at >= e.month_end)
    group by e.office, e.officer, e.month
),

final as (
    select
        o.office,
        o.officer,
        o.month,
        coalesce(d.visits, 0) as visits,
        d.median_handling_min,
        d.p90_handling_min,
        d.within_quota_pct,
        coalesce(d.breaches, 0) as breaches,
        o.open_visits
    from open_at_end as o
    left join done as d on d.office = o.office and d.officer = o.officer and d.month = o.month
)

select * from final
