import type { FastifyRequest } from 'fastify';
import { errorCatalogue, type ErrorCode } from '../../core/errors.js';
import { html } from '../../core/html.js';
import { localeOf, withMkt } from '../request-context.js';
import { layout, t } from './layout.js';

export const renderErrorPage = (request: FastifyRequest, code: ErrorCode): string => {
  const locale = localeOf(request);
  return layout({
    locale,
    request,
    title: t(locale, 'error.title'),
    body: html`<p>${errorCatalogue[code].title}</p><p class="meta">${code}</p><p><a href="${withMkt(request, '/signin')}">${t(locale, 'error.back')}</a></p>`,
  });
};
