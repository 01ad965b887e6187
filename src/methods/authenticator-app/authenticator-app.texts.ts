/**
 * The texts of the authenticator app method, in English and Dutch: the i18n catalogue composes every
 * registered method's texts, so the keys and `translate` work as for any other message.
 */
const en = {
  'reset.method.authenticatorCode': 'Enter a code from my authenticator app',
  'reset.method.authenticatorCode.explain':
    'Open your authenticator app ({display}) and enter the verification code it shows.',
  'reset.action.authenticatorCode': 'Enter code',
  'reset.verify.required.authenticatorCode': 'Use your authenticator app for one of the steps.',
  'reset.code.app': 'Enter the verification code shown in your authenticator app.',
  'account.securityInfo.type.authenticatorApp': 'Authenticator app',
  'account.securityInfo.add.app.title': 'Authenticator app',
  'account.securityInfo.add.app.intro':
    'Use any app that shows time-based codes (TOTP), such as Microsoft Authenticator.',
  'account.securityInfo.add.app.label': 'Name for this app (optional)',
  'account.securityInfo.add.app.submit': 'Set up an authenticator app',
  'account.securityInfo.verify.authenticatorApp':
    'Enter the 6-digit code that your authenticator app shows for this account.',
  'account.securityInfo.app.title': 'Set up your authenticator app',
  'account.securityInfo.app.scan': 'Scan this QR code with your authenticator app.',
  'account.securityInfo.app.qrLabel': 'QR code to set up your authenticator app',
  'account.securityInfo.app.manual': "Can't scan it? Enter this secret key in the app instead:",
  'account.securityInfo.app.link': 'On the device that has the app, you can also open this setup link:',
  'account.securityInfo.app.once':
    'This key is shown only once. If you leave this page before you enter a code, delete the app and set it up again.',
  'securityInfo.kind.authenticatorApp': 'authenticator app',
  'securityInfo.authenticatorDefaultLabel': 'Authenticator app',
  'admin.method.authenticatorCode': 'Mobile app code',
} as const;

const nl = {
  'reset.method.authenticatorCode': 'Een code uit mijn authenticator-app invoeren',
  'reset.method.authenticatorCode.explain':
    'Open uw authenticator-app ({display}) en voer de verificatiecode in die daar staat.',
  'reset.action.authenticatorCode': 'Code invoeren',
  'reset.verify.required.authenticatorCode': 'Gebruik uw authenticator-app voor een van de stappen.',
  'reset.code.app': 'Voer de verificatiecode in die uw authenticator-app toont.',
  'account.securityInfo.type.authenticatorApp': 'Authenticator-app',
  'account.securityInfo.add.app.title': 'Authenticator-app',
  'account.securityInfo.add.app.intro':
    'Gebruik een app die tijdgebonden codes (TOTP) toont, zoals Microsoft Authenticator.',
  'account.securityInfo.add.app.label': 'Naam voor deze app (optioneel)',
  'account.securityInfo.add.app.submit': 'Een authenticator-app instellen',
  'account.securityInfo.verify.authenticatorApp':
    'Voer de code van 6 cijfers in die uw authenticator-app voor dit account toont.',
  'account.securityInfo.app.title': 'Uw authenticator-app instellen',
  'account.securityInfo.app.scan': 'Scan deze QR-code met uw authenticator-app.',
  'account.securityInfo.app.qrLabel': 'QR-code om uw authenticator-app in te stellen',
  'account.securityInfo.app.manual': 'Lukt scannen niet? Voer dan deze geheime sleutel in de app in:',
  'account.securityInfo.app.link': 'Op het apparaat met de app kunt u ook deze instellingskoppeling openen:',
  'account.securityInfo.app.once':
    'Deze sleutel wordt maar één keer getoond. Verlaat u deze pagina voordat u een code invoert, verwijder de app dan en stel hem opnieuw in.',
  'securityInfo.kind.authenticatorApp': 'authenticator-app',
  'securityInfo.authenticatorDefaultLabel': 'Authenticator-app',
  'admin.method.authenticatorCode': 'Code van mobiele app',
} as const satisfies Record<keyof typeof en, string>;

export const authenticatorAppTexts = { en, nl };
