/**
 * The SIEM stream's status for one tenant (issue 15): per destination and source, the last position the receiver
 * acknowledged and when, how many records wait (the lag), and the last failed send with its time. Read from the
 * same cursors the forwarder moves, so it shows what every instance did, not only this one.
 */
import type { Store } from '../../core/ports.js';
import { siemSources, type SiemSource } from './siem-sources.js';

export interface SiemStreamStatus {
  sink: string;
  destination: string;
  source: string;
  /** The last acknowledged position (0 before the first). */
  position: number;
  forwardedAt: string | null;
  /** Records after `position`: not forwarded yet (sign-ins younger than the settle delay included). */
  pending: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export const createSiemStatus = (deps: { store: Store }, sources: readonly SiemSource[] = siemSources) => ({
  async status(
    tenantId: string,
    destinations: ReadonlyArray<{ sink: string; destination: string }>,
  ): Promise<SiemStreamStatus[]> {
    const cursors = await deps.store.siemCursors.list(tenantId);
    const rows: SiemStreamStatus[] = [];
    for (const { sink, destination } of destinations)
      for (const source of sources) {
        const cursor = cursors.find((c) => c.sink === sink && c.source === source.name);
        const position = cursor?.position ?? 0;
        rows.push({
          sink,
          destination,
          source: source.name,
          position,
          forwardedAt: cursor?.forwardedAt ?? null,
          pending: await source.pending(deps.store, tenantId, position),
          lastError: cursor?.lastError ?? null,
          lastErrorAt: cursor?.lastErrorAt ?? null,
        });
      }
    return rows;
  },
});

export type SiemStatus = ReturnType<typeof createSiemStatus>;
