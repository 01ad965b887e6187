/**
 * The one place that picks real implementations: store, hasher, clock, channels. Everything else
 * receives its collaborators. What only some configurations or only the server need (SMTP, Redis, the HTTP stack)
 * is imported here when picked, so a CLI call loads none of it (issue 14 item 6: each call well under 2 s).
 */
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import type { Config } from './config/config.js';
import { openBreachedIndex } from './adapters/breached/offline-index.js';
import { createRangeApiSource } from './adapters/breached/range-api-source.js';
import { createOutboxChannels } from './adapters/channels/outbox-channels.js';
import type { DeliveryPolicy } from './adapters/channels/delivery.js';
import { createTwilioCallbacks } from './adapters/channels/twilio-callbacks.js';
import { createTwilioClient } from './adapters/channels/twilio-client.js';
import { createTwilioSmsChannel } from './adapters/channels/twilio-sms-channel.js';
import { createTwilioVoiceChannel } from './adapters/channels/twilio-voice-channel.js';
import { systemClock } from './adapters/clock/system-clock.js';
import { createArgon2Hasher, type Argon2HasherOptions } from './adapters/hashing/argon2-hasher.js';
import { migrateToLatest, openDatabase, type OpenDatabaseOptions } from './adapters/store/database.js';
import { createKyselyStore } from './adapters/store/kysely-store.js';
import { createKeyedHasher, cryptoRandom } from './adapters/secrets/keyed-hasher.js';
import { createDirectoryConnector } from './adapters/directory/directory-connector.js';
import { createAesGcmSealer } from './adapters/secrets/aes-gcm-sealer.js';
import { createAltchaCaptcha } from './adapters/captcha/altcha-captcha.js';
import { otplibTotp } from './adapters/otp/otplib-totp.js';
import { createWebAuthnCeremonies } from './adapters/webauthn/simplewebauthn-ceremonies.js';
import { loadOrCreateSecret } from './adapters/secrets/secret-file.js';
import type { Clock } from './core/clock.js';
import { createBannedTermsIndex, type BannedTermsIndex } from './core/password/banned-terms-index.js';
import { globalBannedTerms } from './core/password/global-banned-terms.js';
import { createCommonPasswordSet, type CommonPasswordSet } from './core/password/common-password.js';
import type {
  BreachedPasswordSource,
  DirectoryConnector,
  EmailChannel,
  EntitlementCheck,
  PasswordHasher,
  RandomSource,
  SmsChannel,
  Store,
  VoiceCallbacks,
  VoiceChannel,
} from './core/ports.js';
import { createSubscriptionEntitlementCheck } from './services/licensing/licensing-service.js';
import { createRsaEnvelope } from './adapters/agent/rsa-envelope.js';
import { sha256Hex } from './adapters/secrets/sha256.js';
import { createSyslogTlsSink } from './adapters/siem/syslog-tls-sink.js';
import { trustedCas } from './adapters/siem/trusted-cas.js';
import { createWebhookSink } from './adapters/siem/webhook-sink.js';
import type { SiemSink } from './core/ports.js';
import { createSiemForwarder, type SiemForwarder, type SiemForwarderOptions } from './services/audit/siem-forwarder.js';
import type { ServiceDeps } from './services/deps.js';
import { createServices, type Services } from './services/services.js';

export interface AppOverrides {
  clock?: Clock;
  hasher?: PasswordHasher;
  hasherOptions?: Argon2HasherOptions;
  logger?: boolean;
  logStream?: { write(line: string): void };
  entitlements?: EntitlementCheck;
  /** Tests pass a fake source (or null for none) instead of the configured one. */
  breached?: BreachedPasswordSource | null;
  /** Tests shorten the channels' timeout and back-off. */
  delivery?: DeliveryPolicy;
  /** Tests shorten the delivery queue's poll interval and back-off (docs/channels.md). */
  deliverySettings?: ServiceDeps['delivery'];
  /** Tests replace delivery channels (e.g. one that rejects) instead of the configured ones. */
  channels?: { email?: EmailChannel; sms?: SmsChannel; voice?: VoiceChannel };
  /** Tests shorten the directory timeouts or wrap the connector. */
  directoryConnector?: DirectoryConnector;
  /** Tests shorten the agent queue's expiry and long-poll wait. */
  agentTiming?: ServiceDeps['agentTiming'];
  /** Tests move the current / minimum agent version to see the out-of-date statuses. */
  agentVersions?: ServiceDeps['agentVersions'];
  /** Tests shrink the SIEM stream's batches and lease. */
  siem?: SiemForwarderOptions;
  /**
   * Long-running processes (`sspr serve`, the benches) checkpoint a SQLite file's WAL on a worker thread instead of
   * on the event loop; CLI commands and tests keep SQLite's own checkpoints and start no thread (database.ts).
   */
  backgroundCheckpoints?: OpenDatabaseOptions['backgroundCheckpoints'];
}

