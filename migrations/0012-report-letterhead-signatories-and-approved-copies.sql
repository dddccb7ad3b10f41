-- report letterhead, signatories and approved copies
-- the monthly report as a signed letter (issue #22 part 3): the office block gains the letterhead
-- (kop surat), officers their NIP and dated posting (the Sekretaris and Kepala Dinas who sign are
-- read from them), acting officials (Plt./Plh.) an explicit table, and a report record what its
-- approved copy was rendered from (so that the copy is byte-reproducible from the record)
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
