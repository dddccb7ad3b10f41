import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, type Role, addUser, listTokens, listUsers, revokeToken } from '../../auth/index.js';
import { esc, reportLinks, userBox, usersLink, whoOf, type Who, pageIds, pagePath } from '../../dashboards/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { dashboards, inBoth, otherLang } from '../../i18n/index.js';

/**
 * User administration (issue #22), for the `admin` role: the *Pengguna* page (server-rendered,
 * plain forms carrying the session's CSRF token: no script) and the same under /api/users. A new
 * token is shown once, in the answer that created it; the page and the API never show a secret.
 */

const TEXT = { id: dashboards.id.usersPage, en: dashboards.en.usersPage };

type Lang = keyof typeof TEXT;
const lang = z.enum(['id', 'en']).default('id');

const tokenSchema = z.object({
  token_id: z.string(),
  label: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
});
const userSchema = z.object({
  user_id: z.string(),
  name: z.string().nullable(),
  roles: z.array(z.string()),
  offices: z.array(z.string()).nullable().describe('null: every office'),
  password: z.boolean().describe('whether the user has a password (never the password or its hash)'),
  tokens: z.array(tokenSchema).describe('tokens in force: ids and labels, never secrets'),
});
const newUser = z.object({
  id: z.string().describe('2–64 lowercase letters, digits, ".", "_" or "-"'),
  name: z.string().optional(),
  roles: z.array(z.enum(ROLES)).min(1),
  offices: z.array(z.string()).optional().describe('omitted or empty: every office'),
  token_label: z.string().max(200).optional(),
});

/** Every user with its tokens in force. */
async function usersWithTokens(db: Parameters<typeof listUsers>[0]): Promise<z.infer<typeof userSchema>[]> {
  const [users, tokens] = await Promise.all([listUsers(db), listTokens(db)]);
  return users.map((u) => ({
    user_id: u.user_id,
    name: u.name,
    roles: u.roles,
    offices: u.offices,
    password: !!u.password,
    tokens: tokens
      .filter((t) => t.user_id === u.user_id)
      .map((t) => ({
        token_id: t.token_id,
        label: t.label,
        created_at: t.created_at.toISOString(),
        expires_at: t.expires_at ? t.expires_at.toISOString() : null,
      })),
  }));
}

/** A form body (urlencoded) with repeated keys kept: `roles=a&roles=b` → `{ roles: ['a', 'b'] }`. */
function formFields(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return out;
}
const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));
const createForm = z.object({
  id: z.string().default(''),
  name: z.string().optional(),
  roles: list,
  offices: list,
  label: z.string().optional(),
  lang,
  _csrf: z.string().optional(),
});

interface PageState {
  created?: { user: string; token: string };
  revoked?: string;
  error?: string;
}

