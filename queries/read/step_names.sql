-- read/step_names: the name of each SOP step in its service's latest SOP version that has the step.
-- Grain: office × service × step (every step of sop_steps).
-- Parameters: none.
-- Read by src/read/figures.ts: the step names of the Tahapan figures, of the visit lists, and of
-- any step code a page shows (stepNames).
select office, service, step, arg_max(name, effective_from) as step_name
from sop_steps
group by all
