import { SsprError } from '../../core/errors.js';
import type { AuditEvent } from '../../core/model.js';
import {
  defaultSsprPolicy,
  findPolicyProblems,
  policyChanges,
  type SsprPolicy,
} from '../../core/policy/sspr-policy.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';

export type PolicyChanges = Partial<Omit<SsprPolicy, 'selectedGroupId'>> & { selectedGroup?: string };

export const createSsprPolicyService = (deps: ServiceDeps) => {
  const policyOf = async (tenantId: string): Promise<SsprPolicy> =>
    (await deps.store.ssprPolicies.get(tenantId)) ?? defaultSsprPolicy;

  return {
    policyOf,

    /** The policy with the scoped group's name, for people. */
    async describe(tenantId: string) {
      const policy = await policyOf(tenantId);
      const group = policy.selectedGroupId
        ? await deps.store.groups.findById(tenantId, policy.selectedGroupId)
        : undefined;
      return { ...policy, selectedGroup: group?.name ?? null };
    },

    /** Applies changes, validates the whole result, and audits old and new values together with the write. */
    async update(tenantId: string, changes: PolicyChanges, actor: AuditEvent['actor']): Promise<SsprPolicy> {
      return deps.store.transaction(async (store) => {
        const before = (await store.ssprPolicies.get(tenantId)) ?? defaultSsprPolicy;
        const { selectedGroup, ...rest } = changes;
        let selectedGroupId = before.selectedGroupId;
        if (selectedGroup !== undefined) {
          const group = await store.groups.findByName(tenantId, selectedGroup);
          if (!group) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${selectedGroup}"`);
          selectedGroupId = group.groupId;
        }
        const after: SsprPolicy = { ...before, ...rest, selectedGroupId };
        const found = findPolicyProblems(after);
        const problems = found.map((p) => p.text);
        // `problemIds` lets a page say each problem in the admin's language.
        if (found.length > 0)
          throw new SsprError('POLICY_INVALID', problems.join('; '), {
            problems,
            problemIds: found.map((p) => p.problem),
          });
        const changed = policyChanges(before, after);
        if (Object.keys(changed).length === 0) return after;
        await store.ssprPolicies.put(tenantId, after, deps.clock.now().toISOString());
        await recordAudit(deps, store, {
          tenantId,
          activity: 'ssprPolicyChanges',
          actor,
          target: { type: 'policy', id: tenantId, name: Object.keys(changed).join(', ') },
          details: Object.fromEntries(
            Object.entries(changed).map(([key, { old, new: now }]) => [
              key,
              `${JSON.stringify(old)} -> ${JSON.stringify(now)}`,
            ]),
          ),
        });
        // Entra logs the writeback switch as its own directory event besides the policy change (reference §8.1).
        if (before.writeback !== after.writeback) {
          await recordAudit(deps, store, {
            tenantId,
            activity: after.writeback ? 'enablePasswordWriteback' : 'disablePasswordWriteback',
            actor,
            target: { type: 'policy', id: tenantId, name: 'writeback' },
          });
        }
        return after;
      });
    },
  };
};

export type SsprPolicyService = ReturnType<typeof createSsprPolicyService>;
