-- complaint_register: the Buku Pengaduan as it stands, one row per complaint, with its deadlines.
-- Grain: complaint (office, complaint_id). Instants TIMESTAMPTZ; *_workdays in hari kerja of
-- the office's calendar (one hari kerja = the office's day_minutes of working time).
-- Inputs: complaints (one row per stage change), offices, complaint_deadlines, working_intervals.
-- Rules (SPEC §2.4): the register shows the latest stage (by stage_at; on a tie the later stage
-- of diterima → … → selesai). received_at, channel, category, subject, service and case_id are
-- the latest non-null values written. A complaint is resolved when its latest stage is `selesai`:
-- resolved_at = that row's resolved_at (else its stage_at). A complaint taken up again after a
-- `selesai` (a later row with another stage) is reopened (reopened_count counts these) and is
-- unresolved until it reaches `selesai` again; only the resolution that stands counts.
-- responded_at = the earliest responded_at written, else the resolution (an answer is a response).
-- Deadlines: respond_due_at / resolve_due_at = received_at plus the office's own target for the
-- category in working time (complaint_deadlines; office row, else '*'); legal_respond_due_at = the
-- end of the 14th calendar day after receipt (UU 25/2009 Ps. 44(3)); legal_resolve_due_at = the
-- end of the 60th calendar day after the file was complete (Ps. 50(1)), the file being taken as
-- complete at the response (which must say so, Ps. 44(3)), else at receipt. Days end at midnight
-- in the office's time zone. escalation_owner: ringan → the handling officer; sedang → the head of
-- division with the Kepala Dinas; berat → the Kepala Dinas with the Walikota/Sekda (seed 000).
with
complaints as (select * from complaints),
offices as (select * from offices),
complaint_deadlines as (select * from complaint_deadlines),
working_intervals as (select * from working_intervals),

ranked as (
    select
        c.*,
        complaint_stage_rank(c.stage) as stage_rank
    from complaints as c
),

history as (
    select
        office,
        complaint_id,
        arg_max(received_at, (stage_at, stage_rank)) as received_at,
        arg_max(channel, (stage_at, stage_rank)) as channel,
        arg_max(category, (stage_at, stage_rank)) as category,
        arg_max(subject, (stage_at, stage_rank)) filter (where subject is not null) as subject,
        arg_max(service, (stage_at, stage_rank)) filter (where service is not null) as service,
        arg_max(case_id, (stage_at, stage_rank)) filter (where case_id is not null) as case_id,
        any_value(complainant) as complainant,
        arg_max(stage, (stage_at, stage_rank)) as stage,
        max(stage_at) as stage_at,
        arg_max(coalesce(resolved_at, stage_at), (stage_at, stage_rank)) as last_resolved_at,
        min(responded_at) as first_responded_at,
        arg_max(resolution, (stage_at, stage_rank)) filter (where resolution is not null) as resolution,
        arg_max(handled_by, (stage_at, stage_rank)) filter (where handled_by is not null) as handled_by,
        count(*) as stage_rows,
        list(stage order by stage_at, stage_rank) as stages
    from ranked
    group by office, complaint_id
),

register as (
    select
        h.* exclude (last_resolved_at, first_responded_at, stages),
        case when h.stage = 'selesai' then h.last_resolved_at end as resolved_at,
        coalesce(h.first_responded_at, case when h.stage = 'selesai' then h.last_resolved_at end) as responded_at,
        -- a `selesai` followed by another stage
        len(list_filter(list_zip(h.stages[:-2], h.stages[2:]), x -> x[1] = 'selesai' and x[2] <> 'selesai')) as reopened_count,
        coalesce(d.respond_workdays, dd.respond_workdays) as respond_workdays,
        coalesce(d.resolve_workdays, dd.resolve_workdays) as resolve_workdays,
        coalesce(d.legal_respond_days, dd.legal_respond_days) as legal_respond_days,
        coalesce(d.legal_resolve_days, dd.legal_resolve_days) as legal_resolve_days,
        o.day_minutes,
        o.utc_offset_min,
        o.timezone
    from history as h
    join offices as o on o.office = h.office
    left join complaint_deadlines as d on d.office = h.office and d.category = h.category
    left join complaint_deadlines as dd on dd.office = '*' and dd.category = h.category
),

positioned as (
    select
        r.*,
        work_pos(r.received_at, w.start_at, w.minutes, w.cum_start) as received_pos
    from register as r
    asof left join working_intervals as w
        on w.office = r.office and r.received_at >= w.start_at
),

due as (
    -- the instants at which the office's targets are reached: one ASOF join per target
    select
        p.office,
        p.complaint_id,
        work_instant(p.received_pos + p.respond_workdays * p.day_minutes, r.start_at, r.minutes, r.cum_start) as respond_due_at,
        work_instant(p.received_pos + p.resolve_workdays * p.day_minutes, v.start_at, v.minutes, v.cum_start) as resolve_due_at
    from positioned as p
    asof left join working_intervals as r
        on r.office = p.office and p.received_pos + p.respond_workdays * p.day_minutes > r.cum_start
    asof left join working_intervals as v
        on v.office = p.office and p.received_pos + p.resolve_workdays * p.day_minutes > v.cum_start
),

legal as (
    select
        p.office,
        p.complaint_id,
        -- the last microsecond of local day (receipt + N days): local midnight after it, as an instant
        cast(local_ts(p.received_at, p.utc_offset_min, p.timezone) as date) + p.legal_respond_days + 1 as respond_end_date,
        cast(local_ts(coalesce(p.responded_at, p.received_at), p.utc_offset_min, p.timezone) as date) + p.legal_resolve_days + 1 as resolve_end_date
    from positioned as p
),

final as (
    select
        p.office,
        p.complaint_id,
        p.received_at,
        p.channel,
        p.category,
        p.subject,
        p.service,
        p.case_id,
        p.complainant,
        p.stage,
        p.stage_at,
        p.responded_at,
        p.resolved_at,
        p.resolution,
        p.handled_by,
        p.stage_rows,
        p.reopened_count,
        case p.category
            when 'ringan' then 'handling_officer'
            when 'sedang' then 'head_of_division_with_kepala_dinas'
            else 'kepala_dinas_with_walikota_sekda'
        end as escalation_owner,
        p.respond_workdays,
        p.resolve_workdays,
        d.respond_due_at,
        d.resolve_due_at,
        -- local midnight as an instant: by the fixed offset, else through the zone database
        case when p.utc_offset_min is not null
            then cast(cast(l.respond_end_date as timestamp) - to_minutes(p.utc_offset_min) - interval 1 microsecond as timestamptz)
            else timezone(p.timezone, cast(l.respond_end_date as timestamp)) - interval 1 microsecond
        end as legal_respond_due_at,
        case when p.utc_offset_min is not null
            then cast(cast(l.resolve_end_date as timestamp) - to_minutes(p.utc_offset_min) - interval 1 microsecond as timestamptz)
            else timezone(p.timezone, cast(l.resolve_end_date as timestamp)) - interval 1 microsecond
        end as legal_resolve_due_at
    from positioned as p
    join due as d on d.office = p.office and d.complaint_id = p.complaint_id
    join legal as l on l.office = p.office and l.complaint_id = p.complaint_id
)

select
    *,
    responded_at <= respond_due_at as responded_within_target,
    responded_at <= legal_respond_due_at as responded_within_legal,
    resolved_at <= resolve_due_at as resolved_within_target,
    resolved_at <= legal_resolve_due_at as resolved_within_legal
from final
