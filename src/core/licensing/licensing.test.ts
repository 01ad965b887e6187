import { describe, expect, it } from 'vitest';
import { evaluateEligibility } from './eligibility.js';
import { computeLicenseStates, effectiveEntitlements, type LicenseAssignment } from './license-states.js';
import { skuCatalogue, type SkuId } from './sku-catalogue.js';

const direct = (userId: string, skuId: SkuId, assignedAt: string): LicenseAssignment => ({
  userId,
  skuId,
  via: { kind: 'direct' },
  assignedAt,
});
const viaGroup = (userId: string, skuId: SkuId, assignedAt: string): LicenseAssignment => ({
  userId,
  skuId,
  via: { kind: 'group', groupId: 'g1', groupName: 'Staff' },
  assignedAt,
});

describe("the seeds' licensing table, for every SKU", () => {
  const expected: Record<SkuId, { change: boolean; reset: boolean; writeback: boolean }> = {
    FREE: { change: true, reset: false, writeback: false },
    AAD_BASIC: { change: true, reset: true, writeback: false },
    O365_E1: { change: true, reset: true, writeback: false },
    O365_E3: { change: true, reset: true, writeback: false },
    M365_BUSINESS_BASIC: { change: true, reset: true, writeback: false },
    M365_BUSINESS_STANDARD: { change: true, reset: true, writeback: false },
    M365_BUSINESS_PREMIUM: { change: true, reset: true, writeback: true },
    AAD_PREMIUM_P1: { change: true, reset: true, writeback: true },
    AAD_PREMIUM_P2: { change: true, reset: true, writeback: true },
    EMS_E3: { change: true, reset: true, writeback: true },
    EMS_E5: { change: true, reset: true, writeback: true },
    M365_E3: { change: true, reset: true, writeback: true },
    M365_E5: { change: true, reset: true, writeback: true },
  };
  it.each(skuCatalogue.map((sku) => [sku.id, sku] as const))('%s', (id, sku) => {
    const e = sku.entitlements;
    expect({
      change: e.includes('passwordChange'),
      reset: e.includes('cloudPasswordReset'),
      writeback: e.includes('onPremWriteback'),
    }).toEqual(expected[id]);
    expect(e.includes('customBannedPasswords')).toBe(expected[id].writeback);
    expect(sku.auditRetentionDays).toBe(expected[id].writeback ? 30 : 7);
  });
});

describe('computeLicenseStates', () => {
  const base = {
    tenantCountry: 'NL',
    seats: new Map<SkuId, number>([
      ['AAD_PREMIUM_P1', 2],
      ['M365_E3', 5],
      ['M365_E5', 5],
    ]),
  };

  it('needs a usage location for a direct assignment; group members inherit the tenant country', () => {
    const states = computeLicenseStates({
      ...base,
      usageLocations: new Map([
        ['u1', null],
        ['u2', null],
      ]),
      assignments: [direct('u1', 'AAD_PREMIUM_P1', '1'), viaGroup('u2', 'AAD_PREMIUM_P1', '2')],
    });
    expect(states.map((s) => s.state)).toEqual(['UsageLocationRequired', 'active']);
  });

  it('refuses countries where the SKU is not sold, even through the tenant country', () => {
    const states = computeLicenseStates({
      ...base,
      tenantCountry: 'KP',
      usageLocations: new Map([
        ['u1', 'IR'],
        ['u2', null],
      ]),
      assignments: [direct('u1', 'AAD_PREMIUM_P1', '1'), viaGroup('u2', 'AAD_PREMIUM_P1', '2')],
    });
    expect(states.map((s) => s.state)).toEqual([
      'ProhibitedInUsageLocationViolation',
      'ProhibitedInUsageLocationViolation',
    ]);
  });

  it('gives seats in assignment order and counts a user once however assigned', () => {
    const states = computeLicenseStates({
      ...base,
      usageLocations: new Map([
        ['u1', 'NL'],
        ['u2', 'NL'],
        ['u3', 'NL'],
      ]),
      assignments: [
        viaGroup('u3', 'AAD_PREMIUM_P1', '3'),
        direct('u1', 'AAD_PREMIUM_P1', '1'),
        viaGroup('u1', 'AAD_PREMIUM_P1', '2'),
        direct('u2', 'AAD_PREMIUM_P1', '2'),
      ],
    });
    expect(states.map((s) => `${s.userId}:${s.state}`)).toEqual([
      'u3:CountViolation',
      'u1:active',
      'u1:active',
      'u2:active',
    ]);
  });

  it('marks the later of two mutually exclusive SKUs', () => {
    const states = computeLicenseStates({
      ...base,
      usageLocations: new Map([['u1', 'NL']]),
      assignments: [direct('u1', 'M365_E5', '2'), direct('u1', 'M365_E3', '1')],
    });
    expect(states.map((s) => s.state)).toEqual(['MutuallyExclusiveViolation', 'active']);
  });

  it('unions the entitlements of active assignments, on top of Free', () => {
    const states = computeLicenseStates({
      ...base,
      seats: new Map([['AAD_PREMIUM_P1', 0]]),
      usageLocations: new Map([['u1', 'NL']]),
      assignments: [direct('u1', 'AAD_PREMIUM_P1', '1')],
    });
    expect(effectiveEntitlements(states)).toEqual(['passwordChange']);
  });
});

