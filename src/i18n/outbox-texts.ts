/**
 * The development outbox page (/dev/outbox, embedded mode only): in the page's language like every other page, so a
 * Dutch walk through a demo does not switch to English at the one page that shows the codes. Composed into
 * `en.ts` / `nl.ts` with one line each.
 */
const en = {
  'outbox.title': 'Outbox (development)',
  'outbox.intro': 'Every message this service sent, newest first. Shown only in embedded mode, never in production.',
  'outbox.empty': 'No messages yet.',
  'outbox.time': 'Time (UTC)',
  'outbox.channel': 'Channel',
  'outbox.to': 'To',
  'outbox.message': 'Message',
  'outbox.channel.email': 'Email',
  'outbox.channel.sms': 'Text message',
  'outbox.channel.voice': 'Voice call',
  'outbox.answer': 'Answer with #',
  'outbox.call.confirmed': 'Call answered with #',
  'outbox.call.rejected': 'Call answered without #',
  'outbox.call.failed': 'Call failed',
} as const;

const nl: Record<keyof typeof en, string> = {
  'outbox.title': 'Postvak UIT (ontwikkeling)',
  'outbox.intro':
    'Alle berichten die deze dienst heeft verstuurd, nieuwste eerst. Alleen zichtbaar in de ingebouwde modus, nooit in productie.',
  'outbox.empty': 'Nog geen berichten.',
  'outbox.time': 'Tijd (UTC)',
  'outbox.channel': 'Kanaal',
  'outbox.to': 'Aan',
  'outbox.message': 'Bericht',
  'outbox.channel.email': 'E-mail',
  'outbox.channel.sms': 'Sms',
  'outbox.channel.voice': 'Spraakoproep',
  'outbox.answer': 'Beantwoorden met #',
  'outbox.call.confirmed': 'Oproep beantwoord met #',
  'outbox.call.rejected': 'Oproep beantwoord zonder #',
  'outbox.call.failed': 'Oproep mislukt',
};

export const outboxTexts = { en, nl };
