/**
 * Company branding in the admin API (issue 14 item 5): `GET|PATCH /api/v1/admin/branding` for the texts and colour,
 * `PUT|DELETE /api/v1/admin/branding/logo` for the logo. The logo travels as base64 in JSON, so the API's CSRF
 * defence (JSON bodies only, `security.ts`) stays as it is. Branding is shown on the Customization tab, so it has
 * that tab's roles: the SSPR policy's readers and writers.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { brandingLimits } from '../../core/branding/branding.js';
import { SsprError } from '../../core/errors.js';
import { roleGroups } from '../../core/roles/role-groups.js';
import type { HttpContext } from '../context.js';
import { brandingView } from '../../services/branding/branding-service.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const clearable = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);
// Lengths a little over the limits: the service refuses with its own codes (BRANDING_TEXT_TOO_LONG …).
const Patch = Type.Object(
  {
    displayName: Type.Optional(clearable(brandingLimits.displayName * 2)),
    accentColour: Type.Optional(clearable(32)),
    signInText: Type.Optional(clearable(brandingLimits.signInText * 4)),
  },
  { additionalProperties: false, minProperties: 1 },
);
const View = Type.Object({
  displayName: Type.Union([Type.String(), Type.Null()]),
  accentColour: Type.Union([Type.String(), Type.Null()]),
  signInText: Type.Union([Type.String(), Type.Null()]),
  logo: Type.Union([
    Type.Object({ contentType: Type.String(), size: Type.Integer(), url: Type.String() }),
    Type.Null(),
  ]),
});
// 100 KB of image is 136,534 characters of base64.
const Logo = Type.Object(
  { image: Type.String({ maxLength: Math.ceil((brandingLimits.logoBytes * 2 * 4) / 3), description: 'base64' }) },
  { additionalProperties: false },
);

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

export const adminBrandingRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { branding } = context.services;
  const tags = ['admin: branding'];
  const read = requireApiSession(context, roleGroups.readPolicy);
  const write = requireApiSession(context, roleGroups.writePolicy);
  const path = '/api/v1/admin/branding';

  app.get(
    path,
    {
      preHandler: read,
      schema: { tags, summary: 'Company branding', response: { 200: View, ...problemResponses(401, 403) } },
    },
    async (request) => brandingView(request.admin!.tenantId, await branding.show(request.admin!.tenantId)),
  );

  app.patch<{ Body: Static<typeof Patch> }>(
    path,
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Change the display name, accent colour (#rrggbb, ≥ 4.5:1 with white) or sign-in text; null resets',
        body: Patch,
        response: { 200: View, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { tenantId, actor } = request.admin!;
      return brandingView(tenantId, await branding.update(tenantId, request.body, actor));
    },
  );

  app.put<{ Body: Static<typeof Logo> }>(
    `${path}/logo`,
    {
      preHandler: write,
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary: 'Upload the logo: PNG or JPEG (checked by its bytes, never SVG), at most 100 KB, base64 in `image`',
        body: Logo,
        response: { 200: View, ...problemResponses(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const { tenantId, actor } = request.admin!;
      const image = request.body.image.replace(/\s+/g, '');
      if (!base64Pattern.test(image)) throw new SsprError('BRANDING_LOGO_INVALID', 'the image is not base64');
      const bytes = new Uint8Array(Buffer.from(image, 'base64'));
      return brandingView(tenantId, await branding.setLogo(tenantId, bytes, actor));
    },
  );

  app.delete(
    `${path}/logo`,
    {
      preHandler: write,
      schema: { tags, summary: 'Remove the logo', response: { 200: View, ...problemResponses(401, 403) } },
    },
    async (request) => {
      const { tenantId, actor } = request.admin!;
      return brandingView(tenantId, await branding.removeLogo(tenantId, actor));
    },
  );
};
