import { describe, expect, it } from 'vitest';
import { auditRetentionDays, retentionCutoff } from './audit-retention.js';

describe('audit retention by licence', () => {
  it('keeps 7 days on Free and reset-only SKUs, 30 with a premium SKU that has seats, or the override', () => {
    expect(auditRetentionDays([], null)).toBe(7);
    expect(auditRetentionDays([{ skuId: 'O365_E3', seats: 10 }], null)).toBe(7);
    expect(
      auditRetentionDays(
        [
          { skuId: 'O365_E3', seats: 10 },
          { skuId: 'AAD_PREMIUM_P1', seats: 1 },
        ],
        null,
      ),
    ).toBe(30);
    expect(auditRetentionDays([{ skuId: 'AAD_PREMIUM_P2', seats: 3 }], null)).toBe(30);
    expect(auditRetentionDays([{ skuId: 'M365_BUSINESS_PREMIUM', seats: 3 }], null)).toBe(30);
    expect(auditRetentionDays([{ skuId: 'AAD_PREMIUM_P1', seats: 0 }], null)).toBe(7);
    expect(auditRetentionDays([{ skuId: 'AAD_PREMIUM_P1', seats: 5 }], 365)).toBe(365);
    expect(auditRetentionDays([], 1)).toBe(1);
  });

  it('cuts off exactly the given days before now', () => {
    expect(retentionCutoff(new Date('2026-03-31T12:00:00.000Z'), 30).toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });
});
