-- complainant identity apart; complaint deadlines
-- Complainant identity is personal data (UU 27/2022): kept apart from the register, one row per
-- complaint, replaced everywhere else by a stable pseudonym (complaints.complainant), purged after
-- the retention period (name and contact set to null, purged_at set; the pseudonym stays).
create table complainants (
  office varchar not null,
  complaint_id varchar not null,
  name varchar,
  contact varchar,
  pseudonym varchar not null,
  batch_id bigint not null,
  purged_at timestamptz,
  primary key (office, complaint_id)
);

-- Secrets of this database (never exposed): the key of the complainant pseudonyms.
create table app_secrets (
  name varchar primary key,
  value varchar not null
);
insert into app_secrets values ('pseudonym_key', cast(gen_random_uuid() as varchar) || cast(gen_random_uuid() as varchar));

insert into complainants
select
  office,
  complaint_id,
  any_value(complainant_name),
  any_value(complainant_contact),
  'ANON-' || upper(substr(sha256((select k.value from app_secrets as k where k.name = 'pseudonym_key') || chr(31) || office || chr(31)
      || lower(trim(coalesce(any_value(complainant_name), ''))) || chr(31) || regexp_replace(lower(coalesce(any_value(complainant_contact), '')), '[^0-9a-z@.]', '', 'g')), 1, 10)),
  min(batch_id),
  null
from complaints
where complainant_name is not null or complainant_contact is not null
group by office, complaint_id;

-- the register without the identity, with the pseudonym (rebuilt: DuckDB cannot alter a table
-- twice in one transaction)
create table complaints_v3 as
select
  c.office, c.complaint_id, c.received_at, c.channel, c.category, c.subject, c.service, c.case_id,
  c.stage, c.stage_at, c.responded_at, c.resolved_at, c.resolution, c.handled_by, c.batch_id,
  p.pseudonym as complainant
from complaints as c
left join complainants as p on p.office = c.office and p.complaint_id = c.complaint_id;
drop table complaints;
create table complaints (
  office varchar not null,
  complaint_id varchar not null,
  received_at timestamptz not null,
  channel varchar not null,
  category varchar not null check (category in ('ringan', 'sedang', 'berat')),
  subject varchar,
  service varchar,
  case_id varchar,
  stage varchar not null,
  stage_at timestamptz not null,         -- when this stage was reached (received_at for 'diterima')
  responded_at timestamptz,
  resolved_at timestamptz,
  resolution varchar,
  handled_by varchar,
  batch_id bigint not null,
  complainant varchar                    -- pseudonym (complainants.pseudonym), null when anonymous
);
insert into complaints select * from complaints_v3;
drop table complaints_v3;

-- Deadlines per complaint category (office '*' = the default of every office): the office's own
-- targets in hari kerja of its calendar (one = the office's day_minutes of working time) and the
-- legal ceilings of UU 25/2009 in calendar days (response Ps. 44(3); decision Ps. 50(1)).
create table complaint_deadlines (
  office varchar not null,
  category varchar not null check (category in ('ringan', 'sedang', 'berat')),
  respond_workdays double not null,
  resolve_workdays double not null,
  legal_respond_days integer not null,
  legal_resolve_days integer not null,
  primary key (office, category)
);
insert into complaint_deadlines values
  ('*', 'ringan', 1, 2, 14, 60),
  ('*', 'sedang', 3, 5, 14, 60),
  ('*', 'berat', 3, 14, 14, 60);
