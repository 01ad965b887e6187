import { describe, expect, it } from 'vitest';
import { emptyThrottle, recordAttempt, type ThrottleKind, type ThrottleState } from './throttles.js';

const at = (iso: string) => new Date(iso);
const run = (kind: ThrottleKind, times: string[], start: ThrottleState = emptyThrottle) => {
  let state = start;
  return times.map((time) => {
    const outcome = recordAttempt(kind, state, at(time));
    state = outcome.state;
    return outcome;
  });
};

describe('SSPR throttles (reference §4)', () => {
  it('allows five SMS in an hour and refuses the sixth with a 24-hour block', () => {
    const times = ['00:00', '00:10', '00:20', '00:30', '00:40', '00:50'].map((t) => `2026-03-01T${t}:00.000Z`);
    const outcomes = run('sms', times);
    expect(outcomes.slice(0, 5).every((o) => o.allowed && !o.justBlocked)).toBe(true);
    expect(outcomes[5]).toMatchObject({ allowed: false, justBlocked: true, blockedUntil: '2026-03-02T00:50:00.000Z' });
  });

  it('forgets attempts older than the window', () => {
    const times = ['00:00', '00:10', '00:20', '00:30', '00:40', '01:05'].map((t) => `2026-03-01T${t}:00.000Z`);
    expect(run('sms', times).every((o) => o.allowed)).toBe(true);
  });

  it('blocks at the fifth failed proof within 24 hours, and keeps refusing until the block ends', () => {
    const times = ['00:00', '03:00', '06:00', '09:00', '12:00'].map((t) => `2026-03-01T${t}:00.000Z`);
    const outcomes = run('failedProof', times);
    expect(outcomes[4]).toMatchObject({ allowed: true, justBlocked: true, blockedUntil: '2026-03-02T12:00:00.000Z' });
    const state = outcomes[4]!.state;
    expect(recordAttempt('failedProof', state, at('2026-03-02T11:59:59.000Z'))).toMatchObject({
      allowed: false,
      justBlocked: false,
    });
    expect(recordAttempt('failedProof', state, at('2026-03-02T12:00:01.000Z'))).toMatchObject({
      allowed: true,
      justBlocked: false,
    });
  });

  it('allows ten emails in ten minutes and blocks the eleventh', () => {
    const times = Array.from(
      { length: 11 },
      (_, i) => `2026-03-01T00:0${Math.floor(i * 0.8)}:${String(i * 5).padStart(2, '0')}.000Z`,
    );
    const outcomes = run('email', times);
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(10);
    expect(outcomes[10]).toMatchObject({ allowed: false, justBlocked: true });
  });
});
