/** Password expiry (issue #16): reminders, the expired-password interrupt and the console tab, in every locale. */
export const expiryTexts = {
  en: {
    'expiry.remind.subject': 'Your {tenant} password expires in {days} day(s)',
    'expiry.remind.body':
      'Hello {name},\n\nThe password of your {tenant} account {upn} expires on {date} (UTC), in {days} day(s). Change it before then so that you can keep signing in:\n\n{link}\n\nIf you did not expect this message, you can ignore it; nobody can use this link to change your password without it.',
    'expiry.remind.sms': '{tenant}: the password of {upn} expires in {days} day(s). Change it at {link}',
    'expiry.expired.notice': 'Your password has expired. You need to change your password before you can continue.',
    'admin.tab.passwordExpiry': 'Password expiration',
    'admin.expiry.intro':
      'Choose per domain whether passwords expire. Users are reminded by email before their password expires, and sent to the change form at sign-in once it has.',
    'admin.expiry.domain': 'Domain',
    'admin.expiry.never': 'Passwords never expire',
    'admin.expiry.days': 'Days before passwords expire (14–730)',
    'admin.expiry.notifyDays': 'Days before a user is notified (1–30)',
    'admin.expiry.reminderDays': 'Send reminders this many days before expiry (comma-separated, 1–30)',
    'admin.expiry.sms': 'Also remind by text message (SMS)',
    'admin.expiry.dailyCap': 'Reminder messages per day at most',
    'admin.expiry.counts': '{expiring} expiring within the notification window, {expired} expired',
    'admin.expiry.nistWarning':
      'This tenant uses the NIST password profile. NIST SP 800-63B recommends against periodic password expiry; the setting is saved anyway.',
    'admin.error.EXPIRY_DAYS_OUT_OF_RANGE': 'The number of days before passwords expire must be 14 to 730.',
    'admin.error.EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE': 'The number of days before a user is notified must be 1 to 30.',
    'admin.error.EXPIRY_REMINDER_DAYS_INVALID': 'Give one to five reminder days, each 1 to 30.',
    'admin.error.EXPIRY_DAILY_CAP_INVALID': 'The daily reminder cap must be a whole number from 1 to 1,000,000.',
    'admin.error.EXPIRY_UNKNOWN_DOMAIN': 'This domain is not one of your organization’s domains.',
  },
  nl: {
    'expiry.remind.subject': 'Uw {tenant}-wachtwoord verloopt over {days} dag(en)',
    'expiry.remind.body':
      'Hallo {name},\n\nHet wachtwoord van uw {tenant}-account {upn} verloopt op {date} (UTC), over {days} dag(en). Wijzig het vóór die tijd, zodat u kunt blijven aanmelden:\n\n{link}\n\nVerwachtte u dit bericht niet, dan kunt u het negeren; met deze link kan niemand zonder uw huidige wachtwoord uw wachtwoord wijzigen.',
    'expiry.remind.sms': '{tenant}: het wachtwoord van {upn} verloopt over {days} dag(en). Wijzig het op {link}',
    'expiry.expired.notice': 'Uw wachtwoord is verlopen. U moet uw wachtwoord wijzigen voordat u verder kunt gaan.',
    'admin.tab.passwordExpiry': 'Verlopen van wachtwoorden',
    'admin.expiry.intro':
      'Kies per domein of wachtwoorden verlopen. Gebruikers krijgen een herinnering per e-mail voordat hun wachtwoord verloopt en worden bij het aanmelden naar het wijzigingsformulier gestuurd zodra het verlopen is.',
    'admin.expiry.domain': 'Domein',
    'admin.expiry.never': 'Wachtwoorden verlopen nooit',
    'admin.expiry.days': 'Aantal dagen voordat wachtwoorden verlopen (14–730)',
    'admin.expiry.notifyDays': 'Aantal dagen vooraf dat een gebruiker wordt gewaarschuwd (1–30)',
    'admin.expiry.reminderDays': 'Herinneringen zoveel dagen vóór het verlopen (gescheiden door komma’s, 1–30)',
    'admin.expiry.sms': 'Ook herinneren per sms',
    'admin.expiry.dailyCap': 'Maximaal aantal herinneringen per dag',
    'admin.expiry.counts': '{expiring} verlopen binnen de waarschuwingsperiode, {expired} verlopen',
    'admin.expiry.nistWarning':
      'Deze tenant gebruikt het NIST-wachtwoordprofiel. NIST SP 800-63B raadt periodiek verlopen van wachtwoorden af; de instelling is toch opgeslagen.',
    'admin.error.EXPIRY_DAYS_OUT_OF_RANGE': 'Het aantal dagen voordat wachtwoorden verlopen moet 14 tot 730 zijn.',
    'admin.error.EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE':
      'Het aantal dagen vooraf dat een gebruiker wordt gewaarschuwd moet 1 tot 30 zijn.',
    'admin.error.EXPIRY_REMINDER_DAYS_INVALID': 'Geef één tot vijf herinneringsdagen op, elk 1 tot 30.',
    'admin.error.EXPIRY_DAILY_CAP_INVALID':
      'Het maximum aantal herinneringen per dag moet een geheel getal van 1 tot 1.000.000 zijn.',
    'admin.error.EXPIRY_UNKNOWN_DOMAIN': 'Dit domein is niet een van de domeinen van uw organisatie.',
  },
} as const;
