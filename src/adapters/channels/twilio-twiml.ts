/**
 * TwiML, the XML a Twilio-compatible provider reads aloud: the words we add around the caller's
 * text, in English and Dutch, always XML-escaped.
 */
import { escapeHtml } from '../../core/html.js';
// HTML's five escapes are XML's too (&#39; is the numeric form of &apos;), so TwiML uses the one escaper.
export const escapeXml = escapeHtml;

const phrases = {
  'en-US': {
    pressPound: 'Press the pound key to confirm.',
    noAnswer: 'We did not receive your answer. Goodbye.',
    confirmed: 'Thank you. Your answer has been recorded. Goodbye.',
    rejected: 'You did not press the pound key, so nothing was confirmed. Goodbye.',
    ended: 'This call has already been answered. Goodbye.',
  },
  'nl-NL': {
    pressPound: 'Druk op het hekje om te bevestigen.',
    noAnswer: 'We hebben geen antwoord ontvangen. Tot ziens.',
    confirmed: 'Dank u. Uw antwoord is vastgelegd. Tot ziens.',
    rejected: 'U hebt niet op het hekje gedrukt, dus er is niets bevestigd. Tot ziens.',
    ended: 'Deze oproep is al beantwoord. Tot ziens.',
  },
} as const;

export type VoiceLanguage = keyof typeof phrases;

/** The provider's speech language for one of our locales (`nl`, `nl-NL`, `en`…); English otherwise. */
export const voiceLanguageOf = (locale: string): VoiceLanguage => (/^nl(-|$)/i.test(locale) ? 'nl-NL' : 'en-US');

const say = (language: VoiceLanguage, text: string) => `<Say language="${language}">${escapeXml(text)}</Say>`;

/** The call: read `text`, wait up to 15 s for one key, post it to `action`; say goodbye when none came. */
export const callTwiml = (options: { action: string; locale: string; text: string }): string => {
  const language = voiceLanguageOf(options.locale);
  const words = phrases[language];
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Response><Gather numDigits="1" finishOnKey="" action="${escapeXml(options.action)}" method="POST" timeout="15">` +
    `${say(language, `${options.text} ${words.pressPound}`)}</Gather>${say(language, words.noAnswer)}</Response>`
  );
};

/** The answer to the provider's callback: what the callee hears after pressing a key, then hang up. */
export const answerTwiml = (outcome: 'confirmed' | 'rejected' | 'ended', locale: string): string => {
  const language = voiceLanguageOf(locale);
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${say(language, phrases[language][outcome])}<Hangup/></Response>`;
};
