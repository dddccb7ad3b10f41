-- read/letters_due: the products waiting for collection whose letter (Jaminan Pelayanan) fell due by
-- the end of a period.
-- Grain: case (uncollected_products: the products still waiting at the tables' as-of instant).
-- Parameters: $office, $service ('' = every one); $from, $to: local dates [from, to) of the period.
-- Units: days_waiting as uncollected_products; ready_date the local date of ready_at (office zone);
-- due_in_period: the letter fell due in the period itself (letter_due >= $from), not before it.
-- Read by src/read/letters.ts: the Ringkasan list (the longest waiting first), the monthly report's
-- count per service and its list of the letters that fell due in the month.
select
    u.case_id,
    u.office,
    u.service,
    u.ready_at,
    cast(local_ts(u.ready_at, o.utc_offset_min, o.timezone) as date) as ready_date,
    u.days_waiting,
    u.letter_due,
    u.letter_due >= cast($from as date) as due_in_period
from uncollected_products as u
inner join offices as o on o.office = u.office
where ($office = '' or u.office = $office) and ($service = '' or u.service = $service)
    and u.letter_due < cast($to as date)
