import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerLang, inBoth, messageIn } from '../i18n/index.js';

/**
 * The roll-up is read-only (`sla serve --lake`, issue #27): its data are the offices' lakes, which
 * only each office's own service writes. Every request that would change something (a load, an
 * undo, a report's check or sign-off, users) answers 405 READ_ONLY, before its route runs. What
 * a POST only reads stays: signing in and out, auditor SQL (a read-only sandbox of its own), the
 * verification of a signed report.
 */
const READS = new Set(['/login', '/logout', '/api/sql', '/api/reports/verify']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function readOnlyHook(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (SAFE.has(req.method)) return;
  const path = req.url.split('?')[0]!;
  if (READS.has(path)) return;
  await reply
    .code(405)
    .header('allow', 'GET, HEAD')
    .send({
      error: {
        code: 'READ_ONLY',
        message: messageIn(inBoth('read_only_rollup'), callerLang(req)),
      },
    });
}
