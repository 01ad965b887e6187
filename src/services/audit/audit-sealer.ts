/**
 * The audit sealer of `sspr serve` (issue 15): the store links the audit chain per batch (migrations 0029 on
 * SQLite, 0030 on PostgreSQL), so events wait unlinked until a seal, and until then their removal would leave no
 * trace. So every instance seals every second; the readers of the chain (verify, the purge, the SIEM stream) seal on demand besides.
 */
import { startRepeating, type RepeatingTask } from '../repeating-task.js';

export const auditSealIntervalMs = 1000;

export const startAuditSealer = (
  seal: () => Promise<number>,
  onRound: (sealed: number | undefined, error?: unknown) => void,
  intervalMs = auditSealIntervalMs,
): RepeatingTask => startRepeating(seal, intervalMs, onRound);
