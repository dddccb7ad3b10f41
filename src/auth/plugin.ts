import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { isLoopback } from './address.js';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ForbiddenError, UnauthorizedError } from '../errors.js';
import { accessOf, type Access } from './access.js';
import { ROLES, type Principal } from './principal.js';
import { TokenCache, usersConfigured } from './users.js';
import { inBoth, t } from '../i18n/index.js';

/**
 * Access control for the whole app (SPEC §4): who is calling (bearer token, or a session cookie
 * made by the login page), whether the route's rule lets them in, office scope, CSRF on
 * state-changing requests, rate limits and security headers. Without any configured user the
 * service runs in local mode: the server listens on loopback only and every caller is the local
 * user with every role.
 */

export interface AuthOptions {
  /** minutes a session lasts after sign-in */
  sessionMinutes?: number;
  /** 'auto': Secure cookies except over plain HTTP to a loopback address; 'always' */
  cookieSecure?: 'auto' | 'always';
  /** Content-Security-Policy of every response */
  csp?: string;
}

export const SESSION_COOKIE = 'sla_session';
export const CSRF_HEADER = 'x-csrf-token';

export const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Session {
  principal: Principal;
  csrf: string;
  expiresAt: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: {
      /** true when users are configured (otherwise: local mode) */
      enforced: () => boolean;
      /** starts a session for a signed-in principal; sets the cookie; returns its CSRF token */
      signIn: (req: FastifyRequest, reply: FastifyReply, p: Principal) => string;
      signOut: (req: FastifyRequest, reply: FastifyReply) => void;
      /** re-reads whether users are configured (after `sla user add` in the same process) */
      refresh: () => Promise<void>;
      /** every route of the app as 'METHOD /url', with its rule */
      routes: Array<{ route: string; access: Access }>;
    };
  }
  interface FastifyRequest {
    /** the CSRF token of the caller's session (cookie sign-in only) */
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const LOCAL: Principal = { id: 'local', roles: [...ROLES] };
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const authPlugin = fp<AuthOptions>(
  async (app, opts) => {
    const sessions = new Map<string, Session>();
    const tokens = new TokenCache(app.db);
    const routes: Array<{ route: string; access: Access }> = [];
    const ttl = (opts.sessionMinutes ?? 480) * 60_000;
    let enforced = await usersConfigured(app.db);

    // every route has a rule (HEAD follows GET); the rule travels in the route's config
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const m of methods) {
        const rule = accessOf(m, route.url);
        if (!rule) throw new Error(`route ${m} ${route.url} has no access rule (src/auth/access.ts)`);
        routes.push({ route: `${m} ${route.url}`, access: rule });
        // counted in preHandler, once the body is parsed and the caller known: a route may then
        // record what it refused (auditor SQL writes its refusals to query_audit_log)
        route.config = {
          ...(route.config as object),
          access: rule,
          ...(rule.rateLimit ? { rateLimit: { ...rule.rateLimit, hook: 'preHandler' as const } } : {}),
        };
      }
    });

    // registered after the onRoute hook above, so that it sees each route's rate limit
    await app.register(cookie);
    await app.register(rateLimit, {
      global: false,
      keyGenerator: (req) => req.principal?.id ?? req.ip,
      // thrown, so the one error handler answers it: 429 RATE_LIMITED with the message (the plugin
      // sets Retry-After, in seconds)
      errorResponseBuilder: (_req, ctx) => {
        const s = Math.max(1, Math.ceil(ctx.ttl / 1000));
        return new AppError('RATE_LIMITED', 429, inBoth('rate_limited', { s }));
      },
    });

    const purge = () => {
      const now = Date.now();
      for (const [k, s] of sessions) if (s.expiresAt <= now) sessions.delete(k);
    };

    // who is calling
    app.addHook('onRequest', async (req) => {
      if (!enforced) {
        req.principal = LOCAL;
        return;
      }
      const header = req.headers.authorization;
      if (header) {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        const p = m ? await tokens.principal(m[1]!) : null;
        if (!p) throw new UnauthorizedError(inBoth('token_unknown'));
        req.principal = p;
        return;
      }
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) {
        const s = sessions.get(hash(sid));
        if (s && s.expiresAt > Date.now()) {
          req.principal = s.principal;
          req.csrfToken = s.csrf;
        } else if (s) sessions.delete(hash(sid));
      }
    });

    // may they, and for which office; CSRF on state-changing requests
    app.addHook('preHandler', async (req, reply) => {
      const rule = req.routeOptions.config.access;
      if (!rule) return; // 404 handler
      if (!SAFE.has(req.method)) {
        const origin = req.headers.origin;
        if (origin && origin !== 'null') {
          let host = '';
          try {
            host = new URL(origin).host;
          } catch {
            /* unreadable origin: refused below */
          }
          if (host !== req.headers.host) throw new ForbiddenError(inBoth('cross_origin', { origin }));
        } else if (origin === 'null') throw new ForbiddenError(inBoth('cross_origin_null'));
        // a session's state-changing requests carry its CSRF token (sign-in itself excepted)
        if (req.csrfToken !== undefined && rule.roles !== 'public') {
          const body = req.body as Record<string, unknown> | undefined;
          const given = String(
            req.headers[CSRF_HEADER] ?? (body && typeof body === 'object' ? (body._csrf ?? '') : ''),
          );
          if (!sameText(given, req.csrfToken)) throw new ForbiddenError(inBoth('csrf'));
        }
      }
      if (rule.roles === 'public') return;
      const p = req.principal;
      if (!p) {
        const wantsPage =
          req.method === 'GET' &&
          !req.url.startsWith('/api/') &&
          String(req.headers.accept ?? '').includes('text/html');
        if (wantsPage) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
        throw new UnauthorizedError(inBoth('sign_in_required'));
      }
      const needs = rule.roles;
      if (needs !== 'any' && !p.roles.some((r) => (needs as readonly string[]).includes(r))) {
        throw new ForbiddenError(
          inBoth('role_not_allowed', (lang) => ({
            roles: p.roles.join(', '),
            needs: needs.join(` ${t(lang, 'or')} `),
          })),
        );
      }
      if (rule.office === 'scoped' && p.offices) {
        const params = req.params as Record<string, string> | undefined;
        const query = req.query as Record<string, unknown> | undefined;
        const office = params?.office ?? (typeof query?.office === 'string' ? query.office : undefined);
        if (office === undefined) {
          if (p.offices.length === 1 && query && typeof query === 'object') query.office = p.offices[0];
          else throw new ForbiddenError(inBoth('offices_limited_give', { offices: p.offices.join(', ') }));
        } else if (!p.offices.includes(office)) {
          throw new ForbiddenError(inBoth('offices_limited', { offices: p.offices.join(', ') }));
        }
      }
    });

    // security headers on every response
    const csp = opts.csp ?? DEFAULT_CSP;
    app.addHook('onSend', async (req, reply, payload) => {
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', csp);
      // every answer but the public bundle (which sets its own) may carry personal data (names of
      // complainants and officers, sessions): never stored by a browser or a proxy
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      // over HTTPS (directly, or behind a proxy that says so: browsers ignore the header over plain
      // HTTP, so a forged x-forwarded-proto gains nothing)
      if (
        req.protocol === 'https' ||
        String(req.headers['x-forwarded-proto'] ?? '')
          .split(',')[0]!
          .trim() === 'https'
      ) {
        reply.header('strict-transport-security', 'max-age=31536000');
      }
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin'); // not no-referrer: it makes browsers send "Origin: null" on same-site form posts
      // DENY unless the route allows its own origin (the report PDF, framed by the Laporan page)
      if (reply.getHeader('x-frame-options') !== 'SAMEORIGIN') reply.header('x-frame-options', 'DENY');
      reply.header('cross-origin-opener-policy', 'same-origin');
      return payload;
    });

    app.decorate('auth', {
      routes,
      enforced: () => enforced,
      refresh: async () => {
        enforced = await usersConfigured(app.db);
      },
      signIn: (req: FastifyRequest, reply: FastifyReply, p: Principal) => {
        purge();
        const sid = randomBytes(32).toString('base64url');
        const csrf = randomBytes(24).toString('base64url');
        sessions.set(hash(sid), { principal: p, csrf, expiresAt: Date.now() + ttl });
        const secure = opts.cookieSecure === 'always' || req.protocol === 'https' || !isLoopback(req.hostname);
        reply.setCookie(SESSION_COOKIE, sid, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          maxAge: Math.floor(ttl / 1000),
        });
        return csrf;
      },
      signOut: (req: FastifyRequest, reply: FastifyReply) => {
        const sid = req.cookies[SESSION_COOKIE];
        if (sid) sessions.delete(hash(sid));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    });
  },
  { name: 'auth', fastify: '5.x', dependencies: ['db'] },
);
