import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const texts = {
  id: {
    title: 'Analitik SLA DPMPTSP',
    intro: 'Kinerja pelayanan perizinan terhadap Standar Pelayanan: waktu per tahap, per petugas dan per berkas dalam menit kerja.',
    office: 'Kantor', tz: 'Zona waktu', services: 'Layanan', events: 'Transisi', cases: 'Berkas', latest: 'Transisi terakhir',
    fresh: 'Data terakhir dimuat', none: '—', api: 'API (OpenAPI)', health: 'Status layanan', soon: 'Dasbor menyusul.',
  },
  en: {
    title: 'DPMPTSP SLA analytics',
    intro: 'Permit service performance against the service standards: time per step, per officer and per case in working minutes.',
    office: 'Office', tz: 'Time zone', services: 'Services', events: 'Transitions', cases: 'Cases', latest: 'Latest transition',
    fresh: 'Data last loaded', none: '—', api: 'API (OpenAPI)', health: 'Service status', soon: 'Dashboards follow.',
  },
};

/** A plain landing page (server-rendered, no script): offices, volumes and data freshness. */
export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { schema: { hide: true, querystring: z.object({ lang: z.enum(['id', 'en']).default('id') }) } }, async (req, reply) => {
    const lang = req.query.lang;
    const tx = texts[lang];
    const locale = lang === 'id' ? 'id-ID' : 'en-GB';
    const num = new Intl.NumberFormat(locale);
    const rows = await app.db.all<{ office: string; name: string; timezone: string; services: number; events: number; cases: number; latest: Date | null }>(
      `select o.office, o.name, o.timezone,
         (select count(distinct service) from services s where s.office = o.office) as services,
         count(e.office) as events, count(distinct e.case_id) as cases, max(e."at") as latest
       from offices o left join events e on e.office = o.office group by all order by o.office`,
    );
    const last = await app.db.one<{ t: Date | null }>("select max(finished_at) as t from ingest_batches where status = 'committed'");
    const when = (d: Date | null, tz: string) =>
      d ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: tz }).format(d) : tx.none;
    const body = rows
      .map(
        (r) => `<tr><td>${esc(r.name)} <code>${esc(r.office)}</code></td><td>${esc(r.timezone)}</td><td class="n">${num.format(r.services)}</td>
          <td class="n">${num.format(r.cases)}</td><td class="n">${num.format(r.events)}</td><td>${esc(when(r.latest, r.timezone))}</td></tr>`,
      )
      .join('\n');
    const other = lang === 'id' ? '<a href="/?lang=en">English</a>' : '<a href="/?lang=id">Bahasa Indonesia</a>';
    reply.type('text/html; charset=utf-8');
    return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${tx.title}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2933}
table{border-collapse:collapse;width:100%}th,td{padding:.4rem .6rem;border-bottom:1px solid #d9dee3;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}code{color:#52606d}nav{float:right}</style></head>
<body><nav>${other}</nav><h1>${tx.title}</h1><p>${tx.intro}</p>
<table><thead><tr><th>${tx.office}</th><th>${tx.tz}</th><th>${tx.services}</th><th>${tx.cases}</th><th>${tx.events}</th><th>${tx.latest}</th></tr></thead>
<tbody>${body}</tbody></table>
<p>${tx.fresh}: ${esc(when(last?.t ?? null, 'Asia/Jakarta'))} (WIB). ${tx.soon}</p>
<p><a href="/api/openapi.json">${tx.api}</a> · <a href="/api/health">${tx.health}</a></p>
</body></html>`;
  });
};
