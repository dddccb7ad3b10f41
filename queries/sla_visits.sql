-- sla_visits (internal view): step visits before pauses are taken out.
-- Grain: case × step × visit. Units: *_pos working positions (working minutes); instants TIMESTAMPTZ.
-- Inputs: sla_transitions, sla_cases, sop_steps. Keyed by case_key (see sla_cases).
-- Rules (SPEC §2.3 points 2–4): per case and step, transitions start/complete/return in SLA order;
-- a `start` opens a visit, a `complete` or `return` closes the open one; a close with no open
-- visit is a visit whose start is unknown. A `start` while the step's visit is already open is
-- the same visit (the first start counts); a visit still open when its case is cancelled is closed
-- by the cancellation (outcome 'cancelled'). arrived_at is the latest earlier complete, return or
-- resubmit of the case before the visit's first transition, or the case's first transition. The
-- officer is that of the first start naming one, else of the close.
-- (the stages read here hold only the cases in scope: during an incremental refresh each is a temp
-- table of the scope's cases shadowing the stored one, so no filter on sla_scope is needed)
with
transitions as (select * from sla_transitions),
cases as (select * from sla_cases),
sop_steps as (select * from sop_steps),

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
        any_value(seq) as seq,
        min(ord) as first_ord,
        -- the hand-over before the visit's first transition, null when there is none (arg_min_null:
        -- arg_min would skip that null and take the hand-over before a later transition of the visit)
        arg_min_null(handover_at, ord) as arrived_at,
        arg_min_null(handover_pos, ord) as arrived_pos,
        arg_min_null(handover_event, ord) as arrived_by,
        min("at") filter (where event = 'start') as started_at,
        min(pos) filter (where event = 'start') as started_pos,
        max("at") filter (where event <> 'start') as completed_at,
        max(pos) filter (where event <> 'start') as completed_pos,
        max(event) filter (where event <> 'start') as close_event,
        -- the officer of the first start that names one, else of the close
        coalesce(arg_min(officer, ord) filter (where event = 'start'), max(officer) filter (where event <> 'start')) as officer
    from numbered
    group by case_key, step, visit_seq
),

-- narrow rows (the case's columns stay in sla_cases, joined by case_key where needed): this
-- table is materialised for the next stages, and step_visits brings in the case's strings once
final as (
    select
        v.case_key,
        v.step,
        v.seq,
        coalesce(st.clock, 'office') as clock,
        coalesce(st.optional, false) as optional,
        -- visits are numbered in the order of their transitions, so visit_seq is 1, 2, … by first_ord
        v.visit_seq as visit_no,
        v.first_ord,
        v.officer,
        coalesce(v.arrived_at, c.submitted_at) as arrived_at,
        coalesce(v.arrived_pos, c.submitted_pos) as arrived_pos,
        v.arrived_by,
        v.started_at,
        v.started_pos,
        coalesce(v.completed_at, case when c.cancel_at >= v.started_at then c.cancel_at end) as completed_at,
        coalesce(v.completed_pos, case when c.cancel_at >= v.started_at then c.cancel_pos end) as completed_pos,
        case
            when v.close_event = 'complete' then 'completed'
            when v.close_event = 'return' then 'returned'
            when c.cancel_at >= v.started_at then 'cancelled'
            else 'open'
        end as outcome,
        st.quota_min
    from visits as v
    join cases as c on c.case_key = v.case_key
    left join sop_steps as st
        on st.office = c.office and st.service = c.service and st.effective_from = c.effective_from and st.step = v.step
)

select * from final
