/**
 * Temporary Access Pass in English and Dutch: the reset wizard's step, signing in with a pass, the
 * console's panel and the notice the user's addresses get (composed into the catalogues as every plugin's).
 */
const en = {
  'reset.method.temporaryAccessPass': 'Use a Temporary Access Pass',
  'reset.method.temporaryAccessPass.explain': 'Type the Temporary Access Pass your administrator gave you.',
  'reset.action.temporaryAccessPass': 'Enter the pass',
  'reset.code.temporaryAccessPass': 'Enter the Temporary Access Pass your administrator gave you.',
  'reset.error.TAP_INVALID': "That Temporary Access Pass isn't valid, has expired or was revoked.",
  'tap.passLabel': 'Temporary Access Pass',
  'account.securityInfo.type.temporaryAccessPass': 'Temporary Access Pass',
  'securityInfo.kind.temporaryAccessPass': 'Temporary Access Pass',
  'admin.method.temporaryAccessPass': 'Temporary Access Pass',
  'tap.signin.link': 'Sign in with a Temporary Access Pass',
  'tap.signin.title': 'Sign in with a Temporary Access Pass',
  'tap.signin.intro':
    'Your administrator gave you a Temporary Access Pass. Use it instead of your password to set up new security info.',
  'tap.signin.submit': 'Sign in',
  'tap.signin.password': 'Sign in with your password instead',
  'tap.signin.error.TAP_INVALID': "That account and Temporary Access Pass don't match, or the pass has expired.",
  'tap.signin.error.VALIDATION_FAILED': 'Enter your account and the Temporary Access Pass.',
  'tap.signin.error.ACCOUNT_DISABLED': 'Your account has been disabled. Contact your administrator.',
  'tap.limited': 'You signed in with a Temporary Access Pass. You can only set up your security info in this session.',
  'tap.console.title': 'Temporary Access Pass',
  'tap.console.none': 'This user has no Temporary Access Pass.',
  'tap.console.state.active': 'A pass is active until {expiresAt} UTC ({use}).',
  'tap.console.state.expired': 'The pass expired at {expiresAt} UTC.',
  'tap.console.state.used': 'The one-time pass was used at {usedAt} UTC.',
  'tap.console.oneTime': 'one-time',
  'tap.console.multiUse': 'multi-use',
  'tap.console.lifetime': 'Lifetime in minutes',
  'tap.console.lifetimeHint': '10 to 43200 (30 days)',
  'tap.console.oneTimeLabel': 'One-time use',
  'tap.console.create': 'Add a Temporary Access Pass',
  'tap.console.replace': 'A new pass replaces the current one.',
  'tap.console.revoke': 'Delete the pass',
  'tap.console.created': 'Give this pass to the user. It is shown only once and is valid until {expiresAt} UTC.',
  'tap.console.shownOnce':
    "The Temporary Access Pass of {upn} was already shown, or the time to show it has passed; it isn't shown again. If the user didn't get it, add a new pass: it replaces this one.",
  'tap.console.again': 'Add a new pass',
  'tap.console.revoked': 'The Temporary Access Pass was deleted.',
  'tap.console.error.TAP_LIFETIME_INVALID': 'The lifetime must be between 10 minutes and 30 days.',
  'tap.console.error.TARGET_TOO_PRIVILEGED': "Your role doesn't allow a pass for this user.",
  'tap.console.error.TAP_NOT_FOUND': 'This user has no Temporary Access Pass.',
  'tap.notice.subject': 'A Temporary Access Pass was added to your {tenant} account',
  'tap.notice.text':
    'Hello {name},\n\nAn administrator added a Temporary Access Pass to your {tenant} account ({upn}) at {time} UTC. It can be used to sign in and set up security info until {expiresAt} UTC.\n\nIf you did not ask your helpdesk for this, contact your administrator at once.',
} as const;

