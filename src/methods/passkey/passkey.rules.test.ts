import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../../core/policy/sspr-policy.js';
import { planGates } from '../../core/flows/gates.js';
import { registrableKinds } from '../../core/methods/method-rules.js';
import type { EnrolmentForm } from '../../core/methods/method-contract.js';
import {
  passkeyEntry,
  passkeyForm,
  passkeyMethod,
  passkeyUserHandle,
  readCeremonyResponse,
  readPasskeyUserHandle,
} from './passkey.rules.js';

const facts = {
  isTrial: false,
  createdAt: '2020-01-01T00:00:00Z',
  domainCount: 2,
  hasDirectoryConnection: false,
  isFree: false,
};
const now = new Date('2026-03-01T00:00:00Z');
const withPasskeys = { ...defaultSsprPolicy, methods: [...defaultSsprPolicy.methods, 'passkey' as const] };

describe('passkey rules', () => {
  it('round-trips the tenant and user through the user handle, within WebAuthn 64 bytes', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (tenantId, userId) => {
        const handle = passkeyUserHandle(tenantId, userId);
        expect(handle).toHaveLength(64);
        expect(readPasskeyUserHandle(handle)).toEqual({
          tenantId: tenantId.toLowerCase(),
          userId: userId.toLowerCase(),
        });
      }),
    );
    expect(readPasskeyUserHandle('not-ours')).toBeUndefined();
    expect(readPasskeyUserHandle('G'.repeat(64))).toBeUndefined();
  });

  it('reads a posted response only when it is a JSON object of reasonable size', () => {
    expect(readCeremonyResponse('{"id":"abc"}')).toEqual({ id: 'abc' });
    for (const bad of [undefined, '', 'null', '[1]', '"x"', '{', `{"a":"${'x'.repeat(12_001)}"}`])
      expect(readCeremonyResponse(bad)).toBeUndefined();
  });

  it('refuses the add form without the browser answer (no JavaScript) in the plugin words', () => {
    const form: EnrolmentForm = passkeyForm;
    expect(form.read({ label: ' Laptop ' }, { questionsToRegister: 3 })).toEqual({
      ok: false,
      refusal: { message: 'passkey.needsJavaScript' },
      typed: { label: 'Laptop' },
    });
    expect(form.read({ label: 'Laptop', response: '{"id":"a"}' }, { questionsToRegister: 3 })).toMatchObject({
      ok: true,
      input: { type: 'passkey', label: 'Laptop', response: { id: 'a' } },
    });
  });

  it('is off by default, strong, and for administrators only once the tenant switched it on', () => {
    expect(passkeyMethod.defaultInPolicy).toBe(false);
    expect(defaultSsprPolicy.methods).not.toContain('passkey');
    expect(passkeyEntry.strong).toBe(true);
    const admin = { roles: ['GlobalAdministrator'] };
    expect(registrableKinds(defaultSsprPolicy, admin)).not.toContain('passkey');
    expect(registrableKinds(withPasskeys, admin)).toContain('passkey');
    expect(registrableKinds(withPasskeys, { roles: [] })).toContain('passkey');
  });

  it('makes a passkey holder pass it: two gates with email, the passkey one of them', () => {
    const entries = [
      { entryId: 'e', kind: 'alternateEmail' as const, display: 'a***@x.example' },
      { entryId: 'p', kind: 'passkey' as const, display: 'Laptop' },
    ];
    const plan = planGates({ roles: [] }, { ...withPasskeys, methodsRequired: 1 }, facts, entries, now);
    expect(plan).toMatchObject({ gatesRequired: 2, strongRequired: true });
    expect(plan.methods.map((m) => m.type)).toEqual(['email', 'passkey']);
    // Off in the policy: not offered at all, so not required either.
    const off = planGates({ roles: [] }, { ...defaultSsprPolicy, methodsRequired: 1 }, facts, entries, now);
    expect(off.methods.map((m) => m.type)).toEqual(['email']);
    expect(off.gatesRequired).toBe(1);
  });
});
