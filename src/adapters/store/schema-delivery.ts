/** Added by 0016: the delivery queue (`core/ports/delivery-queue-ports.ts`). */
export interface DeliveryQueueTable {
  tenant_id: string;
  message_id: string;
  channel: string;
  purpose: string;
  user_id: string | null;
  recipient: string;
  sealed_body: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  expires_at: string | null;
  claim_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
