/**
 * Content-Security-Policy of every HTML page (dashboards, Muat data, Pengguna …): scripts and styles only from this
 * server (no inline
 * code, no eval: Vega runs its expressions through vega-interpreter), data only from this server.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
