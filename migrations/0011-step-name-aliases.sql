-- step name aliases
-- other spellings of a step's name, for matching logs by name (SPEC §2.2: names as the seeds
-- spell them, e.g. seed 004's "PENONOMORAN", also found as "PENOMORAN")
alter table sop_steps add column aliases varchar[];
