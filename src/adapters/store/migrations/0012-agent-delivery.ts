import type { Kysely } from 'kysely';

/**
 * Reliable delivery to on-premises agents (issue 7, item 5).
 *
 * - `agents.last_poll_at`: the agent's last long poll. An agent that heartbeats but does not poll (stuck, or
 *   an old build) would make every call wait out the two-minute expiry; with this the forwarding connection
 *   fails fast instead, and the console can show it.
 * - `agent_requests.sent_at`: when a request was last handed out. A `sent` request whose result never arrived
 *   (the agent crashed, the result post was lost) is handed out again after a visibility timeout, until it
 *   expires; the claim compares this value, so two pollers never take the same hand-out.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema.alterTable('agents').addColumn('last_poll_at', 'text').execute();
  await db.schema.alterTable('agent_requests').addColumn('sent_at', 'text').execute();
};
