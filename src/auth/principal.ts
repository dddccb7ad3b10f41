/**
 * Who is calling: set on the request by the access-control layer (issue #11). Routes read it
 * through these helpers only, so that the rules live in one place.
 */
export const ROLES = ['kepala_dinas', 'sekretaris', 'auditor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `admin` administers users and tokens only (issue #22): it is in no rule of office data, so an
 * admin sees such data only through another role it also holds.
 */
export const ADMIN: Role = 'admin';

export interface Principal {
  id: string;
  /** display name, when the user has one */
  name?: string | undefined;
  roles: Role[];
  /** offices the caller may see; undefined = every office */
  offices?: string[] | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Complainant identity (UU 27/2022) is for the sekretaris and operator roles only (SPEC §2.4). */
export function mayReadIdentity(p: Principal | undefined): boolean {
  return !!p && p.roles.some((r) => r === 'sekretaris' || r === 'operator');
}
