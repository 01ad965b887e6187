import type { EmailChannel, RandomSource, Store } from '../../core/ports.js';
import type { Clock } from '../../core/clock.js';

/**
 * Embedded-mode email: messages are written to the outbox table, shown at /dev/outbox and by
 * `sspr outbox`. Nothing leaves the machine.
 */
export const createOutboxEmailChannel = (store: Store, clock: Clock, random: RandomSource): EmailChannel => ({
  async send({ tenantId, to, subject, text }) {
    await store.outbox.add({
      tenantId,
      messageId: random.uuid(),
      channel: 'email',
      recipient: to,
      subject,
      bodyText: text,
      createdAt: clock.now().toISOString(),
    });
  },
});
