import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n.js';
import type { PortalLook } from './portal/branding-assets.js';
import { installErrorHandling } from './error-handler.js';

/** The error @fastify/csrf-protection raises for a bad token (its code is what the handler maps). */
const csrfError = () =>
  Object.assign(new Error('Invalid csrf token'), { code: 'FST_CSRF_INVALID_TOKEN', statusCode: 403 });

describe('the error page of a refused CSRF token', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  const serve = async (refusalLook: () => Promise<PortalLook | undefined>) => {
    const asked: string[] = [];
    app = Fastify({ logger: false });
    installErrorHandling(app, async () => {
      asked.push('look');
      return refusalLook();
    });
    app.post('/account/password', { config: { continueTo: '/account' } }, async () => {
      throw csrfError();
    });
    app.post('/account/other', async () => {
      throw Object.assign(new Error('too many'), { statusCode: 429 });
    });
    const post = (url: string) => app!.inject({ method: 'POST', url, headers: { accept: 'text/html' } });
    return { post, asked };
  };

  it('takes the look the page’s tenant has, only for that refusal', async () => {
    const { post, asked } = await serve(async () => ({
      name: 'Fabrikam Portal',
      accentUrl: '/static/accent/8a1c7c.css',
    }));
    const refused = await post('/account/password');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<span class="brand">Fabrikam Portal</span>');
    expect(refused.body).toContain('href="/static/accent/8a1c7c.css"');
    expect(refused.body).toContain('<a class="button" href="/account">');
    expect(asked).toEqual(['look']);
    // Other refusals are answered as before, without asking (a rate limit must not cost a store query).
    expect((await post('/account/other')).statusCode).toBe(429);
    expect(asked).toEqual(['look']);
  });

  it('still refuses, in the product’s look, when the look cannot be found', async () => {
    const { post } = await serve(async () => {
      throw new Error('store down');
    });
    const refused = await post('/account/password');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(translate('en', 'portal.error.CSRF_INVALID.title'));
    expect(refused.body).toContain(`<span class="brand">${translate('en', 'site.name')}</span>`);
    expect(refused.body).toContain('CSRF_INVALID');
  });
});
