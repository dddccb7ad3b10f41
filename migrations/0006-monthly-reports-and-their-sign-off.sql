-- monthly reports and their sign-off
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
