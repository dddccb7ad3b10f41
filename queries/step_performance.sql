-- step_performance: service time per SOP step and calendar month.
-- Grain: office × service × step × month (month of completed_at in the office's time zone; a
-- DATE, the first day of the month). Units: *_min working minutes; within_quota_pct percent
-- 0–100 of completed visits with a quota (null when none has one).
-- Inputs: step_visits (completed, returned and cancelled visits; open visits have no month yet);
-- only the (office, month) pairs in sla_scope_months are computed (the refresh fills it, and sets
-- the variable sla_months_from to the first of them so that older row groups are skipped).
with
visits as (
    select v.*
    from step_visits as v
    semi join sla_scope_months as sm on sm.office = v.office and sm.month = v.completed_month
    where v.completed_month >= cast(getvariable('sla_months_from') as date)
),

final as (
    select
        office,
        service,
        step,
        completed_month as month,
        count(*) as visits,
        quantile_cont(handling_min, 0.5) as median_handling_min,
        quantile_cont(handling_min, 0.9) as p90_handling_min,
        share_within(within_quota) as within_quota_pct,
        sum(excess_min) as excess_min_total,
        -- SPEC §2.3.9: the period's bottleneck of a service is judged by these two
        -- (bottleneck_rank)
        sum(over_min) as over_min_total,
        sum(coalesce(queue_min, 0) + handling_min) filter (where clock <> 'applicant') as queue_handling_min_total,
        -- extra columns (documented in the README)
        any_value(quota_min) as quota_min,
        quantile_cont(queue_min, 0.5) as median_queue_min,
        count(started_at) as visits_with_start,
        min(seq) as seq,
        any_value(clock) as clock
    from visits
    group by office, service, step, completed_month
)

select * from final
