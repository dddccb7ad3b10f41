-- officer_performance: work of each officer per calendar month.
-- Grain: office × officer × month (month in the office's time zone, a DATE, first day), for
-- every month from the officer's first visit to the office's as-of month.
-- Units: *_min working minutes; within_quota_pct percent 0–100 of completed visits with a quota;
-- breaches = completed visits over their quota; open_visits = visits at the officer's desk at the
-- end of the month (for the month of the as-of instant: at that instant).
-- Inputs: step_visits (office and external steps with an officer), office_as_of(); only the
-- (office, month) pairs in sla_scope_months are computed (the refresh fills it), and only the
-- visits that can count in them are read (variable sla_months_from: the first month in scope).
-- A visit counts in the month of its completion; it is at the desk from its start (its arrival
-- when the start is unknown) until it is handed on: open at the end of month m when it started in
-- m or before and was not handed on in m or before.
with
visits as (
    select office, officer, started_month, completed_month, handling_min, within_quota
    from step_visits
    where officer is not null and clock <> 'applicant'
),

-- visits that can be done in, or open at the end of, a month in scope
relevant as (
    select *
    from visits
    where completed_month is null or completed_month >= cast(getvariable('sla_months_from') as date)
),

officer_months as (
    select f.office, f.officer, sm.month
    from (select office, officer, min(started_month) as first_month from visits group by office, officer) as f
    join sla_scope_months as sm on sm.office = f.office and sm.month >= f.first_month
),

open_at_end as (
    select
        m.office,
        m.officer,
        m.month,
        count(r.office) as open_visits
    from officer_months as m
    left join relevant as r
        on r.office = m.office
        and r.officer = m.officer
        and r.started_month <= m.month
        and (r.completed_month is null or r.completed_month > m.month)
    group by m.office, m.officer, m.month
),

done as (
    select
        r.office,
        r.officer,
        r.completed_month as month,
        count(*) as visits,
        quantile_cont(r.handling_min, 0.5) as median_handling_min,
        quantile_cont(r.handling_min, 0.9) as p90_handling_min,
        100.0 * avg(case when r.within_quota then 1.0 when not r.within_quota then 0.0 end) as within_quota_pct,
        count(*) filter (where r.within_quota = false) as breaches
    from relevant as r
    semi join sla_scope_months as sm on sm.office = r.office and sm.month = r.completed_month
    group by r.office, r.officer, r.completed_month
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
