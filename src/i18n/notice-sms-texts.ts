/**
 * SMS notices (checklist §11 row 16): the short text every verified mobile number gets beside the email notice of a
 * reset, unlock, password change or added security info. No code, no link, nothing to act on but "tell your
 * administrator": a text that asks to click is what a phisher would send. And the console's SMS budget tab (row 9).
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
    'admin.tab.smsBudget': 'SMS budget',
    'admin.smsBudget.intro':
      'When more text messages and voice calls are sent in one hour than the budget allows, the breaker opens: no SMS or voice call goes out (email does) until you close it or an hour has passed. It protects against SMS pumping.',
    'admin.smsBudget.open':
      'The breaker is open since {openedAt} (UTC): text messages and voice calls are stopped until {closesAt}.',
    'admin.smsBudget.closed': 'The breaker is closed: text messages and voice calls are sent.',
    'admin.smsBudget.sent': 'This hour: {sent} of {budget} text messages and voice calls.',
    'admin.smsBudget.close': 'Close the breaker',
    'admin.smsBudget.wasClosed': 'The breaker is closed. Text messages and voice calls are sent again.',
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
    'admin.tab.smsBudget': 'Sms-budget',
    'admin.smsBudget.intro':
      'Worden er in één uur meer sms-berichten en spraakoproepen verstuurd dan het budget toestaat, dan slaat de zekering door: er gaan geen sms-berichten of spraakoproepen meer uit (e-mail wel) totdat u haar herstelt of er een uur voorbij is. Dit beschermt tegen sms-pumping.',
    'admin.smsBudget.open':
      'De zekering is doorgeslagen sinds {openedAt} (UTC): sms-berichten en spraakoproepen zijn gestopt tot {closesAt}.',
    'admin.smsBudget.closed': 'De zekering is ingeschakeld: sms-berichten en spraakoproepen worden verstuurd.',
    'admin.smsBudget.sent': 'Dit uur: {sent} van {budget} sms-berichten en spraakoproepen.',
    'admin.smsBudget.close': 'Zekering herstellen',
    'admin.smsBudget.wasClosed': 'De zekering is hersteld. Sms-berichten en spraakoproepen worden weer verstuurd.',
  },
} as const;