const nl = {
  'reset.method.temporaryAccessPass': 'Een tijdelijke toegangspas gebruiken',
  'reset.method.temporaryAccessPass.explain': 'Typ de tijdelijke toegangspas die uw beheerder u gaf.',
  'reset.action.temporaryAccessPass': 'Pas invoeren',
  'reset.code.temporaryAccessPass': 'Voer de tijdelijke toegangspas in die uw beheerder u gaf.',
  'reset.error.TAP_INVALID': 'Die tijdelijke toegangspas is niet geldig, is verlopen of is ingetrokken.',
  'tap.passLabel': 'Tijdelijke toegangspas',
  'account.securityInfo.type.temporaryAccessPass': 'Tijdelijke toegangspas',
  'securityInfo.kind.temporaryAccessPass': 'tijdelijke toegangspas',
  'admin.method.temporaryAccessPass': 'Tijdelijke toegangspas',
  'tap.signin.link': 'Aanmelden met een tijdelijke toegangspas',
  'tap.signin.title': 'Aanmelden met een tijdelijke toegangspas',
  'tap.signin.intro':
    'Uw beheerder heeft u een tijdelijke toegangspas gegeven. Gebruik die in plaats van uw wachtwoord om nieuwe beveiligingsgegevens in te stellen.',
  'tap.signin.submit': 'Aanmelden',
  'tap.signin.password': 'In plaats daarvan aanmelden met uw wachtwoord',
  'tap.signin.error.TAP_INVALID':
    'Dat account en die tijdelijke toegangspas horen niet bij elkaar, of de pas is verlopen.',
  'tap.signin.error.VALIDATION_FAILED': 'Voer uw account en de tijdelijke toegangspas in.',
  'tap.signin.error.ACCOUNT_DISABLED': 'Uw account is uitgeschakeld. Neem contact op met uw beheerder.',
  'tap.limited':
    'U bent aangemeld met een tijdelijke toegangspas. In deze sessie kunt u alleen uw beveiligingsgegevens instellen.',
  'tap.console.title': 'Tijdelijke toegangspas',
  'tap.console.none': 'Deze gebruiker heeft geen tijdelijke toegangspas.',
  'tap.console.state.active': 'Er is een pas geldig tot {expiresAt} UTC ({use}).',
  'tap.console.state.expired': 'De pas is verlopen op {expiresAt} UTC.',
  'tap.console.state.used': 'De eenmalige pas is gebruikt op {usedAt} UTC.',
  'tap.console.oneTime': 'eenmalig',
  'tap.console.multiUse': 'meermalig',
  'tap.console.lifetime': 'Geldigheid in minuten',
  'tap.console.lifetimeHint': '10 tot 43200 (30 dagen)',
  'tap.console.oneTimeLabel': 'Eenmalig te gebruiken',
  'tap.console.create': 'Tijdelijke toegangspas toevoegen',
  'tap.console.replace': 'Een nieuwe pas vervangt de huidige.',
  'tap.console.revoke': 'Pas verwijderen',
  'tap.console.created':
    'Geef deze pas aan de gebruiker. Hij wordt maar één keer getoond en is geldig tot {expiresAt} UTC.',
  'tap.console.shownOnce':
    'De tijdelijke toegangspas van {upn} is al getoond, of de tijd om hem te tonen is voorbij; hij wordt niet opnieuw getoond. Heeft de gebruiker hem niet gekregen, voeg dan een nieuwe pas toe: die vervangt deze.',
  'tap.console.again': 'Een nieuwe pas toevoegen',
  'tap.console.revoked': 'De tijdelijke toegangspas is verwijderd.',
  'tap.console.error.TAP_LIFETIME_INVALID': 'De geldigheid moet tussen 10 minuten en 30 dagen liggen.',
  'tap.console.error.TARGET_TOO_PRIVILEGED': 'Uw rol staat geen pas voor deze gebruiker toe.',
  'tap.console.error.TAP_NOT_FOUND': 'Deze gebruiker heeft geen tijdelijke toegangspas.',
  'tap.notice.subject': 'Er is een tijdelijke toegangspas toegevoegd aan uw account bij {tenant}',
  'tap.notice.text':
    'Hallo {name},\n\nEen beheerder heeft om {time} UTC een tijdelijke toegangspas toegevoegd aan uw account bij {tenant} ({upn}). Daarmee kan tot {expiresAt} UTC worden aangemeld om beveiligingsgegevens in te stellen.\n\nHebt u hier niet om gevraagd bij uw helpdesk? Neem dan direct contact op met uw beheerder.',
} as const satisfies Record<keyof typeof en, string>;

export const temporaryAccessPassTexts = { en, nl };
