/**
 * The audit sealer of `sspr serve` (issue 15): where the store links the audit chain per batch (SQLite, migration
 * 0029), events wait unlinked until a seal, and until then their removal would leave no trace. So every instance
 * seals every second; the readers of the chain (verify, the purge, the SIEM stream) seal on demand besides. Where
 * each append links itself (PostgreSQL) a round does nothing.
 */
import { startRepeating, type RepeatingTask } from '../repeating-task.js';

export const auditSealIntervalMs = 1000;

export const startAuditSealer = (
  seal: () => Promise<number>,
  onRound: (sealed: number | undefined, error?: unknown) => void,
  intervalMs = auditSealIntervalMs,
): RepeatingTask => startRepeating(seal, intervalMs, onRound);
