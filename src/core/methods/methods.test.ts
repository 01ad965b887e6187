import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import type { KeyedHasher, RandomSource } from '../ports.js';
import { maskEmail, maskPhone, unbrokenMask } from './masking.js';
import { isStepUpFresh, registrableKinds, registrationVerdict, usableKinds } from './method-rules.js';
import { allowedRegionsOf, checkMethodPhone, numberPrefix } from './phone.js';
import { predefinedQuestionIds } from './question-catalogue.js';
import { checkAnswers, checkCustomQuestion, normaliseAnswer } from './security-questions.js';
import {
  codeMatches,
  codeRefusal,
  codeRules,
  decodeBase64url,
  generateCode,
  newPendingCode,
} from './verification-code.js';

const bytesToBase64url = (bytes: number[]) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
/** A RandomSource that hands out the given 4-byte blocks in turn. */
const scripted = (blocks: number[][]): RandomSource => {
  let i = 0;
  return { token: () => bytesToBase64url(blocks[i++ % blocks.length]!), uuid: () => `id-${i++}` };
};
// Deterministic stand-in: equality of digests is all these tests need.
const keyed: KeyedHasher = { digest: (purpose, value) => `${purpose}|${value}`, equals: (a, b) => a === b };

describe('verification codes', () => {
  it('decodes base64url', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 32 }), (bytes) => {
        expect(decodeBase64url(bytesToBase64url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('makes 8-digit codes and rejects the biased top of the 32-bit range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (block) => {
        expect(generateCode(scripted([block, [0, 0, 0, 7]]))).toMatch(/^\d{8}$/);
      }),
    );
    // 0xFFFFFFFF is above the last multiple of 10^8: it is skipped, the next block is used.
    expect(
      generateCode(
        scripted([
          [255, 255, 255, 255],
          [0, 0, 0, 42],
        ]),
      ),
    ).toBe('00000042');
  });

  it('expires after 5 minutes, locks after 5 attempts, refuses consumed codes, and matches only the right code', () => {
    const now = new Date('2026-03-01T09:00:00Z');
    const { record, code } = newPendingCode(
      { keyed, random: scripted([[1, 2, 3, 4]]) },
      { tenantId: 't', userId: 'u', subjectId: 's', purpose: 'register' },
      now,
    );
    expect(codeRefusal(record, now)).toBeUndefined();
    expect(codeRefusal(record, new Date(now.getTime() + codeRules.ttlSeconds * 1000 - 1))).toBeUndefined();
    expect(codeRefusal(record, new Date(now.getTime() + codeRules.ttlSeconds * 1000))).toBe('CODE_EXPIRED');
    expect(codeRefusal({ ...record, attempts: 5 }, now)).toBe('TOO_MANY_ATTEMPTS');
    expect(codeRefusal({ ...record, consumedAt: now.toISOString() }, now)).toBe('CODE_EXPIRED');
    expect(codeRefusal(undefined, now)).toBe('CODE_EXPIRED');
    expect(codeMatches(keyed, record, code)).toBe(true);
    expect(codeMatches(keyed, record, `${code.slice(0, 4)} ${code.slice(4)}`)).toBe(true);
    expect(
      codeMatches(
        keyed,
        record,
        code.replace(/^./, (d) => String((Number(d) + 1) % 10)),
      ),
    ).toBe(false);
  });
});

describe('masking', () => {
  it('masks email addresses and phone numbers as Entra shows them', () => {
    expect(maskEmail('adele@hotmail.test')).toBe('a***@h***.test');
    expect(maskEmail('a@b.c.example')).toBe('a***@b***.example');
    expect(maskPhone('+31612345678')).toBe('+31 6******78');
    expect(maskPhone('+14255550123')).toBe('+1 4*******23');
  });

  it('keeps a masked phone on one line where a page shows it, and leaves other values alone', () => {
    expect(unbrokenMask(maskPhone('+31612345678'))).toBe('+31\u00a06******78');
    expect(unbrokenMask(maskPhone('+14255550123'))).toBe('+1\u00a04*******23');
    expect(unbrokenMask('a***@h***.test')).toBe('a***@h***.test');
    expect(unbrokenMask('Authenticator app')).toBe('Authenticator app');
    expect(unbrokenMask('3 questions')).toBe('3 questions');
  });

  it('never shows more than the first and last two digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000_000, max: 99_999_999 }), (n) => {
        const masked = maskPhone(`+316${n}`);
        expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(2 + 1 + 2);
      }),
    );
  });
});

