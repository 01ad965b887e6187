import type { EmailChannel, RandomSource, SmsChannel, Store, VoiceChannel } from '../../core/ports.js';
import type { Clock } from '../../core/clock.js';
import type { OutboxMessage } from '../../core/model.js';

/**
 * Embedded-mode delivery: messages are written to the outbox table, shown at /dev/outbox and by
 * `sspr outbox`. Nothing leaves the machine.
 */
export const createOutboxChannels = (
  store: Store,
  clock: Clock,
  random: RandomSource,
): { email: EmailChannel; sms: SmsChannel; voice: VoiceChannel } => {
  const add = (
    tenantId: string,
    channel: OutboxMessage['channel'],
    recipient: string,
    subject: string | null,
    bodyText: string,
  ) =>
    store.outbox.add({
      tenantId,
      messageId: random.uuid(),
      channel,
      recipient,
      subject,
      bodyText,
      createdAt: clock.now().toISOString(),
    });
  return {
    email: { send: ({ tenantId, to, subject, text }) => add(tenantId, 'email', to, subject, text) },
    sms: { send: ({ tenantId, to, text }) => add(tenantId, 'sms', to, null, text) },
    // The call id is the subject so the outbox can answer the call (press #) for a demo.
    voice: { call: ({ tenantId, to, callId, say }) => add(tenantId, 'voice', to, callId, say) },
  };
};
