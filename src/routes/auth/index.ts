import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOfPassword, principalOfToken } from '../../auth/index.js';
import { UnauthorizedError } from '../../errors.js';
import { bilingual, dashboards, inBoth, otherLang } from '../../i18n/index.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Only a path of this site (never `//host` or a full URL) may be the page after sign-in; other
 * characters than printable ASCII are percent-encoded, so that the Location header is valid.
 */
const safeNext = (next: string | undefined) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c))
    : '/';

/** `next` with a control character (CR, LF, NUL, tab, DEL…) is refused (400), never redirected to. */
const nextPage = z
  .string()
  // eslint-disable-next-line no-control-regex -- finding control characters is what it is for
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), {
    message: bilingual('next_control_chars'),
  })
  .optional();

const TEXT = { id: dashboards.id.login, en: dashboards.en.login };

function loginPage(lang: 'id' | 'en', next: string, failed: boolean, local: boolean): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/dash/dash.css"></head>
<body>
<header><div class="top"><h1>SLA DPMPTSP</h1><a href="?lang=${otherLang(lang)}&amp;next=${encodeURIComponent(next)}">${dashboards[lang].language}</a></div></header>
<main class="login">
<h1>${t.heading}</h1>
${local ? `<p>${t.local}</p>` : ''}
${failed ? `<p role="alert">${t.failed}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="next" value="${esc(next)}">
<input type="hidden" name="lang" value="${lang}">
<p><label>${t.token}<br><input name="token" type="password" autocomplete="off" size="60"></label></p>
<p>${t.or}</p>
<p><label>${t.user}<br><input name="user" autocomplete="username"></label></p>
<p><label>${t.password}<br><input name="password" type="password" autocomplete="current-password"></label></p>
<p><button type="submit">${t.submit}</button></p>
</form>
</main>
</body>
</html>`;
}

const loginBody = z.object({
  token: z.string().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  next: nextPage,
  lang: z.enum(['id', 'en']).optional(),
});

/**
 * The login page (token, or user and password) exchanging credentials for a session cookie; logout; the caller's
 * session.
 */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // HTML forms post urlencoded bodies (this plugin's routes only)
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.get(
    '/login',
    {
      schema: {
        hide: true,
        querystring: z.object({
          next: nextPage,
          lang: z.enum(['id', 'en']).default('id'),
          failed: z.enum(['1']).optional(),
        }),
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(loginPage(req.query.lang, safeNext(req.query.next), req.query.failed === '1', !app.auth.enforced())),
  );

  app.post(
    '/login',
    {
      schema: {
        summary: 'Exchange a token, or a user and password, for a session cookie (HTTP-only, SameSite=Strict)',
        body: loginBody,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const p = b.token
        ? await principalOfToken(app.db, b.token)
        : b.user && b.password
          ? await principalOfPassword(app.db, b.user, b.password)
          : null;
      if (!p) {
        if (form)
          return reply.redirect(
            `/login?failed=1&lang=${b.lang ?? 'id'}&next=${encodeURIComponent(safeNext(b.next))}`,
            303,
          );
        throw new UnauthorizedError(inBoth('sign_in_unknown'));
      }
      const csrf = app.auth.signIn(req, reply, p);
      // an admin without a dashboard role lands on the page it may open
      const home =
        p.roles.some((r) => r === 'kepala_dinas' || r === 'sekretaris') || !p.roles.includes('admin')
          ? '/'
          : '/pengguna';
      if (form) return reply.redirect(safeNext(b.next) === '/' ? home : safeNext(b.next), 303);
      return reply.send({ user: p.id, roles: p.roles, offices: p.offices ?? null, csrf_token: csrf });
    },
  );

  app.post(
    '/logout',
    { schema: { summary: 'End the session (needs the CSRF token)', hide: true } },
    async (req, reply) => {
      app.auth.signOut(req, reply);
      const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      return form ? reply.redirect('/login', 303) : reply.send({ ok: true });
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        summary:
          'Who is signed in: user, roles, offices, and the CSRF token to send as X-CSRF-Token on state-changing requests',
        response: {
          200: z.object({
            mode: z.enum(['local', 'enforced']),
            user: z.string(),
            roles: z.array(z.string()),
            offices: z.array(z.string()).nullable(),
            csrf_token: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => ({
      mode: app.auth.enforced() ? ('enforced' as const) : ('local' as const),
      user: req.principal!.id,
      roles: req.principal!.roles,
      offices: req.principal!.offices ?? null,
      csrf_token: req.csrfToken ?? null,
    }),
  );
};
