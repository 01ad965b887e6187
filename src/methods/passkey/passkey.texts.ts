/** The texts of the passkey method, in English and Dutch (composed into the i18n catalogues). */
const en = {
  'reset.method.passkey': 'Use a passkey',
  'reset.method.passkey.explain':
    'Use a passkey saved on your phone, computer or security key ({display}). You confirm with your fingerprint, face or PIN.',
  'reset.action.passkey': 'Use passkey',
  'reset.passkey.intro':
    'Select "Use my passkey" and follow your browser: unlock the passkey with your fingerprint, face or PIN.',
  'reset.passkey.submit': 'Use my passkey',
  'account.securityInfo.type.passkey': 'Passkey',
  'account.securityInfo.add.passkey.title': 'Passkey',
  'account.securityInfo.add.passkey.intro':
    'Save a passkey on this device or a security key. You can then sign in and verify your identity with your fingerprint, face or PIN instead of a password.',
  'account.securityInfo.add.passkey.label': 'Name for this passkey (optional)',
  'account.securityInfo.add.passkey.submit': 'Create a passkey',
  'account.securityInfo.notice.passkey': 'Your passkey has been saved.',
  'securityInfo.kind.passkey': 'passkey',
  'securityInfo.passkeyDefaultLabel': 'Passkey',
  'passkey.needsJavaScript':
    'Passkeys need JavaScript. Turn on JavaScript in your browser, or use another way to verify your identity.',
  'passkey.unsupported': 'This browser cannot use passkeys. Use another browser or another way.',
  'passkey.working': 'Follow the instructions from your browser…',
  'passkey.failed': 'That did not work. Try again, or use another way.',
  'signin.passkey.submit': 'Sign in with a passkey',
  'signin.passkey.or': 'Or, without typing a password:',
  'signin.error.PASSKEY_INVALID':
    'We could not sign you in with that passkey. Try again, or sign in with your password.',
  'admin.method.passkey': 'Passkey',
  'reset.error.PASSKEY_INVALID':
    'We could not verify that passkey. Try again with your own passkey, or use another way.',
  'account.securityInfo.error.PASSKEY_INVALID': 'The passkey could not be saved. Try again.',
} as const;

const nl = {
  'reset.method.passkey': 'Een passkey gebruiken',
  'reset.method.passkey.explain':
    'Gebruik een passkey die op uw telefoon, computer of beveiligingssleutel staat ({display}). U bevestigt met uw vingerafdruk, gezicht of pincode.',
  'reset.action.passkey': 'Passkey gebruiken',
  'reset.passkey.intro':
    'Kies "Mijn passkey gebruiken" en volg uw browser: ontgrendel de passkey met uw vingerafdruk, gezicht of pincode.',
  'reset.passkey.submit': 'Mijn passkey gebruiken',
  'account.securityInfo.type.passkey': 'Passkey',
  'account.securityInfo.add.passkey.title': 'Passkey',
  'account.securityInfo.add.passkey.intro':
    'Bewaar een passkey op dit apparaat of op een beveiligingssleutel. Daarna kunt u zich aanmelden en uw identiteit bevestigen met uw vingerafdruk, gezicht of pincode in plaats van een wachtwoord.',
  'account.securityInfo.add.passkey.label': 'Naam voor deze passkey (optioneel)',
  'account.securityInfo.add.passkey.submit': 'Een passkey maken',
  'account.securityInfo.notice.passkey': 'Uw passkey is opgeslagen.',
  'securityInfo.kind.passkey': 'passkey',
  'securityInfo.passkeyDefaultLabel': 'Passkey',
  'passkey.needsJavaScript':
    'Passkeys hebben JavaScript nodig. Zet JavaScript aan in uw browser, of bevestig uw identiteit op een andere manier.',
  'passkey.unsupported': 'Deze browser kan geen passkeys gebruiken. Gebruik een andere browser of een andere manier.',
  'passkey.working': 'Volg de aanwijzingen van uw browser…',
  'passkey.failed': 'Dat is niet gelukt. Probeer het opnieuw, of gebruik een andere manier.',
  'signin.passkey.submit': 'Aanmelden met een passkey',
  'signin.passkey.or': 'Of, zonder wachtwoord te typen:',
  'signin.error.PASSKEY_INVALID':
    'Aanmelden met die passkey is niet gelukt. Probeer het opnieuw, of meld u aan met uw wachtwoord.',
  'admin.method.passkey': 'Passkey',
  'reset.error.PASSKEY_INVALID':
    'We konden die passkey niet controleren. Probeer het opnieuw met uw eigen passkey, of gebruik een andere manier.',
  'account.securityInfo.error.PASSKEY_INVALID': 'De passkey kon niet worden opgeslagen. Probeer het opnieuw.',
} as const satisfies Record<keyof typeof en, string>;

export const passkeyTexts = { en, nl };
