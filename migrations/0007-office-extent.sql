-- office extent
-- office_extent: the first and latest transition and the number of events of each office, kept by
-- the refresh (src/sla/refresh.ts) so that the as-of instant needs no scan of the events
create table office_extent (
  office varchar not null,
  first_at timestamptz,
  last_at timestamptz,
  events bigint not null
);
insert into office_extent select office, min("at"), max("at"), count(*) from events group by office;
