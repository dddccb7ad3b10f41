-- sla_pauses (internal view): the paused time of each case, as merged islands.
-- Grain: case × island of paused time. Units: *_pos working positions, paused_min and
-- paused_before in working minutes.
-- Inputs: sla_cases, sla_transitions, sla_visits.
-- Rules (SPEC §2.3 point 5): paused (not the office's) is (a) from a `return` to the next
-- transition of the case; (b) the visits of applicant steps, from arrival to completion; (c) from
-- ready_at (the last completion of the ready step) until the applicant comes back: the next
-- start, complete or collect of the case (a notify does not end it). A pause still running ends
-- at the as-of instant (running = true). Overlapping pauses are merged so no minute counts twice.
-- (the stages read here hold only the cases in scope: during an incremental refresh each is a temp
-- table of the scope's cases shadowing the stored one, so no filter on sla_scope is needed)
with
cases as (select * from sla_cases),
transitions as (select * from sla_transitions),
visits as (select * from sla_visits),

ready as (
    select
        t.case_key,
        max(t.ord) as ready_ord
    from transitions as t
    join cases as c on c.case_key = t.case_key
    where t.event = 'complete' and t.step = c.ready_step
    group by t.case_key
),

after_ready as (
    select
        r.case_key,
        arg_min(t."at", t.ord) filter (where t.ord = r.ready_ord) as s,
        arg_min(t.pos, t.ord) filter (where t.ord = r.ready_ord) as s_pos,
        arg_min(t."at", t.ord) filter (where t.ord > r.ready_ord and t.event in ('start', 'complete', 'collect')) as back_at,
        arg_min(t.pos, t.ord) filter (where t.ord > r.ready_ord and t.event in ('start', 'complete', 'collect')) as back_pos
    from ready as r
    join transitions as t on t.case_key = r.case_key and t.ord >= r.ready_ord
    group by r.case_key
),

pauses as (
    select t.case_key, t."at" as s, t.pos as s_pos, coalesce(t.next_at, c.cancel_at, c.as_of) as e,
        coalesce(t.next_pos, c.cancel_pos, c.as_of_pos) as e_pos, t.next_at is null and c.cancel_at is null as running
    from transitions as t
    join cases as c on c.case_key = t.case_key
    where t.event = 'return'
    union all
    select v.case_key, v.arrived_at, v.arrived_pos, coalesce(v.completed_at, c.as_of), coalesce(v.completed_pos, c.as_of_pos), v.completed_at is null
    from visits as v
    join cases as c on c.case_key = v.case_key
    where v.clock = 'applicant'
    union all
    select r.case_key, r.s, r.s_pos, coalesce(r.back_at, c.as_of), coalesce(r.back_pos, c.as_of_pos), r.back_at is null
    from after_ready as r
    join cases as c on c.case_key = r.case_key
),

ordered as (
    select
        *,
        max(e) over (partition by case_key order by s, e rows between unbounded preceding and 1 preceding) as prev_e
    from pauses
    -- a running pause that begins at the as-of instant is kept (0 minutes so far): the refresh
    -- extends running pauses when the as-of moves without recomputing their cases
    where e > s or running
),

islands as (
    select
        case_key,
        island,
        min(s) as s,
        max(e) as e,
        min(s_pos) as s_pos,
        max(e_pos) as e_pos,
        bool_or(running) as running
    from (
        select
            *,
            -- pauses with the same (s, e) (e.g. the collection step's visit and the wait after
            -- ready) may come in another order than in `ordered`; of such a group only the first
            -- there can begin an island, so it goes first here too
            sum(begins) over (
                partition by case_key order by s, e, begins desc rows between unbounded preceding and current row
            ) as island
        from (select *, case when prev_e is null or s > prev_e then 1 else 0 end as begins from ordered)
    )
    group by case_key, island
),

final as (
    select
        c.office,
        c.case_id,
        i.island,
        i.s,
        i.e,
        i.s_pos,
        i.e_pos,
        i.running,
        i.e_pos - i.s_pos as paused_min,
        coalesce(sum(i.e_pos - i.s_pos) over (
            partition by i.case_key order by i.s rows between unbounded preceding and 1 preceding
        ), 0) as paused_before
    from islands as i
    join cases as c on c.case_key = i.case_key
)

select * from final
