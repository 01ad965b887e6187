/** Row type added by 0023 (company branding, issue 14 item 5); `Database` extends `BrandingTables`. */
export interface TenantBrandingTable {
  tenant_id: string;
  display_name: string | null;
  accent_colour: string | null;
  sign_in_text: string | null;
  logo_type: string | null;
  logo_version: string | null;
  logo_size: number | null;
  logo_base64: string | null;
  updated_at: string;
}

export interface BrandingTables {
  tenant_branding: TenantBrandingTable;
}
