import { describe, expect, it } from 'vitest';
import {
  checkSsprPolicy,
  defaultSsprPolicy,
  findPolicyProblems,
  policyChanges,
  type SsprPolicy,
} from './sspr-policy.js';

const withChanges = (changes: Partial<SsprPolicy>): SsprPolicy => ({ ...defaultSsprPolicy, ...changes });

describe('SSPR policy', () => {
  it("defaults to Entra's recommended deployment values, without security questions", () => {
    expect(checkSsprPolicy(defaultSsprPolicy)).toEqual([]);
    expect(defaultSsprPolicy).toMatchObject({
      requireRegistration: true,
      reconfirmDays: 180,
      notifyUsers: true,
      notifyAdmins: true,
      writeback: true,
      unlockWithoutReset: true,
      adminSspr: true,
    });
    expect(defaultSsprPolicy.methods).not.toContain('securityQuestions');
  });

  it('validates as Entra does and lists every problem', () => {
    expect(
      checkSsprPolicy(withChanges({ methods: [], methodsRequired: 2, reconfirmDays: 731, enabled: 'selected' })),
    ).toEqual([
      '"selected" needs a group (--group)',
      'at least one method must be available',
      '2 methods are required but only 0 available',
      'reconfirm days must be 0-730',
    ]);
    expect(checkSsprPolicy(withChanges({ questionsToRegister: 3, questionsToReset: 4 }))).toEqual([
      'questions to register must be at least questions to reset',
    ]);
    expect(checkSsprPolicy(withChanges({ questionsToRegister: 6 }))).toContain('questions to register must be 3-5');
    expect(checkSsprPolicy(withChanges({ helpdesk: { kind: 'url', url: 'javascript:alert(1)' } }))).toEqual([
      'the helpdesk URL must be an http(s) URL',
    ]);
  });

  it('names each problem with a stable id, in the same order as the text', () => {
    const found = findPolicyProblems(
      withChanges({ methods: ['email'], methodsRequired: 2, helpdesk: { kind: 'email', email: 'nope' } }),
    );
    expect(found.map((p) => p.problem)).toEqual(['TOO_FEW_METHODS', 'HELPDESK_EMAIL']);
    expect(found.map((p) => p.text)).toEqual(
      checkSsprPolicy(
        withChanges({ methods: ['email'], methodsRequired: 2, helpdesk: { kind: 'email', email: 'nope' } }),
      ),
    );
  });

  it('reports changed properties with old and new values', () => {
    expect(policyChanges(defaultSsprPolicy, withChanges({ methodsRequired: 2, reconfirmDays: 90 }))).toEqual({
      methodsRequired: { old: 1, new: 2 },
      reconfirmDays: { old: 180, new: 90 },
    });
  });
});
