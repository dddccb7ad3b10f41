import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Database, Session } from '../db/index.js';
import { BadRequestError, InputError } from '../errors.js';
import { isLoopback } from './address.js';
import { ROLES, type Principal, type Role } from './principal.js';
import { bilingual, inBoth, t, type Lang } from '../i18n/index.js';
import { rule, schemaReason } from '../schema-reason.js';

/**
 * Users and tokens (SPEC §4 roles). A token is `sla_<id>_<secret>`: the id finds it, the secret is
 * stored only as its SHA-256 (a random 256-bit secret needs no slow hash); passwords are stored as
 * scrypt hashes (a slow, salted hash). Neither is ever logged or returned after creation.
 */

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** scrypt with N = 2^15, r = 8, p = 1 (≈ 32 MiB, ~0.1 s here): slow for guessing, fine for a login. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN = /^sla_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** A new token: the text to hand to its holder (shown once) and what is stored. */
export function newToken(): { token: string; tokenId: string; secretSha256: string } {
  const tokenId = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { token: `sla_${tokenId}_${secret}`, tokenId, secretSha256: sha256(secret) };
}

interface UserRow {
  user_id: string;
  name: string | null;
  roles: string[];
  offices: string[] | null;
  password_hash: string | null;
}

function principalOf(u: UserRow, tokenOffices?: string[] | null): Principal {
  let offices = u.offices ?? undefined;
  if (tokenOffices) offices = offices ? offices.filter((o) => tokenOffices.includes(o)) : tokenOffices;
  return { id: u.user_id, ...(u.name ? { name: u.name } : {}), roles: u.roles as Role[], offices };
}

/** The principal of a bearer token, or null when it is unknown, revoked, expired or disabled. */
export async function principalOfToken(db: Pick<Database, 'one'>, token: string): Promise<Principal | null> {
  const m = TOKEN.exec(token.trim());
  if (!m) return null;
  const row = await db.one<UserRow & { secret_sha256: string; token_offices: string[] | null }>(
    `select u.user_id, u.name, u.roles, u.offices, u.password_hash, t.secret_sha256, t.offices as token_offices
     from auth_tokens t join auth_users u on u.user_id = t.user_id
     where t.token_id = $id and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.disabled_at is null`,
    { id: m[1]! },
  );
  if (!row) return null;
  const given = Buffer.from(sha256(m[2]!), 'hex');
  if (!timingSafeEqual(given, Buffer.from(row.secret_sha256, 'hex'))) return null;
  return principalOf(row, row.token_offices);
}

/**
 * Bearer tokens verified from memory (issue #23: a request with a token cost ~25× a cookie
 * request when each one queried DuckDB). The active tokens of a database are read in one query
 * and kept until its next committed write (`db.generation`: any load, user change or revocation
 * of this process — also a CLI command run through the service — reads them again), so a revoked
 * token is refused from the next request on. Expiry is checked at each use. Unknown tokens cost
 * nothing: the table is held whole (an office has tens of tokens, not millions).
 */
export class TokenCache {
  private generation = -1;
  private byId = new Map<string, { secret: Buffer; expiresAt: number | null; principal: Principal }>();
  private loading: Promise<void> | undefined;

  constructor(private readonly db: Pick<Database, 'all' | 'generation'>) {}

  async principal(token: string, now = Date.now()): Promise<Principal | null> {
    const m = TOKEN.exec(token.trim());
    if (!m) return null;
    await this.current();
    const t = this.byId.get(m[1]!);
    if (!t || (t.expiresAt !== null && t.expiresAt <= now)) return null;
    return timingSafeEqual(Buffer.from(sha256(m[2]!), 'hex'), t.secret) ? t.principal : null;
  }

  /** Reads the tokens again when the database changed since they were read (one read at a time). */
  private async current(): Promise<void> {
    while (this.generation !== this.db.generation) {
      this.loading ??= this.load().finally(() => (this.loading = undefined));
      await this.loading;
    }
  }

