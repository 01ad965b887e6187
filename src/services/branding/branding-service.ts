/**
 * Company branding (issue 14 item 5): read, change and remove a tenant's display name, accent colour, sign-in page
 * text and logo. Every change is validated whole before anything is stored, and stored with its audit event in
 * one transaction ("Update company branding", naming the properties changed, never their values).
 */
import {
  checkBrandingChanges,
  checkLogo,
  logoPath,
  type Branding,
  type BrandingChanges,
} from '../../core/branding/branding.js';
import type { AuditEvent, Tenant } from '../../core/model.js';
import type { StoredLogo } from '../../core/ports.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';

type Actor = AuditEvent['actor'];

/** What the portal needs to show a tenant's look: its name, branding and id (for the logo's URL). */
export interface TenantLook {
  tenantId: string;
  tenantName: string;
  branding: Branding;
}

/** Branding as the API and the CLI show it: the logo by its URL, never its bytes. */
export const brandingView = (tenantId: string, branding: Branding) => ({
  displayName: branding.displayName,
  accentColour: branding.accentColour,
  signInText: branding.signInText,
  logo: branding.logo && {
    contentType: branding.logo.contentType,
    size: branding.logo.size,
    url: logoPath(tenantId, branding.logo.version),
  },
});

export const createBrandingService = (deps: ServiceDeps) => {
  const now = () => deps.clock.now().toISOString();
  const audit = async (
    store: Parameters<Parameters<ServiceDeps['store']['transaction']>[0]>[0],
    tenantId: string,
    actor: Actor,
    modifiedProperties: string[],
  ) =>
    recordAudit(deps, store, {
      tenantId,
      activity: 'updateCompanyBranding',
      actor,
      target: { type: 'tenant', id: tenantId, name: null },
      details: { modifiedProperties: modifiedProperties.join(',') },
    });

  /** A tenant's look by its id (a signed-in user, a reset flow). */
  const lookOf = async (tenant: Pick<Tenant, 'tenantId' | 'name'>): Promise<TenantLook> => ({
    tenantId: tenant.tenantId,
    tenantName: tenant.name,
    branding: await deps.store.branding.get(tenant.tenantId),
  });

  return {
    show: (tenantId: string): Promise<Branding> => deps.store.branding.get(tenantId),

    /** Applies the fields given (null or "" = back to the default); a change that changes nothing records nothing. */
    async update(tenantId: string, changes: BrandingChanges, actor: Actor): Promise<Branding> {
      const checked = checkBrandingChanges(changes);
      return deps.store.transaction(async (store) => {
        const current = await store.branding.get(tenantId);
        const next = {
          displayName: current.displayName,
          accentColour: current.accentColour,
          signInText: current.signInText,
          ...checked,
        };
        const modified = (Object.keys(checked) as Array<keyof BrandingChanges>).filter(
          (key) => next[key] !== current[key],
        );
        if (modified.length === 0) return current;
        await store.branding.put(tenantId, next, now());
        await audit(store, tenantId, actor, modified);
        return { ...next, logo: current.logo };
      });
    },

    /** The logo by its bytes (PNG or JPEG, ≤ 100 KB); its version is a hash of the bytes. */
    async setLogo(tenantId: string, bytes: Uint8Array, actor: Actor): Promise<Branding> {
      const contentType = checkLogo(bytes);
      const version = deps.digest(Buffer.from(bytes).toString('base64')).slice(0, 16);
      return deps.store.transaction(async (store) => {
        await store.branding.putLogo(tenantId, { contentType, version, bytes }, now());
        await audit(store, tenantId, actor, ['logo']);
        return store.branding.get(tenantId);
      });
    },

    /** Idempotent: removing a logo that is not there records nothing. */
    async removeLogo(tenantId: string, actor: Actor): Promise<Branding> {
      return deps.store.transaction(async (store) => {
        const current = await store.branding.get(tenantId);
        if (!current.logo) return current;
        await store.branding.putLogo(tenantId, null, now());
        await audit(store, tenantId, actor, ['logo']);
        return { ...current, logo: null };
      });
    },

    logo: (tenantId: string): Promise<StoredLogo | undefined> => deps.store.branding.getLogo(tenantId),

    lookOf,

    /**
     * A tenant's look by one of its verified domains (Entra's `whr` hint, the domain of a typed user ID); undefined
     * for a domain no tenant has. It tells only whether a domain is a tenant's, never anything about a user.
     */
    async lookOfDomain(domain: string): Promise<TenantLook | undefined> {
      const clean = domain.trim().toLowerCase();
      if (!/^[a-z0-9.-]{1,253}$/.test(clean)) return undefined;
      const tenant = await deps.store.tenants.findByDomain(clean);
      return tenant ? lookOf(tenant) : undefined;
    },
  };
};

export type BrandingService = ReturnType<typeof createBrandingService>;
