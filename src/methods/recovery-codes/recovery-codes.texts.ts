/**
 * Recovery codes in English and Dutch: the reset wizard's step, the security-info page that makes a set,
 * and the console's name of the method (composed into the i18n catalogues like every plugin's texts).
 */
const en = {
  'reset.method.recoveryCode': 'Use a recovery code',
  'reset.method.recoveryCode.explain': 'Type one of the recovery codes you saved. Each code works once.',
  'reset.action.recoveryCode': 'Enter a recovery code',
  'reset.code.recoveryCode': 'Enter one of your recovery codes. Once used, a code no longer works.',
  'reset.recoveryCode.label': 'Recovery code',
  'reset.error.RECOVERY_CODE_INVALID': "That recovery code isn't valid or was used before. Try another one.",
  'account.securityInfo.type.recoveryCodes': 'Recovery codes',
  'securityInfo.kind.recoveryCodes': 'recovery codes',
  'admin.method.recoveryCode': 'Recovery codes',
  'recoveryCodes.title': 'Recovery codes',
  'recoveryCodes.intro':
    'Recovery codes let you reset your password when you no longer have your phone or email. Each of the ten codes works once.',
  'recoveryCodes.remaining': 'You have {remaining} unused recovery codes, made on {createdAt}.',
  'recoveryCodes.none': "You don't have recovery codes.",
  'recoveryCodes.generate': 'Make new recovery codes',
  'recoveryCodes.replaceWarning': 'Making new codes stops the old ones from working.',
  'recoveryCodes.shownOnce':
    'Save these codes now — print them or keep them in a password manager. They are shown only once.',
  'recoveryCodes.listLabel': 'Your recovery codes',
  'recoveryCodes.back': 'Back to security info',
  'recoveryCodes.link': 'Recovery codes',
  'recoveryCodes.notOffered': 'Your organization does not use recovery codes for password reset.',
} as const;

const nl = {
  'reset.method.recoveryCode': 'Een herstelcode gebruiken',
  'reset.method.recoveryCode.explain': 'Typ een van de herstelcodes die u hebt bewaard. Elke code werkt één keer.',
  'reset.action.recoveryCode': 'Herstelcode invoeren',
  'reset.code.recoveryCode': 'Voer een van uw herstelcodes in. Een gebruikte code werkt niet meer.',
  'reset.recoveryCode.label': 'Herstelcode',
  'reset.error.RECOVERY_CODE_INVALID': 'Die herstelcode is niet geldig of is al gebruikt. Probeer een andere.',
  'account.securityInfo.type.recoveryCodes': 'Herstelcodes',
  'securityInfo.kind.recoveryCodes': 'herstelcodes',
  'admin.method.recoveryCode': 'Herstelcodes',
  'recoveryCodes.title': 'Herstelcodes',
  'recoveryCodes.intro':
    'Met herstelcodes kunt u uw wachtwoord opnieuw instellen als u uw telefoon of e-mail niet meer hebt. Elk van de tien codes werkt één keer.',
  'recoveryCodes.remaining': 'U hebt {remaining} ongebruikte herstelcodes, gemaakt op {createdAt}.',
  'recoveryCodes.none': 'U hebt geen herstelcodes.',
  'recoveryCodes.generate': 'Nieuwe herstelcodes maken',
  'recoveryCodes.replaceWarning': 'Met nieuwe codes werken de oude niet meer.',
  'recoveryCodes.shownOnce':
    'Bewaar deze codes nu: druk ze af of zet ze in een wachtwoordbeheerder. Ze worden maar één keer getoond.',
  'recoveryCodes.listLabel': 'Uw herstelcodes',
  'recoveryCodes.back': 'Terug naar beveiligingsgegevens',
  'recoveryCodes.link': 'Herstelcodes',
  'recoveryCodes.notOffered': 'Uw organisatie gebruikt geen herstelcodes voor het opnieuw instellen van wachtwoorden.',
} as const satisfies Record<keyof typeof en, string>;

export const recoveryCodesTexts = { en, nl };
