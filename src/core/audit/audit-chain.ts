/**
 * The per-tenant hash chain over audit events (issue 15, item 6). Each event stores its position in the tenant's
 * chain (`seq`, from 1), the hash of the event before it and its own hash over a canonical serialisation that
 * includes that previous hash, so changing, removing or reordering any stored event breaks a link a verifier can
 * name. The purge removes a prefix of the chain and keeps an anchor (the last purged event's position and hash), so
 * what remains still verifies from there.
 *
 * Pure: the digest (SHA-256, hex) is passed in by the caller.
 */
import type { AuditEvent } from '../model.js';

export type Digest = (text: string) => string;

/** The "previous hash" of a tenant's first event: 64 zeros, the width of a SHA-256 hex digest. */
export const genesisHash = '0'.repeat(64);

/** Bumped only with a migration that re-hashes: verifiers of older rows would read a different text. */
const serialisationVersion = 'sspr-audit-v1';

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainedAuditEvent = AuditEvent & ChainLink;

/** Where a tenant's chain stands: the last position handed out and the anchor left by the last purge (0, genesis). */
export interface AuditChainHead {
  lastSeq: number;
  anchorSeq: number;
  anchorHash: string;
}

// Keys whose value is undefined are dropped, as the stored JSON drops them, so a row rebuilds the same text.
const sortedDetails = (details: AuditEvent['details']) =>
  Object.keys(details)
    .filter((key) => details[key] !== undefined)
    .sort()
    .map((key) => [key, details[key] ?? null]);

/**
 * The text an event's body hash covers: every stored field in a fixed order, as one JSON array (JSON's string
 * escaping makes it unambiguous), details with their keys sorted. Only what the store keeps goes in, so a verifier
 * rebuilds the same text from a row. Details stored as something other than a JSON object (only a write outside the
 * app does that) go in as their stored text, a JSON string where readable details are an array of pairs: the two
 * never serialise alike, so such a row is sealed and verified like any other, and a change to its text shows.
 */
export const canonicalAuditText = (event: AuditEvent): string =>
  JSON.stringify([
    serialisationVersion,
    event.tenantId,
    event.eventId,
    event.occurredAt,
    event.service,
    event.category,
    event.activity,
    event.result,
    event.resultReason,
    event.actor.type,
    event.actor.id,
    event.actor.upn,
    event.target?.type ?? null,
    event.target?.id ?? null,
    event.target?.name ?? null,
    event.ipAddress,
    event.unreadableDetails ?? sortedDetails(event.details),
  ]);

/**
 * What a link's hash covers: the previous hash, the position and the body hash. Kept this short and plain so the
 * store can compute it in SQL from the head row it locks (one statement per append); the body hash is computed
 * here. hash = SHA-256(`<prevHash>:<seq>:<SHA-256(canonicalAuditText)>`).
 */
export const linkHashInput = (prevHash: string, seq: number, bodyHash: string): string =>
  `${prevHash}:${seq}:${bodyHash}`;

export const linkHashOf = (event: AuditEvent, seq: number, prevHash: string, digest: Digest): string =>
  digest(linkHashInput(prevHash, seq, digest(canonicalAuditText(event))));

/** Links `events` (in append order) after the event at `firstSeq - 1` whose hash is `prevHash`. */
export const linkEvents = (
  events: readonly AuditEvent[],
  firstSeq: number,
  prevHash: string,
  digest: Digest,
): ChainedAuditEvent[] => {
  const linked: ChainedAuditEvent[] = [];
  let previous = prevHash;
  events.forEach((event, index) => {
    const seq = firstSeq + index;
    const hash = linkHashOf(event, seq, previous, digest);
    linked.push({ ...event, seq, prevHash: previous, hash });
    previous = hash;
  });
  return linked;
};

export type ChainBreakReason =
  /** The event's fields no longer hash to its stored hash: it was changed. */
  | 'hashMismatch'
  /** The event does not point at the hash of the event before it (or the anchor): a link was cut or rewritten. */
  | 'previousHashMismatch'
  /** Positions jump: the events between were removed. */
  | 'missingEvents'
  /** The head counts more events than are stored: the newest were removed. */
  | 'missingTail'
  /** Events before the anchor were removed without a purge event that records exactly that anchor. */
  | 'anchorUnexplained';

export interface ChainBreak {
  reason: ChainBreakReason;
  /** The position where the chain first fails (for `missingEvents`, the first missing position). */
  seq: number;
  /** The stored event at that position, when there is one. */
  eventId: string | null;
}

/** What the purge writes into its own audit event's details; the verifier reads these keys back. */
export const purgeDetailKeys = { toSeq: 'toSeq', anchorHash: 'anchorHash' } as const;

/**
 * Checks a chain fed in order of `seq`, one event at a time, so millions of events verify in constant memory.
 * `feed` returns the first break and stops there; `finish` checks the tail and that the anchor was left by a
 * recorded purge (a removal the purge did not record is a break too).
 */
export const createChainVerifier = (head: AuditChainHead, digest: Digest, purgeActivity: string) => {
  let expectedSeq = head.anchorSeq + 1;
  let previous = head.anchorHash;
  let checked = 0;
  let anchorExplained = head.anchorSeq === 0;
  let broken: ChainBreak | undefined;
  return {
    feed(event: ChainedAuditEvent): ChainBreak | undefined {
      if (broken) return broken;
      if (event.seq !== expectedSeq) broken = { reason: 'missingEvents', seq: expectedSeq, eventId: null };
      else if (event.prevHash !== previous)
        broken = { reason: 'previousHashMismatch', seq: event.seq, eventId: event.eventId };
      else if (linkHashOf(event, event.seq, event.prevHash, digest) !== event.hash)
        broken = { reason: 'hashMismatch', seq: event.seq, eventId: event.eventId };
      if (broken) return broken;
      if (
        event.activity === purgeActivity &&
        event.details[purgeDetailKeys.toSeq] === head.anchorSeq &&
        event.details[purgeDetailKeys.anchorHash] === head.anchorHash
      )
        anchorExplained = true;
      checked += 1;
      expectedSeq += 1;
      previous = event.hash;
      return undefined;
    },
    finish(): { checked: number; break: ChainBreak | undefined } {
      if (!broken && expectedSeq - 1 < head.lastSeq)
        broken = { reason: 'missingTail', seq: expectedSeq, eventId: null };
      if (!broken && !anchorExplained) broken = { reason: 'anchorUnexplained', seq: head.anchorSeq, eventId: null };
      return { checked, break: broken };
    },
  };
};
