/**
 * The portal off the happy path (issue 14): error pages, field errors, the reset wizard's account line and
 * retry offer, tab and code notices, the sign-in's "session ended" notice. In their own file, composed into
 * `en.ts` / `nl.ts` with one line each, so the catalogues' other sections stay untouched.
 */
const en = {
  'portal.account.reset': 'Resetting the password of {account}',
  'portal.account.unlock': 'Unlocking the account of {account}',
  'portal.restart.tab':
    "This password reset is no longer open in this tab: it expired after 15 minutes, was finished or cancelled, or was replaced by a newer one. For your security it can't be continued.",
  'portal.field.tooLong': 'This can be at most {max} characters. Shorten it and try again.',
  'portal.form.tooLarge': 'What you sent was too long. Shorten it and try again.',
  'portal.code.empty': 'Enter the code we sent you.',
  'portal.code.notDigits': 'A code has only digits. Check it and try again.',
  'portal.phone.empty': 'Enter your phone number.',
  'signin.sessionEnded':
    'You are no longer signed in: your session ended, or you signed out in another window. Sign in again to continue.',
  'signin.sessionEnded.unsaved':
    'You are no longer signed in, so what you sent was not saved: your session ended, or you signed out in another window. Sign in again and try once more.',
  'reset.retry.otherNote': "Can't answer? Choose another method, or ask your administrator for help.",
  'reset.retry.otherMethod': 'Choose another method',
  'portal.code.resent': 'We sent a new code. The earlier code no longer works.',
  'portal.captcha.expired': 'The check expired, we started a new one.',
  'portal.error.reference': 'Reference: {code}',
  'portal.error.continue': 'Continue',
  'portal.error.signin': 'Go to the sign-in page',
  'portal.error.NOT_FOUND.title': "We can't find that page",
  'portal.error.NOT_FOUND.body': 'The address may be mistyped, or the page has moved.',
  'portal.error.RATE_LIMITED.title': 'Too many attempts',
  'portal.error.RATE_LIMITED.body':
    'Too many attempts. Wait {seconds} seconds, then go back to the form and try again.',
  'portal.error.RATE_LIMITED.back': 'Back to the form',
  'portal.error.INTERNAL_ERROR.title': 'Something went wrong on our side',
  'portal.error.INTERNAL_ERROR.body':
    'Nothing you did caused this. Try again in a moment; if it keeps happening, contact your administrator and give them the reference below.',
  'portal.error.INTERNAL_ERROR.retry': 'Try again',
  'portal.error.CSRF_INVALID.title': 'This page expired',
  'portal.error.CSRF_INVALID.body':
    "The form was open too long, or your browser didn't send this site's cookie. Nothing was changed. Continue to open the form again.",
  'portal.error.other.title': "We couldn't handle that request",
  'portal.error.other.body': 'Go back to the form and try again.',
} as const;

const nl: Record<keyof typeof en, string> = {
  'portal.account.reset': 'Wachtwoord opnieuw instellen van {account}',
  'portal.account.unlock': 'Account ontgrendelen van {account}',
  'portal.restart.tab':
    'Deze wachtwoordherstelling is in dit tabblad niet meer open: ze is na 15 minuten verlopen, afgerond of geannuleerd, of vervangen door een nieuwere. Voor uw veiligheid kan ze niet verder.',
  'portal.field.tooLong': 'Dit mag hoogstens {max} tekens lang zijn. Maak het korter en probeer het opnieuw.',
  'portal.form.tooLarge': 'Wat u verstuurde was te lang. Maak het korter en probeer het opnieuw.',
  'portal.code.empty': 'Voer de code in die we u hebben gestuurd.',
  'portal.code.notDigits': 'Een code bestaat alleen uit cijfers. Controleer de code en probeer het opnieuw.',
  'portal.phone.empty': 'Voer uw telefoonnummer in.',
  'signin.sessionEnded':
    'U bent niet meer aangemeld: uw sessie is verlopen, of u hebt zich in een ander venster afgemeld. Meld u opnieuw aan om verder te gaan.',
  'signin.sessionEnded.unsaved':
    'U bent niet meer aangemeld, dus wat u verstuurde is niet opgeslagen: uw sessie is verlopen, of u hebt zich in een ander venster afgemeld. Meld u opnieuw aan en probeer het nog eens.',
  'reset.retry.otherNote': 'Lukt het niet? Kies een andere methode of vraag uw beheerder om hulp.',
  'reset.retry.otherMethod': 'Een andere methode kiezen',
  'portal.code.resent': 'We hebben een nieuwe code gestuurd. De vorige code werkt niet meer.',
  'portal.captcha.expired': 'De controle is verlopen, we zijn een nieuwe begonnen.',
  'portal.error.reference': 'Referentie: {code}',
  'portal.error.continue': 'Doorgaan',
  'portal.error.signin': 'Naar de aanmeldpagina',
  'portal.error.NOT_FOUND.title': 'We kunnen deze pagina niet vinden',
  'portal.error.NOT_FOUND.body': 'Misschien is het adres verkeerd getypt, of is de pagina verplaatst.',
  'portal.error.RATE_LIMITED.title': 'Te veel pogingen',
  'portal.error.RATE_LIMITED.body':
    'Te veel pogingen. Wacht {seconds} seconden, ga dan terug naar het formulier en probeer het opnieuw.',
  'portal.error.RATE_LIMITED.back': 'Terug naar het formulier',
  'portal.error.INTERNAL_ERROR.title': 'Er ging bij ons iets mis',
  'portal.error.INTERNAL_ERROR.body':
    'Dit kwam niet door iets wat u deed. Probeer het zo opnieuw; blijft het gebeuren, neem dan contact op met uw beheerder en geef de referentie hieronder door.',
  'portal.error.INTERNAL_ERROR.retry': 'Opnieuw proberen',
  'portal.error.CSRF_INVALID.title': 'Deze pagina is verlopen',
  'portal.error.CSRF_INVALID.body':
    'Het formulier stond te lang open, of uw browser stuurde de cookie van deze site niet mee. Er is niets gewijzigd. Ga verder om het formulier opnieuw te openen.',
  'portal.error.other.title': 'We konden dit verzoek niet verwerken',
  'portal.error.other.body': 'Ga terug naar het formulier en probeer het opnieuw.',
};

export const portalTexts = { en, nl };
