-- step_visits: one row per pass of a case through one SOP step (the digital kartu kendali).
-- Grain: case × step × visit (visit_no 1, 2, … in order; > 1 is rework).
-- Units: *_min in working minutes (DOUBLE, office calendar and time zone); instants TIMESTAMPTZ.
-- Inputs: sla_visits, sla_pauses (both from events, sop_steps, working_intervals).
-- Rules (SPEC §2.3 point 3): queue_min = arrived_at → started_at; handling_min = started_at →
-- completed_at, or arrived_at → completed_at when the start is unknown; elapsed_min = arrived_at →
-- completed_at. An open visit (outcome 'open') is measured to the as-of instant (completed_at
-- stays null); one left open by a cancellation is closed by it (outcome 'cancelled'). For
-- office and external steps the three exclude the case's paused time; applicant steps are measured
-- as they are, with within_quota and excess_min null. within_quota compares handling_min with the
-- step quota (null when the step has none); an open visit is false once over its quota, else null.
with
visits as (
    select x.*, o.timezone
    from sla_visits as x
    semi join sla_scope as sc on sc.office = x.office and sc.case_id = x.case_id
    join offices as o on o.office = x.office
),
pauses as (select * from sla_pauses as x semi join sla_scope as sc on sc.office = x.office and sc.case_id = x.case_id),

case_pauses as (
    select office, case_id, list({'s': s_pos, 'e': e_pos} order by s) as islands
    from pauses
    group by office, case_id
),

finish as (
    select
        v.*,
        coalesce(v.completed_at, v.as_of) as end_at,
        coalesce(v.completed_pos, v.as_of_pos) as end_pos,
        unpaused_pos(v.arrived_pos, p.islands) as arrived_u,
        unpaused_pos(v.started_pos, p.islands) as started_u,
        unpaused_pos(coalesce(v.completed_pos, v.as_of_pos), p.islands) as end_u
    from visits as v
    left join case_pauses as p on p.office = v.office and p.case_id = v.case_id
),

measured as (
    select
        *,
        clock = 'applicant' as as_is,
        minutes_round(case when clock = 'applicant' then started_pos - arrived_pos else started_u - arrived_u end) as queue_min,
        minutes_round(case when clock = 'applicant' then end_pos - coalesce(started_pos, arrived_pos) else end_u - coalesce(started_u, arrived_u) end) as handling_min,
        minutes_round(case when clock = 'applicant' then end_pos - arrived_pos else end_u - arrived_u end) as elapsed_min
    from finish
),

final as (
    select
        case_id,
        office,
        service,
        step,
        visit_no,
        officer,
        arrived_at,
        started_at,
        completed_at,
        outcome,
        queue_min,
        handling_min,
        elapsed_min,
        quota_min,
        case
            when as_is or quota_min is null then null
            when outcome = 'open' then case when handling_min > quota_min then false end
            else handling_min <= quota_min
        end as within_quota,
        case when as_is or quota_min is null then null else greatest(0, handling_min - quota_min) end as excess_min,
        -- extra columns (not in SPEC §3, documented in the README)
        seq,
        clock,
        optional,
        effective_from,
        arrived_by,
        first_ord,
        -- local calendar months (DATE, first day) of the hand-over and of the start (or arrival)
        cast(date_trunc('month', timezone(timezone, completed_at)) as date) as completed_month,
        cast(date_trunc('month', timezone(timezone, coalesce(started_at, arrived_at))) as date) as started_month
    from measured
)

select * from final