  private async load(): Promise<void> {
    const generation = this.db.generation;
    const rows = await this.db.all<
      UserRow & { token_id: string; secret_sha256: string; token_offices: string[] | null; expires_at: Date | null }
    >(
      `select t.token_id, u.user_id, u.name, u.roles, u.offices, u.password_hash, t.secret_sha256, t.offices as token_offices, t.expires_at
       from auth_tokens t join auth_users u on u.user_id = t.user_id
       where t.revoked_at is null and u.disabled_at is null`,
    );
    this.byId = new Map(
      rows.map((r) => [
        r.token_id,
        {
          secret: Buffer.from(r.secret_sha256, 'hex'),
          expiresAt: r.expires_at?.getTime() ?? null,
          principal: principalOf(r, r.token_offices),
        },
      ]),
    );
    this.generation = generation;
  }
}

/** The principal of a user name and password, or null. Always spends one scrypt (no timing oracle on unknown users). */
export async function principalOfPassword(
  db: Pick<Database, 'one'>,
  userId: string,
  password: string,
): Promise<Principal | null> {
  const row = await db.one<UserRow>(
    'select user_id, name, roles, offices, password_hash from auth_users where user_id = $id and disabled_at is null',
    { id: userId },
  );
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  return ok && row?.password_hash ? principalOf(row) : null;
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function usersConfigured(db: Pick<Database, 'one'>): Promise<boolean> {
  const row = await db.one<{ n: number }>('select count(*) as n from auth_users where disabled_at is null');
  return (row?.n ?? 0) > 0;
}

/**
 * The secure default of SPEC §4: without users nobody signs in, so a service may then listen on a
 * loopback address only. Returns the mode to announce; throws (id / en) for another address.
 */
export async function listenMode(db: Database, host: string): Promise<'users' | 'local'> {
  if (await usersConfigured(db)) return 'users';
  if (!isLoopback(host)) {
    throw new Error(bilingual('no_users_not_loopback', { host }));
  }
  return 'local';
}

export interface NewUser {
  id: string;
  name?: string | undefined;
  roles: Role[];
  offices?: string[] | undefined;
  password?: string | undefined;
  /** create a token for the user (returned once) */
  token?: boolean | undefined;
  tokenLabel?: string | undefined;
}

const userId = z.string().regex(/^[a-z0-9._-]{2,64}$/, rule('schema_rule_user_id'));

async function checkOffices(db: Database, offices: string[] | undefined): Promise<void> {
  if (!offices?.length) return;
  const known = new Set((await db.all<{ office: string }>('select office from offices')).map((o) => o.office));
  const unknown = offices.filter((o) => !known.has(o));
  if (unknown.length) throw new BadRequestError(inBoth('users_unknown_office', { offices: unknown.join(', ') }));
}

/**
 * Inserts a user, or replaces its name, roles and offices (and re-enables it). Its password hash
 * is replaced, or with `keep` kept when none is given.
 */
async function upsertUser(
  tx: Pick<Session, 'run'>,
  u: {
    id: string;
    name?: string | undefined;
    roles: readonly string[];
    offices?: string[] | undefined;
    passwordHash: string | null;
  },
  password: 'keep' | 'replace',
): Promise<void> {
  await tx.run(
    `insert into auth_users (user_id, name, roles, offices, password_hash, created_at)
     values ($id, $name, from_json($roles, '["VARCHAR"]'), from_json($offices, '["VARCHAR"]'), $hash, now())
     on conflict (user_id) do update set name = excluded.name, roles = excluded.roles, offices = excluded.offices,
       password_hash = ${password === 'keep' ? 'coalesce(excluded.password_hash, auth_users.password_hash)' : 'excluded.password_hash'}, disabled_at = null`,
    {
      id: u.id,
      name: u.name ?? null,
      roles: JSON.stringify(u.roles),
      offices: u.offices?.length ? JSON.stringify(u.offices) : null,
      hash: u.passwordHash,
    },
  );
}

/** Creates (or replaces the roles, offices and password of) a user; returns a new token when asked. */
export async function addUser(db: Database, u: NewUser): Promise<{ token?: string; tokenId?: string }> {
  const id = userId.safeParse(u.id);
  if (!id.success) throw new BadRequestError(inBoth('schema_rule_user_id'));
  const bad = u.roles.filter((r) => !ROLES.includes(r));
  if (bad.length || u.roles.length === 0)
    throw new BadRequestError(
      inBoth('users_bad_roles', (lang) => ({
        roles: ROLES.join(', '),
        given: u.roles.join(', ') || t(lang, 'users_no_role'),
      })),
    );
  if (u.password !== undefined && u.password.length < 12) throw new BadRequestError(inBoth('users_short_password'));
  await checkOffices(db, u.offices);
  const hash = u.password ? await hashPassword(u.password) : null;
  return db.transaction(async (tx) => {
    await upsertUser(tx, { ...u, passwordHash: hash }, 'keep');
    if (!u.token) return {};
    const t = newToken();
    await tx.run(
      `insert into auth_tokens (token_id, user_id, secret_sha256, label, created_at) values ($tid, $id, $sha, $label, now())`,
      { tid: t.tokenId, id: u.id, sha: t.secretSha256, label: u.tokenLabel ?? null },
    );
    return { token: t.token, tokenId: t.tokenId };
  });
}

export async function revokeToken(db: Database, tokenId: string): Promise<boolean> {
  return db.transaction(
    async (tx) =>
      (await tx.run('update auth_tokens set revoked_at = now() where token_id = $id and revoked_at is null', {
        id: tokenId,
      })) > 0,
  );
}

export async function listUsers(db: Pick<Database, 'all'>): Promise<
  Array<{
    user_id: string;
    name: string | null;
    roles: string[];
    offices: string[] | null;
    password: boolean;
    tokens: number;
  }>
> {
  return db.all(
    `select u.user_id, u.name, u.roles, u.offices, u.password_hash is not null as password,
       (select count(*) from auth_tokens t where t.user_id = u.user_id and t.revoked_at is null) as tokens
     from auth_users u where u.disabled_at is null order by u.user_id`,
  );
}

/** The tokens in force (not revoked, not expired) of every user: ids and labels, never secrets. */
export async function listTokens(
  db: Pick<Database, 'all'>,
): Promise<
  Array<{ token_id: string; user_id: string; label: string | null; created_at: Date; expires_at: Date | null }>
> {
  return db.all(
    `select token_id, user_id, label, created_at, expires_at from auth_tokens
     where revoked_at is null and (expires_at is null or expires_at > now()) order by user_id, created_at, token_id`,
  );
}

/**
 * A users file (YAML), loaded at start when configured: users with roles, offices and either a
 * password hash (`password_scrypt`, made by `sla user hash-password`) or tokens given by their
 * SHA-256 (`token_sha256`: the file never holds a usable secret).
 */
const usersFile = z.object({
  users: z.array(
    z.object({
      id: userId,
      name: z.string().optional(),
      roles: z.array(z.enum(ROLES)).min(1),
      offices: z.array(z.string()).optional(),
      password_scrypt: z.string().startsWith('scrypt$', rule('schema_rule_password_scrypt')).optional(),
      tokens: z
        .array(
          z.object({
            id: z.string().regex(/^[A-Za-z0-9]{12}$/, rule('schema_rule_token_id')),
            secret_sha256: z.string().regex(/^[0-9a-f]{64}$/, rule('schema_rule_token_sha256')),
            label: z.string().optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** Loads the users file; a fault of its schema is told in `lang` (the service's, `SLA_LANG`). */
export async function loadUsersFile(
  db: Database,
  path: string,
  lang: Lang = 'id',
): Promise<{ users: number; tokens: number }> {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError([{ file: path, reason: (err as Error).message }], 1, lang);
  }
  const parsed = usersFile.safeParse(doc);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => ({ file: path, field: i.path.join('.'), reason: schemaReason(i, lang, doc) })),
      parsed.error.issues.length,
      lang,
    );
  for (const u of parsed.data.users) await checkOffices(db, u.offices);
  let tokens = 0;
  await db.transaction(async (tx) => {
    for (const u of parsed.data.users) {
      await upsertUser(tx, { ...u, passwordHash: u.password_scrypt ?? null }, 'replace');
      for (const t of u.tokens ?? []) {
        tokens++;
        await tx.run(
          `insert into auth_tokens (token_id, user_id, secret_sha256, label, created_at) values ($tid, $id, $sha, $label, now())
           on conflict (token_id) do update set user_id = excluded.user_id, secret_sha256 = excluded.secret_sha256, label = excluded.label`,
          { tid: t.id, id: u.id, sha: t.secret_sha256, label: t.label ?? null },
        );
      }
    }
  });
  return { users: parsed.data.users.length, tokens };
}
