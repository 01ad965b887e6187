/**
 * Ports of the on-premises directory (issue 7): one directory connection in domain verbs, the connector
 * app.ts wires, and the writeback agent's message envelope. Re-exported by `core/ports.ts`.
 */
import type {
  Agent,
  AgentRequest,
  AuditEvent,
  DirectoryType,
  DirectoryTestRecord,
  GroupMember,
  NewUser,
  StoredDirectoryConnection,
  UserSource,
} from '../model.js';
import type { DirectoryLockoutPolicy } from '../lockout/directory-lockout.js';
import type { DirectoryPasswordPolicies } from '../password/directory-expiry.js';
import type { DirectoryResult } from './directory-outcomes.js';
import type { DirectorySyncState, LinkedGroup, LinkedUser, SyncCounts, SyncFailureRecord } from './sync-model.js';

/** One directory entry as read: its DN and the requested attributes (binary ones, e.g. objectGUID, as text forms). */
export interface DirectoryEntry {
  dn: string;
  attributes: Readonly<Record<string, readonly string[]>>;
}

/**
 * What a bind as the user says about a password: right, wrong, or right but the directory demands a change before
 * anything else (AD's "must change" `data 773` after `pwdLastSet=0` and "expired" `data 532`; OpenLDAP ppolicy's
 * `changeAfterReset` after `pwdReset`). Entra: "You need to update your password" / "Your password has expired".
 */
export type PasswordVerdict = 'valid' | 'invalid' | 'mustChange';

export interface SetDirectoryPasswordOptions {
  /** `reset`: the service account sets it (forgot password); `change`: the user, who knows the old one. */
  mode: 'reset' | 'change';
  oldPassword?: string;
  /** After a reset: make the user change it at next sign-in (AD `pwdLastSet=0`); default off, as Entra. */
  mustChangeAtNextLogon?: boolean;
}

export interface DirectoryListOptions {
  pageSize?: number;
  /** For an incremental sync: only entries changed after this mark (OpenLDAP modifyTimestamp, AD uSNChanged). */
  changedAfter?: string;
}

/**
 * A connection to one on-premises directory (OpenLDAP with ppolicy, or Active Directory), in domain
 * verbs. Every call opens, uses and closes its own LDAP session with timeouts, so a call never hangs
 * and never inherits another's bind. Expected failures are values (`DirectoryResult`), never throws.
 */
export interface DirectoryConnection {
  /** The dialect's id: what it does differently is read from its descriptor (`dialectOf`), never branched on. */
  readonly dialect: DirectoryType;
  /** Binds as the service account and reads the base entry. */
  test(): Promise<DirectoryResult<{ baseDn: string }>>;
  /** The one user whose login attribute equals `login`, or null; two or more is `DIRECTORY_MISCONFIGURED`. */
  findUser(login: string): Promise<DirectoryResult<DirectoryEntry | null>>;
  setPassword(dn: string, newPassword: string, options: SetDirectoryPasswordOptions): Promise<DirectoryResult<void>>;
  unlock(dn: string): Promise<DirectoryResult<void>>;
  isLocked(dn: string): Promise<DirectoryResult<boolean>>;
  /**
   * Passthrough/federated sign-in: a bind as the user. `valid` when the directory accepts the password; `mustChange`
   * when it is right but the directory requires a change first; `invalid` for a wrong one or an account the directory
   * refuses (locked, disabled). An empty password is always `invalid` (an LDAP bind without one is anonymous).
   */
  verifyPassword(dn: string, password: string): Promise<DirectoryResult<PasswordVerdict>>;
  /**
   * The lockout policy the directory applies to this user (issue #13 item 3), read as the service account through the
   * dialect's descriptor (`lockoutPolicy`): OpenLDAP ppolicy, AD's domain policy or the user's resultant PSO. Null
   * when the account cannot read it; the caller then assumes one (`assumedDirectoryLockout`).
   */
  readLockoutPolicy(dn: string): Promise<DirectoryResult<DirectoryLockoutPolicy | null>>;
  /**
   * The password policy entries a sync needs to tell when passwords expire (issue #16 item 2), read as the service
   * account with the dialect's `passwordExpiry.policyAttributes`: the default policy's candidates and those of
   * `policyDns` (the policies users name) the account can read. One call per run and new policy, not per user.
   */
  readPasswordPolicies(policyDns: readonly string[]): Promise<DirectoryResult<DirectoryPasswordPolicies>>;
  /** Calls `onPage` for each page of users (sync attributes of the dialect); resolves with the total. */
  listUsers(
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ): Promise<DirectoryResult<{ entries: number }>>;
  listGroups(
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ): Promise<DirectoryResult<{ entries: number }>>;
  /**
   * For an incremental sync: pages of the tombstones of users and groups deleted at or after `changedAfter` (AD's
   * Deleted Objects, read with the show-deleted control; `readDeletedEntries` turns them into anchors). OpenLDAP
   * keeps no tombstones and answers none. A service account that may not read them gets DIRECTORY_MISCONFIGURED
   * (insufficientAccess), which the sync reports as deletions not seen, never as a failed run.
   */
  listDeleted(
    options: DirectoryListOptions,
    onPage: (entries: DirectoryEntry[]) => Promise<void>,
  ): Promise<DirectoryResult<{ entries: number }>>;
}

