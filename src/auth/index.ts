/**
 * Users and access: who a request is (session cookie, bearer token, password), the roles and
 * office scopes of SPEC §1, the users file and the `sla user` commands.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { type AuthOptions, authPlugin, DEFAULT_CSP } from './plugin.js';
export { ADMIN, mayReadIdentity, type Principal, type Role, ROLES } from './principal.js';
export {
  addUser,
  hashPassword,
  listenMode,
  listTokens,
  listUsers,
  loadUsersFile,
  principalOfPassword,
  principalOfToken,
  revokeToken,
} from './users.js';
