/** What the helpdesk's user actions keep beyond the user's own rows (issue #14 item 5). */
export interface ReregistrationRequirement {
  /** ISO-8601: security info the user registered at or before this no longer ends the requirement. */
  requiredAt: string;
  /** The administrator's user id; null for the CLI or an API token. */
  requiredBy: string | null;
}

export interface ReregistrationRepository {
  get(tenantId: string, userId: string): Promise<ReregistrationRequirement | undefined>;
  /** Sets (or moves forward) the user's requirement. */
  put(tenantId: string, userId: string, requirement: ReregistrationRequirement): Promise<void>;
}
