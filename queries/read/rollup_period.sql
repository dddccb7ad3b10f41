-- read/rollup_period: the relation rollup_period that queries/rollup/league.sql reads, for one period
-- (DuckDB; elsewhere a table or view of that name).
-- Grain: office (every office of offices, or the one of $office; $office null: every one).
-- Parameters: $pf, $pt: the period's local dates [pf, pt); $lm: first day of its last month; $it, $ip:
-- its IKM period type and label ('month' / '2026-05', 'quarter' / '2026-Q2', 'year' / '2026').
-- Units: from_at, to_at the instants at which the period begins and ends in the office's own zone.
-- Read by src/read/league.ts: the league of offices (the Perbandingan kantor page).
select
    o.office,
    timezone(o.timezone, cast($pf as timestamp)) as from_at,
    timezone(o.timezone, cast($pt as timestamp)) as to_at,
    cast($lm as date) as last_month,
    cast($it as varchar) as ikm_period_type,
    cast($ip as varchar) as ikm_period
from offices as o
where $office is null or o.office = $office
