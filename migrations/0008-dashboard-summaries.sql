-- dashboard summaries
-- dash_dirty: the first month from which the dashboard summaries (src/dashboards/summaries.ts)
-- are not current; marked by the refresh in the load's transaction, cleared by their rebuild.
-- A new or upgraded database starts with everything to build.
create table dash_dirty (from_month date not null);
insert into dash_dirty values (date '0001-01-01');