describe('phones', () => {
  it('accepts +31 612345678 with a space, strips extensions and refuses other countries', () => {
    expect(checkMethodPhone('+31 612345678', ['NL'])).toEqual({ ok: true, e164: '+31612345678', region: 'NL' });
    expect(checkMethodPhone('+31 6 12345678 ext. 12', ['NL'])).toMatchObject({ ok: true, e164: '+31612345678' });
    expect(checkMethodPhone('+1 425 555 0123', ['NL'])).toEqual({ ok: false, code: 'PHONE_COUNTRY_NOT_ALLOWED' });
    expect(checkMethodPhone('12', ['NL'])).toEqual({ ok: false, code: 'PHONE_INVALID' });
    expect(allowedRegionsOf({ allowedCountries: [] }, 'NL')).toEqual(['NL']);
    expect(allowedRegionsOf({ allowedCountries: ['BE', 'DE'] }, 'NL')).toEqual(['BE', 'DE']);
  });
});

describe('phones that pay the caller', () => {
  it('refuses premium-rate, shared-cost, UAN, VoIP and personal numbers even in an allowed country (toll fraud)', () => {
    const refused = { ok: false, code: 'PHONE_TYPE_NOT_ALLOWED' };
    expect(checkMethodPhone('+31 900 1234567', ['NL'])).toEqual(refused); // premium rate
    expect(checkMethodPhone('+31 909 123456', ['NL'])).toEqual(refused); // premium rate
    expect(checkMethodPhone('+44 909 879 0000', ['GB'])).toEqual(refused); // premium rate
    expect(checkMethodPhone('+44 843 123 4567', ['GB'])).toEqual(refused); // shared cost
    expect(checkMethodPhone('+44 56 1234 5678', ['GB'])).toEqual(refused); // VoIP
    expect(checkMethodPhone('+44 70 1234 5678', ['GB'])).toEqual(refused); // personal number
    expect(checkMethodPhone('+31 85 1234567', ['NL'])).toEqual(refused); // VoIP
  });

  it('takes only numbers that receive SMS for a mobile phone: mobiles, and fixed-or-mobile where the plan cannot tell', () => {
    expect(checkMethodPhone('+31 612345678', ['NL'])).toMatchObject({ ok: true });
    expect(checkMethodPhone('+32 470 12 34 56', ['BE'])).toMatchObject({ ok: true });
    expect(checkMethodPhone('+1 212 555 1234', ['US'])).toMatchObject({ ok: true }); // fixed line or mobile
    expect(checkMethodPhone('+31 201234567', ['NL'])).toEqual({ ok: false, code: 'PHONE_TYPE_NOT_ALLOWED' }); // a landline
    expect(checkMethodPhone('+31 800 1234567', ['NL'])).toEqual({ ok: false, code: 'PHONE_TYPE_NOT_ALLOWED' }); // toll free
  });
});

describe('number blocks', () => {
  it('names the block by calling code and the next four digits; no block for what is not a number', () => {
    expect(numberPrefix('+31612345678')).toBe('+316123');
    expect(numberPrefix('+31612399999')).toBe('+316123');
    expect(numberPrefix('+31612445678')).toBe('+316124');
    expect(numberPrefix('+447700900123')).toBeNull();
    expect(numberPrefix('+447911123456')).toBe('+447911');
    expect(numberPrefix('decoy:abc')).toBeNull();
    expect(numberPrefix('')).toBeNull();
  });
});

describe('security questions', () => {
  const known = new Set(predefinedQuestionIds);
  const three = [
    { questionId: 'q01', answer: 'Utrecht' },
    { questionId: 'q02', answer: 'Fikkie' },
    { questionId: 'q03', answer: 'Jan' },
  ];

  it('has 35 stable predefined ids', () => {
    expect(predefinedQuestionIds).toHaveLength(35);
    expect(predefinedQuestionIds[0]).toBe('q01');
    expect(predefinedQuestionIds[34]).toBe('q35');
  });

  it('normalises answers: trim, NFKC, case-fold', () => {
    expect(normaliseAnswer('  AMSTERDAM ')).toBe('amsterdam');
    expect(normaliseAnswer('ｆｉｋｋｉｅ')).toBe('fikkie');
    expect(normaliseAnswer('Cafe\u0301')).toBe(normaliseAnswer('Café'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => normaliseAnswer(normaliseAnswer(s)) === normaliseAnswer(s)),
    );
  });

  it('checks count, length, reuse and unknown ids', () => {
    expect(checkAnswers(three, 3, known)).toBeUndefined();
    expect(checkAnswers(three.slice(0, 2), 3, known)?.code).toBe('ANSWER_INVALID');
    expect(checkAnswers([...three.slice(0, 2), { questionId: 'q03', answer: 'ab' }], 3, known)?.code).toBe(
      'ANSWER_INVALID',
    );
    expect(checkAnswers([...three.slice(0, 2), { questionId: 'q03', answer: 'x'.repeat(41) }], 3, known)?.code).toBe(
      'ANSWER_INVALID',
    );
    expect(checkAnswers([...three.slice(0, 2), { questionId: 'q03', answer: ' utrecht ' }], 3, known)?.code).toBe(
      'ANSWER_REUSED',
    );
    expect(checkAnswers([...three.slice(0, 2), { questionId: 'q99', answer: 'Piet' }], 3, known)?.code).toBe(
      'QUESTION_UNKNOWN',
    );
    expect(checkAnswers([...three.slice(0, 2), { questionId: 'q01', answer: 'Piet' }], 3, known)?.code).toBe(
      'ANSWER_INVALID',
    );
  });

  it('checks custom questions: 3-200 characters', () => {
    expect(checkCustomQuestion('  What is our team motto? ')).toEqual({ ok: true, text: 'What is our team motto?' });
    expect(checkCustomQuestion('ab').ok).toBe(false);
    expect(checkCustomQuestion('x'.repeat(201)).ok).toBe(false);
  });
});

