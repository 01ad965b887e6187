import type { Branding, LogoType } from '../branding/branding.js';

/** The texts and colour of a tenant's branding, as stored (the logo has calls of its own: it is large). */
export type BrandingValues = Pick<Branding, 'displayName' | 'accentColour' | 'signInText'>;

export interface StoredLogo {
  contentType: LogoType;
  version: string;
  bytes: Uint8Array;
}

export interface BrandingRepository {
  /** The tenant's branding without the logo's bytes; a tenant never branded reads as empty. */
  get(tenantId: string): Promise<Branding>;
  put(tenantId: string, values: BrandingValues, updatedAt: string): Promise<void>;
  /** null removes the logo. */
  putLogo(tenantId: string, logo: StoredLogo | null, updatedAt: string): Promise<void>;
  getLogo(tenantId: string): Promise<StoredLogo | undefined>;
}