// Built once per process: the shipped list does not change while running.
let globalIndex: BannedTermsIndex | undefined;
const globalBannedIndex = () => (globalIndex ??= createBannedTermsIndex(globalBannedTerms));
let commonSet: CommonPasswordSet | undefined;
const commonPasswordSet = () => (commonSet ??= createCommonPasswordSet());

export interface App {
  config: Config;
  store: Store;
  services: Services;
  /** The SIEM stream over the configured sinks (SSPR_AUDIT_SYSLOG_URL, SSPR_AUDIT_WEBHOOK_URL); `serve` runs it. */
  siem: SiemForwarder | undefined;
  /** Built on first use: the CLI's store commands need no HTTP server. */
  http(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/** The secret: configured, or (embedded mode only) read from / written to the file beside the database. */
export const resolveSecret = (config: Config): string => {
  if (config.secret) return config.secret;
  if (!config.embedded) throw new Error('SSPR_SECRET is required outside embedded mode');
  return loadOrCreateSecret(config.secretFile).secret;
};

/**
 * The configured breached-password source. The offline index is opened (and validated) now, so a
 * missing or damaged index stops start-up instead of failing every password change later.
 */
const openBreachedSource = async (
  config: Config,
  clock: Clock,
): Promise<(BreachedPasswordSource & { close?(): Promise<void> }) | undefined> => {
  if (config.breached.source === 'range-api')
    return createRangeApiSource({ baseUrl: config.breached.rangeUrl, now: () => clock.now(), cacheSize: 1000 });
  if (config.breached.source === 'offline') {
    return openBreachedIndex(config.breached.indexPath).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `SSPR_BREACHED_INDEX cannot be used (${reason}); build it with: sspr password breached import FILE`,
        { cause: error },
      );
    });
  }
  return undefined;
};

/**
 * The configured channels: SMTP and the Twilio-compatible provider when set, the outbox otherwise
 * (config allows the outbox only in embedded mode or when chosen explicitly).
 */
const pickChannels = async (
  config: Config,
  store: Store,
  clock: Clock,
  random: RandomSource,
  delivery: DeliveryPolicy | undefined,
) => {
  const outbox = createOutboxChannels(store, clock, random);
  let email: EmailChannel = outbox.email;
  if (config.smtp) {
    const { createSmtpEmailChannel } = await import('./adapters/channels/smtp-email-channel.js');
    try {
      email = createSmtpEmailChannel({ ...config.smtp, ...(delivery && { delivery }) });
    } catch (error) {
      // The one thing that can fail here is reading the extra CA certificates.
      if (!config.smtp.caFile) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`SSPR_SMTP_CA_FILE cannot be read (${reason})`, { cause: error });
    }
  }
  let sms: SmsChannel = outbox.sms;
  let voice: VoiceChannel = outbox.voice;
  let voiceCallbacks: VoiceCallbacks | undefined;
  if (config.twilio) {
    const client = createTwilioClient({ ...config.twilio, ...(delivery && { delivery }) });
    sms = createTwilioSmsChannel(client);
    voice = createTwilioVoiceChannel(client, config.publicUrl);
    voiceCallbacks = createTwilioCallbacks(config.twilio.authToken);
  }
  return { email, sms, voice, ...(voiceCallbacks && { voiceCallbacks }) };
};

/** The configured SIEM sinks; an unreadable CA file stops start-up with the variable's name. */
const pickSiemSinks = (config: Config): SiemSink[] => {
  const sinks: SiemSink[] = [];
  const { syslog, webhook } = config.audit;
  if (syslog)
    sinks.push(createSyslogTlsSink({ ...syslog, ca: trustedCas(syslog.caFile, 'SSPR_AUDIT_SYSLOG_CA_FILE') }));
  if (webhook)
    sinks.push(createWebhookSink({ ...webhook, ca: trustedCas(webhook.caFile, 'SSPR_AUDIT_WEBHOOK_CA_FILE') }));
  return sinks;
};

