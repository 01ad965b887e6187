/**
 * Delivery channels: email, SMS, voice and the voice provider's signed callbacks.
 */
/** One email: a plain-text body always, an HTML alternative when the template has one. */
export interface EmailMessage {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Channels only deliver; they know nothing about codes, expiry or attempts (those belong to methods).
 * A channel rejects when delivery failed; callers map that to "we couldn't send the code".
 */
export interface EmailChannel {
  send(message: EmailMessage): Promise<void>;
}

/** A text message to an E.164 number. */
export interface SmsChannel {
  send(message: { tenantId: string; to: string; text: string }): Promise<void>;
}

/**
 * A voice call to an E.164 number that reads `say` in `locale` and asks the callee to press # to
 * confirm. `callId` is the caller's random id for this call: the answer comes back later, through the
 * provider's signed callback (or the dev outbox's button), keyed by it.
 */
export interface VoiceChannel {
  call(message: { tenantId: string; to: string; callId: string; locale: string; say: string }): Promise<void>;
}

/** A callback from the SMS/voice provider, as received: the full public URL it was posted to and its form fields. */
export interface ProviderCallback {
  url: string;
  params: Record<string, string | string[]>;
  signature: string | undefined;
}

/**
 * The provider's side of voice answers: whether a callback really came from the provider (its
 * signature), and the reply the provider expects (TwiML for Twilio), spoken to the callee.
 */
export interface VoiceCallbacks {
  isAuthentic(callback: ProviderCallback): boolean;
  reply(outcome: 'confirmed' | 'rejected' | 'ended', locale: string): { contentType: string; body: string };
}
