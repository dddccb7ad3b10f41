-- office_extent (internal): the extent of each office's events, so that nothing else scans the
-- events table for it (the default as-of instant is an office's latest transition).
-- Grain: office (offices with at least one event). Units: instants TIMESTAMPTZ; events a count.
-- Inputs: events. Kept by src/sla/refresh.ts: rebuilt whole by a full refresh; after a load,
-- widened by the batch's own rows; after an undo, recomputed for the offices it touched.
select
    office,
    min("at") as first_at,
    max("at") as last_at,
    count(*) as events
from events
group by office
