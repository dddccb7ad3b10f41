-- dashboard summaries: bottleneck by over_min
-- the period's bottleneck moved from the case summaries to the step summaries (SPEC §2.3.9,
-- revised: over_min): rebuilt whole
insert into dash_dirty values (date '0001-01-01');