describe('method rules', () => {
  const user = { roles: [] as string[] };
  const admin = { roles: ['HelpdeskAdministrator'] };

  it('maps policy methods to kinds; admins get the admin policy without questions', () => {
    const policy = {
      ...defaultSsprPolicy,
      methods: ['email', 'mobileSms', 'mobileVoice', 'officeVoice', 'securityQuestions'] as const,
    };
    expect(usableKinds({ ...policy, methods: [...policy.methods] }, user).sort()).toEqual([
      'alternateEmail',
      'mobilePhone',
      'officePhone',
      'securityQuestions',
    ]);
    expect(registrableKinds({ ...policy, methods: [...policy.methods] }, user)).not.toContain('officePhone');
    expect(registrableKinds({ ...policy, methods: [...policy.methods] }, admin).sort()).toEqual([
      'alternateEmail',
      'authenticatorApp',
      'mobilePhone',
      'recoveryCodes',
    ]);
  });

  it('interrupts until enough kinds are registered, and again after the reconfirmation interval', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const base = {
      policy: defaultSsprPolicy,
      inScope: true,
      methodsRequired: 1,
      lastConfirmedAt: '2026-02-01T00:00:00Z',
      now,
    };
    expect(registrationVerdict({ ...base, registeredKinds: [] })).toMatchObject({
      needsRegistration: true,
      needsReconfirmation: false,
      reconfirmDueAt: null,
    });
    expect(
      registrationVerdict({ ...base, registeredKinds: ['mobilePhone', 'mobilePhone'], methodsRequired: 2 }),
    ).toMatchObject({ registeredCount: 1, needsRegistration: true });
    expect(registrationVerdict({ ...base, registeredKinds: ['mobilePhone'] })).toMatchObject({
      needsRegistration: false,
      needsReconfirmation: false,
      reconfirmDueAt: '2026-07-31T00:00:00.000Z',
    });
    expect(
      registrationVerdict({ ...base, registeredKinds: ['mobilePhone'], lastConfirmedAt: '2025-09-01T00:00:00Z' })
        .needsReconfirmation,
    ).toBe(true);
    expect(registrationVerdict({ ...base, registeredKinds: [], inScope: false }).needsRegistration).toBe(false);
    expect(
      registrationVerdict({
        ...base,
        registeredKinds: [],
        policy: { ...defaultSsprPolicy, requireRegistration: false },
      }).needsRegistration,
    ).toBe(false);
    expect(
      registrationVerdict({
        ...base,
        registeredKinds: ['mobilePhone'],
        lastConfirmedAt: '2020-01-01T00:00:00Z',
        policy: { ...defaultSsprPolicy, reconfirmDays: 0 },
      }).needsReconfirmation,
    ).toBe(false);
  });

  it('keeps step-up fresh for 10 minutes after sign-in or the last step-up', () => {
    const at = (iso: string) => new Date(iso);
    const session = { createdAt: '2026-03-01T09:00:00Z', steppedUpAt: null };
    expect(isStepUpFresh(session, at('2026-03-01T09:10:00Z'))).toBe(true);
    expect(isStepUpFresh(session, at('2026-03-01T09:10:01Z'))).toBe(false);
    expect(isStepUpFresh({ ...session, steppedUpAt: '2026-03-01T09:30:00Z' }, at('2026-03-01T09:39:00Z'))).toBe(true);
  });
});
