/** Row types added by 0022 (the helpdesk's "Require re-registration", issue #14 item 5). */
export interface ReregistrationRequirementsTable {
  tenant_id: string;
  user_id: string;
  required_at: string;
  required_by: string | null;
}

export interface HelpdeskTables {
  reregistration_requirements: ReregistrationRequirementsTable;
}
