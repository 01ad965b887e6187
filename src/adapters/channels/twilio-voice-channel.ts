import type { VoiceChannel } from '../../core/ports.js';
import { e164, type TwilioClient } from './twilio-client.js';
import { callTwiml } from './twilio-twiml.js';

/**
 * Voice calls through a Twilio-compatible Calls API with inline TwiML. The callee's key press is
 * posted to `{publicUrl}/api/v1/channels/voice/{tenantId}/{callId}`, signed by the provider.
 */
export const createTwilioVoiceChannel = (client: TwilioClient, publicUrl: string): VoiceChannel => ({
  async call({ tenantId, to, callId, locale, say }) {
    if (!e164.test(to)) throw new Error('voice call refused: the number is not in E.164 format');
    const action = `${publicUrl}/api/v1/channels/voice/${encodeURIComponent(tenantId)}/${encodeURIComponent(callId)}`;
    await client.post(
      'Calls',
      { To: to, From: client.from, Twiml: callTwiml({ action, locale, text: say }) },
      'voice call',
    );
  },
});
