/**
 * The texts of the mobile SMS method (mobile phone), in English and Dutch: the i18n catalogue composes every
 * registered method's texts, so the keys and `translate` work as for any other message.
 */
const en = {
  'reset.method.mobileSms': 'Text my mobile phone',
  'reset.method.mobileSms.explain':
    'In order to protect your account, we need you to enter your complete mobile phone number ({display}) below. You will then receive a text message with a verification code which can be used to reset your password.',
  'reset.action.mobileSms': 'Text',
  'reset.code.sent.mobileSms':
    "If this is the number we have on file, we've sent a text message containing a verification code to it.",
  'reset.smsCode.text':
    'Use verification code {code} to reset the password of your {tenant} account. It is valid for 5 minutes.',
  'account.securityInfo.type.mobilePhone': 'Mobile phone',
  'account.securityInfo.add.phone.title': 'Mobile phone',
  'account.securityInfo.add.phone.label': 'Mobile phone number',
  'account.securityInfo.add.phone.country': 'Country or region',
  'account.securityInfo.add.phone.countryHint':
    'Pick the country, then type the number as you would dial it there, or type it with + and the country code.',
  'account.securityInfo.add.phone.hint': "In international format, for example +31 6 12345678. We'll text you a code.",
  // Beside the country picker, where a national number is fine: "international format" would contradict its hint.
  'account.securityInfo.add.phone.hintWithCountry':
    "For example +31 6 12345678, or without the country code if the number is from the country picked above. We'll text you a code.",
  'account.securityInfo.add.phone.submit': 'Text me a code',
  'account.securityInfo.verify.mobilePhone': 'We sent a code by text message to {display}. Enter the code below.',
  'securityInfo.smsCode.text': 'Use verification code {code} for your {tenant} account. It is valid for 5 minutes.',
  'securityInfo.kind.mobilePhone': 'mobile phone',
  'admin.method.mobileSms': 'Mobile phone (text message)',
} as const;

const nl = {
  'reset.method.mobileSms': 'Een sms sturen naar mijn mobiele telefoon',
  'reset.method.mobileSms.explain':
    'Ter bescherming van uw account moet u hieronder uw volledige mobiele telefoonnummer ({display}) invoeren. U ontvangt dan een sms met een verificatiecode waarmee u uw wachtwoord opnieuw kunt instellen.',
  'reset.action.mobileSms': 'Sms',
  'reset.code.sent.mobileSms':
    'Als dit het nummer is dat bij ons bekend is, hebben we er een sms met een verificatiecode naartoe gestuurd.',
  'reset.smsCode.text':
    'Gebruik verificatiecode {code} om het wachtwoord van uw {tenant}-account opnieuw in te stellen. De code is 5 minuten geldig.',
  'account.securityInfo.type.mobilePhone': 'Mobiele telefoon',
  'account.securityInfo.add.phone.title': 'Mobiele telefoon',
  'account.securityInfo.add.phone.label': 'Mobiel telefoonnummer',
  'account.securityInfo.add.phone.country': 'Land of regio',
  'account.securityInfo.add.phone.countryHint':
    'Kies het land en typ het nummer zoals u het daar belt, of typ het met + en de landcode.',
  'account.securityInfo.add.phone.hint':
    'In internationale notatie, bijvoorbeeld +31 6 12345678. We sturen u een code per sms.',
  'account.securityInfo.add.phone.hintWithCountry':
    'Bijvoorbeeld +31 6 12345678, of zonder landcode als het nummer uit het hierboven gekozen land komt. We sturen u een code per sms.',
  'account.securityInfo.add.phone.submit': 'Stuur mij een sms-code',
  'account.securityInfo.verify.mobilePhone':
    'We hebben een code per sms naar {display} gestuurd. Voer de code hieronder in.',
  'securityInfo.smsCode.text': 'Gebruik verificatiecode {code} voor uw {tenant}-account. De code is 5 minuten geldig.',
  'securityInfo.kind.mobilePhone': 'mobiele telefoon',
  'admin.method.mobileSms': 'Mobiele telefoon (sms)',
} as const satisfies Record<keyof typeof en, string>;

export const mobileSmsTexts = { en, nl };
