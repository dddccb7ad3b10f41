-- read/report_office: the office of a monthly report and the report's as-of instant.
-- Grain: one row (none when the office is not in the catalogue). Parameters: $office; $next: the local
-- midnight (YYYY-MM-DD 00:00:00) that ends the report's month.
-- as_of: the office's latest loaded transition (office_extent.last_at, the as-of of the stored tables),
-- or, for an office without a transition, the last microsecond of the month in the office's time zone;
-- as_of_text: the same instant as exact text (microseconds).
-- Read by src/read/report.ts: the monthly report's header and cover.
with
o as (select * from offices where office = $office),

b as (
    select
        o.*,
        coalesce(
            (select x.last_at from office_extent as x where x.office = o.office),
            timezone(o.timezone, cast($next as timestamp)) - interval 1 microsecond
        ) as as_of
    from o
)

select office, name, timezone, day_minutes, complaint_target, cast(as_of as varchar) as as_of_text, as_of
from b
