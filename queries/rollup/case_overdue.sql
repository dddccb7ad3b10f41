-- case_overdue (roll-up, issue #27 §3): the cases that are overdue at some instant, with the
-- columns the overdue rule reads (src/dashboards/data.ts `overdueCond`: submitted, past due,
-- neither ready nor cancelled by then). A case is overdue at instant X when submitted_at < X,
-- due_at < X, and neither ready_at nor cancelled_at comes before X; such an X exists only when
-- due_at comes before its ready and cancel instants, so every other case is left out (about
-- three cases in four). The pages' overdue figures (the Ringkasan's tiles at a period's end,
-- their twelve-month sparkline, the list of overdue cases) apply the rule itself to these rows
-- and get the same counts as over case_sla.
-- Grain: case (office, case_id). Units: instants TIMESTAMPTZ.
-- Inputs: case_sla. A roll-up (src/lake/rollup.ts) computes it once at open from the lake's
-- case_sla, so that each page reads a quarter of the cases' rows from memory instead of every
-- case_sla file of every office; an office database has no such table (its pages read case_sla).
-- Portable SQL (COALESCE, CASE; no DuckDB-only syntax).
select
    office,
    case_id,
    service,
    status,
    within_quota,
    submitted_at,
    due_at,
    ready_at,
    cancelled_at
from case_sla
where due_at is not null
    and (ready_at is null or due_at < ready_at)
    and (cancelled_at is null or due_at < cancelled_at)