export const createApp = async (config: Config, overrides: AppOverrides = {}): Promise<App> => {
  const database = openDatabase(
    config.databaseUrl,
    overrides.backgroundCheckpoints ? { backgroundCheckpoints: overrides.backgroundCheckpoints } : {},
  );
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.db.destroy();
    throw error;
  }
  const store = createKyselyStore(database, { signInAsyncCommit: config.signInAsyncCommit });
  const clock = overrides.clock ?? systemClock;
  let breached: Awaited<ReturnType<typeof openBreachedSource>>;
  let channels: Awaited<ReturnType<typeof pickChannels>>;
  let siemSinks: SiemSink[];
  try {
    channels = await pickChannels(config, store, clock, cryptoRandom, overrides.delivery);
    siemSinks = pickSiemSinks(config);
    breached =
      overrides.breached !== undefined ? (overrides.breached ?? undefined) : await openBreachedSource(config, clock);
  } catch (error) {
    await store.close();
    throw error;
  }
  const secret = resolveSecret(config);
  const keyed = createKeyedHasher(secret);
  // Without SSPR_REDIS_URL each instance counts its own limits in memory (the embedded mode needs no Redis).
  const sharedCounters = config.redis
    ? (await import('./adapters/redis/redis-counters.js')).createRedisCounters(config.redis.url, config.redis.keyPrefix)
    : undefined;
  const services = createServices({
    store,
    clock,
    // Its own sub-key of the secret: a captcha signature can never pass for another keyed hash.
    captcha: createAltchaCaptcha(
      { hmacKey: keyed.digest('captcha-key', 'altcha'), maxNumber: config.captchaDifficulty, lifetimeSeconds: 10 * 60 },
      clock,
    ),
    hasher: overrides.hasher ?? createArgon2Hasher(overrides.hasherOptions),
    keyed,
    random: cryptoRandom,
    ...channels,
    ...overrides.channels,
    totp: otplibTotp,
    sealer: createAesGcmSealer(secret),
    webauthn: createWebAuthnCeremonies(config.publicUrl),
    digest: sha256Hex,
    entitlements: overrides.entitlements ?? createSubscriptionEntitlementCheck({ store }),
    globalBannedTerms: globalBannedIndex(),
    commonPasswords: commonPasswordSet(),
    directoryConnector: overrides.directoryConnector ?? createDirectoryConnector(),
    agentEnvelope: createRsaEnvelope(),
    ...(overrides.agentTiming && { agentTiming: overrides.agentTiming }),
    ...(overrides.deliverySettings && { delivery: overrides.deliverySettings }),
    ...(overrides.agentVersions && { agentVersions: overrides.agentVersions }),
    ...(breached && { breached: { source: breached, failure: config.breached.failure } }),
    ...(sharedCounters && { sharedCounters }),
    publicUrl: config.publicUrl,
    // Names the writer of a pending writeback for the operator: host and pid, and a random part since pids recur.
    instanceId: `${hostname()}:${process.pid}:${cryptoRandom.uuid().slice(0, 8)}`,
  });
  let server: Promise<FastifyInstance> | undefined;
  const siem =
    siemSinks.length > 0
      ? createSiemForwarder({ store, clock, random: cryptoRandom }, siemSinks, overrides.siem)
      : undefined;
  return {
    config,
    store,
    services,
    siem,
    http: () =>
      (server ??= Promise.all([import('./http/server.js'), import('./http/metrics.js')]).then(
        ([{ buildHttpServer }, { createMetrics }]) =>
          buildHttpServer(
            { config, services, metrics: createMetrics() },
            {
              logger: overrides.logger ?? true,
              ...(overrides.logStream && { logStream: overrides.logStream }),
              ...(sharedCounters && { sharedCounters }),
            },
          ),
      )),
    async close() {
      if (server) await (await server).close();
      await siem?.close();
      // A round in flight finishes (its messages marked) before the store goes.
      await services.delivery.stop();
      await store.close();
      await breached?.close?.();
      await sharedCounters?.close();
    },
  };
};
