import type { Kysely } from 'kysely';
import { emptyBranding, type LogoType } from '../../core/branding/branding.js';
import type { BrandingRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

const noLogo = { logo_type: null, logo_version: null, logo_size: null, logo_base64: null };

export const createBrandingStore = (db: Kysely<Database>): BrandingRepository => {
  /** An upsert of some columns: a tenant's first change creates its row. */
  const upsert = async (tenantId: string, values: Partial<Omit<Database['tenant_branding'], 'tenant_id'>>) => {
    await db
      .insertInto('tenant_branding')
      .values({ tenant_id: tenantId, updated_at: values.updated_at!, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  };
  return {
    async get(tenantId) {
      const row = await db
        .selectFrom('tenant_branding')
        .select(['display_name', 'accent_colour', 'sign_in_text', 'logo_type', 'logo_version', 'logo_size'])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!row) return emptyBranding;
      return {
        displayName: row.display_name,
        accentColour: row.accent_colour,
        signInText: row.sign_in_text,
        logo:
          row.logo_type && row.logo_version
            ? { contentType: row.logo_type as LogoType, version: row.logo_version, size: Number(row.logo_size ?? 0) }
            : null,
      };
    },
    async put(tenantId, values, updatedAt) {
      await upsert(tenantId, {
        display_name: values.displayName,
        accent_colour: values.accentColour,
        sign_in_text: values.signInText,
        updated_at: updatedAt,
      });
    },
    async putLogo(tenantId, logo, updatedAt) {
      await upsert(tenantId, {
        ...(logo
          ? {
              logo_type: logo.contentType,
              logo_version: logo.version,
              logo_size: logo.bytes.length,
              logo_base64: Buffer.from(logo.bytes).toString('base64'),
            }
          : noLogo),
        updated_at: updatedAt,
      });
    },
    async getLogo(tenantId) {
      const row = await db
        .selectFrom('tenant_branding')
        .select(['logo_type', 'logo_version', 'logo_base64'])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      if (!row?.logo_type || !row.logo_version || !row.logo_base64) return undefined;
      return {
        contentType: row.logo_type as LogoType,
        version: row.logo_version,
        bytes: new Uint8Array(Buffer.from(row.logo_base64, 'base64')),
      };
    },
  };
};
