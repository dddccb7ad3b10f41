-- uncollected_products: products ready for more than one month and not collected, for which a
-- letter to the applicant is due (Jaminan Pelayanan, seed 000).
-- Grain: case. Units: days_waiting in calendar days (local dates of ready_at and as-of);
-- letter_due a local DATE (the ready date plus one month).
-- Inputs: case_sla (every ready case: rebuilt whole by each refresh, days waiting move with the
-- as-of instant), office_extent, offices, services, sop_steps.
-- Only services handed over in person are tracked: those whose last SOP step is an applicant
-- step after the ready step (collection). A product delivered electronically (e.g. IPTG's SMS
-- notice as the last, office step) is not waiting for anyone.
with
cases as (select * from case_sla where status = 'ready'),
offices as (select * from offices),
services as (select * from services),
sop_steps as (select * from sop_steps),

collectable as (
    select s.office, s.service, s.effective_from
    from services as s
    join sop_steps as r on r.office = s.office and r.service = s.service and r.effective_from = s.effective_from and r.step = s.ready_step
    join sop_steps as l on l.office = s.office and l.service = s.service and l.effective_from = s.effective_from
    where l.seq = (select max(x.seq) from sop_steps as x where x.office = s.office and x.service = s.service and x.effective_from = s.effective_from)
        and l.clock = 'applicant'
        and l.seq > r.seq
),

waiting as (
    select
        c.case_id,
        c.office,
        c.service,
        c.ready_at,
        cast(local_ts(c.ready_at, o.utc_offset_min, o.timezone) as date) as ready_date,
        cast(local_ts(a.as_of, o.utc_offset_min, o.timezone) as date) as as_of_date
    from cases as c
    join offices as o on o.office = c.office
    join office_as_of() as a on a.office = c.office
    join collectable as k on k.office = c.office and k.service = c.service and k.effective_from = c.effective_from
    where c.status = 'ready'
),

final as (
    select
        case_id,
        office,
        service,
        ready_at,
        date_diff('day', ready_date, as_of_date) as days_waiting,
        cast(ready_date + interval 1 month as date) as letter_due
    from waiting
    where as_of_date >= cast(ready_date + interval 1 month as date)
)

select * from final
