/**
 * SMS notices (checklist §11 row 16): the short text every verified mobile number gets beside the email notice of a
 * reset, unlock, password change or added security info. No code, no link, nothing to act on but "tell your
 * administrator": a text that asks to click is what a phisher would send.
 */
export const noticeSmsTexts = {
  en: {
    'notice.sms.passwordChanged':
      '{tenant}: the password of {upn} was changed on {time} UTC. If this was not you, contact your administrator at once.',
    'notice.sms.reset':
      '{tenant}: the password of {upn} was reset on {time} UTC. If this was not you, contact your administrator at once.',
    'notice.sms.unlock':
      '{tenant}: the account {upn} was unlocked on {time} UTC. If this was not you, contact your administrator at once.',
    'notice.sms.added':
      '{tenant}: security info ({what}) was added to {upn} on {time} UTC. If this was not you, contact your administrator at once.',
    'notice.sms.reregistration':
      '{tenant}: an administrator asked {upn} to register security info again ({time} UTC). If you did not expect this, contact your administrator.',
  },
  nl: {
    'notice.sms.passwordChanged':
      '{tenant}: het wachtwoord van {upn} is gewijzigd op {time} UTC. Was u dit niet? Neem direct contact op met uw beheerder.',
    'notice.sms.reset':
      '{tenant}: het wachtwoord van {upn} is opnieuw ingesteld op {time} UTC. Was u dit niet? Neem direct contact op met uw beheerder.',
    'notice.sms.unlock':
      '{tenant}: het account {upn} is ontgrendeld op {time} UTC. Was u dit niet? Neem direct contact op met uw beheerder.',
    'notice.sms.added':
      '{tenant}: beveiligingsgegevens ({what}) zijn toegevoegd aan {upn} op {time} UTC. Was u dit niet? Neem direct contact op met uw beheerder.',
    'notice.sms.reregistration':
      '{tenant}: een beheerder heeft {upn} gevraagd de beveiligingsgegevens opnieuw te registreren ({time} UTC). Verwachtte u dit niet? Neem contact op met uw beheerder.',
  },
} as const;
