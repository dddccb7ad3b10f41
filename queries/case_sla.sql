-- case_sla: one row per case (application) with its service time against the service quota.
-- Grain: case (office, case_id). Units: *_min in working minutes (office calendar and time zone,
-- DOUBLE); instants TIMESTAMPTZ.
-- Inputs: sla_cases, sla_transitions, sla_visits, step_visits, sla_pauses, sop_steps, working_intervals.
-- Rules (SPEC §2.3 points 6–9): submitted_at = first transition; ready_at = last completion of the
-- service's ready_step; collected_at = first `collect`, else the completion of the service's last
-- step when it is an applicant step after the ready_step; cancelled_at = first `cancel`.
-- status: cancelled > collected > ready > in_progress. The office's clock runs from submitted_at
-- to ready_at (or the cancellation, or the as-of instant): paused_min is the paused working time
-- in that span, elapsed_min the rest, external_min the part of elapsed_min in external steps.
-- due_at is the instant at which elapsed working time reaches quota_min, counting the pauses
-- that began before the clock stopped, up to that stop (none after ready_at). within_quota: elapsed ≤ quota for ready and collected cases; for an open case false
-- once over quota, else null; null when cancelled or without quota. bottleneck_step (§2.3.9,
-- revised): the office or external step with the largest total over_min of its visits, else
-- (none over) the largest total queue_min + handling_min, compared rounded to 10⁻⁶ minute, ties
-- to the earlier step (macro bottleneck_rank). conformant: visits follow the SOP order without skipping a non-optional
-- office step; going back is allowed only after a return or resubmission.
-- (the stages read here hold only the cases in scope: during an incremental refresh each is a temp
-- table of the scope's cases shadowing the stored one, so no filter on sla_scope is needed)
with
transitions as (select * from sla_transitions),
visits as (select * from step_visits),
pauses as (select * from sla_pauses),
sop_steps as (select * from sop_steps),
working_intervals as (select * from working_intervals),

-- the case's figures from its transitions (narrow rows, grouped by the integer case_key), then
-- joined to the case's columns
case_events as (
    select
        t.case_key,
        max(t."at") filter (where t.event = 'complete' and t.step = c.ready_step) as ready_at,
        max(t.pos) filter (where t.event = 'complete' and t.step = c.ready_step) as ready_pos,
        min(t."at") filter (where t.event = 'collect') as collect_at,
        max(t."at") filter (where t.event = 'complete' and t.step = c.last_step and c.last_clock = 'applicant' and t.seq > c.ready_seq) as last_step_at,
        count(*) filter (where t.event = 'return') as returned_count
    from transitions as t
    join sla_cases as c on c.case_key = t.case_key
    group by t.case_key
),

cases as (
    select
        c.case_key,
        c.office,
        c.case_id,
        c.service,
        c.effective_from,
        c.submitted_at,
        c.submitted_pos,
        x.ready_at,
        x.ready_pos,
        x.collect_at,
        x.last_step_at,
        c.cancel_at as cancelled_at,
        c.cancel_pos as cancelled_pos,
        x.returned_count,
        c.case_quota_min as quota_min,
        c.as_of,
        c.as_of_pos
    from sla_cases as c
    join case_events as x on x.case_key = c.case_key
),

clocked as (
    select
        *,
        coalesce(collect_at, case when ready_at is not null then last_step_at end) as collected_at,
        coalesce(ready_at, cancelled_at, as_of) as clock_end_at,
        coalesce(ready_pos, cancelled_pos, as_of_pos) as clock_end_pos
    from cases
),

-- paused working minutes of the case before submission and before the clock stopped
paused as (
    select
        c.office,
        c.case_id,
        sum(paused_part(c.submitted_pos, p.s_pos, p.e_pos)) as submitted_p,
        sum(paused_part(c.clock_end_pos, p.s_pos, p.e_pos)) as end_p
    from clocked as c
    join pauses as p on p.office = c.office and p.case_id = c.case_id
    group by c.office, c.case_id
),

unpaused as (
    select
        c.*,
        c.submitted_pos - coalesce(p.submitted_p, 0) as submitted_u,
        c.clock_end_pos - coalesce(p.end_p, 0) as end_u
    from clocked as c
    left join paused as p on p.office = c.office and p.case_id = c.case_id
),

-- due_at: the case position submitted_u + quota is reached in the gap after the last pause
-- island that began (before the clock stopped) at a case position below it; add those pauses back
-- and find the instant of that working position. An island is counted up to the clock's stop
-- only: one that runs on past ready_at (an applicant step's wait merged with the wait for
-- collection) would otherwise move due_at with the as-of instant of a case no longer recomputed
due_shift as (
    select
        u.office,
        u.case_id,
        sum(paused_part(u.clock_end_pos, p.s_pos, p.e_pos)) as shift
    from unpaused as u
    join pauses as p on p.office = u.office and p.case_id = u.case_id
    where p.s < u.clock_end_at and p.s_pos - p.paused_before < u.submitted_u + u.quota_min
    group by u.office, u.case_id
),

measured as (
    select
        u.*,
        minutes_round(u.end_u - u.submitted_u) as elapsed_min,
        minutes_round((u.clock_end_pos - u.submitted_pos) - (u.end_u - u.submitted_u)) as paused_min,
        u.submitted_u + u.quota_min + coalesce(d.shift, 0) as due_pos
    from unpaused as u
    left join due_shift as d on d.office = u.office and d.case_id = u.case_id
),

due as (
    select
        d.office,
        d.case_id,
        work_instant(d.due_pos, w.start_at, w.minutes, w.cum_start) as due_at
    from measured as d
    asof left join working_intervals as w
        on w.office = d.office and d.due_pos > w.cum_start
),

-- per case and office or external step: total over_min and queue + handling (for the
-- bottleneck) and the external steps' elapsed time
step_totals as (
    select
        office,
        case_id,
        step,
        min(seq) as seq,
        sum(over_min) as over,
        sum(coalesce(queue_min, 0) + handling_min) as busy,
        sum(elapsed_min) filter (where clock = 'external') as external
    from visits
    where clock in ('office', 'external')
    group by office, case_id, step
),

-- the bottleneck (SPEC §2.3.9), in one pass: the rank of bottleneck_rank (the same on every
-- surface)
bottleneck as (
    select
        office,
        case_id,
        arg_min(step, bottleneck_rank(over, busy, seq, step)) as bottleneck_step,
        sum(external) as external_min
    from step_totals
    group by office, case_id
),

-- rework, open visits and conformance, from the visits before pauses (sla_visits: the same
-- visits as step_visits, keyed by the integer case_key)
case_visits as (select case_key, seq, first_ord, visit_no, arrived_by, outcome from sla_visits),

-- conformance: required office steps passed over when a visit moves forward, and moves back
-- that no return or resubmission explains
required as (
    select
        office,
        service,
        effective_from,
        seq,
        sum(case when clock = 'office' and not optional then 1 else 0 end) over (
            partition by office, service, effective_from order by seq rows between unbounded preceding and current row
        ) as required_upto
    from sop_steps
),

visit_moves as (
    select
        v.case_key,
        v.seq,
        v.visit_no,
        v.arrived_by,
        v.outcome,
        coalesce(max(v.seq) over (
            partition by v.case_key order by v.first_ord rows between unbounded preceding and 1 preceding
        ), 0) as reached
    from case_visits as v
),

visit_figures as (
    select
        m.case_key,
        count(*) filter (where m.visit_no > 1) as rework_count,
        bool_or(m.outcome = 'open') as live,
        not bool_or(
            m.seq is null
            or (m.seq < m.reached and coalesce(m.arrived_by, '') not in ('return', 'resubmit'))
            or coalesce(r_to.required_upto, 0) - coalesce(r_from.required_upto, 0) > 0
        ) as conformant
    from visit_moves as m
    join sla_cases as c on c.case_key = m.case_key
    left join required as r_to
        on r_to.office = c.office and r_to.service = c.service and r_to.effective_from = c.effective_from and r_to.seq = m.seq - 1
    left join required as r_from
        on r_from.office = c.office and r_from.service = c.service and r_from.effective_from = c.effective_from and r_from.seq = m.reached
    group by m.case_key
),

final as (
    select
        m.case_id,
        m.office,
        m.service,
        m.submitted_at,
        m.ready_at,
        m.collected_at,
        case
            when m.cancelled_at is not null then 'cancelled'
            when m.collected_at is not null then 'collected'
            when m.ready_at is not null then 'ready'
            else 'in_progress'
        end as status,
        m.elapsed_min,
        m.paused_min,
        coalesce(b.external_min, 0) as external_min,
        m.quota_min,
        d.due_at,
        case
            when m.quota_min is null or m.cancelled_at is not null then null
            when m.ready_at is null then case when m.elapsed_min > m.quota_min then false end
            else m.elapsed_min <= m.quota_min
        end as within_quota,
        case when m.quota_min is not null then greatest(0, m.elapsed_min - m.quota_min) end as excess_min,
        b.bottleneck_step,
        m.returned_count,
        coalesce(f.rework_count, 0) as rework_count,
        coalesce(f.conformant, true) as conformant,
        -- extra columns (documented in the README)
        m.cancelled_at,
        m.effective_from,
        -- its figures run to the as-of instant: in progress (the clock runs) or an open visit. (A
        -- running pause of a case that is neither, such as the wait for collection after ready_at,
        -- moves no figure of case_sla or step_visits; the refresh extends it in sla_pauses.)
        (m.ready_at is null and m.cancelled_at is null) or coalesce(f.live, false) as runs_to_as_of
    from measured as m
    left join visit_figures as f on f.case_key = m.case_key
    left join due as d on d.office = m.office and d.case_id = m.case_id
    left join bottleneck as b on b.office = m.office and b.case_id = m.case_id
)

select * from final
