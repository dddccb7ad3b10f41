-- sla_transitions (internal view): every transition of every case up to the as-of instant, in
-- SLA order, with the working position of its instant.
-- Grain: transition (events are deduplicated on load). Units: *_pos = working position in working
-- minutes (see README "Working time"); instants TIMESTAMPTZ.
-- Inputs: events (of the cases in sla_cases), sla_cases, sop_steps, working_intervals; variable
-- sla_events_from.
-- Rules (SPEC §2.3): later events than the as-of instant are ignored. Order (§2.3.1, revised):
-- at; then a `cancel` after every other transition of that instant; then the SOP order of the
-- step (a step unknown to the case's SOP version last: seq null, then its code); then kind
-- (resubmit, start, complete, return, notify, collect). So at one instant a desk's hand-over
-- precedes the next desk's start, and a desk's own start precedes its own hand-over. A step
-- unknown to the case's SOP version is measured on the office's clock.
-- The rows are kept narrow (the case's columns are in sla_cases, joined by case_key): the window
-- that orders them sorts every column it carries.
with
sop_steps as (select * from sop_steps),
working_intervals as (select * from working_intervals),

-- the scope's events; none of them is earlier than sla_events_from (set by an incremental
-- refresh), which lets the scan skip the row groups of older events
scoped as (
    select
        c.case_key,
        c.office,
        c.service,
        c.effective_from,
        e.step,
        e.event,
        e."at",
        e.officer
    from events as e
    join sla_cases as c on c.office = e.office and c.case_id = e.case_id
    where e."at" >= coalesce(cast(getvariable('sla_events_from') as timestamptz), cast('-infinity' as timestamptz))
        and e."at" <= c.as_of
),

transitions as (
    select
        e.case_key,
        e.step,
        st.seq,
        e.event,
        e."at",
        work_pos(e."at", w.start_at, w.minutes, w.cum_start) as pos,
        e.officer,
        event_kind_rank(e.event) as kind_rank
    from scoped as e
    asof left join working_intervals as w
        on w.office = e.office and e."at" >= w.start_at
    left join sop_steps as st
        on st.office = e.office and st.service = e.service and st.effective_from = e.effective_from and st.step = e.step
),

windowed as (
    select
        p.*,
        row_number() over case_order as ord,
        -- the latest earlier complete, return or resubmit of the case (SPEC §2.3 point 3): the
        -- last one before this transition in SLA order (one window function for its three fields)
        lag(case when p.event in ('complete', 'return', 'resubmit') then {'at': p."at", 'pos': p.pos, 'event': p.event} end ignore nulls)
            over case_order as handover,
        lead({'at': p."at", 'pos': p.pos}) over case_order as next
    from transitions as p
    window case_order as (partition by p.case_key order by p."at", p.kind_rank = 7, p.seq nulls last, p.step, p.kind_rank)
),

final as (
    select
        * exclude (handover, next),
        handover.at as handover_at,
        handover.pos as handover_pos,
        handover.event as handover_event,
        next.at as next_at,
        next.pos as next_pos
    from windowed
)

select * from final
