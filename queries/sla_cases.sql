-- sla_cases (internal view): every case in scope once, with what its transitions are measured by.
-- Grain: case. Units: *_pos working positions (working minutes); instants TIMESTAMPTZ.
-- Inputs: events (of the cases in sla_scope), office_extent, offices, services, sop_steps,
-- working_intervals; variables sla_as_of, sla_events_from.
-- Rules (SPEC §2.3): as-of is the explicit sla_as_of or, per office, its latest transition;
-- later events are ignored. A case is (office, case_id); its service is the service of its first
-- transition and its SOP version the one in force on the local date of that transition (the
-- earliest version when the case predates them all). A cancellation closes the case.
-- case_key: an integer key of the case for this computation only; the later stages join and
-- partition by it instead of comparing (office, case_id) strings, and carry the per-case columns
-- here rather than on every transition.
with
offices as (select * from offices),
services as (select * from services),
sop_steps as (select * from sop_steps),
working_intervals as (select * from working_intervals),

office_as_of_pos as (select * from office_as_of_pos()),

-- the scope's events up to the as-of instant; none of them is earlier than sla_events_from (set by
-- an incremental refresh: the earliest first transition of the cases in scope), which lets the
-- scan skip the row groups of older events
cases as (
    select
        e.office,
        e.case_id,
        arg_min(e.service, e."at") as service,
        min(e."at") as submitted_at,
        min(e."at") filter (where e.event = 'cancel') as cancel_at
    from events as e
    semi join sla_scope as sc on sc.office = e.office and sc.case_id = e.case_id
    join office_as_of_pos as a on a.office = e.office
    where e."at" >= coalesce(cast(getvariable('sla_events_from') as timestamptz), cast('-infinity' as timestamptz))
        and e."at" <= a.as_of
    group by e.office, e.case_id
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

final as (
    select
        cast(row_number() over () as integer) as case_key,
        c.office,
        c.case_id,
        c.service,
        c.effective_from,
        v.ready_step,
        v.ready_seq,
        v.case_quota_min,
        v.last_step,
        v.last_clock,
        a.as_of,
        a.as_of_pos,
        c.submitted_at,
        -- positions of the first transition and of the cancellation (positions grow with time,
        -- so these are the case's smallest)
        work_pos(c.submitted_at, ws.start_at, ws.minutes, ws.cum_start) as submitted_pos,
        c.cancel_at,
        case when c.cancel_at is not null then work_pos(c.cancel_at, wc.start_at, wc.minutes, wc.cum_start) end as cancel_pos,
        -- the office's zone, for the local months of later stages
        o.timezone,
        o.utc_offset_min
    from case_versions as c
    join offices as o on o.office = c.office
    join version_steps as v on v.office = c.office and v.service = c.service and v.effective_from = c.effective_from
    join office_as_of_pos as a on a.office = c.office
    asof left join working_intervals as ws on ws.office = c.office and c.submitted_at >= ws.start_at
    asof left join working_intervals as wc on wc.office = c.office and c.cancel_at >= wc.start_at
)

select * from final
