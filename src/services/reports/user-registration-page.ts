/**
 * The console users list's "Registered for SSPR" and "Capable of reset" columns and filters (issue #14 item 5): one
 * page of the registration report's rows (its rules, so the list and the Usage & insights tab never disagree),
 * narrowed by the list's search prefix. The report walks users in UPN order, as the list pages them; a page stops
 * the walk as soon as it is full (one row more says whether a next page exists). This file only calls the report's
 * exports, so the report can be optimised on its own.
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
    const prefix = query.prefix.toLowerCase();
    const matches = (row: RegistrationRow) =>
      prefix === '' ||
      row.userPrincipalName.toLowerCase().startsWith(prefix) ||
      row.userDisplayName.toLowerCase().startsWith(prefix);
    let toSkip = query.page * query.pageSize;
    const rows: RegistrationRow[] = [];
    for await (const row of report.rows(tenantId, filter)) {
      if (!matches(row)) continue;
      if (toSkip > 0) {
        toSkip -= 1;
        continue;
      }
      rows.push(row);
      if (rows.length > query.pageSize) break;
    }
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
