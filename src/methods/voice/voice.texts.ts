/**
 * The texts of the voice methods (mobile and office phone calls), in English and Dutch: the i18n catalogue composes every
 * registered method's texts, so the keys and `translate` work as for any other message.
 */
const en = {
  'reset.method.mobileVoice': 'Call my mobile phone',
  'reset.method.mobileVoice.explain':
    'In order to protect your account, we need you to enter your complete mobile phone number ({display}) below. You will then receive a call which can be used to reset your password.',
  'reset.method.officeVoice': 'Call my office phone',
  'reset.method.officeVoice.explain':
    'In order to protect your account, we need you to enter your complete office phone number ({display}) below. You will then receive a call which can be used to reset your password.',
  'reset.action.mobileVoice': 'Call',
  'reset.action.officeVoice': 'Call',
  'reset.call.placed':
    "If this is the number we have on file, we're calling it. Please answer and press # to continue.",
  'reset.call.answered': "I've answered the call",
  'reset.voice.say':
    'This is the password reset service of {tenant}. Someone asked to reset your password. If this was you, press the pound key to continue. If it was not you, hang up.',
  'account.securityInfo.type.officePhone': 'Office phone',
  'securityInfo.kind.officePhone': 'office phone',
  'admin.method.mobileVoice': 'Mobile phone (voice call)',
  'admin.method.officeVoice': 'Office phone',
} as const;

const nl = {
  'reset.method.mobileVoice': 'Mijn mobiele telefoon bellen',
  'reset.method.mobileVoice.explain':
    'Ter bescherming van uw account moet u hieronder uw volledige mobiele telefoonnummer ({display}) invoeren. U wordt dan gebeld, waarna u uw wachtwoord opnieuw kunt instellen.',
  'reset.method.officeVoice': 'Mijn kantoortelefoon bellen',
  'reset.method.officeVoice.explain':
    'Ter bescherming van uw account moet u hieronder uw volledige kantoortelefoonnummer ({display}) invoeren. U wordt dan gebeld, waarna u uw wachtwoord opnieuw kunt instellen.',
  'reset.action.mobileVoice': 'Bellen',
  'reset.action.officeVoice': 'Bellen',
  'reset.call.placed':
    'Als dit het nummer is dat bij ons bekend is, bellen we het nu. Neem op en druk op # om verder te gaan.',
  'reset.call.answered': 'Ik heb de oproep beantwoord',
  'reset.voice.say':
    'U spreekt met de wachtwoordherstelservice van {tenant}. Iemand heeft gevraagd uw wachtwoord opnieuw in te stellen. Was u dat, druk dan op de hekjestoets om verder te gaan. Was u het niet, hang dan op.',
  'account.securityInfo.type.officePhone': 'Kantoortelefoon',
  'securityInfo.kind.officePhone': 'telefoon op kantoor',
  'admin.method.mobileVoice': 'Mobiele telefoon (spraakoproep)',
  'admin.method.officeVoice': 'Kantoortelefoon',
} as const satisfies Record<keyof typeof en, string>;

export const voiceTexts = { en, nl };
