/**
 * Post/redirect/get for the console's directory forms (issue 14): a refused post answers 303 to its form's page,
 * the messages and typed values riding in the portal's sealed flash cookie (`form-state.ts`), bound to that page.
 * Services are read on use: sections register before they exist in some harnesses (sections.test.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSsprError } from '../../core/errors.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { pageFlash, type Flash } from '../portal/form-state.js';
import { t } from '../portal/layout.js';
import type { SectionContext } from './section.js';

export const consoleFlash = (context: SectionContext) => {
  const flash = () => pageFlash(context.config, context.services.deps.sealer);
  return {
    redirect: (reply: FastifyReply, page: string, value: Flash, location: string) =>
      flash().redirect(reply, page, value, location),
    take: (request: FastifyRequest, reply: FastifyReply, page: string) => flash().take(request, reply, page),
    peek: (request: FastifyRequest, page: string) => flash().peek(request, page),
    clear: (request: FastifyRequest, reply: FastifyReply) => flash().clear(request, reply),
  };
};

/** A service's refusal in the admin's words, or undefined for anything the error handler should answer. */
export const refusalMessage = (locale: Locale, error: unknown): string | undefined =>
  isSsprError(error) ? codeMessage(locale, error.code) : undefined;

/** An error code's text in the admin's words, looked up by name (a code is never printed as the message). */
export const codeMessage = (locale: Locale, code: string): string | undefined => {
  const key = `admin.error.${code}`;
  return isMessageKey(key) ? t(locale, key) : undefined;
};