describe('evaluateEligibility', () => {
  it('lets Free cloud users change but not reset, except administrators under the admin policy', () => {
    expect(evaluateEligibility({ source: 'cloud', roles: [] }, ['passwordChange'])).toEqual({
      canChangePassword: { allowed: true },
      canResetPassword: { allowed: false, reason: 'SSPR_0012' },
      canUnlock: { allowed: false, reason: 'SSPR_0012' },
    });
    expect(
      evaluateEligibility({ source: 'cloud', roles: ['GlobalAdministrator'] }, ['passwordChange']).canResetPassword,
    ).toEqual({ allowed: true });
    expect(
      evaluateEligibility({ source: 'cloud', roles: ['ReportsReader'] }, ['passwordChange']).canResetPassword.allowed,
    ).toBe(false);
  });

  it('needs writeback for on-premises users (SSPR_0010 until writeback exists, SSPR_0012 without the licence)', () => {
    expect(
      evaluateEligibility({ source: 'synced', roles: [] }, ['passwordChange', 'cloudPasswordReset']).canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0012' });
    expect(
      evaluateEligibility({ source: 'synced', roles: [] }, ['passwordChange', 'cloudPasswordReset', 'onPremWriteback'])
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0010' });
  });

  it('lets on-premises users reset, unlock and change once writeback is available (connection + policy switch)', () => {
    const scope = { enabled: 'all', inSelectedGroup: true, adminSspr: true, writeback: true } as const;
    const all = evaluateEligibility(
      { source: 'passthrough', roles: [] },
      ['passwordChange', 'cloudPasswordReset', 'onPremWriteback'],
      scope,
    );
    expect(all).toEqual({
      canChangePassword: { allowed: true },
      canResetPassword: { allowed: true },
      canUnlock: { allowed: true },
    });
    // The licence still comes first, then the SSPR scope.
    expect(
      evaluateEligibility({ source: 'synced', roles: [] }, ['passwordChange', 'cloudPasswordReset'], scope)
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0012' });
    expect(
      evaluateEligibility({ source: 'synced', roles: [] }, ['onPremWriteback'], { ...scope, enabled: 'none' })
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0009' });
    expect(
      evaluateEligibility({ source: 'synced', roles: [] }, ['onPremWriteback'], { ...scope, writeback: false })
        .canChangePassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0010' });
  });
});

describe('seat stability', () => {
  it('keeps seats with their holders when a newcomer shares the assignment time', () => {
    const inputs = {
      tenantCountry: 'NL',
      seats: new Map<SkuId, number>([['AAD_PREMIUM_P1', 1]]),
      usageLocations: new Map([
        ['a', 'NL'],
        ['z', 'NL'],
      ]),
    };
    const states = computeLicenseStates({
      ...inputs,
      assignments: [viaGroup('a', 'AAD_PREMIUM_P1', '1'), viaGroup('z', 'AAD_PREMIUM_P1', '1')],
      previouslyActive: new Set(['z:AAD_PREMIUM_P1']),
    });
    expect(states.map((s) => `${s.userId}:${s.state}`)).toEqual(['a:CountViolation', 'z:active']);
  });
});

describe('evaluateEligibility with the SSPR policy', () => {
  const licensed = ['passwordChange', 'cloudPasswordReset'] as const;
  const user = { source: 'cloud' as const, roles: [] };
  const admin = { source: 'cloud' as const, roles: ['GlobalAdministrator'] };

  it("checks scope before licence, in Entra's order", () => {
    expect(
      evaluateEligibility(user, ['passwordChange'], { enabled: 'none', inSelectedGroup: false, adminSspr: true })
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0009' });
    expect(
      evaluateEligibility(user, ['passwordChange'], { enabled: 'selected', inSelectedGroup: false, adminSspr: true })
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0013' });
    expect(
      evaluateEligibility(user, ['passwordChange'], { enabled: 'selected', inSelectedGroup: true, adminSspr: true })
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0012' });
    expect(
      evaluateEligibility(user, licensed, { enabled: 'selected', inSelectedGroup: true, adminSspr: true })
        .canResetPassword,
    ).toEqual({ allowed: true });
  });

  it('leaves password change alone and applies the admin policy to administrators', () => {
    expect(
      evaluateEligibility(user, licensed, { enabled: 'none', inSelectedGroup: false, adminSspr: true })
        .canChangePassword,
    ).toEqual({ allowed: true });
    expect(
      evaluateEligibility(admin, ['passwordChange'], { enabled: 'none', inSelectedGroup: false, adminSspr: true })
        .canResetPassword,
    ).toEqual({ allowed: true });
    expect(
      evaluateEligibility(admin, licensed, { enabled: 'all', inSelectedGroup: true, adminSspr: false })
        .canResetPassword,
    ).toEqual({ allowed: false, reason: 'SSPR_0011' });
  });
});
