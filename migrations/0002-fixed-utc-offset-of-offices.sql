-- fixed UTC offset of offices
-- Minutes east of UTC when the office's zone keeps one offset over the calendar range (all
-- Indonesian zones); null otherwise. Local times then need no time-zone database per row.
alter table offices add column utc_offset_min integer;
