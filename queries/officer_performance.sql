-- officer_performance: work of each officer per calendar month.
-- Grain: office × officer × month (month in the office's time zone, a DATE, first day), for
-- every month from the officer's first visit to the office's as-of month.
-- Units: *_min working minutes; within_quota_pct percent 0–100 of completed visits with a quota;
-- breaches = completed visits over their quota; open_visits = visits at the officer's desk at the
-- end of the month (for the month of the as-of instant: at that instant).
-- Inputs: step_visits (office and external steps with an officer), office_as_of(); only the
-- (office, month) pairs in sla_scope_months are computed (the refresh fills it).
-- A visit counts in the month of its completion; it is at the desk from its start (its arrival
-- when the start is unknown) until it is handed on: open at the end of month m when it started in
-- m or before and was not handed on in m or before.
with
visits as (select * from step_visits where officer is not null and clock <> 'applicant'),
offices as (select * from offices),

as_of_months as (
    select a.office, cast(date_trunc('month', local_ts(a.as_of, o.utc_offset_min, o.timezone)) as date) as as_of_month
    from office_as_of() as a
    join offices as o on o.office = a.office
),

-- visits started and handed on per officer and month, over all months (cheap counts)
flows as (
    select office, officer, month, sum(started) as started, sum(done) as done
    from (
        select office, officer, started_month as month, 1 as started, 0 as done from visits
        union all
        select office, officer, completed_month, 0, 1 from visits where completed_month is not null
    )
    group by office, officer, month
),

-- every month of each officer from the first visit to the as-of month
months as (
    select f.office, f.officer, cast(m.generate_series as date) as month
    from (select office, officer, min(month) as first_month from flows group by office, officer) as f
    join as_of_months as a on a.office = f.office
    cross join generate_series(f.first_month, a.as_of_month, interval 1 month) as m
),

open_at_end as (
    select
        m.office,
        m.officer,
        m.month,
        sum(coalesce(f.started, 0) - coalesce(f.done, 0)) over (
            partition by m.office, m.officer order by m.month rows between unbounded preceding and current row
        ) as open_visits
    from months as m
    left join flows as f on f.office = m.office and f.officer = m.officer and f.month = m.month
),

done as (
    select
        v.office,
        v.officer,
        v.completed_month as month,
        count(*) as visits,
        quantile_cont(v.handling_min, 0.5) as median_handling_min,
        quantile_cont(v.handling_min, 0.9) as p90_handling_min,
        100.0 * avg(case when v.within_quota then 1.0 when not v.within_quota then 0.0 end) as within_quota_pct,
        count(*) filter (where v.within_quota = false) as breaches
    from visits as v
    semi join sla_scope_months as sm on sm.office = v.office and sm.month = v.completed_month
    group by v.office, v.officer, v.completed_month
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
        cast(o.open_visits as bigint) as open_visits
    from open_at_end as o
    semi join sla_scope_months as sm on sm.office = o.office and sm.month = o.month
    left join done as d on d.office = o.office and d.officer = o.officer and d.month = o.month
)

select * from final
