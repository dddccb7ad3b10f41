-- complaint_resolution: complaints received and resolved per month and year to date, against the
-- office's target (SPEC §2.4; seed 000: at least 75% resolved per year, all channels combined).
-- Grain: office × month, three kinds of rows: overall (channel and category null), per channel
-- (category null; all 13 channels of SPEC §2.4) and per category (channel null; ringan, sedang,
-- berat). Rows exist for every month from January of the office's first year with data (its first
-- complaint or transition) to the month of its latest complaint or transition, also when empty.
-- Units: counts of complaints; rates are ratios 0–1; month is a DATE (first day, office time zone).
-- Inputs: complaint_register, offices, office_extent (first and latest transition per office).
-- Definitions: received = complaints received in the month (local time); resolved = of those, the
-- ones with resolved_at ≤ the end of the month; rate = resolved / received, null when nothing was
-- received. ytd_received = received from January of the year to the end of the month; ytd_resolved
-- = of those, resolved by the end of the month (so a December complaint resolved in January stays
-- unresolved for its year); ytd_rate = ytd_resolved / ytd_received (null when 0); target =
-- offices.complaint_target; meets_target = ytd_rate ≥ target (null when ytd_rate is null).
with
register as (select * from complaint_register),
offices as (select * from offices),
extent as (select * from office_extent),

channels as (
    select unnest([
        'surat', 'kotak_saran', 'loket', 'email', 'website', 'telepon', 'sms', 'whatsapp',
        'tatap_muka', 'sp4n_lapor', 'media_sosial', 'fax', 'formulir'
    ]) as channel
),

categories as (
    select unnest(['ringan', 'sedang', 'berat']) as category
),

local as (
    select
        r.office,
        r.channel,
        r.category,
        cast(date_trunc('month', local_ts(r.received_at, o.utc_offset_min, o.timezone)) as date) as received_month,
        cast(date_trunc('month', local_ts(r.resolved_at, o.utc_offset_min, o.timezone)) as date) as resolved_month
    from register as r
    join offices as o on o.office = r.office
),

bounds as (
    select office, min(t) as first_at, max(t) as last_at
    from (
        select office, received_at as t from register
        union all select office, stage_at from register
        union all select office, first_at from extent
        union all select office, last_at from extent
    )
    group by office
),

months as (
    select
        b.office,
        cast(m.generate_series as date) as month
    from bounds as b
    join offices as o on o.office = b.office
    cross join generate_series(
        cast(date_trunc('year', local_ts(b.first_at, o.utc_offset_min, o.timezone)) as date),
        cast(date_trunc('month', local_ts(b.last_at, o.utc_offset_min, o.timezone)) as date),
        interval 1 month
    ) as m
),

slices as (
    select office, month, null::varchar as channel, null::varchar as category from months
    union all
    select m.office, m.month, c.channel, null from months as m cross join channels as c
    union all
    select m.office, m.month, null, k.category from months as m cross join categories as k
),

counted as (
    select
        s.office,
        s.month,
        s.channel,
        s.category,
        count(l.office) filter (where l.received_month = s.month) as received,
        count(l.office) filter (where l.received_month = s.month and l.resolved_month <= s.month) as resolved,
        count(l.office) as ytd_received,
        count(l.office) filter (where l.resolved_month <= s.month) as ytd_resolved
    from slices as s
    left join local as l
        on l.office = s.office
        and l.received_month >= date_trunc('year', s.month)
        and l.received_month <= s.month
        and (s.channel is null or l.channel = s.channel)
        and (s.category is null or l.category = s.category)
    group by s.office, s.month, s.channel, s.category
),

final as (
    select
        c.office,
        cast(year(c.month) as integer) as year,
        c.month,
        c.channel,
        c.category,
        c.received,
        c.resolved,
        case when c.received > 0 then c.resolved / c.received end as rate,
        c.ytd_received,
        c.ytd_resolved,
        case when c.ytd_received > 0 then c.ytd_resolved / c.ytd_received end as ytd_rate,
        o.complaint_target as target,
        case when c.ytd_received > 0 then c.ytd_resolved / c.ytd_received >= o.complaint_target end as meets_target
    from counted as c
    join offices as o on o.office = c.office
)

select * from final
order by office, month, channel nulls first, category nulls first
