/**
 * The registration report's pages and totals come from per-user signatures grouped in the database (issue #15); here
 * they are compared with the full per-user computation in a tenant built of the cases a signature could get wrong:
 * a policy scoped to a group reached through a nested one, licences through a group, security answers alone (enough
 * and too few), a pre-populated phone the user also registered, a pending method, a disabled account, an admin. The
 * admin API users list's filters must name the same users.
 */
import { describe, expect, it } from 'vitest';
import { parseRegistrationQuery, type RegistrationRow } from '../../../src/services/reports/registration-report.js';
import { registrationOf } from '../../../src/services/security-info/security-info-views.js';
import { signedInAs } from '../../support/admin-http.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedAuthenticator } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

const cli = { type: 'cli' as const, id: null, upn: null };

describe.each(testDialects())('registration report from signatures (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('pages, counts and filters exactly as the per-user computation', async () => {
    const app = ctx.world.app;
    const tenant = await aTenant(app);
    const t = tenant.tenantId;
    const now = ctx.world.clock.now().toISOString();
    const reader = await signedInAs(ctx, ['Global Administrator'], tenant.domains[0]);
    // Licensed directly (and so the tenant's subscription exists) but outside the selected group.
    await aResetUser(app, tenant);
    const pilot = [
      await aResetUser(app, tenant, { licensed: false }),
      await aResetUser(app, tenant, { licensed: false, roles: ['Global Administrator'] }),
      await aResetUser(app, tenant, { licensed: false, alternateEmail: '', mobilePhone: '+31612345678' }),
      await aResetUser(app, tenant, { licensed: false }),
      await aResetUser(app, tenant, { licensed: false, alternateEmail: '' }),
      // A pre-populated phone only: the kind is held without a record of it.
      await aResetUser(app, tenant, { licensed: false, alternateEmail: '', mobilePhone: '+31687654321' }),
    ];
    const [, adminUser, phone, disabled] = pilot as [never, (typeof pilot)[0], (typeof pilot)[0], (typeof pilot)[0]];
    const inner = [
      await aResetUser(app, tenant, { licensed: false, alternateEmail: '' }),
      await aResetUser(app, tenant, { licensed: false, alternateEmail: '' }),
    ];
    await app.services.groups.createGroup(t, 'Pilot');
    await app.services.groups.createGroup(t, 'Inner');
    for (const user of pilot) await app.services.groups.addMember(t, 'Pilot', { upn: user.upn });
    for (const user of inner) await app.services.groups.addMember(t, 'Inner', { upn: user.upn });
    await app.services.groups.addMember(t, 'Pilot', { group: 'Inner' });
    await app.services.licensing.assignToGroup(t, 'Pilot', 'AAD_PREMIUM_P1');
    await app.services.ssprPolicy.update(
      t,
      { enabled: 'selected', selectedGroup: 'Pilot', methods: ['email', 'mobileSms', 'securityQuestions'] },
      cli,
    );
    // The phone pre-populated and registered by the user too (one kind), plus a pending authenticator.
    const method = (userId: string, type: 'mobilePhone' | 'authenticatorApp', status: 'verified' | 'pending') =>
      app.store.securityInfo.addMethod({
        tenantId: t,
        methodId: crypto.randomUUID(),
        userId,
        type,
        value: type === 'mobilePhone' ? '+31612345678' : null,
        sealedSecret: null,
        label: null,
        status,
        lastTotpStep: null,
        createdAt: now,
        verifiedAt: status === 'verified' ? now : null,
        updatedAt: now,
      });
    await method(phone.userId, 'mobilePhone', 'verified');
    await method(phone.userId, 'authenticatorApp', 'pending');
    await aVerifiedAuthenticator(app, adminUser, now);
    const policy = await app.services.ssprPolicy.policyOf(t);
    const answers = (userId: string, count: number) =>
      app.store.securityInfo.replaceAnswers(
        t,
        userId,
        Array.from({ length: count }, (_, i) => ({
          tenantId: t,
          userId,
          questionId: `q${i}`,
          answerHash: 'h',
          createdAt: now,
        })),
      );
    await answers(inner[0]!.userId, policy.questionsToReset);
    await answers(inner[1]!.userId, policy.questionsToReset - 1);
    await app.store.users.update(t, disabled.userId, { accountEnabled: false });

    const get = (url: string) => ctx.server.inject({ url: `/api/v1/admin${url}`, headers: { cookie: reader.cookie } });
    const filters = [
      '',
      'capable=false',
      'capable=true',
      'registered=false',
      'method=securityQuestions',
      'method=mobilePhone',
      'group=Inner',
      'group=Pilot&capable=true',
    ];
    const seen = new Set<string>();
    for (const filter of filters) {
      const full: RegistrationRow[] = [];
      const { filter: parsed } = parseRegistrationQuery(Object.fromEntries(new URLSearchParams(filter)));
      for await (const row of app.services.registrationReport.rows(t, parsed)) full.push(row);
      for (const row of full) seen.add(`${row.isSsprRegistered}${row.isSsprEnabled}${row.isSsprCapable}`);
      const paged: RegistrationRow[] = [];
      for (let skip = 0; skip <= full.length; skip += 2) {
        const page = (await get(`/reports/registration?top=2&skip=${skip}&${filter}`)).json();
        paged.push(...page.value);
        expect(page.totals, filter).toEqual({
          users: full.length,
          registered: full.filter((r) => r.isSsprRegistered).length,
          notRegistered: full.filter((r) => !r.isSsprRegistered).length,
          enabled: full.filter((r) => r.isSsprEnabled).length,
          capable: full.filter((r) => r.isSsprCapable).length,
          notCapable: full.filter((r) => !r.isSsprCapable).length,
          admins: full.filter((r) => r.isAdmin).length,
        });
        for (const { method, count } of page.byMethod as Array<{
          method: RegistrationRow['defaultMethod'] & string;
          count: number;
        }>)
          expect(count, `${filter} ${method}`).toBe(full.filter((r) => r.methodsRegistered.includes(method)).length);
      }
      expect(paged, filter).toEqual(full);
      if (filter.startsWith('capable=') || filter.startsWith('registered=')) {
        const listed = (await get(`/users?top=200&${filter}`)).json().users.map((u: { upn: string }) => u.upn);
        expect(listed, `users list ${filter}`).toEqual(full.map((r) => r.userPrincipalName));
      }
    }
    // The tenant holds every mix the filters can tell apart, so none of the comparisons above was vacuous.
    expect(seen).toEqual(
      new Set(['truetruetrue', 'truefalsefalse', 'falsetruefalse', 'falsefalsefalse', 'truetruefalse']),
    );

    // Each row against the rules sign-in and reset apply to one user at a time.
    for await (const row of app.services.registrationReport.rows(t)) {
      const user = (await app.store.users.findByUpn(t, row.userPrincipalName))!;
      const verdict = await registrationOf(app.services.deps, app.store, user);
      const { eligibility } = await app.services.licensing.licensingOf(user);
      const registered = verdict.registeredCount >= verdict.methodsRequired;
      expect(row, row.userPrincipalName).toMatchObject({
        isSsprRegistered: registered,
        isSsprEnabled: eligibility.canResetPassword.allowed,
        isSsprCapable: registered && eligibility.canResetPassword.allowed && user.accountEnabled,
      });
    }
  });
});
