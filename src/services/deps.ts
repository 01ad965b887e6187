import type { Digest } from '../core/audit/audit-chain.js';
import type { AgentVersionPolicy } from '../core/directory/agent-version.js';
import type { BannedTermsIndex } from '../core/password/banned-terms-index.js';
import type { DeliverySettings } from './delivery/delivery-worker.js';
import type { CommonPasswordSet } from '../core/password/common-password.js';
import type {
  AgentEnvelope,
  BreachedPasswordSource,
  Captcha,
  Clock,
  DirectoryConnector,
  EmailChannel,
  EntitlementCheck,
  KeyedHasher,
  PasswordHasher,
  RandomSource,
  SecretSealer,
  SmsChannel,
  Store,
  TotpAuthenticator,
  VoiceCallbacks,
  VoiceChannel,
  SharedCounters,
  WebAuthnCeremonies,
} from '../core/ports.js';

/** What services are given. Wired once in app.ts; tests build their own. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  keyed: KeyedHasher;
  random: RandomSource;
  email: EmailChannel;
  sms: SmsChannel;
  voice: VoiceChannel;
  entitlements: EntitlementCheck;
  totp: TotpAuthenticator;
  sealer: SecretSealer;
  /** Passkey ceremonies for the relying party of SSPR_PUBLIC_URL. */
  webauthn: WebAuthnCeremonies;
  /** SHA-256 (hex), the audit hash chain's digest: `sspr audit verify` recomputes each event's hash with it. */
  digest: Digest;
  /** The shipped global banned-term list, indexed once at start. */
  globalBannedTerms: BannedTermsIndex;
  /** The shipped most-common passwords (core data), checked when the tenant's switch is on. */
  commonPasswords: CommonPasswordSet;
  /** Absent when no breached-password source is configured. */
  breached?: { source: BreachedPasswordSource; failure: 'open' | 'closed' };
  /** The self-hosted proof-of-work CAPTCHA in front of password reset. */
  captcha: Captcha;
  /** The SMS/voice provider's signed callbacks; absent with the outbox (no callback is authentic then). */
  voiceCallbacks?: VoiceCallbacks;
  /** Opens a connection to an on-premises directory (OpenLDAP or AD); absent where no directory can be reached. */
  directoryConnector?: DirectoryConnector;
  /** End-to-end encryption with on-premises agents (issue 7, item 5); absent: no agent can be enrolled. */
  agentEnvelope?: AgentEnvelope;
  /**
   * Agent queue timings; defaults: requests expire after 120 s, a poll waits up to 25 s, the queue is read every
   * 200 ms, a request handed out but not answered is handed out again after 30 s.
   */
  agentTiming?: {
    requestTtlSeconds?: number;
    pollWaitMs?: number;
    checkIntervalMs?: number;
    redeliverAfterSeconds?: number;
  };
  /** The current and minimum supported agent versions; default: core's (the package version). Tests move them. */
  agentVersions?: AgentVersionPolicy;
  /**
   * The delivery queue's worker settings (docs/channels.md); defaults in `delivery/delivery-worker.ts`. Tests shorten
   * the poll interval and back-off.
   */
  delivery?: Partial<DeliverySettings>;
  /** Set by createServices: wakes this instance's delivery worker after a commit that enqueued a message. */
  wakeDelivery?: () => void;
  /** `SSPR_PUBLIC_URL`: the base of every link a message carries (never the request's Host header). */
  publicUrl?: string;
  /** The rate-limit counters shared by every instance (SSPR_REDIS_URL); absent: each instance counts its own. */
  sharedCounters?: SharedCounters;
  /** This process among the instances on the store (host:pid:random), written on its pending writebacks. */
  instanceId?: string;
}
