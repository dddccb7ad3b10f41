-- working_intervals: every interval of working time of every office, 2000-01-01 .. 2040-12-31.
-- Grain: office × local date × interval of office hours (a break splits a day in two).
-- Units: instants as TIMESTAMPTZ; minutes and cum_start in working minutes (DOUBLE).
-- Inputs: offices (time zone), office_hours (dated schedules), holidays (national '*' and local).
-- Rules: per office and local date the schedule in force is the one of the office itself before a
-- '*' schedule, then the latest valid_from; a day is closed when a national or local holiday falls
-- on it, unless the office has a 'masuk' (opening) row for that date. cum_start is the office's
-- working minutes before start_at, so working minutes between two instants are a difference of
-- positions found with one ASOF join (see README, "Working time").
with
offices as (select * from offices),
office_hours as (select * from office_hours),
holidays as (select * from holidays),

days as (
    select
        offices.office,
        offices.timezone,
        cast(d.generate_series as date) as local_date
    from offices
    cross join generate_series(date '2000-01-01', date '2040-12-31', interval 1 day) as d
),

schedules as (
    select distinct office, schedule, valid_from, valid_to
    from office_hours
),

schedule_of_day as (
    select
        days.office,
        days.timezone,
        days.local_date,
        schedules.office as schedule_office,
        schedules.schedule
    from days
    join schedules
        on (schedules.office = days.office or schedules.office = '*')
        and days.local_date >= schedules.valid_from
        and (schedules.valid_to is null or days.local_date <= schedules.valid_to)
    qualify row_number() over (
        partition by days.office, days.local_date
        order by (schedules.office = days.office) desc, schedules.valid_from desc, schedules.schedule
    ) = 1
),

open_days as (
    select *
    from schedule_of_day as s
    where not exists (
            select 1 from holidays as h
            where h.date = s.local_date and h.office in ('*', s.office) and h.kind <> 'masuk'
        )
        or exists (
            select 1 from holidays as h
            where h.date = s.local_date and h.office = s.office and h.kind = 'masuk'
        )
),

intervals as (
    select
        open_days.office,
        open_days.local_date,
        timezone(open_days.timezone, open_days.local_date + office_hours.start_time) as start_at,
        timezone(open_days.timezone, open_days.local_date + office_hours.end_time) as end_at
    from open_days
    join office_hours
        on office_hours.office = open_days.schedule_office
        and office_hours.schedule = open_days.schedule
        and office_hours.weekday = isodow(open_days.local_date)
),

final as (
    select
        office,
        local_date,
        start_at,
        end_at,
        (epoch_us(end_at) - epoch_us(start_at)) / 60e6 as minutes,
        coalesce(sum((epoch_us(end_at) - epoch_us(start_at)) / 60e6) over (
            partition by office order by start_at
            rows between unbounded preceding and 1 preceding
        ), 0) as cum_start
    from intervals
)

select * from final
order by office, start_at
