/**
 * The console users list's "Registered for SSPR" and "Capable of reset" columns and filters (issue #14 item 5): one
 * page of the registration report's rows (its rules, so the list and the Usage & insights tab never disagree),
 * narrowed by the list's search prefix (matched as the store's user search matches it). The report pages users in UPN
 * order, as the list does. This file only calls the report's exports, so the report can be optimised on its own.
 */
import type { User } from '../../core/model.js';
import type { ServiceDeps } from '../deps.js';
import type { RegistrationFilter, RegistrationReport, RegistrationRow } from './registration-report.js';

export interface UserRegistrationQuery {
  /** Matches the start of the UPN or the display name, case-insensitively (as the store's user search). */
  prefix: string;
  registered?: boolean;
  capable?: boolean;
  /** Zero-based. */
  page: number;
  pageSize: number;
}

export interface UserRegistrationEntry {
  user: Omit<User, 'passwordHash'>;
  registration: Pick<RegistrationRow, 'isSsprRegistered' | 'isSsprCapable' | 'isSsprEnabled' | 'ssprDisabledReason'>;
}

export const createUserRegistrationPage = (deps: Pick<ServiceDeps, 'store'>, report: RegistrationReport) => ({
  async page(tenantId: string, query: UserRegistrationQuery) {
    const filter: RegistrationFilter = {
      ...(query.registered !== undefined && { registered: query.registered }),
      ...(query.capable !== undefined && { capable: query.capable }),
    };
    // One row more than the page says whether a next page exists.
    const rows = await report.page(
      tenantId,
      filter,
      { top: query.pageSize + 1, skip: query.page * query.pageSize },
      query.prefix,
    );
    const entries: UserRegistrationEntry[] = [];
    for (const row of rows.slice(0, query.pageSize)) {
      const found = await deps.store.users.findById(tenantId, row.userId);
      if (!found) continue;
      const { passwordHash: _hidden, ...user } = found;
      const { isSsprRegistered, isSsprCapable, isSsprEnabled, ssprDisabledReason } = row;
      entries.push({ user, registration: { isSsprRegistered, isSsprCapable, isSsprEnabled, ssprDisabledReason } });
    }
    return { entries, hasMore: rows.length > query.pageSize };
  },
});

export type UserRegistrationPage = ReturnType<typeof createUserRegistrationPage>;