function usersPage(
  l: Lang,
  who: Who | undefined,
  users: z.infer<typeof userSchema>[],
  offices: Array<{ office: string; name: string }>,
  state: PageState,
): string {
  const t = TEXT[l];
  const d = dashboards[l];
  const csrf =
    who?.mode === 'signed-in' && who.csrf ? `<input type="hidden" name="_csrf" value="${esc(who.csrf)}">` : '';
  const viewer =
    who?.mode === 'local' ||
    (who?.mode === 'signed-in' && who.roles.some((r) => r === 'kepala_dinas' || r === 'sekretaris'));
  const nav =
    (viewer ? pageIds.map((p) => `<li><a href="${pagePath[p]}?lang=${l}">${esc(d.pages[p])}</a></li>`).join('') : '') +
    reportLinks(who, l) +
    usersLink(who, l, true);
  const roleName = (r: string) => (d.roleNames as Record<string, string>)[r] ?? r;
  const rows = users
    .map((u) => {
      const tokens = u.tokens.length
        ? `<ul>${u.tokens
            .map(
              (k) =>
                `<li><code>${esc(k.token_id)}</code>${k.label ? ` (${esc(k.label)})` : ''} <form class="revoke" method="post" action="/pengguna/revoke">${csrf}<input type="hidden" name="lang" value="${l}"><input type="hidden" name="token_id" value="${esc(k.token_id)}"><button type="submit" aria-label="${esc(`${t.revoke} ${k.token_id}`)}">${esc(t.revoke)}</button></form></li>`,
            )
            .join('')}</ul>`
        : esc(t.none);
      return `<tr data-user="${esc(u.user_id)}"><td>${esc(u.user_id)}</td><td>${esc(u.name ?? '')}</td><td>${esc(u.roles.map(roleName).join(', '))}</td><td>${esc(u.offices?.join(', ') ?? d.everyOffice)}</td><td>${u.password ? t.yes : t.no}</td><td>${tokens}</td></tr>`;
    })
    .join('');
  const notice = [
    state.error ? `<p class="error" role="alert">${esc(t.failed)}: ${esc(state.error)}</p>` : '',
    state.revoked ? `<p role="status">${esc(t.revoked.replace('{token}', state.revoked))}</p>` : '',
    state.created
      ? `<div class="token" role="status"><p>${esc(t.tokenFor.replace('{user}', state.created.user))}</p><p><code id="new-token">${esc(state.created.token)}</code></p></div>`
      : '',
  ].join('');
  const roleBoxes = ROLES.map(
    (r) => `<label><input type="checkbox" name="roles" value="${r}"> ${esc(roleName(r))}</label>`,
  ).join('');
  const officeOpts = offices
    .map((o) => `<option value="${esc(o.office)}">${esc(o.name)} (${esc(o.office)})</option>`)
    .join('');
  return `<!doctype html>
<html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} — ${esc(d.app)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dash/dash.css">
</head>
<body>
<a class="skip" href="#content">${esc(d.skipLink)}</a>
<header>
  <div class="top"><h1>${esc(d.app)}</h1><span class="lang"><a href="/pengguna?lang=${otherLang(l)}" lang="${otherLang(l)}">${esc(d.language)}</a></span></div>
  ${userBox(who, l)}
  <nav aria-label="${esc(d.app)}"><ul>${nav}</ul></nav>
</header>
<main id="content" class="users" tabindex="-1">
<h2 class="page-title">${esc(t.title)}</h2>
${notice}
<div class="table-wrap" role="region" tabindex="0" aria-label="${esc(t.list)}"><table>
<caption>${esc(t.list)}</caption>
<thead><tr><th scope="col">${esc(t.colUser)}</th><th scope="col">${esc(t.colName)}</th><th scope="col">${esc(t.colRoles)}</th><th scope="col">${esc(t.colOffices)}</th><th scope="col">${esc(t.colPassword)}</th><th scope="col">${esc(t.colTokens)}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<h3>${esc(t.create)}</h3>
<p class="desc">${esc(t.createHint)}</p>
<form class="create" method="post" action="/pengguna">
${csrf}<input type="hidden" name="lang" value="${l}">
<label>${esc(t.id)} <input name="id" required autocomplete="off" pattern="[a-z0-9._\\-]{2,64}"></label>
<label>${esc(t.name)} <input name="name" autocomplete="off"></label>
<fieldset><legend>${esc(t.roles)}</legend>${roleBoxes}</fieldset>
<label>${esc(t.offices)} <select name="offices" multiple size="${Math.min(5, Math.max(2, offices.length))}">${officeOpts}</select></label>
<label>${esc(t.label)} <input name="label" autocomplete="off"></label>
<button type="submit">${esc(t.submit)}</button>
</form>
</main>
</body></html>`;
}

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  // the page's forms post urlencoded bodies (this plugin's routes only); repeated fields are lists
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16384 },
    (_req, body, done) => done(null, formFields(body as string)),
  );

  const offices = () =>
    app.db.all<{ office: string; name: string }>('select office, name from offices order by office');
  const render = async (l: Lang, who: Who | undefined, state: PageState) =>
    usersPage(l, who, await usersWithTokens(app.db), await offices(), state);

  app.get(
    '/pengguna',
    { schema: { hide: true, querystring: z.object({ lang, revoked: z.string().max(64).optional() }) } },
    async (req, reply) => {
      const who = whoOf(req.principal, app.auth.enforced(), req.csrfToken);
      return reply
        .type('text/html; charset=utf-8')
        .send(await render(req.query.lang, who, req.query.revoked ? { revoked: req.query.revoked } : {}));
    },
  );

  app.post('/pengguna', { schema: { hide: true, body: createForm } }, async (req, reply) => {
    const f = req.body;
    const who = whoOf(req.principal, app.auth.enforced(), req.csrfToken);
    try {
      const r = await addUser(app.db, {
        id: f.id,
        name: f.name || undefined,
        roles: f.roles as Role[],
        offices: f.offices.length ? f.offices : undefined,
        token: true,
        tokenLabel: f.label || undefined,
      });
      await app.auth.refresh();
      // the new token, this once
      return reply
        .code(201)
        .type('text/html; charset=utf-8')
        .send(await render(f.lang, who, { created: { user: f.id, token: r.token! } }));
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
      return reply
        .code(err.statusCode)
        .type('text/html; charset=utf-8')
        .send(await render(f.lang, who, { error: err.message }));
    }
  });

  app.post(
    '/pengguna/revoke',
    { schema: { hide: true, body: z.object({ token_id: z.string().max(64), lang, _csrf: z.string().optional() }) } },
    async (req, reply) => {
      if (!(await revokeToken(app.db, req.body.token_id)))
        throw new NotFoundError(inBoth('token_not_found', { id: req.body.token_id }));
      return reply.redirect(`/pengguna?lang=${req.body.lang}&revoked=${encodeURIComponent(req.body.token_id)}`, 303);
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        summary: 'Users and their tokens in force (admin); never a secret',
        response: { 200: z.object({ users: z.array(userSchema) }) },
      },
    },
    async () => ({ users: await usersWithTokens(app.db) }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        summary:
          'Create a user, or replace the name, roles and offices of one (admin), with a new token returned once (needs the CSRF token with a session)',
        body: newUser,
        response: {
          201: z.object({
            user_id: z.string(),
            token: z.string().describe('sla_<token_id>_<secret>: shown only in this answer'),
            token_id: z.string(),
          }),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await addUser(app.db, {
        id: b.id,
        name: b.name,
        roles: b.roles,
        offices: b.offices?.length ? b.offices : undefined,
        token: true,
        tokenLabel: b.token_label,
      });
      await app.auth.refresh();
      return reply.code(201).send({ user_id: b.id, token: r.token!, token_id: r.tokenId! });
    },
  );

  app.post(
    '/api/users/revoke',
    {
      schema: {
        summary: 'Revoke a token by its id, the part after "sla_" (admin; needs the CSRF token with a session)',
        body: z.object({ token_id: z.string().max(64) }),
        response: { 200: z.object({ token_id: z.string(), revoked: z.literal(true) }) },
      },
    },
    async (req) => {
      if (!(await revokeToken(app.db, req.body.token_id)))
        throw new NotFoundError(inBoth('token_not_found', { id: req.body.token_id }));
      return { token_id: req.body.token_id, revoked: true as const };
    },
  );
};
