-- base tables
create table offices (
  office varchar primary key,
  name varchar not null,
  timezone varchar not null,
  day_minutes double not null default 450,
  complaint_target double not null default 0.75
);

create table services (
  office varchar not null,
  service varchar not null,
  effective_from date not null,          -- '-infinity' when the source gives no date
  name varchar not null,
  quota_text varchar,                    -- as written: '2 hari kerja', null when none
  quota_min double,                      -- working minutes, null when none
  fee decimal(18, 2),
  ready_step varchar not null,
  primary key (office, service, effective_from)
);

create table sop_steps (
  office varchar not null,
  service varchar not null,
  effective_from date not null,
  step varchar not null,
  seq integer not null,                  -- SOP order, 1-based (also accepted as step number)
  name varchar not null,
  actor varchar not null,
  clock varchar not null check (clock in ('office', 'applicant', 'external')),
  quota_text varchar,
  quota_min double,
  optional boolean not null default false,
  primary key (office, service, effective_from, step)
);

create table officers (
  office varchar not null,
  officer varchar not null,
  name varchar,
  role varchar,
  primary key (office, officer)
);

create table office_hours (
  office varchar not null,               -- '*' = every office without a schedule of its own
  schedule varchar not null,
  valid_from date not null,
  valid_to date,                         -- inclusive; null = open-ended
  weekday tinyint not null check (weekday between 1 and 7),  -- ISO: 1 = Monday
  start_time time not null,
  end_time time not null check (end_time > start_time)
);

create table holidays (
  office varchar not null,               -- '*' = national
  date date not null,
  kind varchar not null check (kind in ('libur_nasional', 'cuti_bersama', 'libur_lokal', 'masuk')),
  name varchar not null,
  source varchar,
  primary key (office, date)
);

create table working_intervals (
  office varchar not null,
  local_date date not null,
  start_at timestamptz not null,
  end_at timestamptz not null,
  minutes double not null,
  cum_start double not null              -- working minutes of the office before start_at
);

create sequence ingest_batch_seq start 1;

create table ingest_batches (
  batch_id bigint primary key,
  kind varchar not null,
  file_name varchar not null,
  file_sha256 varchar not null,
  format varchar not null,
  options varchar,                       -- --office/--service given for the load
  status varchar not null,               -- committed | rejected | undone
  rows_read bigint not null default 0,
  rows_accepted bigint not null default 0,
  rows_duplicate bigint not null default 0,
  rows_rejected bigint not null default 0,
  message varchar,
  started_at timestamptz not null,
  finished_at timestamptz,
  undone_at timestamptz
);

create table events (
  office varchar not null,
  case_id varchar not null,
  service varchar not null,
  step varchar not null,
  event varchar not null check (event in ('start', 'complete', 'return', 'resubmit', 'notify', 'collect', 'cancel')),
  "at" timestamptz not null,
  officer varchar,
  note varchar,
  batch_id bigint not null
);

create table complaints (
  office varchar not null,
  complaint_id varchar not null,
  received_at timestamptz not null,
  channel varchar not null,
  category varchar not null check (category in ('ringan', 'sedang', 'berat')),
  subject varchar,
  service varchar,
  case_id varchar,
  complainant_name varchar,
  complainant_contact varchar,
  stage varchar not null,
  stage_at timestamptz not null,         -- when this stage was reached (received_at for 'diterima')
  responded_at timestamptz,
  resolved_at timestamptz,
  resolution varchar,
  handled_by varchar,
  batch_id bigint not null
);

create table survey_responses (
  office varchar not null,
  response_id varchar not null,
  service varchar,
  submitted_at timestamptz not null,
  u1 utinyint, u2 utinyint, u3 utinyint, u4 utinyint, u5 utinyint,
  u6 utinyint, u7 utinyint, u8 utinyint, u9 utinyint,
  case_id varchar,
  gender varchar,
  age integer,
  education varchar,
  occupation varchar,
  comment varchar,
  batch_id bigint not null
);

create table channel_aliases (
  office varchar not null,               -- '*' = every office
  alias varchar not null,                -- lowercase name as written in an office's register
  channel varchar not null,
  primary key (office, alias)
);

insert into channel_aliases values
  ('*', 'kotak saran', 'kotak_saran'), ('*', 'kotak pengaduan', 'kotak_saran'),
  ('*', 'loket pengaduan', 'loket'), ('*', 'e-mail', 'email'), ('*', 'surel', 'email'),
  ('*', 'web', 'website'), ('*', 'telp', 'telepon'), ('*', 'telpon', 'telepon'), ('*', 'wa', 'whatsapp'),
  ('*', 'tatap muka', 'tatap_muka'), ('*', 'langsung', 'tatap_muka'), ('*', 'lapor', 'sp4n_lapor'),
  ('*', 'lapor!', 'sp4n_lapor'), ('*', 'sp4n', 'sp4n_lapor'), ('*', 'sp4n-lapor', 'sp4n_lapor'),
  ('*', 'media sosial', 'media_sosial'), ('*', 'medsos', 'media_sosial'), ('*', 'formulir pengaduan', 'formulir'),
  ('*', 'faksimili', 'fax'), ('*', 'pos', 'surat'), ('*', 'tertulis', 'surat');

-- The cases (and months) the SLA refresh recomputes; filled and emptied inside each refresh.
create table sla_scope (
  office varchar not null,
  case_id varchar not null
);

-- sha256 of the queries/ definitions that built the derived tables.
create table sla_definitions (
  hash varchar not null,
  built_at timestamptz not null
);

create table sla_scope_months (
  office varchar not null,
  month date not null
);

create sequence query_audit_seq start 1;

create table query_audit_log (
  query_id bigint primary key,
  queried_at timestamptz not null,
  who varchar,
  sql varchar not null,
  sql_sha256 varchar not null,
  outcome varchar not null,              -- ok | refused | failed | timeout
  duration_ms double,
  rows_returned bigint,
  error varchar
);
