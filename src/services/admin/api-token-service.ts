import { checkName } from '../../core/directory/identifiers.js';
import { findRole } from '../../core/roles/catalogue.js';
import { SsprError } from '../../core/errors.js';
import type { ApiToken } from '../../core/model.js';
import { addSeconds } from '../../core/clock.js';
import {
  apiTokenIdOf,
  apiTokenPolicy,
  apiTokenStatus,
  formatApiToken,
  isTokenId,
  needsTokenTouch,
  type ApiTokenStatus,
} from '../../core/tokens/api-tokens.js';
import type { AdminPrincipal } from './admin-principal.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { orThrow } from '../validation.js';

export interface CreateApiTokenInput {
  name: string;
  roles: string[];
  expiresInDays?: number;
}

/** A token as listed: never its hash. */
export type ApiTokenView = Omit<ApiToken, 'tokenHash' | 'tenantId'> & { status: ApiTokenStatus };

export const createApiTokenService = (deps: ServiceDeps) => {
  const hashOf = (token: string) => deps.keyed.digest('api-token', token);
  // Compared against when the id is unknown, so a miss costs what a wrong secret costs.
  const decoyHash = hashOf('sspr_decoy');
  const toView = (token: ApiToken): ApiTokenView => {
    const { tokenHash: _hidden, tenantId: _tenant, ...rest } = token;
    return { ...rest, status: apiTokenStatus(token, deps.clock.now()) };
  };

  return {
    /** Returns the token itself exactly once; afterwards only its keyed hash exists. */
    async create(principal: AdminPrincipal, input: CreateApiTokenInput) {
      const name = orThrow(checkName(input.name, 'the token name', apiTokenPolicy.maxNameLength));
      if (input.roles.length === 0) throw new SsprError('VALIDATION_FAILED', 'a token needs at least one role');
      const roles = [
        ...new Set(
          input.roles.map((role) => {
            const found = findRole(role);
            if (!found)
              throw new SsprError('ROLE_UNKNOWN', `"${role}" is not a known role (e.g. "User Administrator")`);
            return found;
          }),
        ),
      ];
      const days = input.expiresInDays ?? apiTokenPolicy.defaultExpiresInDays;
      if (!Number.isInteger(days) || days < 1 || days > apiTokenPolicy.maxExpiresInDays) {
        throw new SsprError(
          'VALIDATION_FAILED',
          `expiresInDays must be a whole number from 1 to ${apiTokenPolicy.maxExpiresInDays}`,
        );
      }
      const now = deps.clock.now();
      const tokenId = deps.random.uuid();
      const token = formatApiToken(tokenId, deps.random.token(apiTokenPolicy.secretBytes));
      const record: ApiToken = {
        tenantId: principal.tenantId,
        tokenId,
        name,
        roles,
        tokenHash: hashOf(token),
        createdAt: now.toISOString(),
        createdBy: principal.userId,
        expiresAt: addSeconds(now, days * 86_400).toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      };
      await deps.store.transaction(async (store) => {
        await store.apiTokens.create(record);
        await recordAudit(deps, store, {
          tenantId: principal.tenantId,
          activity: 'addApiToken',
          actor: principal.actor,
          target: { type: 'apiToken', id: tokenId, name },
          details: { roles: roles.join(','), expiresAt: record.expiresAt },
        });
      });
      return { token, ...toView(record) };
    },

    async list(tenantId: string): Promise<ApiTokenView[]> {
      return (await deps.store.apiTokens.list(tenantId)).map(toView);
    },

    async revoke(principal: AdminPrincipal, tokenId: string): Promise<ApiTokenView> {
      if (!isTokenId(tokenId)) throw new SsprError('API_TOKEN_NOT_FOUND');
      return deps.store.transaction(async (store) => {
        if (!(await store.apiTokens.revoke(principal.tenantId, tokenId, deps.clock.now().toISOString())))
          throw new SsprError('API_TOKEN_NOT_FOUND');
        const revoked = (await store.apiTokens.findById(tokenId))!;
        await recordAudit(deps, store, {
          tenantId: principal.tenantId,
          activity: 'revokeApiToken',
          actor: principal.actor,
          target: { type: 'apiToken', id: tokenId, name: revoked.name },
        });
        return toView(revoked);
      });
    },

    /** The principal a presented token acts as, or undefined when it is malformed, unknown, wrong, expired or revoked. */
    async authenticate(presented: string): Promise<AdminPrincipal | undefined> {
      const tokenId = apiTokenIdOf(presented);
      if (!tokenId) return undefined;
      const record = await deps.store.apiTokens.findById(tokenId);
      const matches = deps.keyed.equals(record?.tokenHash ?? decoyHash, hashOf(presented));
      const now = deps.clock.now();
      if (!record || !matches || apiTokenStatus(record, now) !== 'active') return undefined;
      if (needsTokenTouch(record, now)) await deps.store.apiTokens.touch(record.tenantId, tokenId, now.toISOString());
      return {
        tenantId: record.tenantId,
        roles: record.roles,
        actor: { type: 'admin', id: tokenId, upn: record.name },
        userId: null,
        via: 'token',
      };
    },
  };
};

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
