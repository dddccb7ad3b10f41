import type { Database } from './database.js';

/**
 * Versioned schema migrations. A database made by an older version is upgraded in order, each
 * migration in its own transaction; a database made by a newer version is refused, never
 * recreated. Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'base tables',
    sql: `
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
`,
  },
];

migrations.push({
  version: 2,
  name: 'fixed UTC offset of offices',
  sql: `
-- Minutes east of UTC when the office's zone keeps one offset over the calendar range (all
-- Indonesian zones); null otherwise. Local times then need no time-zone database per row.
alter table offices add column utc_offset_min integer;
`,
});

migrations.push({
  version: 3,
  name: 'complainant identity apart; complaint deadlines',
  sql: `
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
`,
});

migrations.push({
  version: 4,
  name: 'users and tokens',
  sql: `
-- Access control (SPEC §4): users with roles, optionally limited to offices; tokens stored as a
-- SHA-256 of their secret part (tokens are random 256-bit values), passwords as scrypt hashes.
create table auth_users (
  user_id varchar primary key,
  name varchar,
  roles varchar[] not null,
  offices varchar[],                     -- null = every office
  password_hash varchar,                 -- scrypt$N$r$p$salt$hash, null = token only
  created_at timestamptz not null,
  disabled_at timestamptz
);

create table auth_tokens (
  token_id varchar primary key,          -- the public part of the token (sla_<token_id>_<secret>)
  user_id varchar not null,
  secret_sha256 varchar not null,
  label varchar,
  offices varchar[],                     -- a further limit of this token, null = the user's
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);
`,
});

migrations.push({
  version: 5,
  name: 'end time of auditor queries',
  sql: `
-- when an auditor query ended (for a timed-out query, when the interrupt stopped it)
alter table query_audit_log add column finished_at timestamptz;
`,
});

migrations.push({
  version: 6,
  name: 'monthly reports and their sign-off',
  sql: `
-- branch pdf
-- Every generated monthly report (issue #9): its sha256 so that a copy can be verified later,
-- the data as-of instant it was made from, the wall-clock generation time (kept here, not in
-- the file, so regeneration is byte-identical) and the sign-off: draft → checked (or returned
-- with a note, then regenerated) → approved. The PDF itself is kept so that the copy that was
-- checked and approved is what is served afterwards, even when the data change.
create sequence report_seq start 1;

create table reports (
  report_id bigint primary key,
  office varchar not null,
  month varchar not null,                -- YYYY-MM
  lang varchar not null,                 -- id | en
  as_of timestamptz not null,
  sha256 varchar not null,
  bytes bigint not null,
  pages integer not null,
  generated_at timestamptz not null,
  status varchar not null,               -- draft | checked | returned | approved | superseded
  checked_by varchar,
  checked_at timestamptz,
  note varchar,
  approved_by varchar,
  approved_at timestamptz,
  pdf blob not null
);
`,
});

// office_extent: the first and latest transition and the number of events of each office, kept by
// the refresh (src/sla/refresh.ts) so that the as-of instant needs no scan of the events
migrations.push({
  version: 7,
  name: 'office extent',
  sql: `
create table office_extent (
  office varchar not null,
  first_at timestamptz,
  last_at timestamptz,
  events bigint not null
);
insert into office_extent select office, min("at"), max("at"), count(*) from events group by office;
`,
});

// dash_dirty: the first month from which the dashboard summaries (src/dashboards/summaries.ts)
// are not current; marked by the refresh in the load's transaction, cleared by their rebuild.
// A new or upgraded database starts with everything to build.
migrations.push({
  version: 8,
  name: 'dashboard summaries',
  sql: `
create table dash_dirty (from_month date not null);
insert into dash_dirty values (date '0001-01-01');
`,
});

// the dashboard summaries gained a column (late cases per period): rebuilt whole
migrations.push({
  version: 9,
  name: 'dashboard summaries: late cases',
  sql: `insert into dash_dirty values (date '0001-01-01');`,
});

// the period's bottleneck moved from the case summaries to the step summaries (SPEC §2.3.9,
// revised: over_min): rebuilt whole
migrations.push({
  version: 10,
  name: 'dashboard summaries: bottleneck by over_min',
  sql: `insert into dash_dirty values (date '0001-01-01');`,
});

// other spellings of a step's name, for matching logs by name (SPEC §2.2: names as the seeds
// spell them, e.g. seed 004's "PENONOMORAN", also found as "PENOMORAN")
migrations.push({
  version: 11,
  name: 'step name aliases',
  sql: `alter table sop_steps add column aliases varchar[];`,
});

// the monthly report as a signed letter (issue #22 part 3): the office block gains the letterhead
// (kop surat), officers their NIP and dated posting (the Sekretaris and Kepala Dinas who sign are
// read from them), acting officials (Plt./Plh.) an explicit table, and a report record what its
// approved copy was rendered from (so that the copy is byte-reproducible from the record)
migrations.push({
  version: 12,
  name: 'report letterhead, signatories and approved copies',
  sql: `
alter table offices add column government varchar;      -- 'Pemerintah Kota Pekanbaru'
alter table offices add column dinas_name varchar;      -- the dinas' full name
alter table offices add column place varchar;           -- the place of the place-and-date line
alter table offices add column address varchar;
alter table offices add column phone varchar;
alter table offices add column email varchar;
alter table offices add column website varchar;
alter table offices add column logo_path varchar;       -- a PNG/JPEG file, optional
alter table officers add column nip varchar;            -- 18 digits
alter table officers add column position varchar;       -- sekretaris | kepala_dinas | …
alter table officers add column posted_from date;       -- in this position from (null: always)
alter table officers add column posted_to date;         -- to, inclusive (null: open-ended)
create table acting_officials (
  office varchar not null,
  position varchar not null,             -- the position held in acting capacity
  officer varchar not null,              -- officers.officer of the same office
  title varchar not null,                -- Plt. | Plh.
  valid_from date not null,
  valid_to date                          -- inclusive; null = open-ended
);
alter table reports add column checked_sha256 varchar;  -- the copy the Sekretaris checked (approved: its digest)
alter table reports add column report_no varchar;       -- the approved copy's number
alter table reports add column rendered_from varchar;   -- JSON: everything the approved copy was rendered from
`,
});

// what an auditor query sent (issue #23): bytes of the encoded result, and why it stopped short
migrations.push({
  version: 13,
  name: 'bytes and truncation of auditor results',
  sql: `
alter table query_audit_log add column bytes_returned bigint;
alter table query_audit_log add column truncated varchar;        -- rows | bytes; null = complete
`,
});

// the share of cases within quota an office promises itself (issue #25): an office setting of the
// catalogue, not a regulation; 90% unless the office says otherwise
migrations.push({
  version: 14,
  name: 'office target of the share within quota',
  sql: `
alter table offices add column within_quota_target double default 0.9;
update offices set within_quota_target = 0.9 where within_quota_target is null;
`,
});

export const schemaVersion = migrations[migrations.length - 1]!.version;

export async function migrate(db: Database): Promise<{ from: number; to: number }> {
  await db.write((w) => w.run('create table if not exists schema_migrations (version integer primary key, name varchar, applied_at timestamptz)'));
  const row = await db.one<{ v: number | null }>('select max(version) as v from schema_migrations');
  const from = row?.v ?? 0;
  if (from > schemaVersion) {
    throw new Error(`database schema version ${from} is newer than this program (${schemaVersion}); upgrade the program`);
  }
  for (const m of migrations.filter((x) => x.version > from)) {
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.run('insert into schema_migrations values ($v, $n, now())', { v: m.version, n: m.name });
    });
  }
  return { from, to: schemaVersion };
}
