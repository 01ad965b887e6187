/**
 * The SMS budget tab's settings form (checklist §11 row 9): the hourly SMS/voice budget, the hourly and daily send
 * caps and SMS notices, the settings of PATCH /api/v1/admin/security-info-settings. Each hint says what the number
 * limits, its default and the value saved now, so an administrator who typed over it still sees what holds.
 */
export const smsSettingsTexts = {
  en: {
    'admin.smsSettings.title': 'Budget and send limits',
    'admin.smsSettings.intro':
      'These limits stop SMS pumping (fraudsters having codes sent to numbers that pay them) and floods of codes. A code over a limit is not sent.',
    'admin.smsSettings.hourlyPhoneBudget': 'Text messages and voice calls per hour',
    'admin.smsSettings.hourlyPhoneBudget.hint':
      'All text messages and voice calls of your organization in one clock hour. One more opens the breaker above.',
    'admin.smsSettings.hourlyCapPerPrefix': 'New numbers per number block per hour',
    'admin.smsSettings.hourlyCapPerPrefix.hint':
      'Different phone numbers with the same country code and next four digits that get a text or call in one clock hour. Stops a run through a range of numbers.',
    'admin.smsSettings.hourlyCapPerIp': 'Texts and calls per client address per hour',
    'admin.smsSettings.hourlyCapPerIp.hint':
      'Text messages and voice calls asked for from one IP address in one clock hour, across all accounts.',
    'admin.smsSettings.dailyCapPerNumber': 'Codes per phone number or email address per day',
    'admin.smsSettings.dailyCapPerNumber.hint':
      'Codes, and notices by text message, sent to one phone number or email address in one day (UTC).',
    'admin.smsSettings.dailyCapPerTenant': 'Codes for your organization per day',
    'admin.smsSettings.dailyCapPerTenant.hint':
      'Codes, and notices by text message, that your whole organization sends in one day (UTC), by email, text message and voice call.',
    'admin.smsSettings.values': 'Default: {default}. Saved now: {current}.',
    'admin.smsSettings.smsNotices': 'Also send notices by text message',
    'admin.smsSettings.smsNotices.hint':
      'After a password reset or change, an unlock or new security info, every verified mobile number also gets a short text besides the email. Default: on. Saved now: {current}.',
    'admin.smsSettings.on': 'on',
    'admin.smsSettings.off': 'off',
    'admin.smsSettings.invalid': '{label}: enter a whole number from {min} to {max}. Code: {code}',
  },
  nl: {
    'admin.smsSettings.title': 'Budget en verzendlimieten',
    'admin.smsSettings.intro':
      'Deze limieten stoppen sms-pumping (fraudeurs die codes laten sturen naar nummers waar zij aan verdienen) en stromen van codes. Een code boven een limiet wordt niet verstuurd.',
    'admin.smsSettings.hourlyPhoneBudget': 'Sms-berichten en spraakoproepen per uur',
    'admin.smsSettings.hourlyPhoneBudget.hint':
      'Alle sms-berichten en spraakoproepen van uw organisatie in één klokuur. Eén meer laat de zekering hierboven doorslaan.',
    'admin.smsSettings.hourlyCapPerPrefix': 'Nieuwe nummers per nummerblok per uur',
    'admin.smsSettings.hourlyCapPerPrefix.hint':
      'Verschillende telefoonnummers met dezelfde landcode en dezelfde vier cijfers daarna die in één klokuur een sms of oproep krijgen. Stopt het aflopen van een reeks nummers.',
    'admin.smsSettings.hourlyCapPerIp': 'Sms-berichten en oproepen per clientadres per uur',
    'admin.smsSettings.hourlyCapPerIp.hint':
      'Sms-berichten en spraakoproepen aangevraagd vanaf één IP-adres in één klokuur, over alle accounts.',
    'admin.smsSettings.dailyCapPerNumber': 'Codes per telefoonnummer of e-mailadres per dag',
    'admin.smsSettings.dailyCapPerNumber.hint':
      'Codes, en meldingen per sms, verstuurd naar één telefoonnummer of e-mailadres op één dag (UTC).',
    'admin.smsSettings.dailyCapPerTenant': 'Codes voor uw organisatie per dag',
    'admin.smsSettings.dailyCapPerTenant.hint':
      'Codes, en meldingen per sms, die uw hele organisatie op één dag (UTC) verstuurt, per e-mail, sms en spraakoproep.',
    'admin.smsSettings.values': 'Standaard: {default}. Nu opgeslagen: {current}.',
    'admin.smsSettings.smsNotices': 'Meldingen ook per sms versturen',
    'admin.smsSettings.smsNotices.hint':
      'Na het opnieuw instellen of wijzigen van een wachtwoord, een ontgrendeling of nieuwe beveiligingsgegevens krijgt elk geverifieerd mobiel nummer naast de e-mail ook een korte sms. Standaard: aan. Nu opgeslagen: {current}.',
    'admin.smsSettings.on': 'aan',
    'admin.smsSettings.off': 'uit',
    'admin.smsSettings.invalid': '{label}: vul een geheel getal in van {min} tot en met {max}. Code: {code}',
  },
} as const;
