/**
 * The SIEM stream (issue 15, item 7): every configured sink gets every source's records of every tenant, in order,
 * at least once. Per (tenant, sink, source) a durable cursor holds the last position the sink acknowledged; a round
 * leases that cursor (one instance forwards it at a time), reads a batch after it, sends it and only then moves the
 * cursor. A receiver that is down fails the send: the cursor stays and the next round sends the same records again,
 * so it gets everything once it is back; a restart resends at most the batch that was not acknowledged.
 */
import type { Clock } from '../../core/clock.js';
import { addSeconds } from '../../core/clock.js';
import type { RandomSource, SiemSink, Store } from '../../core/ports.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';
import { siemSources, type SiemSource } from './siem-sources.js';

export interface SiemForwarderOptions {
  /** Records per send. */
  batchSize?: number;
  /** Batches per cursor per round, so one busy tenant cannot hold a round forever. */
  maxBatches?: number;
  /** A lease outlives a stalled instance by this much; renewed before every batch. */
  leaseSeconds?: number;
}

export interface SiemRoundOutcome {
  sink: string;
  tenantId: string;
  source: string;
  sent: number;
  /** The send failed (receiver down, refused): only the message, never a secret. */
  error?: string;
}

export const createSiemForwarder = (
  deps: { store: Store; clock: Clock; random: RandomSource },
  sinks: readonly SiemSink[],
  options: SiemForwarderOptions = {},
  sources: readonly SiemSource[] = siemSources,
) => {
  const owner = deps.random.uuid();
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 50;
  const leaseSeconds = options.leaseSeconds ?? 60;

  const forwardOne = async (sink: SiemSink, tenantId: string, source: SiemSource): Promise<SiemRoundOutcome> => {
    const key = { tenantId, sink: sink.name, source: source.name };
    const outcome: SiemRoundOutcome = { sink: sink.name, tenantId, source: source.name, sent: 0 };
    for (let batch = 0; batch < maxBatches; batch++) {
      const now = deps.clock.now();
      const position = await deps.store.siemCursors.lease(
        key,
        owner,
        now.toISOString(),
        addSeconds(now, leaseSeconds).toISOString(),
      );
      // Another instance forwards this stream now.
      if (position === undefined) return outcome;
      const records = await source.read(deps.store, tenantId, position, batchSize, now);
      if (records.length === 0) break;
      try {
        await sink.send(records);
      } catch (error) {
        outcome.error = error instanceof Error ? error.message : String(error);
        // Kept for the status view: the sinks' messages name the receiver and the failure, never the secret.
        await deps.store.siemCursors.failed(key, outcome.error, deps.clock.now().toISOString());
        break;
      }
      const moved = await deps.store.siemCursors.advance(
        key,
        owner,
        records.at(-1)!.position,
        deps.clock.now().toISOString(),
      );
      // The lease expired while sending and another instance took over: it resends from the old cursor.
      if (!moved) return outcome;
      outcome.sent += records.length;
      if (records.length < batchSize) break;
    }
    await deps.store.siemCursors.release(key, owner);
    return outcome;
  };

  return {
    /** One round over every sink, source and tenant that has something new; a failing one never stops the others. */
    async forwardRound(): Promise<SiemRoundOutcome[]> {
      const outcomes: SiemRoundOutcome[] = [];
      for (const sink of sinks)
        for (const source of sources) {
          // Two reads per sink and source, whatever the number of tenants: an idle stream costs (almost) nothing.
          const latest = await source.latest(deps.store);
          const acknowledged = await deps.store.siemCursors.positions(sink.name, source.name);
          for (const [tenantId, newest] of latest) {
            if (newest <= (acknowledged.get(tenantId) ?? 0)) continue;
            try {
              outcomes.push(await forwardOne(sink, tenantId, source));
            } catch (error) {
              outcomes.push({
                sink: sink.name,
                tenantId,
                source: source.name,
                sent: 0,
                error: error instanceof Error ? error.message : String(error),
              });
            }
          }
        }
      return outcomes;
    },
    async close() {
      await Promise.all(sinks.map((s) => s.close()));
    },
  };
};

export type SiemForwarder = ReturnType<typeof createSiemForwarder>;

/** `sspr serve`'s stream: a round every `intervalMs` (default 1 s, so events reach the SIEM as they happen). */
export const startSiemForwarding = (
  forwarder: SiemForwarder,
  onRound: (outcomes: SiemRoundOutcome[] | undefined, error?: unknown) => void,
  intervalMs = 1000,
): RepeatingTask => startRepeating(() => forwarder.forwardRound(), intervalMs, onRound);
