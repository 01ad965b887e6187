import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { SsprError } from '../../core/errors.js';
import type { OutboxMessage } from '../../core/model.js';
import type { HttpContext } from '../context.js';
import { html } from '../../core/html.js';
import { localeOf, withMkt } from '../request-context.js';
import { layout, t } from './layout.js';

const AnswerForm = Type.Object({
  tenantId: Type.String({ minLength: 1, maxLength: 64 }),
  callId: Type.String({ minLength: 1, maxLength: 64 }),
  _csrf: Type.Optional(Type.String({ maxLength: 512 })),
});

/**
 * Embedded mode only (SSPR_DEV_OUTBOX=1, refused with PostgreSQL): every message the service
 * "sent", so a demo works without a mail server. It shows message bodies, hence never in production.
 * A voice message (its subject is the call id) can be answered here as the callee would: press #.
 */
export const outboxPage = async (app: FastifyInstance, { services }: HttpContext) => {
  app.get('/dev/outbox', { schema: { hide: true } }, async (request, reply) => {
    const locale = localeOf(request);
    const messages = await services.operations.listOutbox({ limit: 100 });
    const csrf = reply.generateCsrf();
    const voiceAnswer = async (m: OutboxMessage) => {
      if (m.channel !== 'voice' || !m.subject) return '';
      const call = await services.voiceCalls.statusOf(m.tenantId, m.subject);
      if (!call) return '';
      if (call.status !== 'placed') return html`<p class="meta">${t(locale, `outbox.call.${call.status}`)}</p>`;
      // The form keeps ?mkt= so the page it lands on after the answer stays in this language.
      return html`<form method="post" action="${withMkt(request, '/dev/outbox/voice/answer')}"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="tenantId" value="${m.tenantId}"><input type="hidden" name="callId" value="${m.subject}"><button type="submit">${t(locale, 'outbox.answer')}</button></form>`;
    };
    const rows = await Promise.all(
      messages.map(
        async (m) =>
          html`<tr><td>${m.createdAt.replace('T', ' ').slice(0, 19)}</td><td>${t(locale, `outbox.channel.${m.channel}`)}</td><td>${m.recipient}</td><td><strong>${m.subject ?? ''}</strong><pre>${m.bodyText}</pre>${await voiceAnswer(m)}</td></tr>`,
      ),
    );
    const body = html`<p>${t(locale, 'outbox.intro')}</p>${
      messages.length === 0
        ? html`<p>${t(locale, 'outbox.empty')}</p>`
        : html`<table><thead><tr><th>${t(locale, 'outbox.time')}</th><th>${t(locale, 'outbox.channel')}</th><th>${t(locale, 'outbox.to')}</th><th>${t(locale, 'outbox.message')}</th></tr></thead><tbody>${rows}</tbody></table>`
    }`;
    return reply
      .type('text/html; charset=utf-8')
      .send(layout({ locale, request, title: t(locale, 'outbox.title'), body }));
  });

  app.post<{ Body: Static<typeof AnswerForm> }>(
    '/dev/outbox/voice/answer',
    { schema: { hide: true, body: AnswerForm }, preValidation: app.csrfProtection.bind(app) },
    async (request, reply) => {
      const answered = await services.voiceCalls.answer(request.body.tenantId, request.body.callId, '#');
      if (!answered.ok) throw new SsprError(answered.code);
      return reply.redirect(withMkt(request, '/dev/outbox'), 303);
    },
  );
};
