import type { Generated } from 'kysely';

/** Added by 0018: the sign-in log; `id` is generated and only grows (a forwarder's cursor). */
export interface SignInEventsTable {
  id: Generated<number>;
  tenant_id: string;
  occurred_at: string;
  user_id: string | null;
  upn: string;
  result: string;
  error_code: number;
  failure_reason: string | null;
  ip_address: string | null;
  user_agent: string | null;
}
