-- step_visits: one row per pass of a case through one SOP step (the digital kartu kendali).
-- Grain: case × step × visit (visit_no 1, 2, … in order; > 1 is rework).
-- Units: *_min in working minutes (DOUBLE, office calendar and time zone); instants TIMESTAMPTZ.
-- Inputs: sla_visits, sla_pauses, sla_cases (from events, sop_steps, working_intervals).
-- Rules (SPEC §2.3 point 3): queue_min = arrived_at → started_at; handling_min = started_at →
-- completed_at, or arrived_at → completed_at when the start is unknown; elapsed_min = arrived_at →
-- completed_at. An open visit (outcome 'open') is measured to the as-of instant (completed_at
-- stays null); one left open by a cancellation is closed by it (outcome 'cancelled'). For
-- office and external steps the three exclude the case's paused time; applicant steps are measured
-- as they are, with within_quota, excess_min and over_min null. within_quota compares handling_min
-- with the step quota (the kartu kendali's rule; null when the step has none, and for a visit closed
-- by its case's cancellation); an open visit is false once over its quota, else null. excess_min =
-- max(0, handling_min − quota); over_min = max(0, queue_min + handling_min − quota) (§2.3.9: the
-- receiving desk owns the wait for it; the bottleneck is judged by it).
-- (the stages read here hold only the cases in scope: during an incremental refresh each is a temp
-- table of the scope's cases shadowing the stored one, so no filter on sla_scope is needed)
with
visits as (select * from sla_visits),

-- the case's pause islands (positions), one list per case of this computation (a case has a
-- few): joined to its visits one to one
pauses as (
    select c.case_key, list({'s': p.s_pos, 'e': p.e_pos}) as islands
    from sla_pauses as p
    join sla_cases as c on c.office = p.office and c.case_id = p.case_id
    group by c.case_key
),

-- paused working minutes of the case before each instant of the visit (positions grow with time)
finish as (
    select
        v.*,
        c.office,
        c.case_id,
        c.service,
        c.effective_from,
        c.timezone,
        c.utc_offset_min,
        coalesce(v.completed_pos, c.as_of_pos) as end_pos,
        v.arrived_pos - paused_before(v.arrived_pos, p.islands) as arrived_u,
        v.started_pos - paused_before(v.started_pos, p.islands) as started_u,
        coalesce(v.completed_pos, c.as_of_pos) - paused_before(coalesce(v.completed_pos, c.as_of_pos), p.islands) as end_u
    from visits as v
    join sla_cases as c on c.case_key = v.case_key
    left join pauses as p on p.case_key = v.case_key
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
            when as_is or quota_min is null or outcome = 'cancelled' then null
            when outcome = 'open' then case when handling_min > quota_min then false end
            else handling_min <= quota_min
        end as within_quota,
        case when as_is or quota_min is null then null else greatest(0, handling_min - quota_min) end as excess_min,
        -- SPEC §2.3.9: the time over the step quota counting the wait for the desk (the receiving
        -- desk owns it); what the bottleneck is judged by
        case when as_is or quota_min is null then null else greatest(0, coalesce(queue_min, 0) + handling_min - quota_min) end as over_min,
        -- extra columns (not in SPEC §3, documented in the README)
        seq,
        clock,
        optional,
        effective_from,
        arrived_by,
        first_ord,
        -- local calendar months (DATE, first day) of the hand-over and of the start (or arrival)
        cast(date_trunc('month', local_ts(completed_at, utc_offset_min, timezone)) as date) as completed_month,
        cast(date_trunc('month', local_ts(coalesce(started_at, arrived_at), utc_offset_min, timezone)) as date) as started_month
    from measured
)

select * from final
