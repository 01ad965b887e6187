/**
 * The registration report's verdicts, once per signature (a group of users alike in every input the rules read,
 * computed by the store) instead of once per user: the same rules as sign-in and licensing, so a group's verdict is
 * the one each of its users would get on their own.
 */
import { isAdminUser } from '../../core/methods/method-rules.js';
import type { SecurityInfoType } from '../../core/methods/records.js';
import type { AssignmentWithState } from '../../core/licensing/license-states.js';
import type { SkuId } from '../../core/licensing/sku-catalogue.js';
import type { Tenant, User } from '../../core/model.js';
import type { SsprPolicy } from '../../core/policy/sspr-policy.js';
import type { RegistrationSignature } from '../../core/ports.js';
import { prepopulatedKinds } from '../../methods/registry.js';
import { eligibilityOf } from '../licensing/licensing-service.js';
import { methodsRequiredOf, registeredKinds } from '../security-info/security-info-views.js';

export type ResetCapability = ReturnType<typeof eligibilityOf>['eligibility']['canResetPassword'];

export interface RulesContext {
  tenant: Pick<Tenant, 'isTrial' | 'createdAt' | 'domains'>;
  policy: SsprPolicy;
  hasConnection: boolean;
  now: Date;
}

export interface SignatureVerdict {
  isAdmin: boolean;
  registered: boolean;
  reset: ResetCapability;
  capable: boolean;
  /** The kinds held verified (the row's `methodsRegistered` as a set). */
  methods: ReadonlySet<SecurityInfoType>;
}

type Signature = Omit<RegistrationSignature, 'users' | 'key'>;

/** Eligibility of users alike in source, roles, selected-group membership and active SKUs (all `eligibilityOf` reads). */
export const resetCapabilities = (context: RulesContext) => {
  const known = new Map<string, ResetCapability>();
  return (user: Pick<User, 'source' | 'roles'>, licenses: readonly AssignmentWithState[], selected: boolean) => {
    const skus = licenses.flatMap((l) => (l.state === 'active' ? [l.skuId] : [])).sort();
    const key = `${user.source}|${[...user.roles].sort().join(',')}|${selected}|${skus.join(',')}`;
    let reset = known.get(key);
    if (!reset) {
      reset = eligibilityOf(user, licenses, context.policy, selected, context.hasConnection).eligibility
        .canResetPassword;
      known.set(key, reset);
    }
    return reset;
  };
};

export const signatureVerdict = (
  context: RulesContext,
  signature: Signature,
  resetOf: ReturnType<typeof resetCapabilities>,
): SignatureVerdict => {
  const user = { source: signature.source, roles: signature.roles };
  // Entitlements follow from the active assignments' SKUs alone (`effectiveEntitlements`), so one per SKU will do.
  const licenses = signature.activeSkus.map((skuId): AssignmentWithState => ({
    userId: '',
    skuId: skuId as SkuId,
    via: { kind: 'direct' },
    assignedAt: '',
    state: 'active',
  }));
  const reset = resetOf(user, licenses, signature.selected);
  // What the user holds verified: own verified methods; pre-populated data (shown as the user's own entry when they
  // registered the same value, as a pre-populated one otherwise — the kind is held either way); a question set.
  const methods = new Set<SecurityInfoType>([
    ...(signature.verifiedKinds as SecurityInfoType[]),
    ...prepopulatedKinds.filter((kind) => signature.filledFields.includes(kind)),
    ...(signature.answerCount > 0 ? ['securityQuestions' as const] : []),
  ]);
  const entries = [...methods].map((type) => ({ view: { type, status: 'verified' as const } }));
  const required = methodsRequiredOf(context.policy, user, context.tenant, context.hasConnection, context.now);
  const registered = new Set(registeredKinds(entries, context.policy, user, signature.answerCount)).size >= required;
  return {
    isAdmin: isAdminUser(user),
    registered,
    reset,
    capable: registered && reset.allowed && signature.accountEnabled,
    methods,
  };
};
