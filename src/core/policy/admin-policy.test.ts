import { describe, expect, it } from 'vitest';
import { evaluateAdminPolicy, type AdminPolicyInputs } from './admin-policy.js';

const created = '2026-03-01T00:00:00.000Z';
const base: AdminPolicyInputs = {
  isTrial: true,
  createdAt: created,
  domains: ['contoso.example'],
  directoryConnected: false,
  paid: false,
  adminSspr: true,
};
const day = (n: number) => new Date(Date.parse(created) + n * 86_400_000);

describe('administrator reset policy', () => {
  it('gives one gate only to a young trial with no custom domain and no directory connection', () => {
    expect(evaluateAdminPolicy(base, day(29))).toMatchObject({ gates: 1, twoGateReasons: [] });
    expect(evaluateAdminPolicy(base, day(30))).toMatchObject({ gates: 2, twoGateReasons: ['establishedTenant'] });
    expect(evaluateAdminPolicy({ ...base, domains: ['contoso.example', 'contoso.com'] }, day(1))).toMatchObject({
      gates: 2,
      twoGateReasons: ['customDomain'],
    });
    expect(evaluateAdminPolicy({ ...base, directoryConnected: true }, day(1))).toMatchObject({
      gates: 2,
      twoGateReasons: ['directoryConnection'],
    });
    expect(evaluateAdminPolicy({ ...base, isTrial: false, paid: true }, day(1))).toMatchObject({
      gates: 2,
      twoGateReasons: ['establishedTenant'],
    });
  });

  it('never offers security questions, and voice calls only to paid tenants that are not trials', () => {
    const free = evaluateAdminPolicy({ ...base, isTrial: false }, day(1));
    expect(free).toMatchObject({ securityQuestions: false, voiceCalls: false });
    expect(free.methods).not.toContain('mobileVoice');
    expect(free.methods).not.toContain('securityQuestions');
    expect(evaluateAdminPolicy({ ...base, paid: true }, day(1)).voiceCalls).toBe(false);
    const paid = evaluateAdminPolicy({ ...base, isTrial: false, paid: true }, day(1));
    expect(paid.voiceCalls).toBe(true);
    // Recovery codes only as one of two gates; a Temporary Access Pass only where the tenant ticked it.
    expect(paid.methods).toEqual([
      'email',
      'mobileSms',
      'mobileVoice',
      'officeVoice',
      'authenticatorCode',
      'recoveryCode',
    ]);
  });

  it('follows the tenant switch for admin SSPR', () => {
    expect(evaluateAdminPolicy({ ...base, adminSspr: false }, day(1)).allowed).toBe(false);
    expect(evaluateAdminPolicy(base, day(1)).allowed).toBe(true);
  });
});
