/**
 * The texts of the email method (alternate email), in English and Dutch: the i18n catalogue composes every
 * registered method's texts, so the keys and `translate` work as for any other message.
 */
const en = {
  'reset.method.email': 'Email my alternate email',
  'reset.method.email.explain':
    'You will receive an email containing a verification code at your alternate email address ({display}).',
  'reset.action.email': 'Email',
  'reset.code.sent.email': "We've sent an email message containing a verification code to your inbox.",
  'reset.emailCode.subject': '{tenant} account email verification code',
  'reset.emailCode.text':
    'Hello,\n\nSomeone asked to reset the password of your {tenant} account {upn}. Use this verification code to continue:\n\n{code}\n\nThe code is valid for 5 minutes. If you did not ask for it, you can ignore this message: your password has not been changed.\n',
  'account.securityInfo.type.alternateEmail': 'Alternate email',
  'account.securityInfo.add.email.title': 'Alternate email',
  'account.securityInfo.add.email.label': 'Email address',
  'account.securityInfo.add.email.hint': "Not your work address. We'll send a code to it.",
  'account.securityInfo.add.email.submit': 'Send code by email',
  'account.securityInfo.verify.alternateEmail': 'We sent a code to {display}. Enter the code below.',
  'securityInfo.emailCode.subject': '{tenant} account email verification code',
  'securityInfo.emailCode.text':
    'Hello,\n\nUse this code to verify your email address for your {tenant} account {upn}:\n\n{code}\n\nThe code is valid for 5 minutes. If you did not ask for it, you can ignore this message.\n',
  'securityInfo.emailCode.heading': 'Verify your email address',
  'securityInfo.emailCode.intro': 'Use this code to verify your email address for your {tenant} account {upn}:',
  'securityInfo.emailCode.expiry':
    'The code is valid for 5 minutes. If you did not ask for it, you can ignore this message.',
  'securityInfo.kind.alternateEmail': 'alternate email',
  'admin.method.email': 'Email',
} as const;

const nl = {
  'reset.method.email': 'Een e-mail sturen naar mijn alternatieve e-mailadres',
  'reset.method.email.explain':
    'U ontvangt een e-mail met een verificatiecode op uw alternatieve e-mailadres ({display}).',
  'reset.action.email': 'E-mail',
  'reset.code.sent.email': 'We hebben een e-mailbericht met een verificatiecode naar uw postvak gestuurd.',
  'reset.emailCode.subject': 'E-mailverificatiecode voor uw {tenant}-account',
  'reset.emailCode.text':
    'Hallo,\n\nIemand heeft gevraagd het wachtwoord van uw {tenant}-account {upn} opnieuw in te stellen. Gebruik deze verificatiecode om verder te gaan:\n\n{code}\n\nDe code is 5 minuten geldig. Hebt u hier niet om gevraagd, dan kunt u dit bericht negeren: uw wachtwoord is niet gewijzigd.\n',
  'account.securityInfo.type.alternateEmail': 'Alternatief e-mailadres',
  'account.securityInfo.add.email.title': 'Alternatief e-mailadres',
  'account.securityInfo.add.email.label': 'E-mailadres',
  'account.securityInfo.add.email.hint': 'Niet uw werkadres. We sturen een code naar dit adres.',
  'account.securityInfo.add.email.submit': 'Code per e-mail sturen',
  'account.securityInfo.verify.alternateEmail':
    'We hebben een code naar {display} gestuurd. Voer de code hieronder in.',
  'securityInfo.emailCode.subject': 'Verificatiecode voor e-mailadres van uw {tenant}-account',
  'securityInfo.emailCode.text':
    'Hallo,\n\nGebruik deze code om uw e-mailadres te verifiëren voor uw {tenant}-account {upn}:\n\n{code}\n\nDe code is 5 minuten geldig. Als u de code niet hebt aangevraagd, kunt u dit bericht negeren.\n',
  'securityInfo.emailCode.heading': 'Verifieer uw e-mailadres',
  'securityInfo.emailCode.intro': 'Gebruik deze code om uw e-mailadres te verifiëren voor uw {tenant}-account {upn}:',
  'securityInfo.emailCode.expiry':
    'De code is 5 minuten geldig. Als u de code niet hebt aangevraagd, kunt u dit bericht negeren.',
  'securityInfo.kind.alternateEmail': 'alternatief e-mailadres',
  'admin.method.email': 'E-mail',
} as const satisfies Record<keyof typeof en, string>;

export const emailTexts = { en, nl };
