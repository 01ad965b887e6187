/**
 * The Store port's security-info contract (migration 0006), run against every dialect: pending
 * codes consumed and counted with conditional UPDATEs, so concurrency cannot beat the limits.
 */
import { expect, it } from 'vitest';
import type { MethodRecord, PendingCode } from '../../src/core/methods/records.js';
import type { User } from '../../src/core/model.js';
import { defaultSsprPolicy } from '../../src/core/policy/sspr-policy.js';
import { describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

describeStore('security-info store contract', (store, _dialect, database) => {
  const aUser = async (): Promise<User> => {
    const tenantId = uuid();
    await store.tenants.create({
      tenantId,
      name: 'Contoso',
      country: 'NL',
      isTrial: false,
      createdAt: now,
      domains: [`${tenantId.slice(0, 8)}.example`],
    });
    const user: User = {
      tenantId,
      userId: uuid(),
      upn: `adele@${tenantId.slice(0, 8)}.example`,
      displayName: 'Adele',
      givenName: null,
      surname: null,
      usageLocation: null,
      accountEnabled: true,
      source: 'cloud',
      onPremAnchor: null,
      passwordHash: null,
      passwordLastSetAt: null,
      mobilePhone: null,
      officePhone: null,
      alternateEmail: null,
      roles: [],
      createdAt: now,
    };
    await store.users.create(user, now);
    return user;
  };
  const aMethod = (user: User, overrides: Partial<MethodRecord> = {}): MethodRecord => ({
    tenantId: user.tenantId,
    methodId: uuid(),
    userId: user.userId,
    type: 'mobilePhone',
    value: '+31612345678',
    sealedSecret: null,
    label: null,
    status: 'pending',
    lastTotpStep: null,
    createdAt: now,
    verifiedAt: null,
    updatedAt: now,
    ...overrides,
  });
  const aCode = (user: User, overrides: Partial<PendingCode> = {}): PendingCode => ({
    tenantId: user.tenantId,
    codeId: uuid(),
    userId: user.userId,
    subjectId: `${user.userId}/m1`,
    purpose: 'register',
    codeHash: 'h',
    expiresAt: '2026-03-01T09:05:00.000Z',
    attempts: 0,
    consumedAt: null,
    createdAt: now,
    ...overrides,
  });

  it('stores methods per user, verifies only pending ones, advances TOTP steps only forwards', async () => {
    const user = await aUser();
    const other = await aUser();
    const method = aMethod(user, { type: 'authenticatorApp', value: null, sealedSecret: 'v1.x', label: 'Phone' });
    await store.securityInfo.addMethod(method);
    expect(await store.securityInfo.listMethods(user.tenantId, user.userId)).toEqual([method]);
    expect(await store.securityInfo.findMethod(other.tenantId, other.userId, method.methodId)).toBeUndefined();
    expect(await store.securityInfo.markVerified(user.tenantId, method.methodId, '2026-03-01T09:01:00.000Z')).toBe(
      true,
    );
    expect(await store.securityInfo.markVerified(user.tenantId, method.methodId, '2026-03-01T09:02:00.000Z')).toBe(
      false,
    );
    expect(await store.securityInfo.advanceTotpStep(user.tenantId, method.methodId, 100, now)).toBe(true);
    expect(await store.securityInfo.advanceTotpStep(user.tenantId, method.methodId, 100, now)).toBe(false);
    expect(await store.securityInfo.advanceTotpStep(user.tenantId, method.methodId, 99, now)).toBe(false);
    expect(await store.securityInfo.findMethod(user.tenantId, user.userId, method.methodId)).toMatchObject({
      status: 'verified',
      verifiedAt: '2026-03-01T09:01:00.000Z',
      lastTotpStep: 100,
    });
    expect(await store.securityInfo.removeMethod(other.tenantId, other.userId, method.methodId)).toBe(0);
    expect(await store.securityInfo.removeMethod(user.tenantId, user.userId, method.methodId)).toBe(1);
  });

  it('voids every live code of one subject, and only of that subject and tenant', async () => {
    const user = await aUser();
    const other = await aUser();
    const mine = aCode(user, { purpose: 'register' });
    const minePurpose = aCode(user, { purpose: 'step-up' });
    const elsewhere = aCode(user, { subjectId: `${user.userId}/m2` });
    const theirs = aCode(other, { subjectId: `${user.userId}/m1` });
    for (const code of [mine, minePurpose, elsewhere, theirs]) await store.securityInfo.addCode(code);
    await store.securityInfo.voidCodes(user.tenantId, mine.subjectId, '2026-03-01T09:01:00.000Z');
    expect(await store.securityInfo.latestCode(user.tenantId, mine.subjectId, 'register')).toBeUndefined();
    expect(await store.securityInfo.latestCode(user.tenantId, mine.subjectId, 'step-up')).toBeUndefined();
    expect(await store.securityInfo.latestCode(user.tenantId, elsewhere.subjectId, 'register')).toEqual(elsewhere);
    expect(await store.securityInfo.latestCode(other.tenantId, theirs.subjectId, 'register')).toEqual(theirs);
    expect(await store.securityInfo.consumeCode(user.tenantId, mine.codeId, now)).toBe(false);
  });

  it('reads a code back with the purpose it was filed under', async () => {
    const user = await aUser();
    for (const purpose of ['register', 'step-up', 'reset', 'helpdesk', 'reset-decoy'] as const) {
      const code = aCode(user, { purpose, subjectId: `${user.userId}/${purpose}` });
      await store.securityInfo.addCode(code);
      expect(await store.securityInfo.findCode(user.tenantId, code.codeId)).toEqual(code);
    }
  });

  it('lets one of 30 concurrent consumers win, counts at most the limit of attempts, and supersedes older codes', async () => {
    const user = await aUser();
    const code = aCode(user);
    await store.securityInfo.addCode(code);
    expect(await store.securityInfo.latestCode(user.tenantId, code.subjectId, 'register')).toEqual(code);
    const counted = await Promise.all(
      Array.from({ length: 12 }, () => store.securityInfo.countAttempt(user.tenantId, code.codeId, 5)),
    );
    expect(counted.filter((n) => n !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);
    const wins = await Promise.all(
      Array.from({ length: 30 }, () =>
        store.transaction((trx) => trx.securityInfo.consumeCode(user.tenantId, code.codeId, now)),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.securityInfo.latestCode(user.tenantId, code.subjectId, 'register')).toBeUndefined();

    const first = aCode(user, { subjectId: `${user.userId}/m2` });
    const second = aCode(user, { subjectId: `${user.userId}/m2`, createdAt: now });
    await store.securityInfo.addCode(first);
    await store.securityInfo.addCode(second);
    expect((await store.securityInfo.latestCode(user.tenantId, first.subjectId, 'register'))?.codeId).toBe(
      second.codeId,
    );
    expect((await store.securityInfo.findCode(user.tenantId, first.codeId))?.consumedAt).toBe(now);
    expect(await store.securityInfo.latestCode(user.tenantId, first.subjectId, 'step-up')).toBeUndefined();
  });

  it('leaves exactly one live code when many are issued at once for one subject (in and out of transactions)', async () => {
    const user = await aUser();
    const codes = Array.from({ length: 16 }, () => aCode(user, { subjectId: `${user.userId}/burst` }));
    await Promise.all(
      codes.map((code, i) =>
        i % 2 === 0 ? store.securityInfo.addCode(code) : store.transaction((trx) => trx.securityInfo.addCode(code)),
      ),
    );
    const live = await database.db
      .selectFrom('security_codes')
      .select('code_id')
      .where('tenant_id', '=', user.tenantId)
      .where('subject_id', '=', `${user.userId}/burst`)
      .where('consumed_at', 'is', null)
      .execute();
    expect(live).toHaveLength(1);
    expect((await store.securityInfo.latestCode(user.tenantId, `${user.userId}/burst`, 'register'))?.codeId).toBe(
      live[0]!.code_id,
    );
  });

  it('counts sends atomically per scope, key and day', async () => {
    const user = await aUser();
    const counts = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.securityInfo.incrementSendCount(user.tenantId, 'number', 'k', '2026-03-01'),
      ),
    );
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store.securityInfo.incrementSendCount(user.tenantId, 'number', 'k', '2026-03-02')).toBe(1);
    expect(await store.securityInfo.incrementSendCount(user.tenantId, 'tenant', 'k', '2026-03-01')).toBe(1);
  });

  it('replaces answers, removes answers with their custom question, and keeps settings, confirmations and step-ups', async () => {
    const user = await aUser();
    const answer = (questionId: string) => ({
      tenantId: user.tenantId,
      userId: user.userId,
      questionId,
      answerHash: '$argon2id$x',
      createdAt: now,
    });
    await store.securityInfo.replaceAnswers(user.tenantId, user.userId, [answer('q01'), answer('custom-1')]);
    await store.securityInfo.replaceAnswers(user.tenantId, user.userId, [answer('q02'), answer('custom-1')]);
    await store.securityInfo.addCustomQuestion({
      tenantId: user.tenantId,
      questionId: 'custom-1',
      text: 'Our first office dog?',
      createdAt: now,
    });
    expect((await store.securityInfo.listCustomQuestions(user.tenantId)).map((q) => q.text)).toEqual([
      'Our first office dog?',
    ]);
    expect(await store.securityInfo.removeCustomQuestion(user.tenantId, 'custom-1')).toBe(1);
    expect((await store.securityInfo.listAnswers(user.tenantId, user.userId)).map((a) => a.questionId)).toEqual([
      'q02',
    ]);

    expect(await store.securityInfo.getSettings(user.tenantId)).toBeUndefined();
    const settings = {
      allowedCountries: ['NL', 'BE'],
      dailyCapPerNumber: 3,
      dailyCapPerTenant: 50,
      hourlyCapPerPrefix: 7,
      hourlyCapPerIp: 8,
      hourlyPhoneBudget: 9,
      smsNotices: false,
    };
    await store.securityInfo.putSettings(user.tenantId, settings, now);
    await store.securityInfo.putSettings(user.tenantId, { ...settings, dailyCapPerNumber: 4 }, now);
    expect(await store.securityInfo.getSettings(user.tenantId)).toEqual({ ...settings, dailyCapPerNumber: 4 });
    await store.securityInfo.putSettings(user.tenantId, { ...settings, smsNotices: true }, now);
    expect((await store.securityInfo.getSettings(user.tenantId))?.smsNotices).toBe(true);

    // Hourly counters share the send-count rows; a counter never counted reads 0.
    const hour = '2026-03-01T10';
    expect(await store.securityInfo.sendCount(user.tenantId, 'prefix', 'block', hour)).toBe(0);
    expect(await store.securityInfo.incrementSendCount(user.tenantId, 'prefix', 'block', hour)).toBe(1);
    expect(await store.securityInfo.incrementSendCount(user.tenantId, 'prefix', 'block', hour)).toBe(2);
    expect(await store.securityInfo.sendCount(user.tenantId, 'prefix', 'block', hour)).toBe(2);
    expect(await store.securityInfo.sendCount(user.tenantId, 'ip', 'block', hour)).toBe(0);

    // The breaker moves by compare-and-set on its generation: a stale generation changes nothing.
    expect(await store.securityInfo.getBreaker(user.tenantId)).toEqual({ generation: 0, openedAt: null });
    expect(await store.securityInfo.setBreaker(user.tenantId, 0, now, now)).toBe(true);
    expect(await store.securityInfo.setBreaker(user.tenantId, 0, now, now)).toBe(false);
    expect(await store.securityInfo.getBreaker(user.tenantId)).toEqual({ generation: 1, openedAt: now });
    expect(await store.securityInfo.setBreaker(user.tenantId, 1, null, now)).toBe(true);
    expect(await store.securityInfo.setBreaker(user.tenantId, 1, null, now)).toBe(false);
    expect(await store.securityInfo.getBreaker(user.tenantId)).toEqual({ generation: 2, openedAt: null });

    await store.securityInfo.setConfirmedAt(user.tenantId, user.userId, now);
    await store.securityInfo.setConfirmedAt(user.tenantId, user.userId, '2026-03-02T00:00:00.000Z');
    expect(await store.securityInfo.getConfirmedAt(user.tenantId, user.userId)).toBe('2026-03-02T00:00:00.000Z');

    const session = {
      tenantId: user.tenantId,
      sessionHash: uuid(),
      userId: user.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: '2026-03-02T09:00:00.000Z',
    };
    await store.sessions.create(session);
    expect((await store.sessions.find(user.tenantId, session.sessionHash))?.steppedUpAt).toBeNull();
    await store.securityInfo.setSteppedUp(user.tenantId, session.sessionHash, '2026-03-01T10:00:00.000Z');
    expect((await store.sessions.find(user.tenantId, session.sessionHash))?.steppedUpAt).toBe(
      '2026-03-01T10:00:00.000Z',
    );
  });

  it('reads what the registration verdict needs in one statement, as the separate reads return it', async () => {
    const user = await aUser();
    const other = await aUser();
    const empty = await store.securityInfo.registrationInputs(user.tenantId, user.userId);
    expect(empty).toEqual({
      policy: undefined,
      confirmedAt: undefined,
      answers: [],
      methods: [],
      reregistrationRequiredAt: undefined,
    });

    // Same creation time for two methods: the method id breaks the tie, as listMethods orders them.
    const later = '2026-03-01T10:00:00.000Z';
    for (const method of [
      aMethod(user, { createdAt: later, type: 'alternateEmail', value: 'a@example.com' }),
      aMethod(user, { status: 'verified', verifiedAt: now, label: 'Work' }),
      aMethod(user, { type: 'authenticatorApp', value: null, sealedSecret: 'sealed', lastTotpStep: 123456789 }),
      aMethod(other),
    ])
      await store.securityInfo.addMethod(method);
    const answer = (questionId: string, createdAt = now) => ({
      tenantId: user.tenantId,
      userId: user.userId,
      questionId,
      answerHash: `$argon2id$${questionId}`,
      createdAt,
    });
    await store.securityInfo.replaceAnswers(user.tenantId, user.userId, [answer('q03'), answer('q01', later)]);
    await store.securityInfo.setConfirmedAt(user.tenantId, user.userId, later);
    await store.ssprPolicies.put(user.tenantId, { ...defaultSsprPolicy, methodsRequired: 2 }, now);
    await store.reregistrations.put(user.tenantId, user.userId, { requiredAt: later, requiredBy: other.userId });
    await store.reregistrations.put(other.tenantId, other.userId, { requiredAt: now, requiredBy: user.userId });

    expect(await store.securityInfo.registrationInputs(user.tenantId, user.userId)).toEqual({
      policy: await store.ssprPolicies.get(user.tenantId),
      confirmedAt: later,
      answers: await store.securityInfo.listAnswers(user.tenantId, user.userId),
      methods: await store.securityInfo.listMethods(user.tenantId, user.userId),
      reregistrationRequiredAt: (await store.reregistrations.get(user.tenantId, user.userId))?.requiredAt,
    });
    expect((await store.securityInfo.registrationInputs(user.tenantId, user.userId)).methods).toHaveLength(3);
  });
});
