-- users and tokens
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
