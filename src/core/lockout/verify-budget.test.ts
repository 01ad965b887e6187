import { describe, expect, it } from 'vitest';
import {
  budgetDomain,
  budgetKey,
  budgetName,
  defaultTenantUnfamiliarVerifies,
  familiarMarker,
  familiarMarkerMaxAgeSeconds,
  isFamiliarFor,
  tenantBudgetKey,
} from './verify-budget.js';

const now = new Date('2026-03-01T09:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('the per-account verify budget', () => {
  it('counts every spelling of one sign-in name in one budget', () => {
    expect(budgetName('  Adele.Vance@Contoso.EXAMPLE ')).toBe('adele.vance@contoso.example');
    // NFC: a composed and a decomposed é are one name.
    expect(budgetName('re\u0301my@contoso.example')).toBe(budgetName('r\u00e9my@contoso.example'));
    expect(budgetName('adele@contoso.example')).not.toBe(budgetName('alex@contoso.example'));
  });

  it('keeps the familiar budget apart from the unfamiliar one', () => {
    expect(budgetKey('d1', true)).not.toBe(budgetKey('d1', false));
    expect(budgetKey('d1', false)).not.toBe(budgetKey('d2', false));
  });

  it('believes a marker only for its own account and while it is recent', () => {
    const marker = familiarMarker('account-a', now);
    expect(isFamiliarFor(marker, 'account-a', now)).toBe(true);
    expect(isFamiliarFor(marker, 'account-b', now)).toBe(false);
    expect(isFamiliarFor(marker, 'account-a', later(familiarMarkerMaxAgeSeconds))).toBe(true);
    expect(isFamiliarFor(marker, 'account-a', later(familiarMarkerMaxAgeSeconds + 1))).toBe(false);
    // Set in the future (a clock moved back by more than a minute): not believed.
    expect(isFamiliarFor(marker, 'account-a', later(-120))).toBe(false);
  });

  it('believes nothing that is not a marker', () => {
    for (const junk of [undefined, null, 'account-a', 42, [], { account: 'account-a' }, { account: 1, issuedAt: 1 }])
      expect(isFamiliarFor(junk, 'account-a', now)).toBe(false);
    expect(isFamiliarFor({ account: 'account-a', issuedAt: Number.NaN }, 'account-a', now)).toBe(false);
  });
});

describe('the tenant-wide budget of unfamiliar-browser verifies', () => {
  it('looks a name up by the domain after its last @, in any spelling', () => {
    expect(budgetDomain(' Adele.Vance@Contoso.EXAMPLE ')).toBe('contoso.example');
    expect(budgetDomain('odd@name@fabrikam.example')).toBe('fabrikam.example');
    expect(budgetDomain('adele')).toBe('');
    expect(budgetDomain('adele@')).toBe('');
    expect(budgetDomain(`a@${'d'.repeat(300)}`)).toHaveLength(253);
  });

  it('counts each tenant apart and every domain no tenant has in one counter', () => {
    expect(tenantBudgetKey('t1')).not.toBe(tenantBudgetKey('t2'));
    expect(tenantBudgetKey(undefined)).toBe(tenantBudgetKey(undefined));
    expect(tenantBudgetKey(undefined)).not.toBe(tenantBudgetKey(''));
    // Never the same counter as an account's budget.
    expect(tenantBudgetKey('d1')).not.toBe(budgetKey('d1', false));
  });

  it('defaults to 50 verifies per core per window', () => {
    expect(defaultTenantUnfamiliarVerifies(2)).toBe(100);
    expect(defaultTenantUnfamiliarVerifies(16)).toBe(800);
    expect(defaultTenantUnfamiliarVerifies(0)).toBe(50);
    expect(defaultTenantUnfamiliarVerifies(1.5)).toBe(50);
  });
});
