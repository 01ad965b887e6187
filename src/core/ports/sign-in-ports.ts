/** Sign-in's store ports: its one lookup before the verify, and smart lockout's rows. */
import type { LockoutState } from '../lockout/smart-lockout.js';
import type { User } from '../model.js';

/**
 * What sign-in's one lookup (`users.findForSignIn`) found for a typed name: the tenant that holds its domain (none:
 * no lookup result at all), and the user of that name there with their lockout row, if any. The tenant alone still
 * names where a refused sign-in is logged, so the sign-in log reads neither again (issue #18).
 */
export interface SignInLookup {
  tenantId: string;
  user?: User;
  lockout?: LockoutState;
}

export interface LockoutRepository {
  /** `forUpdate` creates the row if missing and holds it until the transaction ends, so concurrent failures all count. */
  get(tenantId: string, userId: string, options?: { forUpdate?: boolean }): Promise<LockoutState | undefined>;
  put(tenantId: string, userId: string, state: LockoutState, updatedAt: string): Promise<void>;
  /**
   * The statements a wrong password's count sends (`get` for update, then `put`), aimed at a row that cannot exist:
   * an unknown name's refusal makes the same round trips as a known one's and writes nothing (checklist §11 row 2).
   */
  rehearse(tenantId: string, userId: string, updatedAt: string): Promise<void>;
}
