import type { Role } from './principal.js';

/**
 * The access rule of every route, in one table (SPEC §4 roles). The auth plugin refuses to start
 * an app with a route missing here, and a test enumerates the routes of the app against it.
 *
 * - `roles`: who may call it: `public` (no login: the login page, static assets), `any` (any
 *   signed-in user), or a list of roles (holding one is enough).
 * - `office`: `scoped` routes serve one office's figures: a caller limited to some offices must
 *   name one of them (`office` in the path or query; a caller with a single office gets it
 *   filled in); `none` routes carry no office data, or filter it themselves (health, SQL).
 * - `rateLimit`: requests per minute per caller (per address before sign-in).
 */
export interface Access {
  roles: readonly Role[] | 'public' | 'any';
  office: 'scoped' | 'none';
  rateLimit?: { max: number; timeWindow: string };
}

const VIEWERS = ['kepala_dinas', 'sekretaris'] as const satisfies readonly Role[];
const REGISTER = ['kepala_dinas', 'sekretaris', 'operator'] as const satisfies readonly Role[];
const view: Access = { roles: VIEWERS, office: 'scoped' };

export const ACCESS: Record<string, Access> = {
  // sign-in
  'GET /login': { roles: 'public', office: 'none' },
  'POST /login': { roles: 'public', office: 'none', rateLimit: { max: 10, timeWindow: '1 minute' } },
  'POST /logout': { roles: 'any', office: 'none' },
  'GET /api/session': { roles: 'any', office: 'none' },
  // service
  'GET /api/health': { roles: 'any', office: 'none' },
  'GET /api/openapi.json': { roles: 'any', office: 'none' },
  'GET /api/batches': { roles: ['operator', 'sekretaris'], office: 'none' },
  // loading data (issue #22): operators; a load's offices come from its files
  'GET /muat': { roles: ['operator'], office: 'none' },
  'POST /api/ingest/:kind': { roles: ['operator'], office: 'none' },
  'GET /api/ingest/progress/:upload': { roles: ['operator'], office: 'none' },
  'POST /api/batches/:id/undo': { roles: ['operator'], office: 'none' },
  // dashboards
  'GET /': { roles: VIEWERS, office: 'none' },
  'GET /tahapan': { roles: VIEWERS, office: 'none' },
  'GET /petugas': { roles: VIEWERS, office: 'none' },
  'GET /tren': { roles: VIEWERS, office: 'none' },
  'GET /berkas': { roles: VIEWERS, office: 'none' },
  'GET /pengaduan': { roles: VIEWERS, office: 'none' },
  'GET /skm': { roles: VIEWERS, office: 'none' },
  'GET /perbandingan': { roles: VIEWERS, office: 'none' },
  'GET /api/dash/:page': view,
  'GET /api/dash/:page/csv': view,
  'GET /api/dash/:page/xlsx': view,
  'GET /assets/*': { roles: 'public', office: 'none' },
  // SLA figures
  'GET /api/sla/summary': view,
  'GET /api/sla/steps': view,
  'GET /api/sla/officers': view,
  'GET /api/cases': view,
  'GET /api/cases/:case_id': view,
  'GET /api/uncollected': view,
  // SKM / IKM
  'GET /api/ikm': view,
  'GET /api/ikm/unsur': view,
  'GET /api/ikm/groups': view,
  // complaints (identity itself: sekretaris and operator only, checked by the route)
  'GET /api/complaints': { roles: REGISTER, office: 'scoped' },
  'GET /api/complaints/open': { roles: REGISTER, office: 'scoped' },
  'GET /api/complaints/:office/:complaint_id': { roles: REGISTER, office: 'scoped' },
  'GET /api/complaints/resolution': view,
  'GET /api/complaints/monthly': view,
  // monthly report (issue #9): the Sekretaris checks, the Kepala Dinas approves; auditors list
  // and verify copies by sha256
  'GET /api/reports': { roles: ['kepala_dinas', 'sekretaris', 'auditor'], office: 'scoped' },
  'GET /api/reports/:office/:file': view,
  'POST /api/reports/:office/:month/check': { roles: ['sekretaris'], office: 'scoped' },
  'POST /api/reports/:office/:month/approve': { roles: ['kepala_dinas'], office: 'scoped' },
  'GET /api/reports/states': view,
  // the pages of the reports (issue #22): Laporan for those who read reports (its office list is
  // the caller's scope), Verifikasi for anyone signed in
  'GET /laporan': { roles: VIEWERS, office: 'none' },
  'GET /verifikasi': { roles: 'any', office: 'none' },
  // anyone signed in may check whether a file is an approved copy (office scope: the route)
  'POST /api/reports/verify': { roles: 'any', office: 'none', rateLimit: { max: 30, timeWindow: '1 minute' } },
  // auditor SQL: the engine applies the caller's offices to every relation itself
  'POST /api/sql': { roles: ['auditor'], office: 'none', rateLimit: { max: 60, timeWindow: '1 minute' } },
  'GET /api/sql/schema': { roles: ['auditor'], office: 'none' },
  // user administration (issue #22): the admin role only; users and tokens carry no office data
  'GET /pengguna': { roles: ['admin'], office: 'none' },
  'POST /pengguna': { roles: ['admin'], office: 'none' },
  'POST /pengguna/revoke': { roles: ['admin'], office: 'none' },
  'GET /api/users': { roles: ['admin'], office: 'none' },
  'POST /api/users': { roles: ['admin'], office: 'none' },
  'POST /api/users/revoke': { roles: ['admin'], office: 'none' },
};

/** The rule of a route (HEAD follows GET), or undefined when it has none. */
export function accessOf(method: string, url: string): Access | undefined {
  return ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
