import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../model.js';
import {
  canonicalAuditText,
  createChainVerifier,
  genesisHash,
  linkEvents,
  linkHashOf,
  type ChainedAuditEvent,
} from './audit-chain.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const purge = 'Purge audit events past retention';

const anEvent = (n: number, details: AuditEvent['details'] = {}): AuditEvent => ({
  tenantId: 't1',
  eventId: `e${n}`,
  occurredAt: `2026-03-01T09:00:0${n}.000Z`,
  service: 'Self-service Password Management',
  category: 'UserManagement',
  activity: 'Reset password (self-service)',
  result: 'success',
  resultReason: null,
  actor: { type: 'user', id: 'u1', upn: 'adele@contoso.example' },
  target: null,
  ipAddress: null,
  details,
});

const verifyAll = (
  events: ChainedAuditEvent[],
  head = { lastSeq: events.length, anchorSeq: 0, anchorHash: genesisHash },
) => {
  const verifier = createChainVerifier(head, sha256, purge);
  for (const e of events) if (verifier.feed(e)) break;
  return verifier.finish();
};

describe('the audit hash chain', () => {
  it('serialises canonically: detail key order and undefined values do not matter, every field does', () => {
    const a = canonicalAuditText(anEvent(1, { b: 1, a: 'x' }));
    const b = canonicalAuditText(anEvent(1, { a: 'x', b: 1, c: undefined as unknown as null }));
    expect(a).toBe(b);
    expect(canonicalAuditText(anEvent(1, { a: 'x', b: 2 }))).not.toBe(a);
    expect(canonicalAuditText({ ...anEvent(1, { b: 1, a: 'x' }), resultReason: '' })).not.toBe(a);
    // A field's text cannot slide into the next one.
    expect(canonicalAuditText({ ...anEvent(1), service: 'a","b' })).not.toBe(
      canonicalAuditText({ ...anEvent(1), service: 'a', category: 'b' }),
    );
    // The position and the previous hash are in the link hash.
    const event = anEvent(1);
    expect(linkHashOf(event, 1, genesisHash, sha256)).not.toBe(linkHashOf(event, 2, genesisHash, sha256));
    expect(linkHashOf(event, 1, genesisHash, sha256)).not.toBe(linkHashOf(event, 1, 'f'.repeat(64), sha256));
    expect(linkHashOf(event, 1, genesisHash, sha256)).toBe(
      sha256(`${genesisHash}:1:${sha256(canonicalAuditText(event))}`),
    );
  });

  it('hashes an event as it always has, and details stored unreadable unlike any readable details', () => {
    // Pinned: chains stored by earlier versions must keep verifying.
    const event = anEvent(1, { b: 1, a: 'x' });
    expect(canonicalAuditText(event)).toBe(
      '["sspr-audit-v1","t1","e1","2026-03-01T09:00:01.000Z","Self-service Password Management","UserManagement",' +
        '"Reset password (self-service)","success",null,"user","u1","adele@contoso.example",null,null,null,null,' +
        '[["a","x"],["b",1]]]',
    );
    expect(linkHashOf(event, 1, genesisHash, sha256)).toBe(
      '2773c00f66740837944dee72fd570be921f3aac48c5fa1c299d66665b91fa196',
    );
    // Stored text that spells the readable form still hashes apart from it, and each text differently.
    const unreadable = (text: string) => canonicalAuditText({ ...anEvent(1), unreadableDetails: text });
    expect(unreadable('[["a","x"],["b",1]]')).not.toBe(canonicalAuditText(event));
    expect(unreadable('{}')).not.toBe(canonicalAuditText(anEvent(1)));
    expect(unreadable('{"n": 3')).not.toBe(unreadable('{"n": 4'));
    expect(unreadable('')).not.toBe(canonicalAuditText(anEvent(1)));
  });

  it('links each event to the one before, from the genesis hash', () => {
    const chain = linkEvents([anEvent(1), anEvent(2), anEvent(3)], 1, genesisHash, sha256);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]!.prevHash).toBe(genesisHash);
    expect(chain[2]!.prevHash).toBe(chain[1]!.hash);
    expect(chain[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAll(chain)).toEqual({ checked: 3, break: undefined });
  });

  it('names the first broken link: a changed event, a rewritten link, a gap, a missing tail', () => {
    const chain = linkEvents(
      [1, 2, 3, 4].map((n) => anEvent(n)),
      1,
      genesisHash,
      sha256,
    );
    expect(verifyAll(chain.map((e) => (e.seq === 2 ? { ...e, activity: 'Other' } : e))).break).toEqual({
      reason: 'hashMismatch',
      seq: 2,
      eventId: 'e2',
    });
    // Rewritten and re-hashed: the next event's link gives it away.
    const forged = linkEvents([{ ...anEvent(2), activity: 'Other' }], 2, chain[0]!.hash, sha256)[0]!;
    expect(verifyAll([chain[0]!, forged, chain[2]!, chain[3]!]).break).toEqual({
      reason: 'previousHashMismatch',
      seq: 3,
      eventId: 'e3',
    });
    expect(
      verifyAll([chain[0]!, chain[2]!, chain[3]!], { lastSeq: 4, anchorSeq: 0, anchorHash: genesisHash }).break,
    ).toEqual({
      reason: 'missingEvents',
      seq: 2,
      eventId: null,
    });
    expect(verifyAll(chain.slice(0, 3), { lastSeq: 4, anchorSeq: 0, anchorHash: genesisHash }).break).toMatchObject({
      reason: 'missingTail',
      seq: 4,
    });
  });

  it('verifies from a purge anchor only when a recorded purge explains it', () => {
    const chain = linkEvents(
      [1, 2, 3].map((n) => anEvent(n)),
      1,
      genesisHash,
      sha256,
    );
    const head = { lastSeq: 4, anchorSeq: 2, anchorHash: chain[1]!.hash };
    const record = linkEvents(
      [{ ...anEvent(4, { toSeq: 2, anchorHash: chain[1]!.hash }), activity: purge }],
      4,
      chain[2]!.hash,
      sha256,
    );
    expect(verifyAll([chain[2]!, ...record], head)).toEqual({ checked: 2, break: undefined });
    const silent = linkEvents([anEvent(4)], 4, chain[2]!.hash, sha256);
    expect(verifyAll([chain[2]!, ...silent], head).break).toEqual({
      reason: 'anchorUnexplained',
      seq: 2,
      eventId: null,
    });
  });
});
