-- dashboard summaries: late cases
-- the dashboard summaries gained a column (late cases per period): rebuilt whole
insert into dash_dirty values (date '0001-01-01');
