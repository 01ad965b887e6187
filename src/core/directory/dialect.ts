/**
 * A directory dialect (OpenLDAP, Active Directory, …) as a descriptor: everything the rest of the code needs to know
 * about one, as pure data and pure functions, so that nothing outside its folder (`src/dialects/<name>/`) asks which
 * dialect it is. A third dialect then cannot silently inherit another's sync rules: it must say its own, and
 * `test/architecture/dialect-registry.test.ts` fails while any part is missing. The registered descriptors are in
 * `src/dialects/registry.ts`, which also derives `DirectoryType` from them.
 */
import type { DirectoryLockoutPolicy } from '../lockout/directory-lockout.js';
import type { DirectoryPasswordExpiry, DirectoryPasswordPolicies } from '../password/directory-expiry.js';
import type { DirectoryPolicyReason } from './directory-outcomes.js';
import type { DirectoryEntry } from './directory-ports.js';
import type { DeletedAnchors } from './sync-model.js';

/** What the console and CLI call the dialect, per locale (a product name is usually the same in every language). */
export interface DialectTexts {
  label: string;
}

/** A refused password write as the dialect reads it: a policy reason, or "the current password is wrong". */
export type PasswordRefusal = { kind: 'policy'; reason: DirectoryPolicyReason } | { kind: 'wrongPassword' };

/** What the directory answered to a refused password write (`policyError`: OpenLDAP's ppolicy response, if any). */
export interface PasswordRefusalInput {
  resultCode: number;
  diagnostic: string;
  policyError?: number;
}

/** One attribute change an unlock makes: delete the attribute, or replace its values. */
export type UnlockChange =
  { operation: 'delete'; attribute: string } | { operation: 'replace'; attribute: string; values: readonly string[] };

export interface DirectoryDialect<Id extends string = string> {
  /** As stored in a connection's `type` and typed on the CLI (`--type`). */
  readonly id: Id;
  /** The console's and CLI's name for it, in every locale the product has. */
  readonly texts: { readonly en: DialectTexts; readonly nl: DialectTexts };
  /** The attribute that names an entry for life (through renames and moves): sync anchors users and groups on it. */
  readonly anchorAttribute: string;
  readonly user: {
    /** The attribute a synced user's UPN comes from. */
    readonly upnAttribute: string;
    readonly displayNameAttribute: string;
    /** What a login is matched against when the connection does not say. */
    readonly loginAttributes: readonly string[];
  };
  /** The per-entry change mark an incremental sync asks "changed at or after" of, and keeps as its watermark. */
  readonly changeMark: {
    readonly attribute: string;
    /** What a mark looks like: anything else is refused before it reaches a filter. */
    readonly pattern: RegExp;
    /** For the refusal's text: "changedAfter must be {description}". */
    readonly description: string;
    /** Whether mark `b` is later than mark `a` (both match `pattern`). */
    isLater(a: string, b: string): boolean;
  };
  /** The attributes `isDisabled` reads (a guard asks for them before a write). */
  readonly disabledAttributes: readonly string[];
  /**
   * Whether an administrator disabled the account: sync stores it as disabled, and self-service (reset, change,
   * unlock) refuses it, so it can never lift an administrator's decision.
   */
  isDisabled(entry: DirectoryEntry): boolean;
  readonly lockout: {
    /** The attributes `isLocked` and `unlockChanges` read. */
    readonly attributes: readonly string[];
    /** Locked out after failed sign-ins (what SSPR unlock lifts); a disabled account is not "locked". */
    isLocked(entry: DirectoryEntry): boolean;
    /** The changes that unlock the entry; none when it is not locked (unlock is idempotent). */
    unlockChanges(entry: DirectoryEntry): UnlockChange[];
  };
  /**
   * How the directory's own lockout policy is read (issue #13 item 3), so the service can trip before it: the
   * attributes of the user entry that name the policy in force for that user (ppolicy `pwdPolicySubentry`, AD
   * `msDS-ResultantPSO`), the attributes of a policy entry, and the reading of one (threshold, 0 = never locks; the
   * window the directory keeps a failure). Which entry is the policy is the connection adapter's search.
   */
  readonly lockoutPolicy: {
    readonly userAttributes: readonly string[];
    readonly policyAttributes: readonly string[];
    read(policy: DirectoryEntry): DirectoryLockoutPolicy;
  };
  /**
   * When the directory expires a user's password (issue #16 item 2), read during sync: the user-entry attributes the
   * listing asks for (operational ones by name), the policy entry a user names for itself (null: the default's), the
   * attributes of a policy entry, and the reading (pure; `policies` null when they could not be read).
   */
  readonly passwordExpiry: {
    readonly userAttributes: readonly string[];
    policyOf(user: DirectoryEntry): string | null;
    readonly policyAttributes: readonly string[];
    read(user: DirectoryEntry, policies: DirectoryPasswordPolicies | null): DirectoryPasswordExpiry;
  };
  /** The policy-error map: a refused password write to a reason from the catalogue, or null (not a policy refusal). */
  readPasswordRefusal(refusal: PasswordRefusalInput): PasswordRefusal | null;
  /**
   * How an incremental sync sees deletions: from the directory's tombstones (`read` turns `listDeleted` pages into
   * anchors; `of` is what one looks like, for the memory directory), or null: only full runs find them, by absence.
   */
  readonly tombstones: {
    read(entries: readonly DirectoryEntry[], into?: DeletedAnchors): DeletedAnchors;
    of(anchor: string, kind: 'user' | 'group'): DirectoryEntry;
  } | null;
  /** For CLI help: what a connection URL usually looks like. */
  readonly urlHint: string;
}
