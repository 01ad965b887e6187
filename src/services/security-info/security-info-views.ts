/**
 * What a user holds, as one list: their registered methods, the data an admin pre-populated (or a
 * sync brought) on the user, and their security-question set; plus the registration verdict.
 */
import { adminPolicyGates } from '../../core/flows/gates.js';
import {
  isAdminUser,
  registrationVerdict,
  usableKinds,
  type RegistrationVerdict,
} from '../../core/methods/method-rules.js';
import type { MethodRecord, SecurityAnswerRecord, SecurityInfoType } from '../../core/methods/records.js';
import { reregistrationPending } from '../../core/methods/reregistration.js';
import type { Tenant, User } from '../../core/model.js';
import { defaultSsprPolicy, type SsprPolicy } from '../../core/policy/sspr-policy.js';
import type { StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';
import { entryOf, prepopulatedKinds, type PrepopulatedKind } from '../../methods/registry.js';

export interface MethodView {
  id: string;
  type: SecurityInfoType;
  /** Masked: 'a***@h***.test', '+31 6******78', the authenticator's label, 'N questions'. */
  display: string;
  status: 'verified' | 'pending';
  /** Admin pre-population is usable without registration. */
  source: 'user' | 'admin' | 'synced';
  createdAt: string;
  verifiedAt: string | null;
}

/** What the registration interrupt decides for a user (core's verdict, under the service's name). */
export type RegistrationStatus = RegistrationVerdict;

/** One entry of the user's security info, with the unmasked value for internal use. */
export interface Entry {
  view: MethodView;
  value: string | null;
  record?: MethodRecord;
}

export const questionsMethodId = 'security-questions';

/** The purpose TOTP secrets are sealed under. */
export const totpSealPurpose = 'totp-secret';

/** Codes are filed per user and entry: pre-populated entries share ids across users. */
export const subjectOf = (user: Pick<User, 'userId'>, methodId: string) => `${user.userId}/${methodId}`;
export const adminMethodId = (type: PrepopulatedKind) => `admin-${type}`;

/** The value masked as its kind says (an address, a number), else the entry's label (an app). */
const displayOf = (record: MethodRecord): string => {
  const mask = entryOf(record.type)?.mask;
  return mask ? mask(record.value ?? '') : (record.label ?? 'Authenticator app');
};

export const viewOf = (record: MethodRecord): MethodView => ({
  id: record.methodId,
  type: record.type,
  display: displayOf(record),
  status: record.status,
  source: 'user',
  createdAt: record.createdAt,
  verifiedAt: record.verifiedAt,
});

export const policyOf = async (store: StoreRepositories, tenantId: string): Promise<SsprPolicy> =>
  (await store.ssprPolicies.get(tenantId)) ?? defaultSsprPolicy;

/** Every entry of the user: their own methods, then pre-populated data they have not re-registered, then questions. */
export const entriesOf = async (
  store: StoreRepositories,
  user: User,
  /** The user's answers when the caller has read them already (one query instead of two per sign-in). */
  knownAnswers?: readonly SecurityAnswerRecord[],
): Promise<Entry[]> => {
  const records = await store.securityInfo.listMethods(user.tenantId, user.userId);
  const answers = knownAnswers ?? (await store.securityInfo.listAnswers(user.tenantId, user.userId));
  return entriesFrom(records, user, answers.length, answers.map((a) => a.createdAt).sort()[0] ?? user.createdAt);
};

/** `entriesOf` over data already read (the registration report reads every user's in bulk). */
/** The same data registered by the user is shown once, as theirs. */
const reRegistered = (records: readonly MethodRecord[], type: string, value: string) =>
  records.some((r) => r.type === type && r.status === 'verified' && r.value?.toLowerCase() === value.toLowerCase());

/**
 * The kind and status of every entry `entriesFrom` lists, in the same order, without building the views (no
 * masking, no phone number parsing): what the registration report needs of 100,000 users at a time.
 */
export const entryKindsFrom = (
  records: readonly MethodRecord[],
  user: User,
  answerCount: number,
): Array<{ view: Pick<MethodView, 'type' | 'status'> }> => [
  ...records.map((record) => ({ view: { type: record.type, status: record.status } })),
  ...prepopulatedKinds.flatMap((type) => {
    const value = user[type];
    return !value || reRegistered(records, type, value) ? [] : [{ view: { type, status: 'verified' as const } }];
  }),
  ...(answerCount > 0 ? [{ view: { type: 'securityQuestions' as const, status: 'verified' as const } }] : []),
];

export const entriesFrom = (
  records: readonly MethodRecord[],
  user: User,
  answerCount: number,
  answersCreatedAt: string,
): Entry[] => {
  const entries: Entry[] = records.map((record) => ({ view: viewOf(record), value: record.value, record }));
  const source = user.source === 'cloud' ? 'admin' : 'synced';
  // The kinds an admin or the sync sets live on the user record, in the field of the same name.
  for (const type of prepopulatedKinds) {
    const value = user[type];
    if (!value || reRegistered(records, type, value)) continue;
    entries.push({
      value,
      view: {
        id: adminMethodId(type),
        type,
        display: entryOf(type)?.mask?.(value) ?? value,
        status: 'verified',
        source,
        createdAt: user.createdAt,
        verifiedAt: null,
      },
    });
  }
  if (answerCount > 0) {
    entries.push({
      value: null,
      view: {
        id: questionsMethodId,
        type: 'securityQuestions',
        display: `${answerCount} questions`,
        status: 'verified',
        source: 'user',
        createdAt: answersCreatedAt,
        verifiedAt: answersCreatedAt,
      },
    });
  }
  return entries;
};

/** Whether the user is in SSPR scope: the admin policy for admins, else the policy's None / Selected (nested) / All. */
const inScope = async (store: StoreRepositories, user: User, policy: SsprPolicy): Promise<boolean> => {
  if (isAdminUser(user)) return policy.adminSspr;
  if (policy.enabled === 'all') return true;
  if (policy.enabled === 'none' || !policy.selectedGroupId) return false;
  const groups = await store.groups.listTransitiveGroupsOf(user.tenantId, { type: 'user', id: user.userId });
  return groups.some((group) => group.groupId === policy.selectedGroupId);
};

/** The kinds that count: verified, usable under the policy, and enough answers for a reset. */
export const registeredKinds = (
  entries: ReadonlyArray<{ view: Pick<MethodView, 'type' | 'status'> }>,
  policy: SsprPolicy,
  user: Pick<User, 'roles'>,
  answerCount: number,
): SecurityInfoType[] => {
  const usable = new Set(usableKinds(policy, user));
  return (
    entries
      .filter((e) => e.view.status === 'verified' && usable.has(e.view.type))
      // A kind may need more than being held (a question set needs enough answers for a reset).
      .filter((e) => entryOf(e.view.type)?.usable?.({ questionCount: answerCount }, policy) ?? true)
      .map((e) => e.view.type)
  );
};

/** How many methods the user must register: the administrator policy's gates for admins, else the policy's. */
export const methodsRequiredOf = (
  policy: SsprPolicy,
  user: Pick<User, 'roles'>,
  tenant: Pick<Tenant, 'isTrial' | 'createdAt' | 'domains'>,
  hasDirectoryConnection: boolean,
  now: Date,
): number =>
  isAdminUser(user)
    ? adminPolicyGates(
        {
          isTrial: tenant.isTrial,
          createdAt: tenant.createdAt,
          domainCount: tenant.domains.length,
          hasDirectoryConnection,
        },
        now,
      )
    : policy.methodsRequired;

export const registrationOf = async (
  deps: Pick<ServiceDeps, 'clock'>,
  store: StoreRepositories,
  user: User,
): Promise<RegistrationStatus> => {
  // Every sign-in asks for this verdict: policy, answers, methods, confirmation time and an administrator's
  // re-registration requirement in one statement.
  const inputs = await store.securityInfo.registrationInputs(user.tenantId, user.userId);
  const policy = inputs.policy ?? defaultSsprPolicy;
  const now = deps.clock.now();
  const isAdmin = isAdminUser(user);
  // Only the administrator policy looks at the tenant; most sign-ins are by non-admins.
  const tenant = isAdmin ? await store.tenants.findById(user.tenantId) : undefined;
  const answers = inputs.answers.length;
  const entries = entriesFrom(
    inputs.methods,
    user,
    answers,
    inputs.answers.map((a) => a.createdAt).sort()[0] ?? user.createdAt,
  );
  const verdict = registrationVerdict({
    policy,
    inScope: await inScope(store, user, policy),
    methodsRequired:
      isAdmin && tenant
        ? methodsRequiredOf(
            policy,
            user,
            tenant,
            (await store.directoryConnections.list(user.tenantId)).length > 0,
            now,
          )
        : policy.methodsRequired,
    registeredKinds: registeredKinds(entries, policy, user, answers),
    lastConfirmedAt: inputs.confirmedAt ?? user.createdAt,
    now,
  });
  // An administrator's "Require re-registration" sends a user in scope to register, whatever the policy counts.
  return verdict.inScope &&
    reregistrationPending(
      inputs.reregistrationRequiredAt,
      entries.map((e) => e.view),
    )
    ? { ...verdict, needsRegistration: true, needsReconfirmation: false }
    : verdict;
};