/** What a service needs to open a directory connection: the stored config with the unsealed bind password. */
export interface DirectoryConnectionSettings {
  type: DirectoryType;
  url: string;
  startTls: boolean;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string | null;
  caFile: string | null;
  protectedGroups: readonly string[];
}

/** Services cannot import adapters, so app.ts wires a connector that picks the dialect's adapter. */
export interface DirectoryConnector {
  connect(settings: DirectoryConnectionSettings): DirectoryConnection;
}

/** One agent message as sent on the wire (issue 7 item 5): all fields base64url text, opaque to the transport. */
export interface SealedAgentMessage {
  id: string;
  operation: string;
  /** The fresh AES-256-GCM key, wrapped with RSA-OAEP(SHA-256) under the recipient's public key. */
  wrappedKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/**
 * End-to-end encryption between the service and an on-premises agent, so that the HTTPS transport (and any
 * TLS-terminating proxy) never sees a password in clear. The message id and operation are authenticated data:
 * a sealed `setPassword` cannot be replayed as another request or another operation.
 */
export interface AgentEnvelope {
  /** A new RSA-2048 key pair, both halves as PEM (public SPKI, private PKCS#8). */
  generateKeyPair(): { publicKey: string; privateKey: string };
  seal(recipientPublicKey: string, id: string, operation: string, plaintext: string): SealedAgentMessage;
  /** Throws when the message was altered, its id or operation changed, or it was sealed for another key. */
  open(privateKey: string, message: SealedAgentMessage): string;
}

/** A tenant's directory connections (credentials sealed by the service before they get here). */
export interface DirectoryConnectionRepository {
  create(connection: StoredDirectoryConnection): Promise<void>;
  /** Oldest first: the first is the tenant's writeback connection. */
  list(tenantId: string): Promise<StoredDirectoryConnection[]>;
  find(tenantId: string, connectionId: string): Promise<StoredDirectoryConnection | undefined>;
  /** Returns whether a connection was removed. */
  remove(tenantId: string, connectionId: string): Promise<boolean>;
  recordTest(tenantId: string, connectionId: string, test: DirectoryTestRecord): Promise<void>;
  /** Returns whether the connection exists (and so was changed). */
  setDeletionThreshold(tenantId: string, connectionId: string, threshold: number, updatedAt: string): Promise<boolean>;
}

/**
 * What directory sync keeps: the per-connection state with its lease, and the on-premises link of
 * users and groups (anchor, DN, connection). Users and groups themselves go through their repositories.
 */
export interface DirectorySyncRepository {
  getState(tenantId: string, connectionId: string): Promise<DirectorySyncState | undefined>;
  /** Takes the lease when it is free or expired (compare-and-set); false when another run holds it. */
  claim(tenantId: string, connectionId: string, owner: string, now: string, lockedUntil: string): Promise<boolean>;
  /** Records the run's outcome and frees the lease, if `owner` still holds it; returns whether it did. */
  finish(
    tenantId: string,
    connectionId: string,
    owner: string,
    outcome: {
      at: string;
      full: boolean;
      success: boolean;
      watermark: string | null;
      counts: SyncCounts | null;
      failure?: SyncFailureRecord;
    },
  ): Promise<boolean>;
  listLinkedUsers(tenantId: string, connectionId: string): Promise<LinkedUser[]>;
  /** Sets the user's link, UPN (a renamed `mail`/`userPrincipalName` renames the user) and source (the connection's mode). */
  linkUser(
    tenantId: string,
    userId: string,
    link: { connectionId: string; dn: string; upn: string; source: UserSource },
  ): Promise<void>;
  listLinkedGroups(tenantId: string, connectionId: string): Promise<LinkedGroup[]>;
  linkGroup(
    tenantId: string,
    groupId: string,
    link: { connectionId: string; anchor: string; dn: string; name: string },
  ): Promise<void>;
  /** Of these UPNs, the keys (lower-cased) some user of the tenant already holds: one query per page. */
  takenUpnKeys(tenantId: string, upns: readonly string[]): Promise<Set<string>>;
  /** Creates linked users (no roles) in as few statements as the dialect allows. */
  createLinkedUsers(
    users: ReadonlyArray<{ user: NewUser; createdAt: string; connectionId: string; dn: string }>,
  ): Promise<void>;
  addMembers(tenantId: string, groupId: string, members: readonly GroupMember[]): Promise<void>;
  /** Audit events in bulk, inside the caller's transaction like `audit.append`. */
  appendAudit(events: readonly AuditEvent[]): Promise<void>;
}

/** Agents and their durable request queue (issue 7, item 5). */
export interface AgentRepository {
  create(agent: Agent): Promise<void>;
  list(tenantId: string): Promise<Agent[]>;
  find(tenantId: string, agentId: string): Promise<Agent | undefined>;
  /** By id alone: the token names its agent before the tenant is known. */
  findById(agentId: string): Promise<Agent | undefined>;
  /** Pins the agent's public key only while none is pinned; false when another one already is. */
  pinPublicKey(tenantId: string, agentId: string, publicKey: string): Promise<boolean>;
  rotateServiceKeys(
    tenantId: string,
    agentId: string,
    keys: { servicePublicKey: string; sealedServicePrivateKey: string },
  ): Promise<boolean>;
  heartbeat(tenantId: string, agentId: string, at: string, version: string): Promise<void>;
  /** Records a long poll (`lastPollAt`): a heartbeating agent that stops polling is failed fast. */
  recordPoll(tenantId: string, agentId: string, at: string): Promise<void>;
  revoke(tenantId: string, agentId: string, at: string): Promise<boolean>;
  enqueue(request: AgentRequest): Promise<void>;
  findRequest(tenantId: string, requestId: string): Promise<AgentRequest | undefined>;
  /**
   * Marks up to `limit` unexpired requests of the agent as sent (at `now`) and returns them, oldest first: the
   * queued ones, and the sent ones last handed out at or before `redeliverBefore` (their result never came),
   * except writes (`agentAtMostOnceOperations`), which are handed out once and otherwise expire.
   * Compare-and-set: one hand-out goes to one poller.
   */
  claim(
    tenantId: string,
    agentId: string,
    now: string,
    limit: number,
    redeliverBefore: string,
  ): Promise<AgentRequest[]>;
  /** Stores the result of a queued or sent request and drops its payload; false for a duplicate or expired one. */
  complete(tenantId: string, agentId: string, requestId: string, result: string, at: string): Promise<boolean>;
  /**
   * The result of a done request, deleting the row in the same statement (compare-and-set): the directory data in
   * it is read once, by the waiting caller, and a second reader gets undefined. Undefined while not done.
   */
  takeResult(tenantId: string, requestId: string): Promise<string | undefined>;
  /** Expires a request that is not done; false when it completed first. */
  expire(tenantId: string, requestId: string, at: string): Promise<boolean>;
  /**
   * The queue's clean-up, for one tenant: queued and sent requests past their expiry become `expired` (so a
   * caller still waiting reads SSPR_0030), and done or expired ones completed before `completedBefore` are deleted.
   */
  purge(tenantId: string, now: string, completedBefore: string): Promise<{ expired: number; deleted: number }>;
}
