/**
 * `sspr audit verify` (issue 15, item 6): walks a tenant's audit chain in order of position, a page at a time, and
 * names the first broken link (core/audit/audit-chain.ts says what each break means). The store links per batch
 * (audit-seal-store.ts), so reading the head seals what is pending first; events appended during the walk are
 * reported as pending, not checked.
 */
import { auditActivities } from '../../core/audit/activities.js';
import { createChainVerifier, type ChainBreak, type Digest } from '../../core/audit/audit-chain.js';
import type { Store } from '../../core/ports.js';

const page = 1000;

export interface ChainVerification {
  ok: boolean;
  /** Events checked before the first break (all of them when ok). */
  checked: number;
  lastSeq: number;
  /** Events appended but not yet in the chain when the walk ended (sealed within seconds; always 0 per event). */
  pending: number;
  anchor: { seq: number; hash: string };
  firstBreak: (ChainBreak & { occurredAt: string | null; activity: string | null }) | null;
}

export const verifyAuditChain = async (store: Store, digest: Digest, tenantId: string): Promise<ChainVerification> => {
  const head = await store.audit.chainHead(tenantId);
  const verifier = createChainVerifier(head, digest, auditActivities.purgeAuditEvents.name);
  let after = head.anchorSeq;
  let found: ChainVerification['firstBreak'] = null;
  for (;;) {
    const events = await store.audit.listChained(tenantId, after, page);
    for (const event of events) {
      const broken = verifier.feed(event);
      if (broken) {
        const at = broken.eventId === event.eventId ? event : undefined;
        found = { ...broken, occurredAt: at?.occurredAt ?? null, activity: at?.activity ?? null };
        break;
      }
    }
    if (found || events.length < page) break;
    after = events.at(-1)!.seq;
  }
  const result = verifier.finish();
  if (!found && result.break) found = { ...result.break, occurredAt: null, activity: null };
  return {
    ok: !found,
    checked: result.checked,
    lastSeq: head.lastSeq,
    pending: await store.audit.pending(tenantId),
    anchor: { seq: head.anchorSeq, hash: head.anchorHash },
    firstBreak: found,
  };
};
