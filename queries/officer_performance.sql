-- officer_performance: work of each officer per calendar month.
-- Grain: office × officer × month (month in the office's time zone, a DATE, first day), for
-- every month from the officer's first visit to the office's as-of month.
-- Units: *_min working minutes; within_quota_pct percent 0–100 of completed visits with a quota;
-- breaches = completed visits over their quota; open_visits = visits at the officer's desk at the
-- end of the month (for the month of the as-of instant: at that instant).
-- Inputs: step_visits (office and external steps with an officer), officer_carry; only the
-- (office, month) pairs in sla_scope_months are computed (the refresh fills it), and only the
-- visits that can count in them are read (variable sla_months_from: the first month in scope).
-- A visit counts in the month of its completion; it is at the desk from its start (its arrival
-- when the start is unknown) until it is handed on: open at the end of month m when it started in
-- m or before and was not handed on in m or before. Visits before the first month in scope are
-- not read: officer_carry (filled by the refresh) holds their count per officer.
with
-- visits that can be done in, or open at the end of, a month in scope (a visit started in a month
-- in scope is handed on in it or later, or not yet). step_visits is stored in order of
-- completed_month, so the row groups of older months are skipped, not read.
visits as (
    select office, officer, started_month, completed_month, handling_min, within_quota
    from step_visits
    where officer is not null and clock <> 'applicant'
        and (completed_month is null or completed_month >= cast(getvariable('sla_months_from') as date))
),

-- visits started and handed on per officer and month (a narrow count over the visits read), then
-- running totals: open at the end of m = started by m − handed on by m
-- the first month in scope; the visits started before it are not read again: the refresh puts
-- in officer_carry, per officer already at work before that month, the visits still at the desk
-- when it began (the stored open_visits of the month before; empty for a full recompute)
months_from as (select cast(getvariable('sla_months_from') as date) as m),

before as (
    select office, officer, (select m from months_from) as first_month, carried
    from officer_carry
),

-- visits started and handed on per month, from the first month in scope on
flows as (
    select office, officer, month, sum(started) as started, sum(done) as done
    from (
        select office, officer, started_month as month, 1 as started, 0 as done
        from visits where started_month >= (select m from months_from)
        union all
        select office, officer, completed_month, 0, 1
        from visits where completed_month >= (select m from months_from)
    )
    group by office, officer, month
),

officer_months as (
    select f.office, f.officer, sm.month
    from (
        select office, officer, min(first_month) as first_month
        from (
            select office, officer, first_month from before
            union all
            select office, officer, min(month) from flows group by office, officer
        )
        group by office, officer
    ) as f
    join (select office, month from sla_scope_months
          union
          select office, month from flows) as sm
        on sm.office = f.office and sm.month >= f.first_month
        and sm.month <= (select max(x.month) from sla_scope_months as x where x.office = f.office)
),

-- open at the end of month m = carried + started − handed on from the first month in scope to m
open_at_end as (
    select
        m.office,
        m.officer,
        m.month,
        coalesce(b.carried, 0) + sum(coalesce(f.started, 0) - coalesce(f.done, 0)) over (
            partition by m.office, m.officer order by m.month rows between unbounded preceding and current row
        ) as open_visits
    from officer_months as m
    left join flows as f on f.office = m.office and f.officer = m.officer and f.month = m.month
    left join before as b on b.office = m.office and b.officer = m.officer
),

done as (
    select
        r.office,
        r.officer,
        r.completed_month as month,
        count(*) as visits,
        quantile_cont(r.handling_min, 0.5) as median_handling_min,
        quantile_cont(r.handling_min, 0.9) as p90_handling_min,
        share_within(r.within_quota) as within_quota_pct,
        count(*) filter (where r.within_quota = false) as breaches
    from visits as r
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
        cast(o.open_visits as bigint) as open_visits
    from open_at_end as o
    semi join sla_scope_months as sm on sm.office = o.office and sm.month = o.month
    left join done as d on d.office = o.office and d.officer = o.officer and d.month = o.month
)

select * from final
