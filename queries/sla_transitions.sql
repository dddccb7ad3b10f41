-- sla_transitions (internal view): every transition of every case up to the as-of instant, in
-- SLA order, with the case's SOP version and the working position of its instant.
-- Grain: transition (events are deduplicated on load). Units: *_pos = working position in working
-- minutes (see README "Working time"); instants TIMESTAMPTZ.
-- Inputs: events (of the cases in sla_scope), office_extent, offices, services, sop_steps,
-- working_intervals; variables sla_as_of, sla_events_from.
-- Rules (SPEC §2.3): as-of is the explicit sla_as_of or, per office, its latest transition;
-- later events are ignored. A case is (office, case_id); its service is the service of its first
-- transition and its SOP version the one in force on the local date of that transition (the
-- earliest version when the case predates them all). Order: at, then kind (resubmit, start,
-- complete, return, notify, collect, cancel), then SOP order. A step unknown to the case's SOP
-- version is ordered last and measured on the office's clock.
-- (events is read once, filtered to the scope first: no import CTE for it, which would be
-- materialised whole)
with
offices as (select * from offices),
services as (select * from services),
sop_steps as (select * from sop_steps),
working_intervals as (select * from working_intervals),

office_as_of_pos as (select * from office_as_of_pos()),

-- the scope's events; none of them is earlier than sla_events_from (set by an incremental
-- refresh: the earliest first transition of the cases in scope), which lets the scan skip the
-- row groups of older events. The working position of each is found here, while the rows are
-- narrow (the ASOF join sorts them).
scoped as (
    select
        e.*,
        work_pos(e."at", w.start_at, w.minutes, w.cum_start) as pos
    from (
        select e.office, e.case_id, e.service, e.step, e.event, e."at", e.officer
        from events as e
        semi join sla_scope as sc on sc.office = e.office and sc.case_id = e.case_id
        join office_as_of_pos as a on a.office = e.office
        where e."at" >= coalesce(cast(getvariable('sla_events_from') as timestamptz), cast('-infinity' as timestamptz))
            and e."at" <= a.as_of
    ) as e
    asof left join working_intervals as w
        on w.office = e.office and e."at" >= w.start_at
),

cases as (
    select
        office,
        case_id,
        arg_min(service, "at") as service,
        min("at") as submitted_at,
        -- a cancellation closes the case: its open visits and pauses end there
        min("at") filter (where event = 'cancel') as cancel_at,
        -- an integer key of the case for this computation only: the windows and groupings of the
        -- stages partition by it instead of comparing (office, case_id) strings
        row_number() over () as case_key
    from scoped
    group by office, case_id
),

first_versions as (
    select office, service, min(effective_from) as effective_from
    from services
    group by office, service
),

case_versions as (
    select
        c.office,
        c.case_id,
        c.case_key,
        c.service,
        coalesce(v.effective_from, f.effective_from) as effective_from,
        c.submitted_at,
        c.cancel_at
    from cases as c
    join offices as o on o.office = c.office
    asof left join services as v
        on v.office = c.office
        and v.service = c.service
        and cast(local_ts(c.submitted_at, o.utc_offset_min, o.timezone) as date) >= v.effective_from
    left join first_versions as f on f.office = c.office and f.service = c.service
),

version_steps as (
    select
        s.office,
        s.service,
        s.effective_from,
        s.ready_step,
        s.quota_min as case_quota_min,
        r.seq as ready_seq,
        l.step as last_step,
        l.clock as last_clock
    from services as s
    join sop_steps as r
        on r.office = s.office and r.service = s.service and r.effective_from = s.effective_from and r.step = s.ready_step
    join (
        select * from sop_steps
        qualify row_number() over (partition by office, service, effective_from order by seq desc) = 1
    ) as l
        on l.office = s.office and l.service = s.service and l.effective_from = s.effective_from
),

-- what the transitions need of their case, joined once per case rather than once per transition
case_info as (
    select
        c.*,
        v.ready_step,
        v.ready_seq,
        v.case_quota_min,
        v.last_step,
        v.last_clock,
        a.as_of,
        a.as_of_pos,
        -- positions of the first transition and of the cancellation (positions grow with time,
        -- so these are the case's smallest), found once per case
        work_pos(c.submitted_at, ws.start_at, ws.minutes, ws.cum_start) as submitted_pos,
        case when c.cancel_at is not null then work_pos(c.cancel_at, wc.start_at, wc.minutes, wc.cum_start) end as cancel_pos
    from case_versions as c
    join version_steps as v on v.office = c.office and v.service = c.service and v.effective_from = c.effective_from
    join office_as_of_pos as a on a.office = c.office
    asof left join working_intervals as ws on ws.office = c.office and c.submitted_at >= ws.start_at
    asof left join working_intervals as wc on wc.office = c.office and c.cancel_at >= wc.start_at
),

transitions as (
    select
        e.office,
        e.case_id,
        c.case_key,
        c.service,
        c.effective_from,
        e.step,
        st.seq,
        coalesce(st.clock, 'office') as clock,
        st.quota_min,
        coalesce(st.optional, false) as optional,
        e.event,
        e."at",
        e.pos,
        e.officer,
        case e.event
            when 'resubmit' then 1 when 'start' then 2 when 'complete' then 3 when 'return' then 4
            when 'notify' then 5 when 'collect' then 6 else 7
        end as kind_rank,
        c.ready_step,
        c.ready_seq,
        c.case_quota_min,
        c.last_step,
        c.last_clock,
        c.as_of,
        c.as_of_pos,
        c.submitted_at,
        c.submitted_pos,
        c.cancel_at,
        c.cancel_pos
    from scoped as e
    join case_info as c on c.office = e.office and c.case_id = e.case_id
    left join sop_steps as st
        on st.office = e.office and st.service = c.service and st.effective_from = c.effective_from and st.step = e.step
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
    window case_order as (partition by p.case_key order by p."at", p.kind_rank, p.seq nulls last, p.step)
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
