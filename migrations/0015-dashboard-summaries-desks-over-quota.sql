-- dashboard summaries: desks over quota
-- the officer summaries gained a column (Σ over_min of the work handed on, the Ringkasan's desks
-- over quota, which read every step visit of the period before): rebuilt whole
insert into dash_dirty values (date '0001-01-01');
