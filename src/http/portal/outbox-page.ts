import type { FastifyInstance } from 'fastify';
import type { HttpContext } from '../context.js';
import { html } from '../html.js';
import { localeOf } from '../request-context.js';
import { layout } from './layout.js';

/**
 * Embedded mode only (SSPR_DEV_OUTBOX=1, refused with PostgreSQL): every message the service
 * "sent", so a demo works without a mail server. It shows message bodies, hence never in production.
 */
export const outboxPage = async (app: FastifyInstance, { services }: HttpContext) => {
  app.get('/dev/outbox', { schema: { hide: true } }, async (request, reply) => {
    const messages = await services.operations.listOutbox({ limit: 100 });
    const rows = messages.map(
      (m) => html`<tr><td>${m.createdAt.replace('T', ' ').slice(0, 19)}</td><td>${m.channel}</td><td>${m.recipient}</td><td><strong>${m.subject ?? ''}</strong><pre>${m.bodyText}</pre></td></tr>`,
    );
    const body = messages.length === 0
      ? html`<p>No messages yet.</p>`
      : html`<table><thead><tr><th>Time (UTC)</th><th>Channel</th><th>To</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(layout({ locale: localeOf(request), request, title: 'Outbox (development)', body }));
  });
};
