-- sla_visits (internal view): step visits before pauses are taken out.
-- Grain: case × step × visit. Units: *_pos working positions (working minutes); instants TIMESTAMPTZ.
-- Inputs: sla_transitions.
-- Rules (SPEC §2.3 points 2–4): per case and step, transitions start/complete/return in SLA order;
-- a `start` opens a visit, a `complete` or `return` closes the open one; a close with no open
-- visit is a visit whose start is unknown. A `start` while the step's visit is already open is
-- the same visit (the first start counts); a visit still open when its case is cancelled is closed
-- by the cancellation (outcome 'cancelled'). arrived_at is the latest earlier complete, return or
-- resubmit of the case before the visit's first transition, or the case's first transition.
-- (the stages read here hold only the cases in scope: during an incremental refresh each is a temp
-- table of the scope's cases shadowing the stored one, so no filter on sla_scope is needed)
with
transitions as (select * from sla_transitions),

-- visit number of each start/complete/return of a step: a new visit begins unless the previous
-- transition of the step was a start (which is still open). Counted in one pass: of the first n
-- transitions, those that do not begin a visit are the ones following a start, as many as the
-- starts among the first n − 1; so visit_seq = n − starts up to n + (1 if n is a start).
numbered as (
    select
        *,
        row_number() over step_order
            - count(*) filter (where event = 'start') over (step_order rows between unbounded preceding and current row)
            + case when event = 'start' then 1 else 0 end as visit_seq
    from transitions
    where event in ('start', 'complete', 'return')
    window step_order as (partition by case_key, step order by ord)
),

visits as (
    select
        case_key,
        step,
        visit_seq,
        any_value(office) as office,
        any_value(case_id) as case_id,
        any_value(service) as service,
        any_value(effective_from) as effective_from,
        any_value(seq) as seq,
        any_value(clock) as clock,
        any_value(quota_min) as quota_min,
        any_value(optional) as optional,
        min(ord) as first_ord,
        coalesce(arg_min(handover_at, ord), any_value(submitted_at)) as arrived_at,
        coalesce(arg_min(handover_pos, ord), any_value(submitted_pos)) as arrived_pos,
        arg_min(handover_event, ord) as arrived_by,
        min("at") filter (where event = 'start') as started_at,
        min(pos) filter (where event = 'start') as started_pos,
        max("at") filter (where event <> 'start') as completed_at,
        max(pos) filter (where event <> 'start') as completed_pos,
        max(event) filter (where event <> 'start') as close_event,
        coalesce(arg_min(officer, ord) filter (where event = 'start'), max(officer) filter (where event <> 'start')) as officer,
        any_value(cancel_at) as cancel_at,
        any_value(cancel_pos) as cancel_pos,
        any_value(as_of) as as_of,
        any_value(as_of_pos) as as_of_pos
    from numbered
    group by case_key, step, visit_seq
),

final as (
    select
        office,
        case_id,
        service,
        effective_from,
        step,
        seq,
        clock,
        optional,
        -- visits are numbered in the order of their transitions, so visit_seq is 1, 2, … by first_ord
        visit_seq as visit_no,
        first_ord,
        officer,
        arrived_at,
        arrived_pos,
        arrived_by,
        started_at,
        started_pos,
        coalesce(completed_at, case when cancel_at >= started_at then cancel_at end) as completed_at,
        coalesce(completed_pos, case when cancel_at >= started_at then cancel_pos end) as completed_pos,
        case
            when close_event = 'complete' then 'completed'
            when close_event = 'return' then 'returned'
            when cancel_at >= started_at then 'cancelled'
            else 'open'
        end as outcome,
        quota_min,
        as_of,
        as_of_pos
    from visits
)

select * from final
