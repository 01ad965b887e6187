/**
 * The tenant's branding on the portal (issue 14 item 5), served from our own origin so the CSP stays strict
 * (`style-src 'self'`, `img-src 'self'`): the accent colour is a one-rule stylesheet named by the colour, the logo
 * an image named by a hash of its bytes. Both names change when the value does, so both may be cached for good.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAcceptableAccent, logoPath } from '../../core/branding/branding.js';
import { html, type SafeHtml } from '../../core/html.js';
import type { TenantLook } from '../../services/branding/branding-service.js';
import type { Services } from '../../services/services.js';
import type { HttpContext } from '../context.js';

export const accentPath = (colour: string) => `/static/accent/${colour.slice(1)}.css`;

/** What the page frame shows of a tenant: its name, logo and colour; and the sign-in page text where it belongs. */
export interface PortalLook {
  name: string;
  logoUrl?: string;
  accentUrl?: string;
  signInText?: string;
}

/** A tenant's look for the layout; none (the product default) when no tenant is known yet or it has no branding. */
export const portalLook = (look: TenantLook | undefined): PortalLook | undefined => {
  if (!look) return undefined;
  const { branding } = look;
  if (!branding.displayName && !branding.accentColour && !branding.logo && !branding.signInText) return undefined;
  return {
    name: branding.displayName ?? look.tenantName,
    ...(branding.logo && { logoUrl: logoPath(look.tenantId, branding.logo.version) }),
    ...(branding.accentColour && { accentUrl: accentPath(branding.accentColour) }),
    ...(branding.signInText && { signInText: branding.signInText }),
  };
};

/**
 * Before sign-in no tenant is known, so the page shows the product's own look, unless the domain is hinted: Entra's
 * `?whr=contoso.com`, or the domain of a user ID typed into a refused form. A domain hint tells only whether that
 * domain belongs to some tenant (as Entra's branding does), never anything about a user.
 */
/** A well-formed `?whr=` domain hint, else undefined. */
export const hintOf = (request: FastifyRequest): string | undefined => {
  const whr = (request.query as Record<string, unknown> | undefined)?.whr;
  return typeof whr === 'string' && /^[a-z0-9.-]{1,253}$/i.test(whr) ? whr.toLowerCase() : undefined;
};

export const lookOfHint = async (
  services: Pick<Services, 'branding'>,
  request: FastifyRequest,
  typedUserId?: string,
): Promise<PortalLook | undefined> => {
  const domain = hintOf(request) ?? (typedUserId?.includes('@') ? typedUserId.split('@').pop() : undefined);
  return domain ? portalLook(await services.branding.lookOfDomain(domain.slice(0, 253))) : undefined;
};

/** A signed-in user's tenant look, by the domain of their UPN (one of the tenant's verified domains). */
export const lookOfUser = async (services: Pick<Services, 'branding'>, upn: string) =>
  portalLook(await services.branding.lookOfDomain(upn.split('@').pop() ?? ''));

/** The tenant's sign-in page text: plain text, escaped by the template, line breaks kept by the stylesheet. */
export const signInText = (look: PortalLook | undefined): SafeHtml =>
  look?.signInText ? html`<p class="signin-text">${look.signInText}</p>` : html``;

const forever = 'public, max-age=31536000, immutable';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const brandingAssetRoutes = async (app: FastifyInstance, { services }: HttpContext) => {
  // Only colours the branding check accepts: nobody can make this origin serve a low-contrast theme.
  app.get<{ Params: { file: string } }>('/static/accent/:file', { schema: { hide: true } }, async (request, reply) => {
    const match = /^([0-9a-f]{6})\.css$/.exec(request.params.file);
    if (!match || !isAcceptableAccent(`#${match[1]}`)) return reply.callNotFound();
    return reply
      .header('cache-control', forever)
      .type('text/css; charset=utf-8')
      .send(`:root{--accent:#${match[1]}}\n`);
  });

  app.get<{ Params: { tenantId: string; version: string } }>(
    '/branding/:tenantId/logo/:version',
    { schema: { hide: true } },
    async (request, reply) => {
      const { tenantId, version } = request.params;
      if (!uuid.test(tenantId) || !/^[0-9a-f]{16}$/.test(version)) return reply.callNotFound();
      const logo = await services.branding.logo(tenantId);
      // An old version is gone, not redirected: a cached page with the old URL simply shows no logo.
      if (!logo || logo.version !== version) return reply.callNotFound();
      return reply
        .header('cache-control', forever)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline')
        .type(logo.contentType)
        .send(Buffer.from(logo.bytes));
    },
  );
};
