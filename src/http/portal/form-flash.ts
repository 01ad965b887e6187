import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { cookieOptions } from '../request-context.js';

/**
 * Post/redirect/get for failed form posts (issue 14 item 1): the refusal and what the user typed ride
 * to the next GET in a short-lived cookie, read once and cleared, so Back and reload never resubmit.
 * Each form's `read` keeps only what may be shown again (never passwords, codes or answers). The cookie
 * is the user's own: a forged one can only show its sender text, escaped, and error codes are looked up
 * by name, never printed.
 */
export interface FormFlash {
  /** An error code (shown in the user's words) or a text key with its parameters (a form slip). */
  error?: { code: string } | { message: string; params?: Record<string, string | number> };
  typed?: Record<string, string | string[]>;
  /** The input (by its id) a message about what was typed belongs at, when no error code names one. */
  field?: string;
}

const maxLength = 4096;
const nameOf = (config: Config) => (config.secureCookies ? '__Host-sspr_form' : 'sspr_form');

export const setFlash = (reply: FastifyReply, config: Config, flash: FormFlash) => {
  const value = Buffer.from(JSON.stringify(flash)).toString('base64url');
  // Too long to keep (a pasted essay): the refusal still shows, the typed text does not.
  const kept =
    value.length <= maxLength ? value : Buffer.from(JSON.stringify({ error: flash.error })).toString('base64url');
  reply.setCookie(nameOf(config), kept, { ...cookieOptions(config), maxAge: 120 });
};

const isTyped = (value: unknown): value is Record<string, string | string[]> =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
  );

/** The flash left by the last failed post, once; anything malformed reads as none. */
export const takeFlash = (request: FastifyRequest, reply: FastifyReply, config: Config): FormFlash => {
  const raw = request.cookies[nameOf(config)];
  if (!raw) return {};
  reply.clearCookie(nameOf(config), cookieOptions(config));
  try {
    const parsed = JSON.parse(Buffer.from(raw.slice(0, maxLength), 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const error = parsed.error as FormFlash['error'] | undefined;
    const validError =
      error &&
      typeof error === 'object' &&
      (typeof (error as { code?: unknown }).code === 'string' ||
        typeof (error as { message?: unknown }).message === 'string');
    const field =
      typeof parsed.field === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(parsed.field) ? parsed.field : undefined;
    return {
      ...(validError && { error }),
      ...(isTyped(parsed.typed) && { typed: parsed.typed }),
      ...(field && { field }),
    };
  } catch {
    return {};
  }
};
