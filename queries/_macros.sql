-- Macros shared by the SLA views (installed before them).

-- Working position of an instant t, given the working interval found for it by an ASOF join
-- (the last interval of the office with start_at <= t): the office's working minutes from the
-- start of its calendar up to t. Working minutes between a and b = position(b) − position(a).
create or replace macro work_pos(t, start_at, minutes, cum_start) as
    coalesce(cum_start + least(epoch_us(t) - epoch_us(start_at), minutes * 60e6) / 60e6, 0);

-- Durations are differences of positions (millions of minutes); round to the microsecond of a
-- minute so that a handling time equal to its quota compares equal.
create or replace macro minutes_round(x) as round(x, 6);

-- The explicit as-of instant of this session (SET VARIABLE sla_as_of = TIMESTAMPTZ '…'), or null.
create or replace macro sla_as_of() as cast(getvariable('sla_as_of') as timestamptz);

-- The as-of instant of every office: the explicit one, or the office's latest transition.
create or replace macro office_as_of() as table
    select office, coalesce(sla_as_of(), max("at")) as as_of
    from events
    group by office;

-- Local wall-clock TIMESTAMP of instant t in an office's zone: by its fixed offset when it has one
-- (offices.utc_offset_min), else through the time-zone database.
create or replace macro local_ts(t, utc_offset_min, tz) as
    case when utc_offset_min is not null
        then make_timestamp(epoch_us(t) + cast(utc_offset_min as bigint) * 60000000)
        else timezone(tz, t)
    end;
